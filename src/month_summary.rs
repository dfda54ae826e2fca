//! The month summary: the few changes of a month that mattered, each with its main cause,
//! and the standing rules' drift folded into one line (their net change per meter) — what
//! the news shows first. The news below lists the rules as one item too.

use crate::engine::{Cause, Game, VarId};
use crate::projection::meter_ids;

/// A meter's net change over a month and what moved it most.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub var: VarId,
    pub net: f64,
    /// The cause with the largest share of the change; a standing rule only when nothing
    /// else moved the meter.
    pub cause: Cause,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthSummary {
    /// Largest first (relative to each meter's range), at most the number asked for.
    pub changes: Vec<Change>,
    /// How many standing rules moved something, and how many meters they moved.
    pub rules: usize,
    pub rule_meters: usize,
    /// The standing rules' net change to each meter (and the capital) that moved by half a
    /// point or more, largest first (relative to range): the one line they fold into.
    pub drift: Vec<(VarId, f64)>,
}

/// The summary of month `turn` (0-based): at most `most` changes of at least half a point
/// (smaller ones round to nothing on screen).
pub fn month_summary(game: &Game, turn: u16, most: usize) -> MonthSummary {
    let s = game.scenario();
    let entries: Vec<_> = game
        .state()
        .ledger()
        .iter()
        .filter(|e| e.turn == turn)
        .collect();
    let mut changes = Vec::new();
    for v in meter_ids(s) {
        let mine: Vec<_> = entries.iter().filter(|e| e.var == v).collect();
        let net: f64 = mine.iter().map(|e| e.delta).sum();
        if net.abs() < 0.5 {
            continue;
        }
        let pick = |rules: bool| {
            mine.iter()
                .filter(|e| matches!(e.cause, Cause::Rule(_)) == rules)
                .max_by(|a, b| a.delta.abs().total_cmp(&b.delta.abs()))
                .map(|e| e.cause)
        };
        if let Some(cause) = pick(false).or_else(|| pick(true)) {
            changes.push(Change { var: v, net, cause });
        }
    }
    let size = |c: &Change| {
        let d = s.var(c.var);
        c.net.abs() / (d.max - d.min).max(1.0)
    };
    changes.sort_by(|a, b| size(b).total_cmp(&size(a)));
    changes.truncate(most);
    let mut rules = Vec::new();
    let mut rule_meters = Vec::new();
    for e in &entries {
        if let Cause::Rule(r) = e.cause {
            if !rules.contains(&r) {
                rules.push(r);
            }
            if !rule_meters.contains(&e.var) {
                rule_meters.push(e.var);
            }
        }
    }
    let mut drift: Vec<(VarId, f64)> = rule_meters
        .iter()
        .filter(|&&v| v == s.meta.capital || s.var(v).shown)
        .map(|&v| {
            let net: f64 = entries
                .iter()
                .filter(|e| e.var == v && matches!(e.cause, Cause::Rule(_)))
                .map(|e| e.delta)
                .sum();
            (v, net)
        })
        .filter(|(_, net)| net.abs() >= 0.5)
        .collect();
    let relative = |(v, net): &(VarId, f64)| {
        let d = s.var(*v);
        net.abs() / (d.max - d.min).max(1.0)
    };
    drift.sort_by(|a, b| relative(b).total_cmp(&relative(a)));
    MonthSummary {
        changes,
        rules: rules.len(),
        rule_meters: rule_meters.len(),
        drift,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Decision;

    /// The campaign's first month: the summary names at most three changes, each with a
    /// cause that is not a standing rule when anything else moved the meter, and the rules'
    /// drift adds up to what the ledger says they did.
    #[test]
    fn a_month_folds_its_standing_rules_into_one_drift() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("listed")
            .expect("valid");
        let mut game = Game::new(level.scenario.clone(), 7);
        for _ in 0..3 {
            if game.is_over() {
                break;
            }
            while game.pending_event().is_some() {
                if game
                    .apply(&Decision::Choose {
                        event: game.pending_event().expect("pending"),
                        option: 0,
                    })
                    .is_err()
                {
                    break;
                }
            }
            let _ = game.apply(&Decision::EndMonth);
        }
        let sum = month_summary(&game, 0, 3);
        assert!(sum.changes.len() <= 3);
        assert!(sum.rules > 0, "the campaign's rules moved something");
        for (v, net) in &sum.drift {
            let ledger: f64 = game
                .state()
                .ledger()
                .iter()
                .filter(|e| e.turn == 0 && e.var == *v && matches!(e.cause, Cause::Rule(_)))
                .map(|e| e.delta)
                .sum();
            assert!((ledger - net).abs() < 1e-9);
            assert!(net.abs() >= 0.5);
        }
        for c in &sum.changes {
            let other = game
                .state()
                .ledger()
                .iter()
                .any(|e| e.turn == 0 && e.var == c.var && !matches!(e.cause, Cause::Rule(_)));
            assert_eq!(!matches!(c.cause, Cause::Rule(_)), other, "{c:?}");
        }
    }
}
