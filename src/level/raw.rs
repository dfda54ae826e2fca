//! The level file's shape, exactly as serde reads it from TOML (`Raw*`).
//!
//! Every struct denies unknown keys so a typo is an error, not a silently ignored line.
//! Names and expressions are `Spanned` so validation can point at them. Nothing here is
//! checked beyond types; `validate.rs` turns these into an engine `Scenario`.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

pub type Text = Spanned<String>;

/// The form of ids that expressions name (variables, flags, events, …), for the schema; the
/// validator's `is_identifier` checks the same, and a test keeps them in step.
pub const ID_PATTERN: &str = r"^[a-z_][a-z0-9_]*$";
/// "YYYY", "YYYY-MM" or "YYYY-MM-DD" (citations and history lines), for the schema.
pub const LOOSE_DATE_PATTERN: &str = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-[0-3][0-9])?)?$";
/// What an expression must not contain, for the schema: `=>`, `=<` or a lone `=` (the
/// validator's messages for these name the operator meant).
pub const EXPR_MISTAKE_PATTERN: &str = "=>|=<|(^|[^=!<>])=([^=]|$)";

/// A number, or an expression in a string: `amount = 5` or `amount = "2 + tension / 20"`.
#[derive(Debug, Clone, PartialEq)]
pub enum NumOrExpr {
    Num(f64),
    Expr(String),
}

impl<'de> Deserialize<'de> for NumOrExpr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NumOrExpr;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or an expression in quotes")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumOrExpr, E> {
                Ok(NumOrExpr::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumOrExpr, E> {
                Ok(NumOrExpr::Num(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumOrExpr, E> {
                if v.is_finite() {
                    Ok(NumOrExpr::Num(v))
                } else {
                    Err(E::custom("numbers must be finite (no nan or inf)"))
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<NumOrExpr, E> {
                Ok(NumOrExpr::Num(if v { 1.0 } else { 0.0 }))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumOrExpr, E> {
                Ok(NumOrExpr::Expr(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for NumOrExpr {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NumOrExpr".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number (true = 1, false = 0), or an expression in quotes such as \"2 + tension / 20\" (see levels/README.md).",
            "type": ["number", "boolean", "string"],
            "maxLength": crate::engine::expr::MAX_EXPR_LEN,
            "not": { "type": "string", "pattern": EXPR_MISTAKE_PATTERN }
        })
    }
}

pub type Amount = Spanned<NumOrExpr>;

/// The schema of an effect's `chance`: a probability 0–1, or an expression (for the schema
/// only; the loader reads a [`NumOrExpr`] and checks the range).
pub struct ChanceSchema;

impl JsonSchema for ChanceSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Chance".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A probability from 0 to 1, or an expression in quotes (evaluated when the effect runs).",
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 1 },
                { "type": "string", "maxLength": crate::engine::expr::MAX_EXPR_LEN, "not": { "pattern": EXPR_MISTAKE_PATTERN } }
            ]
        })
    }
}

/// A finite number (refuses nan and inf).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finite(pub f64);

impl JsonSchema for Finite {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Finite".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}

impl<'de> Deserialize<'de> for Finite {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(deserializer)?;
        if v.is_finite() {
            Ok(Finite(v))
        } else {
            Err(de::Error::custom("numbers must be finite (no nan or inf)"))
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{ "required": ["months"] }, { "required": ["turns"] }]))]
pub struct RawMeta {
    /// The level's id: 1–64 characters of a-z, 0-9, '_' and '-' (it becomes a file name).
    #[schemars(regex(pattern = r"^[a-z0-9_-]{1,64}$"))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown in level lists and the title bar.
    #[schemars(with = "String")]
    pub title: Text,
    /// Who wrote the level.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub author: Option<Text>,
    /// The level's version (default "1").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub version: Option<Text>,
    /// One paragraph for the level picker.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// Free text shown in `level list` (default "normal").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub difficulty: Option<Text>,
    /// What the player reads before the first month.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub briefing: Option<Text>,
    /// The first turn's date: "YYYY-MM" for monthly turns, "YYYY-MM-DD" for weeks and days.
    #[schemars(regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-3][0-9])?$"))]
    #[schemars(with = "String")]
    pub start: Text,
    /// The length of one turn: "month" (default), "week" or "day".
    #[schemars(extend("enum" = ["month", "week", "day"]))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub turn: Option<Text>,
    /// The time limit in turns (1–600); `turns` is a synonym (give exactly one).
    #[schemars(range(min = 1, max = super::limits::MAX_MONTHS))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub months: Option<Spanned<i64>>,
    /// Synonym of `months` (the time limit in turns), for week and day levels.
    #[schemars(range(min = 1, max = super::limits::MAX_MONTHS))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub turns: Option<Spanned<i64>>,
    /// The variable that actions and packages are paid from.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub capital: Text,
    /// Random event draws each month (0–16, default 1).
    #[schemars(range(min = 0, max = crate::engine::game::MAX_EVENTS_PER_MONTH))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub events_per_month: Option<Spanned<i64>>,
    /// Weight of "nothing happens" in each random draw (default 0).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub quiet_weight: Option<Amount>,
    /// The ending when time runs out and no other ending holds.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub timeout_ending: Text,
    /// What the `greedy` strategy maximises.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub score: Option<Amount>,
    /// Bibliography shown in the debrief.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Text>,
    /// Warnings marked intended: "CODE:ID" (e.g. "never-fires:knesset_vote") or "CODE" for
    /// every warning of that kind. `level check` names each warning's code.
    #[serde(default)]
    #[schemars(with = "Vec<AllowSchema>")]
    pub allow: Vec<Text>,
    /// The variables the debrief covers in full (causes table and chart).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub debrief: Vec<Text>,
    /// The meters the teacher's live table (`sixparty serve`) shows for each student, at
    /// most four; a meter with stages shows its stage. Default: the key meters.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub class_table: Vec<Text>,
    /// Advisor lines: the first whose `when` holds is shown.
    #[serde(default)]
    pub advisor: Vec<RawAdvisor>,
    /// A tutorial: offered first in the picker and suggested to a player new to the game.
    #[serde(default)]
    pub tutorial: bool,
    /// How long a game takes, as measured with `simulate` (checked by `tests/level_length.rs`).
    #[serde(default)]
    #[schemars(with = "Option<RawTypical>")]
    pub typical: Option<Spanned<RawTypical>>,
}

/// `typical = { decisions = 30, minutes = 28 }`: a game's length, measured, for the picker.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTypical {
    /// Decisions of a player following the memo's plan (actions, event answers, packages),
    /// the mean of `simulate --strategy memo`.
    pub decisions: u32,
    /// Minutes a first-time student takes: decisions × 50 s + 15 s a turn.
    pub minutes: u32,
}

/// Warnings marked intended on one entry: `lint.allow = ["never-fires"]` in an
/// `[[events]]` entry allows that warning for this event only.
#[derive(Debug, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RawLint {
    /// Warning codes allowed on this entry (and what is inside it: its options, its tags).
    #[schemars(with = "Vec<LintCodeSchema>")]
    pub allow: Vec<Text>,
}

/// A `[level] allow` entry, for the schema: "CODE" or "CODE:ID", the codes from
/// `lint::CODES`.
pub struct AllowSchema;

impl JsonSchema for AllowSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Allow".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let pattern = format!("^({})(:.+)?$", super::lint::CODES.join("|"));
        schemars::json_schema!({
            "description": "A warning marked intended: \"CODE:ID\" for one, \"CODE\" for every warning of that code.",
            "type": "string",
            "pattern": pattern
        })
    }
}

/// A dashboard panel's key, for the schema: a lowercase letter the game does not read
/// itself during a game (the list comes from the key map, as the validator's check does).
pub struct PanelKeySchema;

impl JsonSchema for PanelKeySchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PanelKey".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let taken: Vec<char> = crate::ui::keys::game_letters().map(|(c, _)| c).collect();
        let free: Vec<String> = ('a'..='z')
            .filter(|c| !taken.contains(c))
            .map(String::from)
            .collect();
        schemars::json_schema!({
            "description": "One lowercase letter that opens the panel, not one the game reads itself during a game.",
            "type": "string",
            "enum": free
        })
    }
}

/// A warning code, for the schema (the list is `lint::CODES`).
pub struct LintCodeSchema;

impl JsonSchema for LintCodeSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LintCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A warning code `level check` names in each warning's help.",
            "enum": super::lint::CODES
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAdvisor {
    /// When this line applies (default always).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    /// The advisor's line.
    #[schemars(with = "String")]
    pub text: Text,
}

/// A source, declared once and cited by id.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    /// Used in `cite = ["id"]`: `[a-z0-9_-]`, at most 64 characters.
    #[schemars(regex(pattern = r"^[a-z0-9_-]{1,64}$"))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Who wrote or issued the source.
    #[schemars(with = "String")]
    pub author: Text,
    /// The source's title.
    #[schemars(with = "String")]
    pub title: Text,
    /// Where it was published.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub publisher: Option<Text>,
    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    #[schemars(regex(pattern = LOOSE_DATE_PATTERN))]
    #[schemars(with = "String")]
    pub date: Text,
    /// A URL (http:// or https://).
    #[schemars(regex(pattern = r"^https?://"))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub link: Option<Text>,
}

/// A term explained for players and students.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGlossary {
    /// The term explained.
    #[schemars(with = "String")]
    pub term: Text,
    /// Its explanation.
    #[schemars(with = "String")]
    pub text: Text,
}

/// One dated line of "what really happened".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHistory {
    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    #[schemars(regex(pattern = LOOSE_DATE_PATTERN))]
    #[schemars(with = "String")]
    pub date: Text,
    /// What happened.
    #[schemars(with = "String")]
    pub text: Text,
    /// Citation ids (declared in `[[citations]]`) backing this entry.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cite: Vec<Text>,
}

/// A difficulty the player picks at a new game: effects applied before the first turn.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDifficulty {
    /// The difficulty id: `[a-z_][a-z0-9_]*`, unique among difficulties.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown at a new game.
    #[schemars(with = "String")]
    pub label: Text,
    /// Shown beside the difficulty at a new game.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// Applied once at game start, before the first turn.
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
}

/// A panel of the level's dashboard: a screen of its own, opened with its key, that shows
/// some variables and the measures that move them. A level with no panels has no such key.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDashboard {
    /// The panel id: `[a-z_][a-z0-9_]*`, unique among panels.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// The panel's title.
    #[schemars(with = "String")]
    pub title: Text,
    /// One letter (a-z) that opens the panel; not one of the game's own keys (t talks,
    /// m map, n end the turn, s save, r rewind, d, b, q, h j k l).
    #[schemars(with = "PanelKeySchema")]
    pub key: Text,
    /// The variables the panel shows (ids), each with its bar, stage and what moved it.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub variables: Vec<Text>,
    /// A text shown under the panel's meters.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub text: Option<Text>,
    /// Actions the panel offers as its measures (ids), in this order, each with its cost
    /// and the engine's preview; Enter takes the selected one.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub actions: Vec<Text>,
    /// An action category (as written in the actions' `category`): its actions are
    /// measures too, after those in `actions`, in the file's order.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub category: Option<Text>,
}

#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTeacher {
    /// What the level teaches.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub learning_goals: Vec<Text>,
    /// What the model simplifies.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub assumptions: Vec<Text>,
    /// Questions for the class discussion after playing.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub questions: Vec<Text>,
    /// What the model argues, in a few sentences.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub thesis: Option<Text>,
    /// How the level was tuned: who wins how often.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub balance: Option<Text>,
    /// Whether students may read these notes (default false).
    #[serde(default)]
    pub show_to_students: bool,
    /// The source memo's argument, summarised.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub memo_summary: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    /// The value at which this stage (or rung) begins; ascending.
    pub at: Finite,
    /// The stage's (or rung's) name.
    #[schemars(with = "String")]
    pub label: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVariable {
    /// Name used in expressions and effects: `[a-z_][a-z0-9_]*`.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown name (default: the id with _ as spaces).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Text>,
    /// Help text for the meter.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// Lower bound (default 0); effects clamp to it.
    #[serde(default)]
    #[schemars(with = "Option<Finite>")]
    pub min: Option<Spanned<Finite>>,
    /// Upper bound (default 100); effects clamp to it.
    #[serde(default)]
    #[schemars(with = "Option<Finite>")]
    pub max: Option<Spanned<Finite>>,
    /// Starting value, within min..max.
    #[schemars(with = "Finite")]
    pub start: Spanned<Finite>,
    /// Shown as a meter (default true).
    #[serde(default = "yes")]
    pub shown: bool,
    /// Groups meters on screen (default "world").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub group: Option<Text>,
    /// "high", "low" or "neutral": which direction is good for the player.
    #[schemars(extend("enum" = ["high", "low", "neutral"]))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub good: Option<Text>,
    /// Key meters are shown first.
    #[serde(default)]
    pub key: bool,
    /// Named stages in ascending order of `at`.
    #[serde(default)]
    pub stages: Vec<RawStage>,
    /// Debrief questions about this meter.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub questions: Vec<Text>,
    /// Turning-point weight in the debrief (default: from typical monthly movement).
    #[schemars(range(min = 0))]
    #[serde(default)]
    #[schemars(with = "Option<Finite>")]
    pub weight: Option<Spanned<Finite>>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFlag {
    /// Read with flag(id) in expressions.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown name; a flag with a label is announced to the player when set.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Text>,
    /// Starting value (default false).
    #[serde(default)]
    pub start: bool,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLadder {
    /// The variable the ladder reads.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub variable: Text,
    /// Rungs in ascending order of `at`.
    pub rungs: Vec<RawStage>,
    /// A risk figure shown beside the ladder (number or expression).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub risk: Option<Amount>,
    /// The risk figure's name (default "risk").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub risk_label: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    /// Read with deal(id): the agreed level, 0 without a deal.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown on the table screen.
    #[schemars(with = "String")]
    pub name: Text,
    /// What the term means.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// Groups terms on the table screen (default "term").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub group: Option<Text>,
    /// Labels of the levels, starting with the "left out" level 0.
    #[schemars(length(min = 2, max = 11))]
    #[schemars(with = "Vec<String>")]
    pub levels: Spanned<Vec<Text>>,
    /// Strategy tags: verification, snapback, phasing, obligation, relief, reward.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Text>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRedLine {
    /// The term id this red line is about.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub term: Text,
    /// The package must give this term at least this level.
    #[schemars(range(min = 0, max = super::limits::MAX_TERM_LEVELS))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub at_least: Option<Spanned<i64>>,
    /// The package may give this term at most this level.
    #[schemars(range(min = 0, max = super::limits::MAX_TERM_LEVELS))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub at_most: Option<Spanned<i64>>,
    /// Shown when the red line is crossed.
    #[schemars(with = "String")]
    pub reason: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParty {
    /// Used by `reveal` effects and revealed(id).
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown at the table.
    #[schemars(with = "String")]
    pub name: Text,
    /// Who the party is, for the player.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// A variable shown as this party's willingness to engage.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub willingness: Option<Text>,
    /// Shown once the party's priorities are revealed.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub top_priority: Option<Text>,
    /// Weight per term id.
    #[schemars(with = "std::collections::BTreeMap<String, f64>")]
    pub priorities: Spanned<toml::Table>,
    /// Terms the party refuses outright: a package crossing one is rejected with its reason.
    #[serde(default)]
    pub red_lines: Vec<RawRedLine>,
    /// The score a package must reach for this party to accept.
    #[schemars(with = "NumOrExpr")]
    pub reservation: Amount,
    /// Priorities known from the start (default false).
    #[serde(default)]
    pub revealed: bool,
    /// The party's public position, for handouts.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub public_position: Option<Text>,
    /// Its ties to other parties, each measured by a variable: the relations map (`m`).
    #[serde(default)]
    pub links: Vec<RawLink>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

/// A tie from one party to another, measured by a variable.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    /// The other party's id.
    #[schemars(with = "String")]
    pub to: Text,
    /// "trust" (both ways, higher is better), "aid" (a flow to `to`), "sanctions" (pressure
    /// on `to`) or "tension" (hostility, higher is worse).
    #[schemars(with = "LinkKindName")]
    pub kind: Text,
    /// The variable that measures it.
    #[schemars(with = "String")]
    pub meter: Text,
    /// What the map calls it (default: the variable's label).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Text>,
}

/// The kinds of link, for the schema.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum LinkKindName {
    Trust,
    Aid,
    Sanctions,
    Tension,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDeal {
    /// When tabling a package is possible.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub available: Option<Amount>,
    /// Shown when tabling is not possible.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub unavailable: Option<Text>,
    /// Capital paid for each package tabled.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub cost: Option<Amount>,
    /// How far below its reservation a party is "lukewarm" rather than "reject" (default 10).
    #[serde(default)]
    #[schemars(with = "Option<Finite>")]
    pub lukewarm_margin: Option<Spanned<Finite>>,
    /// Effects when every party accepts.
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub on_accept: Vec<Spanned<RawEffect>>,
    /// Effects when any party refuses.
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub on_reject: Vec<Spanned<RawEffect>>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

/// One effect. Exactly one of the kind keys (`add`, `set`, `set_flag`, `clear_flag`,
/// `queue`, `end`, `reveal`, `clear_deal`, `say`) must be present.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    { "required": ["add", "amount"] },
    { "required": ["set", "value"] },
    { "required": ["set_flag"] },
    { "required": ["clear_flag"] },
    { "required": ["queue"] },
    { "required": ["end"] },
    { "required": ["reveal"] },
    { "required": ["clear_deal"] },
    { "required": ["say"] }
]))]
pub struct RawEffect {
    /// Add `amount` to this variable.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub add: Option<Text>,
    /// Set this variable to `value`.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub set: Option<Text>,
    /// With `add`: the amount added (negative subtracts), a number or an expression.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub amount: Option<Amount>,
    /// With `set`: the new value, a number or an expression.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub value: Option<Amount>,
    /// Set this flag.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub set_flag: Option<Text>,
    /// Clear this flag.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub clear_flag: Option<Text>,
    /// Queue this event to fire `after` months from now.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub queue: Option<Text>,
    /// Months before a queued event fires (0–120, default 0).
    #[schemars(range(min = 0, max = 120))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub after: Option<Spanned<i64>>,
    /// End the game at once with this ending.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub end: Option<Text>,
    /// Reveal this party's priorities.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reveal: Option<Text>,
    /// Tear up the agreed deal.
    #[schemars(extend("const" = true))]
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub clear_deal: Option<Spanned<bool>>,
    /// Say something and change nothing: posts these words as news (with `when` or
    /// `chance`, an outcome in words).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub say: Option<Text>,
    /// The outcome in words, posted as news when the effect takes place.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub said: Option<Text>,
    /// The outcome in words when the effect's `chance` roll fails (needs `chance`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub said_if_not: Option<Text>,
    /// The effect happens only when this holds.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    /// Probability (0–1) that the effect happens.
    #[serde(default)]
    #[schemars(with = "Option<ChanceSchema>")]
    pub chance: Option<Amount>,
    /// Citation ids (declared in `[[citations]]`) backing this entry.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cite: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    /// The action's id: `[a-z_][a-z0-9_]*`, at most 64 characters, unique among actions.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown in the action menu.
    #[schemars(with = "String")]
    pub name: Text,
    /// Groups actions in the menu (default "general").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub category: Option<Text>,
    /// A longer explanation, shown in the action's help.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// The one-line price of the action, shown before it is taken.
    #[schemars(with = "String")]
    pub tradeoff: Text,
    /// Old free-text citation: still loads, with a warning; use `cite` on the effects instead.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
    /// Capital paid (default 0).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub cost: Option<Amount>,
    /// When the action may be taken (default always).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub available: Option<Amount>,
    /// Why it is unavailable, in words (shown with the first failing condition).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub unavailable: Option<Text>,
    /// Extra months before it may be taken again (0–120).
    #[schemars(range(min = 0, max = 120))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub cooldown: Option<Spanned<i64>>,
    /// Strategy tags: consult, joint, talks, verify, humanitarian, engage, pressure, force, relief, aid.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Text>,
    /// What the action does, in order.
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// The rule id: `[a-z_][a-z0-9_]*`, unique among rules.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown as the cause of the changes the rule makes.
    #[schemars(with = "String")]
    pub explain: Text,
    /// Old free-text citation (a warning; use `cite`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
    /// The rule runs only in months when this holds (default always).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    /// Citation ids (declared in `[[citations]]`) backing this entry.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cite: Vec<Text>,
    /// Applied every month the rule's `when` holds.
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    /// The option id: `[a-z_][a-z0-9_]*`, unique within its event.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown on the option's button.
    #[schemars(with = "String")]
    pub label: Text,
    /// The option's price, in one line.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub tradeoff: Option<Text>,
    /// When this option may be chosen (default always).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub available: Option<Amount>,
    /// Why it is unavailable, in words (shown with the first failing condition).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub unavailable: Option<Text>,
    /// Citation ids (declared in `[[citations]]`) backing this entry.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cite: Vec<Text>,
    /// Applied when the player chooses this option.
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
    /// Strategy tags: pressure, relief, memo, passive (hawk, dove: deprecated old names of pressure, relief).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// The event id, used by `queue` and `fired(id)`: `[a-z_][a-z0-9_]*`, unique among events.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// The headline.
    #[schemars(with = "String")]
    pub title: Text,
    /// The news item.
    #[schemars(with = "String")]
    pub text: Text,
    /// Groups events in the news (default "general").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub category: Option<Text>,
    /// Old free-text citation (a warning; use `cite`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
    /// Eligible only while this holds (default always).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    /// Fires on this date ("YYYY-MM"; "YYYY-MM-DD" on week and day levels) if its `when`
    /// holds then: once, outside the random draw.
    #[schemars(regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-3][0-9])?$"))]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub at: Option<Text>,
    /// Citation ids (declared in `[[citations]]`) backing this entry.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cite: Vec<Text>,
    /// Relative chance in each random draw (default 1).
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub weight: Option<Amount>,
    /// Months after firing before it is eligible again (0–120).
    #[schemars(range(min = 0, max = 120))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub cooldown: Option<Spanned<i64>>,
    /// Fires at most once per game.
    #[serde(default)]
    pub once: bool,
    /// Never drawn at random; only fires when queued.
    #[serde(default)]
    pub follow_up_only: bool,
    /// Applied when the event fires (before any option is chosen).
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
    /// If present, the player must choose one (at most 8).
    #[schemars(length(max = super::limits::MAX_OPTIONS))]
    #[serde(default)]
    #[schemars(with = "Vec<RawOption>")]
    pub options: Vec<Spanned<RawOption>>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEnding {
    /// The ending id, used by `end` and `timeout_ending`: `[a-z_][a-z0-9_]*`, unique among endings.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown on the end screen.
    #[schemars(with = "String")]
    pub title: Text,
    /// The closing text.
    #[schemars(with = "String")]
    pub text: Text,
    /// Shown on the end screen (e.g. "A").
    #[schemars(with = "String")]
    pub grade: Text,
    /// The ending happens when this holds; endings are checked in file order.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    /// Only considered in the last month.
    #[serde(default)]
    pub at_time_limit: bool,
    /// Counts as a win in simulations.
    #[serde(default)]
    pub victory: bool,
    /// The condition in words, shown as an objective.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub goal: Option<Text>,
    /// How close the ending is, 0..1.
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub progress: Option<Amount>,
    /// Turns in a row the `when` must hold before the ending fires (1–120, default 1).
    #[schemars(range(min = 1, max = 120))]
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub hold: Option<Spanned<i64>>,
    /// Warn the player the turn before the ending can fire (default true).
    #[serde(default = "yes")]
    pub warn: bool,
    /// Warn whenever this holds (instead of "the `when` holds but `hold` is not yet met").
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub warn_when: Option<Amount>,
    /// Discussion questions for the debrief when the game ends this way.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub questions: Vec<Text>,
    /// Citation ids (declared in `[[citations]]`) backing this entry.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub cite: Vec<Text>,
    /// Warnings marked intended on this entry: `lint.allow = ["CODE", …]`.
    #[serde(default)]
    pub lint: Option<RawLint>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAxis {
    /// The axis id: `[a-z_][a-z0-9_]*`, unique among axes.
    #[schemars(regex(pattern = ID_PATTERN), length(max = 64))]
    #[schemars(with = "String")]
    pub id: Text,
    /// Shown on the end screen.
    #[schemars(with = "String")]
    pub label: Text,
    /// What the axis measures.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// The grade on this axis, evaluated at the end.
    #[schemars(with = "NumOrExpr")]
    pub value: Amount,
}

/// The whole file, for the JSON Schema only: the loader reads each section on its own (so
/// one bad section does not hide the others) and never deserialises this struct.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "sixparty level",
    description = "A sixparty level file (TOML). Reference: levels/README.md"
)]
pub struct RawFile {
    /// Identity, calendar and the few settings every level needs.
    pub level: RawMeta,
    /// Notes for teachers: learning goals, the model's assumptions, discussion questions.
    #[serde(default)]
    pub teacher: Option<RawTeacher>,
    /// Meters: numbers with a range, read by expressions and changed by effects.
    pub variables: Vec<RawVariable>,
    /// Yes/no facts: `flag(id)` in expressions, `set_flag`/`clear_flag` effects.
    #[serde(default)]
    pub flags: Vec<RawFlag>,
    /// An escalation ladder drawn over one variable.
    #[serde(default)]
    pub ladder: Option<RawLadder>,
    /// The terms a negotiated package is made of.
    #[serde(default)]
    pub terms: Vec<RawTerm>,
    /// The parties at the table: their priorities, red lines and reservation value.
    #[serde(default)]
    pub parties: Vec<RawParty>,
    /// Tabling a package: availability, cost, what happens on acceptance or rejection.
    #[serde(default)]
    pub deal: Option<RawDeal>,
    /// What the player can do each month.
    #[serde(default)]
    pub actions: Vec<RawAction>,
    /// Standing rules: effects applied every month, in file order.
    #[serde(default)]
    pub rules: Vec<RawRule>,
    /// Random and follow-up events, some with options for the player.
    #[serde(default)]
    pub events: Vec<RawEvent>,
    /// How the game ends, checked in file order after every month.
    pub endings: Vec<RawEnding>,
    /// Grading axes shown on the end screen.
    #[serde(default)]
    pub axes: Vec<RawAxis>,
    /// Sources, declared once and cited by id (`cite = ["id"]`).
    #[serde(default)]
    pub citations: Vec<RawCitation>,
    /// Terms explained for students.
    #[serde(default)]
    pub glossary: Vec<RawGlossary>,
    /// A dated timeline of what really happened.
    #[serde(default)]
    pub history: Vec<RawHistory>,
    /// Difficulties offered at a new game (the first is the default).
    #[serde(default)]
    pub difficulty: Vec<RawDifficulty>,
    /// The level's dashboard panels: screens of its own, each opened with its key.
    #[serde(default)]
    pub dashboard: Vec<RawDashboard>,
}
