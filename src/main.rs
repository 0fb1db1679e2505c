//! `cities-api`: parses the command line and hands over to the `api` crate.

use std::process::ExitCode;

use clap::Parser;
use mimalloc::MiMalloc;

/// mimalloc instead of the system allocator: answers are built from many small allocations
/// (values, maps, strings), and glibc's malloc took a quarter of the uncached path's time in
/// the benchmark's profile (`docs/benchmarks.md`).
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    api::cli::main(api::config::Cli::parse()).await
}
