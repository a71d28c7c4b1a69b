//! The `convoca` command line: `serve` (the default), `migrate`, `organisation create`,
//! `token create|list|revoke`, `demo`, `completions`. Logs go to stderr, so what a command prints on stdout (an id, a
//! token) can be captured by a script.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::{
    api::organisations::OrganisationInput,
    app::Application,
    config::Config,
    demo,
    domain::access::Actor,
    store::{self, Db},
};

#[derive(Debug, Parser)]
#[command(
    name = "convoca",
    version,
    about = "Learning festivals, conferences and forums for learning cities"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// What `serve --help` says of the environment (the README's table says more).
const ENVIRONMENT: &str = "\
Environment (default):
  DATABASE_URL                   sqlite://convoca.db?mode=rwc, or postgres://…
  CONVOCA_BIND                   127.0.0.1:8080
  CONVOCA_PUBLIC_URL             http:// + CONVOCA_BIND (the base of every link sent)
  SMTP_URL                       unset: emails are written to CONVOCA_OUTBOX_DIR
  CONVOCA_OUTBOX_DIR             ./outbox
  CONVOCA_MAIL_FROM              Convoca <no-reply@localhost>
  CONVOCA_TICK_SECONDS           60
  CONVOCA_RETENTION_DAYS         365
  CONVOCA_SECRET_KEY             unset: kept in CONVOCA_SECRET_KEY_FILE (PostgreSQL: in the database)
  CONVOCA_SECRET_KEY_FILE        convoca.key beside the SQLite file (PostgreSQL: none)
  CONVOCA_RATE_LIMIT_PER_MINUTE  30 (0: no limit)
  CONVOCA_TRUSTED_PROXIES        unset
  CONVOCA_CORS_ORIGINS           unset
  CONVOCA_METRICS_ALLOW          127.0.0.0/8, ::1
  CONVOCA_IDLE_TIMEOUT_SECONDS   30
  CONVOCA_DKIM_KEY               unset: mail is not DKIM-signed
  CONVOCA_DKIM_SELECTOR          convoca
  RUST_LOG                       info";

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply migrations, then serve HTTP and run the scheduler (the default).
    #[command(after_help = ENVIRONMENT)]
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage organisations.
    #[command(subcommand)]
    Organisation(OrganisationCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Load a demo learning festival and conference, and print an organiser token.
    Demo,
    /// Print a shell completion script: `convoca completions bash > /etc/bash_completion.d/convoca`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
enum OrganisationCommand {
    /// Create an organisation and print its id.
    Create {
        /// URL name, e.g. quito-aprende.
        slug: String,
        /// The name people see, e.g. "Quito Ciudad del Aprendizaje".
        #[arg(long)]
        name: String,
        /// Contact address, needed before it can publish: replies and calendar answers go here.
        #[arg(long)]
        email: Option<String>,
        /// Its website.
        #[arg(long)]
        website: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token and print it. It is shown once: only its hash is stored.
    Create(TokenArgs),
    /// List tokens: id, label, organisation, created, last used (never the secret).
    List,
    /// Revoke a token by its id (from `token list`): requests with it get 401 from then on.
    Revoke {
        /// The token's id, as `token list` prints it.
        id: uuid::Uuid,
    },
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false, id = "role")]
struct TokenRole {
    /// A token that manages organisations and everything else.
    #[arg(long)]
    admin: bool,
    /// A token of this organisation (its slug).
    #[arg(long, value_name = "SLUG")]
    organisation: Option<String>,
}

#[derive(Debug, Args)]
struct TokenArgs {
    #[command(flatten)]
    role: TokenRole,
    /// A label to recognise the token by.
    #[arg(long)]
    name: String,
}

/// Parses the command line and the environment, runs the command, and turns any failure into
/// one line on stderr.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    // Needs neither configuration nor database.
    if let Some(Command::Completions { shell }) = cli.command {
        let mut command = <Cli as clap::CommandFactory>::command();
        clap_complete::generate(shell, &mut command, "convoca", &mut std::io::stdout());
        return ExitCode::SUCCESS;
    }
    init_tracing();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("convoca: {err}");
            return ExitCode::from(2);
        }
    };
    match dispatch(cli.command.unwrap_or(Command::Serve), config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("convoca: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    // Colours only for a person at a terminal, not in a log file or the journal.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .init();
}

async fn dispatch(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            connect(&config).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Organisation(OrganisationCommand::Create {
            slug,
            name,
            email,
            website,
        }) => {
            let db = connect(&config).await?;
            let input = OrganisationInput {
                slug,
                name,
                email,
                website,
            };
            let created = store::organisations::create(db.conn(), input.into_new()?).await?;
            println!("{}", created.id);
            Ok(())
        }
        Command::Token(TokenCommand::Create(args)) => {
            let db = connect(&config).await?;
            let actor = match args.role.organisation {
                Some(slug) => Actor::Organiser {
                    organisation_id: store::organisations::by_slug(db.conn(), &slug).await?.id,
                },
                None => Actor::Admin,
            };
            println!(
                "{}",
                store::tokens::create(db.conn(), actor, &args.name).await?
            );
            Ok(())
        }
        Command::Token(TokenCommand::List) => {
            let db = connect(&config).await?;
            let tokens = store::tokens::list(db.conn()).await?;
            println!("id\tlabel\torganisation\tcreated\tlast used");
            let when =
                |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d %H:%M UTC").to_string();
            for t in tokens {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.name,
                    t.organisation.as_deref().unwrap_or("(admin)"),
                    when(t.created_at),
                    t.last_used_at.map_or_else(|| "never".to_owned(), when)
                );
            }
            Ok(())
        }
        Command::Token(TokenCommand::Revoke { id }) => {
            let db = connect(&config).await?;
            store::tokens::revoke(db.conn(), id).await?;
            println!("revoked {id}");
            Ok(())
        }
        Command::Demo => {
            let db = connect(&config).await?;
            demo::load(&db, &config).await
        }
        Command::Completions { .. } => Ok(()),
    }
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot connect to the database: {e}"))?;
    db.migrate().await?;
    Ok(db)
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(config).await?;
    tracing::info!(port = app.port(), public_url = %app.state().config.public_url, "convoca is listening");
    app.run_until_stopped(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Completes on ctrl-c or SIGTERM (what systemd and container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
