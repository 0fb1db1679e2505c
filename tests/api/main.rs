//! Integration tests of the whole service: HTTP + GraphQL over a real SQLite database loaded
//! with the real dataset (and, where `TEST_DATABASE_URL` names a server, PostgreSQL: see
//! `postgres`). One binary, one module per area.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod answers;
mod archive;
mod backends;
mod caching;
mod consistency;
mod contract;
mod dataset;
mod errors;
mod faults;
mod feeds;
mod frontend;
mod hardening;
mod hostile;
mod http;
mod layout;
mod outage;
mod overload;
mod pagination;
mod persisted;
mod postgres;
mod property;
mod proxy;
mod publication;
mod queries;
mod readable;
mod replicas;
mod research;
mod response_cache;
mod revisions;
mod security;
mod statements;
mod support;
mod template;
