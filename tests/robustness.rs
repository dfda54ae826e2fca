//! Robustness and invariants under random input (proptest):
//! - mutated level files always load or fail with diagnostics, never panic;
//! - random decision sequences keep every variable in bounds, the ledger adding up to every
//!   change, and no month over the event cap.

mod invariants;

use std::sync::Arc;

use proptest::prelude::*;
use sixparty::engine::{ActionId, Decision, Game};
use sixparty::level::{self, BUILTIN};

/// Ways to damage a level file, applied to a real one.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut the file at a fraction of its length.
    Truncate(f64),
    /// Replace one byte (by relative position) with another.
    Byte(f64, u8),
    /// Delete one line.
    DeleteLine(f64),
    /// Duplicate one line.
    DuplicateLine(f64),
    /// Swap two lines.
    SwapLines(f64, f64),
    /// Insert a fragment of TOML-ish text at a line boundary.
    Insert(f64, &'static str),
}

const FRAGMENTS: &[&str] = &[
    "[[events]]\n",
    "when = \"(((\"\n",
    "amount = nan\n",
    "start = inf\n",
    "id = \"\u{1b}[31mred\"\n",
    "effects = [{ add = \"nope\", amount = 1 }]\n",
    "[level]\n",
    "x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
    "weight = \"1 / 0\"\n",
    "months = 99999999999999999999\n",
    "\"\n",
    "{ queue = \"missile_test\", after = 0 }\n",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let frac = 0.0..1.0f64;
    prop_oneof![
        frac.clone().prop_map(Mutation::Truncate),
        (frac.clone(), any::<u8>()).prop_map(|(f, b)| Mutation::Byte(f, b)),
        frac.clone().prop_map(Mutation::DeleteLine),
        frac.clone().prop_map(Mutation::DuplicateLine),
        (frac.clone(), frac.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (frac, prop::sample::select(FRAGMENTS)).prop_map(|(f, s)| Mutation::Insert(f, s)),
    ]
}

fn at(len: usize, f: f64) -> usize {
    ((len as f64) * f)
        .floor()
        .min(len.saturating_sub(1) as f64)
        .max(0.0) as usize
}

fn apply(text: &str, m: &Mutation) -> Vec<u8> {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match m {
        Mutation::Truncate(f) => text.as_bytes()[..at(text.len() + 1, *f)].to_vec(),
        Mutation::Byte(f, b) => {
            let mut bytes = text.as_bytes().to_vec();
            let i = at(bytes.len(), *f);
            bytes[i] = *b;
            bytes
        }
        Mutation::DeleteLine(f) => {
            lines.remove(at(lines.len(), *f));
            lines.concat().into_bytes()
        }
        Mutation::DuplicateLine(f) => {
            let i = at(lines.len(), *f);
            lines.insert(i, lines[i]);
            lines.concat().into_bytes()
        }
        Mutation::SwapLines(a, b) => {
            let (i, j) = (at(lines.len(), *a), at(lines.len(), *b));
            lines.swap(i, j);
            lines.concat().into_bytes()
        }
        Mutation::Insert(f, s) => {
            lines.insert(at(lines.len() + 1, *f), s);
            lines.concat().into_bytes()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_levels_never_panic(level in 0..BUILTIN.len(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let (_, file, text) = BUILTIN[level];
        let mut bytes = text.as_bytes().to_vec();
        for m in &mutations {
            bytes = apply(&String::from_utf8_lossy(&bytes), m);
        }
        // Not UTF-8 is the file loader's job; here we feed the lossy text to the parser.
        let text = String::from_utf8_lossy(&bytes);
        match level::load_str(file, &text) {
            Ok((scenario, _)) => {
                // A level that still loads must still play a month without trouble.
                let mut game = Game::new(Arc::new(scenario), 1);
                let _ = game.apply(&Decision::EndMonth);
            }
            Err(report) => {
                prop_assert!(report.has_errors());
                let rendered = report.render();
                prop_assert!(rendered.starts_with(file), "{}", rendered);
                prop_assert!(!rendered.contains('\u{1b}'), "escape codes leaked: {rendered:?}");
            }
        }
    }

    #[test]
    fn random_decisions_keep_the_invariants(
        level in 0..BUILTIN.len(),
        seed in any::<u64>(),
        choices in prop::collection::vec((0u8..5, any::<u16>(), any::<u8>()), 1..300),
    ) {
        let (id, _, _) = BUILTIN[level];
        let scenario = level::builtin(id).expect("listed").expect("valid").scenario;
        let mut game = Game::new(Arc::clone(&scenario), seed);
        for (kind, a, b) in choices {
            if game.is_over() {
                break;
            }
            let decision = match kind {
                0 => Decision::EndMonth,
                1 => Decision::Choose {
                    event: game.pending_event().unwrap_or(sixparty::engine::ANY_EVENT),
                    option: b % 4,
                },
                2 => Decision::Table(scenario.terms.iter().map(|t| b % (t.max_level + 1)).collect()),
                _ => Decision::Act(ActionId(a % scenario.actions.len().max(1) as u16)),
            };
            let before = game.state().clone();
            if game.apply(&decision).is_err() {
                prop_assert_eq!(game.state(), &before, "a refused decision changed the state");
            }
            let broken = invariants::out_of_bounds(&game);
            prop_assert!(broken.is_none(), "{:?}", broken);
        }
        let broken = invariants::ledger_mismatch(&game).or_else(|| invariants::over_event_cap(&game));
        prop_assert!(broken.is_none(), "{:?}", broken);
    }
}
