//! Help texts speak the level's turn: on a day level (Thirteen Days) an ending that must
//! hold says days, not months. Keys are typed through the key map (see `ui_support`).

mod ui_support;

use ui_support::*;

#[test]
fn the_help_says_how_long_an_ending_must_hold_in_the_levels_turns() {
    let mut m = in_builtin_game("thirteen-days");
    keys(&mut m, "?");
    let screen = render(&mut m, 160, 50);
    assert!(screen.contains("(must hold 2 days)"), "{screen}");
    assert!(!screen.contains("must hold 2 months"), "{screen}");
}
