//! Class comparison: one CSV row per saved game, for a teacher's spreadsheet.
//!
//! Columns: file, player, level, seed, challenge code, ending, months played, decisions, then
//! the final value of every shown meter. Saves of different levels can share a sheet: the
//! meter columns are the union, in order of first appearance, with blanks where a level has
//! no such meter.

use crate::challenge;
use crate::session::Session;

/// One game to compare: where it came from, who played it, and the game.
pub struct Entry<'a> {
    pub file: String,
    pub player: Option<String>,
    pub session: &'a Session,
}

/// Quote a CSV field when it needs it (RFC 4180). Every text field comes from a file or a
/// file name, so it is cleaned first: no control characters or escape sequences (a
/// spreadsheet or a `cat` of the file would pass them to a terminal), one line.
fn field(text: &str) -> String {
    let text = crate::level::sanitize(text).replace('\n', " ");
    // A cell starting with = + - @ (or a tab or carriage return, or any of them after
    // leading blanks: spreadsheets skip those) is a formula in spreadsheets; prefix it so a
    // player name cannot run one on the teacher's machine.
    let text = if text
        .trim_start_matches([' ', '\t', '\r'])
        .starts_with(['=', '+', '-', '@'])
        || text.starts_with(['\t', '\r'])
    {
        format!("'{text}")
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn number(value: f64) -> String {
    if value == value.trunc() {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

pub fn csv(entries: &[Entry<'_>]) -> String {
    let mut meters: Vec<(String, String)> = Vec::new();
    for entry in entries {
        for var in entry
            .session
            .game()
            .scenario()
            .vars
            .iter()
            .filter(|v| v.shown)
        {
            if !meters.iter().any(|(id, _)| *id == var.id) {
                meters.push((var.id.clone(), var.label.clone()));
            }
        }
    }
    let mut out = String::new();
    let mut header: Vec<String> = [
        "file",
        "player",
        "level",
        "seed",
        "code",
        "ending",
        "months",
        "decisions",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(meters.iter().map(|(id, _)| id.clone()));
    out.push_str(
        &header
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for entry in entries {
        let game = entry.session.game();
        let scenario = game.scenario();
        let ending = game.ending().map_or_else(
            || "in progress".to_string(),
            |e| scenario.ending(e).id.clone(),
        );
        let mut row = vec![
            field(&entry.file),
            field(entry.player.as_deref().unwrap_or("")),
            field(&scenario.meta.id),
            entry.session.seed.to_string(),
            field(&challenge::encode(&entry.session.level, entry.session.seed)),
            field(&ending),
            game.state().turn().to_string(),
            entry.session.log().len().to_string(),
        ];
        for (id, _) in &meters {
            row.push(
                scenario
                    .var_id(id)
                    .filter(|&v| scenario.var(v).shown)
                    .map_or_else(String::new, |v| number(game.state().var(v))),
            );
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=cmd()"), "'=cmd()");
    }

    #[test]
    fn formulas_after_blanks_and_escapes_in_file_names_are_defused() {
        assert_eq!(field(" =1+2"), "' =1+2");
        assert_eq!(field("\t@SUM(1)"), "' @SUM(1)");
        assert_eq!(field("  -2"), "'  -2");
        assert_eq!(field("\r=1"), "'=1");
        assert_eq!(
            field("class/\u{1b}]52;c;cm0=\u{7}ann\u{1b}[2J.json"),
            "class/ann.json"
        );
        assert_eq!(field("two\nlines"), "two lines");
    }

    #[test]
    fn one_row_per_game() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let a = Session::new(level.clone(), 1);
        let b = Session::new(level, 2);
        let text = csv(&[
            Entry {
                file: "a.json".into(),
                player: Some("Ann".into()),
                session: &a,
            },
            Entry {
                file: "b.json".into(),
                player: None,
                session: &b,
            },
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("file,player,level,seed,code,ending,months,decisions,"));
        assert!(
            lines[1].starts_with("a.json,Ann,revive-the-talks,1,revive-the-talks-1-"),
            "{}",
            lines[1]
        );
        assert!(lines[2].contains(",in progress,0,0,"), "{}", lines[2]);
        let columns = lines[0].split(',').count();
        assert!(lines.iter().all(|l| l.split(',').count() == columns));
    }
}
