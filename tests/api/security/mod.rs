//! The security review (issue 18): each finding is a test that failed before its fix.

mod amplification;
mod connections;
mod introspection;
mod persisted;
mod read_only;
mod skip_include;
mod surface;
