//! Footer hints built from parts and fitted to the screen's width.
//!
//! A screen's hints depend on the level (its dashboard panels each add a key), so they
//! cannot be fixed strings cut at 80 columns: a cut hint loses `q quit` first. Instead each
//! part says how much it matters, and [`fit`] gives the whole line when it fits, else every
//! part in its short form, else drops the parts that matter least (the help, `?`, lists
//! every key) until the rest fits.

use crate::engine::Scenario;

use super::strings;
use super::view::width;

/// One hint: its key(s), what they do, a shorter wording for narrow screens, and how much
/// it matters (higher stays longer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    keys: String,
    words: String,
    short: Option<String>,
    keep: u8,
}

/// "`keys` `words`", kept in preference to parts with a lower `keep`.
pub fn part(keys: impl Into<String>, words: impl Into<String>, keep: u8) -> Part {
    Part {
        keys: keys.into(),
        words: words.into(),
        short: None,
        keep,
    }
}

impl Part {
    /// The wording on a narrow screen ("" = the keys alone).
    pub fn short(mut self, words: impl Into<String>) -> Self {
        self.short = Some(words.into());
        self
    }

    fn text(&self, short: bool) -> String {
        let words = match (&self.short, short) {
            (Some(s), true) => s,
            _ => &self.words,
        };
        if words.is_empty() {
            self.keys.clone()
        } else {
            format!("{} {words}", self.keys)
        }
    }
}

fn join(parts: &[(&Part, bool)]) -> String {
    parts
        .iter()
        .map(|(p, short)| p.text(*short))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The hints in at most `columns` columns: all of them in full if they fit; else the parts
/// that matter least take their short forms one by one (the later of a tie first), then
/// go one by one, until the rest fits. If even the parts kept last do not fit, the footer
/// cuts the line.
pub fn fit(parts: &[Part], columns: usize) -> String {
    let mut kept: Vec<(&Part, bool)> = parts.iter().map(|p| (p, false)).collect();
    // Least kept first; among equals, the later first.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].keep, std::cmp::Reverse(i)));
    for &i in &order {
        if width(&join(&kept)) <= columns {
            return join(&kept);
        }
        if parts[i].short.is_some() {
            kept[i].1 = true;
        }
    }
    for &i in &order {
        let line = join(&kept);
        if width(&line) <= columns || kept.len() <= 1 {
            return line;
        }
        let at = kept.iter().position(|(p, _)| std::ptr::eq(*p, &parts[i]));
        if let Some(at) = at {
            kept.remove(at);
        }
    }
    join(&kept)
}

/// The parts of a screen's `hints` ([`super::strings`]) that `shown` keeps, their words
/// said in the level's turn (`n end day`), the level's dashboard panels (all but `except`)
/// where the list says [`strings::HINT_PANELS`].
pub fn parts(
    hints: &[strings::Hint],
    s: &Scenario,
    except: Option<usize>,
    shown: impl Fn(&strings::Hint) -> bool,
) -> Vec<Part> {
    let unit = s.meta.turn_length;
    let mut out = Vec::new();
    for h in hints.iter().filter(|h| shown(h)) {
        if h.keys == strings::HINT_PANELS {
            out.extend(
                s.dashboards
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != except)
                    .map(|(_, d)| {
                        let (long, short) = panel_words(&d.title);
                        part(d.key.to_string(), long, h.keep).short(short)
                    }),
            );
            continue;
        }
        let mut p = part(h.keys, strings::per_turn(h.words, unit), h.keep);
        if let Some(short) = h.short {
            p = p.short(strings::per_turn(short, unit));
        }
        out.push(p);
    }
    out
}

/// A dashboard panel's words in a hint: its title, its first letter in lower case unless
/// the first word is an acronym ("Sanctions" → "sanctions", "IAEA access" stays), at most
/// 20 columns; and its short form, the first word in at most 6 ("sanct.").
pub fn panel_words(title: &str) -> (String, String) {
    let title = super::view::flat(title);
    let title = title.trim();
    let first_word = title.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let words = if acronym {
        title.to_string()
    } else {
        let mut chars = title.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    };
    let long = super::view::abbrev(&words, 20);
    // The first word: "talks and China" cut to "talks…" reads as a broken line.
    let first = words.split_whitespace().next().unwrap_or("");
    let short = super::view::abbrev(first, 6);
    (long, short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main_parts() -> Vec<Part> {
        vec![
            part("Tab", "panel", 6).short(""),
            part("Enter", "take", 1),
            part("t", "talks", 7),
            part("x", "sanctions", 5).short("sanct."),
            part("m", "map", 4),
            part("n", "end month", 9),
            part("s", "save", 3),
            part("r", "rewind", 2),
            part("?", "help", 10),
            part("q", "quit", 10),
        ]
    }

    #[test]
    fn the_whole_line_when_it_fits() {
        let line = fit(&main_parts(), 120);
        assert_eq!(
            line,
            "Tab panel · Enter take · t talks · x sanctions · m map · n end month · s save · r rewind · ? help · q quit"
        );
    }

    #[test]
    fn short_forms_then_the_least_kept_go() {
        // 79 columns: the footer's width at 80 (it starts with a space).
        let line = fit(&main_parts(), 79);
        assert_eq!(
            line,
            "Tab · t talks · x sanct. · m map · n end month · s save · ? help · q quit"
        );
        for columns in 0..140 {
            let line = fit(&main_parts(), columns);
            assert!(
                width(&line) <= columns || !line.contains(" · "),
                "{columns}: {line}"
            );
            // Quit and help are the last to go.
            if columns >= 20 {
                assert!(line.contains("q quit") && line.contains("? help"), "{line}");
            }
        }
    }

    #[test]
    fn panel_titles_become_hint_words() {
        assert_eq!(
            panel_words("Sanctions"),
            ("sanctions".into(), "sanct.".into())
        );
        assert_eq!(
            panel_words("IAEA access"),
            ("IAEA access".into(), "IAEA".into())
        );
        assert_eq!(panel_words("Talks and China").1, "talks");
        assert_eq!(panel_words("").0, "");
        assert!(width(&panel_words("Сибирь: очень длинное название панели").0) <= 20);
    }
}
