//! Turning points that are the student's.
//!
//! A month's score is how much the student's own decisions moved the lesson's meters that
//! month — each decision's own ledger entries, an answer measured against the default
//! answer — with each meter's movement weighted by the weight the level declares for it or,
//! by default, by one over its typical monthly movement in this game (the root mean square
//! of its net monthly change: a standard deviation around no change). A stage that moved
//! three steps in 36 months counts a step as about 3.5 typical moves; a meter that swings
//! five points a month counts a ten-point jolt as two. Months the rules and events moved while the student did nothing of their own
//! (no action, no package, default answers) score zero and are never turning points.

use crate::engine::{Game, Scenario, VarId};
use crate::explain;

use super::record::Step;

/// A month the student's decisions moved the lesson's meters.
#[derive(Debug, Clone, PartialEq)]
pub struct TurningPoint {
    pub turn: u16,
    /// Weighted movement of the lesson's meters by the student's decisions that month.
    pub score: f64,
    /// The student's net change to each lesson meter that month (only those it changed).
    pub moves: Vec<(VarId, f64)>,
    /// The month's decisions that moved a lesson meter: (index into the steps, weighted
    /// movement), biggest first.
    pub decisions: Vec<(usize, f64)>,
}

/// How much one unit of change of each meter counts, in the order of `vars`.
pub fn weights(game: &Game, vars: &[VarId]) -> Vec<f64> {
    let scenario = game.scenario();
    let months = game.state().turn();
    vars.iter()
        .map(|&v| {
            if let Some(w) = declared_weight(scenario, v) {
                return w;
            }
            let def = scenario.var(v);
            // The typical size of a month's movement: the root mean square of the net
            // monthly change over the months played (a standard deviation around no change).
            let typical = if months == 0 {
                0.0
            } else {
                ((0..months)
                    .map(|t| explain::month_change(game, v, t).powi(2))
                    .sum::<f64>()
                    / f64::from(months))
                .sqrt()
            };
            1.0 / typical.max((def.max - def.min).abs() * 0.005).max(1e-6)
        })
        .collect()
}

/// The weight a level declares for a meter's movement, if it does.
fn declared_weight(scenario: &Scenario, var: VarId) -> Option<f64> {
    scenario.var(var).weight
}

/// The `count` months the student's decisions moved the lesson's meters most, biggest first
/// (ties: the earlier month).
pub fn turning_points(
    game: &Game,
    steps: &[Step],
    vars: &[VarId],
    count: usize,
) -> Vec<TurningPoint> {
    let weights = weights(game, vars);
    let score_of = |moves: &dyn Fn(VarId) -> f64| -> f64 {
        vars.iter()
            .zip(&weights)
            .map(|(&v, w)| moves(v).abs() * w)
            .sum()
    };
    let mut points: Vec<TurningPoint> = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        let turn = steps[i].turn;
        let end = steps[i..]
            .iter()
            .position(|s| s.turn != turn)
            .map_or(steps.len(), |n| i + n);
        let month = &steps[i..end];
        let net = |v: VarId| month.iter().map(|s| s.effect_on(v)).sum::<f64>();
        let score = score_of(&net);
        if score > 1e-9 {
            let moves = vars
                .iter()
                .map(|&v| (v, net(v)))
                .filter(|(_, d)| d.abs() > 1e-9)
                .collect();
            let mut decisions: Vec<(usize, f64)> = (i..end)
                .map(|k| (k, score_of(&|v| steps[k].effect_on(v))))
                .filter(|(_, s)| *s > 1e-9)
                .collect();
            decisions.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            points.push(TurningPoint {
                turn,
                score,
                moves,
                decisions,
            });
        }
        i = end;
    }
    points.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.turn.cmp(&b.turn)));
    points.truncate(count);
    points
}
