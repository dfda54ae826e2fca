//! Balance cannot rot silently: the built-in levels load, and on the main campaign the
//! source memo's strategy beats the hawk, the dove and doing nothing over a few hundred
//! seeded games. The full tables (2,000 games per strategy) live in `levels/BALANCE.md`;
//! these are smaller runs with wide margins, so they stay fast and are not flaky (every
//! run is seeded, so they are deterministic anyway).

use std::sync::Arc;

use sixparty::engine::Scenario;
use sixparty::level::{BUILTIN, builtin};
use sixparty::sim::{StrategyKind, Summary, simulate};

fn level(id: &str) -> Arc<Scenario> {
    let level = builtin(id)
        .unwrap_or_else(|| panic!("'{id}' is not built in"))
        .unwrap_or_else(|e| panic!("{e}"));
    Arc::clone(&level.scenario)
}

fn run(scenario: &Arc<Scenario>, kind: StrategyKind, games: usize) -> Summary {
    simulate(scenario, kind, games, 7, 2)
}

#[test]
fn every_builtin_level_loads_with_endings_and_actions() {
    for (id, _, _) in BUILTIN {
        let scenario = level(id);
        assert_eq!(scenario.meta.id, *id);
        assert!(!scenario.actions.is_empty(), "{id}: no actions");
        assert!(scenario.endings.iter().any(|e| e.victory), "{id}: no win");
    }
}

#[test]
fn the_campaign_has_the_eight_endings_and_enough_content() {
    let scenario = level("revive-the-talks");
    for ending in [
        "denuclearization",
        "freeze",
        "stalemate",
        "breakout",
        "war",
        "collapse",
        "recalled",
        "alliance_fracture",
    ] {
        assert!(
            scenario.ending_id(ending).is_some(),
            "missing ending {ending}"
        );
    }
    assert!(scenario.actions.len() >= 20);
    assert!(scenario.events.len() >= 40);
    assert!(scenario.actions.iter().all(|a| !a.tradeoff.is_empty()));
}

#[test]
fn memo_beats_hawk_dove_and_passive_on_the_campaign() {
    let scenario = level("revive-the-talks");
    let memo = run(&scenario, StrategyKind::Memo, 240);
    let share = memo.victory_share();
    assert!(
        (0.35..=0.85).contains(&share),
        "memo wins {:.0}% of games: {:?}",
        share * 100.0,
        memo.endings
    );
    for kind in [
        StrategyKind::PressureOnly,
        StrategyKind::ReliefFirst,
        StrategyKind::Passive,
    ] {
        let other = run(&scenario, kind, 240);
        assert!(
            other.victory_share() < 0.2,
            "{} wins {:.0}%",
            kind.name(),
            other.victory_share() * 100.0
        );
        assert!(
            share > other.victory_share() + 0.2,
            "memo {:.2} vs {} {:.2}",
            share,
            kind.name(),
            other.victory_share()
        );
        // Few games end in the first five months, whatever the strategy.
        let early: usize = other
            .months
            .iter()
            .filter(|(m, _)| **m < 6)
            .map(|(_, n)| n)
            .sum();
        assert!(
            early * 10 < other.games,
            "{} ends early too often",
            kind.name()
        );
    }
}

#[test]
fn memo_beats_the_others_after_the_test() {
    let scenario = level("after-the-test");
    let memo = run(&scenario, StrategyKind::Memo, 120).victory_share();
    for kind in [
        StrategyKind::PressureOnly,
        StrategyKind::ReliefFirst,
        StrategyKind::Passive,
    ] {
        let other = run(&scenario, kind, 120).victory_share();
        assert!(
            memo > other + 0.2,
            "memo {memo:.2} vs {} {other:.2}",
            kind.name()
        );
    }
}
