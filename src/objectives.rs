//! Objectives: each ending of a level as a goal a player can track — its condition in words,
//! how far each meter is from the threshold it must cross, how many months that is at the
//! recent trend, and whether the ending could come next month.
//!
//! Generic over levels: the level's `goal` and `progress` are used when it gives them; when it
//! does not, the goal is derived from the ending's `when` — each `and`-ed comparison of a
//! variable with a number (`program >= 100`) becomes a threshold with a distance and a
//! projection. Other parts of a condition (flags, deal terms) are counted, not measured.
//! Read-only: draws nothing, changes nothing.

use crate::engine::expr::{Ast, BinOp, parse};
use crate::engine::{EndingId, Game, VarId};

/// Months of history the trend is measured over.
const TREND_MONTHS: usize = 3;
/// Projections further out than this are not worth a number ("not at this rate").
const HORIZON: u32 = 120;

/// One `variable <op> number` part of an ending's condition, measured now.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub var: VarId,
    /// The ending needs the value at or above `at` (else at or below).
    pub above: bool,
    pub at: f64,
    pub value: f64,
    /// Change per month over the last few months (0 with no history).
    pub rate: f64,
}

impl Threshold {
    pub fn met(&self) -> bool {
        if self.above {
            self.value >= self.at
        } else {
            self.value <= self.at
        }
    }

    /// How far the value still has to move (0 when met).
    pub fn gap(&self) -> f64 {
        if self.met() {
            0.0
        } else {
            (self.at - self.value).abs()
        }
    }

    /// Months until the threshold is crossed if the recent trend goes on; `None` when the
    /// trend moves away from it, is flat, or is further off than ten years.
    pub fn months_to_cross(&self) -> Option<u32> {
        if self.met() {
            return Some(0);
        }
        let toward = if self.above { self.rate } else { -self.rate };
        if toward <= 1e-9 {
            return None;
        }
        let months = (self.gap() / toward).ceil();
        (months <= f64::from(HORIZON)).then_some(months.max(1.0) as u32)
    }
}

/// An ending seen as an objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    pub ending: EndingId,
    pub title: String,
    /// The condition in words: the level's `goal`, else derived from the thresholds.
    pub goal: String,
    /// The level worded the goal (else it was derived from the condition).
    pub stated: bool,
    pub victory: bool,
    /// Checked only when the time limit is reached.
    pub at_time_limit: bool,
    pub thresholds: Vec<Threshold>,
    /// Parts of the condition that are not a variable against a number.
    pub other_parts: usize,
    /// How close, 0..1: the level's `progress` if given, else the share of parts met
    /// (unmeasured parts count as met only when the whole condition holds).
    pub progress: f64,
    /// The whole condition holds now.
    pub holds: bool,
    /// Months the condition must hold in a row before the ending fires.
    pub hold: u16,
}

impl Objective {
    /// The first threshold not yet met (the one to watch).
    pub fn next_threshold(&self) -> Option<&Threshold> {
        self.thresholds.iter().find(|t| !t.met())
    }

    /// Months until the ending's measured parts are all met at the recent trends, when every
    /// unmeasured part already holds or there is none.
    pub fn months_away(&self) -> Option<u32> {
        if self.holds {
            return Some(0);
        }
        if self.other_parts > 0 || self.thresholds.is_empty() {
            return None;
        }
        self.thresholds
            .iter()
            .map(Threshold::months_to_cross)
            .try_fold(0, |most, m| m.map(|m| most.max(m)))
    }

    /// Whether the ending could come at the end of this month or the next: the warning the
    /// month before it can fire. Endings checked only at the time limit warn in the last
    /// two months.
    pub fn warning(&self, months_left: u32) -> bool {
        if self.at_time_limit {
            return self.holds && months_left <= 2;
        }
        self.months_away().is_some_and(|m| m <= 1)
    }
}

/// Every ending with a condition that can become true, in the level's order. The catch-all
/// time-limit ending (`when = "true"`) is left out: it is not something to aim for.
pub fn objectives(game: &Game) -> Vec<Objective> {
    let s = game.scenario();
    let st = game.state();
    s.endings
        .iter()
        .enumerate()
        .filter(|(_, e)| e.condition.as_constant().is_none())
        .map(|(i, e)| {
            let (thresholds, other_parts) = thresholds(game, e.condition.text());
            let holds = e.condition.holds(st);
            let parts = thresholds.len() + other_parts;
            let met =
                thresholds.iter().filter(|t| t.met()).count() + if holds { other_parts } else { 0 };
            let progress = match &e.progress {
                Some(p) => game.eval(p).clamp(0.0, 1.0),
                None if parts == 0 => f64::from(u8::from(holds)),
                None => met as f64 / parts as f64,
            };
            let stated = !e.goal.trim().is_empty();
            let goal = if !stated {
                derived_goal(game, &thresholds, other_parts)
            } else {
                e.goal.clone()
            };
            Objective {
                ending: EndingId(i as u16),
                title: e.title.clone(),
                goal,
                stated,
                victory: e.victory,
                at_time_limit: e.at_time_limit,
                thresholds,
                other_parts,
                progress,
                holds,
                hold: e.hold.max(1),
            }
        })
        .collect()
}

/// Months left in the game, counting this one.
pub fn months_left(game: &Game) -> u32 {
    u32::from(game.scenario().meta.length).saturating_sub(u32::from(game.state().turn()))
}

/// "Program ≥ 100 and Tension ≤ 5 (+2 more conditions)".
fn derived_goal(game: &Game, thresholds: &[Threshold], other_parts: usize) -> String {
    let s = game.scenario();
    let mut parts: Vec<String> = thresholds
        .iter()
        .map(|t| {
            format!(
                "{} {} {}",
                s.var(t.var).label,
                if t.above { "≥" } else { "≤" },
                crate::projection::num(t.at)
            )
        })
        .collect();
    match other_parts {
        0 => {}
        1 if parts.is_empty() => parts.push("a condition of the talks".into()),
        n => parts.push(format!(
            "{n} more condition{}",
            if n == 1 { "" } else { "s" }
        )),
    }
    parts.join(" and ")
}

/// The thresholds among a condition's `and`-ed parts, and how many parts are something else.
fn thresholds(game: &Game, text: &str) -> (Vec<Threshold>, usize) {
    let Ok(ast) = parse(text) else {
        return (Vec::new(), 1);
    };
    let mut parts = Vec::new();
    conjuncts(&ast, &mut parts);
    let mut found = Vec::new();
    let mut other = 0;
    for part in parts {
        match threshold(game, part) {
            Some(t) => found.push(t),
            None => other += 1,
        }
    }
    (found, other)
}

fn conjuncts<'a>(ast: &'a Ast, out: &mut Vec<&'a Ast>) {
    match ast {
        Ast::Binary(BinOp::And, l, r) => {
            conjuncts(l, out);
            conjuncts(r, out);
        }
        other => out.push(other),
    }
}

fn threshold(game: &Game, ast: &Ast) -> Option<Threshold> {
    let Ast::Binary(op, l, r) = ast else {
        return None;
    };
    // `name op number`, or `number op name` read the other way round.
    let (name, at, above) = match (&**l, &**r) {
        (Ast::Name { name, .. }, Ast::Num(n)) => (name, *n, matches!(op, BinOp::Ge | BinOp::Gt)),
        (Ast::Num(n), Ast::Name { name, .. }) => (name, *n, matches!(op, BinOp::Le | BinOp::Lt)),
        _ => return None,
    };
    if !matches!(op, BinOp::Ge | BinOp::Gt | BinOp::Le | BinOp::Lt) {
        return None;
    }
    let var = game.scenario().var_id(name)?;
    let value = game.state().var(var);
    Some(Threshold {
        var,
        above,
        at,
        value,
        rate: trend(game, var),
    })
}

/// Change per month over the last [`TREND_MONTHS`] months of history, this month's changes
/// so far included.
fn trend(game: &Game, var: VarId) -> f64 {
    let st = game.state();
    let mut hist: Vec<f64> = st.history_of(var).collect();
    hist.push(st.var(var));
    let n = hist.len();
    if n < 2 {
        return 0.0;
    }
    let span = (n - 1).min(TREND_MONTHS);
    (hist[n - 1] - hist[n - 1 - span]) / span as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(above: bool, at: f64, value: f64, rate: f64) -> Threshold {
        Threshold {
            var: VarId(0),
            above,
            at,
            value,
            rate,
        }
    }

    #[test]
    fn months_to_cross_extrapolates_the_trend_toward_the_threshold_only() {
        assert_eq!(t(true, 100.0, 70.0, 4.0).months_to_cross(), Some(8));
        assert_eq!(t(true, 100.0, 70.0, -1.0).months_to_cross(), None);
        assert_eq!(t(false, 5.0, 20.0, -5.0).months_to_cross(), Some(3));
        assert_eq!(t(true, 100.0, 100.0, 0.0).months_to_cross(), Some(0));
        assert_eq!(
            t(true, 100.0, 0.0, 0.1).months_to_cross(),
            None,
            "past the horizon"
        );
    }
}
