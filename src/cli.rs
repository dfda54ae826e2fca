//! The command line: `sixparty [play|level|simulate|…]`, parsed with clap.
//!
//! Everything that can fail on user input (a level, a save, an argument) is loaded here,
//! before any terminal mode changes, so errors print on a normal screen. `main` maps the
//! result to an exit status: 0 ok, 1 invalid input (a level that fails its check), 2 for
//! other errors.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::level::{self, LevelError};
use crate::sim::{self, StrategyKind};

#[derive(Parser, Debug)]
#[command(
    name = "sixparty",
    version,
    about = "A terminal diplomacy game about North Korea's nuclear crisis",
    long_about = "Revive the Six Party Talks, broker a joint US–China approach, decide on sanctions, and steer toward a phased, verified deal.\n\nRun without a command to open the title screen."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Play a level (by id or path); without one, the main campaign.
    Play {
        /// A built-in level id or a path to a .toml level file.
        level: Option<String>,
        /// The game's seed (random when left out).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Work with level files.
    #[command(subcommand)]
    Level(LevelCommand),
    /// Play many games headless with a strategy and summarise the outcomes.
    Simulate {
        /// A built-in level id or a path (default: revive-the-talks).
        level: Option<String>,
        /// passive, random, hawk, dove, memo or greedy.
        #[arg(long, default_value = "random")]
        strategy: String,
        /// How many games.
        #[arg(long, default_value_t = 1000)]
        games: usize,
        /// The run's seed; each game's seed derives from it.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Worker threads (default: every core). The result does not depend on it.
        #[arg(long)]
        threads: Option<usize>,
    },
}

#[derive(Subcommand, Debug)]
pub enum LevelCommand {
    /// List the built-in levels.
    List,
    /// Check level files; exit 0 when all are valid, 1 otherwise.
    Check {
        #[arg(required = true)]
        files: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Parse arguments, run, and turn the outcome into an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sixparty: {e:#}");
            ExitCode::from(2)
        }
    }
}

pub const DEFAULT_LEVEL: &str = "revive-the-talks";

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => {
            let signal = crate::ui::run(None, Box::new(crate::ui::model::NoSaves))?;
            Ok(exit_after(signal))
        }
        Some(Command::Play { level, seed }) => {
            // Load before the terminal changes mode, so a broken level prints normally.
            let level = load_level(level.as_deref().unwrap_or(DEFAULT_LEVEL))?;
            let seed = seed.unwrap_or_else(crate::ui::model::clock_seed);
            let session = crate::session::Session::new(level, seed);
            let signal = crate::ui::run(Some(session), Box::new(crate::ui::model::NoSaves))?;
            Ok(exit_after(signal))
        }
        Some(Command::Level(LevelCommand::List)) => {
            let mut out = std::io::stdout().lock();
            for (id, _, _) in level::BUILTIN {
                match level::builtin(id) {
                    Some(Ok(l)) => {
                        let m = &l.scenario.meta;
                        writeln!(
                            out,
                            "{id:<20} {:<36} {:>3} months  {:<8}  (built-in)",
                            m.title, m.length, m.difficulty
                        )?;
                    }
                    Some(Err(e)) => writeln!(out, "{id:<20} BROKEN: {e}")?,
                    None => {}
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Level(LevelCommand::Check { files, format })) => check(&files, format),
        Some(Command::Simulate {
            level,
            strategy,
            games,
            seed,
            json,
            threads,
        }) => {
            let Some(kind) = StrategyKind::parse(&strategy) else {
                let names: Vec<_> = StrategyKind::ALL.iter().map(|k| k.name()).collect();
                bail!(
                    "unknown strategy '{strategy}'; choose one of: {}",
                    names.join(", ")
                );
            };
            let level = load_level(level.as_deref().unwrap_or(DEFAULT_LEVEL))?;
            let threads = threads.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
            });
            let summary = sim::simulate(&level.scenario, kind, games, seed, threads);
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &summary)?;
                writeln!(out)?;
            } else {
                write_summary(&mut out, &level.scenario, &summary)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// 0 after a normal quit; 128 + the signal's number after SIGTERM/SIGHUP/SIGINT.
fn exit_after(signal: Option<i32>) -> ExitCode {
    match signal {
        Some(n) => ExitCode::from(u8::try_from(128 + n.clamp(0, 127)).unwrap_or(255)),
        None => ExitCode::SUCCESS,
    }
}

/// Load a level by id or path, with the full report on failure.
pub fn load_level(spec: &str) -> Result<level::Level> {
    level::resolve(spec).map_err(|e| match e {
        LevelError::Invalid(report) => anyhow::anyhow!(
            "the level has {} problem(s):\n{}",
            report.errors(),
            report.render().trim_end()
        ),
        other => anyhow::Error::new(other),
    })
}

fn check(files: &[String], format: Format) -> Result<ExitCode> {
    let mut all_ok = true;
    let mut json = Vec::new();
    let mut out = std::io::stdout().lock();
    for file in files {
        let result = level::load_file(std::path::Path::new(file));
        match (&result, format) {
            (Ok(level), Format::Text) => {
                writeln!(out, "{file}: ok ({})", level.scenario.meta.title)?;
            }
            (Ok(_), Format::Json) => {}
            (Err(LevelError::Invalid(report)), Format::Text) => {
                all_ok = false;
                write!(out, "{}", report.render())?;
                writeln!(out, "{file}: {} error(s)", report.errors())?;
            }
            (Err(LevelError::Invalid(report)), Format::Json) => {
                all_ok = false;
                json.extend(report.to_json());
            }
            (Err(e), Format::Text) => {
                all_ok = false;
                writeln!(out, "{file}: error: {e}")?;
            }
            (Err(e), Format::Json) => {
                all_ok = false;
                json.push(serde_json::json!({
                    "file": file, "line": 0, "column": 0, "severity": "error", "message": e.to_string()
                }));
            }
        }
    }
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &json).context("writing JSON")?;
        writeln!(out)?;
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_summary(
    out: &mut impl std::io::Write,
    scenario: &crate::engine::Scenario,
    s: &sim::Summary,
) -> Result<()> {
    writeln!(
        out,
        "{} — strategy '{}', {} games, seed {}",
        scenario.meta.title, s.strategy, s.games, s.seed
    )?;
    writeln!(out, "\nEndings")?;
    for ending in &scenario.endings {
        let n = s.endings.get(&ending.id).copied().unwrap_or(0);
        let share = 100.0 * n as f64 / s.games.max(1) as f64;
        let bar = "█".repeat((share / 2.5).round() as usize);
        writeln!(out, "  {:<20} {n:>7} {share:>5.1}%  {bar}", ending.id)?;
    }
    writeln!(
        out,
        "  {:<20} {:>7} {:>5.1}%",
        "victories",
        s.victories,
        100.0 * s.victory_share()
    )?;
    let total: f64 = s
        .months
        .iter()
        .map(|(m, n)| f64::from(*m) * *n as f64)
        .sum();
    let early: usize = s
        .months
        .iter()
        .filter(|(m, _)| **m < 6)
        .map(|(_, n)| n)
        .sum();
    writeln!(
        out,
        "\nMonths: mean {:.1}; {:.1}% of games ended before month 6",
        total / s.games.max(1) as f64,
        100.0 * early as f64 / s.games.max(1) as f64
    )?;
    writeln!(out, "\nMean final values")?;
    for var in scenario.vars.iter().filter(|v| v.shown) {
        if let Some(mean) = s.final_means.get(&var.id) {
            writeln!(out, "  {:<28} {mean:>6.1}", var.label)?;
        }
    }
    Ok(())
}
