//! Running the `sixparty` binary from a test, the way a user runs it from the project
//! folder: every run has its own home (`SIXPARTY_HOME`, so a test never reads or writes the
//! real user's levels and saves), the project folder as its working directory (so the
//! built-in `levels/` and `saves/` fixtures resolve) and no standard input (so a command
//! that would wait for an answer fails instead of hanging the suite).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The command, ready for `.args(..)`: for runs that need more than [`sixparty`] gives
/// (an `OsStr` argument, only the exit status).
pub fn command(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sixparty"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SIXPARTY_HOME", home)
        .stdin(Stdio::null());
    command
}

/// Run `sixparty ARGS` with its own home and collect what it printed.
pub fn sixparty(args: &[&str], home: &Path) -> Output {
    command(home).args(args).output().expect("runs")
}

/// Printed bytes as text (lossy: a test reads it, a user never sees it).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a run printed on standard output, as text.
pub fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

/// What a run printed on standard error, as text.
pub fn stderr(out: &Output) -> String {
    text(&out.stderr)
}
