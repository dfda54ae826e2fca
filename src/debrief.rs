//! The after-action report: a Markdown debrief of a finished or unfinished game.
//!
//! Built from a [`Session`] alone (level, seed, decision log, game): the timeline comes from
//! the engine's notices, the causes from its ledger (via [`crate::explain`]), the turning
//! points from the months with the largest swings in the key meters, and the "what if" from
//! fresh headless games branched off the biggest turning point.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::challenge;
use crate::engine::{Game, NoticeKind, Scenario, VarId};
use crate::explain::{self, describe, month_label, signed};
use crate::session::Session;
use crate::sim::{self, StrategyKind};

/// How many games each strategy plays from the turning point in the "what if" section.
pub const WHAT_IF_GAMES: usize = 200;
/// The same from the end screen, where the player waits for it: fewer games, about a second.
pub const WHAT_IF_GAMES_IN_GAME: usize = 50;

/// A month whose key meters swung the most.
#[derive(Debug, Clone, PartialEq)]
pub struct TurningPoint {
    pub turn: u16,
    /// Sum over key meters of |change| as a share of each meter's range (0–1 per meter).
    pub swing: f64,
}

/// The meters the report follows: the level's key meters, or every shown meter if it marks none.
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

/// The `count` months with the largest swings, biggest first.
pub fn turning_points(game: &Game, count: usize) -> Vec<TurningPoint> {
    let scenario = game.scenario();
    let keys = key_vars(scenario);
    let months = game.state().turn().max(1);
    let mut points: Vec<TurningPoint> = (0..months)
        .map(|turn| {
            let swing = keys
                .iter()
                .map(|&v| {
                    let def = scenario.var(v);
                    let range = (def.max - def.min).max(1e-9);
                    explain::month_change(game, v, turn).abs() / range
                })
                .sum();
            TurningPoint { turn, swing }
        })
        .filter(|p| p.swing > 0.0)
        .collect();
    points.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.turn.cmp(&b.turn)));
    points.truncate(count);
    points
}

/// Endings of `games` headless games branched from the start of month `turn`.
pub fn what_if(
    session: &Session,
    turn: u16,
    kind: StrategyKind,
    games: usize,
) -> BTreeMap<String, usize> {
    let branch = session.rewound_to(turn);
    let mut endings = BTreeMap::new();
    for index in 0..games {
        let mut game = branch.game().clone();
        let seed = sim::game_seed(session.seed ^ u64::from(turn), index as u64);
        game.reseed(seed);
        let result = sim::play_out(game, seed, kind, false);
        *endings
            .entry(result.ending.unwrap_or_else(|| "none".into()))
            .or_insert(0) += 1;
    }
    endings
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

/// Write the whole report.
pub fn report(session: &Session, player: Option<&str>, what_if_games: usize) -> String {
    let game = session.game();
    let scenario = game.scenario();
    let state = game.state();
    let meta = &scenario.meta;
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
        challenge::encode(&session.level, session.seed)
    );
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

    // Timeline.
    let _ = writeln!(w, "## Timeline\n");
    let mut current = None;
    for notice in state.notices() {
        if current != Some(notice.turn) {
            if current.is_some() {
                let _ = writeln!(w);
            }
            current = Some(notice.turn);
            let _ = writeln!(w, "**{}**\n", month_label(scenario, notice.turn));
        }
        let line = match &notice.kind {
            NoticeKind::Action(a) => format!("- You: {}", scenario.action(*a).name),
            NoticeKind::Event(e) => {
                let def = scenario.event(*e);
                format!("- Event: **{}** — {}", def.title, def.text)
            }
            NoticeKind::Choice(e, o) => {
                let def = scenario.event(*e);
                let label = def
                    .options
                    .get(usize::from(*o))
                    .map_or("?", |o| o.label.as_str());
                // Named, not indented under the event above it: a month's events all come
                // before the answers to them.
                format!("- You answered **{}**: {label}", def.title)
            }
            NoticeKind::Package { accepted, levels } => {
                let terms: Vec<String> = scenario
                    .terms
                    .iter()
                    .zip(levels)
                    .filter(|(_, l)| **l > 0)
                    .map(|(t, l)| format!("{} ({})", t.name, t.level_label(*l)))
                    .collect();
                format!(
                    "- You tabled a package — **{}**: {}",
                    if *accepted { "accepted" } else { "rejected" },
                    if terms.is_empty() {
                        "nothing".into()
                    } else {
                        terms.join(", ")
                    }
                )
            }
            NoticeKind::Revealed(p) => {
                let party = scenario.party(*p);
                format!(
                    "- Learned {}'s top priority: {}",
                    party.name, party.top_priority
                )
            }
            NoticeKind::FlagSet(f) => format!("- {}", scenario.flags[f.index()].label),
            NoticeKind::EventCapReached => "- (the month's event cap was reached)".into(),
            NoticeKind::Warning { .. } => {
                format!(
                    "- {}",
                    crate::engine::notice_text(scenario, &notice.kind).title
                )
            }
            NoticeKind::Ending(e) => format!("- **Ending: {}**", scenario.ending(*e).title),
        };
        let _ = writeln!(w, "{line}");
    }
    let _ = writeln!(w);

    // Key meters: charts and top causes.
    let keys = key_vars(scenario);
    let _ = writeln!(w, "## What moved the key meters\n");
    for &var in &keys {
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
        let _ = writeln!(w, "| Cause | Change | Why | Source |\n|---|---:|---|---|");
        for c in causes.iter().take(5) {
            let text = describe(scenario, c.cause);
            let times = if c.times > 1 {
                format!(" (×{})", c.times)
            } else {
                String::new()
            };
            let _ = writeln!(
                w,
                "| {}{times} | {} | {} | {} |",
                cell(&text.label),
                signed(c.total),
                cell(&text.detail),
                cell(&text.source)
            );
        }
        let _ = writeln!(w);
    }

    // Turning points.
    let points = turning_points(game, 3);
    let _ = writeln!(w, "## Turning points\n");
    if points.is_empty() {
        let _ = writeln!(w, "No month has been played yet.\n");
    }
    for (rank, point) in points.iter().enumerate() {
        let moves: Vec<String> = keys
            .iter()
            .filter_map(|&v| {
                let change = explain::month_change(game, v, point.turn);
                (change.abs() > 1e-9)
                    .then(|| format!("{} {}", scenario.var(v).label, signed(change)))
            })
            .collect();
        let _ = writeln!(
            w,
            "{}. **{}**: {}",
            rank + 1,
            month_label(scenario, point.turn),
            moves.join(", ")
        );
        let mut biggest: Vec<(String, f64)> = Vec::new();
        for &v in &keys {
            let range = (scenario.var(v).max - scenario.var(v).min).max(1e-9);
            for c in explain::causes(game, v, point.turn, point.turn) {
                let label = describe(scenario, c.cause).label;
                let weight = c.total.abs() / range;
                match biggest.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, total)) => *total += weight,
                    None => biggest.push((label, weight)),
                }
            }
        }
        biggest.sort_by(|a, b| b.1.total_cmp(&a.1));
        let labels: Vec<String> = biggest
            .into_iter()
            .take(3)
            .map(|(l, _)| l.trim_end_matches('.').to_string())
            .collect();
        if !labels.is_empty() {
            let _ = writeln!(w, "   Mostly because of: {}.", labels.join("; "));
        }
    }
    let _ = writeln!(w);

    // What if.
    if let (Some(point), true) = (points.first(), what_if_games > 0) {
        let _ = writeln!(
            w,
            "## What if\n\nFrom the start of {} (your biggest turning point), {what_if_games} fresh games each were played by two headless strategies: `memo` (the source memo's plan) and `pressure-only` (sanctions and force, no concessions).\n",
            month_label(scenario, point.turn)
        );
        let memo = what_if(session, point.turn, StrategyKind::Memo, what_if_games);
        let pressure = what_if(
            session,
            point.turn,
            StrategyKind::PressureOnly,
            what_if_games,
        );
        let yours = game.ending().map(|e| scenario.ending(e).id.clone());
        let _ = writeln!(
            w,
            "| Ending | memo | pressure-only | yours |\n|---|---:|---:|:---:|"
        );
        for ending in &scenario.endings {
            let share = |m: &BTreeMap<String, usize>| {
                100.0 * m.get(&ending.id).copied().unwrap_or(0) as f64 / what_if_games as f64
            };
            let mark = if yours.as_deref() == Some(ending.id.as_str()) {
                "●"
            } else {
                ""
            };
            let _ = writeln!(
                w,
                "| {} | {:.0}% | {:.0}% | {mark} |",
                ending.title,
                share(&memo),
                share(&pressure)
            );
        }
        let wins = |m: &BTreeMap<String, usize>| -> f64 {
            scenario
                .endings
                .iter()
                .filter(|e| e.victory)
                .map(|e| m.get(&e.id).copied().unwrap_or(0))
                .sum::<usize>() as f64
                * 100.0
                / what_if_games as f64
        };
        let _ = writeln!(
            w,
            "\nFrom that position the memo's plan wins {:.0}% of the time and pressure-only {:.0}%.\n",
            wins(&memo),
            wins(&pressure)
        );
    }

    let teacher = &meta.teacher;
    if !teacher.questions.is_empty() {
        let _ = writeln!(w, "## Discussion questions\n");
        for (i, q) in teacher.questions.iter().enumerate() {
            let _ = writeln!(w, "{}. {q}", i + 1);
        }
        let _ = writeln!(w);
    }
    if !teacher.assumptions.is_empty() {
        let _ = writeln!(w, "## The model's assumptions\n");
        for a in &teacher.assumptions {
            let _ = writeln!(w, "- {a}");
        }
        let _ = writeln!(w);
    }
    out
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
    use crate::sim::run_game;

    fn session(kind: StrategyKind, seed: u64) -> Session {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let played = run_game(&level.scenario, seed, kind, true);
        Session::replay(level, seed, &played.decisions).expect("replays")
    }

    #[test]
    fn a_finished_game_has_every_section() {
        let s = session(StrategyKind::Memo, 3);
        assert!(s.game().is_over());
        let text = report(&s, Some("Ada"), 20);
        for heading in [
            "# After-action report: ",
            "- **Player:** Ada",
            "- **Challenge code:** `revive-the-talks-3-",
            "## Ending: ",
            "## Timeline",
            "## What moved the key meters",
            "## Turning points",
            "## What if",
            "| Ending | memo | pressure-only | yours |",
        ] {
            assert!(text.contains(heading), "missing {heading:?} in:\n{text}");
        }
        // Exactly one ending is marked as the player's.
        assert_eq!(text.matches("| ● |").count(), 1, "{text}");
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

    #[test]
    fn turning_points_are_the_biggest_swings() {
        let s = session(StrategyKind::Random, 8);
        let points = turning_points(s.game(), 3);
        assert!(!points.is_empty());
        assert!(points.windows(2).all(|w| w[0].swing >= w[1].swing));
    }
}
