//! The month summary: the few changes of a month that mattered, each with its main cause,
//! and the standing rules' drift folded into one line — what the news shows first.

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
    MonthSummary {
        changes,
        rules: rules.len(),
        rule_meters: rule_meters.len(),
    }
}
