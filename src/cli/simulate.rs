//! `sixparty simulate`: many headless games with one strategy, summarised.

use std::io::Write as _;

use anyhow::Result;

use super::args::SimulateArgs;
use super::{DEFAULT_LEVEL, Exit, load_level};
use crate::level;
use crate::save;
use crate::sim::{self, StrategyKind};

pub fn run(args: SimulateArgs) -> Result<Exit> {
    let SimulateArgs {
        level,
        strategy: kind,
        games,
        seed,
        json,
        threads,
        save_games,
        code,
    } = args;
    if let Some(code) = code {
        return play_code(&code, kind, json, save_games.as_deref());
    }
    let level = load_level(level.as_deref().unwrap_or(DEFAULT_LEVEL))?;
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
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

/// `simulate --code CODE`: the one game a class code names, played by `kind`.
fn play_code(
    code: &str,
    kind: StrategyKind,
    json: bool,
    save_games: Option<&std::path::Path>,
) -> Result<Exit> {
    let (level, seed) =
        crate::challenge::resolve(code).map_err(|e| super::BadInput(format!("{e:#}")))?;
    let result = sim::run_game(&level.scenario, seed, kind, true);
    if let Some(dir) = save_games {
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
