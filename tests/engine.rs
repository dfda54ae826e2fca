//! Whole-engine properties: determinism over many seeded games, clamping, the ledger adding
//! up, the monthly event cap and the follow-up loop guard.

mod invariants;

use std::sync::Arc;

use sixparty::engine::{Decision, Game, NoticeKind, Phase, Scenario};
use sixparty::level;
use sixparty::sim::{StrategyKind, game_seed, run_game};

fn campaign() -> Arc<Scenario> {
    level::builtin("revive-the-talks")
        .expect("built in")
        .expect("valid")
        .scenario
}

fn scenario(text: &str) -> Arc<Scenario> {
    match level::load_str("test.toml", text) {
        Ok((s, _)) => Arc::new(s),
        Err(report) => panic!("{}", report.render()),
    }
}

/// Play a game from a decision log; return the final state's fingerprint.
fn replay(scenario: &Arc<Scenario>, seed: u64, log: &[Decision]) -> u64 {
    let mut game = Game::new(Arc::clone(scenario), seed);
    for d in log {
        game.apply(d).expect("a logged decision replays");
    }
    game.state().fingerprint()
}

#[test]
fn a_thousand_seeded_games_replay_identically() {
    let scenario = campaign();
    for index in 0..1000 {
        let seed = game_seed(2024, index);
        let first = run_game(&scenario, seed, StrategyKind::Random, true);
        let second = run_game(&scenario, seed, StrategyKind::Random, true);
        assert_eq!(first.decisions, second.decisions, "seed {seed}");
        assert_eq!(first.final_vars, second.final_vars, "seed {seed}");
        let a = replay(&scenario, seed, &first.decisions);
        let b = replay(&scenario, seed, &second.decisions);
        assert_eq!(
            a, b,
            "seed {seed}: the same decisions gave different states"
        );
    }
}

#[test]
fn different_seeds_give_different_games() {
    let scenario = campaign();
    let fingerprints: std::collections::HashSet<u64> = (0..20)
        .map(|i| {
            let r = run_game(&scenario, i, StrategyKind::Passive, true);
            replay(&scenario, i, &r.decisions)
        })
        .collect();
    assert!(
        fingerprints.len() > 15,
        "seeds barely matter: {}",
        fingerprints.len()
    );
}

#[test]
fn the_ledger_accounts_for_every_change_and_values_stay_in_bounds() {
    let scenario = campaign();
    for seed in 0..200 {
        let r = run_game(&scenario, seed, StrategyKind::Random, true);
        let mut game = Game::new(Arc::clone(&scenario), seed);
        for d in &r.decisions {
            game.apply(d).expect("replays");
            assert_eq!(invariants::out_of_bounds(&game), None, "seed {seed}");
        }
        assert_eq!(invariants::ledger_mismatch(&game), None, "seed {seed}");
    }
}

const CLAMP_LEVEL: &str = r#"
[level]
id = "clamp"
title = "Clamp"
start = "2000-01"
months = 3
capital = "capital"
timeout_ending = "done"

[[variables]]
id = "capital"
start = 10

[[variables]]
id = "meter"
start = 50
min = 0
max = 60

[[actions]]
id = "push"
name = "Push"
tradeoff = "Adds far more than the meter can hold."
effects = [{ add = "meter", amount = 500 }]

[[actions]]
id = "pull"
name = "Pull"
tradeoff = "Sets far below the minimum."
effects = [{ set = "meter", value = "-1000" }]

[[endings]]
id = "done"
title = "Done"
text = "Time ran out."
grade = "C"
"#;

#[test]
fn every_write_clamps_and_the_ledger_records_the_clamped_change() {
    let s = scenario(CLAMP_LEVEL);
    let mut game = Game::new(Arc::clone(&s), 1);
    let meter = s.var_id("meter").expect("declared");
    game.apply(&Decision::Act(s.action_id("push").expect("declared")))
        .expect("affordable");
    assert_eq!(game.state().var(meter), 60.0);
    let last = game.state().ledger().last().expect("recorded");
    assert_eq!((last.var, last.delta), (meter, 10.0));
    game.apply(&Decision::Act(s.action_id("pull").expect("declared")))
        .expect("affordable");
    assert_eq!(game.state().var(meter), 0.0);
    // Each action once a month.
    assert!(
        game.apply(&Decision::Act(s.action_id("push").expect("declared")))
            .is_err()
    );
}

fn chain_level(length: usize) -> String {
    let mut text = String::from(
        r#"
[level]
id = "chain"
title = "Chain"
start = "2000-01"
months = 4
capital = "capital"
events_per_month = 16
timeout_ending = "done"

[[variables]]
id = "capital"
start = 0

[[variables]]
id = "count"
start = 0
max = 10000

[[endings]]
id = "done"
title = "Done"
text = "Time ran out."
grade = "C"
"#,
    );
    for i in 0..length {
        let next = if i + 1 < length {
            format!(r#", {{ queue = "e{}", after = 0 }}"#, i + 1)
        } else {
            String::new()
        };
        let only = if i == 0 { "false" } else { "true" };
        text.push_str(&format!(
            "\n[[events]]\nid = \"e{i}\"\ntitle = \"E{i}\"\ntext = \"Link {i}.\"\nfollow_up_only = {only}\nweight = 1\neffects = [{{ add = \"count\", amount = 1 }}{next}]\n"
        ));
    }
    text
}

#[test]
fn a_long_zero_delay_chain_stops_at_the_monthly_cap() {
    let s = scenario(&chain_level(40));
    let mut game = Game::new(Arc::clone(&s), 3);
    game.apply(&Decision::EndMonth).expect("planning");
    let count = s.var_id("count").expect("declared");
    assert_eq!(
        game.state().var(count),
        16.0,
        "the cap is 16 events a month"
    );
    assert!(
        game.state()
            .notices()
            .iter()
            .any(|n| n.kind == NoticeKind::EventCapReached)
    );
    // The rest of the chain was dropped, not carried into the next month.
    game.apply(&Decision::EndMonth).expect("planning");
    assert_eq!(game.state().var(count), 32.0);
}

#[test]
fn a_self_requeueing_event_cannot_grow_without_bound() {
    let text = CLAMP_LEVEL.replace("months = 3", "months = 600")
        + r#"
[[events]]
id = "echo"
title = "Echo"
text = "It queues itself twice."
weight = 1
effects = [{ queue = "echo", after = 1 }, { queue = "echo", after = 1 }]
"#;
    let s = scenario(&text);
    let mut game = Game::new(Arc::clone(&s), 5);
    while !game.is_over() {
        game.apply(&Decision::EndMonth)
            .expect("no options, always planning");
    }
    assert_eq!(game.state().turn(), 600);
    assert!(matches!(game.state().phase(), Phase::Ended(_)));
}

#[test]
fn refused_decisions_change_nothing() {
    let s = campaign();
    let mut game = Game::new(Arc::clone(&s), 9);
    let before = game.state().clone();
    assert!(
        game.apply(&Decision::Choose {
            event: sixparty::engine::ANY_EVENT,
            option: 0
        })
        .is_err()
    );
    assert!(game.apply(&Decision::Table(vec![9; 200])).is_err());
    assert_eq!(game.state(), &before);
}

#[test]
fn simulation_results_do_not_depend_on_the_thread_count() {
    let scenario = campaign();
    let one = sixparty::sim::simulate(&scenario, StrategyKind::Random, 300, 77, 1);
    for threads in [2, 3, 8] {
        let many = sixparty::sim::simulate(&scenario, StrategyKind::Random, 300, 77, threads);
        assert_eq!(one.endings, many.endings, "{threads} threads");
        assert_eq!(one.months, many.months, "{threads} threads");
        assert_eq!(one.final_means, many.final_means, "{threads} threads");
    }
}

/// A one-action level whose action has a two-month cooldown, and no events.
const COOLDOWN_LEVEL: &str = r#"
[level]
id = "cool"
title = "Cooldown"
start = "2000-01"
months = 6
capital = "capital"
timeout_ending = "done"

[[variables]]
id = "capital"
start = 100

[[actions]]
id = "push"
name = "Push"
description = "Push."
tradeoff = "None."
category = "talk"
cost = 1
cooldown = 2
effects = []

[[endings]]
id = "done"
title = "Done"
text = "Time ran out."
grade = "C"
"#;

#[test]
fn an_action_in_its_last_month_of_cooldown_says_cooldown_not_already_taken() {
    use sixparty::engine::{ActionId, EngineError};
    let s = scenario(COOLDOWN_LEVEL);
    let mut game = Game::new(Arc::clone(&s), 1);
    let push = ActionId(0);
    game.apply(&Decision::Act(push)).expect("affordable");
    // The month it was taken: already taken this month.
    assert!(matches!(
        game.check_action(push),
        Err(EngineError::UsedThisMonth(_))
    ));
    game.apply(&Decision::EndMonth).expect("ends");
    assert!(matches!(
        game.check_action(push),
        Err(EngineError::Cooldown { months: 2, .. })
    ));
    game.apply(&Decision::EndMonth).expect("ends");
    // One month of cooldown left: still a cooldown, never "already taken this month".
    let last = game.check_action(push);
    assert!(
        !matches!(last, Err(EngineError::UsedThisMonth(_))),
        "one month of cooldown left was reported as {last:?}"
    );
    assert!(
        matches!(last, Err(EngineError::Cooldown { months: 1, .. })),
        "one month of cooldown left: {last:?}"
    );
    game.apply(&Decision::EndMonth).expect("ends");
    assert_eq!(game.check_action(push), Ok(()));
}
