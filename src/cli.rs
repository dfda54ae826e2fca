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
use crate::save;
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
        /// Play the game a challenge code names (level, seed and level version), as a class
        /// does: `sixparty play --code revive-the-talks-48213-3fa9c01b`.
        #[arg(long, value_name = "CODE", conflicts_with_all = ["level", "seed", "load"])]
        code: Option<String>,
        /// Continue a saved game: a save's name (see the Load screen) or a path to a .json save.
        #[arg(long, value_name = "SAVE", conflicts_with_all = ["level", "seed"])]
        load: Option<String>,
        /// With --load: load even if the level changed since the save or the replay does not
        /// match the saved state (replays as far as it goes).
        #[arg(long, requires = "load")]
        anyway: bool,
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
        /// Also write every simulated game as a save file in DIR (for teachers' examples and
        /// debriefs).
        #[arg(long, value_name = "DIR")]
        save_games: Option<std::path::PathBuf>,
        /// Play exactly the game a class code names (its level and seed), once.
        #[arg(long, value_name = "CODE", conflicts_with_all = ["level", "seed", "games"])]
        code: Option<String>,
    },
    /// Write the after-action report (Markdown) of a finished or unfinished saved game.
    Debrief {
        /// A save's name or a path to a .json save.
        save: String,
        /// Write the report to FILE instead of printing it.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Games each strategy plays from your biggest turning point ("what if"); 0 skips it.
        #[arg(long, default_value_t = crate::debrief::WHAT_IF_GAMES)]
        what_if: usize,
        /// Load even if the level changed since the save.
        #[arg(long)]
        anyway: bool,
    },
    /// Compare saved games: one CSV row per save (player, level, seed, ending, months, final
    /// meters, decisions) for a spreadsheet.
    Compare {
        /// Save names or paths to .json saves.
        #[arg(required = true)]
        saves: Vec<String>,
        /// Write the CSV to FILE instead of printing it.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Class tools: make a class code, or collect a served class's games into a report.
    #[command(subcommand)]
    Class(crate::class::commands::ClassCommand),
    /// Copy your most recent finished game to a visible folder as NAME-LEVEL-CODE.json, to
    /// hand in to your teacher.
    HandIn(crate::class::commands::HandInArgs),
    /// Serve a class over SSH: students play with `ssh -p 2222 NAME@this-computer`.
    #[cfg(feature = "serve")]
    Serve(crate::serve::ServeArgs),
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
    /// Check a shared level file and copy it into your level folder as ID.toml.
    Install {
        file: String,
        /// Replace an installed level with the same id.
        #[arg(long)]
        force: bool,
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
        // A closed pipe (`sixparty simulate | head`) is the reader's choice, not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sixparty: {e:#}");
            ExitCode::from(2)
        }
    }
}

pub const DEFAULT_LEVEL: &str = "revive-the-talks";

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Play {
            load: Some(spec),
            anyway,
            ..
        }) => {
            // Load (and report any problem) before the terminal changes mode.
            let loaded = match load_save(&spec, anyway) {
                Ok(loaded) => loaded,
                Err(e) => {
                    eprintln!("sixparty: {e}");
                    if let Some(backup) = e.backup() {
                        eprintln!(
                            "A backup of this save exists: sixparty play --load '{}'",
                            backup.display()
                        );
                    }
                    if e.can_load_anyway() {
                        eprintln!("To try anyway: sixparty play --load '{spec}' --anyway");
                    }
                    return Ok(ExitCode::from(1));
                }
            };
            for warning in &loaded.warnings {
                eprintln!("sixparty: warning: {warning}");
            }
            if !crate::ui::is_terminal() {
                // Piped or scripted: show what the save holds instead of failing to draw.
                let mut out = std::io::stdout().lock();
                write!(out, "{}", describe_loaded(&loaded))?;
                writeln!(out, "(Not a terminal: run this in a terminal to play on.)")?;
                return Ok(ExitCode::SUCCESS);
            }
            let signal = crate::ui::run(Some(loaded.session), local_saves())?;
            Ok(exit_after(signal))
        }
        None => {
            let signal = crate::ui::run(None, local_saves())?;
            Ok(exit_after(signal))
        }
        Some(Command::Play {
            code: Some(code), ..
        }) => {
            let (level, seed) = crate::challenge::resolve(&code)?;
            let session = crate::session::Session::new(level, seed);
            let signal = crate::ui::run(Some(session), local_saves())?;
            Ok(exit_after(signal))
        }
        Some(Command::Play { level, seed, .. }) => {
            // Load before the terminal changes mode, so a broken level prints normally.
            let level = load_level(level.as_deref().unwrap_or(DEFAULT_LEVEL))?;
            let seed = seed.unwrap_or_else(crate::ui::model::clock_seed);
            let session = crate::session::Session::new(level, seed);
            let signal = crate::ui::run(Some(session), local_saves())?;
            Ok(exit_after(signal))
        }
        Some(Command::Level(command)) => level_command(command),
        Some(Command::Simulate {
            level,
            strategy,
            games,
            seed,
            json,
            threads,
            save_games,
            code,
        }) => {
            let Some(kind) = StrategyKind::parse(&strategy) else {
                let names: Vec<_> = StrategyKind::ALL.iter().map(|k| k.name()).collect();
                bail!(
                    "unknown strategy '{strategy}'; choose one of: {}",
                    names.join(", ")
                );
            };
            if let Some(code) = code {
                let (level, seed) = crate::challenge::resolve(&code)?;
                let result = sim::run_game(&level.scenario, seed, kind, true);
                if let Some(dir) = &save_games {
                    write_games(dir, &level, kind, std::slice::from_ref(&result))?;
                }
                let summary = sim::summarise(&level.scenario, kind, seed, &[result]);
                let mut out = std::io::stdout().lock();
                if json {
                    serde_json::to_writer_pretty(&mut out, &summary)?;
                    writeln!(out)?;
                } else {
                    write_summary(&mut out, &level.scenario, &summary)?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let level = load_level(level.as_deref().unwrap_or(DEFAULT_LEVEL))?;
            let threads = threads.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
            });
            let summary = match &save_games {
                None => sim::simulate(&level.scenario, kind, games, seed, threads),
                Some(dir) => {
                    let results = sim::run_many(&level.scenario, kind, games, seed, threads, true);
                    write_games(dir, &level, kind, &results)?;
                    sim::summarise(&level.scenario, kind, seed, &results)
                }
            };
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &summary)?;
                writeln!(out)?;
            } else {
                write_summary(&mut out, &level.scenario, &summary)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Debrief {
            save,
            output,
            what_if,
            anyway,
        }) => debrief(&save, output.as_deref(), what_if, anyway),
        Some(Command::Compare { saves, output }) => compare(&saves, output.as_deref()),
        Some(Command::Class(command)) => crate::class::commands::class(command),
        Some(Command::HandIn(args)) => crate::class::commands::hand_in(args),
        #[cfg(feature = "serve")]
        Some(Command::Serve(args)) => crate::serve::run(args),
    }
}

/// `simulate --save-games DIR`: each game as a save, `LEVEL-STRATEGY-SEED-NNNN.json`.
fn write_games(
    dir: &std::path::Path,
    level: &level::Level,
    kind: StrategyKind,
    results: &[sim::GameResult],
) -> Result<()> {
    for (index, result) in results.iter().enumerate() {
        let session =
            crate::session::Session::replay(level.clone(), result.seed, &result.decisions)
                .map_err(|(at, e)| {
                    anyhow::anyhow!("game {index} did not replay at decision {at}: {e}")
                })?;
        let bytes = save::encode(&session, Some(kind.name()))?;
        let path = dir.join(format!("{}-{}-{index:04}.json", level.id(), kind.name()));
        write_output(Some(&path), &bytes)?;
    }
    eprintln!("wrote {} saves to {}", results.len(), dir.display());
    Ok(())
}

/// Write to a file atomically (or to stdout without one).
fn write_output(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(path) => save::atomic::replace(&save::RealFs, path, bytes, None)
            .map_err(|f| anyhow::anyhow!("{}: {}: {}", path.display(), f.step, f.source)),
        None => {
            std::io::stdout().lock().write_all(bytes)?;
            Ok(())
        }
    }
}

/// `sixparty debrief SAVE`.
fn debrief(
    spec: &str,
    output: Option<&std::path::Path>,
    what_if: usize,
    anyway: bool,
) -> Result<ExitCode> {
    let loaded = load_save(spec, anyway).map_err(|e| anyhow::anyhow!("{e}"))?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let report = crate::debrief::report(&loaded.session, loaded.header.player.as_deref(), what_if);
    write_output(output, report.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `sixparty compare SAVE…`: rows for every save that loads; the others are reported and
/// make the exit status 1.
fn compare(specs: &[String], output: Option<&std::path::Path>) -> Result<ExitCode> {
    let mut loaded = Vec::new();
    let mut failed = false;
    for spec in specs {
        match load_save(spec, false) {
            Ok(l) => loaded.push((spec.clone(), l)),
            Err(e) => {
                failed = true;
                eprintln!("sixparty: skipped {spec}: {e}");
            }
        }
    }
    let entries: Vec<crate::class::csv::Entry<'_>> = loaded
        .iter()
        .map(|(spec, l)| crate::class::csv::Entry {
            file: spec.clone(),
            player: l.header.player.clone(),
            session: &l.session,
            saved_at: l.header.saved_at,
        })
        .collect();
    write_output(output, crate::class::csv::csv(entries).as_bytes())?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The saves local play uses: the player's folder, with their name once they gave it.
fn local_saves() -> Box<dyn crate::ui::model::SaveStore> {
    crate::class::saves::local_saves(crate::class::profile::player_name())
}

/// Load a save for `play --load`: a path to a save file (anything that exists as a file, or
/// ends in `.json` or `.bak`), else a save name in the saves folder.
pub fn load_save(spec: &str, anyway: bool) -> Result<save::Loaded, save::SaveError> {
    let options = save::LoadOptions { anyway };
    let path = std::path::Path::new(spec);
    if path.is_file() || spec.ends_with(".json") || spec.ends_with(".bak") {
        return save::load_path(path, options);
    }
    save::SaveStore::open_default()?.load(spec, options)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A few lines about a loaded save: level, month, state (what `play --load` prints until the
/// terminal game takes over).
pub fn describe_loaded(loaded: &save::Loaded) -> String {
    use std::fmt::Write as _;
    let header = &loaded.header;
    let game = loaded.session.game();
    let scenario = game.scenario();
    let state = game.state();
    let (month, year) = state.calendar();
    let mut s = String::new();
    let by = header
        .player
        .as_deref()
        .map(|p| format!(" by {p}"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "Loaded a game saved {}{by}.",
        save::format_time(header.saved_at)
    );
    let _ = writeln!(
        s,
        "Level:  {} ({}, version {})",
        scenario.meta.title, scenario.meta.id, scenario.meta.version
    );
    let month_name = MONTHS
        .get(usize::from(month.clamp(1, 12)) - 1)
        .copied()
        .unwrap_or("?");
    let _ = writeln!(
        s,
        "Month:  {month_name} {year} (month {} of {})",
        (state.turn() + 1).min(scenario.meta.length),
        scenario.meta.length
    );
    let status = match (game.ending(), game.pending_event()) {
        (Some(e), _) => {
            let e = scenario.ending(e);
            format!(
                "over: {} ({}){}",
                e.title,
                e.grade,
                if e.victory { ", a victory" } else { "" }
            )
        }
        (None, Some(e)) => format!(
            "in play; '{}' waits for your answer",
            scenario.event(e).title
        ),
        (None, None) => "in play".to_string(),
    };
    let _ = writeln!(s, "State:  {status}");
    for var in scenario.vars.iter().filter(|v| v.shown) {
        if let Some(id) = scenario.var_id(&var.id) {
            let value = state.var(id);
            let stage = var
                .stage_label(value)
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            let _ = writeln!(s, "  {:<24} {value:>6.1}{stage}", var.label);
        }
    }
    let _ = writeln!(
        s,
        "Seed {}, {} decisions.",
        loaded.session.seed,
        loaded.session.log().len()
    );
    for warning in &loaded.warnings {
        let _ = writeln!(s, "Warning: {warning}");
    }
    s
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

/// `sixparty level …`.
fn level_command(command: LevelCommand) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match command {
        LevelCommand::List => {
            let entries = level::catalog();
            writeln!(
                out,
                "{:<24} {:<36} {:>6}  {:<10} origin",
                "id", "title", "months", "difficulty"
            )?;
            for e in &entries {
                let origin = match &e.origin {
                    level::Origin::Builtin => "built-in".to_string(),
                    level::Origin::File(p) => level::sanitize(&p.display().to_string()),
                };
                match &e.problem {
                    None => writeln!(
                        out,
                        "{:<24} {:<36} {:>6}  {:<10} {origin}",
                        e.id,
                        clip(&e.title, 36),
                        e.months,
                        clip(&e.difficulty, 10)
                    )?,
                    Some(problem) => writeln!(
                        out,
                        "{:<24} BROKEN: {problem}  ({origin}; run `sixparty level check` on it)",
                        e.id
                    )?,
                }
            }
            if let Ok(dir) = crate::paths::levels_dir() {
                writeln!(
                    out,
                    "\nYour level folder: {}",
                    level::sanitize(&dir.display().to_string())
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        LevelCommand::Check {
            files,
            format,
            quick,
        } => check(&mut out, &files, format, usize::from(!quick)),
        LevelCommand::New { name } => match level::new_level(&name) {
            Ok(path) => {
                writeln!(out, "Wrote {}", path.display())?;
                writeln!(out, "Next: edit it, then")?;
                writeln!(out, "  sixparty level check {}", path.display())?;
                writeln!(out, "  sixparty play {}", path.display())?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("sixparty: {e}");
                Ok(ExitCode::from(1))
            }
        },
        LevelCommand::Schema => {
            write!(out, "{}", level::schema_json())?;
            Ok(ExitCode::SUCCESS)
        }
        LevelCommand::Install { file, force } => {
            match level::install(std::path::Path::new(&file), force) {
                Ok((path, installed)) => {
                    if !installed.warnings.is_empty() {
                        eprintln!(
                            "{} warning(s); see `sixparty level check {}`",
                            installed.warnings.len(),
                            installed.id()
                        );
                    }
                    writeln!(
                        out,
                        "Installed '{}' ({}) as {}",
                        installed.id(),
                        installed.scenario.meta.title,
                        path.display()
                    )?;
                    writeln!(out, "Play it with: sixparty play {}", installed.id())?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(level::InstallError::Level(LevelError::Invalid(report))) => {
                    eprint!("{}", report.render());
                    eprintln!(
                        "sixparty: not installed: {} has {} error(s)",
                        level::sanitize(&file),
                        report.errors()
                    );
                    Ok(ExitCode::from(1))
                }
                Err(e) => {
                    eprintln!("sixparty: not installed: {e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

/// At most `width` characters.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `level check`: files by path, or levels by id (built-in or installed).
fn check(
    out: &mut impl std::io::Write,
    files: &[String],
    format: Format,
    sim_scale: usize,
) -> Result<ExitCode> {
    let mut all_ok = true;
    let mut json = Vec::new();
    for file in files {
        let path = std::path::Path::new(file);
        let (report, _) = if path.exists() || file.ends_with(".toml") {
            level::check_file(path, sim_scale)
        } else if let Some((id, name, text)) = level::BUILTIN.iter().find(|(id, _, _)| id == file) {
            let _ = id;
            level::check_str(&format!("levels/{name}"), text, sim_scale)
        } else if let Some(found) = level::catalog()
            .into_iter()
            .find(|e| e.id == *file && !e.is_builtin())
            && let level::Origin::File(p) = &found.origin
        {
            level::check_file(p, sim_scale)
        } else {
            level::check_file(path, sim_scale)
        };
        if report.has_errors() {
            all_ok = false;
        }
        match format {
            Format::Text => {
                write!(out, "{}", report.render())?;
                let warnings = report.diagnostics.len() - report.errors();
                let shown = level::sanitize(file);
                if report.has_errors() {
                    writeln!(
                        out,
                        "{shown}: {} error(s), {warnings} warning(s)",
                        report.errors()
                    )?;
                } else {
                    writeln!(out, "{shown}: ok, {warnings} warning(s)")?;
                }
            }
            Format::Json => json.extend(report.to_json()),
        }
    }
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &json).context("writing JSON")?;
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
