//! `rootward user add` and `rootward user token`: accounts of the web
//! application (the first program manager is created here).

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use registry::workflow::Role;
use registry::{Registry, SystemClock};

use crate::registry_cmd::DEFAULT_DB;

/// `rootward user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password comes from ROOTWARD_PASSWORD or a prompt.
    Add(AddArgs),
    /// Create an API token for an account (printed once; stored hashed).
    Token(TokenArgs),
}

/// Roles, as the command line names them.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    /// The root program's manager: everything.
    ProgramManager,
    /// A member of a CA owner (needs --owner).
    OwnerMember,
    /// An auditor.
    Auditor,
    /// A member of the public (may comment during public discussions).
    Public,
}

/// `rootward user add`
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Account name.
    name: String,
    /// Role.
    #[arg(long, value_enum)]
    role: RoleArg,
    /// The CA owner of an owner member (its legal name as in the registry).
    #[arg(long)]
    owner: Option<String>,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

/// `rootward user token`
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Account name.
    name: String,
    /// What the token is for (shown in listings).
    #[arg(long, default_value = "api")]
    label: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

/// Runs `rootward user ...`.
pub fn run(cmd: UserCommand) -> Result<u8> {
    registry::block_on(async move {
        match cmd {
            UserCommand::Add(a) => {
                let role = match a.role {
                    RoleArg::ProgramManager => Role::ProgramManager,
                    RoleArg::OwnerMember => Role::OwnerMember,
                    RoleArg::Auditor => Role::Auditor,
                    RoleArg::Public => Role::Public,
                };
                let password =
                    crate::ca_cmd::secret("ROOTWARD_PASSWORD", "password for the new account")?;
                let Ok(password) = String::from_utf8(password) else {
                    bail!("the password is not UTF-8");
                };
                let reg = open(&a.db).await?;
                let actor = reg
                    .add_user(&a.name, &password, role, a.owner.as_deref(), &SystemClock)
                    .await?;
                println!(
                    "created account {} ({}{})",
                    actor.name,
                    registry::accounts::role_name(actor.role),
                    actor.owner.map(|o| format!(" of {o}")).unwrap_or_default()
                );
                reg.close().await;
            }
            UserCommand::Token(t) => {
                let reg = open(&t.db).await?;
                let token = reg
                    .create_api_token(&t.name, &t.label, &SystemClock)
                    .await?;
                println!("{token}");
                reg.close().await;
            }
        }
        Ok(0)
    })?
}

async fn open(db: &str) -> Result<Registry> {
    Registry::open(db)
        .await
        .with_context(|| format!("cannot open the registry database {db}"))
}
