//! The class spreadsheet: one row per game, for `sixparty compare` and `sixparty class report`.
//!
//! Made for the program a teacher opens it in: UTF-8 with a byte-order mark (so Windows Excel
//! reads "Ana Lòpez" as written), CRLF line ends, headers in words (the meters' labels, not
//! their ids), seeds and codes written so spreadsheets keep them as text (an 18-digit seed
//! read as a number loses its last digits), the ending's title, grade and axis grades, the
//! month the game ended in and the deal's terms. Every cell is cleaned of control characters
//! and guarded against formulas. An autosave and a manual save of one game collapse into one
//! row: the one furthest along (see [`collapse`]).

use crate::session::Session;

/// One game to list: where it came from, who played it, and the game.
pub struct Entry<'a> {
    pub file: String,
    pub player: Option<String>,
    pub session: &'a Session,
    /// When it was saved (seconds since 1970), to keep the newest of equal copies.
    pub saved_at: u64,
}

/// A cell: cleaned of control characters, defused if a spreadsheet would read it as a
/// formula (also after leading blanks), quoted when it needs it (RFC 4180).
pub fn field(text: &str) -> String {
    let clean = crate::level::sanitize(text).replace(['\n', '\r', '\t'], " ");
    let text = if clean.trim_start().starts_with(['=', '+', '-', '@']) {
        format!("'{clean}")
    } else {
        clean
    };
    if text.contains([',', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A number or code kept as text: `="48213"` is shown as 48213 and never rounded or
/// reformatted (the one formula we write ourselves, around digits and letters only).
fn as_text(text: &str) -> String {
    let safe: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("\"=\"\"{safe}\"\"\"")
}

fn number(value: f64) -> String {
    if value == value.trunc() {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Whether two entries are copies of one game at different moments: same player, level
/// version and seed, and one's decisions begin with all of the other's.
fn same_game(a: &Entry<'_>, b: &Entry<'_>) -> bool {
    let (la, lb) = (a.session.log(), b.session.log());
    let n = la.len().min(lb.len());
    a.player == b.player
        && a.session.level.hash == b.session.level.hash
        && a.session.seed == b.session.seed
        && la[..n] == lb[..n]
}

/// Keep one entry per game: the one with the most decisions (the newest among equals), in
/// the order the games were first seen.
pub fn collapse<'a>(entries: Vec<Entry<'a>>) -> Vec<Entry<'a>> {
    let mut kept: Vec<Entry<'a>> = Vec::new();
    for entry in entries {
        match kept.iter_mut().find(|k| same_game(k, &entry)) {
            Some(k) => {
                let further = entry.session.log().len() > k.session.log().len();
                let newer = entry.session.log().len() == k.session.log().len()
                    && entry.saved_at > k.saved_at;
                if further || newer {
                    *k = entry;
                }
            }
            None => kept.push(entry),
        }
    }
    kept
}

/// The month the game ended in (the turn its ending fired), or "" while it goes on.
fn ended_in(session: &Session) -> String {
    let game = session.game();
    let Some(_) = game.ending() else {
        return String::new();
    };
    let turn = game
        .state()
        .notices()
        .iter()
        .rev()
        .find(|n| matches!(n.kind, crate::engine::NoticeKind::Ending(_)))
        .map_or_else(|| game.state().turn().saturating_sub(1), |n| n.turn);
    crate::explain::month_label(game.scenario(), turn)
}

/// The difficulty a game was played on, the level's default when none was chosen; empty on
/// a level that offers no choice. A class code fixes the level and the seed, not the
/// difficulty (the picker asks each student), so the sheet must show who started easier.
fn difficulty(session: &Session) -> String {
    let game = session.game();
    let difficulties = &game.scenario().difficulties;
    if difficulties.len() < 2 {
        return String::new();
    }
    let chosen = game.state().setup().difficulty.map_or(0, |d| d.index());
    difficulties
        .get(chosen)
        .map_or_else(String::new, |d| d.label.clone())
}

/// The agreed deal in words, "Freeze: full; Inspections: partial", or "" without one.
fn deal_terms(session: &Session) -> String {
    let game = session.game();
    let state = game.state();
    if !state.has_deal() {
        return String::new();
    }
    game.scenario()
        .terms
        .iter()
        .zip(state.deal_levels())
        .filter(|(_, level)| **level > 0)
        .map(|(term, level)| format!("{}: {}", term.name, term.level_label(*level)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The whole sheet (collapsing duplicates first), with its byte-order mark.
pub fn csv(entries: Vec<Entry<'_>>) -> String {
    let entries = collapse(entries);
    // Meters and grade axes of every level present, by label, in order of first appearance.
    let mut meters: Vec<(String, String)> = Vec::new();
    let mut axes: Vec<(String, String)> = Vec::new();
    for entry in &entries {
        let scenario = entry.session.game().scenario();
        for var in scenario.vars.iter().filter(|v| v.shown) {
            if !meters.iter().any(|(id, _)| *id == var.id) {
                meters.push((var.id.clone(), var.label.clone()));
            }
        }
        for axis in &scenario.axes {
            if !axes.iter().any(|(id, _)| *id == axis.id) {
                axes.push((axis.id.clone(), axis.label.clone()));
            }
        }
    }
    let mut header: Vec<String> = [
        "Player",
        "Level",
        "Class code",
        "Seed",
        "Difficulty",
        "Ending",
        "Grade",
        "Ended in",
        "Months played",
        "Decisions",
        "Deal",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(axes.iter().map(|(_, label)| format!("{label} (grade)")));
    header.extend(meters.iter().map(|(_, label)| label.clone()));
    header.push("File".to_string());
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for entry in &entries {
        let game = entry.session.game();
        let scenario = game.scenario();
        let ending = game.ending().map(|e| scenario.ending(e));
        let mut row = vec![
            field(entry.player.as_deref().unwrap_or("")),
            field(&scenario.meta.title),
            as_text(&crate::challenge::display(
                &entry.session.level,
                entry.session.seed,
            )),
            as_text(&entry.session.seed.to_string()),
            field(&difficulty(entry.session)),
            field(ending.map_or("in progress", |e| e.title.as_str())),
            field(ending.map_or("", |e| e.grade.as_str())),
            field(&ended_in(entry.session)),
            game.state().turn().to_string(),
            entry.session.log().len().to_string(),
            field(&deal_terms(entry.session)),
        ];
        for (id, _) in &axes {
            row.push(
                scenario
                    .axes
                    .iter()
                    .find(|a| a.id == *id)
                    .map_or_else(String::new, |a| {
                        let value = game.eval(&a.value).clamp(0.0, 100.0);
                        format!("{} ({value:.0})", crate::debrief::letter(value))
                    }),
            );
        }
        for (id, _) in &meters {
            row.push(
                scenario
                    .var_id(id)
                    .filter(|&v| scenario.var(v).shown)
                    .map_or_else(String::new, |v| number(game.state().var(v))),
            );
        }
        row.push(field(&entry.file));
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{StrategyKind, run_game};

    fn level() -> crate::level::Level {
        crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid")
    }

    #[test]
    fn cells_are_cleaned_and_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("=cmd()"), "'=cmd()");
        assert_eq!(field(" =1+2"), "' =1+2");
        assert_eq!(field("\t@SUM(1)"), "' @SUM(1)");
        assert_eq!(field("x\u{1b}]52;c;AAAA\u{7}y"), "xy");
        assert_eq!(
            as_text("123456789012345678"),
            "\"=\"\"123456789012345678\"\"\""
        );
    }

    #[test]
    fn a_class_sheet_has_words_grades_and_one_row_per_game() {
        let level = level();
        let played = run_game(&level.scenario, 48213, StrategyKind::Random, true);
        let done = Session::replay(level.clone(), 48213, &played.decisions).expect("replays");
        let half = Session::replay(
            level.clone(),
            48213,
            &played.decisions[..played.decisions.len() / 2],
        )
        .expect("replays");
        let other = Session::new(level.clone(), 48213);
        let mut hard = crate::engine::Setup::new_game(&level.scenario);
        hard.difficulty = level.scenario.difficulty_id("hard");
        let harder = Session::with_setup(level.clone(), 48213, hard);
        let entry = |file: &str, player: &str, session, saved_at| Entry {
            file: file.into(),
            player: Some(player.into()),
            session,
            saved_at,
        };
        let text = csv(vec![
            entry("autosave-1.json", "Ana Lòpez", &half, 1),
            entry("mine.json", "Ana Lòpez", &done, 2),
            entry("autosave-1.json", "Ben", &other, 3),
            entry("autosave-1.json", "Cai", &harder, 4),
        ]);
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines.len(), 5, "{text}"); // header, three games, the final empty line
        let header = lines[0];
        assert!(
            header.starts_with("Player,Level,Class code,Seed,Difficulty,Ending,Grade,Ended in,")
        );
        for var in level.scenario.vars.iter().filter(|v| v.shown) {
            assert!(header.contains(&var.label), "{} missing", var.label);
        }
        assert!(lines[1].starts_with("Ana Lòpez,"), "{}", lines[1]);
        assert!(lines[1].contains("mine.json"), "the finished copy is kept");
        let ending = level
            .scenario
            .ending(done.game().ending().expect("random games end"));
        assert!(lines[1].contains(&ending.title));
        assert!(lines[1].contains("\"=\"\"48213\"\"\""));
        assert!(lines[2].contains(",in progress,"), "{}", lines[2]);
        // One code, two difficulties: the teacher must see that these two did not start alike.
        assert!(
            lines[2].contains("\"=\"\"48213\"\"\",Normal,"),
            "{}",
            lines[2]
        );
        assert!(
            lines[3].contains("\"=\"\"48213\"\"\",Hard,"),
            "{}",
            lines[3]
        );
    }
}
