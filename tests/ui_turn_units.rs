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

/// `N` on a day level counts days and gives its reasons in days.
#[test]
fn fast_forward_counts_the_levels_turns() {
    let mut m = in_builtin_game("thirteen-days");
    keys(&mut m, "N");
    let status = m.status.clone().unwrap_or_default();
    assert!(status.starts_with("Fast-forwarded "), "{status}");
    assert!(
        status.contains(" day") && !status.contains("month"),
        "{status}"
    );
}
