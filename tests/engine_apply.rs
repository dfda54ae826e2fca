//! `Game::apply` is the one way a game changes and says what happened (issue 13.4): an
//! answer names the event it answers and the engine checks it; tabling returns the parties'
//! verdicts; chance effects report their rolls; the old `Choose(index)` shape still reads.

use std::sync::Arc;

use sixparty::engine::{ANY_EVENT, Cause, Decision, EngineError, Game, NoticeKind, Scenario};
use sixparty::level;

fn thirteen_days() -> Arc<Scenario> {
    level::builtin("thirteen-days")
        .expect("built in")
        .expect("valid")
        .scenario
}

/// End days until an event waits for an answer.
fn until_pending(game: &mut Game) {
    while game.pending_event().is_none() && !game.is_over() {
        game.apply(&Decision::EndMonth).expect("ends the day");
    }
}

#[test]
fn an_answer_names_its_event_and_the_engine_checks_it() {
    let s = thirteen_days();
    let mut game = Game::new(Arc::clone(&s), 1);
    until_pending(&mut game);
    let waiting = game.pending_event().expect("the address waits");
    assert_eq!(s.event(waiting).id, "address");
    let other = s.event_id("u2_shot_down").expect("event");
    let before = game.state().clone();
    assert_eq!(
        game.apply(&Decision::Choose {
            event: other,
            option: 0
        }),
        Err(EngineError::WrongEvent)
    );
    assert_eq!(game.state(), &before, "a refused answer changes nothing");
    let outcome = game
        .apply(&game.answer(0).expect("an event waits"))
        .expect("answers");
    assert!(
        outcome
            .notices
            .iter()
            .any(|n| n.kind == NoticeKind::Choice(waiting, 0)),
        "{outcome:?}"
    );
}

#[test]
fn the_end_of_a_turn_reports_its_notices() {
    let s = thirteen_days();
    let mut game = Game::new(Arc::clone(&s), 1);
    let outcome = game.apply(&Decision::EndMonth).expect("ends the day");
    let photographs = s.event_id("photographs").expect("event");
    assert!(
        outcome
            .notices
            .iter()
            .any(|n| n.kind == NoticeKind::Event(photographs) && n.turn == 0),
        "{outcome:?}"
    );
    let added = outcome.notices.to_vec();
    let all = game.state().notices();
    assert_eq!(added.as_slice(), &all[all.len() - added.len()..]);
}

#[test]
fn tabling_returns_the_verdicts_and_chances_report_their_rolls() {
    let s = thirteen_days();
    let mut game = Game::new(Arc::clone(&s), 2);
    let channel = s.action_id("back_channel").expect("action");
    game.apply(&Decision::Act(channel))
        .expect("opens the channel");
    let outcome = game.apply(&Decision::Table(vec![1, 1, 1])).expect("tables");
    assert_eq!(outcome.verdicts.len(), s.parties.len());
    assert!(
        outcome
            .notices
            .iter()
            .any(|n| matches!(n.kind, NoticeKind::Package { .. }))
    );
    // The private assurance has a 30% chance of a leak: each roll is reported.
    let reassure = s.action_id("reassure").expect("action");
    let outcome = game.apply(&Decision::Act(reassure)).expect("reassures");
    assert_eq!(outcome.chances.len(), 1);
    assert_eq!(outcome.chances[0].cause, Cause::Action(reassure));
    assert_eq!(outcome.chances[0].effect, 2);
    assert!((outcome.chances[0].chance - 0.3).abs() < 1e-12);
}

#[test]
fn old_answers_without_an_event_still_read_and_replay() {
    let old: Decision = serde_json::from_str(r#"{"choose":1}"#).expect("old shape");
    assert_eq!(
        old,
        Decision::Choose {
            event: ANY_EVENT,
            option: 1
        }
    );
    let new = Decision::Choose {
        event: sixparty::engine::EventId(3),
        option: 1,
    };
    let json = serde_json::to_string(&new).expect("serialises");
    assert_eq!(json, r#"{"choose":{"event":3,"option":1}}"#);
    assert_eq!(serde_json::from_str::<Decision>(&json).expect("reads"), new);
    // An old answer takes whichever event waits.
    let s = thirteen_days();
    let mut game = Game::new(Arc::clone(&s), 1);
    until_pending(&mut game);
    game.apply(&Decision::Choose {
        event: ANY_EVENT,
        option: 0,
    })
    .expect("answers the waiting event");
}
