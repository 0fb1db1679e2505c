//! `cities-api`: parses the command line and hands over to the `api` crate.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    api::cli::main(api::config::Cli::parse()).await
}
