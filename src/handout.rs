//! Teacher materials from a level file: `sixparty level info` (everything a teacher needs
//! before class, as text for the terminal) and `sixparty handout` (a printable Markdown
//! briefing packet for students: the situation, the parties' public positions, a glossary,
//! a dated "what really happened" timeline and its sources).
//!
//! Both read only the level, so they work for any level, built in or written by a teacher.
//! Level text is untrusted: every text is cleaned ([`crate::level::sanitize`]) before it is
//! printed or written, and table cells are escaped.

use std::fmt::Write as _;

use crate::engine::{CitationId, Scenario};
use crate::explain::month_label;
use crate::level::{Level, sanitize};

/// "Jan 2017" for "2017-01", "22 Jan 2017" for "2017-01-22", "2017" for "2017": the dates
/// `[[history]]` and `[[citations]]` carry (anything else is shown as written).
pub fn date_label(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    let month = parts
        .get(1)
        .and_then(|m| m.parse::<usize>().ok())
        .filter(|m| (1..=12).contains(m))
        .map(|m| MONTHS[m - 1]);
    match (parts.as_slice(), month) {
        ([year], _) => (*year).to_string(),
        ([year, _], Some(m)) => format!("{m} {year}"),
        ([year, _, day], Some(m)) => format!("{} {m} {year}", day.trim_start_matches('0')),
        _ => date.to_string(),
    }
}

/// Clean level text for a terminal or a file.
fn clean(text: &str) -> String {
    sanitize(text)
}

/// Clean level text for a Markdown table cell.
fn cell(text: &str) -> String {
    clean(text).replace('|', "\\|").replace('\n', " ")
}

/// The level's span: "Jan 2017 – Dec 2019, 36 months".
fn span(scenario: &Scenario) -> String {
    let meta = &scenario.meta;
    format!(
        "{} – {}, {} {}s",
        month_label(scenario, 0),
        month_label(scenario, meta.length.saturating_sub(1)),
        meta.length,
        meta.turn_length.noun()
    )
}

/// Whether the level lets students read its teacher notes.
pub fn notes_for_students(scenario: &Scenario) -> bool {
    scenario.meta.teacher.show_to_students
}

/// Every discussion question the level carries: its own, then the endings', then the meters'.
fn all_questions(scenario: &Scenario) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = scenario
        .meta
        .teacher
        .questions
        .iter()
        .map(|q| (String::new(), q.clone()))
        .collect();
    for e in &scenario.endings {
        for q in &e.questions {
            out.push((format!("ending “{}”", e.title), q.clone()));
        }
    }
    for v in &scenario.vars {
        for q in &v.questions {
            out.push((format!("meter “{}”", v.label), q.clone()));
        }
    }
    out
}

/// `sixparty level info LEVEL`: the briefing, parties, endings, learning goals, assumptions,
/// questions and balance, as plain text.
pub fn info(level: &Level) -> String {
    let scenario = &*level.scenario;
    let meta = &scenario.meta;
    let teacher = &meta.teacher;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} — {} version {}, by {} (difficulty: {})",
        clean(&meta.title),
        clean(&meta.id),
        clean(&meta.version),
        clean(&meta.author),
        clean(&meta.difficulty)
    );
    let _ = writeln!(
        w,
        "{}. {} parties, {} actions, {} events, {} endings.",
        span(scenario),
        scenario.parties.len(),
        scenario.actions.len(),
        scenario.events.len(),
        scenario.endings.len()
    );
    let section = |w: &mut String, title: &str| {
        let _ = writeln!(w, "\n{title}");
    };
    let para = |w: &mut String, text: &str| {
        for line in clean(text).lines() {
            let _ = writeln!(w, "  {line}");
        }
    };
    let list = |w: &mut String, items: &[String]| {
        for item in items {
            let _ = writeln!(w, "  - {}", clean(item));
        }
    };
    section(w, "DESCRIPTION");
    para(w, &meta.description);
    if !meta.briefing.is_empty() {
        section(w, "BRIEFING");
        para(w, &meta.briefing);
    }
    section(w, "PARTIES");
    for p in &scenario.parties {
        let _ = writeln!(w, "  {}", clean(&p.name));
        let position = if p.public_position.is_empty() {
            &p.description
        } else {
            &p.public_position
        };
        if !position.is_empty() {
            let _ = writeln!(w, "    Public position: {}", clean(position));
        }
        if !p.top_priority.is_empty() {
            let hidden = if p.starts_revealed {
                ""
            } else {
                " (hidden from the player until consulted)"
            };
            let _ = writeln!(w, "    Top priority{hidden}: {}", clean(&p.top_priority));
        }
        for line in &p.red_lines {
            let _ = writeln!(
                w,
                "    Red line on {}: {}",
                clean(&scenario.terms[line.term.index()].name),
                clean(&line.reason)
            );
        }
    }
    section(w, "ENDINGS");
    for e in &scenario.endings {
        let win = if e.victory { ", a win" } else { "" };
        let goal = if e.goal.is_empty() {
            String::new()
        } else {
            format!(" — {}", clean(&e.goal))
        };
        let _ = writeln!(
            w,
            "  {} (grade {}{win}){goal}",
            clean(&e.title),
            clean(&e.grade)
        );
    }
    if !teacher.learning_goals.is_empty() {
        section(w, "LEARNING GOALS");
        list(w, &teacher.learning_goals);
    }
    if !teacher.thesis.is_empty() {
        section(w, "THESIS");
        para(w, &teacher.thesis);
    }
    if !teacher.memo_summary.is_empty() {
        section(w, "THE MEMO'S PLAN");
        para(w, &teacher.memo_summary);
    }
    if !teacher.assumptions.is_empty() {
        section(w, "ASSUMPTIONS");
        list(w, &teacher.assumptions);
    }
    let questions = all_questions(scenario);
    if !questions.is_empty() {
        section(w, "DISCUSSION QUESTIONS");
        for (about, q) in &questions {
            if about.is_empty() {
                let _ = writeln!(w, "  - {}", clean(q));
            } else {
                let _ = writeln!(w, "  - ({}) {}", clean(about), clean(q));
            }
        }
    }
    if !teacher.balance.is_empty() {
        section(w, "BALANCE");
        para(w, &teacher.balance);
    }
    section(w, "FOR THE CLASS");
    let _ = writeln!(
        w,
        "  Students {} these notes in the game ([teacher] show_to_students = {}; `sixparty play --teacher` shows them).",
        if notes_for_students(scenario) {
            "see"
        } else {
            "do not see"
        },
        notes_for_students(scenario)
    );
    let _ = writeln!(
        w,
        "  A printable briefing packet: sixparty handout {} -o {}-handout.md",
        clean(&meta.id),
        clean(&meta.id)
    );
    out
}

/// `sixparty handout LEVEL`: the students' briefing packet in Markdown. `teacher` adds the
/// teacher notes (also added when the level lets students read them).
pub fn handout(level: &Level, teacher: bool) -> String {
    let scenario = &*level.scenario;
    let meta = &scenario.meta;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# {} — briefing packet\n", clean(&meta.title));
    let _ = writeln!(
        w,
        "*{}. A classroom game: a teaching model, not a forecast.*\n",
        span(scenario)
    );

    if !(meta.description.is_empty() && meta.briefing.is_empty()) {
        let _ = writeln!(w, "## The situation\n");
        for text in [&meta.description, &meta.briefing] {
            if !text.is_empty() {
                let _ = writeln!(w, "{}\n", clean(text));
            }
        }
    }

    let goals: Vec<_> = scenario.endings.iter().filter(|e| e.victory).collect();
    if !goals.is_empty() {
        let _ = writeln!(w, "## How the game can end well\n");
        for e in goals {
            let goal = if e.goal.is_empty() {
                String::new()
            } else {
                format!(": {}", clean(&e.goal))
            };
            let _ = writeln!(w, "- **{}**{goal}", clean(&e.title));
        }
        let others: Vec<String> = scenario
            .endings
            .iter()
            .filter(|e| !e.victory)
            .map(|e| clean(&e.title))
            .collect();
        if !others.is_empty() {
            let _ = writeln!(w, "\nOther endings: {}.", others.join(", "));
        }
        let _ = writeln!(w);
    }

    let _ = writeln!(w, "## The parties\n");
    let _ = writeln!(
        w,
        "What each says in public. What each needs most is for you to find out in the game.\n"
    );
    for p in &scenario.parties {
        let position = if p.public_position.is_empty() {
            &p.description
        } else {
            &p.public_position
        };
        let _ = writeln!(w, "### {}\n\n{}\n", clean(&p.name), clean(position));
    }

    if !scenario.glossary.is_empty() {
        let _ = writeln!(w, "## Glossary\n");
        for g in &scenario.glossary {
            let _ = writeln!(w, "- **{}** — {}", clean(&g.term), clean(&g.text));
        }
        let _ = writeln!(w);
    }

    // Sources are numbered in the order the timeline first cites them, then the rest.
    let mut order: Vec<CitationId> = Vec::new();
    for h in &scenario.history {
        for &c in &h.cite {
            if !order.contains(&c) {
                order.push(c);
            }
        }
    }
    for i in 0..scenario.citations.len() {
        let id = CitationId(i as u16);
        if !order.contains(&id) {
            order.push(id);
        }
    }
    let number = |c: CitationId| order.iter().position(|&o| o == c).map_or(0, |n| n + 1);

    if !scenario.history.is_empty() {
        let _ = writeln!(w, "## What really happened\n");
        let _ = writeln!(w, "| Date | Event | Sources |\n|---|---|---|");
        for h in &scenario.history {
            let refs: Vec<String> = h.cite.iter().map(|&c| format!("[{}]", number(c))).collect();
            let _ = writeln!(
                w,
                "| {} | {} | {} |",
                cell(&date_label(&h.date)),
                cell(&h.text),
                refs.join(" ")
            );
        }
        let _ = writeln!(w);
    }

    if !order.is_empty() {
        let _ = writeln!(w, "## Sources\n");
        for (n, &c) in order.iter().enumerate() {
            let _ = writeln!(w, "{}. {}", n + 1, clean(&scenario.citation(c).text()));
        }
        let _ = writeln!(w);
    }

    let notes = &meta.teacher;
    if teacher || notes_for_students(scenario) {
        let _ = writeln!(w, "## For teachers\n");
        let lists = [
            ("Learning goals", &notes.learning_goals),
            ("The model's assumptions", &notes.assumptions),
        ];
        for (title, items) in lists {
            if !items.is_empty() {
                let _ = writeln!(w, "### {title}\n");
                for item in items {
                    let _ = writeln!(w, "- {}", clean(item));
                }
                let _ = writeln!(w);
            }
        }
        for (title, text) in [
            ("Thesis", &notes.thesis),
            ("The memo's plan", &notes.memo_summary),
            ("Balance", &notes.balance),
        ] {
            if !text.is_empty() {
                let _ = writeln!(w, "### {title}\n\n{}\n", clean(text));
            }
        }
        let questions = all_questions(scenario);
        if !questions.is_empty() {
            let _ = writeln!(w, "### Discussion questions\n");
            for (about, q) in questions {
                if about.is_empty() {
                    let _ = writeln!(w, "- {}", clean(&q));
                } else {
                    let _ = writeln!(w, "- {} *({})*", clean(&q), clean(&about));
                }
            }
            let _ = writeln!(w);
        }
    }
    let _ = writeln!(
        w,
        "---\n\n*Generated by `sixparty handout {}` from level version {}.*",
        clean(&meta.id),
        clean(&meta.version)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_written_in_levels() {
        assert_eq!(date_label("2017"), "2017");
        assert_eq!(date_label("2017-09"), "Sep 2017");
        assert_eq!(date_label("2017-09-03"), "3 Sep 2017");
        assert_eq!(date_label("2017-13"), "2017-13");
    }
}
