//! `sixparty simulate`: many headless games with one strategy, summarised.

use std::io::Write as _;

use anyhow::{Context as _, Result, bail};

use super::args::SimulateArgs;
use super::{DEFAULT_LEVEL, Exit, load_level};
use crate::level;
use crate::save;
use crate::sim::{self, StrategyKind};

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
    } = args;
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
    Ok(Exit::Ok)
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
        save::atomic::replace(&save::RealFs, &path, &bytes, None).map_err(|f| {
            anyhow::anyhow!(
                "{}: {}: {}",
                super::shown(&path),
                f.step,
                super::io_reason(&f.source)
            )
        })?;
    }
    eprintln!("wrote {} saves to {}", results.len(), super::shown(dir));
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
