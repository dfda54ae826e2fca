//! sixparty: a terminal diplomacy game whose crises are levels (TOML files), as a library.
//!
//! - [`engine`]: the pure, deterministic crisis engine (state, expressions, events,
//!   negotiation, ledger). No I/O.
//! - [`level`]: level files: TOML schema, loading, validation with line/column diagnostics,
//!   the built-in levels embedded in the binary.
//! - [`sim`]: headless strategies and Monte Carlo runs.
//! - [`session`]: a game with its seed and decision log (what the UI plays and saves store).
//! - [`explain`]: the ledger in words ("why did this change?").
//! - [`debrief`]: the after-action report (Markdown); [`challenge`]: class challenge codes.
//! - [`handout`]: teacher materials: `level info` and the students' briefing packet.
//! - [`paths`]: the data folder (`SIXPARTY_HOME` or the platform's).
//! - [`save`]: saved games (autosave, slots, Continue, load with replay check, rewind),
//!   written atomically.
//! - [`class`]: class tools (player names, the class spreadsheet of `compare` and
//!   `class report`, `class new|report`,
//!   `hand-in`); [`serve`]: the class server over SSH (`sixparty serve`, cargo feature
//!   `serve`, on by default).
//! - [`records`]: the record of finished games (each with a final save no pruning reaches)
//!   and the high-score tables per level and code drawn from it.
//! - [`projection`]: what several parts show of a game — action order, meters, news items,
//!   why-not reasons, month names, the history of months (no drawing).
//! - [`ui`]: the game's interface: [`ui::GameSession`] runs on any ratatui backend (the
//!   local terminal, a test, the class server); model / update / view, a screen per file.
//! - [`cli`]: the command line (`sixparty play`, `level`, `simulate`, …).
//!
//! `src/main.rs` is a thin wrapper over [`cli::main`].

pub mod challenge;
pub mod class;
pub mod cli;
pub mod debrief;
pub mod engine;
pub mod explain;
pub mod handout;
pub mod level;
pub mod month_summary;
pub mod objectives;
pub mod paths;
pub mod projection;
pub mod records;
pub mod save;
#[cfg(feature = "serve")]
pub mod serve;
pub mod session;
pub mod sim;
pub mod ui;
