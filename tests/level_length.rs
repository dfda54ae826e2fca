//! Each built-in level's declared length (`[level] typical`, what the picker shows) agrees
//! with a measured one: memo games played headless, their decisions counted (actions, event
//! answers and packages; ending a month is not a decision), and the minutes a first-time
//! student takes at `levels/BALANCE.md`'s rates. The level declares the figure, this test
//! measures it, so the picker never shows a guess and a content change that makes a level
//! longer fails here until its figure is re-measured.
//!
//! `cargo test --test level_length -- --nocapture` prints the measured figures.

use sixparty::engine::Decision;
use sixparty::level::{BUILTIN, builtin};
use sixparty::sim::{StrategyKind, game_seed, run_game};

/// Games measured per level (seeds as `simulate --seed 1` numbers them).
const GAMES: u64 = 40;
/// BALANCE.md's rate for a first-time student who reads every pop-up and preview.
const SECONDS_PER_DECISION: f64 = 50.0;
/// Reading a turn's news.
const SECONDS_PER_TURN: f64 = 15.0;

/// Mean decisions and mean turns played of memo games on `id`.
fn measure(id: &str) -> (f64, f64) {
    let level = builtin(id).expect("listed").expect("valid");
    let (mut decisions, mut turns) = (0usize, 0usize);
    for i in 0..GAMES {
        let result = run_game(&level.scenario, game_seed(1, i), StrategyKind::Memo, true);
        decisions += (result.decisions.iter())
            .filter(|d| **d != Decision::EndMonth)
            .count();
        turns += usize::from(result.months);
    }
    let n = GAMES as f64;
    (decisions as f64 / n, turns as f64 / n)
}

/// Within 15% (or 2, for small figures) of the measurement.
fn close(declared: u16, measured: f64) -> bool {
    (f64::from(declared) - measured).abs() <= (measured * 0.15).max(2.0)
}

#[test]
fn every_built_in_level_declares_the_length_it_measures() {
    let mut wrong = Vec::new();
    for (id, _, _) in BUILTIN {
        let level = builtin(id).expect("listed").expect("valid");
        let (decisions, turns) = measure(id);
        let minutes = (decisions * SECONDS_PER_DECISION + turns * SECONDS_PER_TURN) / 60.0;
        eprintln!(
            "{id}: {decisions:.1} decisions, {turns:.1} turns, {minutes:.1} minutes (memo, {GAMES} games, seed 1)"
        );
        match level.scenario.meta.typical {
            None => wrong.push(format!(
                "{id} declares no `typical` (measured: decisions = {decisions:.0}, minutes = {minutes:.0})"
            )),
            Some(t) if !close(t.decisions, decisions) || !close(t.minutes, minutes) => {
                wrong.push(format!(
                    "{id} declares {} decisions and {} minutes; measured {decisions:.1} and {minutes:.1}",
                    t.decisions, t.minutes
                ))
            }
            Some(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
