//! Chance outcomes in words (issue 15): a level may word what chance (or the world) decided
//! — `said` / `said_if_not` on an effect, `say` effects for an outcome several effects make
//! together — and the news and the debrief's timeline state it ("Resolution 2371 passes
//! 15–0 …", "Pyongyang rebuffs the push …"), not only as meters that moved.

use std::sync::Arc;

use sixparty::engine::{Cause, Decision, Effect, Game, NoticeKind, Scenario, effects_of, said};
use sixparty::level::{self, builtin};
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, run_game};

fn level(id: &str) -> level::Level {
    builtin(id)
        .unwrap_or_else(|| panic!("'{id}' is not built in"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every list of effects a level declares, with the cause that applies it.
fn all_effects(s: &Scenario) -> Vec<(Cause, &[Effect])> {
    let mut out: Vec<Cause> = Vec::new();
    out.extend(s.action_ids().map(Cause::Action));
    for (i, e) in s.events.iter().enumerate() {
        let id = s.event_id(&e.id).expect("own id");
        out.push(Cause::Event(id));
        out.extend((0..e.options.len()).map(|o| Cause::Choice(id, o as u8)));
        assert_eq!(usize::from(id.0), i);
    }
    out.extend((0..s.rules.len()).map(|r| Cause::Rule(sixparty::engine::RuleId(r as u16))));
    out.extend([Cause::DealAccepted, Cause::DealRejected]);
    out.into_iter().map(|c| (c, effects_of(s, c))).collect()
}

/// The rolls that stay secret on purpose: whether Pyongyang has begun cheating, and whether
/// the inspectors catch it this month (the `cheating_found` event says so when they do).
/// News is what the player knows.
fn secret(s: &Scenario, e: &Effect) -> bool {
    let text = format!("{:?}", e.kind);
    let cheating = s.flags.iter().position(|f| f.id == "cheating");
    let found = s.event_id("cheating_found");
    cheating.is_some_and(|f| text == format!("SetFlag(FlagId({f}))"))
        || found.is_some_and(|ev| text == format!("Queue(EventId({}), 0)", ev.0))
}

/// Every chance in the built-in levels is worded (its outcome both ways), except the
/// secret ones; every UN vote's strength is worded for each of its four outcomes.
#[test]
fn every_builtin_chance_is_worded() {
    let mut worded = 0;
    for (id, _, _) in level::BUILTIN {
        let lv = level(id);
        let s = &lv.scenario;
        for (cause, effects) in all_effects(s) {
            for (i, e) in effects.iter().enumerate() {
                if e.chance.is_none() || secret(s, e) {
                    continue;
                }
                assert!(
                    said(s, cause, i as u16, true).is_some()
                        && said(s, cause, i as u16, false).is_some(),
                    "{id}: effect {i} of {cause:?} rolls a chance with no words"
                );
                worded += 1;
            }
            // A list that works out a UN vote's strength words every strength.
            let un_room = s.var_id("un_room");
            if effects.iter().any(
                |e| matches!(e.kind, sixparty::engine::EffectKind::Set(v, _) if Some(v) == un_room),
            ) {
                let says = effects
                    .iter()
                    .filter(|e| matches!(e.kind, sixparty::engine::EffectKind::Say))
                    .count();
                assert_eq!(
                    says, 4,
                    "{id}: {cause:?} sets un_room with {says} outcomes worded"
                );
            }
        }
    }
    // 5 + 6 + 6 in the North Korea levels, 1 each in the Iran level and Thirteen Days.
    assert!(worded >= 19, "only {worded} chances worded");
}

/// A fire-and-fury game states the August 2017 vote in words in the month's news and in
/// the debrief's timeline.
#[test]
fn the_un_vote_is_in_the_news_and_the_debrief() {
    let lv = level("fire-and-fury");
    let scenario = Arc::clone(&lv.scenario);
    let seed = 3;
    let played = run_game(&scenario, seed, StrategyKind::Memo, true);
    let mut game = Game::new(Arc::clone(&scenario), seed);
    let mut in_news = false;
    for d in &played.decisions {
        let outcome = game.apply(d).expect("replays");
        if matches!(d, Decision::Choose { .. }) {
            // The words come with the decision that made them, in the outcome's notices.
            for n in outcome.notices {
                if let NoticeKind::Said { cause, .. } = n.kind {
                    assert!(matches!(
                        cause,
                        Cause::Choice(..) | Cause::Event(_) | Cause::Rule(_)
                    ));
                }
            }
        }
        in_news |= sixparty::projection::news_items(&game)
            .iter()
            .any(|n| n.title.starts_with("Resolution 2371 passes 15–0") && n.icon == "»");
    }
    assert!(in_news, "the 2371 vote never appeared in words in the news");
    let session = Session::replay(lv, seed, &played.decisions).expect("replays");
    let report = sixparty::debrief::report(&session, None, 0);
    assert!(
        report.contains("- Outcome: Resolution 2371 passes 15–0"),
        "{report}"
    );
}

/// A chance's words come out the way the roll went, and only then; previews say nothing;
/// the format refuses `said_if_not` without a chance and `say` with `said`.
#[test]
fn words_follow_the_roll() {
    let text = r#"
[level]
id = "words"
title = "Words"
start = "2020-01"
months = 3
capital = "capital"
timeout_ending = "end"

[[variables]]
id = "capital"
start = 10

[[variables]]
id = "x"
start = 0

[[actions]]
id = "gamble"
name = "Gamble"
tradeoff = "Heads or tails."
effects = [
  { add = "x", amount = 1, chance = 0.5, said = "Heads.", said_if_not = "Tails." },
  { say = "Counted.", when = "x >= 0" },
  { say = "Never.", when = "x < 0" },
]

[[endings]]
id = "end"
title = "End"
text = "The end."
grade = "C"
"#;
    let (scenario, _) = level::load_str("words.toml", text).expect("valid");
    let scenario = Arc::new(scenario);
    let gamble = scenario.action_id("gamble").expect("declared");
    let (mut heads, mut tails) = (0, 0);
    for seed in 0..40 {
        let mut game = Game::new(Arc::clone(&scenario), seed);
        let preview = game.preview_action(gamble);
        assert!(preview.uncertain);
        let outcome = game.apply(&Decision::Act(gamble)).expect("acts");
        let words: Vec<String> = outcome
            .notices
            .iter()
            .filter(|n| matches!(n.kind, NoticeKind::Said { .. }))
            .map(|n| sixparty::engine::notice_text(&scenario, &n.kind).title)
            .collect();
        let rolled: Vec<bool> = outcome.chances.iter().map(|c| c.happened).collect();
        let won = game.state().var(scenario.var_id("x").expect("x")) > 0.0;
        assert_eq!(rolled, vec![won], "one roll, the one that decided x");
        let expected = if won { "Heads." } else { "Tails." };
        assert_eq!(words, vec![expected.to_string(), "Counted.".to_string()]);
        if won {
            heads += 1;
        } else {
            tails += 1;
        }
    }
    assert!(heads > 5 && tails > 5, "{heads} heads, {tails} tails");

    for (bad, message) in [
        (
            r#"{ add = "x", amount = 1, said_if_not = "Tails." }"#,
            "'said_if_not' needs a 'chance'",
        ),
        (
            r#"{ say = "A.", said = "B." }"#,
            "'say' already gives the words",
        ),
    ] {
        let broken = text.replace(r#"{ say = "Never.", when = "x < 0" }"#, bad);
        let Err(report) = level::load_str("words.toml", &broken) else {
            panic!("{bad} was accepted");
        };
        assert!(report.render().contains(message), "{}", report.render());
    }
}
