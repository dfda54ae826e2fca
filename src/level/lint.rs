//! Warnings for a level that loads but has parts that do nothing.
//!
//! - [`static_warnings`]: found by reading the compiled level — variables and flags nobody
//!   reads or writes, follow-up events nothing queues, conditions that are constantly false.
//!   Cheap, so every load runs it.
//! - [`simulated_warnings`]: found by playing a few hundred quick games with the built-in
//!   strategies — events that never fired and endings never reached. Only `level check` runs
//!   it (it takes a moment); a warning here means "rare or unreachable", so the message says
//!   how many games were played.
//!
//! Warnings point at the id of the thing they are about, using [`IdSpans`] taken from the
//! raw file before validation.

use std::ops::Range;
use std::sync::Arc;

use super::diag::Diagnostic;
use super::validate::RawLevel;
use crate::engine::expr::{Op, Operand};
use crate::engine::{Effect, EffectKind, Expr, Scenario};
use crate::sim::{self, StrategyKind};

/// Where each id is declared, in scenario order (valid once the level validated, because
/// duplicates are errors).
#[derive(Debug, Clone, Default)]
pub struct IdSpans {
    pub vars: Vec<Range<usize>>,
    pub flags: Vec<Range<usize>>,
    pub events: Vec<Range<usize>>,
    pub endings: Vec<Range<usize>>,
}

impl IdSpans {
    pub fn of(raw: &RawLevel) -> Self {
        IdSpans {
            vars: raw
                .variables
                .iter()
                .map(|v| v.get_ref().id.span())
                .collect(),
            flags: raw.flags.iter().map(|v| v.get_ref().id.span()).collect(),
            events: raw.events.iter().map(|v| v.get_ref().id.span()).collect(),
            endings: raw.endings.iter().map(|v| v.get_ref().id.span()).collect(),
        }
    }
}

fn at(spans: &[Range<usize>], index: usize) -> Range<usize> {
    spans.get(index).cloned().unwrap_or(0..0)
}

/// Who reads and who writes what, over every expression and effect of a level.
#[derive(Default)]
struct Uses {
    var_read: Vec<bool>,
    var_written: Vec<bool>,
    flag_read: Vec<bool>,
    flag_set: Vec<bool>,
    event_queued: Vec<bool>,
    ending_forced: Vec<bool>,
}

fn mark(slot: &mut [bool], index: u16) {
    if let Some(s) = slot.get_mut(usize::from(index)) {
        *s = true;
    }
}

impl Uses {
    fn expr(&mut self, e: &Expr) {
        for op in e.ops() {
            match *op {
                Op::Push(Operand::Var(i)) => mark(&mut self.var_read, i),
                Op::Push(Operand::Flag(i)) => mark(&mut self.flag_read, i),
                _ => {}
            }
        }
    }
    fn opt(&mut self, e: &Option<Expr>) {
        if let Some(e) = e {
            self.expr(e);
        }
    }
    fn effects(&mut self, effects: &[Effect]) {
        for effect in effects {
            self.opt(&effect.when);
            self.opt(&effect.chance);
            match &effect.kind {
                EffectKind::Add(v, e) | EffectKind::Set(v, e) => {
                    mark(&mut self.var_written, v.0);
                    self.expr(e);
                }
                EffectKind::SetFlag(f) | EffectKind::ClearFlag(f) => mark(&mut self.flag_set, f.0),
                EffectKind::Queue(ev, _) => mark(&mut self.event_queued, ev.0),
                EffectKind::End(end) => mark(&mut self.ending_forced, end.0),
                EffectKind::Reveal(_) | EffectKind::ClearDeal => {}
            }
        }
    }

    fn of(s: &Scenario) -> Self {
        let mut u = Uses {
            var_read: vec![false; s.vars.len()],
            var_written: vec![false; s.vars.len()],
            flag_read: vec![false; s.flags.len()],
            flag_set: vec![false; s.flags.len()],
            event_queued: vec![false; s.events.len()],
            ending_forced: vec![false; s.endings.len()],
        };
        // Variables the engine itself reads count as read.
        mark(&mut u.var_read, s.meta.capital.0);
        u.opt(&s.meta.quiet_weight);
        u.opt(&s.meta.score);
        if let Some(l) = &s.ladder {
            mark(&mut u.var_read, l.var.0);
            u.opt(&l.risk);
        }
        for p in &s.parties {
            if let Some(w) = p.willingness {
                mark(&mut u.var_read, w.0);
            }
            u.expr(&p.reservation);
        }
        if let Some(d) = &s.deal {
            u.expr(&d.available);
            u.expr(&d.cost);
            u.effects(&d.on_accept);
            u.effects(&d.on_reject);
        }
        for a in &s.actions {
            u.expr(&a.cost);
            u.expr(&a.available);
            u.effects(&a.effects);
        }
        for r in &s.rules {
            u.expr(&r.condition);
            u.effects(&r.effects);
        }
        for e in &s.events {
            u.expr(&e.condition);
            u.expr(&e.weight);
            u.effects(&e.effects);
            for o in &e.options {
                u.expr(&o.available);
                u.effects(&o.effects);
            }
        }
        for e in &s.endings {
            u.expr(&e.condition);
        }
        for a in &s.axes {
            u.expr(&a.value);
        }
        u
    }
}

/// An expression that is a constant and not above zero ("false", "0").
fn never(e: &Expr) -> bool {
    e.as_constant().is_some_and(|c| c <= 0.0)
}

/// Which events and endings the static pass already proved unreachable (so the simulation
/// does not warn twice).
#[derive(Debug, Clone, Default)]
pub struct Unreachable {
    pub events: Vec<bool>,
    pub endings: Vec<bool>,
}

/// Warnings that need no simulation.
pub fn static_warnings(s: &Scenario, spans: &IdSpans) -> (Vec<Diagnostic>, Unreachable) {
    let u = Uses::of(s);
    let mut out = Vec::new();
    let mut unreachable = Unreachable {
        events: vec![false; s.events.len()],
        endings: vec![false; s.endings.len()],
    };
    for (i, v) in s.vars.iter().enumerate() {
        let span = at(&spans.vars, i);
        match (u.var_read[i], u.var_written[i]) {
            (false, false) => out.push(Diagnostic::warning(
                span,
                format!("variable '{}' is never used: no expression reads it and no effect changes it", v.id),
            ).with_help(Some("remove it, or use it in a rule, an event or an ending".into()))),
            (false, true) if !v.shown => out.push(Diagnostic::warning(
                span,
                format!("variable '{}' is hidden and never read, so changing it has no effect", v.id),
            ).with_help(Some("read it in a condition or amount, or set shown = true to show it as a meter".into()))),
            _ => {}
        }
    }
    for (i, f) in s.flags.iter().enumerate() {
        let span = at(&spans.flags, i);
        match (u.flag_read[i], u.flag_set[i]) {
            (false, false) => out.push(Diagnostic::warning(
                span,
                format!(
                    "flag '{}' is never used: nothing tests it and nothing sets it",
                    f.id
                ),
            )),
            (true, false) => out.push(
                Diagnostic::warning(
                    span,
                    format!(
                        "flag '{}' is tested but never set or cleared, so it is always {}",
                        f.id, f.start
                    ),
                )
                .with_help(Some("add a { set_flag = ... } effect somewhere".into())),
            ),
            // A flag with a label is announced to the player when set: that is a use.
            (false, true) if f.label.is_empty() => out.push(
                Diagnostic::warning(
                    span,
                    format!(
                        "flag '{}' is set but never tested with flag({})",
                        f.id, f.id
                    ),
                )
                .with_help(Some(
                    "test it in a condition, or give it a label to announce it to the player"
                        .into(),
                )),
            ),
            _ => {}
        }
    }
    for (i, e) in s.events.iter().enumerate() {
        let span = at(&spans.events, i);
        let reason = if e.follow_up_only && !u.event_queued[i] {
            Some("it is follow_up_only and no effect queues it")
        } else if never(&e.condition) && !u.event_queued[i] {
            Some("its 'when' is always false")
        } else if !e.follow_up_only && never(&e.weight) && !u.event_queued[i] {
            Some("its weight is never above zero and no effect queues it")
        } else {
            None
        };
        if let Some(reason) = reason {
            unreachable.events[i] = true;
            out.push(Diagnostic::warning(
                span,
                format!("event '{}' can never fire: {reason}", e.id),
            ));
        }
    }
    for (i, e) in s.endings.iter().enumerate() {
        let timeout = s.meta.timeout_ending.index() == i;
        if never(&e.condition) && !u.ending_forced[i] && !timeout {
            unreachable.endings[i] = true;
            out.push(Diagnostic::warning(
                at(&spans.endings, i),
                format!(
                    "ending '{}' can never be reached: its 'when' is always false, no 'end' effect names it and it is not the timeout_ending",
                    e.id
                ),
            ));
        }
    }
    (out, unreachable)
}

/// How many quick games `level check` plays per strategy, in this order.
pub const SIMULATION: &[(StrategyKind, usize)] = &[
    (StrategyKind::Random, 200),
    (StrategyKind::Memo, 40),
    (StrategyKind::PressureOnly, 40),
    (StrategyKind::ReliefFirst, 40),
    (StrategyKind::Passive, 20),
];

/// Work the quick run may do, in "expression evaluations" (months × things evaluated each
/// month, summed over games): about a second or two in a release build. A huge level (say
/// 1000 events drawn 16 times a month for 600 months) gets fewer games, or none, instead of
/// keeping `level check` busy for minutes.
pub const SIMULATION_BUDGET: u64 = 20_000_000;

/// Fewer games than this say too little to warn about: skip the run instead.
const MIN_GAMES: usize = 40;

/// Rough cost of one simulated game of `s`, in the units of [`SIMULATION_BUDGET`].
fn cost_per_game(s: &Scenario) -> u64 {
    let per_month = s.rules.len()
        + s.events.len() * usize::from(s.meta.events_per_month.max(1))
        + s.actions.len()
        + s.endings.len()
        + s.parties.len() * s.terms.len()
        + 1;
    u64::from(s.meta.length).saturating_mul(per_month as u64)
}

/// Play quick games and warn about events that never fired and endings never reached.
/// `scale` multiplies the game counts (1 = the default few hundred; 0 = skip); the total is
/// capped by [`SIMULATION_BUDGET`].
pub fn simulated_warnings(
    scenario: &Arc<Scenario>,
    spans: &IdSpans,
    skip: &Unreachable,
    scale: usize,
) -> Vec<Diagnostic> {
    if scale == 0 {
        return Vec::new();
    }
    let wanted: usize = SIMULATION.iter().map(|(_, n)| n * scale).sum();
    let affordable = (SIMULATION_BUDGET / cost_per_game(scenario).max(1)) as usize;
    if affordable < MIN_GAMES {
        return vec![Diagnostic::warning(
            0..0,
            format!(
                "the level is too large for check's quick run of games (about {} evaluations a game), so events that never fire and endings never reached were not looked for",
                cost_per_game(scenario)
            ),
        )
        .with_help(Some(
            "run `sixparty simulate` on it, with a few strategies, to see which events and endings happen".into(),
        ))];
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut fired = vec![0u64; scenario.events.len()];
    let mut reached = vec![0u64; scenario.endings.len()];
    let mut games = 0;
    for (index, &(kind, n)) in SIMULATION.iter().enumerate() {
        // Scale each strategy's share down together when the budget is short.
        let n = if affordable >= wanted {
            n * scale
        } else {
            (n * scale * affordable / wanted).max(1)
        };
        games += n;
        for r in sim::run_many(scenario, kind, n, 0x5eed + index as u64, threads, false) {
            for (total, count) in fired.iter_mut().zip(&r.fired) {
                *total += u64::from(*count);
            }
            if let Some(id) = r.ending.as_deref().and_then(|e| scenario.ending_id(e)) {
                reached[id.index()] += 1;
            }
        }
    }
    let strategies: Vec<&str> = SIMULATION.iter().map(|(k, _)| k.name()).collect();
    let played = format!("{games} quick games ({})", strategies.join(", "));
    let mut out = Vec::new();
    for (i, e) in scenario.events.iter().enumerate() {
        if fired[i] == 0 && !skip.events.get(i).copied().unwrap_or(false) {
            out.push(
                Diagnostic::warning(
                    at(&spans.events, i),
                    format!("event '{}' never fired in {played}", e.id),
                )
                .with_help(Some(
                    "check its 'when', 'weight' and 'cooldown', or what queues it; a very rare event is fine if intended".into(),
                )),
            );
        }
    }
    for (i, e) in scenario.endings.iter().enumerate() {
        if reached[i] == 0 && !skip.endings.get(i).copied().unwrap_or(false) {
            out.push(
                Diagnostic::warning(
                    at(&spans.endings, i),
                    format!("ending '{}' was never reached in {played}", e.id),
                )
                .with_help(Some(
                    "an earlier ending in file order may always win first, or its 'when' is out of reach".into(),
                )),
            );
        }
    }
    out
}
