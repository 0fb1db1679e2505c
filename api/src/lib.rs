//! The EU-Japan 100 Cities programme service.

pub mod dataset;
