//! The command line: `sixparty [play|level|simulate|debrief|compare]`, parsed with clap.
//!
//! Flags apart from running, as ripgrep does:
//! - [`args`]: the clap structs (what can be typed), nothing else;
//! - [`play`]: `play` and the title screen; [`level`]: `level list|check|new|schema|install`;
//!   [`simulate`]: `simulate`; [`reports`]: `debrief` and `compare`;
//! - this module: routing, the loaders every command shares, and the one exit-code rule
//!   ([`Exit`]).
//!
//! Everything that can fail on user input (a level, a save, an argument) is loaded before
//! any terminal mode changes, so errors print on a normal screen.

pub mod args;
mod level;
mod play;
mod reports;
mod simulate;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser as _;

pub use args::{Cli, Command, Format, LevelCommand};
pub use play::describe_loaded;

use crate::level::LevelError;
use crate::save;

pub const DEFAULT_LEVEL: &str = "revive-the-talks";

/// How a command ended: the one exit-code rule every command follows.
///
/// - 0 [`Exit::Ok`]: it did what was asked;
/// - 1 [`Exit::BadInput`]: the input was refused (a level that fails its check, a save that
///   does not load, an argument out of range);
/// - 2: it could not run (an I/O error, a terminal that cannot be drawn on): any `Err` a
///   command returns;
/// - 128 + n after the game quit on signal n ([`Exit::Signal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok,
    BadInput,
    Signal(i32),
}

/// The exit status of a command that could not run.
const COULD_NOT_RUN: u8 = 2;

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        match exit {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::BadInput => ExitCode::from(1),
            Exit::Signal(n) => ExitCode::from(u8::try_from(128 + n.clamp(0, 127)).unwrap_or(255)),
        }
    }
}

/// Parse arguments, run, and turn the outcome into an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(exit) => exit.into(),
        // A closed pipe (`sixparty simulate | head`) is the reader's choice, not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sixparty: {e:#}");
            ExitCode::from(COULD_NOT_RUN)
        }
    }
}

/// Run one parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        None => play::title_screen(),
        Some(Command::Play(args)) => play::run(args),
        Some(Command::Level(command)) => level::run(command),
        Some(Command::Simulate(args)) => simulate::run(args),
        Some(Command::Debrief(args)) => reports::debrief(args),
        Some(Command::Compare(args)) => reports::compare(args),
    }
}

/// Load a save for `play --load`, `debrief` and `compare`: a path to a save file (anything
/// that exists as a file, or ends in `.json` or `.bak`), else a save name in the saves
/// folder.
pub fn load_save(spec: &str, anyway: bool) -> Result<save::Loaded, save::SaveError> {
    let options = save::LoadOptions { anyway };
    let path = std::path::Path::new(spec);
    if path.is_file() || spec.ends_with(".json") || spec.ends_with(".bak") {
        return save::load_path(path, options);
    }
    save::SaveStore::open_default()?.load(spec, options)
}

/// Load a level by id or path, with the full report on failure.
pub fn load_level(spec: &str) -> Result<crate::level::Level> {
    crate::level::resolve(spec).map_err(|e| match e {
        LevelError::Invalid(report) => anyhow::anyhow!(
            "the level has {} problem(s):\n{}",
            report.errors(),
            report.render().trim_end()
        ),
        other => anyhow::Error::new(other),
    })
}
