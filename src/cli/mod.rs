//! The command line: `sixparty [play|level|simulate|debrief|compare]`, parsed with clap.
//!
//! Flags apart from running, as ripgrep does:
//! - [`args`]: the clap structs (what can be typed), nothing else;
//! - [`play`]: `play` and the title screen; [`level`]: `level list|check|new|schema|install`;
//!   [`simulate`]: `simulate`; [`reports`]: `debrief` and `compare`; [`teacher`]: `level
//!   info` and `handout`;
//! - this module: routing, the loaders every command shares, and the one exit-code rule
//!   ([`Exit`]).
//!
//! Everything that can fail on user input (a level, a save, an argument) is loaded before
//! any terminal mode changes, so errors print on a normal screen.

pub mod args;
mod level;
mod output;
mod play;
mod reports;
mod simulate;
mod teacher;

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
    // clap exits 2 on a usage error; here a mistyped argument is bad input like any other.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::BadInput.into()
            } else {
                Exit::Ok.into()
            };
        }
    };
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
            eprintln!("sixparty: {}", message(&e));
            if e.downcast_ref::<BadInput>().is_some() {
                Exit::BadInput.into()
            } else {
                ExitCode::from(COULD_NOT_RUN)
            }
        }
    }
}

/// Input the command refuses (exit status 1), as an error a command can return with `?`;
/// any other error means the command could not run (exit status 2).
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// An error and its causes on one line, each cause said once (an I/O error wrapped with its
/// own text would otherwise read "No such file or directory (os error 2): No such file or
/// directory (os error 2)"), cleaned of control characters: file names and texts in it come
/// from files.
pub fn message(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.contains(part.as_str()) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    crate::level::sanitize(&text)
}

/// A path as the command line shows it: cleaned, since a file name can hold escape
/// sequences.
pub fn shown(path: &std::path::Path) -> String {
    crate::level::sanitize(&path.display().to_string()).replace('\n', " ")
}

/// Text from a file or a file name, cleaned for the terminal (control characters and
/// escape sequences dropped; newlines kept).
pub fn clean(text: impl std::fmt::Display) -> String {
    crate::level::sanitize(&text.to_string())
}

/// An I/O error's reason without the error number.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Run one parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        None => play::title_screen(cli.teacher),
        Some(Command::Play(args)) => play::run(args),
        Some(Command::Level(command)) => level::run(command),
        Some(Command::Simulate(args)) => simulate::run(args),
        Some(Command::Debrief(args)) => reports::debrief(args),
        Some(Command::Compare(args)) => reports::compare(args),
        Some(Command::Handout(args)) => teacher::handout(args),
    }
}

/// Load a save for `play --load`, `debrief` and `compare`: a path to a save file (anything
/// that exists as a file, or ends in `.json` or `.bak`), else a save name in the saves
/// folder.
pub fn load_save(spec: &str, anyway: bool) -> Result<save::Loaded, save::SaveError> {
    let options = save::LoadOptions { anyway };
    let loaded = if is_save_path(spec) {
        save::load_path(std::path::Path::new(spec), options)?
    } else {
        save::SaveStore::open_default()?.load(spec, options)?
    };
    // A save found its level somewhere other than where it was written: say which file.
    if let (Some(used), Some(recorded)) = (&loaded.level_file, &loaded.header.level.path)
        && used != std::path::Path::new(recorded)
    {
        eprintln!(
            "sixparty: {}: level '{}' read from {} (the save recorded {})",
            clean(spec),
            clean(&loaded.header.level.id),
            shown(used),
            clean(recorded)
        );
    }
    Ok(loaded)
}

fn is_save_path(spec: &str) -> bool {
    std::path::Path::new(spec).is_file() || spec.ends_with(".json") || spec.ends_with(".bak")
}

/// The file a save argument names (as [`load_save`] reads it), when it can be told.
pub fn save_file(spec: &str) -> Option<std::path::PathBuf> {
    if is_save_path(spec) {
        return Some(std::path::PathBuf::from(spec));
    }
    save::SaveStore::open_default().ok()?.path_of(spec).ok()
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
