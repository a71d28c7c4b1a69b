//! The `convoca` command line: `serve` (the default), `migrate`, `organisation create`,
//! `token create|list|revoke`, `member add|list|remove`, `demo`, `completions`. Logs go to
//! stderr, so what a command prints on stdout (an id, a token) can be captured by a script.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::{
    api::organisations::OrganisationInput,
    app::Application,
    config::Config,
    demo,
    domain::{access::Actor, email::Email, kinds::MemberRole},
    operations,
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
    /// Manage the people who sign in to an organisation's console.
    #[command(subcommand)]
    Member(MemberCommand),
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

#[derive(Debug, Subcommand)]
enum MemberCommand {
    /// Add a person who signs in to the console by an emailed link, and print their id.
    Add {
        /// The organisation's slug.
        #[arg(long, value_name = "SLUG")]
        organisation: String,
        /// Their email address: sign-in links are sent there.
        #[arg(long)]
        email: String,
        /// owner (everything, members included), editor (festivals, venues, activities,
        /// registrations) or door (check-in at the festivals given with --festival).
        #[arg(long, value_parser = parse_member_role)]
        role: MemberRole,
        /// For a door member: a festival (slug) they check people in for; repeatable.
        #[arg(long = "festival", value_name = "SLUG")]
        festivals: Vec<String>,
        /// The language of their emails: es, en or pt.
        #[arg(long, default_value = "es")]
        language: String,
    },
    /// List an organisation's members: id, email, role.
    List {
        #[arg(long, value_name = "SLUG")]
        organisation: String,
    },
    /// Remove a member: their sessions end at once.
    Remove {
        #[arg(long, value_name = "SLUG")]
        organisation: String,
        /// The member's id, as `member list` prints it.
        id: uuid::Uuid,
    },
}

fn parse_member_role(text: &str) -> Result<MemberRole, String> {
    MemberRole::parse(text).ok_or_else(|| "owner, editor or door".to_owned())
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
        Command::Member(MemberCommand::Add {
            organisation,
            email,
            role,
            festivals,
            language,
        }) => {
            let db = connect(&config).await?;
            let email = Email::parse(&email)
                .ok_or_else(|| anyhow::anyhow!("--email: not an address mail can be sent to"))?;
            if !["es", "en", "pt"].contains(&language.as_str()) {
                anyhow::bail!("--language: es, en or pt");
            }
            if role != MemberRole::Door && !festivals.is_empty() {
                anyhow::bail!("--festival: only door members are given festivals");
            }
            let added =
                operations::members::add(&db, &organisation, &email, role, &language, &festivals)
                    .await?;
            println!("{}", added.id);
            Ok(())
        }
        Command::Member(MemberCommand::List { organisation }) => {
            let db = connect(&config).await?;
            let id = store::organisations::by_slug(db.conn(), &organisation)
                .await?
                .id;
            println!("id\temail\trole");
            for m in store::members::of_organisation(db.conn(), id).await? {
                println!("{}\t{}\t{}", m.id, m.email, m.role);
            }
            Ok(())
        }
        Command::Member(MemberCommand::Remove { organisation, id }) => {
            let db = connect(&config).await?;
            operations::members::remove(&db, &organisation, id).await?;
            println!("removed {id}");
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
