//! The command line's arguments: clap structs only, no running (ripgrep's `flags/`).
//!
//! Each command's arguments are a struct its module in `cli/` takes; `cli::run` routes.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::sim::StrategyKind;

/// `debrief --what-if` plays this many games per strategy at most: the report should come
/// back in seconds, not run all night on a typo.
pub const MAX_WHAT_IF: usize = 10_000;

#[derive(Parser, Debug)]
#[command(
    name = "sixparty",
    version,
    about = "A terminal diplomacy game: pressure, talks and a deal, one turn at a time",
    long_about = "A terminal diplomacy game. Each level is a crisis described in a TOML file: take actions, answer events, table packages at the negotiating table, and steer toward a verified deal before time runs out. `sixparty level list` shows the built-in levels and your own; levels/README.md in the source explains how to write one.\n\nRun without a command to open the title screen."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The level picker shows the levels' notes for teachers (learning goals, assumptions,
    /// questions); without it students see them only where a level allows it.
    #[arg(long)]
    pub teacher: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Play a level (by id or path); without one, the main campaign.
    Play(PlayArgs),
    /// Work with level files.
    #[command(subcommand)]
    Level(LevelCommand),
    /// Play many games headless with a strategy and summarise the outcomes.
    Simulate(SimulateArgs),
    /// Write the after-action report (Markdown) of a finished or unfinished saved game.
    Debrief(DebriefArgs),
    /// Compare saved games: one CSV row per save (player, level, seed, difficulty, ending,
    /// months, final meters, decisions) for a spreadsheet.
    Compare(CompareArgs),
    /// Class tools: make a class code, or collect a served class's games into a report.
    #[command(subcommand)]
    Class(crate::class::commands::ClassCommand),
    /// Copy your most recent finished game to a visible folder as NAME-LEVEL-CODE.json, to
    /// hand in to your teacher.
    HandIn(crate::class::commands::HandInArgs),
    /// Serve a class over SSH: students play with `ssh -p 2222 NAME@this-computer`.
    #[cfg(feature = "serve")]
    Serve(crate::serve::ServeArgs),
    /// Write a level's printable briefing packet for students (Markdown): the situation, the
    /// parties' public positions, a glossary and a dated "what really happened" timeline.
    Handout(HandoutArgs),
}

#[derive(Args, Debug)]
pub struct HandoutArgs {
    /// A built-in level id or a path to a .toml level file.
    pub level: String,
    /// Write the packet to FILE instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Add the teacher notes (learning goals, assumptions, thesis, questions, balance); a
    /// level with `[teacher] show_to_students = true` adds them anyway.
    #[arg(long)]
    pub teacher: bool,
}

#[derive(Args, Debug)]
pub struct PlayArgs {
    /// A built-in level id or a path to a .toml level file.
    pub level: Option<String>,
    /// The game's seed (random when left out).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Play the game a class code names (level, seed and level version), as a class does:
    /// `sixparty play --code K7QD-40MX` (any case and spacing).
    #[arg(long, value_name = "CODE", conflicts_with_all = ["level", "seed", "load"])]
    pub code: Option<String>,
    /// Continue a saved game: a save's name (see the Load screen) or a path to a .json save.
    #[arg(long, value_name = "SAVE", conflicts_with_all = ["level", "seed"])]
    pub load: Option<String>,
    /// With --load: load even if the level changed since the save or the replay does not
    /// match the saved state (replays as far as it goes).
    #[arg(long, requires = "load")]
    pub anyway: bool,
    /// The level picker shows the levels' notes for teachers.
    #[arg(long)]
    pub teacher: bool,
    /// A difficulty the level offers, by id (`[[difficulty]] id`; the first is the default).
    #[arg(long, value_name = "ID", conflicts_with = "load")]
    pub difficulty: Option<String>,
    /// For authors: reload the level each time its file changes, replaying the game so far
    /// (the footer says where the replay first differs). Needs a level file.
    #[arg(long, requires = "level", conflicts_with_all = ["load", "code"])]
    pub watch: bool,
}

#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// A built-in level id or a path (default: revive-the-talks).
    pub level: Option<String>,
    /// The strategy every game plays (`search` looks ahead with rollouts: see --target and
    /// --rollouts). With --report, several may be named, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "random")]
    pub strategy: Vec<StrategyKind>,
    /// How many games (1 to 1,000,000; 10,000 with --save-games).
    #[arg(long, default_value_t = 1000)]
    pub games: usize,
    /// The run's seed; each game's seed derives from it.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Worker threads (default: every core). The result does not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Also write every simulated game as a save file in DIR (for teachers' examples and
    /// debriefs).
    #[arg(long, value_name = "DIR")]
    pub save_games: Option<PathBuf>,
    /// Play exactly the game a class code names (its level and seed), once.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["level", "seed", "games", "report"])]
    pub code: Option<String>,
    /// Say why a strategy wins or fails: events and options, actions taken and what kept
    /// them out of reach, packages and who rejected them on which term, endings by month,
    /// meter trajectories as charts.
    #[arg(long, conflicts_with = "save_games")]
    pub report: bool,
    /// With `--strategy search`: the ending to reach, as early as possible (default: the
    /// level's score, or any victory when it has none).
    #[arg(long, value_name = "ENDING")]
    pub target: Option<String>,
    /// With `--strategy search`: rollouts per decision (more is slower and stronger).
    #[arg(long, default_value_t = crate::sim::search::DEFAULT_ROLLOUTS)]
    pub rollouts: usize,
    /// Play every game at this difficulty the level offers, by id (`[[difficulty]] id`;
    /// default: the level's first).
    #[arg(long, value_name = "ID", conflicts_with_all = ["code", "report"])]
    pub difficulty: Option<String>,
}

#[derive(Args, Debug)]
pub struct DebriefArgs {
    /// A save's name or a path to a .json save.
    pub save: String,
    /// Write the report to FILE instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Games per row of the what-if table from your biggest turning point; the game uses
    /// the same number, so a save gives the same table in both. 0 skips it (at most 10,000).
    #[arg(long, default_value_t = crate::debrief::WHAT_IF_GAMES)]
    pub what_if: usize,
    /// Load even if the level changed since the save.
    #[arg(long)]
    pub anyway: bool,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Save names or paths to .json saves.
    #[arg(required = true)]
    pub saves: Vec<String>,
    /// Write the CSV to FILE instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum LevelCommand {
    /// List the built-in levels and those in your level folder.
    List,
    /// Check level files: every error with file:line:col, plus warnings (unused variables and
    /// flags; events that never fire and endings never reached in a few hundred quick games).
    /// Exit 0 when all are valid (warnings allowed), 1 otherwise.
    Check {
        /// Level files, or ids of built-in and installed levels.
        #[arg(required = true)]
        files: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Skip the quick simulated games (no never-fired / never-reached warnings).
        #[arg(long)]
        quick: bool,
    },
    /// Write a small, commented starter level NAME.toml into your level folder.
    New {
        /// The new level's id and file name: 1–64 characters of a-z, 0-9, '_' and '-'.
        name: String,
    },
    /// Print the JSON Schema of the level format (for editors: `#:schema` in a level file).
    Schema,
    /// Print what a teacher needs before class: the briefing, parties (with their hidden
    /// priorities and red lines), endings, learning goals, assumptions, questions and balance.
    Info {
        /// A built-in level id or a path to a .toml level file.
        level: String,
    },
    /// Try a level from a chosen state, headless, and print what happens turn by turn: set
    /// meters or flags, force events, play a few turns with a strategy.
    Try(TryArgs),
    /// Check a shared level file and copy it into your level folder as ID.toml.
    Install {
        file: String,
        /// Replace an installed level with the same id.
        #[arg(long)]
        force: bool,
    },
}

/// `sixparty level try`.
#[derive(Args, Debug)]
pub struct TryArgs {
    /// A level file, or the id of a built-in or installed level.
    pub level: String,
    /// Start with a variable (or a flag: 1/0, true/false) at this value, e.g.
    /// `--set tension=80`. Repeat for several.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Force an event in the first turn (its `when` is ignored), e.g. `--fire blockade`.
    /// Repeat for several.
    #[arg(long, value_name = "EVENT")]
    pub fire: Vec<String>,
    /// How many turns to play (months, weeks or days, as the level counts).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub months: u16,
    /// Who plays the turns (`passive` takes no action).
    #[arg(long, value_enum, default_value = "passive")]
    pub strategy: StrategyKind,
    /// The game's seed (the world's dice).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}
