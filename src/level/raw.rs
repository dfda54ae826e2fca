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
            "type": ["number", "boolean", "string"]
        })
    }
}

pub type Amount = Spanned<NumOrExpr>;

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
pub struct RawMeta {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub title: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub author: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub version: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub difficulty: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub briefing: Option<Text>,
    /// "YYYY-MM".
    #[schemars(with = "String")]
    pub start: Text,
    #[schemars(with = "i64")]
    pub months: Spanned<i64>,
    #[schemars(with = "String")]
    pub capital: Text,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub events_per_month: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub quiet_weight: Option<Amount>,
    #[schemars(with = "String")]
    pub timeout_ending: Text,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub score: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Text>,
}

#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTeacher {
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub learning_goals: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub assumptions: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub questions: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub at: Finite,
    #[schemars(with = "String")]
    pub label: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVariable {
    #[schemars(with = "String")]
    pub id: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<Finite>")]
    pub min: Option<Spanned<Finite>>,
    #[serde(default)]
    #[schemars(with = "Option<Finite>")]
    pub max: Option<Spanned<Finite>>,
    #[schemars(with = "Finite")]
    pub start: Spanned<Finite>,
    #[serde(default = "yes")]
    pub shown: bool,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub group: Option<Text>,
    /// "high", "low" or "neutral": which direction is good for the player.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub good: Option<Text>,
    #[serde(default)]
    pub key: bool,
    #[serde(default)]
    pub stages: Vec<RawStage>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFlag {
    #[schemars(with = "String")]
    pub id: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Text>,
    #[serde(default)]
    pub start: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLadder {
    #[schemars(with = "String")]
    pub variable: Text,
    pub rungs: Vec<RawStage>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub risk: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub risk_label: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub name: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub group: Option<Text>,
    /// Labels of the levels, starting with the "left out" level 0.
    #[schemars(with = "Vec<String>")]
    pub levels: Spanned<Vec<Text>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRedLine {
    #[schemars(with = "String")]
    pub term: Text,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub at_least: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub at_most: Option<Spanned<i64>>,
    #[schemars(with = "String")]
    pub reason: Text,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParty {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub name: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub willingness: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub top_priority: Option<Text>,
    /// Weight per term id.
    #[schemars(with = "std::collections::BTreeMap<String, f64>")]
    pub priorities: Spanned<toml::Table>,
    #[serde(default)]
    pub red_lines: Vec<RawRedLine>,
    #[schemars(with = "NumOrExpr")]
    pub reservation: Amount,
    #[serde(default)]
    pub revealed: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDeal {
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub available: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub unavailable: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub cost: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<Finite>")]
    pub lukewarm_margin: Option<Spanned<Finite>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub on_accept: Vec<Spanned<RawEffect>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub on_reject: Vec<Spanned<RawEffect>>,
}

/// One effect. Exactly one of the kind keys (`add`, `set`, `set_flag`, `clear_flag`,
/// `queue`, `end`, `reveal`, `clear_deal`) must be present.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEffect {
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub add: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub set: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub amount: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub value: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub set_flag: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub clear_flag: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub queue: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub after: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub end: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reveal: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub clear_deal: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub chance: Option<Amount>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub name: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub category: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    #[schemars(with = "String")]
    pub tradeoff: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub cost: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub available: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub cooldown: Option<Spanned<i64>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub explain: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub label: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub tradeoff: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub available: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub title: Text,
    #[schemars(with = "String")]
    pub text: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub category: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub weight: Option<Amount>,
    #[serde(default)]
    #[schemars(with = "Option<i64>")]
    pub cooldown: Option<Spanned<i64>>,
    #[serde(default)]
    pub once: bool,
    #[serde(default)]
    pub follow_up_only: bool,
    #[serde(default)]
    #[schemars(with = "Vec<RawEffect>")]
    pub effects: Vec<Spanned<RawEffect>>,
    #[serde(default)]
    #[schemars(with = "Vec<RawOption>")]
    pub options: Vec<Spanned<RawOption>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEnding {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub title: Text,
    #[schemars(with = "String")]
    pub text: Text,
    #[schemars(with = "String")]
    pub grade: Text,
    #[serde(default)]
    #[schemars(with = "Option<NumOrExpr>")]
    pub when: Option<Amount>,
    #[serde(default)]
    pub at_time_limit: bool,
    #[serde(default)]
    pub victory: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAxis {
    #[schemars(with = "String")]
    pub id: Text,
    #[schemars(with = "String")]
    pub label: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
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
}
