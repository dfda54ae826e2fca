//! Time and shared history in the engine: scheduled events, the world's random stream that
//! the player's choices do not shift, week and day calendars, `hold` streaks and their
//! warnings, difficulties, and the one calendar (a finished game shows the turn its ending
//! fired in).

use std::collections::BTreeSet;
use std::sync::Arc;

use sixparty::engine::{Decision, Game, NoticeKind, Scenario, Setup};
use sixparty::level;

fn scenario(text: &str) -> Arc<Scenario> {
    match level::load_str("test.toml", text) {
        Ok((s, _)) => Arc::new(s),
        Err(report) => panic!("{}", report.render()),
    }
}

const HEAD: &str = r#"
[level]
id = "t"
title = "T"
start = "2017-01"
months = 12
capital = "capital"
timeout_ending = "done"

[[variables]]
id = "capital"
start = 50
max = 1000

[[variables]]
id = "tension"
start = 10

[[endings]]
id = "done"
title = "Done"
text = "The end."
grade = "C"
at_time_limit = true
when = "true"
"#;

/// The turns in which each event fired, by event id.
fn fired(game: &Game) -> BTreeSet<(u16, String)> {
    game.state()
        .notices()
        .iter()
        .filter_map(|n| match n.kind {
            NoticeKind::Event(e) => Some((n.turn, game.scenario().event(e).id.clone())),
            _ => None,
        })
        .collect()
}

fn end_months(game: &mut Game, n: usize) {
    for _ in 0..n {
        if game.is_over() {
            break;
        }
        game.apply(&Decision::EndMonth).expect("ends the month");
    }
}

#[test]
fn a_scheduled_event_fires_in_its_month_outside_the_draw() {
    let s = scenario(&format!(
        r#"{HEAD}
[[events]]
id = "congress"
at = "2017-10"
title = "Party Congress"
text = "x"
effects = [{{ add = "tension", amount = 5 }}]

[[events]]
id = "gated"
at = "2017-03"
when = "tension > 50"
title = "Never: tension stays low"
text = "x"

[[events]]
id = "noise"
title = "Noise"
text = "x"
weight = 1000
"#
    ));
    for seed in 0..20 {
        let mut game = Game::new(Arc::clone(&s), seed);
        end_months(&mut game, 12);
        let fired = fired(&game);
        assert!(
            fired.contains(&(9, "congress".to_string())),
            "seed {seed}: {fired:?}"
        );
        assert_eq!(
            fired.iter().filter(|(_, id)| id == "congress").count(),
            1,
            "once only"
        );
        assert!(!fired.iter().any(|(_, id)| id == "gated"), "its when fails");
        // events_per_month = 1 still lets the random draw fire in the congress's month.
        assert!(fired.contains(&(9, "noise".to_string())), "{fired:?}");
    }
}

/// A level where actions change only capital (which no event reads) but one of them rolls a
/// chance: under the old single stream, that roll shifts the world's draws.
fn shared_world_level() -> Arc<Scenario> {
    scenario(&level_text_of_shared_world())
}

fn play(s: &Arc<Scenario>, seed: u64, setup: Setup, actions: &[&str]) -> Game {
    let mut game = Game::with_setup(Arc::clone(s), seed, setup);
    while !game.is_over() {
        for name in actions {
            let id = s.action_id(name).expect("action");
            game.apply(&Decision::Act(id)).expect("affordable");
        }
        game.apply(&Decision::EndMonth).expect("ends");
    }
    game
}

#[test]
fn the_players_choices_do_not_shift_the_worlds_draws() {
    let s = shared_world_level();
    let new = Setup::new_game(&s);
    let old = Setup { rng: 1, ..new };
    let mut old_differs = 0;
    for seed in 0..40 {
        let a = play(&s, seed, new, &[]);
        let b = play(&s, seed, new, &["gamble", "spend"]);
        let c = play(&s, seed, new, &["spend"]);
        assert_eq!(fired(&a), fired(&b), "seed {seed}");
        assert_eq!(fired(&a), fired(&c), "seed {seed}");
        assert!(!fired(&a).is_empty());
        let a1 = play(&s, seed, old, &[]);
        let b1 = play(&s, seed, old, &["gamble"]);
        old_differs += usize::from(fired(&a1) != fired(&b1));
    }
    // The old stream is what made classmates' worlds drift apart.
    assert!(
        old_differs > 20,
        "only {old_differs} of 40 differ on stream 1"
    );
}

#[test]
fn adding_an_event_does_not_change_who_wins_among_the_rest() {
    // The same level with one more racer: each turn's winners are the old ones, except where
    // the newcomer beat them.
    let base = shared_world_level();
    let extra = {
        let mut t = String::new();
        t.push_str(&level_text_of_shared_world());
        t.push_str("\n[[events]]\nid = \"newcomer\"\ntitle = \"N\"\ntext = \"x\"\nweight = 3\n");
        scenario(&t)
    };
    let setup = Setup::new_game(&base);
    let mut agree = 0;
    for seed in 0..40 {
        let a = play(&base, seed, setup, &[]);
        let b = play(&extra, seed, setup, &[]);
        // In the first turn the eligible sets differ only by the newcomer: the winners among
        // the old events are the old winners, minus any the newcomer displaced.
        let first = |g: &Game| -> Vec<String> {
            fired(g)
                .into_iter()
                .filter(|(t, _)| *t == 0)
                .map(|(_, id)| id)
                .collect()
        };
        let (fa, fb) = (first(&a), first(&b));
        let without: Vec<String> = fb.iter().filter(|id| *id != "newcomer").cloned().collect();
        assert!(
            without.iter().all(|id| fa.contains(id)),
            "seed {seed}: {fa:?} vs {fb:?}"
        );
        agree += usize::from(fa == fb);
    }
    assert!(agree > 10, "the newcomer should not win every first turn");
}

fn level_text_of_shared_world() -> String {
    let mut text = HEAD.to_string();
    text.push_str(
        r#"
[[actions]]
id = "gamble"
name = "Gamble"
tradeoff = "x"
effects = [{ add = "capital", amount = 5, chance = 0.5 }]

[[actions]]
id = "spend"
name = "Spend"
tradeoff = "x"
cost = 1
"#,
    );
    for i in 0..8 {
        text.push_str(&format!(
            "\n[[events]]\nid = \"e{i}\"\ntitle = \"E{i}\"\ntext = \"x\"\nweight = {}\ncooldown = 1\n",
            i + 1
        ));
    }
    text.replace(
        "months = 12",
        "months = 12\nquiet_weight = 6\nevents_per_month = 2",
    )
}

#[test]
fn day_and_week_calendars() {
    let day = HEAD
        .replace(
            "start = \"2017-01\"",
            "start = \"1962-10-16\"\nturn = \"day\"",
        )
        .replace("months = 12", "turns = 13")
        + r#"
[[events]]
id = "address"
at = "1962-10-22"
title = "Address"
text = "x"
"#;
    let s = scenario(&day);
    let mut game = Game::new(Arc::clone(&s), 1);
    assert_eq!(game.state().date().label(), "16 Oct 1962");
    end_months(&mut game, 13);
    assert!(fired(&game).contains(&(6, "address".to_string())));
    assert!(game.is_over());
    // The game ended in its last turn, 28 October; nothing shows a day past it.
    assert_eq!(game.state().shown_turn(), 12);
    assert_eq!(game.state().date().label(), "28 Oct 1962");
    assert_eq!(game.state().date().iso(), "1962-10-28");
    assert_eq!(s.calendar(game.state().shown_turn()).label(), "28 Oct 1962");

    let week = HEAD.replace(
        "start = \"2017-01\"",
        "start = \"2017-12-25\"\nturn = \"week\"",
    ) + "\n[[events]]\nid = \"mid_week\"\nat = \"2018-01-03\"\ntitle = \"M\"\ntext = \"x\"\n";
    let s = scenario(&week);
    assert_eq!(s.calendar(1).label(), "1 Jan 2018");
    let mut game = Game::new(Arc::clone(&s), 1);
    end_months(&mut game, 3);
    // 3 January falls in the week of 1 January: turn 1.
    assert!(fired(&game).contains(&(1, "mid_week".to_string())));
}

#[test]
fn a_finished_monthly_game_shows_the_month_its_ending_fired_in() {
    let text = HEAD.replace(
        "[[endings]]",
        "[[endings]]\nid = \"early\"\ntitle = \"Early\"\ntext = \"x\"\ngrade = \"A\"\nwhen = \"turn >= 4\"\n\n[[endings]]",
    );
    let s = scenario(&text);
    let mut game = Game::new(Arc::clone(&s), 1);
    end_months(&mut game, 12);
    assert!(game.is_over());
    // The ending fired while month 5 (turn 4, May) resolved.
    assert_eq!(game.state().shown_turn(), 4);
    assert_eq!(game.state().calendar(), (5, 2017));
    let mut full = Game::new(scenario(HEAD), 1);
    end_months(&mut full, 12);
    assert_eq!(full.state().shown_turn(), 11);
    assert_eq!(full.state().date().label(), "Dec 2017");
}

#[test]
fn an_ending_with_a_hold_fires_after_its_streak_and_warns_before() {
    let text = HEAD.replace(
        "[[endings]]",
        r#"[[rules]]
id = "rise"
explain = "x"
effects = [{ add = "tension", amount = 10 }]

[[rules]]
id = "dip"
explain = "x"
when = "turn == 3"
effects = [{ add = "tension", amount = -40 }]

[[endings]]
id = "crisis"
title = "Crisis"
text = "x"
grade = "F"
when = "tension >= 40"
hold = 3

[[endings]]"#,
    );
    let s = scenario(&text);
    let mut game = Game::new(Arc::clone(&s), 1);
    end_months(&mut game, 12);
    let crisis = s.ending_id("crisis").expect("crisis");
    // Tension after each turn: 20, 30, 40 (turn 2: streak 1), 10 (turn 3: the dip breaks
    // it), 20, 30, 40 (turn 6: 1), 50 (2), 60 (turn 8: the third in a row).
    assert_eq!(game.ending(), Some(crisis));
    assert_eq!(game.state().shown_turn(), 8);
    let warnings: Vec<(u16, u16)> = game
        .state()
        .notices()
        .iter()
        .filter_map(|n| match n.kind {
            NoticeKind::Warning { ending, streak } if ending == crisis => Some((n.turn, streak)),
            _ => None,
        })
        .collect();
    assert_eq!(warnings, vec![(2, 1), (6, 1), (7, 2)]);
    let text = sixparty::engine::notice_text(
        &s,
        &NoticeKind::Warning {
            ending: crisis,
            streak: 2,
        },
    );
    assert!(text.title.contains("Crisis"), "{text:?}");
    assert!(text.body.contains("1 more"), "{text:?}");
}

#[test]
fn a_difficulty_applies_its_effects_at_the_start() {
    let text = format!(
        "{HEAD}\n[[difficulty]]\nid = \"normal\"\nlabel = \"Normal\"\n\n[[difficulty]]\nid = \"easy\"\nlabel = \"Easy\"\neffects = [{{ add = \"capital\", amount = 25 }}]\n"
    );
    let s = scenario(&text);
    let normal = Game::new(Arc::clone(&s), 1);
    assert_eq!(normal.capital(), 50.0);
    let easy = Game::with_setup(
        Arc::clone(&s),
        1,
        Setup {
            difficulty: s.difficulty_id("easy"),
            ..Setup::new_game(&s)
        },
    );
    assert_eq!(easy.capital(), 75.0);
    let capital = s.meta.capital;
    assert_eq!(easy.state().history_of(capital).next(), Some(75.0));
    assert_eq!(easy.state().setup().difficulty, s.difficulty_id("easy"));
}

/// Saves record the random streams and the difficulty, and replay with them: a new game on
/// stream 2 with the easy difficulty comes back identical; a save without the fields (as
/// written before they existed) replays on stream 1.
#[test]
fn saves_record_the_stream_and_the_difficulty() {
    use sixparty::save::{self, LoadOptions};
    use sixparty::session::Session;
    let text = format!(
        "{}\n[[difficulty]]\nid = \"normal\"\nlabel = \"Normal\"\n\n[[difficulty]]\nid = \"easy\"\nlabel = \"Easy\"\neffects = [{{ add = \"capital\", amount = 25 }}]\n",
        level_text_of_shared_world()
    );
    let (scenario, _) = level::load_str("t.toml", &text).expect("loads");
    let level = level::Level {
        scenario: Arc::new(scenario),
        origin: level::Origin::Builtin,
        hash: level::content_hash(&text),
        warnings: Vec::new(),
    };
    let s = Arc::clone(&level.scenario);
    for setup in [
        Setup {
            difficulty: s.difficulty_id("easy"),
            ..Setup::new_game(&s)
        },
        Setup {
            rng: 1,
            ..Setup::new_game(&s)
        },
    ] {
        let mut session = Session::with_setup(level.clone(), 5, setup);
        for _ in 0..4 {
            let gamble = s.action_id("gamble").expect("gamble");
            session.apply(Decision::Act(gamble)).expect("acts");
            session.apply(Decision::EndMonth).expect("ends");
        }
        let bytes = save::encode(&session, None).expect("encodes");
        let json = String::from_utf8(bytes.clone()).expect("utf-8");
        assert!(json.contains(&format!("\"rng\":{}", setup.rng)), "{json}");
        let file = std::path::Path::new("mem.json");
        let mut decoded = save::decode(file, &bytes).expect("decodes");
        assert_eq!(decoded.header.rng, setup.rng);
        let back = save::restore(file, decoded.clone(), level.clone(), LoadOptions::default())
            .expect("restores");
        assert_eq!(back.session.game().state(), session.game().state());
        if setup.rng == 1 {
            // Without the field, as old saves are: the default is stream 1.
            let stripped = json.replace("\"rng\":1,", "");
            assert!(!stripped.contains("\"rng\":1,"));
            decoded = save::decode(file, stripped.as_bytes()).expect("decodes");
            assert_eq!(decoded.header.rng, 1);
            save::restore(file, decoded, level.clone(), LoadOptions::default())
                .expect("an old-style save replays on stream 1");
        }
    }
}
