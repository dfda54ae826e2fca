//! The engine's invariants, checked the same way by every test that plays games
//! (`engine.rs`, `robustness.rs`, `soak.rs`). Each check returns what is broken, if anything,
//! so a test can assert, `prop_assert` or count it as it needs.

// Each test crate that includes this module uses only some of the checks.
#![allow(dead_code)]

use sixparty::engine::{Game, NoticeKind, game::MAX_EVENTS_PER_MONTH};

/// A variable outside its declared range (or not a finite number).
pub fn out_of_bounds(game: &Game) -> Option<String> {
    let vars = game.state().vars().iter().zip(&game.scenario().vars);
    vars.filter(|(value, def)| !(value.is_finite() && **value >= def.min && **value <= def.max))
        .map(|(value, def)| format!("{} = {value} outside {}..{}", def.id, def.min, def.max))
        .next()
}

/// A variable whose ledger entries do not add up to how far it moved from its start.
pub fn ledger_mismatch(game: &Game) -> Option<String> {
    let state = game.state();
    game.scenario()
        .vars
        .iter()
        .enumerate()
        .find_map(|(index, def)| {
            let recorded: f64 = (state.ledger().iter())
                .filter(|e| e.var.index() == index)
                .map(|e| e.delta)
                .sum();
            let actual = state.vars()[index] - def.start;
            // Written so that NaN counts as a mismatch.
            let adds_up = (recorded - actual).abs() < 1e-6;
            (!adds_up).then(|| {
                format!(
                    "the ledger of {} says {recorded}, it moved {actual}",
                    def.id
                )
            })
        })
}

/// A month with more events than the engine's cap.
pub fn over_event_cap(game: &Game) -> Option<String> {
    let state = game.state();
    let mut per_month = vec![0usize; usize::from(state.turn()) + 1];
    for n in state.notices() {
        if matches!(n.kind, NoticeKind::Event(_)) {
            per_month[usize::from(n.turn)] += 1;
        }
    }
    let month = (per_month.iter()).position(|&c| c > usize::from(MAX_EVENTS_PER_MONTH))?;
    Some(format!("{} events in month {month}", per_month[month]))
}
