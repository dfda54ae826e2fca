//! `play --watch`: the level's file changed under a game. The game is replayed on the new
//! level by name and the footer says where it first differs; a broken edit leaves the game
//! as it was. Keys are typed through the key map (see `ui_support`).

mod ui_support;

use ui_support::*;

/// Take the first action on the list (Enter on the actions panel) and end two months.
fn play_a_little(m: &mut Ui) {
    keys(m, "<Enter>");
    next_month(m);
    next_month(m);
}

#[test]
fn an_unchanged_level_reloads_to_the_same_game() {
    let mut m = in_game();
    play_a_little(&mut m);
    let before = game(&m).state().clone();
    m.0.reload_level(Ok(level()));
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains("Reloaded: the same game"), "{status}");
    assert_eq!(*game(&m).state(), before);
    // The game goes on.
    next_month(&mut m);
    assert_eq!(turn(&m), 3);
}

#[test]
fn an_edited_level_replays_by_name_and_says_where_the_game_differs() {
    let mut m = in_game();
    play_a_little(&mut m);
    let taken = m.game.as_ref().expect("in game").session.log()[0].clone();
    let sixparty::engine::Decision::Act(action) = taken else {
        panic!("the first decision is the action typed: {taken:?}")
    };
    let id = game(&m).scenario().action(action).id.clone();
    // The action typed is never available in the edited level: the replay stops before it.
    let edited = FIXTURE.replacen(
        &format!("id = \"{id}\"\n"),
        &format!("id = \"{id}\"\navailable = \"false\"\n"),
        1,
    );
    assert_ne!(edited, FIXTURE);
    m.0.reload_level(Ok(level_from("ui-level.toml", &edited)));
    let status = m.status.clone().unwrap_or_default();
    assert!(
        status.contains("differs from month 1") && status.contains(&format!("'{id}' refused")),
        "{status}"
    );
    assert_eq!(turn(&m), 0);
    assert!(m.game.as_ref().expect("in game").session.log().is_empty());
}

#[test]
fn a_broken_edit_keeps_the_game() {
    let mut m = in_game();
    play_a_little(&mut m);
    let before = game(&m).state().clone();
    m.0.reload_level(Err(
        "ui-level.toml:3:1: error: unknown key 'titel'\n  |\n".into()
    ));
    let status = m.status.clone().unwrap_or_default();
    assert!(
        status.contains("Not reloaded") && status.contains("unknown key 'titel'"),
        "{status}"
    );
    assert_eq!(*game(&m).state(), before);
}
