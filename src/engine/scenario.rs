//! The compiled, validated content of a level: what the engine interprets.
//!
//! `src/level` builds a [`Scenario`] from a TOML file; the engine never sees TOML or names in
//! its monthly step, only the index types below (`VarId`, `EventId`, …) that point into the
//! vectors of this struct. Every text here has already been stripped of control characters.

use std::sync::OnceLock;

use super::expr::{Expr, NameKind, Names, Operand};
use super::game::{DrawEntry, State};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub u16);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}
id_type!(
    VarId,
    FlagId,
    PartyId,
    TermId,
    ActionId,
    RuleId,
    EventId,
    EndingId,
    CitationId,
    DifficultyId
);

/// How long one turn lasts.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TurnLength {
    #[default]
    Month,
    Week,
    Day,
}

impl TurnLength {
    /// The word for one turn: "month", "week", "day".
    pub fn noun(self) -> &'static str {
        match self {
            TurnLength::Month => "month",
            TurnLength::Week => "week",
            TurnLength::Day => "day",
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const LONG_MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The date of one turn of a level: what every screen, save name and debrief shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TurnDate {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31 (1 on monthly levels).
    pub day: u8,
    pub unit: TurnLength,
}

impl TurnDate {
    /// "Oct 1962" for monthly turns, "22 Oct 1962" for weeks and days.
    pub fn label(&self) -> String {
        let name = MONTH_NAMES[usize::from(self.month.clamp(1, 12) - 1)];
        match self.unit {
            TurnLength::Month => format!("{name} {}", self.year),
            TurnLength::Week | TurnLength::Day => format!("{} {name} {}", self.day, self.year),
        }
    }
    /// "October 1962" for monthly turns, "22 October 1962" for weeks and days.
    pub fn long_label(&self) -> String {
        let name = LONG_MONTH_NAMES[usize::from(self.month.clamp(1, 12) - 1)];
        match self.unit {
            TurnLength::Month => format!("{name} {}", self.year),
            TurnLength::Week | TurnLength::Day => format!("{} {name} {}", self.day, self.year),
        }
    }
    /// "1962-10" for monthly turns, "1962-10-22" for weeks and days (the form `at` takes;
    /// save names use it).
    pub fn iso(&self) -> String {
        match self.unit {
            TurnLength::Month => format!("{:04}-{:02}", self.year, self.month),
            TurnLength::Week | TurnLength::Day => {
                format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
            }
        }
    }
}

impl std::fmt::Display for TurnDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Whether (year, month, day) is a real date.
pub fn is_valid_date(year: i32, month: u8, day: u8) -> bool {
    (1..=12).contains(&month)
        && day >= 1
        && civil_from_days(days_from_civil(year, month, day)) == (year, month, day)
}

/// Level metadata and settings.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub author: String,
    pub version: String,
    pub description: String,
    pub difficulty: String,
    /// Shown before the first month.
    pub briefing: String,
    pub start_year: i32,
    /// 1–12.
    pub start_month: u8,
    /// 1–31 on week and day levels; 1 on monthly ones.
    pub start_day: u8,
    /// How long one turn lasts (`[level] turn`).
    pub turn_length: TurnLength,
    /// Turns the game lasts at most (`months` or `turns`).
    pub length: u16,
    /// Which variable is the political capital that actions cost.
    pub capital: VarId,
    /// At most this many random events a month (queued follow-ups come on top, up to the
    /// engine's chain cap).
    pub events_per_month: u8,
    /// Weight of "nothing happens" against the events' weights in each random draw.
    pub quiet_weight: Option<Expr>,
    /// The ending when the time limit passes and no ending's condition holds.
    pub timeout_ending: EndingId,
    /// The score the `greedy` strategy maximises (higher is better for the player).
    pub score: Option<Expr>,
    pub teacher: TeacherNotes,
    pub sources: Vec<String>,
    /// The meters the debrief covers in full (`[level] debrief`).
    pub debrief: Vec<VarId>,
    /// The meters the teacher's live table shows (`[level] class_table`; empty: the key
    /// meters).
    pub class_table: Vec<VarId>,
    /// Advisor lines; the first whose `when` holds is shown.
    pub advisor: Vec<AdvisorLine>,
    /// `[level] tutorial`: offered first in the picker, suggested to a new player.
    pub tutorial: bool,
    /// `[level] typical`: how long a game takes, as measured (the picker shows it).
    pub typical: Option<Typical>,
}

/// A game's typical length, measured with `simulate` and declared by the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Typical {
    /// Decisions a player following the memo's plan takes (the mean of `simulate`).
    pub decisions: u16,
    /// Minutes a first-time student takes.
    pub minutes: u16,
}

#[derive(Debug, Clone)]
pub struct AdvisorLine {
    pub when: Expr,
    pub text: String,
}

/// A source, declared once in `[[citations]]` and referred to by [`CitationId`].
#[derive(Debug, Clone, Default)]
pub struct Citation {
    pub id: String,
    pub author: String,
    pub title: String,
    pub publisher: String,
    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD", as written.
    pub date: String,
    pub link: String,
}

impl Citation {
    /// "Author, Title (date)": short enough for a table cell or a panel line.
    pub fn short(&self) -> String {
        format!("{}, {} ({})", self.author, self.title, self.date)
    }

    /// "Author, *Title*, Publisher, date, link" as plain text.
    pub fn text(&self) -> String {
        let mut parts = vec![self.author.clone(), self.title.clone()];
        if !self.publisher.is_empty() {
            parts.push(self.publisher.clone());
        }
        parts.push(self.date.clone());
        if !self.link.is_empty() {
            parts.push(self.link.clone());
        }
        parts.join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    pub term: String,
    pub text: String,
}

/// One dated line of "what really happened".
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD", as written.
    pub date: String,
    pub text: String,
    pub cite: Vec<CitationId>,
}

/// A difficulty: effects applied at game start.
#[derive(Debug, Clone)]
pub struct DifficultyDef {
    pub id: String,
    pub label: String,
    pub description: String,
    pub effects: Vec<Effect>,
}

/// A level-declared dashboard panel: a screen that shows some variables and the measures
/// (actions) that move them. Drawn by the UI only; the engine never reads it.
#[derive(Debug, Clone)]
pub struct DashboardDef {
    pub id: String,
    pub title: String,
    /// The lowercase letter that opens it.
    pub key: char,
    pub variables: Vec<VarId>,
    pub text: String,
    /// Its measures: the panel's `actions` in their order, then its `category`'s actions
    /// not already listed, in the file's order.
    pub actions: Vec<ActionId>,
}

/// The date of turn `turn` of a level whose calendar `meta` describes.
pub(crate) fn date_of(meta: &Meta, turn: u16) -> TurnDate {
    let unit = meta.turn_length;
    match unit {
        TurnLength::Month => {
            let (month, year) =
                super::game::calendar_of(meta.start_month0(), meta.start_year, turn);
            TurnDate {
                year,
                month,
                day: 1,
                unit,
            }
        }
        TurnLength::Week | TurnLength::Day => {
            let step = if unit == TurnLength::Week { 7 } else { 1 };
            let start = days_from_civil(
                meta.start_year,
                meta.start_month.clamp(1, 12),
                meta.start_day.clamp(1, 31),
            );
            let (year, month, day) = civil_from_days(start + step * i64::from(turn));
            TurnDate {
                year,
                month,
                day,
                unit,
            }
        }
    }
}

impl Meta {
    /// The first month as 0–11 (a bad value in a hand-built scenario clamps into range).
    pub(crate) fn start_month0(&self) -> i32 {
        i32::from(self.start_month.clamp(1, 12)) - 1
    }
}

#[derive(Debug, Clone, Default)]
pub struct TeacherNotes {
    pub learning_goals: Vec<String>,
    pub assumptions: Vec<String>,
    pub questions: Vec<String>,
    pub thesis: String,
    pub balance: String,
    /// Whether students may read these notes.
    pub show_to_students: bool,
    pub memo_summary: String,
}

#[derive(Debug, Clone)]
pub struct VarDef {
    pub id: String,
    pub label: String,
    pub description: String,
    pub min: f64,
    pub max: f64,
    pub start: f64,
    /// Shown among the meters.
    pub shown: bool,
    /// Groups meters on screen ("world", "sanctions", "talks", …).
    pub group: String,
    /// Whether a rise is good for the player (colours the trend arrow); None if neutral.
    pub good_when_high: Option<bool>,
    /// Key meters get a chart at the end and in the debrief.
    pub key: bool,
    /// Named levels of the value (for stages like the talks: dormant, exploratory, …),
    /// as (lowest value, label), ascending.
    pub stages: Vec<(f64, String)>,
    /// Debrief questions about this meter.
    pub questions: Vec<String>,
    /// Turning-point weight (None: derived from typical movement).
    pub weight: Option<f64>,
}

impl VarDef {
    /// The stage label for a value, if the variable has stages.
    pub fn stage_label(&self, value: f64) -> Option<&str> {
        self.stages
            .iter()
            .rev()
            .find(|(at, _)| value >= *at)
            .map(|(_, label)| label.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct FlagDef {
    pub id: String,
    pub label: String,
    pub start: bool,
}

/// The escalation ladder shown in the header: a variable read through rungs, and a risk.
#[derive(Debug, Clone)]
pub struct LadderDef {
    pub var: VarId,
    /// (lowest value, rung label), ascending.
    pub rungs: Vec<(f64, String)>,
    /// A percentage shown next to the rung (e.g. war risk), if the level defines one.
    pub risk: Option<Expr>,
    pub risk_label: String,
}

#[derive(Debug, Clone)]
pub struct PartyDef {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The variable that measures how willing the party is to engage, if any.
    pub willingness: Option<VarId>,
    /// Weight per term (indexed by `TermId`): how much one level of the term is worth to the
    /// party. Negative weights are costs.
    pub priorities: Vec<f64>,
    /// The party's top priority in words, shown once revealed.
    pub top_priority: String,
    pub red_lines: Vec<RedLine>,
    /// The score a package must reach for the party to accept.
    pub reservation: Expr,
    /// Whether priorities start known (the player's own government, say).
    pub starts_revealed: bool,
    /// The party's public position, for handouts.
    pub public_position: String,
    /// Its ties to other parties, for the relations map.
    pub links: Vec<PartyLink>,
}

/// A tie from one party to another that a variable measures (the relations map).
#[derive(Debug, Clone)]
pub struct PartyLink {
    pub to: PartyId,
    pub kind: LinkKind,
    pub meter: VarId,
    /// The map's name for it (the variable's label unless the level gives one).
    pub label: String,
}

/// What a [`PartyLink`] is: how the map draws it and which way is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Both ways; higher is better.
    Trust,
    /// A flow of aid to the other party.
    Aid,
    /// Pressure on the other party.
    Sanctions,
    /// Hostility; higher is worse.
    Tension,
}

impl LinkKind {
    pub const ALL: [LinkKind; 4] = [
        LinkKind::Trust,
        LinkKind::Aid,
        LinkKind::Sanctions,
        LinkKind::Tension,
    ];

    /// The word a level file uses.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Trust => "trust",
            LinkKind::Aid => "aid",
            LinkKind::Sanctions => "sanctions",
            LinkKind::Tension => "tension",
        }
    }

    pub fn from_name(name: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone)]
pub struct RedLine {
    pub term: TermId,
    /// The package must set the term to at least this level…
    pub at_least: Option<u8>,
    /// …and at most this level.
    pub at_most: Option<u8>,
    pub reason: String,
}

impl RedLine {
    pub fn crossed_by(&self, level: u8) -> bool {
        self.at_least.is_some_and(|min| level < min) || self.at_most.is_some_and(|max| level > max)
    }
}

#[derive(Debug, Clone)]
pub struct TermDef {
    pub id: String,
    pub name: String,
    pub description: String,
    /// "obligation", "reward", "mechanism" or a level's own group.
    pub group: String,
    /// Levels run 0..=max_level; 0 means the package leaves the term out.
    pub max_level: u8,
    /// One label per level, 0..=max_level.
    pub level_labels: Vec<String>,
    pub tags: Vec<String>,
}

impl TermDef {
    pub fn level_label(&self, level: u8) -> &str {
        self.level_labels
            .get(level as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }
}

/// What tabling a package costs and does.
#[derive(Debug, Clone)]
pub struct DealDef {
    /// When a package may be tabled at all.
    pub available: Expr,
    /// Political capital to table a package.
    pub cost: Expr,
    /// Applied when every party accepts.
    pub on_accept: Vec<Effect>,
    /// Applied when any party rejects.
    pub on_reject: Vec<Effect>,
    /// A score within this margin below the reservation value reads as "lukewarm".
    pub lukewarm_margin: f64,
    /// Why tabling is unavailable, shown to the player.
    pub unavailable_text: String,
}

#[derive(Debug, Clone)]
pub enum EffectKind {
    Add(VarId, Expr),
    Set(VarId, Expr),
    SetFlag(FlagId),
    ClearFlag(FlagId),
    /// Queue an event to fire after this many months (0 = later this month).
    Queue(EventId, u16),
    End(EndingId),
    Reveal(PartyId),
    /// The agreed deal lapses: every term reads 0 again.
    ClearDeal,
    /// Nothing changes: the effect's `said` words are posted as news. With a `when` or a
    /// `chance` it states in words an outcome that several effects make together (a UN
    /// vote whose strength decides which sanctions rise).
    Say,
}

#[derive(Debug, Clone)]
pub struct Effect {
    pub kind: EffectKind,
    /// Applies only if this holds.
    pub when: Option<Expr>,
    /// Applies with this probability (0–1), drawn from the player's chance stream.
    pub chance: Option<Expr>,
    /// The sources behind this effect.
    pub cite: Vec<CitationId>,
    /// The outcome in words, posted as news when the effect takes place (its `when` holds
    /// and its `chance`, if any, came up): "Resolution 2375 passes 15–0 with an oil cap".
    pub said: Option<String>,
    /// The outcome in words when its `chance` roll fails ("Pyongyang rebuffs the envoy").
    pub said_if_not: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ActionDef {
    pub id: String,
    pub name: String,
    pub category: String,
    pub description: String,
    /// The one-line tradeoff shown before the player commits.
    pub tradeoff: String,
    pub source: String,
    pub cost: Expr,
    pub available: Expr,
    /// Why it is unavailable, in words ("" if the level gives none).
    pub unavailable: String,
    /// Months to wait after use before the action can be taken again (0: next month).
    pub cooldown: u16,
    pub effects: Vec<Effect>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RuleDef {
    pub id: String,
    /// What the rule models, in words: the "why" behind the changes it makes.
    pub explain: String,
    pub source: String,
    pub cite: Vec<CitationId>,
    pub condition: Expr,
    pub effects: Vec<Effect>,
}

#[derive(Debug, Clone)]
pub struct OptionDef {
    pub id: String,
    pub label: String,
    pub tradeoff: String,
    pub available: Expr,
    /// Why it is unavailable, in words ("" if the level gives none).
    pub unavailable: String,
    pub effects: Vec<Effect>,
    pub tags: Vec<String>,
    pub cite: Vec<CitationId>,
}

#[derive(Debug, Clone)]
pub struct EventDef {
    pub id: String,
    pub title: String,
    pub text: String,
    pub category: String,
    pub source: String,
    pub condition: Expr,
    pub weight: Expr,
    pub cooldown: u16,
    pub once: bool,
    /// Fires only when queued by an effect, never by the random draw.
    pub follow_up_only: bool,
    /// Scheduled: fires during the resolution of this turn (0-based) if its condition holds
    /// then; never drawn at random.
    pub at: Option<u16>,
    pub effects: Vec<Effect>,
    pub options: Vec<OptionDef>,
    pub cite: Vec<CitationId>,
}

#[derive(Debug, Clone)]
pub struct EndingDef {
    pub id: String,
    pub title: String,
    pub text: String,
    /// An overall letter or word ("A", "C-", "Failure").
    pub grade: String,
    pub condition: Expr,
    /// Checked only when the time limit is reached.
    pub at_time_limit: bool,
    /// Counted as a win in simulation tables.
    pub victory: bool,
    /// The condition in words, shown as an objective ("" if none).
    pub goal: String,
    /// How close the ending is, 0..1.
    pub progress: Option<Expr>,
    /// Consecutive turns the condition must hold before the ending fires (at least 1).
    pub hold: u16,
    /// Whether the engine warns the turn before the ending can fire.
    pub warn: bool,
    /// Warn when this holds, instead of the default rule.
    pub warn_when: Option<Expr>,
    pub questions: Vec<String>,
    pub cite: Vec<CitationId>,
}

/// An axis the end screen grades (0–100).
#[derive(Debug, Clone)]
pub struct AxisDef {
    pub id: String,
    pub label: String,
    pub description: String,
    pub value: Expr,
}

/// A validated level, ready to play.
#[derive(Debug, Clone, Default)]
pub struct Scenario {
    pub meta: Meta,
    pub vars: Vec<VarDef>,
    pub flags: Vec<FlagDef>,
    pub ladder: Option<LadderDef>,
    pub parties: Vec<PartyDef>,
    pub terms: Vec<TermDef>,
    pub deal: Option<DealDef>,
    pub actions: Vec<ActionDef>,
    pub rules: Vec<RuleDef>,
    pub events: Vec<EventDef>,
    pub endings: Vec<EndingDef>,
    pub axes: Vec<AxisDef>,
    pub citations: Vec<Citation>,
    pub glossary: Vec<GlossaryEntry>,
    pub history: Vec<HistoryEntry>,
    /// The first is the default.
    pub difficulties: Vec<DifficultyDef>,
    pub dashboards: Vec<DashboardDef>,
    /// Which events read what, derived on first use (see [`Scenario::event_readers`]).
    pub(crate) derived: Derived<EventReaders>,
}

/// A table the engine derives from a scenario the first time it needs it. A clone of the
/// scenario starts without it, so a copy that is edited afterwards derives its own.
pub(crate) struct Derived<T>(OnceLock<T>);

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived(OnceLock::new())
    }
}

impl<T> Clone for Derived<T> {
    fn clone(&self) -> Self {
        Derived(OnceLock::new())
    }
}

impl<T> std::fmt::Debug for Derived<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

/// For each value an expression can read (variables, flags, deal terms, parties, event
/// counts and the calendar, each a "slot"), the events whose condition or weight reads it:
/// when the value changes, those events' draw weights must be computed afresh.
#[derive(Debug)]
pub(crate) struct EventReaders {
    /// Where each kind of slot starts: flags, deal terms, parties, events, calendar.
    offsets: [usize; 5],
    /// `readers[starts[slot]..starts[slot + 1]]` are the events reading `slot`.
    starts: Vec<u32>,
    readers: Vec<u16>,
    /// The event draw's memo of a game in which no event has fired: each event's lane in
    /// the world's draws (a hash of its id) and whether it may be drawn, worked out once per
    /// level rather than once per game.
    fresh_memo: Vec<DrawEntry>,
    /// The events scheduled for a turn (`at`), in file order: the month's resolution looks
    /// at these, not at every event.
    scheduled: Vec<u16>,
}

impl EventReaders {
    fn build(scenario: &Scenario) -> EventReaders {
        let flags = scenario.vars.len();
        let terms = flags + scenario.flags.len();
        let parties = terms + scenario.terms.len();
        let events = parties + scenario.parties.len();
        let calendar = events + scenario.events.len();
        let offsets = [flags, terms, parties, events, calendar];
        let mut pairs: Vec<(usize, u16)> = Vec::new();
        for (index, def) in scenario.events.iter().enumerate() {
            for &operand in def.condition.reads().iter().chain(def.weight.reads()) {
                pairs.push((slot_of(&offsets, operand), index as u16));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = vec![0u32; calendar + 2]; // one past the calendar slot
        for &(slot, _) in &pairs {
            starts[slot + 1] += 1;
        }
        for slot in 1..starts.len() {
            starts[slot] += starts[slot - 1];
        }
        EventReaders {
            offsets,
            starts,
            readers: pairs.into_iter().map(|(_, event)| event).collect(),
            fresh_memo: State::fresh_memo(scenario),
            scheduled: (scenario.events.iter().enumerate())
                .filter(|(_, e)| e.at.is_some())
                .map(|(index, _)| index as u16)
                .collect(),
        }
    }

    /// The events with an `at`, in file order.
    pub fn scheduled(&self) -> &[u16] {
        &self.scheduled
    }

    /// See `fresh_memo`.
    pub fn fresh_memo(&self) -> &[DrawEntry] {
        &self.fresh_memo
    }

    /// How many slots there are.
    pub fn slots(&self) -> usize {
        self.starts.len() - 1
    }

    /// The slot `operand` reads.
    pub fn slot(&self, operand: Operand) -> usize {
        slot_of(&self.offsets, operand)
    }

    /// The events whose condition or weight reads `slot`.
    pub fn at(&self, slot: usize) -> &[u16] {
        &self.readers[self.starts[slot] as usize..self.starts[slot + 1] as usize]
    }
}

/// Where a readable value sits among the slots laid out by `offsets`. Variables come first,
/// so a variable's slot is its index (`State::change_var` relies on it).
fn slot_of(offsets: &[usize; 5], operand: Operand) -> usize {
    let [flags, terms, parties, events, calendar] = *offsets;
    match operand {
        Operand::Var(i) => usize::from(i),
        Operand::Flag(i) => flags + usize::from(i),
        Operand::Deal(i) => terms + usize::from(i),
        Operand::Revealed(i) => parties + usize::from(i),
        Operand::Fired(i) => events + usize::from(i),
        // Constants are never read from the state, and no expression lists them among its
        // reads; they share the calendar's slot harmlessly.
        Operand::Turn
        | Operand::MonthOfYear
        | Operand::Year
        | Operand::MonthsLeft
        | Operand::Const(_) => calendar,
    }
}

impl Scenario {
    /// The date of a 0-based turn of this level's games: the one calendar every screen,
    /// save name, debrief and `play --load` shows (`.label()` "Oct 1962" / "22 Oct 1962",
    /// `.iso()` "1962-10" / "1962-10-22").
    pub fn calendar(&self, turn: u16) -> TurnDate {
        date_of(&self.meta, turn)
    }

    /// The difficulty a new game gets when none is chosen: the first declared, if any.
    pub fn default_difficulty(&self) -> Option<DifficultyId> {
        (!self.difficulties.is_empty()).then_some(DifficultyId(0))
    }
    pub fn difficulty_id(&self, name: &str) -> Option<DifficultyId> {
        self.difficulties
            .iter()
            .position(|d| d.id == name)
            .map(|i| DifficultyId(i as u16))
    }
    pub fn citation(&self, id: CitationId) -> &Citation {
        &self.citations[id.index()]
    }

    /// Which events read what (derived once, on first use).
    pub(crate) fn event_readers(&self) -> &EventReaders {
        self.derived.0.get_or_init(|| EventReaders::build(self))
    }
    pub fn var(&self, id: VarId) -> &VarDef {
        &self.vars[id.index()]
    }
    pub fn action(&self, id: ActionId) -> &ActionDef {
        &self.actions[id.index()]
    }
    pub fn event(&self, id: EventId) -> &EventDef {
        &self.events[id.index()]
    }
    pub fn ending(&self, id: EndingId) -> &EndingDef {
        &self.endings[id.index()]
    }
    pub fn party(&self, id: PartyId) -> &PartyDef {
        &self.parties[id.index()]
    }
    pub fn term(&self, id: TermId) -> &TermDef {
        &self.terms[id.index()]
    }

    pub fn var_id(&self, name: &str) -> Option<VarId> {
        self.vars
            .iter()
            .position(|v| v.id == name)
            .map(|i| VarId(i as u16))
    }
    pub fn action_id(&self, name: &str) -> Option<ActionId> {
        self.actions
            .iter()
            .position(|a| a.id == name)
            .map(|i| ActionId(i as u16))
    }
    pub fn event_id(&self, name: &str) -> Option<EventId> {
        self.events
            .iter()
            .position(|e| e.id == name)
            .map(|i| EventId(i as u16))
    }
    pub fn ending_id(&self, name: &str) -> Option<EndingId> {
        self.endings
            .iter()
            .position(|e| e.id == name)
            .map(|i| EndingId(i as u16))
    }

    pub fn action_ids(&self) -> impl Iterator<Item = ActionId> + '_ {
        (0..self.actions.len()).map(|i| ActionId(i as u16))
    }
    pub fn party_ids(&self) -> impl Iterator<Item = PartyId> + '_ {
        (0..self.parties.len()).map(|i| PartyId(i as u16))
    }
    pub fn term_ids(&self) -> impl Iterator<Item = TermId> + '_ {
        (0..self.terms.len()).map(|i| TermId(i as u16))
    }
}

/// A compiled level's names, for compiling expressions against it again (the simulation
/// report's parts of a condition, the lint's tests).
pub struct ScenarioNames<'a>(pub &'a Scenario);

impl Names for ScenarioNames<'_> {
    fn lookup(&self, kind: NameKind, name: &str) -> Option<u16> {
        let s = self.0;
        let index = match kind {
            NameKind::Variable => s.vars.iter().position(|v| v.id == name),
            NameKind::Flag => s.flags.iter().position(|f| f.id == name),
            NameKind::Term => s.terms.iter().position(|t| t.id == name),
            NameKind::Party => s.parties.iter().position(|p| p.id == name),
            NameKind::Event => s.events.iter().position(|e| e.id == name),
        };
        index.map(|i| i as u16)
    }
    fn all(&self, kind: NameKind) -> Vec<&str> {
        let s = self.0;
        match kind {
            NameKind::Variable => s.vars.iter().map(|v| v.id.as_str()).collect(),
            NameKind::Flag => s.flags.iter().map(|f| f.id.as_str()).collect(),
            NameKind::Term => s.terms.iter().map(|t| t.id.as_str()).collect(),
            NameKind::Party => s.parties.iter().map(|p| p.id.as_str()).collect(),
            NameKind::Event => s.events.iter().map(|e| e.id.as_str()).collect(),
        }
    }
}
