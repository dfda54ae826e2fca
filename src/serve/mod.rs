//! `sixparty serve`: the class plays over SSH, and the teacher's terminal shows every game.
//!
//! A student types `ssh -p 2222 ana@teacher-host` and plays the class's game; nothing is
//! installed on their machine and nothing but their own game is reachable from it.
//!
//! - [`ssh`]: the SSH side (russh, ring backend): the accept loop with its limits (players,
//!   connections per address, handshake time), authentication (`none`, or the class
//!   password), and the one thing a connection may do — ask for a pty and a shell. Exec,
//!   subsystems, port and agent/X11 forwarding are refused.
//! - [`session`]: one student's game on its own thread: bytes in, one write per frame out,
//!   a panic ends that session only ([`std::panic::catch_unwind`]).
//! - [`input`]: the channel's bytes as key and mouse events (`terminput`, crossterm's parser
//!   extracted), holding a lone Esc briefly so an escape sequence split across packets is
//!   not read as Esc.
//! - [`screen`]: the adapter between a session and the game — the UI's model, update and
//!   view on a ratatui terminal that writes into a frame buffer instead of the process's
//!   terminal — and the escape sequences that enter and leave the student's screen.
//! - [`room`]: what the sessions share: the class (level, seed, folder), the names in use,
//!   the limits, the pause and the teacher's message, and each student's status.
//! - [`dashboard`]: the teacher's live table (or, with `--no-dashboard`, a log).
//! - [`hostkey`]: the server's key, generated once in the data folder with mode 0600.
//!
//! Tokio runs only inside this command: `run` builds the runtime and nothing else in the
//! program knows about it. Saves go to `DATA/classes/CODE/NAME/` (see
//! [`crate::class::saves::PlayerSaves`]).

pub mod dashboard;
pub mod hostkey;
pub mod input;
pub mod room;
pub mod screen;
pub mod session;
pub mod ssh;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::Args;

/// `sixparty serve` arguments.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The TCP port students connect to.
    #[arg(long, default_value_t = 2222)]
    pub port: u16,
    /// The address to listen on (default: every interface, as a classroom needs).
    #[arg(long, default_value = "0.0.0.0")]
    pub bind: IpAddr,
    /// The class code to play (from `sixparty class new`).
    #[arg(long, value_name = "CODE", conflicts_with = "level")]
    pub code: Option<String>,
    /// Or a level (id or file): a new class code is made for it.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,
    /// A password students type to join (default: none, the user name is enough).
    #[arg(long, value_name = "WORD")]
    pub password: Option<String>,
    /// Most students playing at once.
    #[arg(long, default_value_t = 40)]
    pub max_players: usize,
    /// Most connections from one address at once.
    #[arg(long, default_value_t = 4)]
    pub max_per_address: usize,
    /// Minutes without a key press before a session is closed (its game is saved).
    #[arg(long, default_value_t = 90)]
    pub idle_minutes: u64,
    /// Log joins, ends and errors instead of showing the live table.
    #[arg(long)]
    pub no_dashboard: bool,
}

/// The limits a server enforces (the arguments, and tests' own values).
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_players: usize,
    pub max_per_address: usize,
    /// Connections at once, authenticated or not (players plus a margin for handshakes).
    pub max_connections: usize,
    pub idle: Duration,
    /// Time to finish the SSH handshake and authentication.
    pub login_time: Duration,
    pub max_auth_attempts: usize,
    /// Input bytes a session accepts per second, sustained (bursts up to `input_burst`).
    pub input_rate: u32,
    pub input_burst: u32,
    /// SSH keepalive interval: a vanished laptop is noticed after a few of these.
    pub keepalive: Duration,
}

impl Limits {
    pub fn new(max_players: usize, max_per_address: usize, idle: Duration) -> Self {
        Limits {
            max_players,
            max_per_address,
            max_connections: max_players.saturating_mul(2).max(8),
            idle,
            login_time: Duration::from_secs(60),
            max_auth_attempts: 6,
            input_rate: 2048,
            input_burst: 8192,
            keepalive: Duration::from_secs(30),
        }
    }
}

/// Run `sixparty serve` until Ctrl-C (or `q` on the dashboard).
pub fn run(args: ServeArgs) -> Result<crate::cli::Exit> {
    let (level, seed) = match (&args.code, &args.level) {
        (Some(code), _) => {
            crate::challenge::resolve(code).map_err(|e| crate::cli::BadInput(format!("{e:#}")))?
        }
        (None, spec) => {
            let level =
                crate::cli::load_level(spec.as_deref().unwrap_or(crate::cli::DEFAULT_LEVEL))?;
            let seed = crate::ui::model::clock_seed() % (crate::challenge::MAX_SHORT_SEED + 1);
            (level, seed)
        }
    };
    let data = crate::paths::data_dir().map_err(anyhow::Error::msg)?;
    let key = hostkey::load_or_create(&data.join("host_key"))?;
    let limits = Limits::new(
        args.max_players,
        args.max_per_address,
        Duration::from_secs(args.idle_minutes.max(1) * 60),
    );
    let room = room::Room::new(room::ClassSetup {
        level,
        seed,
        data_dir: data,
        password: args.password.clone(),
        limits,
    });
    quiet_student_panics();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sixparty-ssh")
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    let addr = std::net::SocketAddr::new(args.bind, args.port);
    let server = runtime
        .block_on(ssh::Server::bind(addr, room.clone(), key))
        .with_context(|| format!("listening on {addr}"))?;
    let local = server.local_addr();
    let handle = runtime.spawn(server.run());
    let result = if args.no_dashboard {
        dashboard::log_until_interrupted(&room, local)
    } else {
        dashboard::run(&room, local)
    };
    room.shut_down();
    // Sessions have been told to leave; give their last frames a moment to go out.
    runtime.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(2), room.wait_empty()).await;
    });
    handle.abort();
    runtime.shutdown_timeout(Duration::from_secs(1));
    result.map(|()| crate::cli::Exit::Ok)
}

/// A student's session that panics is logged by the session itself (and ends only that
/// session); the default hook would also print over the teacher's dashboard. Other threads'
/// panics are reported as before.
fn quiet_student_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let student = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(session::THREAD_PREFIX));
        if !student {
            previous(info);
        }
    }));
}

/// A running server for tests and the load test: on `addr` (use port 0), in its own
/// runtime, until dropped.
pub struct TestServer {
    pub room: Arc<room::Room>,
    pub addr: std::net::SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl TestServer {
    pub fn start(setup: room::ClassSetup, addr: std::net::SocketAddr) -> Result<Self> {
        let key = hostkey::generate()?;
        let room = room::Room::new(setup);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let server = runtime.block_on(ssh::Server::bind(addr, room.clone(), key))?;
        let addr = server.local_addr();
        runtime.spawn(server.run());
        Ok(TestServer {
            room,
            addr,
            runtime: Some(runtime),
        })
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.room.shut_down();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(2));
        }
    }
}
