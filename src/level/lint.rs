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
//!
//! Every warning has a code (`never-fires`, `unknown-tag`, …) and names what it is about;
//! `[level] allow = ["never-fires:knesset_vote", "unknown-tag"]` marks warnings intended
//! (one, or every one of a code), and each warning's help says what to write there.
//!
//! "Never true" is proved by interval arithmetic over the expression ([`range_of`]): each
//! variable lies within its `min..max`, a flag within 0..1, a deal term within its levels,
//! `turn` within the game's length, and so on; a condition whose interval is exactly 0
//! can never hold.

use std::ops::Range;
use std::sync::Arc;

use super::diag::Diagnostic;
use super::validate::RawLevel;
use crate::engine::expr::{BinOp, Op, Operand, edit_distance};
use crate::engine::{Effect, EffectKind, Expr, Scenario};
use crate::sim::{self, StrategyKind};

/// Action tags some strategy reads, from the strategies themselves (so a tag a strategy
/// learns is known here at once).
fn action_tags() -> Vec<&'static str> {
    let mut tags: Vec<&str> = (StrategyKind::ALL.iter())
        .flat_map(|k| k.action_tags().iter().copied())
        .chain(sim::strategy::PRESSURE_PHASE_TAGS.iter().copied())
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// Event option tags some strategy reads.
fn option_tags() -> Vec<&'static str> {
    let mut tags: Vec<&str> = (StrategyKind::ALL.iter())
        .flat_map(|k| k.option_tags().iter().copied())
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}
/// Deal term tags some strategy reads.
pub const TERM_TAGS: &[&str] = &[
    "verification",
    "snapback",
    "phasing",
    "obligation",
    "relief",
    "reward",
];

/// Every warning code, for `[level] allow` (an unknown code there is itself a warning).
pub const CODES: &[&str] = &[
    "unused-variable",
    "unread-variable",
    "unused-flag",
    "unset-flag",
    "untested-flag",
    "cannot-fire",
    "unreachable-ending",
    "never-true",
    "no-option",
    "negative-weight",
    "unknown-tag",
    "deprecated-tag",
    "deal-without-parties",
    "never-fires",
    "never-reached",
    "too-large",
    "source-without-cite",
    "multiline-inline-table",
];

/// The warnings marked intended: in `[level] allow` ("CODE:ID" or "CODE"), and on an entry
/// (`lint.allow = ["CODE"]`, which covers the warnings inside that entry's table).
#[derive(Debug, Clone, Default)]
pub struct Allow {
    entries: Vec<AllowEntry>,
}

#[derive(Debug, Clone)]
struct AllowEntry {
    code: String,
    /// The id it names ("CODE:ID"), or none for every warning of the code (in scope).
    id: Option<String>,
    /// For an entry's `lint.allow`: the entry's table; a warning inside it is covered.
    scope: Option<Range<usize>>,
    /// Where the allow is written.
    span: Range<usize>,
}

impl Allow {
    fn of(raw: &RawLevel) -> Self {
        let mut entries: Vec<AllowEntry> = raw
            .meta
            .iter()
            .flat_map(|m| m.get_ref().allow.iter())
            .map(|entry| {
                let text = entry.get_ref().trim();
                let (code, id) = match text.split_once(':') {
                    Some((code, id)) => (code.trim(), Some(id.trim().to_string())),
                    None => (text, None),
                };
                AllowEntry {
                    code: code.to_string(),
                    id,
                    scope: None,
                    span: entry.span(),
                }
            })
            .collect();
        // An `[[entry]]`'s span may cover only its header: its keys run until the next
        // entry or table starts, whatever its section.
        let starts = entry_starts(raw);
        let mut scoped = |table: Range<usize>, lint: &Option<super::raw::RawLint>| {
            let next = starts
                .iter()
                .copied()
                .find(|&s| s > table.start)
                .unwrap_or(usize::MAX);
            for code in lint.iter().flat_map(|l| l.allow.iter()) {
                entries.push(AllowEntry {
                    code: code.get_ref().trim().to_string(),
                    id: None,
                    scope: Some(table.start..next.max(table.end)),
                    span: code.span(),
                });
            }
        };
        for v in &raw.variables {
            scoped(v.span(), &v.get_ref().lint);
        }
        for f in &raw.flags {
            scoped(f.span(), &f.get_ref().lint);
        }
        for t in &raw.terms {
            scoped(t.span(), &t.get_ref().lint);
        }
        for p in &raw.parties {
            scoped(p.span(), &p.get_ref().lint);
        }
        if let Some(d) = &raw.deal {
            scoped(d.span(), &d.get_ref().lint);
        }
        for a in &raw.actions {
            scoped(a.span(), &a.get_ref().lint);
        }
        for r in &raw.rules {
            scoped(r.span(), &r.get_ref().lint);
        }
        for e in &raw.events {
            scoped(e.span(), &e.get_ref().lint);
        }
        for e in &raw.endings {
            scoped(e.span(), &e.get_ref().lint);
        }
        Allow { entries }
    }

    /// Whether warning `code` about `id`, at `span`, is marked intended.
    fn allows(&self, code: &str, id: &str, span: &Range<usize>) -> bool {
        self.entries.iter().any(|e| {
            e.code == code
                && match &e.scope {
                    Some(table) => table.start <= span.start && span.end <= table.end,
                    None => e.id.as_deref().is_none_or(|i| i == id),
                }
        })
    }

    /// Entries whose code does not exist (a typo would otherwise silence nothing, silently).
    fn unknown_codes(&self) -> Vec<Diagnostic> {
        self.entries
            .iter()
            .filter(|e| !CODES.contains(&e.code.as_str()))
            .map(|AllowEntry { code, span, .. }| {
                let near = CODES
                    .iter()
                    .min_by_key(|c| edit_distance(c, code))
                    .filter(|c| edit_distance(c, code) <= 3);
                Diagnostic::warning(
                    span.clone(),
                    format!("allow: no warning has the code '{code}', so this allows nothing"),
                )
                .with_help(Some(match near {
                    Some(c) => format!("did you mean '{c}'?"),
                    None => format!("the codes are: {}", CODES.join(", ")),
                }))
            })
            .collect()
    }
}

/// Where every table and list entry of the file starts, in order.
fn entry_starts(raw: &RawLevel) -> Vec<usize> {
    fn of<T>(items: &[toml::Spanned<T>]) -> impl Iterator<Item = usize> + '_ {
        items.iter().map(|i| i.span().start)
    }
    let mut starts: Vec<usize> = (raw.meta.iter().map(|m| m.span().start))
        .chain(raw.ladder.iter().map(|l| l.span().start))
        .chain(raw.deal.iter().map(|d| d.span().start))
        .chain(of(&raw.variables))
        .chain(of(&raw.flags))
        .chain(of(&raw.terms))
        .chain(of(&raw.parties))
        .chain(of(&raw.actions))
        .chain(of(&raw.rules))
        .chain(of(&raw.events))
        .chain(of(&raw.endings))
        .chain(of(&raw.axes))
        .chain(of(&raw.citations))
        .chain(of(&raw.glossary))
        .chain(of(&raw.history))
        .chain(of(&raw.difficulty))
        .chain(of(&raw.dashboard))
        .chain(raw.teacher_start)
        .collect();
    starts.sort_unstable();
    starts
}

/// Collects warnings, each with its code and what it is about, leaving out those the level
/// allows.
struct Warnings<'a> {
    allow: &'a Allow,
    out: Vec<Diagnostic>,
}

impl Warnings<'_> {
    fn push(&mut self, code: &str, id: &str, diagnostic: Diagnostic) {
        if self.allow.allows(code, id, &diagnostic.span) {
            return;
        }
        // "{help}; " then the hint, written piece by piece: `format!` here was half the
        // cost of the warnings (a level of 2026-11-28 has over a hundred, most of them
        // deprecated `source` keys).
        let mut diagnostic = diagnostic;
        let mut help = match diagnostic.help.take() {
            Some(mut h) => {
                h.push_str("; ");
                h
            }
            None => String::new(),
        };
        for piece in [
            "if this is intended, add \"",
            code,
            ":",
            id,
            "\" to [level] allow (or lint.allow = [\"",
            code,
            "\"] to the entry)",
        ] {
            help.push_str(piece);
        }
        diagnostic.help = Some(help);
        diagnostic.code = Some(code.to_string());
        self.out.push(diagnostic);
    }
}

/// Where each id is declared, in scenario order (valid once the level validated, because
/// duplicates are errors).
#[derive(Debug, Clone, Default)]
pub struct IdSpans {
    pub vars: Vec<Range<usize>>,
    pub flags: Vec<Range<usize>>,
    pub events: Vec<Range<usize>>,
    pub endings: Vec<Range<usize>>,
    pub actions: Vec<Range<usize>>,
    pub rules: Vec<Range<usize>>,
    pub terms: Vec<Range<usize>>,
    /// Each event's options' ids.
    pub options: Vec<Vec<Range<usize>>>,
    /// Each action's, option's (per event) and term's tags.
    pub action_tags: Vec<Vec<Range<usize>>>,
    pub option_tags: Vec<Vec<Vec<Range<usize>>>>,
    pub term_tags: Vec<Vec<Range<usize>>>,
    /// The `[deal]` table.
    pub deal: Range<usize>,
    pub allow: Allow,
    /// Old free-text `source` keys: (the entry's id, the key's span).
    pub sources: Vec<(String, Range<usize>)>,
    /// Inline tables written over several lines: (their key, their span).
    pub multiline_inline: Vec<(String, Range<usize>)>,
}

impl IdSpans {
    pub fn of(raw: &RawLevel) -> Self {
        let tags = |t: &[super::raw::Text]| t.iter().map(|t| t.span()).collect::<Vec<_>>();
        IdSpans {
            actions: raw.actions.iter().map(|a| a.get_ref().id.span()).collect(),
            rules: raw.rules.iter().map(|r| r.get_ref().id.span()).collect(),
            terms: raw.terms.iter().map(|t| t.get_ref().id.span()).collect(),
            options: (raw.events.iter())
                .map(|e| {
                    e.get_ref()
                        .options
                        .iter()
                        .map(|o| o.get_ref().id.span())
                        .collect()
                })
                .collect(),
            action_tags: raw
                .actions
                .iter()
                .map(|a| tags(&a.get_ref().tags))
                .collect(),
            option_tags: (raw.events.iter())
                .map(|e| {
                    (e.get_ref().options.iter())
                        .map(|o| tags(&o.get_ref().tags))
                        .collect()
                })
                .collect(),
            term_tags: raw.terms.iter().map(|t| tags(&t.get_ref().tags)).collect(),
            deal: raw.deal.as_ref().map_or(0..0, |d| d.span()),
            allow: Allow::of(raw),
            multiline_inline: raw.multiline_inline.clone(),
            sources: {
                let source = |id: &super::raw::Text, s: &Option<super::raw::Text>| {
                    s.as_ref().map(|s| (id.get_ref().clone(), s.span()))
                };
                let mut sources: Vec<(String, Range<usize>)> = (raw.actions.iter())
                    .filter_map(|a| source(&a.get_ref().id, &a.get_ref().source))
                    .chain(
                        (raw.rules.iter())
                            .filter_map(|r| source(&r.get_ref().id, &r.get_ref().source)),
                    )
                    .chain(
                        (raw.events.iter())
                            .filter_map(|e| source(&e.get_ref().id, &e.get_ref().source)),
                    )
                    .collect();
                sources.sort_by_key(|(_, span)| span.start);
                sources
            },
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
                EffectKind::Reveal(_) | EffectKind::ClearDeal | EffectKind::Say => {}
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

/// An interval of values an expression can take.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Iv {
    lo: f64,
    hi: f64,
}

const ANY: Iv = Iv {
    lo: f64::NEG_INFINITY,
    hi: f64::INFINITY,
};
const BOOL: Iv = Iv { lo: 0.0, hi: 1.0 };

impl Iv {
    fn point(v: f64) -> Self {
        Iv { lo: v, hi: v }
    }
    fn of(a: f64, b: f64) -> Self {
        if a.is_nan() || b.is_nan() {
            ANY
        } else {
            Iv {
                lo: a.min(b),
                hi: a.max(b),
            }
        }
    }
    fn hull(self, o: Iv) -> Self {
        Iv {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
        }
    }
    fn corners(self, o: Iv, f: impl Fn(f64, f64) -> f64) -> Self {
        let c = [
            f(self.lo, o.lo),
            f(self.lo, o.hi),
            f(self.hi, o.lo),
            f(self.hi, o.hi),
        ];
        if c.iter().any(|v| v.is_nan()) {
            return ANY;
        }
        Iv {
            lo: c.iter().copied().fold(f64::INFINITY, f64::min),
            hi: c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
    /// Only zero: false whatever happens.
    fn always_false(self) -> bool {
        self.lo == 0.0 && self.hi == 0.0
    }
    /// Never zero: true whatever happens.
    fn always_true(self) -> bool {
        self.lo > 0.0 || self.hi < 0.0
    }
    fn truth(always: bool, never: bool) -> Self {
        if always {
            Iv::point(1.0)
        } else if never {
            Iv::point(0.0)
        } else {
            BOOL
        }
    }
}

/// The values an expression can take in any game of `s`, by interval arithmetic over its
/// program (each value it reads within its declared range). Conservative: the true set is
/// inside the interval, so an interval of exactly 0 proves a condition never holds.
fn range_of(e: &Expr, s: &Scenario) -> Iv {
    let length = f64::from(s.meta.length.max(1));
    let first_year = f64::from(s.meta.start_year);
    let last_year = first_year + ((s.meta.start_month0() as f64 + length - 1.0) / 12.0).floor();
    range_with(e, |operand| match operand {
        Operand::Const(c) => Iv::point(c),
        Operand::Var(i) => s
            .vars
            .get(usize::from(i))
            .map_or(ANY, |v| Iv::of(v.min, v.max)),
        Operand::Flag(_) | Operand::Revealed(_) => BOOL,
        Operand::Deal(i) => s
            .terms
            .get(usize::from(i))
            .map_or(ANY, |t| Iv::of(0.0, f64::from(t.max_level))),
        Operand::Fired(_) => Iv::of(0.0, f64::INFINITY),
        Operand::Turn => Iv::of(0.0, length - 1.0),
        Operand::MonthOfYear => Iv::of(1.0, 12.0),
        Operand::Year => Iv::of(first_year, last_year),
        Operand::MonthsLeft => Iv::of(1.0, length),
    })
}

/// The values an expression can take when each operand it reads lies in the interval
/// `leaf` gives it, by interval arithmetic over its program (what [`range_of`] and the
/// search for a negative weight share). Sound for the evaluator: every operation is
/// monotone in each argument between the corners it is taken at, and rounding to nearest
/// is monotone too, so each value the program computes lies in its interval.
fn range_with(e: &Expr, leaf: impl Fn(Operand) -> Iv) -> Iv {
    range_on(e, leaf, &mut Vec::new())
}

/// [`range_with`] on a given stack (emptied first), so a search over many boxes allocates
/// it once.
fn range_on(e: &Expr, leaf: impl Fn(Operand) -> Iv, stack: &mut Vec<Iv>) -> Iv {
    stack.clear();
    for op in e.ops() {
        let value = match *op {
            Op::Push(operand) => leaf(operand),
            Op::Neg => {
                let a = stack.pop().unwrap_or(ANY);
                Iv::of(-a.hi, -a.lo)
            }
            Op::Not => {
                let a = stack.pop().unwrap_or(ANY);
                Iv::truth(a.always_false(), a.always_true())
            }
            Op::Abs => {
                let a = stack.pop().unwrap_or(ANY);
                if a.lo >= 0.0 {
                    a
                } else if a.hi <= 0.0 {
                    Iv::of(-a.hi, -a.lo)
                } else {
                    Iv::of(0.0, (-a.lo).max(a.hi))
                }
            }
            Op::Round => {
                let a = stack.pop().unwrap_or(ANY);
                Iv::of(a.lo.round(), a.hi.round())
            }
            Op::Min(n) | Op::Max(n) => {
                let n = usize::from(n).min(stack.len());
                let args = stack.split_off(stack.len() - n);
                let pick = |f: fn(f64, f64) -> f64, lo: bool| {
                    (args.iter())
                        .map(|a| if lo { a.lo } else { a.hi })
                        .reduce(f)
                        .unwrap_or(0.0)
                };
                if matches!(op, Op::Min(_)) {
                    Iv::of(pick(f64::min, true), pick(f64::min, false))
                } else {
                    Iv::of(pick(f64::max, true), pick(f64::max, false))
                }
            }
            Op::Clamp => {
                let hi = stack.pop().unwrap_or(ANY);
                let lo = stack.pop().unwrap_or(ANY);
                let x = stack.pop().unwrap_or(ANY);
                // The result is `lo`, `hi`, or `x` where x lies between them.
                let inner = Iv {
                    lo: x.lo.max(lo.lo),
                    hi: x.hi.min(hi.hi),
                };
                let ends = lo.hull(hi);
                if inner.lo <= inner.hi {
                    ends.hull(inner)
                } else {
                    ends
                }
            }
            Op::Bin(b) => {
                let y = stack.pop().unwrap_or(ANY);
                let x = stack.pop().unwrap_or(ANY);
                match b {
                    BinOp::Add => x.corners(y, |a, b| a + b),
                    BinOp::Sub => x.corners(y, |a, b| a - b),
                    BinOp::Mul => x.corners(y, |a, b| a * b),
                    // x / 0 is 0: a divisor that can be 0 (or straddles it) bounds nothing.
                    BinOp::Div if y.lo <= 0.0 && y.hi >= 0.0 => ANY,
                    BinOp::Div => x.corners(y, |a, b| a / b),
                    BinOp::Lt => Iv::truth(x.hi < y.lo, x.lo >= y.hi),
                    BinOp::Le => Iv::truth(x.hi <= y.lo, x.lo > y.hi),
                    BinOp::Gt => Iv::truth(x.lo > y.hi, x.hi <= y.lo),
                    BinOp::Ge => Iv::truth(x.lo >= y.hi, x.hi < y.lo),
                    BinOp::Eq => Iv::truth(
                        x.lo == x.hi && y.lo == y.hi && x.lo == y.lo,
                        x.hi < y.lo || y.hi < x.lo,
                    ),
                    BinOp::Ne => Iv::truth(
                        x.hi < y.lo || y.hi < x.lo,
                        x.lo == x.hi && y.lo == y.hi && x.lo == y.lo,
                    ),
                    BinOp::And => Iv::truth(
                        x.always_true() && y.always_true(),
                        x.always_false() || y.always_false(),
                    ),
                    BinOp::Or => Iv::truth(
                        x.always_true() || y.always_true(),
                        x.always_false() && y.always_false(),
                    ),
                }
            }
        };
        stack.push(value);
    }
    if stack.len() == 1 { stack[0] } else { ANY }
}

/// Values an expression is tried at when looking for an example (see [`negative_witness`]).
struct Probe<'a> {
    s: &'a Scenario,
    vars: Vec<f64>,
    flags: Vec<bool>,
    deal: Vec<u8>,
    turn: u16,
}

impl crate::engine::expr::Env for Probe<'_> {
    fn var(&self, i: u16) -> f64 {
        self.vars.get(usize::from(i)).copied().unwrap_or(0.0)
    }
    fn flag(&self, i: u16) -> bool {
        self.flags.get(usize::from(i)).copied().unwrap_or(false)
    }
    fn deal(&self, i: u16) -> f64 {
        f64::from(self.deal.get(usize::from(i)).copied().unwrap_or(0))
    }
    fn revealed(&self, _: u16) -> bool {
        false
    }
    fn fired(&self, _: u16) -> f64 {
        0.0
    }
    fn turn(&self) -> f64 {
        f64::from(self.turn)
    }
    fn month_of_year(&self) -> f64 {
        f64::from(self.s.calendar(self.turn).month)
    }
    fn year(&self) -> f64 {
        f64::from(self.s.calendar(self.turn).year)
    }
    fn months_left(&self) -> f64 {
        f64::from(self.s.meta.length.saturating_sub(self.turn))
    }
}

/// Most points [`negative_witness`] tries (a grid over what the weight and its condition
/// read); beyond that it says nothing rather than guess.
const MAX_PROBES: usize = 20_000;

/// An example of values at which `weight` is negative while `when` holds, found by trying
/// a grid over the variables, flags, deal terms and turn they read (9 points per variable).
/// The interval alone would also warn about `weight = "(35 - stability) / 10"` guarded by
/// `when = "stability < 35"`, which is fine.
fn negative_witness(weight: &Expr, when: &Expr, s: &Scenario) -> Option<String> {
    witness(weight, when, s, true)
}

/// [`negative_witness`], with the proof over boxes (`prove`) or without it (the plain scan
/// of every point, which the tests compare it with).
fn witness(weight: &Expr, when: &Expr, s: &Scenario, prove: bool) -> Option<String> {
    let mut axes: Vec<(Operand, Vec<f64>)> = Vec::new();
    for &r in weight.reads().iter().chain(when.reads()) {
        if axes.iter().any(|(o, _)| *o == r) {
            continue;
        }
        let points = match r {
            Operand::Var(i) => {
                let v = s.vars.get(usize::from(i))?;
                (0..9)
                    .map(|k| v.min + (v.max - v.min) * f64::from(k) / 8.0)
                    .collect()
            }
            Operand::Flag(_) => vec![0.0, 1.0],
            Operand::Deal(i) => (0..=s.terms.get(usize::from(i))?.max_level)
                .map(f64::from)
                .collect(),
            Operand::Turn | Operand::MonthOfYear | Operand::Year | Operand::MonthsLeft => {
                let last = s.meta.length.saturating_sub(1);
                (0..9)
                    .map(|k| f64::from(last) * f64::from(k) / 8.0)
                    .map(f64::round)
                    .collect()
            }
            _ => continue,
        };
        axes.push((r, points));
    }
    let total = axes
        .iter()
        .try_fold(1usize, |n, (_, p)| n.checked_mul(p.len()))?;
    if total > MAX_PROBES {
        return None;
    }
    let mut probe = Probe {
        s,
        vars: s.vars.iter().map(|v| v.start).collect(),
        flags: s.flags.iter().map(|f| f.start).collect(),
        deal: vec![0; s.terms.len()],
        turn: 0,
    };
    // Most weights whose interval reaches below 0 are never negative where their `when`
    // holds: prove that over boxes of the grid first (interval arithmetic, splitting a box
    // until each part is settled), so the grid is tried point by point only when some
    // point may be an example; that scan then finds the same first example as ever. The
    // point-by-point scan of every such event was 2 M of the campaign's 26 M instructions a
    // load (callgrind).
    let whole: Vec<(usize, usize)> = axes.iter().map(|(_, p)| (0, p.len() - 1)).collect();
    if prove && !may_be_negative(weight, when, s, &axes, &mut probe, whole, &mut Vec::new()) {
        return None;
    }
    // The example text is written only for the point that is one: formatting every point
    // tried (up to MAX_PROBES, floats included) was over half the cost of loading the
    // campaign (callgrind: 25 M of 45 M instructions a load). Point n of the grid gives each
    // axis's value, the first axis varying fastest.
    let point = |n: usize| {
        let mut rest = n;
        axes.iter().map(move |(operand, points)| {
            let value = points[rest % points.len()];
            rest /= points.len();
            (*operand, value)
        })
    };
    for n in 0..total {
        for (operand, value) in point(n) {
            match operand {
                Operand::Var(i) => probe.vars[usize::from(i)] = value,
                Operand::Flag(i) => probe.flags[usize::from(i)] = value > 0.0,
                Operand::Deal(i) => probe.deal[usize::from(i)] = value as u8,
                _ => probe.turn = value as u16,
            }
        }
        if when.holds(&probe) {
            let w = weight.eval(&probe);
            if w < 0.0 {
                let shown: Vec<String> = point(n)
                    .map(|(operand, value)| match operand {
                        Operand::Var(i) => format!("{} = {value}", s.vars[usize::from(i)].id),
                        Operand::Flag(i) => {
                            format!("flag({}) = {value}", s.flags[usize::from(i)].id)
                        }
                        Operand::Deal(i) => {
                            format!("deal({}) = {value}", s.terms[usize::from(i)].id)
                        }
                        _ => format!("turn = {value}"),
                    })
                    .collect();
                return Some(format!("{} at {}", w, shown.join(", ")));
            }
        }
    }
    None
}

/// Whether some point of the grid box `cells` (an inclusive range of indices into each
/// axis's points) may have `weight` negative while `when` holds: false only when proved
/// that none does. The box's intervals hold every value its points give an operand, the
/// others are the probe's fixed values; an undecided box is halved along its longest axis,
/// and a single point is evaluated exactly, as the grid scan evaluates it.
fn may_be_negative(
    weight: &Expr,
    when: &Expr,
    s: &Scenario,
    axes: &[(Operand, Vec<f64>)],
    probe: &mut Probe<'_>,
    cells: Vec<(usize, usize)>,
    stack: &mut Vec<Iv>,
) -> bool {
    use crate::engine::expr::Env as _;
    let hull = |k: usize, value: &dyn Fn(f64) -> f64| {
        let (lo, hi) = cells[k];
        let points = &axes[k].1[lo..=hi];
        points.iter().fold(
            Iv {
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
            },
            |acc, &p| {
                let v = value(p);
                Iv {
                    lo: acc.lo.min(v),
                    hi: acc.hi.max(v),
                }
            },
        )
    };
    // The turn is set by each turn-like axis in turn, so the last one decides it.
    let turn_axis = axes.iter().rposition(|(o, _)| {
        matches!(
            o,
            Operand::Turn | Operand::MonthOfYear | Operand::Year | Operand::MonthsLeft
        )
    });
    let of_turn = |f: &dyn Fn(u16) -> f64| match turn_axis {
        Some(k) => hull(k, &|p| f(p as u16)),
        None => Iv::point(f(0)),
    };
    let leaf = |operand: Operand| {
        if let Some(k) = axes.iter().position(|(o, _)| *o == operand)
            && !matches!(
                operand,
                Operand::Turn | Operand::MonthOfYear | Operand::Year | Operand::MonthsLeft
            )
        {
            // What the scan stores and the probe then reads back.
            return match operand {
                Operand::Flag(_) => hull(k, &|p| if p > 0.0 { 1.0 } else { 0.0 }),
                Operand::Deal(_) => hull(k, &|p| f64::from(p as u8)),
                _ => hull(k, &|p| p),
            };
        }
        match operand {
            Operand::Const(c) => Iv::point(c),
            Operand::Var(i) => Iv::point(probe.var(i)),
            Operand::Flag(i) => Iv::point(if probe.flag(i) { 1.0 } else { 0.0 }),
            Operand::Deal(i) => Iv::point(probe.deal(i)),
            Operand::Revealed(_) | Operand::Fired(_) => Iv::point(0.0),
            Operand::Turn => of_turn(&|t| f64::from(t)),
            Operand::MonthOfYear => of_turn(&|t| f64::from(s.calendar(t).month)),
            Operand::Year => of_turn(&|t| f64::from(s.calendar(t).year)),
            Operand::MonthsLeft => of_turn(&|t| f64::from(s.meta.length.saturating_sub(t))),
        }
    };
    if range_on(when, leaf, stack).always_false() || range_on(weight, leaf, stack).lo >= 0.0 {
        return false;
    }
    let widest = (0..cells.len())
        .filter(|&k| cells[k].1 > cells[k].0)
        .max_by_key(|&k| (cells[k].1 - cells[k].0, std::cmp::Reverse(k)));
    let Some(k) = widest else {
        // One point: evaluate it as the scan does.
        for (axis, &(at, _)) in axes.iter().zip(&cells) {
            let value = axis.1[at];
            match axis.0 {
                Operand::Var(i) => probe.vars[usize::from(i)] = value,
                Operand::Flag(i) => probe.flags[usize::from(i)] = value > 0.0,
                Operand::Deal(i) => probe.deal[usize::from(i)] = value as u8,
                _ => probe.turn = value as u16,
            }
        }
        return when.holds(&*probe) && weight.eval(&*probe) < 0.0;
    };
    let (lo, hi) = cells[k];
    let mid = lo + (hi - lo) / 2;
    let mut lower = cells.clone();
    lower[k] = (lo, mid);
    let mut upper = cells;
    upper[k] = (mid + 1, hi);
    may_be_negative(weight, when, s, axes, probe, lower, stack)
        || may_be_negative(weight, when, s, axes, probe, upper, stack)
}

/// A condition that can never hold in any game of `s`.
fn never(e: &Expr, s: &Scenario) -> bool {
    range_of(e, s).always_false()
}

/// Which events and endings the static pass already proved unreachable (so the simulation
/// does not warn twice).
#[derive(Debug, Clone, Default)]
pub struct Unreachable {
    pub events: Vec<bool>,
    pub endings: Vec<bool>,
}

/// "did you mean" for a tag among those strategies read.
fn near_tag(tag: &str, known: &[&str]) -> Option<String> {
    known
        .iter()
        .filter(|k| edit_distance(k, tag) <= 2)
        .min_by_key(|k| edit_distance(k, tag))
        .map(|k| format!("did you mean '{k}'?"))
}

/// Warnings that need no simulation.
pub fn static_warnings(s: &Scenario, spans: &IdSpans) -> (Vec<Diagnostic>, Unreachable) {
    let u = Uses::of(s);
    let mut w = Warnings {
        allow: &spans.allow,
        out: spans.allow.unknown_codes(),
    };
    let mut unreachable = Unreachable {
        events: vec![false; s.events.len()],
        endings: vec![false; s.endings.len()],
    };
    // The old free-text `source` still loads; a citation id is better.
    for (id, span) in &spans.sources {
        w.push(
            "source-without-cite",
            id,
            Diagnostic::warning(span.clone(), "source without a citation id").with_help(Some(
                "declare the source once in [[citations]] and refer to it with cite = [\"id\"]"
                    .into(),
            )),
        );
    }
    for (key, span) in &spans.multiline_inline {
        w.push(
            "multiline-inline-table",
            key,
            Diagnostic::warning(
                span.clone(),
                format!("this inline table in '{key}' spans several lines"),
            )
            .with_help(Some(
                "the game accepts it (TOML 1.1), but editors and tools on TOML 1.0 reject the file: keep { … } on one line".into(),
            )),
        );
    }
    for (i, v) in s.vars.iter().enumerate() {
        let span = at(&spans.vars, i);
        // A dashboard panel shows it to the player, as `shown` would.
        let on_panel = s
            .dashboards
            .iter()
            .any(|d| d.variables.iter().any(|p| usize::from(p.0) == i));
        match (u.var_read[i], u.var_written[i]) {
            (false, false) => w.push("unused-variable", &v.id, Diagnostic::warning(
                span,
                format!("variable '{}' is never used: no expression reads it and no effect changes it", v.id),
            ).with_help(Some("remove it, or use it in a rule, an event or an ending".into()))),
            (false, true) if !v.shown && !on_panel => w.push("unread-variable", &v.id, Diagnostic::warning(
                span,
                format!("variable '{}' is hidden and never read, so changing it has no effect", v.id),
            ).with_help(Some("read it in a condition or amount, or set shown = true to show it as a meter".into()))),
            _ => {}
        }
    }
    for (i, f) in s.flags.iter().enumerate() {
        let span = at(&spans.flags, i);
        match (u.flag_read[i], u.flag_set[i]) {
            (false, false) => w.push(
                "unused-flag",
                &f.id,
                Diagnostic::warning(
                    span,
                    format!(
                        "flag '{}' is never used: nothing tests it and nothing sets it",
                        f.id
                    ),
                ),
            ),
            (true, false) => w.push(
                "unset-flag",
                &f.id,
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
            (false, true) if f.label.is_empty() => w.push(
                "untested-flag",
                &f.id,
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
        let weight = range_of(&e.weight, s);
        let reason = if e.follow_up_only && !u.event_queued[i] {
            Some("it is follow_up_only and no effect queues it")
        } else if never(&e.condition, s) && !u.event_queued[i] {
            Some("its 'when' can never be true")
        } else if !e.follow_up_only && weight.hi <= 0.0 && !u.event_queued[i] {
            Some("its weight is never above zero and no effect queues it")
        } else {
            None
        };
        if let Some(reason) = reason {
            unreachable.events[i] = true;
            w.push(
                "cannot-fire",
                &e.id,
                Diagnostic::warning(
                    span.clone(),
                    format!("event '{}' can never fire: {reason}", e.id),
                ),
            );
        } else if !e.follow_up_only
            && weight.lo < 0.0
            && let Some(example) = negative_witness(&e.weight, &e.condition, s)
        {
            w.push(
                "negative-weight",
                &e.id,
                Diagnostic::warning(
                    span.clone(),
                    format!(
                        "event '{}': its weight '{}' is negative while its 'when' holds ({example}); a negative weight counts as 0",
                        e.id,
                        e.weight.text(),
                    ),
                )
                .with_help(Some(format!("wrap it: weight = \"max(0, {})\"", e.weight.text()))),
            );
        }
        if !e.options.is_empty()
            && !unreachable.events[i]
            && e.options.iter().all(|o| never(&o.available, s))
        {
            w.push(
                "no-option",
                &e.id,
                Diagnostic::warning(
                    span,
                    format!(
                        "event '{}' has options but none can ever be chosen (every 'available' is never true), so it always fires as news without a choice",
                        e.id
                    ),
                ),
            );
        } else {
            for (o, option) in e.options.iter().enumerate() {
                if never(&option.available, s) {
                    let span = spans.options.get(i).map_or(0..0, |o2| at(o2, o));
                    w.push(
                        "never-true",
                        &option.id,
                        Diagnostic::warning(
                            span,
                            format!(
                                "option '{}' of event '{}' can never be chosen: its 'available' ('{}') is never true",
                                option.id, e.id, option.available.text()
                            ),
                        ),
                    );
                }
            }
        }
    }
    for (i, e) in s.endings.iter().enumerate() {
        let timeout = s.meta.timeout_ending.index() == i;
        if never(&e.condition, s) && !u.ending_forced[i] && !timeout {
            unreachable.endings[i] = true;
            w.push(
                "unreachable-ending",
                &e.id,
                Diagnostic::warning(
                    at(&spans.endings, i),
                    format!(
                        "ending '{}' can never be reached: its 'when' is never true, no 'end' effect names it and it is not the timeout_ending",
                        e.id
                    ),
                ),
            );
        }
    }
    never_true(s, spans, &mut w);
    unknown_tags(s, spans, &mut w);
    if let Some(q) = &s.meta.quiet_weight {
        let r = range_of(q, s);
        if r.lo < 0.0 {
            w.push(
                "negative-weight",
                "quiet_weight",
                Diagnostic::warning(
                    0..0,
                    format!(
                        "quiet_weight '{}' can be negative (as low as {}); it counts as 0 then",
                        q.text(),
                        r.lo
                    ),
                ),
            );
        }
    }
    if s.deal.is_some() && s.parties.is_empty() {
        w.push(
            "deal-without-parties",
            "deal",
            Diagnostic::warning(
                spans.deal.clone(),
                "the [deal] has no parties to judge a package, so every package is accepted",
            )
            .with_help(Some(
                "add [[parties]] with priorities and a reservation, or remove [deal]".into(),
            )),
        );
    }
    (w.out, unreachable)
}

/// Conditions on actions, rules, the deal and effects that can never hold.
fn never_true(s: &Scenario, spans: &IdSpans, w: &mut Warnings) {
    let effect_whens = |effects: &[Effect]| {
        effects
            .iter()
            .filter_map(|e| e.when.as_ref())
            .find(|c| never(c, s))
            .map(|c| c.text().to_string())
    };
    for (i, a) in s.actions.iter().enumerate() {
        let span = at(&spans.actions, i);
        if never(&a.available, s) {
            w.push(
                "never-true",
                &a.id,
                Diagnostic::warning(
                    span.clone(),
                    format!(
                        "action '{}' can never be taken: its 'available' ('{}') is never true",
                        a.id,
                        a.available.text()
                    ),
                ),
            );
        } else if let Some(c) = effect_whens(&a.effects) {
            w.push("never-true", &a.id, Diagnostic::warning(
                span,
                format!("action '{}': an effect's 'when' ('{c}') is never true, so that effect never happens", a.id),
            ));
        }
    }
    for (i, r) in s.rules.iter().enumerate() {
        let span = at(&spans.rules, i);
        if never(&r.condition, s) {
            w.push(
                "never-true",
                &r.id,
                Diagnostic::warning(
                    span.clone(),
                    format!(
                        "rule '{}' never runs: its 'when' ('{}') is never true",
                        r.id,
                        r.condition.text()
                    ),
                ),
            );
        } else if let Some(c) = effect_whens(&r.effects) {
            w.push("never-true", &r.id, Diagnostic::warning(
                span,
                format!("rule '{}': an effect's 'when' ('{c}') is never true, so that effect never happens", r.id),
            ));
        }
    }
    for (i, e) in s.events.iter().enumerate() {
        if let Some(c) = effect_whens(&e.effects) {
            w.push("never-true", &e.id, Diagnostic::warning(
                at(&spans.events, i),
                format!("event '{}': an effect's 'when' ('{c}') is never true, so that effect never happens", e.id),
            ));
        }
    }
    if let Some(d) = &s.deal
        && never(&d.available, s)
    {
        w.push(
            "never-true",
            "deal",
            Diagnostic::warning(
                spans.deal.clone(),
                format!(
                    "no package can ever be tabled: the deal's 'available' ('{}') is never true",
                    d.available.text()
                ),
            ),
        );
    }
}

/// Tags no strategy reads: a typo there makes the bots ignore the action silently.
fn unknown_tags(s: &Scenario, spans: &IdSpans, w: &mut Warnings) {
    deprecated_tags(s, spans, w);
    let (actions, options) = (action_tags(), option_tags());
    let mut check = |tag: &str, known: &[&str], what: String, span: Range<usize>| {
        if !known.contains(&tag) {
            w.push(
                "unknown-tag",
                tag,
                Diagnostic::warning(
                    span,
                    format!("{what} has the tag '{tag}', which no strategy reads"),
                )
                .with_help(Some(near_tag(tag, known).unwrap_or_else(|| {
                    format!("strategies read: {}", known.join(", "))
                }))),
            );
        }
    };
    for (i, a) in s.actions.iter().enumerate() {
        for (j, tag) in a.tags.iter().enumerate() {
            let span = spans.action_tags.get(i).map_or(0..0, |t| at(t, j));
            check(tag, &actions, format!("action '{}'", a.id), span);
        }
    }
    for (i, e) in s.events.iter().enumerate() {
        for (o, option) in e.options.iter().enumerate() {
            for (j, tag) in option.tags.iter().enumerate() {
                let span = (spans.option_tags.get(i))
                    .and_then(|os| os.get(o))
                    .map_or(0..0, |t| at(t, j));
                // A renamed tag still plays (the strategies read it under its new name):
                // it is warned about as deprecated before this function, not as unknown.
                if sim::strategy::option_tag(tag) != tag.as_str() {
                    continue;
                }
                check(
                    tag,
                    &options,
                    format!("option '{}' of event '{}'", option.id, e.id),
                    span,
                );
            }
        }
    }
    for (i, t) in s.terms.iter().enumerate() {
        for (j, tag) in t.tags.iter().enumerate() {
            let span = spans.term_tags.get(i).map_or(0..0, |t| at(t, j));
            check(tag, TERM_TAGS, format!("term '{}'", t.id), span);
        }
    }
}

/// Option tags with an old name (`hawk`, `dove`): they still play, under the new name, so
/// the warning says which name to write rather than that no strategy reads them.
fn deprecated_tags(s: &Scenario, spans: &IdSpans, w: &mut Warnings) {
    for (i, e) in s.events.iter().enumerate() {
        for (o, option) in e.options.iter().enumerate() {
            for (j, tag) in option.tags.iter().enumerate() {
                let new = sim::strategy::option_tag(tag);
                if new == tag.as_str() {
                    continue;
                }
                let span = (spans.option_tags.get(i))
                    .and_then(|os| os.get(o))
                    .map_or(0..0, |t| at(t, j));
                w.push(
                    "deprecated-tag",
                    tag,
                    Diagnostic::warning(
                        span,
                        format!(
                            "option '{}' of event '{}' has the tag '{tag}', the old name of '{new}'",
                            option.id, e.id
                        ),
                    )
                    .with_help(Some(format!(
                        "write '{new}': the strategies read '{tag}' as '{new}' for now"
                    ))),
                );
            }
        }
    }
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

/// Rough cost of one simulated game of `s`, in the units of [`SIMULATION_BUDGET`]: every
/// condition and every effect the month evaluates, so a level with few rules but many effects
/// each (say 256 rules of 64 effects: 16,000 a month) is costed as what it is, not as 256.
fn cost_per_game(s: &Scenario) -> u64 {
    let with_effects = |effects: usize| 1 + effects as u64;
    let rules: u64 = s.rules.iter().map(|r| with_effects(r.effects.len())).sum();
    let epm = u64::from(s.meta.events_per_month.max(1));
    // Every event's weight is evaluated for each draw; the ones that fire apply their
    // effects (the costliest option counted, as a strategy may pick it).
    let costliest_event = s
        .events
        .iter()
        .map(|e| e.effects.len() + e.options.iter().map(|o| o.effects.len()).max().unwrap_or(0))
        .max()
        .unwrap_or(0) as u64;
    let events = s.events.len() as u64 * epm + epm * costliest_event;
    // Strategies weigh every action each decision and take several a month.
    let actions: u64 = s
        .actions
        .iter()
        .map(|a| with_effects(a.effects.len()))
        .sum();
    let per_month = rules
        + events
        + actions
        + s.endings.len() as u64
        + (s.parties.len() * s.terms.len()) as u64
        + 1;
    u64::from(s.meta.length).saturating_mul(per_month)
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
    let mut w = Warnings {
        allow: &spans.allow,
        out: Vec::new(),
    };
    if affordable < MIN_GAMES {
        w.push("too-large", &scenario.meta.id, Diagnostic::warning(
            0..0,
            format!(
                "the level is too large for check's quick run of games (about {} evaluations a game), so events that never fire and endings never reached were not looked for",
                cost_per_game(scenario)
            ),
        )
        .with_help(Some(
            "run `sixparty simulate` on it, with a few strategies, to see which events and endings happen".into(),
        )));
        return w.out;
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
    for (i, e) in scenario.events.iter().enumerate() {
        if fired[i] == 0 && !skip.events.get(i).copied().unwrap_or(false) {
            w.push(
                "never-fires",
                &e.id,
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
            w.push(
                "never-reached",
                &e.id,
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
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ScenarioNames;
    use crate::engine::expr::compile;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    /// Random expression text over every operator and function, reading `leaves`.
    fn expression(leaves: Vec<String>) -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            (0u32..120).prop_map(|n| format!("{}", f64::from(n) / 4.0)),
            proptest::sample::select(leaves),
        ];
        crate::engine::expr::tests::expression_over(leaf, 4, 24, 3)
    }

    /// The proof over boxes only ever skips the point-by-point scan where the scan finds
    /// nothing: for random weights and conditions over a campaign's variables, flags, deal
    /// terms and calendar, both give the same example (or none).
    #[test]
    fn the_box_proof_finds_what_the_grid_scan_finds() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("loads");
        let s = &*level.scenario;
        let mut leaves: Vec<String> = s.vars.iter().take(6).map(|v| v.id.clone()).collect();
        leaves.extend(s.flags.iter().take(2).map(|f| format!("flag({})", f.id)));
        leaves.extend(s.terms.iter().take(2).map(|t| format!("deal({})", t.id)));
        leaves.extend(["turn", "month", "year", "months_left"].map(String::from));
        leaves.push(format!("fired({})", s.events[0].id));
        leaves.push(format!("revealed({})", s.parties[0].id));
        let names = ScenarioNames(s);
        let found = std::cell::Cell::new([0usize; 2]);
        let mut runner = TestRunner::new(Config {
            cases: 3000,
            ..Config::default()
        });
        let pair = (expression(leaves.clone()), expression(leaves));
        runner
            .run(&pair, |(weight, when)| {
                let weight = compile(&weight, &names).expect("compiles");
                let when = compile(&when, &names).expect("compiles");
                let proved = witness(&weight, &when, s, true);
                let scanned = witness(&weight, &when, s, false);
                let mut counts = found.get();
                counts[usize::from(scanned.is_some())] += 1;
                found.set(counts);
                prop_assert_eq!(proved, scanned, "{} when {}", weight.text(), when.text());
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        // Both outcomes were tried, many times.
        let found = found.get();
        assert!(found[0] > 300 && found[1] > 300, "{found:?}");
    }
}
