//! The security reviews (issues 18 and 31): each finding is a test that failed before its fix.

mod amplification;
mod answers;
mod connections;
mod http2;
mod introspection;
mod persisted;
mod read_only;
mod skip_include;
mod surface;
