//! Projections of a game that several parts of the program show: the order of the actions
//! menu, the meters, the month's news items, why an action cannot be taken, month names and
//! the history of months. They read a [`Game`] (or a [`Session`]) and draw nothing, so the
//! UI's screens, the save seam and the rewind screen share them without importing a view.

use crate::engine::{ActionId, Cause, EngineError, Game, NoticeKind, RuleId, Scenario, VarId};
use crate::session::Session;

/// "Jan 2017" (one table of month names for the whole game, in `explain`).
pub use crate::explain::{month_label, month_year};

/// The news item the month's standing rules fold into.
pub const STANDING_RULES: &str = "Standing rules";

/// Actions grouped by category, categories in the order the level first names them.
pub fn action_order(s: &Scenario) -> Vec<ActionId> {
    let mut cats: Vec<&str> = Vec::new();
    for a in &s.actions {
        if !cats.contains(&a.category.as_str()) {
            cats.push(&a.category);
        }
    }
    let mut out = Vec::with_capacity(s.actions.len());
    for c in cats {
        out.extend(s.action_ids().filter(|&id| s.action(id).category == c));
    }
    out
}

/// The meters: shown variables except the capital, which the header shows.
pub fn meter_ids(s: &Scenario) -> Vec<VarId> {
    (0..s.vars.len())
        .map(|i| VarId(i as u16))
        .filter(|&v| s.var(v).shown && v != s.meta.capital)
        .collect()
}

/// One line of news and where its details come from.
pub struct NewsItem {
    pub turn: u16,
    pub icon: &'static str,
    pub title: String,
    pub body: String,
    pub cause: Option<Cause>,
    /// The standing rules folded into this one item (the month's drift): each is listed in
    /// its details.
    pub rules: Vec<RuleId>,
}

/// This month's news (decisions so far), then last month's (what the world did).
pub fn news_items(game: &Game) -> Vec<NewsItem> {
    let s = game.scenario();
    let st = game.state();
    let now = st.turn();
    let mut items = Vec::new();
    for turn in [Some(now), now.checked_sub(1)].into_iter().flatten() {
        for n in st.notices().iter().filter(|n| n.turn == turn) {
            // The words are the engine's (one function for the feed, the debrief and
            // rewind); the feed leaves out what it marks quiet.
            let text = crate::engine::notice_text(s, &n.kind);
            if text.quiet {
                continue;
            }
            let item = NewsItem {
                turn,
                icon: text.icon,
                title: text.title,
                body: text.body,
                cause: text.cause,
                rules: Vec::new(),
            };
            items.push(item);
        }
        // The standing rules that moved something that month: the world's own dynamics.
        let mut rules = Vec::new();
        for e in st.ledger().iter().filter(|e| e.turn == turn) {
            if let Cause::Rule(r) = e.cause
                && !rules.contains(&r)
            {
                rules.push(r);
            }
        }
        // Folded into one item: the rules drift every month, and listed one by one they
        // were 10–20 lines of ±0.1 that buried the news.
        if !rules.is_empty() {
            items.push(NewsItem {
                turn,
                icon: "↻",
                title: format!("{STANDING_RULES} ({})", rules.len()),
                body: String::new(),
                cause: None,
                rules,
            });
        }
    }
    items
}

/// The advisor's line for now: the first of the level's `advisor` lines whose `when`
/// holds, newlines flattened (it is drawn as one or two rows).
pub fn advice(game: &Game) -> Option<String> {
    game.scenario()
        .meta
        .advisor
        .iter()
        .find(|a| a.when.holds(game.state()) && !a.text.trim().is_empty())
        .map(|a| flat(&a.text))
}

/// Who or what a cause is, in words (the same labels the debrief uses).
pub fn cause_label(s: &Scenario, cause: Cause) -> String {
    crate::explain::describe(s, cause).label
}

/// How many categories the actions menu has (each takes a heading row).
pub fn categories(s: &Scenario) -> usize {
    let mut cats: Vec<&str> = Vec::new();
    for a in &s.actions {
        if !cats.contains(&a.category.as_str()) {
            cats.push(&a.category);
        }
    }
    cats.len()
}

/// A number as every screen shows it: a whole number (the engine keeps its precision), a
/// real minus sign. Capital and costs round the safe way instead: [`capital_num`] and
/// [`cost_num`].
pub fn num(v: f64) -> String {
    whole(v.round())
}

/// The capital a player has, rounded down, and what something costs, rounded up: whenever
/// a cost on screen is at most the capital on screen, it is affordable (an action missed
/// by 0.3 capital no longer reads as "costs 7, you have 7").
pub fn capital_num(v: f64) -> String {
    whole((v + 1e-9).floor())
}

/// See [`capital_num`].
pub fn cost_num(v: f64) -> String {
    whole((v - 1e-9).ceil())
}

fn whole(v: f64) -> String {
    // A whole number below 10^15 prints as the integer it is: the same digits without
    // formatting a float, which was a twentieth of a main-screen redraw (a cost and a meter
    // value per row). Anything else goes the float's way.
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let n = v as i64;
        return match n {
            0 => "0".into(),
            n if n < 0 => format!("−{}", n.unsigned_abs()),
            n => n.to_string(),
        };
    }
    let text = format!("{v:.0}");
    // "-0" reads as 0.
    match text.strip_prefix('-') {
        Some("0") => "0".into(),
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

/// Why an action (or tabling) cannot be taken, without repeating its name.
pub fn why_not(e: &EngineError) -> String {
    use EngineError as E;
    match e {
        E::UsedThisMonth(_) => "already taken this month".into(),
        E::Cooldown { months, .. } => format!("ready again in {months} month(s)"),
        E::Unavailable(what) if what.ends_with('.') => what.clone(),
        E::Unavailable(_) => "unavailable now".into(),
        E::CannotAfford { cost, have } => {
            format!("costs {}, you have {}", cost_num(*cost), capital_num(*have))
        }
        other => other.to_string(),
    }
}

/// Why action `id` cannot be taken now, in words (the level's own `unavailable` text where
/// it gives one), or `None` if it can.
pub fn action_why_not(game: &Game, id: ActionId) -> Option<String> {
    let e = game.check_action(id).err()?;
    let text = &game.scenario().action(id).unavailable;
    Some(match e {
        EngineError::Unavailable(_) if !text.trim().is_empty() => flat(text),
        other => why_not(&other),
    })
}

/// Why option `index` of the pending event cannot be chosen, in words (the level's
/// `unavailable` text, if it gives one), or `None` if it can.
pub fn option_why_not(game: &Game, index: u8) -> Option<String> {
    if game.option_available(index) {
        return None;
    }
    let event = game.pending_event()?;
    let option = game
        .scenario()
        .event(event)
        .options
        .get(usize::from(index))?;
    Some(flat(&option.unavailable))
}

/// Text for one line: newlines become spaces.
fn flat(text: &str) -> String {
    text.trim().replace(['\n', '\r'], " ")
}

/// One month in the history of a game (the rewind screen).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    pub turn: u16,
    /// "Mar 2017", and as (month 1–12, year).
    pub label: String,
    pub calendar: (u8, i32),
    /// What the player did that month (actions, packages), in order.
    pub did: Vec<String>,
    /// How the player answered the month's events ("Title: option").
    pub answered: Vec<String>,
    /// The capital and the meters at the start of the month: label and value.
    pub start: Vec<(String, f64)>,
}

/// Every month of the game so far (the current one last), read from the game's record
/// (no replay): what was done in each month, from the notices, and the meters at its
/// start, from the history.
pub fn month_history(session: &Session) -> Vec<MonthRow> {
    let scenario = session.game().scenario_arc().clone();
    let state = session.game().state();
    // A finished game's last row is the month its ending fired in, not one past it (14.5).
    let now = state.shown_turn();
    let mut vars = vec![scenario.meta.capital];
    vars.extend(meter_ids(&scenario));
    let mut rows: Vec<MonthRow> = (0..=now)
        .map(|turn| {
            let calendar = scenario.calendar(turn);
            let start = vars
                .iter()
                .map(|&v| {
                    let value = state
                        .history_of(v)
                        .nth(usize::from(turn))
                        .unwrap_or_else(|| state.var(v));
                    (scenario.var(v).label.clone(), value)
                })
                .collect();
            MonthRow {
                turn,
                label: calendar.label(),
                calendar: (calendar.month, calendar.year),
                did: Vec::new(),
                answered: Vec::new(),
                start,
            }
        })
        .collect();
    // What was done each month is in the notices (an action, a package, an answer naming
    // its event): no replay needed.
    for notice in state.notices() {
        let Some(row) = rows.get_mut(usize::from(notice.turn)) else {
            continue;
        };
        match &notice.kind {
            NoticeKind::Action(_) | NoticeKind::Package { .. } => row
                .did
                .push(crate::engine::notice_text(&scenario, &notice.kind).title),
            NoticeKind::Choice(event, i) => {
                let def = scenario.event(*event);
                let option = def
                    .options
                    .get(usize::from(*i))
                    .map_or(String::new(), |o| o.label.clone());
                let title = def.title.replace(['\n', '\r'], " ");
                row.answered.push(format!("{title}: {option}"));
            }
            _ => {}
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`whole`] as it was: every number through the float formatter.
    fn formatted(v: f64) -> String {
        let text = format!("{v:.0}");
        match text.strip_prefix('-') {
            Some("0") => "0".into(),
            Some(rest) => format!("−{rest}"),
            None => text,
        }
    }

    #[test]
    fn whole_numbers_print_as_the_float_formatter_prints_them() {
        let mut values = vec![
            0.0,
            -0.0,
            1e15 - 1.0,
            -(1e15 - 1.0),
            1e15,
            -1e15,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            9_007_199_254_740_993.0,
        ];
        values.extend((-100_000..=100_000).map(f64::from));
        values.extend((0..60).flat_map(|p| [2f64.powi(p), -(2f64.powi(p)), 10f64.powi(p)]));
        for v in values {
            for x in [v, v.round(), (v + 1e-9).floor(), (v - 1e-9).ceil()] {
                assert_eq!(whole(x), formatted(x), "{x:?}");
            }
        }
    }
}
