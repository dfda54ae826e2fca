//! One diagnostic per mistake: deserialise an entry, and when a field is wrong, report it,
//! repair the entry and try again, so the entry is still registered and its other fields are
//! still checked.
//!
//! serde stops at the first bad field and drops the whole entry, so a string where a number
//! goes (`start = "25"`) used to make every reference to the variable an "unknown variable"
//! error, and a type error in `[level]` hid an out-of-range value beside it. Here each error is
//! repaired in the parsed TOML and the entry deserialised again:
//!
//! - an **unknown key** is removed (if it is a typo of a required key, the key it meant is
//!   not then reported missing too);
//! - a **badly typed value** is replaced by a placeholder of a type that fits (the first of
//!   `""`, `0`, `false`, `[]`, `{}` that the field accepts);
//! - a **missing key** is added with such a placeholder.
//!
//! Every placeholder's span is returned as *poisoned*: the caller drops later diagnostics that
//! fall inside one (a placeholder `0` below a variable's `min` is not a second mistake), and
//! validation treats the value as unknown where a guess would mislead (a term whose levels are
//! a placeholder has no known top level).

use std::ops::Range;

use serde::Deserialize as _;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diag::Diagnostic;
use super::limits;
use super::sanitize;

/// Repairs tried on one entry before it is given up (and dropped, as before).
const MAX_REPAIRS: usize = 32;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Deserialise one entry of section `section` (`"endings"`, `"level"`, …), repairing it as
/// the module explains. Diagnostics go to `diagnostics`, placeholder spans to `poisoned`.
pub(super) fn entry<T: DeserializeOwned>(
    section: &str,
    mut value: Spanned<DeValue<'_>>,
    source: &str,
    diagnostics: &mut Vec<Diagnostic>,
    poisoned: &mut Vec<Range<usize>>,
) -> Option<Spanned<T>> {
    // Keys suggested for unknown keys, by table path: "tradeof" → "tradeoff" means the
    // missing 'tradeoff' is the same mistake.
    let mut suggested: Vec<(Vec<Step>, String)> = Vec::new();
    for _ in 0..MAX_REPAIRS {
        let error = match attempt::<T>(&value) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let fallback = value.span();
        let give_up = |diagnostics: &mut Vec<Diagnostic>, d: Diagnostic| {
            diagnostics.push(d);
            None
        };
        if diagnostics.len() >= limits::MAX_DIAGNOSTICS {
            return give_up(diagnostics, super::serde_diagnostic(&error, fallback));
        }
        let message = error.message().trim().replace('`', "'");
        let Some(span) = error.span() else {
            return give_up(diagnostics, super::serde_diagnostic(&error, fallback));
        };
        if let Some(rest) = message.strip_prefix("unknown field '") {
            let field = rest.split('\'').next().unwrap_or_default().to_string();
            let Some(path) = table_with_key(&value, &span, &field) else {
                return give_up(diagnostics, super::serde_diagnostic(&error, fallback));
            };
            let d = super::serde_diagnostic(&error, fallback);
            if let Some(meant) = d
                .help
                .as_deref()
                .and_then(|h| h.strip_prefix("did you mean '"))
                .and_then(|h| h.split('\'').next())
            {
                suggested.push((path.clone(), meant.to_string()));
            }
            diagnostics.push(d);
            if let Some(DeValue::Table(table)) = node_mut(&mut value, &path) {
                table.remove(field.as_str());
            }
        } else if let Some(rest) = message.strip_prefix("missing field '") {
            let field = rest.split('\'').next().unwrap_or_default().to_string();
            let Some(path) = table_without_key(&value, &span, &field) else {
                return give_up(diagnostics, super::serde_diagnostic(&error, fallback));
            };
            let table_span = node(&value, &path).map_or(span.clone(), Spanned::span);
            let placeholder = table_span.end..table_span.end;
            let same_mistake = suggested.iter().any(|(p, k)| *p == path && *k == field);
            if !same_mistake {
                diagnostics.push(missing(section, &value, &path, &field, table_span));
            }
            let inserted = fit_placeholder::<T>(&mut value, &placeholder, |v, candidate| {
                if let Some(DeValue::Table(table)) = node_mut(v, &path) {
                    table.insert(
                        Spanned::new(placeholder.clone(), field.clone().into()),
                        Spanned::new(placeholder.clone(), candidate),
                    );
                }
            });
            poisoned.push(placeholder);
            if !inserted {
                return None;
            }
        } else {
            let Some(path) = value_at(&value, &span) else {
                return give_up(diagnostics, super::serde_diagnostic(&error, fallback));
            };
            diagnostics.push(type_error(&error, &value, &path, source));
            let replaced = fit_placeholder::<T>(&mut value, &span, |v, candidate| {
                if let Some(slot) = node_spanned_mut(v, &path) {
                    *slot = Spanned::new(span.clone(), candidate);
                }
            });
            poisoned.push(span);
            if !replaced {
                return None;
            }
        }
    }
    None
}

fn attempt<T: DeserializeOwned>(
    value: &Spanned<DeValue<'_>>,
) -> Result<Spanned<T>, toml::de::Error> {
    attempt_owned(value.clone())
}

/// Deserialise an entry, consuming it (the deserialiser takes the parsed value by value).
pub(super) fn attempt_owned<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
) -> Result<Spanned<T>, toml::de::Error> {
    Spanned::<T>::deserialize(toml::de::ValueDeserializer::from(value))
}

/// Put the first placeholder the field accepts at `span` (via `place`): one that makes the
/// entry deserialise, or moves the first error elsewhere. False if none fits.
fn fit_placeholder<'i, T: DeserializeOwned>(
    value: &mut Spanned<DeValue<'i>>,
    span: &Range<usize>,
    place: impl Fn(&mut Spanned<DeValue<'i>>, DeValue<'i>),
) -> bool {
    let candidates = [
        DeValue::String("".into()),
        DeValue::Integer(Default::default()),
        DeValue::Boolean(false),
        DeValue::Array(DeArray::new()),
        DeValue::Table(DeTable::default()),
    ];
    for candidate in candidates {
        let mut trial = value.clone();
        place(&mut trial, candidate);
        let fits = match attempt::<T>(&trial) {
            Ok(_) => true,
            Err(e) => e.span().as_ref() != Some(span),
        };
        if fits {
            *value = trial;
            return true;
        }
    }
    false
}

fn child<'a, 'i>(v: &'a DeValue<'i>, step: &Step) -> Option<&'a Spanned<DeValue<'i>>> {
    match (v, step) {
        (DeValue::Table(t), Step::Key(k)) => t.get(k.as_str()),
        (DeValue::Array(a), Step::Index(i)) => a.get(*i),
        _ => None,
    }
}

fn node<'a, 'i>(root: &'a Spanned<DeValue<'i>>, path: &[Step]) -> Option<&'a Spanned<DeValue<'i>>> {
    path.iter()
        .try_fold(root, |v, step| child(v.get_ref(), step))
}

fn node_spanned_mut<'a, 'i>(
    root: &'a mut Spanned<DeValue<'i>>,
    path: &[Step],
) -> Option<&'a mut Spanned<DeValue<'i>>> {
    let mut current = root;
    for step in path {
        current = match (current.get_mut(), step) {
            (DeValue::Table(t), Step::Key(k)) => t.get_mut(k.as_str())?,
            (DeValue::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

fn node_mut<'a, 'i>(
    root: &'a mut Spanned<DeValue<'i>>,
    path: &[Step],
) -> Option<&'a mut DeValue<'i>> {
    node_spanned_mut(root, path).map(Spanned::get_mut)
}

/// Every node with its path, parents before children.
fn walk<'a, 'i>(
    v: &'a Spanned<DeValue<'i>>,
    path: &mut Vec<Step>,
    visit: &mut impl FnMut(&[Step], &'a Spanned<DeValue<'i>>),
) {
    visit(path, v);
    match v.get_ref() {
        DeValue::Table(t) => {
            for (k, child) in t.iter() {
                path.push(Step::Key(k.get_ref().to_string()));
                walk(child, path, visit);
                path.pop();
            }
        }
        DeValue::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                path.push(Step::Index(i));
                walk(child, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The deepest node whose span is exactly `span` (the value a type error points at).
fn value_at(root: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<Vec<Step>> {
    let mut best: Option<Vec<Step>> = None;
    walk(root, &mut Vec::new(), &mut |path, v| {
        if v.span() == *span && best.as_ref().is_none_or(|b| b.len() <= path.len()) {
            best = Some(path.to_vec());
        }
    });
    best
}

/// The table an "unknown field" error is about: one holding the key, the key's span being
/// the error's if possible, else the deepest such table around the error.
fn table_with_key(
    root: &Spanned<DeValue<'_>>,
    span: &Range<usize>,
    field: &str,
) -> Option<Vec<Step>> {
    table_about(root, span, |v| match v.get_ref() {
        DeValue::Table(t) => t.get_key_value(field).map(|(k, _)| k.span()),
        _ => None,
    })
}

/// The table a "missing field" error is about: the deepest table without the key whose span
/// is (or holds) the error's.
fn table_without_key(
    root: &Spanned<DeValue<'_>>,
    span: &Range<usize>,
    field: &str,
) -> Option<Vec<Step>> {
    table_about(root, span, |v| match v.get_ref() {
        DeValue::Table(t) if t.get(field).is_none() => Some(v.span()),
        _ => None,
    })
}

/// The path of the table an error at `span` is about, among the tables `anchor` accepts
/// (it gives the span that must equal the error's for an exact match): the exact one if
/// any, else the deepest accepted table around the error.
fn table_about(
    root: &Spanned<DeValue<'_>>,
    span: &Range<usize>,
    anchor: impl Fn(&Spanned<DeValue<'_>>) -> Option<Range<usize>>,
) -> Option<Vec<Step>> {
    let mut exact = None;
    let mut around: Option<Vec<Step>> = None;
    walk(root, &mut Vec::new(), &mut |path, v| {
        if let Some(at) = anchor(v) {
            if at == *span {
                exact = Some(path.to_vec());
            } else if contains(&v.span(), span) {
                around = Some(path.to_vec());
            }
        }
    });
    exact.or(around)
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// What an entry is called: the section's noun at the top, the list's noun inside it.
fn noun(section: &str, path: &[Step]) -> &'static str {
    let list = path.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(k.as_str()),
        Step::Index(_) => None,
    });
    match list.unwrap_or(section) {
        "level" => "[level]",
        "teacher" => "[teacher]",
        "ladder" => "[ladder]",
        "deal" => "[deal]",
        "variables" => "variable",
        "flags" => "flag",
        "terms" => "term",
        "parties" => "party",
        "actions" => "action",
        "rules" => "rule",
        "events" => "event",
        "endings" => "ending",
        "axes" => "axis",
        "citations" => "citation",
        "glossary" => "glossary entry",
        "history" => "history line",
        "difficulty" => "difficulty",
        "dashboard" => "dashboard panel",
        "options" => "option",
        "effects" | "on_accept" | "on_reject" => "effect",
        "red_lines" => "red line",
        "stages" => "stage",
        "rungs" => "rung",
        "advisor" => "advisor line",
        _ => "entry",
    }
}

/// "ending 'war'", "[level]", "this effect".
fn entry_name(section: &str, root: &Spanned<DeValue<'_>>, path: &[Step]) -> String {
    let noun = noun(section, path);
    if noun.starts_with('[') {
        return noun.to_string();
    }
    let id = node(root, path)
        .and_then(|t| t.get_ref().as_table())
        .and_then(|t| t.get("id"))
        .and_then(|id| id.get_ref().as_str());
    match id {
        Some(id) => format!("{noun} '{}'", sanitize(id)),
        None => format!("this {noun}"),
    }
}

fn missing(
    section: &str,
    root: &Spanned<DeValue<'_>>,
    path: &[Step],
    field: &str,
    span: Range<usize>,
) -> Diagnostic {
    let name = entry_name(section, root, path);
    Diagnostic::error(span, format!("{name} has no '{field}', which is required"))
        .with_help(Some(format!("add a line '{field} = …' to it")))
}

/// The key a value belongs to, for messages: `start`, or `tags` for an entry of `tags`.
fn key_of(path: &[Step]) -> String {
    let key = path.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(k.as_str()),
        Step::Index(_) => None,
    });
    let inside_list = matches!(path.last(), Some(Step::Index(_)));
    match (key, inside_list) {
        (Some(k), true) => format!("each entry of '{k}'"),
        (Some(k), false) => format!("'{k}'"),
        (None, _) => "this value".to_string(),
    }
}

/// A type error in words an author knows, with the fix: "'start' must be a number, not
/// text in quotes" / "remove the quotes: start = 25".
fn type_error(
    error: &toml::de::Error,
    root: &Spanned<DeValue<'_>>,
    path: &[Step],
    source: &str,
) -> Diagnostic {
    let span = error.span().unwrap_or_else(|| root.span());
    let message = error.message().trim().replace('`', "'");
    let Some(found) = node(root, path) else {
        return super::serde_diagnostic(error, span);
    };
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        // A custom message: name the key.
        let message = if message.starts_with("numbers must be finite") {
            format!("{} must be a finite number (no nan or inf)", key_of(path))
        } else {
            format!("{}: {}", key_of(path), sanitize(&message))
        };
        return Diagnostic::error(span, message);
    };
    let expected_raw = rest.split_once(", expected ").map_or("", |(_, e)| e);
    let expected = match expected_raw {
        "f64" | "a number" | "a finite number" => "a number",
        "i64" | "u8" | "u16" | "u32" | "u64" | "a whole number" => "a whole number",
        "a string" => "text in quotes",
        "a boolean" => "true or false",
        "a sequence" => "a list [ … ]",
        "a map" => "a table { … }",
        e if e.starts_with("struct ") => "a table { … }",
        e => e,
    };
    let found_words = match found.get_ref() {
        DeValue::String(_) => "text in quotes",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number with a decimal point",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "an unquoted date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    };
    let key = key_of(path);
    let bare_key = key.trim_matches('\'');
    let raw = source.get(span.clone()).unwrap_or("").trim();
    let help = match (found.get_ref(), expected) {
        (
            DeValue::String(s),
            "a number" | "a whole number" | "a number or an expression in quotes",
        ) => {
            if s.trim().parse::<f64>().is_ok_and(f64::is_finite) {
                Some(format!("remove the quotes: {bare_key} = {}", s.trim()))
            } else if expected == "a whole number" {
                Some("write a whole number such as 12 (this key takes no expression)".into())
            } else {
                Some("write a number such as 25 (this key takes no expression)".into())
            }
        }
        (DeValue::String(s), "true or false") if matches!(s.trim(), "true" | "false") => {
            Some(format!("remove the quotes: {bare_key} = {}", s.trim()))
        }
        (DeValue::String(s), "a list [ … ]") => {
            let items: Vec<String> = s
                .split(',')
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(|i| format!("\"{}\"", sanitize(i)))
                .collect();
            Some(format!("write a list: {bare_key} = [{}]", items.join(", ")))
        }
        (DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_), "text in quotes") => Some(
            format!("put it in quotes: {bare_key} = \"{}\"", sanitize(raw)),
        ),
        (DeValue::Float(_), "a whole number") => {
            Some("write a whole number, without a decimal point".into())
        }
        (DeValue::Datetime(_), _) => {
            Some("dates are strings in a level: put them in quotes, e.g. \"2017-09\"".into())
        }
        (DeValue::Array(_), e) if e != "a list [ … ]" => {
            Some(format!("write one value here, not a list ({e})"))
        }
        (_, "a list [ … ]") => Some(format!("write a list: {bare_key} = [{}]", sanitize(raw))),
        _ => None,
    };
    Diagnostic::error(span, format!("{key} must be {expected}, not {found_words}")).with_help(help)
}
