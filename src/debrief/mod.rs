//! The after-action report: a Markdown debrief of a finished or unfinished game, written for
//! the discussion after a class game.
//!
//! Built from a [`Session`] alone (level, seed, decision log, game):
//! - [`record`]: one replay of the log keeps what the final state forgets — the parties'
//!   verdicts on every tabled package, what each decision changed by itself (chance outcomes
//!   included), and what the default answer to each event would have changed;
//! - the lesson's meters ([`lesson_vars`]) get a chart and a causes table that says which
//!   causes were the student's;
//! - [`turning`]: turning points ranked by the student's own decisions;
//! - [`what_if`]: alternatives the student had at the top turning point and the scripted
//!   players, from the same position with the same dice;
//! - learning goals at the top, and the discussion questions that fit this game, each
//!   pointing to the section that holds its answer.
//!
//! The game's end screen and `sixparty debrief` both call [`report`] with [`WHAT_IF_GAMES`],
//! so a save gives the same report in both.

pub mod record;
pub mod turning;
pub mod what_if;

use std::fmt::Write as _;

use crate::challenge;
use crate::engine::{
    Cause, Decision, Game, NoticeKind, Reason, Scenario, Stance, VarId, Verdict, notice_text,
};
use crate::explain::{self, describe, month_label, signed};
use crate::session::Session;

pub use record::{Step, record};
pub use turning::{TurningPoint, turning_points};
pub use what_if::{WHAT_IF_GAMES, WhatIf};

/// The what-if's games per row from the end screen: the same as the command line's, so the
/// same save gives the same table (the game runs it off the input thread).
pub const WHAT_IF_GAMES_IN_GAME: usize = WHAT_IF_GAMES;

/// The meters the report covers in full: the level's `[level] debrief` list, else its key
/// meters, else every shown meter.
pub fn lesson_vars(scenario: &Scenario) -> Vec<VarId> {
    if scenario.meta.debrief.is_empty() {
        key_vars(scenario)
    } else {
        scenario.meta.debrief.clone()
    }
}

/// The level's key meters, or every shown meter if it marks none.
pub fn key_vars(scenario: &Scenario) -> Vec<VarId> {
    let keys: Vec<VarId> = (0..scenario.vars.len())
        .map(|i| VarId(i as u16))
        .filter(|&v| scenario.var(v).key)
        .collect();
    if keys.is_empty() {
        (0..scenario.vars.len())
            .map(|i| VarId(i as u16))
            .filter(|&v| scenario.var(v).shown)
            .collect()
    } else {
        keys
    }
}

/// The what-if from the student's biggest turning point, or None when no decision of theirs
/// moved the lesson's meters (or `games` is 0). The one function the game and the command
/// line call.
pub fn what_if_table(session: &Session, games: usize) -> Option<WhatIf> {
    if games == 0 {
        return None;
    }
    let steps = record(session);
    let vars = lesson_vars(session.game().scenario());
    let top = turning_points(session.game(), &steps, &vars, 1)
        .into_iter()
        .next()?;
    Some(what_if::what_if(session, &steps, top.turn, games))
}

/// A text chart of a series: `height` rows of block characters, one column per value.
pub fn chart(values: &[f64], min: f64, max: f64, height: usize) -> Vec<String> {
    const BLOCKS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let range = (max - min).max(1e-9);
    let eighths: Vec<usize> = values
        .iter()
        .map(|v| (((v - min) / range).clamp(0.0, 1.0) * (height * 8) as f64).round() as usize)
        .collect();
    (0..height)
        .rev()
        .map(|row| {
            eighths
                .iter()
                .map(|&e| BLOCKS[e.saturating_sub(row * 8).min(8)])
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Reduce a series to at most `width` points by taking evenly spaced samples (keeps the last).
fn downsample(values: &[f64], width: usize) -> Vec<f64> {
    if values.len() <= width || width < 2 {
        return values.to_vec();
    }
    (0..width)
        .map(|i| values[i * (values.len() - 1) / (width - 1)])
        .collect()
}

fn fmt_value(v: f64) -> String {
    if v == v.trunc() {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The report's section titles, so the questions can point at them.
const TIMELINE: &str = "Timeline";
const TABLE: &str = "At the table";
const METERS: &str = "The lesson's meters";
const TURNING: &str = "Your turning points";
const WHAT_IF: &str = "What if";

/// Whether a cause is one of the player's own decisions.
fn is_players(cause: Cause) -> bool {
    matches!(
        cause,
        Cause::Action(_)
            | Cause::ActionCost(_)
            | Cause::Choice(..)
            | Cause::DealCost
            | Cause::DealAccepted
            | Cause::DealRejected
    )
}

/// "Regime support +5, Financial sanctions +1" for a decision's changes, capital left out
/// (every action costs some), at most six.
fn changes_text(scenario: &Scenario, effect: &[(VarId, f64)]) -> String {
    let mut parts: Vec<String> = effect
        .iter()
        .filter(|(v, d)| *v != scenario.meta.capital && d.abs() >= 0.05)
        .map(|(v, d)| format!("{} {}", scenario.var(*v).label, signed(*d)))
        .collect();
    if parts.len() > 6 {
        let more = parts.len() - 6;
        parts.truncate(6);
        parts.push(format!("{more} more"));
    }
    parts.join(", ")
}

/// What a gamble did, after the decision that took it: its outcome is not in its name.
fn chance_decided(scenario: &Scenario, step: &Step) -> String {
    let changes = changes_text(scenario, &step.own);
    if changes.is_empty() {
        " — chance decided: nothing changed".into()
    } else {
        format!(" — chance decided: {changes}")
    }
}

/// A decision in words: "Tighten financial sanctions", "your answer to **Missile test**: …".
fn decision_text(scenario: &Scenario, step: &Step, package: Option<usize>) -> String {
    match &step.decision {
        Decision::Act(a) => scenario.action(*a).name.clone(),
        Decision::Table(_) => match package {
            Some(n) => format!("tabling package {n}"),
            None => "tabling a package".into(),
        },
        Decision::Choose { option: o, .. } => {
            let Some(e) = step.event else {
                return "an answer".into();
            };
            let def = scenario.event(e);
            let label = def
                .options
                .get(usize::from(*o))
                .map_or("?", |o| o.label.as_str());
            format!("answering **{}** with *{label}*", def.title)
        }
        Decision::EndMonth => "ending the month".into(),
    }
}

/// What decided a party's verdict: the red line crossed, else the term that would have
/// closed the gap most (a priority left short, or a cost it objects to), else, for a yes,
/// the term it gains most from.
pub fn deciding_reason(scenario: &Scenario, verdict: &Verdict, levels: &[u8]) -> String {
    if let Some(Reason::RedLine { term, reason }) = verdict
        .reasons
        .iter()
        .find(|r| matches!(r, Reason::RedLine { .. }))
    {
        return format!(
            "red line on {}: “{reason}”",
            scenario.terms[term.index()].name
        );
    }
    let party = scenario.party(verdict.party);
    if verdict.accepts() {
        let best = verdict
            .reasons
            .iter()
            .filter_map(|r| match r {
                Reason::Term { term, contribution } if *contribution > 0.0 => {
                    Some((*term, *contribution))
                }
                _ => None,
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        return match best {
            Some((t, c)) => format!(
                "gains most from {} ({})",
                scenario.terms[t.index()].name,
                signed(c)
            ),
            None => "its reservation value was met".into(),
        };
    }
    // The gap each term could close: more of a term it wants, less of one it objects to.
    let mut best: Option<(usize, f64, bool)> = None;
    for (t, term) in scenario.terms.iter().enumerate() {
        let weight = party.priorities.get(t).copied().unwrap_or(0.0);
        let level = levels.get(t).copied().unwrap_or(0);
        let (room, wants) = if weight > 0.0 {
            (
                weight * f64::from(term.max_level.saturating_sub(level)),
                true,
            )
        } else {
            (-weight * f64::from(level), false)
        };
        if room > 1e-9 && best.is_none_or(|(_, r, _)| room > r) {
            best = Some((t, room, wants));
        }
    }
    let short = verdict.reservation - verdict.score;
    match best {
        Some((t, _, true)) => format!(
            "short by {:.1}; wanted more of its priority {}",
            short.max(0.0),
            scenario.terms[t].name
        ),
        Some((t, _, false)) => format!(
            "short by {:.1}; objects to {}",
            short.max(0.0),
            scenario.terms[t].name
        ),
        None => format!("short by {:.1}", short.max(0.0)),
    }
}

fn stance_word(stance: Stance) -> &'static str {
    match stance {
        Stance::Accept => "accepts",
        Stance::Lukewarm => "lukewarm (no)",
        Stance::Reject => "rejects",
    }
}

/// Write the whole report. `what_if_games` is the games per row of the what-if table
/// ([`WHAT_IF_GAMES`] in the game and on the command line; 0 leaves the section out).
pub fn report(session: &Session, player: Option<&str>, what_if_games: usize) -> String {
    let game = session.game();
    let scenario = game.scenario();
    let state = game.state();
    let meta = &scenario.meta;
    let steps = record(session);
    let vars = lesson_vars(scenario);
    let points = turning_points(game, &steps, &vars, 3);
    let mut out = String::new();
    let w = &mut out;

    let _ = writeln!(w, "# After-action report: {}\n", meta.title);
    if let Some(name) = player {
        let _ = writeln!(w, "- **Player:** {name}");
    }
    let _ = writeln!(w, "- **Level:** `{}` (version {})", meta.id, meta.version);
    let _ = writeln!(w, "- **Seed:** {}", session.seed);
    let _ = writeln!(
        w,
        "- **Challenge code:** `{}`",
        challenge::display(&session.level, session.seed)
    );
    if let Some(difficulty) = crate::records::difficulty_label(session) {
        let _ = writeln!(w, "- **Difficulty:** {difficulty}");
    }
    let last_turn = state.turn().saturating_sub(1);
    let _ = writeln!(
        w,
        "- **Played:** {} of {} months ({} – {})",
        state.turn(),
        meta.length,
        month_label(scenario, 0),
        month_label(scenario, last_turn)
    );
    let _ = writeln!(w, "- **Decisions:** {}\n", session.log().len());

    if !meta.teacher.learning_goals.is_empty() {
        let _ = writeln!(w, "## What this game is about\n");
        for goal in &meta.teacher.learning_goals {
            let _ = writeln!(w, "- {goal}");
        }
        let _ = writeln!(w);
    }

    match game.ending() {
        Some(e) => {
            let ending = scenario.ending(e);
            let _ = writeln!(w, "## Ending: {} (grade {})\n", ending.title, ending.grade);
            let _ = writeln!(w, "{}\n", ending.text);
        }
        None => {
            let _ = writeln!(
                w,
                "## In progress\n\nThe game is at {}, month {} of {}. The report covers the months played so far.\n",
                month_label(scenario, state.turn()),
                state.turn() + 1,
                meta.length
            );
        }
    }

    if !scenario.axes.is_empty() {
        let _ = writeln!(w, "## Grades\n\n| Axis | Score | Grade |\n|---|---:|:---:|");
        for axis in &scenario.axes {
            let value = game.eval(&axis.value).clamp(0.0, 100.0);
            let _ = writeln!(w, "| {} | {:.0} | {} |", axis.label, value, letter(value));
        }
        let _ = writeln!(w);
    }

    let packages: Vec<&Step> = steps
        .iter()
        .filter(|s| matches!(s.decision, Decision::Table(_)))
        .collect();
    write_timeline(w, game, &steps, &packages);
    write_table(w, scenario, &packages);
    write_meters(w, game, &vars);
    write_turning_points(w, scenario, &steps, &points, &packages);

    if let (Some(top), true) = (points.first(), what_if_games > 0) {
        let table = what_if::what_if(session, &steps, top.turn, what_if_games);
        let yours = game.ending().map(|e| scenario.ending(e).title.as_str());
        let _ = writeln!(w, "## {WHAT_IF}\n");
        let _ = writeln!(w, "{}", table.markdown(scenario, yours));
    }

    write_questions(w, game, &vars, &points);

    let teacher = &meta.teacher;
    if !teacher.assumptions.is_empty() {
        let _ = writeln!(w, "## The model's assumptions\n");
        for a in &teacher.assumptions {
            let _ = writeln!(w, "- {a}");
        }
        let _ = writeln!(w);
    }
    out
}

fn write_timeline(w: &mut String, game: &Game, steps: &[Step], packages: &[&Step]) {
    let scenario = game.scenario();
    let _ = writeln!(w, "## {TIMELINE}\n");
    let mut current = None;
    let mut tabled = 0;
    let step_of =
        |turn: u16, d: &Decision| steps.iter().find(|s| s.turn == turn && s.decision == *d);
    for notice in game.state().notices() {
        if current != Some(notice.turn) {
            if current.is_some() {
                let _ = writeln!(w);
            }
            current = Some(notice.turn);
            let _ = writeln!(w, "**{}**\n", month_label(scenario, notice.turn));
        }
        let line = match &notice.kind {
            NoticeKind::Action(a) => {
                let def = scenario.action(*a);
                let mut line = format!("- You: {}", def.name);
                // A gamble's outcome is not in its name: say what it did.
                if def.effects.iter().any(|e| e.chance.is_some())
                    && let Some(step) = step_of(notice.turn, &Decision::Act(*a))
                {
                    line.push_str(&chance_decided(scenario, step));
                }
                line
            }
            NoticeKind::Event(_) => {
                let text = notice_text(scenario, &notice.kind);
                format!("- Event: **{}** — {}", text.title, text.body)
            }
            NoticeKind::Choice(e, o) => {
                let def = scenario.event(*e);
                let option = def.options.get(usize::from(*o));
                let label = option.map_or("?", |o| o.label.as_str());
                // Named, not indented under the event above it: a month's events all come
                // before the answers to them.
                let mut line = format!("- You answered **{}**: {label}", def.title);
                if option.is_some_and(|o| o.effects.iter().any(|e| e.chance.is_some()))
                    && let Some(step) = steps.iter().find(|s| {
                        s.turn == notice.turn
                            && s.event == Some(*e)
                            && matches!(s.decision, Decision::Choose { option, .. } if option == *o)
                    })
                {
                    line.push_str(&chance_decided(scenario, step));
                }
                line
            }
            NoticeKind::Package { accepted, levels } => {
                tabled += 1;
                let terms: Vec<String> = scenario
                    .terms
                    .iter()
                    .zip(levels)
                    .filter(|(_, l)| **l > 0)
                    .map(|(t, l)| format!("{} ({})", t.name, t.level_label(*l)))
                    .collect();
                let no: Vec<&str> = packages
                    .get(tabled - 1)
                    .map(|s| {
                        s.verdicts
                            .iter()
                            .filter(|v| !v.accepts())
                            .map(|v| scenario.party(v.party).name.as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                let verdict = if *accepted {
                    "**accepted** by every party".to_string()
                } else if no.is_empty() {
                    "**rejected**".to_string()
                } else {
                    format!("**rejected** by {}", no.join(", "))
                };
                format!(
                    "- You tabled package {tabled} — {verdict} (see *{TABLE}*): {}",
                    if terms.is_empty() {
                        "nothing".into()
                    } else {
                        terms.join(", ")
                    }
                )
            }
            NoticeKind::Revealed(_) => {
                let text = notice_text(scenario, &notice.kind);
                format!("- {} — {}", text.title, text.body)
            }
            NoticeKind::FlagSet(_) | NoticeKind::EventCapReached | NoticeKind::Warning { .. } => {
                let text = notice_text(scenario, &notice.kind);
                if text.title.is_empty() {
                    continue;
                }
                format!("- {}", text.title)
            }
            NoticeKind::Ending(_) => {
                format!(
                    "- **Ending: {}**",
                    notice_text(scenario, &notice.kind).title
                )
            }
            // What chance (or the world) decided, in the level's words.
            NoticeKind::Said { .. } => {
                let text = notice_text(scenario, &notice.kind);
                if text.quiet {
                    continue;
                }
                format!("- Outcome: {}", text.title)
            }
        };
        let _ = writeln!(w, "{line}");
    }
    let _ = writeln!(w);
}

/// Every tabled package with each party's verdict and what decided it.
fn write_table(w: &mut String, scenario: &Scenario, packages: &[&Step]) {
    if packages.is_empty() {
        return;
    }
    let _ = writeln!(w, "## {TABLE}\n");
    for (n, step) in packages.iter().enumerate() {
        let Decision::Table(levels) = &step.decision else {
            continue;
        };
        let accepted = step.verdicts.iter().all(Verdict::accepts);
        let _ = writeln!(
            w,
            "### Package {} — {} — {}\n",
            n + 1,
            month_label(scenario, step.turn),
            if accepted { "accepted" } else { "rejected" }
        );
        let _ = writeln!(
            w,
            "| Party | Verdict | Score / needed | What decided it |\n|---|---|---:|---|"
        );
        for v in &step.verdicts {
            let _ = writeln!(
                w,
                "| {} | {} | {:.0} / {:.0} | {} |",
                cell(&scenario.party(v.party).name),
                stance_word(v.stance),
                v.score,
                v.reservation,
                cell(&deciding_reason(scenario, v, levels))
            );
        }
        let _ = writeln!(w);
    }
}

fn write_meters(w: &mut String, game: &Game, vars: &[VarId]) {
    let scenario = game.scenario();
    let state = game.state();
    let _ = writeln!(w, "## {METERS}\n");
    for &var in vars {
        let def = scenario.var(var);
        let history: Vec<f64> = state.history_of(var).collect();
        let start = history.first().copied().unwrap_or(def.start);
        let end = state.var(var);
        let _ = writeln!(
            w,
            "### {} ({} → {}, {})\n",
            def.label,
            fmt_value(start),
            fmt_value(end),
            signed(end - start)
        );
        let _ = writeln!(w, "```");
        for (i, row) in chart(&downsample(&history, 72), def.min, def.max, 5)
            .iter()
            .enumerate()
        {
            let axis = match i {
                0 => fmt_value(def.max),
                4 => fmt_value(def.min),
                _ => String::new(),
            };
            let _ = writeln!(w, "{axis:>5} │{row}");
        }
        let _ = writeln!(w, "```\n");
        let causes = explain::causes(game, var, 0, u16::MAX);
        if causes.is_empty() {
            let _ = writeln!(w, "Nothing changed it.\n");
            continue;
        }
        let yours: f64 = causes
            .iter()
            .filter(|c| is_players(c.cause))
            .map(|c| c.total)
            .sum();
        let _ = writeln!(
            w,
            "| Cause | By | Change | Why | Source |\n|---|---|---:|---|---|"
        );
        for c in causes.iter().take(6) {
            let text = describe(scenario, c.cause);
            let times = if c.times > 1 {
                format!(" (×{})", c.times)
            } else {
                String::new()
            };
            let _ = writeln!(
                w,
                "| {}{times} | {} | {} | {} | {} |",
                cell(&text.label),
                if is_players(c.cause) {
                    "you"
                } else {
                    "the world"
                },
                signed(c.total),
                cell(&text.detail),
                cell(&explain::sources(scenario, c.cause, var))
            );
        }
        if causes.len() > 6 {
            let _ = writeln!(w, "\n({} smaller causes not shown.)", causes.len() - 6);
        }
        let _ = writeln!(
            w,
            "\nYour own decisions moved it {} in all; the world's rules and events {}.\n",
            signed(yours),
            signed(end - start - yours)
        );
    }
}

fn write_turning_points(
    w: &mut String,
    scenario: &Scenario,
    steps: &[Step],
    points: &[TurningPoint],
    packages: &[&Step],
) {
    let _ = writeln!(w, "## {TURNING}\n");
    if points.is_empty() {
        let _ = writeln!(
            w,
            "No decision of yours has moved the lesson's meters yet: the months so far went as they would have without you.\n"
        );
        return;
    }
    let _ = writeln!(
        w,
        "The months your own decisions moved the lesson's meters most. Each meter's movement counts in its typical monthly moves in this game (or the level's weight for it), so a stage step and a ten-point jolt compare fairly. An answer to an event counts for how it differs from the default answer (the first, or the one marked passive); months where you took no action and gave the default answers never count.\n"
    );
    for (rank, point) in points.iter().enumerate() {
        let moves: Vec<String> = point
            .moves
            .iter()
            .map(|(v, d)| format!("{} {}", scenario.var(*v).label, signed(*d)))
            .collect();
        let _ = writeln!(
            w,
            "{}. **{}** ({:.1} typical moves): your decisions moved {}.",
            rank + 1,
            month_label(scenario, point.turn),
            point.score,
            moves.join(", ")
        );
        for &(k, score) in point.decisions.iter().take(4) {
            let step = &steps[k];
            let package = packages
                .iter()
                .position(|p| p.index == step.index)
                .map(|n| n + 1);
            let _ = writeln!(
                w,
                "   - {} ({:.1}): {}",
                decision_text(scenario, step, package),
                score,
                changes_text(scenario, &step.effect)
            );
        }
    }
    let _ = writeln!(w);
}

/// Where a level-wide question's answer is: the lesson meter it names, else the section its
/// words point to.
fn question_pointer(scenario: &Scenario, vars: &[VarId], question: &str) -> Option<String> {
    let q = question.to_lowercase();
    if let Some(&v) = vars
        .iter()
        .find(|&&v| q.contains(&scenario.var(v).label.to_lowercase()))
    {
        return Some(format!("{METERS} › {}", scenario.var(v).label));
    }
    if scenario
        .endings
        .iter()
        .any(|e| q.contains(&e.title.to_lowercase()) || q.contains(&e.id.replace('_', " ")))
    {
        return Some(format!("Ending, {WHAT_IF}"));
    }
    let sections: [(&[&str], &str); 4] = [
        (&["package", "red line", "priorit", "deal"], TABLE),
        (&["diverge", "turning", "decision", "choice"], TURNING),
        (&["what if", "instead", "strateg"], WHAT_IF),
        (&["month", "when", "event"], TIMELINE),
    ];
    sections
        .iter()
        .find(|(words, _)| words.iter().any(|word| q.contains(word)))
        .map(|(_, section)| (*section).to_string())
}

fn write_questions(w: &mut String, game: &Game, vars: &[VarId], points: &[TurningPoint]) {
    let scenario = game.scenario();
    let mut questions: Vec<(String, Option<String>)> = Vec::new();
    if let Some(e) = game.ending() {
        for q in ending_questions(scenario, e) {
            questions.push((q.clone(), Some(format!("Ending, {TIMELINE}"))));
        }
    }
    // The meters the student's turning points moved, biggest first, once each.
    let mut moved: Vec<VarId> = Vec::new();
    for point in points {
        for (v, _) in &point.moves {
            if !moved.contains(v) {
                moved.push(*v);
            }
        }
    }
    for v in moved {
        for q in var_questions(scenario, v) {
            questions.push((
                q.clone(),
                Some(format!("{METERS} › {}, {TURNING}", scenario.var(v).label)),
            ));
        }
    }
    for q in &scenario.meta.teacher.questions {
        questions.push((q.clone(), question_pointer(scenario, vars, q)));
    }
    if questions.is_empty() {
        return;
    }
    let _ = writeln!(w, "## Discussion questions\n");
    for (i, (q, pointer)) in questions.iter().enumerate() {
        match pointer {
            Some(p) => {
                let _ = writeln!(w, "{}. {q} *(The answer is in: {p}.)*", i + 1);
            }
            None => {
                let _ = writeln!(w, "{}. {q}", i + 1);
            }
        }
    }
    let _ = writeln!(w);
}

/// Discussion questions the level attaches to an ending.
fn ending_questions(scenario: &Scenario, ending: crate::engine::EndingId) -> &[String] {
    &scenario.ending(ending).questions
}

/// Discussion questions the level attaches to a meter.
fn var_questions(scenario: &Scenario, var: VarId) -> &[String] {
    &scenario.var(var).questions
}

/// A letter grade for a 0–100 axis score.
pub fn letter(value: f64) -> &'static str {
    match value {
        v if v >= 85.0 => "A",
        v if v >= 70.0 => "B",
        v if v >= 55.0 => "C",
        v if v >= 40.0 => "D",
        _ => "F",
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_draws_columns() {
        let rows = chart(&[0.0, 50.0, 100.0], 0.0, 100.0, 2);
        assert_eq!(rows, vec!["  █", " ██"]);
    }

    #[test]
    fn downsample_keeps_ends() {
        let v: Vec<f64> = (0..100).map(f64::from).collect();
        let d = downsample(&v, 10);
        assert_eq!(d.len(), 10);
        assert_eq!(d[0], 0.0);
        assert_eq!(d[9], 99.0);
    }

    #[test]
    fn letters() {
        assert_eq!(letter(90.0), "A");
        assert_eq!(letter(10.0), "F");
    }
}

#[cfg(test)]
mod report_tests {
    use super::*;
    use crate::engine::Decision;
    use crate::sim::{StrategyKind, play_out, run_game};

    fn campaign() -> crate::level::Level {
        crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid")
    }

    fn session(kind: StrategyKind, seed: u64) -> Session {
        let level = campaign();
        let played = run_game(&level.scenario, seed, kind, true);
        Session::replay(level, seed, &played.decisions).expect("replays")
    }

    #[test]
    fn a_finished_game_has_every_section() {
        let s = session(StrategyKind::Memo, 3);
        assert!(s.game().is_over());
        let text = report(&s, Some("Ada"), 2);
        // The short class code players read, as the game's header and end screen show it.
        let code = format!(
            "- **Challenge code:** `{}`",
            challenge::display(&s.level, s.seed)
        );
        for heading in [
            "# After-action report: ",
            "- **Player:** Ada",
            code.as_str(),
            "## What this game is about",
            "## Ending: ",
            "## Timeline",
            "## The lesson's meters",
            "## Your turning points",
            "## What if",
            "| As you played it, then `",
            "| `pressure-then-talks` plays from there |",
            "scripted players in a teaching model, not forecasts",
            "## Discussion questions",
        ] {
            assert!(text.contains(heading), "missing {heading:?} in:\n{text}");
        }
        // The table the UI can ask for on its own is the report's.
        let table = what_if_table(&s, 2).expect("a turning point");
        let yours = s
            .game()
            .ending()
            .map(|e| s.game().scenario().ending(e).title.as_str());
        assert!(text.contains(&table.markdown(s.game().scenario(), yours)));
        assert_eq!(table.games, 2);
        assert!(table.rows.len() <= 1 + what_if::MAX_ALTERNATIVES + what_if::COMPARED.len());
    }

    #[test]
    fn a_game_in_progress_is_reported_too() {
        let full = session(StrategyKind::Random, 5);
        let partial = full.rewound_to(4);
        let text = report(&partial, None, 0);
        assert!(text.contains("## In progress"), "{text}");
        assert!(text.contains("month 5 of"), "{text}");
        assert!(!text.contains("## What if"));
    }

    /// The unperturbed line: no action, no package, the default answer to every event.
    fn unperturbed(level: &crate::level::Level, seed: u64) -> Vec<Decision> {
        run_game(&level.scenario, seed, StrategyKind::Passive, true).decisions
    }

    /// A game that plays the unperturbed line for its first `months`, then `kind`.
    fn branching(
        level: &crate::level::Level,
        seed: u64,
        months: u16,
        kind: StrategyKind,
    ) -> Session {
        let line = unperturbed(level, seed);
        let start = Session::replay(level.clone(), seed, &line)
            .expect("replays")
            .rewound_to(months);
        let mut log = start.log().to_vec();
        log.extend(play_out(start.game().clone(), seed, kind, true).decisions);
        Session::replay(level.clone(), seed, &log).expect("replays")
    }

    #[test]
    fn a_month_played_like_the_unperturbed_line_is_never_a_turning_point() {
        let level = campaign();
        let seed = 11;
        let line =
            Session::replay(level.clone(), seed, &unperturbed(&level, seed)).expect("replays");
        let vars = lesson_vars(&level.scenario);
        // The unperturbed line itself has no turning point of the student's, although the
        // world moved the meters every month.
        let steps = record(&line);
        assert!(turning_points(line.game(), &steps, &vars, 3).is_empty());
        assert!(line.game().state().ledger().iter().any(|e| e.turn == 2));
        // Two students share its first six months, then play differently: neither's turning
        // points fall in the shared months, and the top one is a month of their own.
        for kind in [StrategyKind::PressureOnly, StrategyKind::Memo] {
            let s = branching(&level, seed, 6, kind);
            assert_eq!(s.rewound_to(6).log(), line.rewound_to(6).log());
            assert_ne!(s.log(), line.log());
            let points = turning_points(s.game(), &record(&s), &vars, 3);
            assert!(!points.is_empty(), "{}", kind.name());
            assert!(
                points.iter().all(|p| p.turn >= 6),
                "{}: {:?}",
                kind.name(),
                points.iter().map(|p| p.turn).collect::<Vec<_>>()
            );
            let top = &points[0];
            assert!(points.windows(2).all(|w| w[0].score >= w[1].score));
            assert!(
                !top.decisions.is_empty(),
                "the top month names its decisions"
            );
        }
    }

    /// A memo game in which the student first tables a draft with every term left out (it
    /// fails the parties' red lines and priorities), then lets the memo finish.
    pub(crate) fn with_a_rejected_draft(level: &crate::level::Level) -> Session {
        for seed in 1..20 {
            let played = run_game(&level.scenario, seed, StrategyKind::Memo, true);
            let Some(first) = played
                .decisions
                .iter()
                .position(|d| matches!(d, Decision::Table(_)))
            else {
                continue;
            };
            let mut log = played.decisions[..first].to_vec();
            log.push(Decision::Table(vec![0; level.scenario.terms.len()]));
            let Ok(start) = Session::replay(level.clone(), seed, &log) else {
                continue;
            };
            log.extend(play_out(start.game().clone(), seed, StrategyKind::Memo, true).decisions);
            if let Ok(s) = Session::replay(level.clone(), seed, &log) {
                return s;
            }
        }
        panic!("no memo game reached the table in 19 seeds");
    }

    #[test]
    fn a_package_s_verdicts_name_what_decided_them() {
        let s = with_a_rejected_draft(&campaign());
        let steps = record(&s);
        let tabled: Vec<&Step> = steps
            .iter()
            .filter(|st| matches!(st.decision, Decision::Table(_)))
            .collect();
        assert!(tabled.len() >= 2, "a draft and the memo's package");
        assert!(!tabled[0].verdicts.iter().all(|v| v.accepts()));
        let scenario = s.game().scenario();
        for step in tabled {
            assert_eq!(step.verdicts.len(), scenario.parties.len());
            let Decision::Table(levels) = &step.decision else {
                continue;
            };
            for v in &step.verdicts {
                let why = deciding_reason(scenario, v, levels);
                assert!(!why.is_empty());
                if v.red_lines_crossed() > 0 {
                    assert!(why.starts_with("red line on "), "{why}");
                }
            }
        }
    }
}
