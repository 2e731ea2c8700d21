//! `rootward serve`: the web application and REST API.

use std::net::SocketAddr;

use anyhow::Result;
use clap::Args;

/// Arguments of `rootward serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The registry: a SQLite file path (created if absent) or a postgres:// URL.
    #[arg(long, default_value = crate::registry_cmd::DEFAULT_DB, conflicts_with = "no_registry")]
    db: String,
    /// Serve linting only, without a registry (no accounts, requests or certificate pages).
    #[arg(long)]
    no_registry: bool,
    /// Mark the session cookie Secure (when clients reach the server over
    /// HTTPS, e.g. through a TLS-terminating proxy).
    #[arg(long)]
    secure_cookies: bool,
}

/// Runs `rootward serve` until the process is stopped.
pub fn run(args: ServeArgs) -> Result<u8> {
    let db = (!args.no_registry).then_some(args.db.as_str());
    web::run(args.listen, db, args.secure_cookies, |addr| {
        // Printed on stderr so that scripts (and tests using port 0) learn the address.
        eprintln!("rootward: serving on http://{addr}/");
    })?;
    Ok(0)
}
