//! "Why did this change?": the engine's ledger turned into words.
//!
//! The ledger records every change to a variable with its [`Cause`]; this module names each
//! cause from the level's own texts (action names, event titles, rule explanations) and
//! names the sources behind each change ([`sources`], from the level's `cite` lists)
//! and adds causes up over a month or a whole game. The in-game Why panel and the debrief
//! both read from here, so they always agree.

use crate::engine::{Cause, Game, Scenario, VarId};

/// A cause in words.
#[derive(Debug, Clone, PartialEq)]
pub struct CauseText {
    /// Short label: the action's name, the event's title, the rule's explanation.
    pub label: String,
    /// The longer explanation: a tradeoff, an event's text, an option's tradeoff.
    pub detail: String,
}

pub fn describe(scenario: &Scenario, cause: Cause) -> CauseText {
    let text = |label: String, detail: &str| CauseText {
        label,
        detail: detail.to_string(),
    };
    match cause {
        Cause::Action(a) => {
            let def = scenario.action(a);
            text(def.name.clone(), &def.tradeoff)
        }
        Cause::ActionCost(a) => {
            let def = scenario.action(a);
            text(
                format!("Cost of: {}", def.name),
                "Political capital spent on the action.",
            )
        }
        Cause::Event(e) => {
            let def = scenario.event(e);
            text(def.title.clone(), &def.text)
        }
        Cause::Choice(e, o) => {
            let def = scenario.event(e);
            let option = def.options.get(usize::from(o));
            text(
                format!(
                    "{}: {}",
                    def.title,
                    option.map_or("?", |o| o.label.as_str())
                ),
                option.map_or("", |o| o.tradeoff.as_str()),
            )
        }
        Cause::Rule(r) => {
            let def = &scenario.rules[r.index()];
            text(
                def.explain.clone(),
                "A standing rule of the world, applied every month.",
            )
        }
        Cause::DealCost => text(
            "Tabling a package".into(),
            "Political capital spent at the talks.",
        ),
        Cause::DealAccepted => text(
            "The agreed package".into(),
            "Every party accepted the package tabled at the talks.",
        ),
        Cause::DealRejected => text(
            "A rejected package".into(),
            "A party rejected the package tabled at the talks.",
        ),
        Cause::Difficulty(d) => text(
            format!(
                "Difficulty: {}",
                scenario
                    .difficulties
                    .get(d.index())
                    .map_or("?", |d| d.label.as_str())
            ),
            "Set at the start of the game by the chosen difficulty.",
        ),
    }
}

/// The sources behind what `cause` did to `var`, as short references ("Author, Title
/// (date)"), joined by "; ": the `cite` lists of the cause's effects on that variable and of
/// the rule, event or option itself, then any old free-text `source`. An action's sources
/// are its effects' only, so a source is never shown beside a change it does not support.
pub fn sources(scenario: &Scenario, cause: Cause, var: VarId) -> String {
    use crate::engine::{CitationId, EffectKind, effects_of};
    // The cause's own cite list and its old free-text source; its effects come from the
    // engine's one map of cause to effects.
    let (own, legacy): (&[CitationId], &str) = match cause {
        Cause::Action(a) => (&[], scenario.action(a).source.as_str()),
        Cause::Event(e) => {
            let def = scenario.event(e);
            (&def.cite, def.source.as_str())
        }
        Cause::Choice(e, o) => {
            let def = scenario.event(e);
            match def.options.get(usize::from(o)) {
                Some(option) => (&option.cite, def.source.as_str()),
                None => (&[], ""),
            }
        }
        Cause::Rule(r) => {
            let def = &scenario.rules[r.index()];
            (&def.cite, def.source.as_str())
        }
        _ => return String::new(),
    };
    let mut ids = own.to_vec();
    ids.extend(
        effects_of(scenario, cause)
            .iter()
            .filter(|e| matches!(e.kind, EffectKind::Add(v, _) | EffectKind::Set(v, _) if v == var))
            .flat_map(|e| e.cite.iter().copied()),
    );
    let mut seen = Vec::new();
    ids.retain(|id| {
        let new = !seen.contains(id);
        seen.push(*id);
        new
    });
    let mut parts: Vec<String> = ids
        .into_iter()
        .map(|id| scenario.citation(id).short())
        .collect();
    if !legacy.is_empty() {
        parts.push(legacy.to_string());
    }
    parts.join("; ")
}

/// One cause's total effect on a variable over a span of months.
#[derive(Debug, Clone, PartialEq)]
pub struct CauseTotal {
    pub cause: Cause,
    pub total: f64,
    /// How many separate changes it made.
    pub times: usize,
}

/// The causes of a variable's changes in months `from..=to` (0-based turns), biggest effect
/// first. Causes whose changes cancel out to nothing are left out.
pub fn causes(game: &Game, var: VarId, from: u16, to: u16) -> Vec<CauseTotal> {
    let mut totals: Vec<CauseTotal> = Vec::new();
    for entry in game
        .state()
        .ledger()
        .iter()
        .filter(|e| e.var == var && e.turn >= from && e.turn <= to)
    {
        match totals.iter_mut().find(|t| t.cause == entry.cause) {
            Some(t) => {
                t.total += entry.delta;
                t.times += 1;
            }
            None => totals.push(CauseTotal {
                cause: entry.cause,
                total: entry.delta,
                times: 1,
            }),
        }
    }
    totals.retain(|t| t.total.abs() > 1e-9);
    totals.sort_by(|a, b| b.total.abs().total_cmp(&a.total.abs()));
    totals
}

/// Net change of a variable during month `turn`.
pub fn month_change(game: &Game, var: VarId, turn: u16) -> f64 {
    game.state()
        .ledger()
        .iter()
        .filter(|e| e.var == var && e.turn == turn)
        .map(|e| e.delta)
        .sum()
}

/// "Jan 2017" for a calendar month (1–12) and year.
pub fn month_year(month: u8, year: i32) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {year}", NAMES[usize::from(month.clamp(1, 12) - 1)])
}

/// Month label like "Jan 2017" for a 0-based turn of this game's level.
pub fn month_label(scenario: &Scenario, turn: u16) -> String {
    scenario.calendar(turn).label()
}

/// Format a change with its sign: "+3", "-1.5".
pub fn signed(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == rounded.trunc() {
        format!("{:+}", rounded as i64)
    } else {
        format!("{rounded:+.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Decision;
    use std::sync::Arc;

    #[test]
    fn causes_add_up_to_the_change() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let mut game = Game::new(Arc::clone(&level.scenario), 4);
        for _ in 0..6 {
            while game.pending_event().is_some() {
                game.apply(&crate::sim::first_available_option(&game))
                    .expect("option");
            }
            if game.is_over() {
                break;
            }
            game.apply(&Decision::EndMonth).expect("planning");
        }
        for (index, def) in level.scenario.vars.iter().enumerate() {
            let var = VarId(index as u16);
            let total: f64 = causes(&game, var, 0, u16::MAX)
                .iter()
                .map(|c| c.total)
                .sum();
            let actual = game.state().var(var) - def.start;
            assert!((total - actual).abs() < 1e-6, "{}", def.id);
            for c in causes(&game, var, 0, u16::MAX) {
                assert!(!describe(&level.scenario, c.cause).label.is_empty());
            }
        }
    }

    #[test]
    fn labels() {
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-1.54), "-1.5");
        let mut s = Scenario::default();
        s.meta.start_month = 10;
        s.meta.start_year = 2006;
        assert_eq!(month_label(&s, 0), "Oct 2006");
        assert_eq!(month_label(&s, 3), "Jan 2007");
    }
}
