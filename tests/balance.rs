//! Balance cannot rot silently: the built-in levels load, and on the main campaign the
//! source memo's strategy beats pressure-only, relief-first and doing nothing over a few hundred
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
fn memo_beats_pressure_only_relief_first_and_passive_on_the_campaign() {
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

/// The class-length level (issue 14): the memo's plan wins 40–80%, and pressure, relief
/// and doing nothing each stay under 20%. 2,000-game tables are in `levels/BALANCE.md`
/// (memo 61.4% with run seed 1); 200 games here leave a wide margin for the band's edges.
#[test]
fn fire_and_fury_teaches_the_memo_in_one_class_period() {
    let scenario = level("fire-and-fury");
    assert_eq!(scenario.meta.length, 12);
    let memo = run(&scenario, StrategyKind::Memo, 200);
    let share = memo.victory_share();
    assert!(
        (0.45..=0.75).contains(&share),
        "memo wins {:.0}% of games: {:?}",
        share * 100.0,
        memo.endings
    );
    for kind in [
        StrategyKind::PressureOnly,
        StrategyKind::ReliefFirst,
        StrategyKind::Passive,
    ] {
        let other = run(&scenario, kind, 200);
        assert!(
            other.victory_share() < 0.2,
            "{} wins {:.0}%: {:?}",
            kind.name(),
            other.victory_share() * 100.0,
            other.endings
        );
    }
}

/// Fire and Fury's best ending is rare (no built-in strategy reaches it) but reachable: a
/// player who plays the memo's way and, when the talks allow, tables the obligations in
/// full (declaration and dismantlement with verification, snapback and phasing) gets a
/// package every party accepts early enough for two verified months in some games.
#[test]
fn fire_and_fury_roadmap_is_reachable_by_demanding_the_full_obligations() {
    use rand_chacha::ChaCha8Rng;
    use rand_core::SeedableRng;
    use sixparty::engine::{Decision, Game};
    use sixparty::sim::{Strategy, strategy::build_package};

    let scenario = level("fire-and-fury");
    let roadmap = scenario.ending_id("roadmap").expect("roadmap ending");
    let mut reached = 0;
    for seed in 0..120u64 {
        let mut game = Game::new(Arc::clone(&scenario), seed);
        let mut memo = Strategy::new(StrategyKind::Memo);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut steps = 0;
        while !game.is_over() && steps < 2_000 {
            steps += 1;
            let full = if game.pending_event().is_none() && !game.state().has_deal() {
                build_package(
                    &game,
                    &["verification", "snapback", "phasing", "obligation"],
                )
            } else {
                None
            };
            let decision = match full {
                Some(levels) if game.check_table().is_ok() => Decision::Table(levels),
                _ => memo.decide(&game, &mut rng),
            };
            if game.apply(&decision).is_err() {
                let _ = game.apply(&Decision::EndMonth);
            }
        }
        if game.ending() == Some(roadmap) {
            reached += 1;
        }
    }
    assert!(reached > 0, "no roadmap in 120 games");
    eprintln!("roadmap in {reached} of 120 games");
}

/// Scheduled history (issue 14.2): whatever a student does, the year's first anchors reach
/// every student on the same code. The second Hwasong-14 and CAATSA (July 2017) and the
/// 2371 vote (August) fire exactly once in every game of every strategy; the 3 September
/// test fires in every game that is still running and has no moratorium.
#[test]
fn fire_and_fury_anchors_reach_every_player() {
    use sixparty::sim::run_game;
    let scenario = level("fire-and-fury");
    let id = |name: &str| {
        let e = scenario
            .event_id(name)
            .unwrap_or_else(|| panic!("no event {name}"));
        usize::from(e.0)
    };
    let always = [id("hwasong14_july"), id("caatsa"), id("un_2371")];
    let test = id("nuclear_test_sept");
    for kind in [
        StrategyKind::Memo,
        StrategyKind::PressureOnly,
        StrategyKind::ReliefFirst,
        StrategyKind::Passive,
        StrategyKind::Random,
    ] {
        for seed in 0..40u64 {
            let game = run_game(&scenario, seed, kind, false);
            for &e in &always {
                assert_eq!(game.fired[e], 1, "{} seed {seed}: event {e}", kind.name());
            }
            if game.months > 3 {
                assert_eq!(game.fired[test], 1, "{} seed {seed}: the test", kind.name());
            }
        }
    }
}

/// Issue 14.3: every built-in level cites its sources by id (declared once in
/// `[[citations]]`); a free-text `source` loads with a warning, which no built-in may have.
#[test]
fn builtin_levels_cite_sources_by_id_only() {
    for (id, _, _) in BUILTIN {
        let level = builtin(id)
            .unwrap_or_else(|| panic!("'{id}' is not built in"))
            .unwrap_or_else(|e| panic!("{e}"));
        let free: Vec<String> = level
            .warnings
            .iter()
            .filter(|w| w.message.contains("source without a citation id"))
            .map(|w| w.message.clone())
            .collect();
        assert!(free.is_empty(), "{id}: {free:?}");
    }
    for id in ["fire-and-fury", "revive-the-talks", "after-the-test"] {
        assert!(
            !level(id).citations.is_empty(),
            "{id} declares no citations"
        );
    }
}

/// Issue 18's second road on the class level: tightening first and negotiating once the
/// talks open can win too (2,000 games, seed 1: ~41%; BALANCE.md).
#[test]
fn pressure_then_talks_can_win_on_the_class_level() {
    let scenario = level("fire-and-fury");
    let ptt = run(&scenario, StrategyKind::PressureThenTalks, 200);
    assert!(
        ptt.victory_share() >= 0.25,
        "pressure-then-talks wins {:.0}%: {:?}",
        ptt.victory_share() * 100.0,
        ptt.endings
    );
}

/// Issue 18's balance target on both campaigns: three distinct roads each win at least 20%
/// (the memo's plan, pressure-then-talks, freeze-first), and no single accepted package is
/// more than half of their wins. BALANCE.md has the 2,000-game tables (run seed 1: 60–66%
/// for the three on both). 100 games per strategy here (about 40 s of a debug build): the
/// floor of 35% is three standard deviations of a 100-game share below what they win; the
/// package ceiling is the target itself, 50%, with a thin margin on after-the-test (47% of
/// the wins here, 42% in BALANCE.md's 300-game measure), where the parties leave little room
/// for different packages. Pressure-only, relief-first and passive (< 20%) are asserted above.
#[test]
fn three_roads_win_on_both_campaigns_with_no_dominant_package() {
    use sixparty::engine::Game;
    use sixparty::sim::{Observer, game_seed, play_out_observed};
    use std::collections::BTreeMap;

    /// The package in force when a winning game ended.
    #[derive(Default)]
    struct Deal(Vec<u8>);
    impl Observer for Deal {
        fn finished(&mut self, game: &Game) {
            self.0 = game.state().deal_levels().to_vec();
        }
    }
    for id in ["revive-the-talks", "after-the-test"] {
        let scenario = level(id);
        let mut packages: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        for kind in [
            StrategyKind::Memo,
            StrategyKind::PressureThenTalks,
            StrategyKind::FreezeFirst,
        ] {
            let mut wins = 0;
            let games = 100;
            for index in 0..games {
                let seed = game_seed(7, index);
                let mut deal = Deal::default();
                let result = play_out_observed(
                    Game::new(Arc::clone(&scenario), seed),
                    seed,
                    kind,
                    false,
                    &mut deal,
                );
                if result.victory {
                    wins += 1;
                    *packages.entry(deal.0).or_default() += 1;
                }
            }
            assert!(
                wins * 100 >= 35 * games as usize,
                "{id}: {} wins {wins} of {games}",
                kind.name()
            );
        }
        let total: usize = packages.values().sum();
        let largest = packages.values().copied().max().unwrap_or(0);
        assert!(
            largest * 2 <= total,
            "{id}: one package is {largest} of {total} wins ({} packages)",
            packages.len()
        );
    }
}

/// After the Test: pressure-then-talks is not the memo under another name. The talks are
/// convened from the first month there, so it must keep tightening rather than pivot at
/// once (it used to play exactly like the memo). Freeze-first tables the first package the
/// parties accept rather than the memo's strongest; after the test the parties often need
/// the strongest anyway, so it plays differently in 7 of these 12 games, not all.
#[test]
fn the_roads_after_the_test_are_distinct() {
    use sixparty::sim::run_game;
    let scenario = level("after-the-test");
    let (mut differ_ptt, mut differ_ff, mut first_pressure) = (0, 0, 0);
    for seed in 0..12u64 {
        let memo = run_game(&scenario, seed, StrategyKind::Memo, true).decisions;
        let ptt = run_game(&scenario, seed, StrategyKind::PressureThenTalks, true).decisions;
        let ff = run_game(&scenario, seed, StrategyKind::FreezeFirst, true).decisions;
        differ_ptt += usize::from(memo != ptt);
        differ_ff += usize::from(memo != ff);
        if let Some(sixparty::engine::Decision::Act(a)) = ptt
            .iter()
            .find(|d| matches!(d, sixparty::engine::Decision::Act(_)))
            && scenario.action(*a).tags.iter().any(|t| t == "pressure")
        {
            first_pressure += 1;
        }
    }
    assert_eq!(differ_ptt, 12, "pressure-then-talks played as the memo");
    assert_eq!(
        first_pressure, 12,
        "pressure-then-talks did not tighten first"
    );
    assert!(
        differ_ff >= 6,
        "freeze-first played as the memo in {} games",
        12 - differ_ff
    );
}

/// Shared history (issue 14.2), measured as in `levels/BALANCE.md`: on the same game seeds,
/// memo, pressure-only and relief-first (the three most opposed policies) see the same world
/// events in at least 80% of each North Korea level's first twelve months. Months an ending
/// cut short are not compared. A *reaction* (an event only the player's own actions and
/// options queue: the rally after a UN resolution, the artillery after the drills) is not a
/// world event and is counted apart: "all events" includes it, and must stay above 75%.
/// On these 60 seeds: fire-and-fury 81.5% (it has no reactions), revive-the-talks 91.6% of
/// world events (84.1% of all), after-the-test 93.1% (79.3%); BALANCE.md has the 200-game
/// figures. One stream and a calendar rule gave 49.9%, 19.8% and 9.8% (of all events).
#[test]
fn players_on_one_code_share_the_world() {
    use sixparty::engine::{EffectKind, Game, NoticeKind};
    use sixparty::sim::{Observer, game_seed, play_out_observed};
    use std::collections::BTreeSet;

    /// The (turn, event) pairs of the first twelve months, and one past the last month resolved.
    #[derive(Default)]
    struct Seen(BTreeSet<(u16, usize)>, u16);
    impl Observer for Seen {
        fn finished(&mut self, game: &Game) {
            let state = game.state();
            self.0 = state
                .notices()
                .iter()
                .filter_map(|n| match n.kind {
                    NoticeKind::Event(e) if n.turn < 12 => Some((n.turn, usize::from(e.0))),
                    _ => None,
                })
                .collect();
            self.1 = state.turn();
        }
    }
    for (id, world_floor, all_floor) in [
        ("fire-and-fury", 0.8, 0.75),
        ("revive-the-talks", 0.8, 0.75),
        ("after-the-test", 0.8, 0.75),
    ] {
        let scenario = level(id);
        // Who queues each event: the player (an action, an option, the deal) or the world
        // (a rule, an event). A reaction is follow-up only and queued by the player alone.
        let (mut by_player, mut by_world) = (BTreeSet::new(), BTreeSet::new());
        let note = |effects: &[sixparty::engine::Effect], set: &mut BTreeSet<usize>| {
            for effect in effects {
                if let EffectKind::Queue(event, _) = effect.kind {
                    set.insert(usize::from(event.0));
                }
            }
        };
        for action in &scenario.actions {
            note(&action.effects, &mut by_player);
        }
        for event in &scenario.events {
            note(&event.effects, &mut by_world);
            for option in &event.options {
                note(&option.effects, &mut by_player);
            }
        }
        for rule in &scenario.rules {
            note(&rule.effects, &mut by_world);
        }
        if let Some(deal) = &scenario.deal {
            note(&deal.on_accept, &mut by_player);
            note(&deal.on_reject, &mut by_player);
        }
        let reaction = |e: usize| {
            scenario.events[e].follow_up_only && by_player.contains(&e) && !by_world.contains(&e)
        };
        let (mut shared, mut union, mut shared_all, mut union_all) = (0, 0, 0, 0);
        for index in 0..60u64 {
            let seed = game_seed(1, index);
            let seen: Vec<Seen> = [
                StrategyKind::Memo,
                StrategyKind::PressureOnly,
                StrategyKind::ReliefFirst,
            ]
            .into_iter()
            .map(|kind| {
                let mut seen = Seen::default();
                play_out_observed(
                    Game::new(Arc::clone(&scenario), seed),
                    seed,
                    kind,
                    false,
                    &mut seen,
                );
                seen
            })
            .collect();
            let last = seen.iter().map(|s| s.1).min().unwrap_or(0);
            let sets: Vec<BTreeSet<(u16, usize)>> = seen
                .iter()
                .map(|s| s.0.iter().copied().filter(|e| e.0 < last).collect())
                .collect();
            let all: BTreeSet<_> = sets[0]
                .iter()
                .filter(|e| sets[1].contains(e) && sets[2].contains(e))
                .collect();
            let any: BTreeSet<_> = sets.iter().flatten().collect();
            shared_all += all.len();
            union_all += any.len();
            shared += all.iter().filter(|e| !reaction(e.1)).count();
            union += any.iter().filter(|e| !reaction(e.1)).count();
        }
        assert!(union > 0, "{id}: no events at all");
        let (world, every) = (
            shared as f64 / union as f64,
            shared_all as f64 / union_all as f64,
        );
        println!(
            "{id}: {:.1}% of world events shared, {:.1}% of all events",
            world * 100.0,
            every * 100.0
        );
        assert!(
            world >= world_floor && every >= all_floor,
            "{id}: memo, pressure-only and relief-first share {:.1}% of the first year's world \
             events (floor {:.0}%) and {:.1}% of all its events (floor {:.0}%)",
            world * 100.0,
            world_floor * 100.0,
            every * 100.0,
            all_floor * 100.0
        );
    }
}
