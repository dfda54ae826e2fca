//! `sixparty simulate`: many headless games with one strategy, summarised.

use std::io::Write as _;

use anyhow::{Context as _, Result, bail};

use super::args::SimulateArgs;
use super::{BadInput, DEFAULT_LEVEL, Exit, load_level};
use crate::level;
use crate::save;
use crate::sim::{self, StrategyKind};

/// `--save-games` writes one file per game: at most this many.
pub const MAX_SAVED_GAMES: usize = 10_000;

pub fn run(args: SimulateArgs) -> Result<Exit> {
    let SimulateArgs {
        level,
        strategy: kinds,
        games,
        seed,
        json,
        threads,
        save_games,
        report,
        target,
        rollouts,
        code,
    } = args;
    if let Some(code) = code {
        let kind = match kinds[..] {
            [kind] => kind,
            _ => bail!("--code plays one game: name one strategy"),
        };
        return play_code(&code, kind, json, save_games.as_deref());
    }
    // Counts are checked before the level is even loaded: a typo costs nothing.
    if games == 0 {
        return Err(BadInput("--games 0: a run needs at least one game".into()).into());
    }
    if games > sim::MAX_GAMES {
        return Err(BadInput(format!(
            "--games {games}: at most {} games per run (run several with different --seed values for more)",
            sim::MAX_GAMES
        ))
        .into());
    }
    if save_games.is_some() && games > MAX_SAVED_GAMES {
        return Err(BadInput(format!(
            "--games {games} with --save-games: at most {MAX_SAVED_GAMES} games are written as saves"
        ))
        .into());
    }
    if let Some(dir) = &save_games
        && dir.exists()
        && !dir.is_dir()
    {
        return Err(BadInput(format!("--save-games {}: not a folder", super::shown(dir))).into());
    }
    let level = load_level(level.as_deref().unwrap_or(DEFAULT_LEVEL))?;
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    if report {
        return simulate_report(&level, &kinds, games, seed, json, threads);
    }
    let kind = match kinds[..] {
        [kind] => kind,
        _ => bail!("several strategies need --report (or one run each)"),
    };
    if kind == StrategyKind::Search && save_games.is_none() {
        return simulate_search(&level, target, rollouts, games, seed, json, threads);
    }
    let mut tally = sim::Tally::new(&level.scenario);
    let mut progress = Progress::new(games);
    sim::run_each(
        &level.scenario,
        kind,
        games,
        seed,
        threads,
        save_games.is_some(),
        |result| -> Result<()> {
            if let Some(dir) = &save_games {
                write_game(dir, &level, kind, tally.games(), &result)?;
            }
            tally.add(&result);
            progress.tick(tally.games());
            Ok(())
        },
    )?;
    progress.done();
    if let Some(dir) = &save_games {
        eprintln!("wrote {games} saves to {}", super::shown(dir));
    }
    let summary = tally.summary(&level.scenario, kind, seed);
    print_summary(&level.scenario, &summary, json)
}

/// Print a run's summary on stdout, as JSON or as the table.
fn print_summary(
    scenario: &crate::engine::Scenario,
    summary: &sim::Summary,
    json: bool,
) -> Result<Exit> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, summary)?;
        writeln!(out)?;
    } else {
        write_summary(&mut out, scenario, summary)?;
    }
    Ok(Exit::Ok)
}

/// `simulate --code CODE`: the one game a class code names, played by `kind`.
fn play_code(
    code: &str,
    kind: StrategyKind,
    json: bool,
    save_games: Option<&std::path::Path>,
) -> Result<Exit> {
    let (level, seed) = crate::challenge::resolve(code).map_err(|e| BadInput(format!("{e:#}")))?;
    let result = sim::run_game(&level.scenario, seed, kind, true);
    if let Some(dir) = save_games {
        write_game(dir, &level, kind, 0, &result)?;
    }
    let mut tally = sim::Tally::new(&level.scenario);
    tally.add(&result);
    let summary = tally.summary(&level.scenario, kind, seed);
    print_summary(&level.scenario, &summary, json)
}

/// `simulate --report`: one report per strategy named.
fn simulate_report(
    level: &level::Level,
    kinds: &[StrategyKind],
    games: usize,
    seed: u64,
    json: bool,
    threads: usize,
) -> Result<Exit> {
    let report = sim::report::report(&level.scenario, kinds, games, seed, threads);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.render())?;
    }
    Ok(Exit::Ok)
}

/// `simulate --strategy search`: games played by looking ahead, and the shortest winning
/// line found.
fn simulate_search(
    level: &level::Level,
    target: Option<String>,
    rollouts: usize,
    games: usize,
    seed: u64,
    json: bool,
    threads: usize,
) -> Result<Exit> {
    use sim::search::{Config, Objective};
    let scenario = &level.scenario;
    let objective = match target {
        None => Objective::default_for(scenario),
        Some(id) => Objective::Ending(scenario.ending_id(&id).with_context(|| {
            let ids: Vec<&str> = scenario.endings.iter().map(|e| e.id.as_str()).collect();
            format!(
                "no ending '{}' in this level; its endings: {}",
                crate::level::sanitize(&id),
                ids.join(", ")
            )
        })?),
    };
    let config = Config {
        objective,
        rollouts: rollouts.max(1),
        threads,
    };
    let found = sim::search::search(scenario, games, seed, &config);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", found.render(&scenario.meta.title))?;
    }
    Ok(Exit::Ok)
}

/// Progress on stderr for runs longer than a second: a line rewritten in place on a
/// terminal, a line every few seconds otherwise (a log). Stdout stays the result only.
struct Progress {
    total: usize,
    start: std::time::Instant,
    last: Option<std::time::Instant>,
    terminal: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        use std::io::IsTerminal as _;
        Progress {
            total,
            start: std::time::Instant::now(),
            last: None,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn tick(&mut self, done: usize) {
        let now = std::time::Instant::now();
        if now.duration_since(self.start) < std::time::Duration::from_secs(1) {
            return;
        }
        let every = if self.terminal {
            std::time::Duration::from_millis(200)
        } else {
            std::time::Duration::from_secs(5)
        };
        if self
            .last
            .is_some_and(|last| now.duration_since(last) < every)
        {
            return;
        }
        self.last = Some(now);
        let line = format!(
            "simulate: {done} of {} games ({:.0}%)",
            self.total,
            100.0 * done as f64 / self.total.max(1) as f64
        );
        if self.terminal {
            eprint!("\r{line}\x1b[K");
        } else {
            eprintln!("{line}");
        }
    }

    fn done(&self) {
        if self.terminal && self.last.is_some() {
            eprint!("\r\x1b[K");
        }
    }
}

/// `simulate --save-games DIR`: one game as a save, `LEVEL-STRATEGY-NNNN.json`.
fn write_game(
    dir: &std::path::Path,
    level: &level::Level,
    kind: StrategyKind,
    index: usize,
    result: &sim::GameResult,
) -> Result<()> {
    let session = crate::session::Session::replay(level.clone(), result.seed, &result.decisions)
        .map_err(|(at, e)| anyhow::anyhow!("game {index} did not replay at decision {at}: {e}"))?;
    let bytes = save::encode(&session, Some(kind.name()))?;
    let path = dir.join(format!("{}-{}-{index:04}.json", level.id(), kind.name()));
    save::atomic::replace(&save::RealFs, &path, &bytes, None).map_err(|f| {
        anyhow::anyhow!(
            "{}: {}: {}",
            super::shown(&path),
            f.step,
            super::io_reason(&f.source)
        )
    })?;
    Ok(())
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
    // In the level's turns: "Days: mean 9.2; …ended before day 6" on a day level.
    let unit = scenario.meta.turn_length.noun();
    let mut units = unit.to_string();
    units[..1].make_ascii_uppercase();
    writeln!(
        out,
        "\n{units}s: mean {:.1}; {:.1}% of games ended before {unit} 6",
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
