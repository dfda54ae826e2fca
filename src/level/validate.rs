//! Raw level → engine `Scenario`, collecting every problem in one pass.
//!
//! Order matters only for names: all ids are registered first (so an event may queue one
//! declared after it), then every section is compiled by its own step (`section_*`, in the
//! order [`validate`] lists them), each problem pushed to the list with its span rather than
//! returned, so the author sees everything at once. The calendar (`[level]`) is compiled
//! before the events, whose `at` dates become turns.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::diag::Diagnostic;
use super::limits;
use super::raw::*;
use super::sanitize;
use crate::engine::expr::{self, NameKind, Names};
use crate::engine::*;

/// Every section of a level file, as parsed (a section missing or broken is `None`/empty).
#[derive(Default)]
pub struct RawLevel {
    pub meta: Option<Spanned<RawMeta>>,
    /// A `[level]` section was there (even if it failed to parse: then its errors are
    /// already reported, and "missing `[level]`" would only confuse).
    pub meta_present: bool,
    pub teacher: Option<RawTeacher>,
    /// Where `[teacher]` starts (it is kept without its span).
    pub teacher_start: Option<usize>,
    pub variables: Vec<Spanned<RawVariable>>,
    pub flags: Vec<Spanned<RawFlag>>,
    pub ladder: Option<Spanned<RawLadder>>,
    pub terms: Vec<Spanned<RawTerm>>,
    pub parties: Vec<Spanned<RawParty>>,
    pub deal: Option<Spanned<RawDeal>>,
    pub actions: Vec<Spanned<RawAction>>,
    pub rules: Vec<Spanned<RawRule>>,
    pub events: Vec<Spanned<RawEvent>>,
    pub endings: Vec<Spanned<RawEnding>>,
    pub axes: Vec<Spanned<RawAxis>>,
    pub citations: Vec<Spanned<RawCitation>>,
    pub glossary: Vec<Spanned<RawGlossary>>,
    pub history: Vec<Spanned<RawHistory>>,
    pub difficulty: Vec<Spanned<RawDifficulty>>,
    pub dashboard: Vec<Spanned<RawDashboard>>,
    /// Spans of placeholders put in for bad values (see `repair`): unknown values, not
    /// mistakes of their own.
    pub poisoned: Vec<Range<usize>>,
    /// Inline tables written over several lines, with their key (a portability warning).
    pub multiline_inline: Vec<(String, Range<usize>)>,
}

#[derive(Default)]
struct Table {
    names: Vec<String>,
    index: HashMap<String, u16>,
}

impl Table {
    fn get(&self, name: &str) -> Option<u16> {
        self.index.get(name).copied()
    }
}

#[derive(Default)]
struct NameTables {
    vars: Table,
    flags: Table,
    terms: Table,
    parties: Table,
    events: Table,
    endings: Table,
    citations: Table,
    /// Not a name expressions take: dashboard panels list actions by id.
    actions: Table,
}

impl Names for NameTables {
    fn lookup(&self, kind: NameKind, name: &str) -> Option<u16> {
        self.table(kind).get(name)
    }
    fn all(&self, kind: NameKind) -> Vec<&str> {
        self.table(kind).names.iter().map(String::as_str).collect()
    }
}

impl NameTables {
    fn table(&self, kind: NameKind) -> &Table {
        match kind {
            NameKind::Variable => &self.vars,
            NameKind::Flag => &self.flags,
            NameKind::Term => &self.terms,
            NameKind::Party => &self.parties,
            NameKind::Event => &self.events,
        }
    }
}

struct Validator<'a> {
    source: &'a str,
    names: NameTables,
    diags: Vec<Diagnostic>,
    /// Problems that do not stop the level from loading.
    warnings: Vec<Diagnostic>,
    /// Placeholder spans (see `RawLevel::poisoned`).
    poisoned: Vec<Range<usize>>,
}

fn span_of<T>(s: &Spanned<T>) -> Range<usize> {
    s.span()
}

/// Identifiers that expressions can name: `[a-z_][a-z0-9_]*`, at most 64 characters.
fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The length in bytes of the token at byte `at` of an expression, so a diagnostic
/// underlines a whole name (`tenson`) or operator (`=>`), not its first character.
fn token_bytes(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let operator = |c: char| "=<>!&|".contains(c);
    // Every character counted is ASCII: one byte each.
    match rest.chars().next() {
        Some(c) if word(c) => rest.chars().take_while(|&c| word(c)).count(),
        Some(c) if operator(c) => rest.chars().take_while(|&c| operator(c)).count(),
        _ => 1,
    }
}

/// Level ids become file names: `[a-z0-9_-]{1,64}`.
pub fn is_level_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

impl<'a> Validator<'a> {
    /// Whether a value is a placeholder for a bad one already reported: unknown, so checks
    /// that would compare it with something are skipped.
    fn unknown<T>(&self, value: &Spanned<T>) -> bool {
        let span = value.span();
        self.poisoned
            .iter()
            .any(|p| p.start <= span.start && span.end <= p.end)
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, message));
    }

    fn text(&mut self, t: &Text) -> String {
        // Bytes bound characters from above: count characters only for long texts.
        if t.get_ref().len() > limits::MAX_TEXT && t.get_ref().chars().count() > limits::MAX_TEXT {
            self.error(
                span_of(t),
                format!("text is longer than {} characters", limits::MAX_TEXT),
            );
        }
        // Clean text (nearly all) is copied whole, with nothing to compare.
        if !super::needs_cleaning(t.get_ref().as_bytes()) {
            return t.get_ref().clone();
        }
        let clean = sanitize(t.get_ref());
        // Tell the author (or the teacher handed a stranger's file) what was removed:
        // escape sequences in a level are either a paste accident or an attack on the
        // terminal of whoever reads it.
        if clean != *t.get_ref() && clean != t.get_ref().replace('\t', " ") {
            self.warnings.push(
                Diagnostic::warning(
                    span_of(t),
                    "text holds terminal control characters (escape sequences, bidirectional overrides or other controls); they are removed when shown",
                )
                .with_help(Some("write the text plainly".into()))
                .with_code("control-characters"),
            );
        }
        clean
    }

    fn opt_text(&mut self, t: &Option<Text>) -> String {
        t.as_ref().map(|t| self.text(t)).unwrap_or_default()
    }

    fn texts(&mut self, ts: &[Text]) -> Vec<String> {
        if ts.len() > limits::MAX_LIST
            && let Some(first) = ts.first()
        {
            self.error(
                span_of(first),
                format!(
                    "{} entries in one list; the limit is {}",
                    ts.len(),
                    limits::MAX_LIST
                ),
            );
            return Vec::new();
        }
        ts.iter().map(|t| self.text(t)).collect()
    }

    /// Register the ids of one kind: checks their form and duplicates.
    fn register<T>(&mut self, items: &[Spanned<T>], id: impl Fn(&T) -> &Text, noun: &str) -> Table {
        self.register_with(items, id, noun, false)
    }

    /// [`Validator::register`]; `dashes` also allows '-' (citation ids like "un-2375").
    fn register_with<T>(
        &mut self,
        items: &[Spanned<T>],
        id: impl Fn(&T) -> &Text,
        noun: &str,
        dashes: bool,
    ) -> Table {
        let mut table = Table::default();
        let mut first_spans: Vec<Range<usize>> = Vec::new();
        for item in items {
            let id = id(item.get_ref());
            let name = id.get_ref();
            if dashes && !is_level_id(name) {
                self.error(
                    span_of(id),
                    format!(
                        "{noun} id '{}' must be 1–64 characters of a-z, 0-9, '_' and '-'",
                        sanitize(name)
                    ),
                );
            } else if !dashes && !is_identifier(name) {
                self.error(
                    span_of(id),
                    format!(
                        "{noun} id '{}' must be lowercase letters, digits and '_', starting with a letter (at most 64)",
                        sanitize(name)
                    ),
                );
            }
            if let Some(&first) = table.index.get(name.as_str()) {
                let (line, column) =
                    super::diag::line_col(self.source, first_spans[usize::from(first)].start);
                self.diags.push(
                    Diagnostic::error(
                        span_of(id),
                        format!("duplicate {noun} id '{}'", sanitize(name)),
                    )
                    .with_help(Some(format!(
                        "the first '{}' is at line {line}, column {column}; rename one of them",
                        sanitize(name)
                    ))),
                );
            } else {
                table.index.insert(name.clone(), table.names.len() as u16);
            }
            // Kept in the list even when a duplicate, so an entry's index is its position in
            // the file (the follow-up graph and the compiled lists are indexed that way).
            table.names.push(name.clone());
            first_spans.push(span_of(id));
        }
        table
    }

    fn resolve(&mut self, kind: NameKind, name: &Text) -> Option<u16> {
        let found = self.names.lookup(kind, name.get_ref());
        if found.is_none() {
            let help = expr::suggest(name.get_ref(), self.names.all(kind))
                .map(|s| format!("did you mean '{s}'?"));
            self.diags.push(
                Diagnostic::error(
                    span_of(name),
                    format!("unknown {} '{}'", kind.noun(), sanitize(name.get_ref())),
                )
                .with_help(help),
            );
        }
        found
    }

    fn resolve_ending(&mut self, name: &Text) -> Option<EndingId> {
        let found = self.names.endings.get(name.get_ref()).map(EndingId);
        if found.is_none() {
            let help = expr::suggest(
                name.get_ref(),
                self.names.endings.names.iter().map(String::as_str),
            )
            .map(|s| format!("did you mean '{s}'?"));
            self.diags.push(
                Diagnostic::error(
                    span_of(name),
                    format!("unknown ending '{}'", sanitize(name.get_ref())),
                )
                .with_help(help),
            );
        }
        found
    }

    /// Resolve a `cite = [...]` list: every id must be declared in `[[citations]]`.
    fn cites(&mut self, ids: &[Text]) -> Vec<CitationId> {
        if ids.len() > limits::MAX_LIST {
            if let Some(first) = ids.first() {
                self.error(
                    span_of(first),
                    format!(
                        "{} citations in one list; the limit is {}",
                        ids.len(),
                        limits::MAX_LIST
                    ),
                );
            }
            return Vec::new();
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.names.citations.get(id.get_ref()) {
                Some(index) => out.push(CitationId(index)),
                None => {
                    let known = &self.names.citations.names;
                    let help = expr::suggest(id.get_ref(), known.iter().map(String::as_str))
                        .map(|s| format!("did you mean '{s}'?"))
                        .or_else(|| {
                            known.is_empty().then(|| {
                                "declare it in a [[citations]] entry (id, author, title, date)"
                                    .to_string()
                            })
                        });
                    self.diags.push(
                        Diagnostic::error(
                            span_of(id),
                            format!("unknown citation '{}'", sanitize(id.get_ref())),
                        )
                        .with_help(help),
                    );
                }
            }
        }
        out
    }

    /// A free-text `source` (kept loading; `lint` warns `source-without-cite`).
    fn source(&mut self, source: &Option<Text>) -> String {
        self.opt_text(source)
    }

    /// Compile a number-or-expression; on error, point at the column inside the string.
    fn expr(&mut self, amount: &Amount) -> Option<Expr> {
        match amount.get_ref() {
            NumOrExpr::Num(n) => Some(Expr::constant(*n)),
            NumOrExpr::Expr(text) => match expr::compile(text, &self.names) {
                Ok(e) => Some(e),
                Err(err) => {
                    let span = span_of(amount);
                    // The span covers the quoted string; step over the opening quote(s).
                    let quote = if self.source[span.start..].starts_with("\"\"\"")
                        || self.source[span.start..].starts_with("'''")
                    {
                        3
                    } else {
                        1
                    };
                    let byte_in_text: usize = text
                        .chars()
                        .take(err.column.saturating_sub(1))
                        .map(char::len_utf8)
                        .sum();
                    let start = (span.start + quote + byte_in_text).min(span.end);
                    let end = (start + token_bytes(text, byte_in_text).max(1))
                        .min(span.end.max(start + 1));
                    let help = err.suggestion.map(|s| format!("did you mean '{s}'?"));
                    self.diags
                        .push(Diagnostic::error(start..end, err.message).with_help(help));
                    None
                }
            },
        }
    }

    fn opt_expr(&mut self, amount: &Option<Amount>, default: f64) -> Expr {
        amount
            .as_ref()
            .and_then(|a| self.expr(a))
            .unwrap_or_else(|| Expr::constant(default))
    }

    fn small(&mut self, n: &Option<Spanned<i64>>, max: i64, what: &str) -> u16 {
        match n {
            None => 0,
            Some(v) if (0..=max).contains(v.get_ref()) => *v.get_ref() as u16,
            Some(v) => {
                self.error(span_of(v), format!("{what} must be between 0 and {max}"));
                0
            }
        }
    }

    fn effects(
        &mut self,
        raw: &[Spanned<RawEffect>],
        zero_delay: &mut Vec<(EventId, Range<usize>)>,
    ) -> Vec<Effect> {
        if raw.len() > limits::MAX_EFFECTS {
            if let Some(first) = raw.first() {
                self.error(
                    span_of(first),
                    format!("more than {} effects in one list", limits::MAX_EFFECTS),
                );
            }
            return Vec::new();
        }
        raw.iter()
            .filter_map(|e| self.effect(e, zero_delay))
            .collect()
    }

    fn effect(
        &mut self,
        spanned: &Spanned<RawEffect>,
        zero_delay: &mut Vec<(EventId, Range<usize>)>,
    ) -> Option<Effect> {
        let span = span_of(spanned);
        let e = spanned.get_ref();
        let kinds = [
            e.add.is_some(),
            e.set.is_some(),
            e.set_flag.is_some(),
            e.clear_flag.is_some(),
            e.queue.is_some(),
            e.end.is_some(),
            e.reveal.is_some(),
            e.clear_deal.is_some(),
            e.say.is_some(),
        ]
        .iter()
        .filter(|&&k| k)
        .count();
        if kinds != 1 {
            self.error(
                span,
                if kinds == 0 {
                    "an effect needs one of: add, set, set_flag, clear_flag, queue, end, reveal, clear_deal, say"
                } else {
                    "an effect does one thing: split it into several effects"
                },
            );
            return None;
        }
        let when = e.when.as_ref().and_then(|w| self.expr(w));
        let chance = e.chance.as_ref().and_then(|c| self.expr(c));
        if let Some(c) = chance.as_ref().and_then(Expr::as_constant)
            && !(0.0..=1.0).contains(&c)
            && let Some(raw) = &e.chance
        {
            self.error(span_of(raw), "chance must be between 0 and 1");
        }
        let stray = |present: bool, key: &str, diags: &mut Vec<Diagnostic>| {
            if present {
                diags.push(Diagnostic::error(
                    span.clone(),
                    format!("'{key}' has no meaning in this effect"),
                ));
            }
        };
        let kind = if let Some(var) = e.add.as_ref().or(e.set.as_ref()) {
            let is_add = e.add.is_some();
            let (key, amount) = if is_add {
                ("amount", &e.amount)
            } else {
                ("value", &e.value)
            };
            stray(
                if is_add {
                    e.value.is_some()
                } else {
                    e.amount.is_some()
                },
                if is_add { "value" } else { "amount" },
                &mut self.diags,
            );
            stray(e.after.is_some(), "after", &mut self.diags);
            let id = self.resolve(NameKind::Variable, var).map(VarId);
            let Some(amount) = amount else {
                self.error(span, format!("this effect needs '{key}'"));
                return None;
            };
            let amount = self.expr(amount)?;
            let id = id?;
            if is_add {
                EffectKind::Add(id, amount)
            } else {
                EffectKind::Set(id, amount)
            }
        } else {
            stray(e.amount.is_some(), "amount", &mut self.diags);
            stray(e.value.is_some(), "value", &mut self.diags);
            if e.queue.is_none() {
                stray(e.after.is_some(), "after", &mut self.diags);
            }
            if let Some(flag) = &e.set_flag {
                EffectKind::SetFlag(FlagId(self.resolve(NameKind::Flag, flag)?))
            } else if let Some(flag) = &e.clear_flag {
                EffectKind::ClearFlag(FlagId(self.resolve(NameKind::Flag, flag)?))
            } else if let Some(event) = &e.queue {
                let after = self.small(&e.after, 120, "'after' (months)");
                let id = EventId(self.resolve(NameKind::Event, event)?);
                if after == 0 {
                    zero_delay.push((id, span_of(event)));
                }
                EffectKind::Queue(id, after)
            } else if let Some(ending) = &e.end {
                EffectKind::End(self.resolve_ending(ending)?)
            } else if let Some(party) = &e.reveal {
                EffectKind::Reveal(PartyId(self.resolve(NameKind::Party, party)?))
            } else if e.say.is_some() {
                if e.said.is_some() {
                    self.error(span.clone(), "'say' already gives the words: drop 'said'");
                }
                EffectKind::Say
            } else {
                EffectKind::ClearDeal
            }
        };
        if e.said_if_not.is_some() && e.chance.is_none() {
            self.error(
                span.clone(),
                "'said_if_not' needs a 'chance': it is what is said when the roll fails",
            );
        }
        // The words are a news line: one line, whatever the file wrote.
        let mut line = |t: &Text| self.text(t).replace('\n', " ");
        let said = e.say.as_ref().or(e.said.as_ref()).map(&mut line);
        let said_if_not = e.said_if_not.as_ref().map(&mut line);
        let cite = self.cites(&e.cite);
        Some(Effect {
            kind,
            when,
            chance,
            cite,
            said,
            said_if_not,
        })
    }

    fn stages(&mut self, raw: &[RawStage], what: &str) -> Vec<(f64, String)> {
        let mut out: Vec<(f64, String)> = Vec::new();
        if raw.len() > limits::MAX_LIST {
            if let Some(first) = raw.first() {
                self.error(
                    span_of(&first.label),
                    format!("{} {what}; the limit is {}", raw.len(), limits::MAX_LIST),
                );
            }
            return out;
        }
        for stage in raw {
            if out.last().is_some_and(|(at, _)| stage.at.0 <= *at) {
                self.error(
                    span_of(&stage.label),
                    format!("{what} must be listed in ascending order of 'at'"),
                );
            }
            let label = self.text(&stage.label);
            out.push((stage.at.0, label));
        }
        out
    }
}

/// How many meters the teacher's table (`[level] class_table`) has room for.
pub const MAX_CLASS_TABLE: usize = 4;

/// Check a parsed level and compile it. `Ok` carries the warnings found on the way (the
/// level loads anyway); `Err` holds every problem found.
pub fn validate(
    source: &str,
    raw: RawLevel,
) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut v = Validator {
        source,
        names: NameTables::default(),
        diags: Vec::new(),
        warnings: Vec::new(),
        poisoned: raw.poisoned.clone(),
    };
    // The sections, one step each, in an order that lets each use what the ones before
    // compiled (names first, so references may point forward; the calendar before the
    // events' dates).
    register_names(&mut v, &raw);
    let vars = section_variables(&mut v, &raw.variables);
    let flags = section_flags(&mut v, &raw.flags);
    let citations = section_citations(&mut v, &raw.citations);
    let meta = section_level(&mut v, &raw);
    let ladder = section_ladder(&mut v, raw.ladder.as_ref());
    let terms = section_terms(&mut v, &raw.terms);
    let parties = section_parties(&mut v, &raw.parties, &terms);
    let deal = section_deal(&mut v, raw.deal.as_ref(), &terms);
    let actions = section_actions(&mut v, &raw.actions);
    let rules = section_rules(&mut v, &raw.rules);
    let events = section_events(&mut v, &raw.events, &meta);
    let endings = section_endings(&mut v, &raw.endings, raw.meta.is_some());
    let axes = section_axes(&mut v, &raw.axes);
    let glossary = section_glossary(&mut v, &raw.glossary);
    let history = section_history(&mut v, &raw.history);
    let difficulties = section_difficulty(&mut v, &raw.difficulty);
    let dashboards = section_dashboard(&mut v, &raw.dashboard, &actions);
    if raw.variables.is_empty() && raw.meta.is_some() {
        v.error(
            0..0,
            "a level needs at least one [[variables]] entry (the capital, at least)",
        );
    }

    if v.diags.is_empty() {
        Ok((
            Scenario {
                meta,
                vars,
                flags,
                ladder,
                parties,
                terms,
                deal,
                actions,
                rules,
                events,
                endings,
                axes,
                citations,
                glossary,
                history,
                difficulties,
                dashboards,
                derived: Default::default(),
            },
            v.warnings,
        ))
    } else {
        Err(v.diags)
    }
}

/// Names expressions may not take: a variable named like a built-in would be shadowed.
const BUILT_IN_NAMES: [&str; 9] = [
    "turn",
    "month",
    "year",
    "months_left",
    "true",
    "false",
    "and",
    "or",
    "not",
];

/// Step 1: register every id, so references can point forward.
fn register_names(v: &mut Validator, raw: &RawLevel) {
    v.names.vars = v.register(&raw.variables, |r| &r.id, "variable");
    v.names.flags = v.register(&raw.flags, |r| &r.id, "flag");
    v.names.terms = v.register(&raw.terms, |r| &r.id, "term");
    v.names.parties = v.register(&raw.parties, |r| &r.id, "party");
    v.names.events = v.register(&raw.events, |r| &r.id, "event");
    v.names.endings = v.register(&raw.endings, |r| &r.id, "ending");
    v.names.citations = v.register_with(&raw.citations, |r| &r.id, "citation", true);
    v.names.actions = v.register(&raw.actions, |r| &r.id, "action");
    v.register(&raw.rules, |r| &r.id, "rule");
    v.register(&raw.axes, |r| &r.id, "axis");
    v.register(&raw.difficulty, |r| &r.id, "difficulty");
    v.register(&raw.dashboard, |r| &r.id, "dashboard");
    for var in &raw.variables {
        let id = &var.get_ref().id;
        if BUILT_IN_NAMES.contains(&id.get_ref().as_str()) {
            v.error(
                span_of(id),
                format!("'{}' is a built-in name; choose another id", id.get_ref()),
            );
        }
    }
}

fn section_variables(v: &mut Validator, raw: &[Spanned<RawVariable>]) -> Vec<VarDef> {
    let mut vars = Vec::new();
    for spanned in raw {
        let r = spanned.get_ref();
        let min = r.min.as_ref().map_or(0.0, |m| m.get_ref().0);
        let max = r.max.as_ref().map_or(100.0, |m| m.get_ref().0);
        let start = r.start.get_ref().0;
        let bound_unknown = r.min.as_ref().is_some_and(|m| v.unknown(m))
            || r.max.as_ref().is_some_and(|m| v.unknown(m));
        if bound_unknown || v.unknown(&r.start) {
            // A bound or the start is a placeholder: nothing to compare.
        } else if min > max {
            let span = r.min.as_ref().map_or_else(|| span_of(spanned), span_of);
            v.error(span, format!("min ({min}) is above max ({max})"));
        } else if !(min..=max).contains(&start) {
            v.error(
                span_of(&r.start),
                format!("start ({start}) is outside min..max ({min}..{max})"),
            );
        }
        let good_when_high = match r.good.as_ref().map(|g| g.get_ref().as_str()) {
            None | Some("neutral") => None,
            Some("high") => Some(true),
            Some("low") => Some(false),
            Some(other) => {
                let other = sanitize(other);
                if let Some(g) = &r.good {
                    v.error(
                        span_of(g),
                        format!("good must be 'high', 'low' or 'neutral', not '{other}'"),
                    );
                }
                None
            }
        };
        let weight = r.weight.as_ref().map(|w| {
            let value = w.get_ref().0;
            if value < 0.0 {
                v.error(span_of(w), "weight must be 0 or more");
            }
            value.max(0.0)
        });
        let stages = v.stages(&r.stages, "stages");
        let label = r
            .label
            .as_ref()
            .map_or_else(|| r.id.get_ref().replace('_', " "), |l| v.text(l));
        vars.push(VarDef {
            id: r.id.get_ref().clone(),
            label,
            description: v.opt_text(&r.description),
            min,
            max,
            start,
            shown: r.shown,
            group: r
                .group
                .as_ref()
                .map_or_else(|| "world".to_string(), |g| v.text(g)),
            good_when_high,
            key: r.key,
            stages,
            questions: v.texts(&r.questions),
            weight,
        });
    }
    vars
}

fn section_flags(v: &mut Validator, raw: &[Spanned<RawFlag>]) -> Vec<FlagDef> {
    raw.iter()
        .map(|f| {
            let r = f.get_ref();
            FlagDef {
                id: r.id.get_ref().clone(),
                label: v.opt_text(&r.label),
                start: r.start,
            }
        })
        .collect()
}

fn section_citations(v: &mut Validator, raw: &[Spanned<RawCitation>]) -> Vec<Citation> {
    raw.iter()
        .map(|c| {
            let r = c.get_ref();
            if parse_loose_date(r.date.get_ref()).is_none() {
                v.error(
                    span_of(&r.date),
                    "date must be \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
                );
            }
            if let Some(link) = &r.link
                && !(link.get_ref().starts_with("https://")
                    || link.get_ref().starts_with("http://"))
            {
                v.error(span_of(link), "link must start with https:// or http://");
            }
            Citation {
                id: r.id.get_ref().clone(),
                author: v.text(&r.author),
                title: v.text(&r.title),
                publisher: v.opt_text(&r.publisher),
                date: v.text(&r.date),
                link: v.opt_text(&r.link),
            }
        })
        .collect()
}

/// `[level]`: identity, the calendar and the level-wide settings.
fn section_level(v: &mut Validator, raw: &RawLevel) -> Meta {
    let mut meta = Meta::default();
    if let Some(t) = &raw.teacher {
        meta.teacher = TeacherNotes {
            learning_goals: v.texts(&t.learning_goals),
            assumptions: v.texts(&t.assumptions),
            questions: v.texts(&t.questions),
            thesis: v.opt_text(&t.thesis),
            balance: v.opt_text(&t.balance),
            show_to_students: t.show_to_students,
            memo_summary: v.opt_text(&t.memo_summary),
        };
    }
    let Some(m) = &raw.meta else {
        if !raw.meta_present {
            v.error(
                0..0,
                "missing [level] table (id, title, start, months, capital, timeout_ending)",
            );
        }
        return meta;
    };
    let r = m.get_ref();
    if !is_level_id(r.id.get_ref()) {
        v.error(
            span_of(&r.id),
            format!(
                "level id '{}' must be 1–64 characters of a-z, 0-9, '_' and '-'",
                sanitize(r.id.get_ref())
            ),
        );
    }
    meta.id = r.id.get_ref().clone();
    meta.title = v.text(&r.title);
    meta.author = v.opt_text(&r.author);
    meta.version = r.version.as_ref().map_or_else(|| "1".into(), |t| v.text(t));
    meta.description = v.opt_text(&r.description);
    meta.difficulty = r
        .difficulty
        .as_ref()
        .map_or_else(|| "normal".into(), |t| v.text(t));
    meta.briefing = v.opt_text(&r.briefing);
    level_calendar(v, r, m.span(), &mut meta);
    if let Some(id) = v.resolve(NameKind::Variable, &r.capital) {
        meta.capital = VarId(id);
    }
    meta.events_per_month = match &r.events_per_month {
        None => 1,
        Some(n) if (0..=i64::from(game::MAX_EVENTS_PER_MONTH)).contains(n.get_ref()) => {
            *n.get_ref() as u8
        }
        Some(n) => {
            v.error(
                span_of(n),
                format!(
                    "events_per_month must be between 0 and {}",
                    game::MAX_EVENTS_PER_MONTH
                ),
            );
            1
        }
    };
    meta.quiet_weight = r.quiet_weight.as_ref().and_then(|q| v.expr(q));
    meta.score = r.score.as_ref().and_then(|s| v.expr(s));
    if let Some(id) = v.resolve_ending(&r.timeout_ending) {
        meta.timeout_ending = id;
    }
    meta.sources = v.texts(&r.sources);
    meta.debrief = r
        .debrief
        .iter()
        .take(limits::MAX_LIST)
        .filter_map(|name| v.resolve(NameKind::Variable, name).map(VarId))
        .collect();
    if let Some(extra) = r.class_table.get(MAX_CLASS_TABLE) {
        v.error(
            span_of(extra),
            format!("at most {MAX_CLASS_TABLE} class_table meters: the teacher's table has room for {MAX_CLASS_TABLE}"),
        );
    }
    meta.class_table = r
        .class_table
        .iter()
        .take(MAX_CLASS_TABLE)
        .filter_map(|name| v.resolve(NameKind::Variable, name).map(VarId))
        .collect();
    if r.advisor.len() > limits::MAX_LIST {
        v.error(
            span_of(&r.advisor[0].text),
            format!("more than {} advisor lines", limits::MAX_LIST),
        );
    }
    meta.tutorial = r.tutorial;
    meta.typical = r.typical.as_ref().and_then(|t| {
        let raw = t.get_ref();
        let fits = |n: u32| (1..=10_000).contains(&n);
        if fits(raw.decisions) && fits(raw.minutes) {
            Some(Typical {
                decisions: raw.decisions as u16,
                minutes: raw.minutes as u16,
            })
        } else {
            v.error(
                span_of(t),
                "typical decisions and minutes must each be between 1 and 10000",
            );
            None
        }
    });
    meta.advisor = r
        .advisor
        .iter()
        .take(limits::MAX_LIST)
        .map(|a| AdvisorLine {
            when: v.opt_expr(&a.when, 1.0),
            text: v.text(&a.text),
        })
        .collect();
    meta
}

/// `turn`, `start` and `months`/`turns`: the level's calendar.
fn level_calendar(v: &mut Validator, r: &RawMeta, table: Range<usize>, meta: &mut Meta) {
    meta.turn_length = match r.turn.as_ref().map(|t| t.get_ref().as_str()) {
        None | Some("month") => TurnLength::Month,
        Some("week") => TurnLength::Week,
        Some("day") => TurnLength::Day,
        Some(other) => {
            let other = sanitize(other);
            if let Some(t) = &r.turn {
                v.error(
                    span_of(t),
                    format!("turn must be 'month', 'week' or 'day', not '{other}'"),
                );
            }
            TurnLength::Month
        }
    };
    meta.start_day = 1;
    let start = r.start.get_ref();
    match meta.turn_length {
        TurnLength::Month => match parse_year_month(start) {
            Some((year, month)) => {
                meta.start_year = year;
                meta.start_month = month;
            }
            None => v.error(
                span_of(&r.start),
                "start must be a date like \"2017-01\" (year-month)",
            ),
        },
        TurnLength::Week | TurnLength::Day => match parse_full_date(start) {
            Some((year, month, day)) => {
                meta.start_year = year;
                meta.start_month = month;
                meta.start_day = day;
            }
            None => v.error(
                span_of(&r.start),
                format!(
                    "start must be a date like \"1962-10-16\" (year-month-day) on a level whose turn is a {}",
                    meta.turn_length.noun()
                ),
            ),
        },
    }
    let length = match (&r.months, &r.turns) {
        (Some(n), None) | (None, Some(n)) => Some(n),
        (Some(_), Some(t)) => {
            v.error(
                span_of(t),
                "give the level's length once: 'months' or 'turns', not both",
            );
            None
        }
        (None, None) => {
            v.error(
                table.start..table.start,
                "missing key 'months' (or its synonym 'turns'): the level's length in turns",
            );
            None
        }
    };
    if let Some(n) = length
        && !(1..=i64::from(limits::MAX_MONTHS)).contains(n.get_ref())
    {
        let key = if r.months.is_some() {
            "months"
        } else {
            "turns"
        };
        v.error(
            span_of(n),
            format!("{key} must be between 1 and {}", limits::MAX_MONTHS),
        );
    }
    // An unknown length (missing, or a placeholder for a bad value) is taken as the longest,
    // so no event's `at` is called outside the calendar because of it.
    meta.length = match length {
        Some(n) if !v.unknown(n) => (*n.get_ref()).clamp(1, i64::from(limits::MAX_MONTHS)) as u16,
        _ => limits::MAX_MONTHS,
    };
}

fn section_ladder(v: &mut Validator, raw: Option<&Spanned<RawLadder>>) -> Option<LadderDef> {
    let l = raw?;
    let r = l.get_ref();
    let var = v.resolve(NameKind::Variable, &r.variable).map(VarId);
    let rungs = v.stages(&r.rungs, "rungs");
    if rungs.is_empty() {
        v.error(span_of(l), "the ladder needs at least one rung");
    }
    let risk = r.risk.as_ref().and_then(|e| v.expr(e));
    let risk_label = r
        .risk_label
        .as_ref()
        .map_or_else(|| "risk".into(), |t| v.text(t));
    Some(LadderDef {
        var: var?,
        rungs,
        risk,
        risk_label,
    })
}

fn section_terms(v: &mut Validator, raw: &[Spanned<RawTerm>]) -> Vec<TermDef> {
    let mut terms = Vec::new();
    for spanned in raw {
        let r = spanned.get_ref();
        let levels = r.levels.get_ref();
        // Levels that were not a list are unknown: allow any level in references to the term.
        let levels_unknown = v.unknown(&r.levels);
        if !levels_unknown && levels.len() < 2
            || levels.len() > usize::from(limits::MAX_TERM_LEVELS) + 1
        {
            v.error(
                span_of(&r.levels),
                format!(
                    "a term needs 2 to {} level labels, starting with the 'left out' level",
                    limits::MAX_TERM_LEVELS + 1
                ),
            );
        }
        terms.push(TermDef {
            id: r.id.get_ref().clone(),
            name: v.text(&r.name),
            description: v.opt_text(&r.description),
            group: r
                .group
                .as_ref()
                .map_or_else(|| "term".into(), |g| v.text(g)),
            max_level: if levels_unknown {
                limits::MAX_TERM_LEVELS
            } else {
                levels
                    .len()
                    .saturating_sub(1)
                    .min(usize::from(limits::MAX_TERM_LEVELS)) as u8
            },
            level_labels: v.texts(levels),
            tags: v.texts(&r.tags),
        });
    }
    terms
}

fn section_parties(
    v: &mut Validator,
    raw: &[Spanned<RawParty>],
    terms: &[TermDef],
) -> Vec<PartyDef> {
    let mut parties = Vec::new();
    for spanned in raw {
        let r = spanned.get_ref();
        let priorities = party_priorities(v, r, terms.len());
        let red_lines = party_red_lines(v, r, terms);
        let willingness = r
            .willingness
            .as_ref()
            .and_then(|w| v.resolve(NameKind::Variable, w))
            .map(VarId);
        let reservation = v
            .expr(&r.reservation)
            .unwrap_or_else(|| Expr::constant(0.0));
        parties.push(PartyDef {
            id: r.id.get_ref().clone(),
            name: v.text(&r.name),
            description: v.opt_text(&r.description),
            willingness,
            priorities,
            top_priority: v.opt_text(&r.top_priority),
            red_lines,
            reservation,
            starts_revealed: r.revealed,
            public_position: v.opt_text(&r.public_position),
            links: party_links(v, r),
        });
    }
    parties
}

/// A party's `links`: the other party, the kind and the meter, each checked.
fn party_links(v: &mut Validator, r: &RawParty) -> Vec<PartyLink> {
    if r.links.len() > limits::MAX_LIST
        && let Some(first) = r.links.first()
    {
        v.error(
            span_of(&first.to),
            format!("more than {} links", limits::MAX_LIST),
        );
    }
    let mut links = Vec::new();
    for link in r.links.iter().take(limits::MAX_LIST) {
        let to = v.resolve(NameKind::Party, &link.to).map(PartyId);
        if link.to.get_ref() == r.id.get_ref() {
            v.error(
                span_of(&link.to),
                "a party cannot link to itself".to_string(),
            );
        }
        let kind = LinkKind::from_name(link.kind.get_ref());
        if kind.is_none() {
            let names: Vec<&str> = LinkKind::ALL.iter().map(|k| k.name()).collect();
            v.error(
                span_of(&link.kind),
                format!(
                    "unknown link kind '{}' (kinds are {})",
                    sanitize(link.kind.get_ref()),
                    names.join(", ")
                ),
            );
        }
        let meter = v.resolve(NameKind::Variable, &link.meter).map(VarId);
        let label = v.opt_text(&link.label);
        if let (Some(to), Some(kind), Some(meter)) = (to, kind, meter) {
            links.push(PartyLink {
                to,
                kind,
                meter,
                label,
            });
        }
    }
    links
}

fn party_priorities(v: &mut Validator, r: &RawParty, terms: usize) -> Vec<f64> {
    let mut priorities = vec![0.0; terms];
    for (name, value) in r.priorities.get_ref() {
        let weight = match value {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) if f.is_finite() => Some(*f),
            _ => None,
        };
        let span = span_of(&r.priorities);
        match (v.names.terms.get(name), weight) {
            (Some(index), Some(w)) => {
                if let Some(slot) = priorities.get_mut(usize::from(index)) {
                    *slot = w;
                }
            }
            (None, _) => {
                let help = expr::suggest(name, v.names.terms.names.iter().map(String::as_str))
                    .map(|s| format!("did you mean '{s}'?"));
                v.diags.push(
                    Diagnostic::error(
                        span,
                        format!("priorities name an unknown term '{}'", sanitize(name)),
                    )
                    .with_help(help),
                );
            }
            (Some(_), None) => v.error(
                span,
                format!("the priority of '{name}' must be a finite number"),
            ),
        }
    }
    priorities
}

fn party_red_lines(v: &mut Validator, r: &RawParty, terms: &[TermDef]) -> Vec<RedLine> {
    let mut red_lines = Vec::new();
    if r.red_lines.len() > limits::MAX_LIST {
        v.error(
            span_of(&r.id),
            format!(
                "{} red lines; the limit is {}",
                r.red_lines.len(),
                limits::MAX_LIST
            ),
        );
    }
    for line in r.red_lines.iter().take(limits::MAX_LIST) {
        let Some(term) = v.resolve(NameKind::Term, &line.term).map(TermId) else {
            continue;
        };
        let max_level = terms.get(term.index()).map_or(0, |t| t.max_level);
        let bound = |b: &Option<Spanned<i64>>, v: &mut Validator| -> Option<u8> {
            let b = b.as_ref()?;
            if (0..=i64::from(max_level)).contains(b.get_ref()) {
                Some(*b.get_ref() as u8)
            } else {
                v.error(
                    span_of(b),
                    format!("'{}' has levels 0 to {max_level}", line.term.get_ref()),
                );
                None
            }
        };
        let at_least = bound(&line.at_least, v);
        let at_most = bound(&line.at_most, v);
        if line.at_least.is_none() && line.at_most.is_none() {
            v.error(span_of(&line.term), "a red line needs at_least or at_most");
        }
        red_lines.push(RedLine {
            term,
            at_least,
            at_most,
            reason: v.text(&line.reason),
        });
    }
    red_lines
}

fn section_deal(
    v: &mut Validator,
    raw: Option<&Spanned<RawDeal>>,
    terms: &[TermDef],
) -> Option<DealDef> {
    let d = raw?;
    let r = d.get_ref();
    let mut ignored = Vec::new();
    if terms.is_empty() {
        v.error(span_of(d), "[deal] needs at least one [[terms]] entry");
    }
    Some(DealDef {
        available: v.opt_expr(&r.available, 1.0),
        unavailable_text: v.opt_text(&r.unavailable),
        cost: v.opt_expr(&r.cost, 0.0),
        on_accept: v.effects(&r.on_accept, &mut ignored),
        on_reject: v.effects(&r.on_reject, &mut ignored),
        lukewarm_margin: r
            .lukewarm_margin
            .as_ref()
            .map_or(10.0, |m| m.get_ref().0.max(0.0)),
    })
}

fn section_actions(v: &mut Validator, raw: &[Spanned<RawAction>]) -> Vec<ActionDef> {
    raw.iter()
        .map(|spanned| {
            let r = spanned.get_ref();
            let mut ignored = Vec::new();
            ActionDef {
                id: r.id.get_ref().clone(),
                name: v.text(&r.name),
                category: r
                    .category
                    .as_ref()
                    .map_or_else(|| "general".into(), |c| v.text(c)),
                description: v.opt_text(&r.description),
                tradeoff: v.text(&r.tradeoff),
                source: v.source(&r.source),
                cost: v.opt_expr(&r.cost, 0.0),
                available: v.opt_expr(&r.available, 1.0),
                unavailable: v.opt_text(&r.unavailable),
                cooldown: v.small(&r.cooldown, 120, "cooldown (months)"),
                effects: v.effects(&r.effects, &mut ignored),
                tags: v.texts(&r.tags),
            }
        })
        .collect()
}

fn section_rules(v: &mut Validator, raw: &[Spanned<RawRule>]) -> Vec<RuleDef> {
    raw.iter()
        .map(|spanned| {
            let r = spanned.get_ref();
            let mut ignored = Vec::new();
            RuleDef {
                id: r.id.get_ref().clone(),
                explain: v.text(&r.explain),
                source: v.source(&r.source),
                cite: v.cites(&r.cite),
                condition: v.opt_expr(&r.when, 1.0),
                effects: v.effects(&r.effects, &mut ignored),
            }
        })
        .collect()
}

/// Events, with the graph of zero-delay follow-ups for the cycle check.
fn section_events(v: &mut Validator, raw: &[Spanned<RawEvent>], meta: &Meta) -> Vec<EventDef> {
    let mut events = Vec::new();
    let mut follow_ups: Vec<Vec<(EventId, Range<usize>)>> = Vec::new();
    for spanned in raw {
        let r = spanned.get_ref();
        let mut edges = Vec::new();
        let options = event_options(v, r, &mut edges);
        let effects = v.effects(&r.effects, &mut edges);
        follow_ups.push(edges);
        let at = r.at.as_ref().and_then(|at| event_date(v, r, at, meta));
        events.push(EventDef {
            id: r.id.get_ref().clone(),
            title: v.text(&r.title),
            text: v.text(&r.text),
            category: r
                .category
                .as_ref()
                .map_or_else(|| "general".into(), |c| v.text(c)),
            source: v.source(&r.source),
            condition: v.opt_expr(&r.when, 1.0),
            weight: v.opt_expr(&r.weight, 1.0),
            cooldown: v.small(&r.cooldown, 120, "cooldown (months)"),
            once: r.once || r.at.is_some(),
            follow_up_only: r.follow_up_only,
            at,
            effects,
            options,
            cite: v.cites(&r.cite),
        });
    }
    for cycle in zero_delay_cycles(&follow_ups) {
        let (first, span) = cycle[0].clone();
        let names: Vec<&str> = cycle
            .iter()
            .map(|(e, _)| v.names.events.names[e.index()].as_str())
            .collect();
        let from = v.names.events.names[first.index()].clone();
        let message = format!(
            "zero-delay follow-up cycle: {} → {from}; give one of these queue effects an 'after' of at least 1",
            names.join(" → ")
        );
        v.error(span, message);
    }
    events
}

fn event_options(
    v: &mut Validator,
    r: &RawEvent,
    edges: &mut Vec<(EventId, Range<usize>)>,
) -> Vec<OptionDef> {
    if r.options.len() > limits::MAX_OPTIONS {
        v.error(
            span_of(&r.id),
            format!("an event may offer at most {} options", limits::MAX_OPTIONS),
        );
    }
    let mut option_ids: Vec<(&str, Range<usize>)> = Vec::new();
    r.options
        .iter()
        .take(limits::MAX_OPTIONS)
        .map(|o| {
            let o = o.get_ref();
            if !is_identifier(o.id.get_ref()) {
                v.error(
                    span_of(&o.id),
                    format!(
                        "option id '{}' must be lowercase letters, digits and '_', starting with a letter (at most 64)",
                        sanitize(o.id.get_ref())
                    ),
                );
            } else if let Some((_, first)) = option_ids
                .iter()
                .find(|(id, _)| *id == o.id.get_ref().as_str())
            {
                let (line, column) = super::diag::line_col(v.source, first.start);
                v.diags.push(
                    Diagnostic::error(
                        span_of(&o.id),
                        format!("duplicate option id '{}'", o.id.get_ref()),
                    )
                    .with_help(Some(format!(
                        "the first '{}' is at line {line}, column {column}; rename one of them",
                        o.id.get_ref()
                    ))),
                );
            }
            option_ids.push((o.id.get_ref(), span_of(&o.id)));
            OptionDef {
                id: o.id.get_ref().clone(),
                label: v.text(&o.label),
                tradeoff: v.opt_text(&o.tradeoff),
                available: v.opt_expr(&o.available, 1.0),
                unavailable: v.opt_text(&o.unavailable),
                effects: v.effects(&o.effects, edges),
                tags: v.texts(&o.tags),
                cite: v.cites(&o.cite),
            }
        })
        .collect()
}

/// An event's `at`: the turn whose date it names. On week levels a date inside a week names
/// that week's turn.
fn event_date(v: &mut Validator, r: &RawEvent, at: &Text, meta: &Meta) -> Option<u16> {
    if r.weight.is_some() {
        v.error(
            span_of(at),
            "a scheduled event ('at') is not drawn at random: remove its 'weight'",
        );
    }
    if r.follow_up_only {
        v.error(
            span_of(at),
            "'at' and 'follow_up_only' contradict each other: a scheduled event fires on its date, a follow-up only when queued",
        );
    }
    if meta.start_month == 0 {
        return None; // the calendar itself is broken and already reported
    }
    let text = at.get_ref();
    let turn = match meta.turn_length {
        TurnLength::Month => match parse_year_month(text) {
            Some((year, month)) => Some(
                i64::from(year - meta.start_year) * 12 + i64::from(month)
                    - i64::from(meta.start_month),
            ),
            None => {
                v.error(
                    span_of(at),
                    "at must be a date like \"2017-09\" (year-month) on a monthly level",
                );
                return None;
            }
        },
        unit => match parse_full_date(text) {
            Some((year, month, day)) => {
                let days = days_from_civil(year, month, day)
                    - days_from_civil(meta.start_year, meta.start_month, meta.start_day);
                Some(if unit == TurnLength::Week {
                    days.div_euclid(7)
                } else {
                    days
                })
            }
            None => {
                v.error(
                    span_of(at),
                    format!(
                        "at must be a date like \"1962-10-22\" (year-month-day) on a level whose turn is a {}",
                        unit.noun()
                    ),
                );
                return None;
            }
        },
    };
    match turn {
        Some(t) if (0..i64::from(meta.length)).contains(&t) => Some(t as u16),
        _ => {
            let scenario_first = date_label(meta, 0);
            let scenario_last = date_label(meta, meta.length - 1);
            v.error(
                span_of(at),
                format!(
                    "'{}' is outside the level's calendar ({scenario_first} to {scenario_last})",
                    sanitize(text)
                ),
            );
            None
        }
    }
}

/// The label of a turn of the level `meta` describes (before the scenario exists).
fn date_label(meta: &Meta, turn: u16) -> String {
    Scenario {
        meta: meta.clone(),
        ..Default::default()
    }
    .calendar(turn)
    .iso()
}

fn section_endings(
    v: &mut Validator,
    raw: &[Spanned<RawEnding>],
    has_meta: bool,
) -> Vec<EndingDef> {
    let endings = raw
        .iter()
        .map(|spanned| {
            let r = spanned.get_ref();
            let hold = match &r.hold {
                None => 1,
                Some(h) if (1..=120).contains(h.get_ref()) => *h.get_ref() as u16,
                Some(h) => {
                    v.error(span_of(h), "hold must be between 1 and 120 (turns)");
                    1
                }
            };
            EndingDef {
                id: r.id.get_ref().clone(),
                title: v.text(&r.title),
                text: v.text(&r.text),
                grade: v.text(&r.grade),
                condition: v.opt_expr(&r.when, 0.0),
                at_time_limit: r.at_time_limit,
                victory: r.victory,
                goal: v.opt_text(&r.goal),
                progress: r.progress.as_ref().and_then(|p| v.expr(p)),
                hold,
                warn: r.warn,
                warn_when: r.warn_when.as_ref().and_then(|w| v.expr(w)),
                questions: v.texts(&r.questions),
                cite: v.cites(&r.cite),
            }
        })
        .collect();
    if raw.is_empty() && has_meta {
        v.error(0..0, "a level needs at least one [[endings]] entry");
    }
    endings
}

fn section_axes(v: &mut Validator, raw: &[Spanned<RawAxis>]) -> Vec<AxisDef> {
    raw.iter()
        .filter_map(|spanned| {
            let r = spanned.get_ref();
            Some(AxisDef {
                id: r.id.get_ref().clone(),
                label: v.text(&r.label),
                description: v.opt_text(&r.description),
                value: v.expr(&r.value)?,
            })
        })
        .collect()
}

fn section_glossary(v: &mut Validator, raw: &[Spanned<RawGlossary>]) -> Vec<GlossaryEntry> {
    raw.iter()
        .map(|g| {
            let r = g.get_ref();
            GlossaryEntry {
                term: v.text(&r.term),
                text: v.text(&r.text),
            }
        })
        .collect()
}

fn section_history(v: &mut Validator, raw: &[Spanned<RawHistory>]) -> Vec<HistoryEntry> {
    raw.iter()
        .map(|h| {
            let r = h.get_ref();
            if parse_loose_date(r.date.get_ref()).is_none() {
                v.error(
                    span_of(&r.date),
                    "date must be \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
                );
            }
            HistoryEntry {
                date: v.text(&r.date),
                text: v.text(&r.text),
                cite: v.cites(&r.cite),
            }
        })
        .collect()
}

fn section_difficulty(v: &mut Validator, raw: &[Spanned<RawDifficulty>]) -> Vec<DifficultyDef> {
    raw.iter()
        .map(|d| {
            let r = d.get_ref();
            let mut ignored = Vec::new();
            DifficultyDef {
                id: r.id.get_ref().clone(),
                label: v.text(&r.label),
                description: v.opt_text(&r.description),
                effects: v.effects(&r.effects, &mut ignored),
            }
        })
        .collect()
}

/// Dashboard panels: a key that no other panel and none of the game's own keys take (the
/// key map says which those are, so the two cannot drift apart), known variables, and
/// measures named by action id or by category.
fn section_dashboard(
    v: &mut Validator,
    raw: &[Spanned<RawDashboard>],
    actions: &[ActionDef],
) -> Vec<DashboardDef> {
    let reserved: Vec<(char, &str)> = crate::ui::keys::game_letters().collect();
    // Every panel's key, for the "free letters" help.
    let declared: Vec<char> = raw
        .iter()
        .filter_map(|d| {
            let mut chars = d.get_ref().key.get_ref().chars();
            chars.next().filter(|_| chars.next().is_none())
        })
        .collect();
    let free: String = ('a'..='z')
        .filter(|c| !declared.contains(c) && !reserved.iter().any(|(r, _)| r == c))
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ");
    // Each key taken so far, with where.
    let mut keys: Vec<(char, usize)> = Vec::new();
    raw.iter()
        .map(|d| {
            let r = d.get_ref();
            let mut chars = r.key.get_ref().chars();
            let key = match (chars.next(), chars.next()) {
                _ if v.unknown(&r.key) => 'a',
                (Some(c), None) if c.is_ascii_lowercase() => {
                    if let Some((_, what)) = reserved.iter().find(|(k, _)| *k == c) {
                        v.diags.push(
                            Diagnostic::error(
                                span_of(&r.key),
                                format!(
                                    "the key '{c}' is the game's own ({what}); a panel needs another letter"
                                ),
                            )
                            .with_help((!free.is_empty()).then(|| format!("free letters: {free}"))),
                        );
                    } else if let Some((_, first)) = keys.iter().find(|(k, _)| *k == c) {
                        let (line, column) = super::diag::line_col(v.source, *first);
                        v.diags.push(
                            Diagnostic::error(
                                span_of(&r.key),
                                format!("two dashboard panels use the key '{c}'"),
                            )
                            .with_help(Some(format!(
                                "the first is at line {line}, column {column}; free letters: {free}"
                            ))),
                        );
                    }
                    keys.push((c, span_of(&r.key).start));
                    c
                }
                _ => {
                    v.error(span_of(&r.key), "key must be one lowercase letter, a-z");
                    'a'
                }
            };
            DashboardDef {
                id: r.id.get_ref().clone(),
                title: v.text(&r.title),
                key,
                variables: r
                    .variables
                    .iter()
                    .take(limits::MAX_LIST)
                    .filter_map(|name| {
                        if v.unknown(name) {
                            return None;
                        }
                        v.resolve(NameKind::Variable, name).map(VarId)
                    })
                    .collect(),
                text: v.opt_text(&r.text),
                actions: panel_actions(v, r, actions),
            }
        })
        .collect()
}

/// A panel's measures: its `actions` (each a known action id), then the actions of its
/// `category` (one some action declares) not already listed.
fn panel_actions(v: &mut Validator, r: &RawDashboard, actions: &[ActionDef]) -> Vec<ActionId> {
    let mut out: Vec<ActionId> = Vec::new();
    for name in r.actions.iter().take(limits::MAX_LIST) {
        if v.unknown(name) {
            continue;
        }
        match v.names.actions.get(name.get_ref()) {
            Some(i) => {
                if !out.contains(&ActionId(i)) {
                    out.push(ActionId(i));
                }
            }
            None => {
                let help = expr::suggest(
                    name.get_ref(),
                    v.names.actions.names.iter().map(String::as_str),
                )
                .map(|s| format!("did you mean '{s}'?"));
                v.diags.push(
                    Diagnostic::error(
                        span_of(name),
                        format!("unknown action '{}'", sanitize(name.get_ref())),
                    )
                    .with_help(help),
                );
            }
        }
    }
    if let Some(category) = r.category.as_ref().filter(|c| !v.unknown(c)) {
        let wanted = sanitize(category.get_ref());
        let mut found = false;
        for (i, a) in actions.iter().enumerate() {
            if a.category == wanted {
                found = true;
                let id = ActionId(i as u16);
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        if !found {
            let mut known: Vec<&str> = Vec::new();
            for a in actions {
                if !known.contains(&a.category.as_str()) {
                    known.push(&a.category);
                }
            }
            // A category differing only in case is the likeliest slip.
            let help = known
                .iter()
                .find(|k| k.eq_ignore_ascii_case(&wanted))
                .map(|k| k.to_string())
                .or_else(|| expr::suggest(&wanted, known.iter().copied()))
                .map(|s| format!("did you mean '{s}'?"))
                .or_else(|| {
                    (!known.is_empty())
                        .then(|| format!("the actions' categories: {}", known.join(", ")))
                });
            v.diags.push(
                Diagnostic::error(
                    span_of(category),
                    format!("no action has the category '{wanted}'"),
                )
                .with_help(help),
            );
        }
    }
    out
}

/// "YYYY-MM-DD" with a real day.
fn parse_full_date(text: &str) -> Option<(i32, u8, u8)> {
    let (ym, day) = text.rsplit_once('-')?;
    let (year, month) = parse_year_month(ym)?;
    if day.len() != 2 {
        return None;
    }
    let day: u8 = day.parse().ok()?;
    is_valid_date(year, month, day).then_some((year, month, day))
}

/// "YYYY", "YYYY-MM" or "YYYY-MM-DD" (citations and history lines).
fn parse_loose_date(text: &str) -> Option<()> {
    let year_only = text.len() == 4 && text.chars().all(|c| c.is_ascii_digit());
    (year_only || parse_year_month(text).is_some() || parse_full_date(text).is_some()).then_some(())
}

fn parse_year_month(text: &str) -> Option<(i32, u8)> {
    let (year, month) = text.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let month: u8 = month.parse().ok()?;
    ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some((year, month))
}

/// Every cycle of zero-delay follow-ups, each reported once, as the chain of (event, the
/// span of the queue effect that leads on).
fn zero_delay_cycles(edges: &[Vec<(EventId, Range<usize>)>]) -> Vec<Vec<(EventId, Range<usize>)>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; edges.len()];
    let mut cycles = Vec::new();
    for root in 0..edges.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next edge index); the path holds the spans taken.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        let mut path: Vec<(EventId, Range<usize>)> = Vec::new();
        marks[root] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some((target, span)) = edges[node].get(*next) {
                *next += 1;
                let t = target.index();
                match marks.get(t) {
                    Some(Mark::New) => {
                        marks[t] = Mark::Open;
                        path.push((EventId(node as u16), span.clone()));
                        stack.push((t, 0));
                    }
                    Some(Mark::Open) => {
                        let mut cycle: Vec<_> = path
                            .iter()
                            .skip_while(|(e, _)| e.index() != t)
                            .cloned()
                            .collect();
                        cycle.push((EventId(node as u16), span.clone()));
                        cycles.push(cycle);
                    }
                    _ => {}
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
                path.pop();
            }
        }
    }
    cycles
}
