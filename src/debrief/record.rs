//! One pass over a session's decision log, keeping what the final state forgets: every
//! party's verdict on each tabled package, what each decision changed by itself (its own
//! ledger entries), and, for every answer to an event, what the default answer would have
//! changed instead.
//!
//! The default answer is the one the `passive` strategy gives (an option tagged `passive`,
//! else the first available): the "unperturbed line" a student's answer is measured against.

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

use crate::engine::{Cause, Decision, EventId, Game, VarId, Verdict};
use crate::session::Session;
use crate::sim::{Strategy, StrategyKind};

/// One decision of the log with what it did.
#[derive(Debug, Clone)]
pub struct Step {
    /// Its position in the session's log.
    pub index: usize,
    /// The 0-based month it was taken in (answers belong to the month whose events they answer).
    pub turn: u16,
    pub decision: Decision,
    /// For an answer: the event it answered.
    pub event: Option<EventId>,
    /// For an answer: whether it was the default answer (so it changed nothing the
    /// unperturbed line would not have).
    pub default_answer: bool,
    /// The decision's own changes, summed per variable: its effects, chance outcomes
    /// included, and its cost.
    pub own: Vec<(VarId, f64)>,
    /// What the decision changed against the unperturbed line: `own` for an action or a
    /// package; for an answer, `own` minus what the default answer would have changed
    /// (nothing for the default answer itself).
    pub effect: Vec<(VarId, f64)>,
    /// For a package: every party's verdict, in party order.
    pub verdicts: Vec<Verdict>,
    /// For an answer: the options that could have been chosen instead.
    pub other_options: Vec<u8>,
}

impl Step {
    /// The decision's net change to `var`.
    pub fn effect_on(&self, var: VarId) -> f64 {
        self.effect
            .iter()
            .find(|(v, _)| *v == var)
            .map_or(0.0, |(_, d)| *d)
    }
}

/// Whether a ledger cause belongs to this decision.
fn owns(decision: &Decision, event: Option<EventId>, cause: Cause) -> bool {
    match (decision, cause) {
        (Decision::Act(a), Cause::Action(b) | Cause::ActionCost(b)) => *a == b,
        (Decision::Table(_), Cause::DealCost | Cause::DealAccepted | Cause::DealRejected) => true,
        (Decision::Choose { option: o, .. }, Cause::Choice(e, p)) => event == Some(e) && *o == p,
        _ => false,
    }
}

/// Add `delta` to `var` in a per-variable sum.
fn add(sums: &mut Vec<(VarId, f64)>, var: VarId, delta: f64) {
    match sums.iter_mut().find(|(v, _)| *v == var) {
        Some((_, total)) => *total += delta,
        None => sums.push((var, delta)),
    }
}

/// Changes summed per variable.
pub type Changes = Vec<(VarId, f64)>;

/// The changes `decision` makes by itself when applied to `game` (which it mutates), and the
/// parties' verdicts if it tables a package.
fn own_changes(game: &mut Game, decision: &Decision) -> Option<(Changes, Vec<Verdict>)> {
    let event = game.pending_event();
    let before = game.state().ledger().len();
    let verdicts = match decision {
        Decision::Table(levels) => game.table(levels).ok()?,
        other => {
            game.apply(other).ok()?;
            Vec::new()
        }
    };
    let mut sums = Vec::new();
    for entry in &game.state().ledger()[before..] {
        if owns(decision, event, entry.cause) {
            add(&mut sums, entry.var, entry.delta);
        }
    }
    Some((sums, verdicts))
}

/// Replay the session's log from its start and record every decision but the ends of
/// months. Stops where the log stops replaying (a changed level), keeping what came before.
pub fn record(session: &Session) -> Vec<Step> {
    let fresh = session.rewound_to(0);
    let mut game = fresh.game().clone();
    let mut passive = Strategy::new(StrategyKind::Passive);
    // The passive strategy throws no dice; the generator only satisfies the signature.
    let mut dice = ChaCha8Rng::seed_from_u64(0);
    let mut steps = Vec::new();
    for (index, decision) in session.log().iter().enumerate() {
        let turn = game.state().turn();
        let event = game.pending_event();
        let default = event.map(|_| passive.decide(&game, &mut dice));
        let other_options: Vec<u8> = match (event, decision) {
            (Some(e), Decision::Choose { option: chosen, .. }) => {
                (0..game.scenario().event(e).options.len())
                    .map(|i| i as u8)
                    .filter(|&i| i != *chosen && game.option_available(i))
                    .collect()
            }
            _ => Vec::new(),
        };
        let baseline = match &default {
            Some(d) if d != decision => {
                let mut probe = game.clone();
                own_changes(&mut probe, d).map(|(sums, _)| sums)
            }
            _ => None,
        };
        let Some((own, verdicts)) = own_changes(&mut game, decision) else {
            break;
        };
        let mut effect = own.clone();
        if *decision == Decision::EndMonth {
            continue;
        }
        let default_answer = default.as_ref() == Some(decision);
        if default_answer {
            // The unperturbed line would have done the same: nothing of it is the student's.
            effect.clear();
        }
        for (var, delta) in baseline.unwrap_or_default() {
            add(&mut effect, var, -delta);
        }
        effect.retain(|(_, d)| d.abs() > 1e-9);
        steps.push(Step {
            index,
            turn,
            decision: decision.clone(),
            event,
            default_answer,
            own,
            effect,
            verdicts,
            other_options,
        });
    }
    steps
}
