//! The `crosstalk` command line: roles (serve, migrate, demo) and admin tasks.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use crosstalk_core::teams;

use crate::config::{Config, Overrides};
use crate::startup::{prepare, Application};
use crate::worker::Worker;

/// The demo course, built into the binary so `crosstalk demo` works from any directory.
pub const DEMO_COURSE: &str = include_str!("../../fixtures/demo/course.json");

#[derive(Parser)]
#[command(name = "crosstalk", version, about = "Asynchronous video exchanges for MOOCs")]
pub struct Cli {
    /// Configuration file (default: ./crosstalk.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Data directory (env CROSSTALK_DATA_DIR, default ./data).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP API.
    Serve {
        /// Address to listen on (env CROSSTALK_LISTEN, default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
        /// Seed the demo team and course first and print its keys and tokens.
        #[arg(long)]
        demo: bool,
        /// Do not run background jobs in this process (run `crosstalk worker` elsewhere).
        #[arg(long)]
        no_worker: bool,
    },
    /// Run background jobs (transcoding, clean-up) until SIGTERM or Ctrl-C.
    Worker,
    /// Apply database migrations and exit.
    Migrate,
    /// Normalize one video file as the worker would: writes video.mp4, poster.jpg, poster.webp
    /// and thumb.jpg into DIR. Exit 0 ready, 2 rejected input, 1 internal failure.
    Transcode {
        input: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Print one JSON object with status, reason and metadata.
        #[arg(long)]
        json: bool,
    },
    /// Seed the demo team and course and print an API key and member tokens.
    Demo,
    /// Print the OpenAPI document.
    Openapi,
    /// Course teams and API keys.
    #[command(subcommand)]
    Admin(Admin),
}

#[derive(Subcommand)]
enum Admin {
    /// Create a team; prints its new API key as the last line, once.
    CreateTeam { name: String },
    /// List teams.
    ListTeams,
    /// Create another API key for a team (by id or name); prints the key as the last line, once.
    CreateKey {
        team: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// List a team's keys (prefix, label, state).
    ListKeys { team: String },
    /// Revoke a key by id or prefix; it stops working at once.
    RevokeKey { key: String },
}

pub async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Transcode { input, out, json } = &cli.command {
        // Needs no configuration, database or store.
        let (input, out, json) = (input.clone(), out.clone(), *json);
        let code = tokio::task::spawn_blocking(move || crosstalk_transcoder::cli_main(&input, &out, json)).await?;
        std::process::exit(code);
    }
    let listen = match &cli.command {
        Command::Serve { listen, .. } => listen.clone(),
        _ => None,
    };
    let config = Config::load(cli.config.as_deref(), &Overrides { data_dir: cli.data_dir.clone(), listen })?;
    crate::telemetry::init(&config.log_format);
    match cli.command {
        Command::Serve { demo, no_worker, .. } => {
            let state = prepare(&config).await?;
            if demo {
                print_demo(&state, &config).await?;
            }
            let app = Application::with_state(&config, state)?;
            tracing::info!(listen = %config.listen, port = app.port(), data_dir = %config.data_dir.display(), "crosstalk serving");
            let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
            let worker = (!no_worker).then(|| tokio::spawn(Worker::new(app.state.clone()).run(stop_rx, GRACE)));
            // actix stops the server on SIGTERM/SIGINT; then the worker finishes or gives back its jobs.
            let served = app.run_until_stopped().await;
            let _ = stop_tx.send(true);
            if let Some(w) = worker {
                let _ = w.await;
            }
            served.context("server stopped with an error")?;
        }
        Command::Worker => {
            let state = prepare(&config).await?;
            let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                wait_for_signal().await;
                tracing::info!("stop signal received");
                let _ = stop_tx.send(true);
            });
            Worker::new(state).run(stop_rx, GRACE).await;
        }
        Command::Transcode { .. } => {}
        Command::Migrate => {
            prepare(&config).await?;
            println!("migrations applied to {}", crosstalk_core::db::redact(&config.database_url()));
        }
        Command::Demo => {
            let state = prepare(&config).await?;
            print_demo(&state, &config).await?;
        }
        Command::Openapi => print!("{}", crate::openapi::yaml()),
        Command::Admin(a) => admin(a, &config).await?,
    }
    Ok(())
}

/// How long a stopping worker waits for running jobs before giving them back.
const GRACE: std::time::Duration = std::time::Duration::from_secs(20);

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn admin(a: Admin, config: &Config) -> anyhow::Result<()> {
    let state = prepare(config).await?;
    let db = &state.db;
    match a {
        Admin::CreateTeam { name } => {
            let t = teams::create_team(db, &name).await?;
            println!("team {} ({})", t.team.name, t.team.id);
            println!("key {} ({}), shown once:", t.key.id, t.key.prefix);
            println!("{}", t.secret);
        }
        Admin::ListTeams => {
            use sea_orm::EntityTrait as _;
            for t in crosstalk_core::entities::team::Entity::find().all(db).await? {
                println!("{}\t{}", t.id, t.name);
            }
        }
        Admin::CreateKey { team, label } => {
            let t = teams::find_team(db, &team).await?;
            let (k, secret) = teams::create_key(db, &t.id, &label).await?;
            println!("key {} ({}) for team {}, shown once:", k.id, k.prefix, t.name);
            println!("{secret}");
        }
        Admin::ListKeys { team } => {
            let t = teams::find_team(db, &team).await?;
            for k in teams::list_keys(db, &t.id).await? {
                let state = k.revoked_at.map_or_else(|| "active".to_owned(), |r| format!("revoked {r}"));
                println!("{}\t{}\t{}\t{}\t{}", k.id, k.prefix, k.label, k.created_at, state);
            }
        }
        Admin::RevokeKey { key } => {
            let k = teams::revoke_key(db, &key).await?;
            println!("revoked {} ({})", k.id, k.prefix);
        }
    }
    Ok(())
}

async fn print_demo(state: &crate::state::AppState, config: &Config) -> anyhow::Result<()> {
    let seed = crosstalk_core::demo::seed(&state.db, &state.key, DEMO_COURSE).await?;
    let base = config.public_url.clone().unwrap_or_else(|| format!("http://{}", config.listen));
    println!("Demo course seeded: {} (team {})", seed.course_id, seed.team_id);
    println!("Prompts: {}", seed.prompt_ids.join(" "));
    println!("Member tokens (valid 24 h):");
    for (ext, role, token) in &seed.tokens {
        println!("  {ext} ({role}): {token}");
    }
    println!("Sign-in links for the learner pages (single use, valid 7 days; open one in a browser):");
    for l in crosstalk_core::demo::sign_in_links(&state.db, &base, &seed.course_id).await? {
        let cohort = l.cohort.as_deref().unwrap_or("-");
        println!("  {} ({}, {}, {cohort}): {}", l.display_name, l.external_id, l.role, l.url);
    }
    println!("Mail: {} (the worker of `serve` sends it)", state.mailer.describe());
    println!("Try: curl -H \"Authorization: Bearer $KEY\" {base}/v1/courses");
    println!("Team API key (shown once):");
    println!("{}", seed.api_key);
    Ok(())
}
