//! The strategies the debrief's what-if and the balance tables name: `pressure-then-talks`
//! must be able to win the campaign (the point is that pressing, then pivoting to
//! talks, can work in the model), while `pressure-only` and `relief-first` stay losing bets.
//! Seeded runs, so the shares are deterministic; the bounds are wide so content tuning does
//! not break them.

use std::sync::Arc;

use sixparty::engine::Scenario;
use sixparty::level::builtin;
use sixparty::sim::{StrategyKind, simulate};

fn campaign() -> Arc<Scenario> {
    let level = builtin("revive-the-talks")
        .expect("built in")
        .unwrap_or_else(|e| panic!("{e}"));
    Arc::clone(&level.scenario)
}

#[test]
fn pressure_then_talks_wins_campaign_games_and_pressure_only_does_not() {
    let scenario = campaign();
    let pivot = simulate(&scenario, StrategyKind::PressureThenTalks, 60, 7, 2);
    let only = simulate(&scenario, StrategyKind::PressureOnly, 60, 7, 2);
    assert!(
        pivot.victory_share() >= 0.25,
        "pressure-then-talks wins {:.0}%: {:?}",
        pivot.victory_share() * 100.0,
        pivot.endings
    );
    assert!(
        pivot.victory_share() > only.victory_share() + 0.2,
        "pressure-then-talks {:.2} vs pressure-only {:.2}",
        pivot.victory_share(),
        only.victory_share()
    );
}
