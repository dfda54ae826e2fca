//! The level file's shape, exactly as serde reads it from TOML (`Raw*`).
//!
//! Every struct denies unknown keys so a typo is an error, not a silently ignored line.
//! Names and expressions are `Spanned` so validation can point at them. Nothing here is
//! checked beyond types; `validate.rs` turns these into an engine `Scenario`.

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

pub type Amount = Spanned<NumOrExpr>;

/// A finite number (refuses nan and inf).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finite(pub f64);

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: Text,
    pub title: Text,
    #[serde(default)]
    pub author: Option<Text>,
    #[serde(default)]
    pub version: Option<Text>,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub difficulty: Option<Text>,
    #[serde(default)]
    pub briefing: Option<Text>,
    /// "YYYY-MM".
    pub start: Text,
    pub months: Spanned<i64>,
    pub capital: Text,
    #[serde(default)]
    pub events_per_month: Option<Spanned<i64>>,
    #[serde(default)]
    pub quiet_weight: Option<Amount>,
    pub timeout_ending: Text,
    #[serde(default)]
    pub score: Option<Amount>,
    #[serde(default)]
    pub sources: Vec<Text>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTeacher {
    #[serde(default)]
    pub learning_goals: Vec<Text>,
    #[serde(default)]
    pub assumptions: Vec<Text>,
    #[serde(default)]
    pub questions: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub at: Finite,
    pub label: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariable {
    pub id: Text,
    #[serde(default)]
    pub label: Option<Text>,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub min: Option<Spanned<Finite>>,
    #[serde(default)]
    pub max: Option<Spanned<Finite>>,
    pub start: Spanned<Finite>,
    #[serde(default = "yes")]
    pub shown: bool,
    #[serde(default)]
    pub group: Option<Text>,
    /// "high", "low" or "neutral": which direction is good for the player.
    #[serde(default)]
    pub good: Option<Text>,
    #[serde(default)]
    pub key: bool,
    #[serde(default)]
    pub stages: Vec<RawStage>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlag {
    pub id: Text,
    #[serde(default)]
    pub label: Option<Text>,
    #[serde(default)]
    pub start: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLadder {
    pub variable: Text,
    pub rungs: Vec<RawStage>,
    #[serde(default)]
    pub risk: Option<Amount>,
    #[serde(default)]
    pub risk_label: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub group: Option<Text>,
    /// Labels of the levels, starting with the "left out" level 0.
    pub levels: Spanned<Vec<Text>>,
    #[serde(default)]
    pub tags: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRedLine {
    pub term: Text,
    #[serde(default)]
    pub at_least: Option<Spanned<i64>>,
    #[serde(default)]
    pub at_most: Option<Spanned<i64>>,
    pub reason: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParty {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub willingness: Option<Text>,
    #[serde(default)]
    pub top_priority: Option<Text>,
    /// Weight per term id.
    pub priorities: Spanned<toml::Table>,
    #[serde(default)]
    pub red_lines: Vec<RawRedLine>,
    pub reservation: Amount,
    #[serde(default)]
    pub revealed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeal {
    #[serde(default)]
    pub available: Option<Amount>,
    #[serde(default)]
    pub unavailable: Option<Text>,
    #[serde(default)]
    pub cost: Option<Amount>,
    #[serde(default)]
    pub lukewarm_margin: Option<Spanned<Finite>>,
    #[serde(default)]
    pub on_accept: Vec<Spanned<RawEffect>>,
    #[serde(default)]
    pub on_reject: Vec<Spanned<RawEffect>>,
}

/// One effect. Exactly one of the kind keys (`add`, `set`, `set_flag`, `clear_flag`,
/// `queue`, `end`, `reveal`, `clear_deal`) must be present.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEffect {
    #[serde(default)]
    pub add: Option<Text>,
    #[serde(default)]
    pub set: Option<Text>,
    #[serde(default)]
    pub amount: Option<Amount>,
    #[serde(default)]
    pub value: Option<Amount>,
    #[serde(default)]
    pub set_flag: Option<Text>,
    #[serde(default)]
    pub clear_flag: Option<Text>,
    #[serde(default)]
    pub queue: Option<Text>,
    #[serde(default)]
    pub after: Option<Spanned<i64>>,
    #[serde(default)]
    pub end: Option<Text>,
    #[serde(default)]
    pub reveal: Option<Text>,
    #[serde(default)]
    pub clear_deal: Option<Spanned<bool>>,
    #[serde(default)]
    pub when: Option<Amount>,
    #[serde(default)]
    pub chance: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub category: Option<Text>,
    #[serde(default)]
    pub description: Option<Text>,
    pub tradeoff: Text,
    #[serde(default)]
    pub source: Option<Text>,
    #[serde(default)]
    pub cost: Option<Amount>,
    #[serde(default)]
    pub available: Option<Amount>,
    #[serde(default)]
    pub cooldown: Option<Spanned<i64>>,
    #[serde(default)]
    pub tags: Vec<Text>,
    #[serde(default)]
    pub effects: Vec<Spanned<RawEffect>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Text,
    pub explain: Text,
    #[serde(default)]
    pub source: Option<Text>,
    #[serde(default)]
    pub when: Option<Amount>,
    #[serde(default)]
    pub effects: Vec<Spanned<RawEffect>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: Text,
    pub label: Text,
    #[serde(default)]
    pub tradeoff: Option<Text>,
    #[serde(default)]
    pub available: Option<Amount>,
    #[serde(default)]
    pub effects: Vec<Spanned<RawEffect>>,
    #[serde(default)]
    pub tags: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: Text,
    pub title: Text,
    pub text: Text,
    #[serde(default)]
    pub category: Option<Text>,
    #[serde(default)]
    pub source: Option<Text>,
    #[serde(default)]
    pub when: Option<Amount>,
    #[serde(default)]
    pub weight: Option<Amount>,
    #[serde(default)]
    pub cooldown: Option<Spanned<i64>>,
    #[serde(default)]
    pub once: bool,
    #[serde(default)]
    pub follow_up_only: bool,
    #[serde(default)]
    pub effects: Vec<Spanned<RawEffect>>,
    #[serde(default)]
    pub options: Vec<Spanned<RawOption>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEnding {
    pub id: Text,
    pub title: Text,
    pub text: Text,
    pub grade: Text,
    #[serde(default)]
    pub when: Option<Amount>,
    #[serde(default)]
    pub at_time_limit: bool,
    #[serde(default)]
    pub victory: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAxis {
    pub id: Text,
    pub label: Text,
    #[serde(default)]
    pub description: Option<Text>,
    pub value: Amount,
}
