//! The compiled, validated content of a level: what the engine interprets.
//!
//! `src/level` builds a [`Scenario`] from a TOML file; the engine never sees TOML or names in
//! its monthly step, only the index types below (`VarId`, `EventId`, …) that point into the
//! vectors of this struct. Every text here has already been stripped of control characters.

use std::sync::OnceLock;

use super::expr::{Expr, Operand};

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
    VarId, FlagId, PartyId, TermId, ActionId, RuleId, EventId, EndingId
);

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
    /// Months the game lasts at most.
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
}

#[derive(Debug, Clone)]
pub struct Effect {
    pub kind: EffectKind,
    /// Applies only if this holds.
    pub when: Option<Expr>,
    /// Applies with this probability (0–1), drawn from the game's RNG.
    pub chance: Option<Expr>,
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
    pub condition: Expr,
    pub effects: Vec<Effect>,
}

#[derive(Debug, Clone)]
pub struct OptionDef {
    pub id: String,
    pub label: String,
    pub tradeoff: String,
    pub available: Expr,
    pub effects: Vec<Effect>,
    pub tags: Vec<String>,
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
    pub effects: Vec<Effect>,
    pub options: Vec<OptionDef>,
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
        }
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

/// Where a readable value sits among the slots laid out by `offsets`.
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
    /// (month 1–12, year) of a 0-based turn of this level's games.
    pub fn calendar(&self, turn: u16) -> (u8, i32) {
        super::game::calendar_of(self.meta.start_month0(), self.meta.start_year, turn)
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
