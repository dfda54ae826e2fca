//! The main screen: header (month, capital, escalation ladder), meters with trend and
//! sparkline, the parties, the actions menu by category, this month's news with causes, and a
//! details pane that answers "what would this do?" and "why did this change?" for whatever
//! the focused panel has selected.
//!
//! At 80×24 the lower-left box shows Parties or News (whichever had the focus last); from 40
//! rows up both are shown.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::{ActionId, Cause, Game, TurnLength, VarId};
use crate::objectives::{Objective, months_left};
use crate::projection::{action_order, categories, cause_label, meter_ids, news_items};

use super::hint;
use super::model::{GameUi, Model, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, end_month, fast_forward, scroll_pane, step, take_action};
use super::view::{
    self, arrow, capital_num, cost_num, delta, fit, fit_abbrev, footer, num, panel, sparkline,
    styled,
};

/// The main screen's panels, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Actions,
    Meters,
    Parties,
    News,
}

impl Panel {
    pub const ORDER: [Panel; 4] = [Panel::Actions, Panel::Meters, Panel::Parties, Panel::News];
}

/// The main screen's focus and selections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub focus: Panel,
    /// Which of Parties/News the lower-left box shows when the screen is too short for both.
    pub lower: Panel,
    /// Index among the actions (not counting category headings).
    pub action: usize,
    pub meter: usize,
    pub party: usize,
    pub news: usize,
    /// Rows of the details pane scrolled past with PgDn; any other key resets it.
    pub scroll: u16,
}

impl Default for State {
    fn default() -> Self {
        State {
            focus: Panel::Actions,
            lower: Panel::News,
            action: 0,
            meter: 0,
            party: 0,
            news: 0,
            scroll: 0,
        }
    }
}

impl State {
    /// After a month resolves: the focus on the actions (Enter then takes the highlighted
    /// one, as the footer says), the news of what happened shown from the top.
    pub fn month_ended(&mut self) {
        self.focus = Panel::Actions;
        self.lower = Panel::News;
        self.news = 0;
    }

    /// Focus a panel (Parties and News share a box at 80×24: the focused one shows).
    fn focus_on(&mut self, panel: Panel) {
        self.focus = panel;
        if matches!(panel, Panel::Parties | Panel::News) {
            self.lower = panel;
        }
    }
}

/// How many selectable items each panel has, in `Panel::ORDER`.
pub fn lens(g: &GameUi) -> [usize; 4] {
    let game = g.session.game();
    let s = game.scenario();
    [
        s.actions.len(),
        meter_ids(s).len(),
        s.parties.len(),
        news_items(game).len(),
    ]
}

pub struct Areas {
    pub header: Rect,
    pub meters: Rect,
    pub parties: Option<Rect>,
    pub news: Option<Rect>,
    pub actions: Rect,
    pub detail: Rect,
    /// The advisor's line above the footer (one or two rows), when the level has advice.
    pub advisor: Option<Rect>,
    pub footer: Rect,
}

/// The advisor's line as drawn: the label, then the level's words, which wrap in a column
/// of their own so a second row starts under the words rather than under the label.
fn advisor_line(g: &GameUi, t: &Theme) -> Option<(Span<'static>, Line<'static>)> {
    let text = g.derived().advice()?.to_string();
    Some((
        Span::styled(format!(" {}: ", strings::ADVISOR), t.bold()),
        Line::from(Span::styled(text, t.accent())),
    ))
}

/// The advisor's row(s) split into the label's columns and the words' columns.
fn advisor_columns(r: Rect, label: &Span<'_>) -> (Rect, Rect) {
    let label_w = u16::try_from(label.width())
        .unwrap_or(u16::MAX)
        .min(r.width);
    (
        Rect::new(r.x, r.y, label_w, 1.min(r.height)),
        Rect::new(r.x + label_w, r.y, r.width - label_w, r.height),
    )
}

pub fn layout(area: Rect, g: &GameUi) -> Areas {
    let header = Rect::new(area.x, area.y, area.width, 2);
    let footer = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    let mut body = view::body(area);
    // The advice takes the rows it needs above the footer, two at most (a level's line is
    // meant to be short; a long one wraps rather than being cut).
    let advisor = advisor_line(g, &Theme::plain()).map(|(label, words)| {
        let (_, words_area) = advisor_columns(Rect::new(area.x, 0, area.width, 1), &label);
        let rows = view::wrapped_height(&[words], words_area.width).clamp(1, 2);
        body.height = body.height.saturating_sub(rows);
        Rect::new(area.x, body.bottom(), area.width, rows)
    });
    let left_w = (body.width * 9 / 20).max(38).min(body.width);
    let left = Rect::new(body.x, body.y, left_w, body.height);
    let right = Rect::new(
        body.x + left_w,
        body.y,
        body.width.saturating_sub(left_w),
        body.height,
    );
    let s = g.session.game().scenario();
    let n_meters = meter_ids(s).len() as u16;
    let n_parties = s.parties.len() as u16;
    let both = body.height >= 37;
    let lower_min = if both {
        n_parties + 2 + 8
    } else {
        (n_parties + 2).max(7)
    };
    let meters_h = (n_meters + 2)
        .min(body.height.saturating_sub(lower_min))
        .max(3);
    let meters = Rect::new(left.x, left.y, left.width, meters_h.min(left.height));
    let lower = Rect::new(
        left.x,
        meters.bottom(),
        left.width,
        left.height.saturating_sub(meters.height),
    );
    let (parties, news) = if both {
        let ph = (n_parties + 2).min(lower.height / 2);
        (
            Some(Rect::new(lower.x, lower.y, lower.width, ph)),
            Some(Rect::new(
                lower.x,
                lower.y + ph,
                lower.width,
                lower.height.saturating_sub(ph),
            )),
        )
    } else if g.main.lower == Panel::Parties {
        (Some(lower), None)
    } else {
        (None, Some(lower))
    };
    let share = if right.height < 30 { 10 } else { 11 };
    let actions_h = (s.actions.len() as u16 + categories(s) as u16 + 2)
        .min(right.height * share / 20)
        .max(3);
    let actions = Rect::new(right.x, right.y, right.width, actions_h.min(right.height));
    let detail = Rect::new(
        right.x,
        actions.bottom(),
        right.width,
        right.height.saturating_sub(actions.height),
    );
    Areas {
        header,
        meters,
        parties,
        news,
        actions,
        detail,
        advisor,
        footer,
    }
}

/// Lines for the actions menu, with the line each action sits on.
fn action_lines(g: &GameUi, t: &Theme, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let game = g.session.game();
    let s = game.scenario();
    let mut lines = Vec::new();
    let mut at = Vec::new();
    let mut last_cat: Option<&str> = None;
    for id in action_order(s) {
        let a = s.action(id);
        if last_cat != Some(a.category.as_str()) {
            lines.push(Line::styled(a.category.to_uppercase(), t.heading()));
            last_cat = Some(&a.category);
        }
        let ok = game.can_act(id);
        let cost = format!("{:>3}", cost_num(game.action_cost(id)));
        // Keep the cost near the name on wide screens.
        let name_w = width.saturating_sub(9).min(44);
        at.push(lines.len());
        let style = if ok {
            ratatui::style::Style::new()
        } else {
            t.dim()
        };
        lines.push(Line::from(vec![
            styled(
                if ok { "✓ " } else { "✗ " },
                if ok { t.good() } else { t.dim() },
            ),
            styled(fit(&a.name, name_w), style),
            styled(format!(" {cost}"), style),
        ]));
    }
    (lines, at)
}

fn meter_lines(g: &GameUi, t: &Theme, width: usize) -> Vec<Line<'static>> {
    let game = g.session.game();
    let s = game.scenario();
    let st = game.state();
    // As wide as the longest label needs, so stage names keep their room.
    let longest = meter_ids(s)
        .iter()
        .map(|&v| view::width(&s.var(v).label))
        .max()
        .unwrap_or(10);
    let label_w = (longest + 1)
        .min((width / 2).clamp(10, 24))
        .min(width.saturating_sub(14));
    // Meters close to a bad ending's threshold: within a tenth of their range, or three
    // months at the recent trend. They get a "!" before the value as well as the colour,
    // so NO_COLOR keeps the warning.
    let danger: Vec<VarId> = g
        .derived()
        .objectives()
        .iter()
        .filter(|o| !o.victory)
        .flat_map(|o| o.thresholds.iter())
        .filter(|th| {
            let range = (s.var(th.var).max - s.var(th.var).min).max(1.0);
            th.gap() <= range / 10.0 || th.months_to_cross().is_some_and(|m| m <= 3)
        })
        .map(|th| th.var)
        .collect();
    meter_ids(s)
        .into_iter()
        .map(|v| {
            let def = s.var(v);
            let value = st.var(v);
            let near = danger.contains(&v);
            let mut hist: Vec<f64> = st.history_of(v).collect();
            let before = hist.last().copied().unwrap_or(value);
            // Changes made this month (actions) count too.
            if (before - value).abs() > f64::EPSILON {
                hist.push(value);
            }
            let prev = if hist.len() >= 2 {
                hist[hist.len() - 2]
            } else {
                value
            };
            let d = value - prev;
            let rest = width.saturating_sub(label_w + 7);
            // Wide panels also get a bar of the value within its range.
            let bar_w = if rest >= 30 { 12 } else { 0 };
            let rest = rest - bar_w;
            let tail = match def.stage_label(value) {
                Some(stage) => fit_abbrev(stage, rest),
                None => sparkline(&hist, def.min, def.max, rest.min(48)),
            };
            let mut spans = vec![
                // One column always separates a (possibly truncated) label from its value.
                Span::raw(fit_abbrev(&def.label, label_w.saturating_sub(1))),
                if near {
                    Span::styled("!", t.bad())
                } else {
                    Span::raw(" ")
                },
                Span::styled(
                    format!("{:>4} ", num(value)),
                    if near { t.bad() } else { t.bold() },
                ),
                Span::styled(format!("{} ", arrow(d)), t.change(d, def.good_when_high)),
            ];
            if bar_w > 0 {
                spans.push(Span::raw(format!(
                    "{} ",
                    view::bar(value, def.min, def.max, bar_w - 1)
                )));
            }
            spans.push(Span::styled(tail, t.accent()));
            Line::from(spans)
        })
        .collect()
}

/// The parties, one row each, or two when the top priority does not fit beside the name
/// (at 80×24 it had 13 columns: "★ Verified de…"): the second row gives it the panel's
/// width, abbreviated by [`view::abbrev`]'s rule only if it is longer still. Also the row
/// each party starts on.
fn party_lines(g: &GameUi, t: &Theme, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let game = g.session.game();
    let s = game.scenario();
    let st = game.state();
    // The list draws "› " before every line.
    let width = width.saturating_sub(2);
    let longest = s
        .parties
        .iter()
        .map(|p| view::width(&view::abbrev(&p.name, 16)))
        .max()
        .unwrap_or(0);
    let name_w = (longest + 1).min(width / 2);
    // The willingness column only when some party has one.
    let any_will = s.parties.iter().any(|p| p.willingness.is_some());
    let mut lines = Vec::new();
    let mut at = Vec::new();
    for p in s.party_ids() {
        let def = s.party(p);
        let will = match def.willingness {
            Some(v) => format!("{:>3} ", num(st.var(v))),
            None if any_will => "  – ".to_string(),
            None => " ".to_string(),
        };
        let rest = width.saturating_sub(name_w + view::width(&will));
        let name = Span::raw(fit_abbrev(&def.name, name_w));
        at.push(lines.len());
        if !st.is_revealed(p) {
            lines.push(Line::from(vec![
                name,
                Span::raw(will),
                Span::styled(fit(strings::PRIORITY_UNKNOWN_SHORT, rest), t.dim()),
            ]));
            continue;
        }
        let prio = format!("★ {}", view::flat(&def.top_priority));
        if view::width(&prio) <= rest {
            lines.push(Line::from(vec![name, Span::raw(will), Span::raw(prio)]));
        } else {
            lines.push(Line::from(vec![
                name,
                Span::raw(will.trim_end().to_string()),
            ]));
            lines.push(Line::raw(format!(
                "  {}",
                view::abbrev(&prio, width.saturating_sub(2))
            )));
        }
    }
    (lines, at)
}

fn s_has_willingness(g: &GameUi) -> bool {
    g.session
        .game()
        .scenario()
        .parties
        .iter()
        .any(|p| p.willingness.is_some())
}

/// News lines with section headings, and the line each item sits on.
fn news_lines(g: &GameUi, t: &Theme, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let game = g.session.game();
    let now = game.state().turn();
    let mut lines = summary_lines(g, t, width);
    let mut at = Vec::new();
    let mut section: Option<u16> = None;
    for item in news_items(game) {
        if section != Some(item.turn) {
            let head = news_heading(game.state().date().unit, item.turn == now);
            lines.push(Line::styled(
                format!(
                    "{head} ({})",
                    crate::explain::month_label(game.scenario(), item.turn)
                ),
                t.heading(),
            ));
            section = Some(item.turn);
        }
        at.push(lines.len());
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", item.icon)),
            Span::raw(fit(&item.title, width.saturating_sub(4))),
        ]));
    }
    (lines, at)
}

/// "This month" / "Last month", "This week" / "Last week", "Today" / "Yesterday".
fn news_heading(unit: TurnLength, this: bool) -> &'static str {
    match (unit, this) {
        (TurnLength::Month, true) => strings::NEWS_THIS_MONTH,
        (TurnLength::Month, false) => strings::NEWS_LAST_MONTH,
        (TurnLength::Week, true) => strings::NEWS_THIS_WEEK,
        (TurnLength::Week, false) => strings::NEWS_LAST_WEEK,
        (TurnLength::Day, true) => strings::NEWS_TODAY,
        (TurnLength::Day, false) => strings::NEWS_YESTERDAY,
    }
}

/// How the header writes a number of turns in brief: "~9 mo", "~3 wk", "~5 days".
fn turns_brief(unit: TurnLength) -> &'static str {
    match unit {
        TurnLength::Month => "mo",
        TurnLength::Week => "wk",
        TurnLength::Day => "days",
    }
}

/// Last month in brief, above the news: the three changes that mattered with their main
/// cause, and the standing rules' drift as one line. Nothing before the first month ends.
fn summary_lines(g: &GameUi, t: &Theme, width: usize) -> Vec<Line<'static>> {
    let game = g.session.game();
    let s = game.scenario();
    let derived = g.derived();
    let (Some(turn), Some(sum)) = (game.state().turn().checked_sub(1), derived.last_month()) else {
        return Vec::new();
    };
    if sum.changes.is_empty() && sum.rules == 0 {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(
        format!(
            "{} ({})",
            strings::SUMMARY,
            crate::explain::month_label(s, turn)
        ),
        t.heading(),
    )];
    // The labels' column as wide as the longest of them needs (16 at most), so the cause
    // keeps the rest.
    let label_w = sum
        .changes
        .iter()
        .map(|c| view::width(&view::abbrev(&s.var(c.var).label, 16)))
        .max()
        .unwrap_or(0);
    for (i, c) in sum.changes.iter().enumerate() {
        let def = s.var(c.var);
        let head = format!("{} {:>3} ", fit_abbrev(&def.label, label_w), delta(c.net));
        let cause = cause_label(s, c.cause);
        let mut first = vec![
            Span::styled(
                format!("{} ", arrow(c.net)),
                t.change(c.net, def.good_when_high),
            ),
            Span::styled(head.clone(), t.bold()),
        ];
        // The cause beside the change when it fits whole, else on a row of its own (the
        // 80-column box cut it to '(Missile te…'), once under a run of changes that share it.
        let beside = format!("({cause})");
        if view::width(&head) + 2 + view::width(&beside) <= width {
            first.push(Span::styled(beside, t.dim()));
            lines.push(Line::from(first));
            continue;
        }
        lines.push(Line::from(first));
        let shared_with_next = sum.changes.get(i + 1).is_some_and(|n| n.cause == c.cause);
        if !shared_with_next {
            lines.push(Line::styled(
                fit(&format!("    {cause}"), width).trim_end().to_string(),
                t.dim(),
            ));
        }
    }
    if sum.rules > 0 {
        // The standing rules in one line: their net change to each meter, largest first,
        // as many as fit whole, then "…".
        // Shorter words in the 80-column box, so a meter or two fit.
        let narrow = width < 50;
        let (lead, label_room) = if narrow {
            (strings::SUMMARY_RULES_SHORT, 12)
        } else {
            (strings::SUMMARY_RULES, 16)
        };
        let mut text = format!("↻ {lead}: ");
        if sum.drift.is_empty() {
            text.push_str(strings::SUMMARY_SMALL_DRIFT);
        }
        for (i, (v, net)) in sum.drift.iter().enumerate() {
            let item = format!(
                "{}{} {}",
                if i == 0 { "" } else { " · " },
                view::abbrev(&s.var(*v).label, label_room),
                delta(*net)
            );
            let more = i + 1 < sum.drift.len();
            let room = width.saturating_sub(if more { 4 } else { 0 });
            if view::width(&text) + view::width(&item) > room {
                text.push_str(if i == 0 { "…" } else { " · …" });
                break;
            }
            text.push_str(&item);
        }
        lines.push(Line::styled(
            fit(&text, width).trim_end().to_string(),
            t.dim(),
        ));
    }
    lines
}

pub fn hit(area: Rect, g: &GameUi, col: u16, row: u16) -> Option<(Panel, Option<usize>)> {
    let a = layout(area, g);
    let t = Theme::plain();
    let w = usize::from(a.actions.width.saturating_sub(4));
    if view::contains(a.actions, col, row) {
        let (lines, at) = action_lines(g, &t, w);
        let sel = at.get(g.main.action).copied().unwrap_or(0);
        let line = view::list_hit(view::inner(a.actions), sel, lines.len(), col, row);
        return Some((
            Panel::Actions,
            line.and_then(|l| at.iter().position(|x| *x == l)),
        ));
    }
    if view::contains(a.meters, col, row) {
        let n = lens(g)[1];
        return Some((
            Panel::Meters,
            view::list_hit(view::inner(a.meters), g.main.meter, n, col, row),
        ));
    }
    if let Some(p) = a.parties
        && view::contains(p, col, row)
    {
        let (lines, at) = party_lines(g, &t, usize::from(p.width.saturating_sub(4)));
        let sel = at.get(g.main.party).copied().unwrap_or(0);
        // A click on a party's second row selects the party.
        let line = view::list_hit(view::inner(p), sel, lines.len(), col, row);
        return Some((
            Panel::Parties,
            line.and_then(|l| at.iter().rposition(|x| *x <= l)),
        ));
    }
    if let Some(r) = a.news
        && view::contains(r, col, row)
    {
        let (lines, at) = news_lines(g, &t, 40);
        let sel = at.get(g.main.news).copied().unwrap_or(0);
        let line = view::list_hit(view::inner(r), sel, lines.len(), col, row);
        return Some((
            Panel::News,
            line.and_then(|l| at.iter().position(|x| *x == l)),
        ));
    }
    None
}

/// Month, capital and the escalation ladder: two lines, shared with talks and sanctions.
pub fn header(g: &GameUi, t: &Theme, area: Rect, buf: &mut Buffer) {
    let game = g.session.game();
    let s = game.scenario();
    let st = game.state();
    // The whole date: "Oct 2017" on monthly levels, "22 Oct 1962" on day and week levels
    // (a day level showed "Oct 1962" for thirteen turns), and the turn by its own noun.
    let date = st.date();
    // Three spaces between the parts when they fit, fewer when they would not (a long ladder
    // label and a capital with decimals overflow 80 columns otherwise).
    let line = |gap: &str| -> Line<'static> {
        let mut spans = vec![
            Span::styled(format!(" {} ", date.label()), t.selected()),
            Span::raw(format!(
                // The highlighted date ends in a space of its own.
                "{}{} {} of {}{gap}",
                &gap[1..],
                date.unit.noun(),
                st.shown_turn() + 1,
                s.meta.length
            )),
            Span::styled(format!("{} ", strings::CAPITAL), t.bold()),
            Span::styled(
                capital_num(game.capital()),
                t.accent().add_modifier(ratatui::style::Modifier::BOLD),
            ),
            Span::raw(gap.to_string()),
        ];
        if let Some(ladder) = &s.ladder {
            let v = st.var(ladder.var);
            let rung = ladder
                .rungs
                .iter()
                .rposition(|(at, _)| v >= *at)
                .unwrap_or(0);
            let label = ladder.rungs.get(rung).map_or("", |(_, l)| l.as_str());
            let steps: String = (0..ladder.rungs.len())
                .map(|i| if i <= rung { '■' } else { '□' })
                .collect();
            let danger = rung + 2 >= ladder.rungs.len();
            spans.push(Span::styled(
                format!("{} ", s.var(ladder.var).label),
                t.bold(),
            ));
            spans.push(Span::styled(
                format!("{steps} {label}"),
                if danger { t.bad() } else { t.warn() },
            ));
            if let Some(risk) = &ladder.risk {
                let r = game.eval(risk).clamp(0.0, 100.0);
                spans.push(Span::raw(format!(" · {} {}%", ladder.risk_label, num(r))));
            }
        }
        Line::from(spans)
    };
    let top = ["   ", "  "]
        .into_iter()
        .map(line)
        .find(|l| l.width() <= usize::from(area.width))
        .unwrap_or_else(|| line(" "));
    buf.set_line(area.x, area.y, &top, area.width);
    // The second line: the level, the objectives in brief, and the challenge code when
    // there is room for it (the news intro and the end screen show the code too).
    let code = Span::styled(
        format!(
            "  · {}code {}",
            crate::records::difficulty_label(&g.session)
                .map(|d| format!("{d} · "))
                .unwrap_or_default(),
            crate::challenge::display(&g.session.level, g.session.seed)
        ),
        t.dim(),
    );
    let mut spans = vec![Span::styled(format!(" {}", s.meta.title), t.heading())];
    let room = usize::from(area.width).saturating_sub(view::width(&s.meta.title) + 1);
    spans.extend(objective_spans(g.derived().objectives(), game, t, room));
    let mut title = Line::from(spans.clone());
    spans.push(code);
    let with_code = Line::from(spans);
    if with_code.width() <= usize::from(area.width) {
        title = with_code;
    }
    if area.height > 1 {
        buf.set_line(area.x, area.y + 1, &title, area.width);
    }
}

/// The objectives in one short stretch of the header: a warning when an ending could come
/// within a month (bad endings first), else the nearest win's progress and the nearest
/// threat's projection ("Breakout in ~9 mo"). The full list is in the help (`?`).
/// `room` columns at most: the win's title is shortened first, with an ellipsis. `all` is
/// the game's objectives ([`GameUi::derived`]).
pub fn objective_spans(
    all: &[Objective],
    game: &Game,
    t: &Theme,
    room: usize,
) -> Vec<Span<'static>> {
    let left = months_left(game);
    let warn = all
        .iter()
        .filter(|o| o.warning(left))
        .min_by_key(|o| o.victory);
    if let Some(o) = warn {
        let (text, style) = if o.victory {
            (
                format!("  ★ {}: {}", o.title, strings::WITHIN_REACH),
                t.good(),
            )
        } else {
            (
                format!(
                    "  ⚠ {}: {}",
                    o.title,
                    strings::per_turn(strings::COULD_COME, game.state().date().unit)
                ),
                t.bad(),
            )
        };
        return vec![Span::styled(clip(&text, room), style)];
    }
    let threat = all
        .iter()
        .filter(|o| !o.victory)
        .filter_map(|o| o.months_away().map(|m| (o, m)))
        .min_by_key(|(_, m)| *m)
        .map(|(o, m)| {
            Span::styled(
                clip(
                    &format!(
                        "  ⚠ {} ~{m} {}",
                        o.title,
                        turns_brief(game.state().date().unit)
                    ),
                    room,
                ),
                if m <= 3 { t.bad() } else { t.warn() },
            )
        });
    let mut out = Vec::new();
    if let Some(win) = all
        .iter()
        .filter(|o| o.victory)
        .max_by(|a, b| a.progress.total_cmp(&b.progress))
    {
        let pct = format!(" {}%", num(win.progress * 100.0));
        let used = threat.as_ref().map_or(0, |s| view::width(&s.content)) + 4 + view::width(&pct);
        let title_room = room.saturating_sub(used);
        // Too narrow for a readable title: the threat matters more.
        if title_room >= 8 {
            out.push(Span::styled(
                format!("  ◎ {}{pct}", clip(&win.title, title_room)),
                t.accent(),
            ));
        }
    }
    out.extend(threat);
    out
}

/// Cut to `width` columns with an ellipsis, without padding ([`fit`] pads).
fn clip(text: &str, width: usize) -> String {
    fit(text, width).trim_end().to_string()
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let Some(g) = &model.game else { return };
    let t = &model.theme;
    let a = layout(area, g);
    header(g, t, a.header, buf);

    let focus = g.main.focus;
    let w = |r: Rect| usize::from(r.width.saturating_sub(4));
    panel(
        a.meters,
        buf,
        strings::PANEL_METERS,
        focus == Panel::Meters,
        t,
    );
    view::list(
        meter_lines(g, t, w(a.meters)),
        (focus == Panel::Meters).then_some(g.main.meter),
        view::inner(a.meters),
        buf,
        t,
    );
    if let Some(r) = a.parties {
        panel(
            r,
            buf,
            &if a.news.is_none() {
                format!("{}  (Tab: {})", strings::PANEL_PARTIES, strings::PANEL_NEWS)
            } else {
                if s_has_willingness(g) {
                    format!("{}  (willingness · top priority)", strings::PANEL_PARTIES)
                } else {
                    format!("{}  (top priority)", strings::PANEL_PARTIES)
                }
            },
            focus == Panel::Parties,
            t,
        );
        let (lines, at) = party_lines(g, t, w(r));
        let sel = at
            .get(g.main.party)
            .copied()
            .filter(|_| focus == Panel::Parties);
        view::list(lines, sel, view::inner(r), buf, t);
    }
    if let Some(r) = a.news {
        // When News and Parties share the box, the title says how to reach the other one.
        let title = if a.parties.is_none() {
            format!("{}  (Tab: {})", strings::PANEL_NEWS, strings::PANEL_PARTIES)
        } else {
            strings::PANEL_NEWS.to_string()
        };
        panel(r, buf, &title, focus == Panel::News, t);
        let (lines, at) = news_lines(g, t, w(r));
        if lines.is_empty() {
            // Before anything has happened: the level's briefing, then what to do.
            let mut intro = Vec::new();
            let briefing = &g.session.game().scenario().meta.briefing;
            if !briefing.is_empty() {
                intro.push(Line::styled("Briefing", t.heading()));
                intro.extend(view::para(briefing));
                intro.push(Line::from(""));
            }
            intro.push(Line::from(vec![
                Span::styled(format!("{}: ", strings::CHALLENGE), t.bold()),
                Span::raw(crate::challenge::display(&g.session.level, g.session.seed)),
                Span::raw(
                    crate::records::difficulty_label(&g.session)
                        .map(|d| format!(" · {d}"))
                        .unwrap_or_default(),
                ),
            ]));
            intro.push(Line::styled(strings::CHALLENGE_NOTE, t.dim()));
            intro.push(Line::from(""));
            intro.push(Line::styled(
                strings::per_turn(strings::NEWS_EMPTY, g.session.game().state().date().unit),
                t.dim(),
            ));
            view::text(intro, view::inner(r), buf);
        } else {
            // Without the focus, show from the top, unselected.
            let sel = at
                .get(g.main.news)
                .copied()
                .filter(|_| focus == Panel::News);
            view::list(lines, sel, view::inner(r), buf, t);
        }
    }
    let capital = format!(
        "{}  ({} {})",
        strings::PANEL_ACTIONS,
        strings::CAPITAL.to_lowercase(),
        capital_num(g.session.game().capital())
    );
    panel(a.actions, buf, &capital, focus == Panel::Actions, t);
    let (lines, at) = action_lines(g, t, w(a.actions));
    let sel = at.get(g.main.action).copied();
    view::list(lines, sel, view::inner(a.actions), buf, t);

    panel(a.detail, buf, strings::PANEL_DETAIL, false, t);
    view::scrolling_text(detail_lines(g, t), g.main.scroll, a.detail, buf, t);

    if let (Some(r), Some((label, words))) = (a.advisor, advisor_line(g, t)) {
        let (label_area, words_area) = advisor_columns(r, &label);
        view::text(vec![Line::from(label)], label_area, buf);
        view::text(vec![words], words_area, buf);
    }

    footer(model, &main_hint(g, a.footer.width), a.footer, buf);
}

/// The main screen's footer hints in `width` columns: the level's dashboard panels among
/// them (a level without panels has none), the least needed dropped on a narrow screen.
fn main_hint(g: &GameUi, width: u16) -> String {
    let parts = hint::parts(
        strings::MAIN_HINTS,
        g.session.game().scenario(),
        None,
        |_| true,
    );
    // The footer starts with a space.
    hint::fit(&parts, usize::from(width.saturating_sub(1)))
}

/// How far the details pane scrolls at a time and at most ([`view::scroll_pages`]).
pub fn detail_pages(size: Rect, g: &GameUi) -> (u16, u16) {
    view::scroll_pages(&detail_lines(g, &Theme::plain()), layout(size, g).detail)
}

/// The details pane for the focused panel's selection.
fn detail_lines(g: &GameUi, t: &Theme) -> Vec<Line<'static>> {
    let game = g.session.game();
    let s = game.scenario();
    match g.main.focus {
        Panel::Actions => action_order(s)
            .get(g.main.action)
            .map(|&id| action_detail(game, id, t))
            .unwrap_or_default(),
        Panel::Meters => meter_ids(s)
            .get(g.main.meter)
            .map(|&v| meter_detail(game, v, t))
            .unwrap_or_default(),
        Panel::Parties => s
            .party_ids()
            .nth(g.main.party)
            .map(|p| {
                let def = s.party(p);
                let st = game.state();
                let mut lines = vec![Line::styled(view::flat(&def.name), t.heading())];
                if let Some(v) = def.willingness {
                    lines.push(Line::from(format!(
                        "{}: {} ({})",
                        strings::WILLINGNESS,
                        num(st.var(v)),
                        s.var(v).label
                    )));
                }
                if st.is_revealed(p) {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{}: ", strings::TOP_PRIORITY), t.bold()),
                        Span::raw(view::flat(&def.top_priority)),
                    ]));
                    for rl in &def.red_lines {
                        lines.push(Line::from(format!("✗ red line: {}", rl.reason)));
                    }
                } else {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{}: ", strings::TOP_PRIORITY), t.bold()),
                        Span::styled(strings::PRIORITY_UNKNOWN, t.dim()),
                    ]));
                }
                if !def.description.is_empty() {
                    lines.extend(view::para(&def.description));
                }
                lines
            })
            .unwrap_or_default(),
        Panel::News => {
            let items = news_items(game);
            let Some(item) = items.get(g.main.news) else {
                return vec![Line::styled(strings::NEWS_EMPTY, t.dim())];
            };
            let mut lines = vec![Line::styled(
                format!("{} {}", item.icon, item.title),
                t.heading(),
            )];
            if !item.body.is_empty() {
                lines.extend(view::para(&item.body));
            }
            // The folded standing rules: each with what it moved that month.
            for &rule in &item.rules {
                let def = &s.rules[rule.index()];
                let name = if def.explain.is_empty() {
                    def.id.clone()
                } else {
                    def.explain.clone()
                };
                lines.push(Line::styled(format!("↻ {}", view::flat(&name)), t.bold()));
                for e in game
                    .state()
                    .ledger()
                    .iter()
                    .filter(|e| e.turn == item.turn && e.cause == Cause::Rule(rule))
                {
                    let def = s.var(e.var);
                    lines.push(Line::from(vec![
                        Span::raw(format!("  {} ", def.label)),
                        Span::styled(delta(e.delta), t.change(e.delta, def.good_when_high)),
                    ]));
                }
            }
            if let Some(cause) = item.cause {
                for e in game
                    .state()
                    .ledger()
                    .iter()
                    .filter(|e| e.turn == item.turn && e.cause == cause)
                {
                    let def = s.var(e.var);
                    lines.push(Line::from(vec![
                        Span::raw(format!("  {} ", def.label)),
                        Span::styled(delta(e.delta), t.change(e.delta, def.good_when_high)),
                    ]));
                }
            }
            lines
        }
    }
}

pub fn action_detail(game: &Game, id: ActionId, t: &Theme) -> Vec<Line<'static>> {
    let s = game.scenario();
    let a = s.action(id);
    let mut lines = vec![Line::styled(view::flat(&a.name), t.heading())];
    let cost = format!("{} {}", strings::COST, cost_num(game.action_cost(id)));
    lines.push(match crate::projection::action_why_not(game, id) {
        None => Line::from(vec![
            Span::raw(format!("{cost} · ")),
            Span::styled(format!("✓ {}", strings::AVAILABLE), t.good()),
        ]),
        Some(why) => Line::from(vec![
            Span::raw(format!("{cost} · ")),
            Span::styled(format!("✗ {why}"), t.bad()),
        ]),
    });
    // What matters before committing comes first, so a small pane still shows it; the
    // longer description goes last.
    if !a.tradeoff.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", strings::TRADEOFF), t.bold()),
            Span::raw(view::flat(&a.tradeoff)),
        ]));
    }
    lines.extend(preview_lines(game, id, t));
    if !a.description.is_empty() {
        lines.push(Line::from(""));
        lines.extend(view::para(&a.description));
    }
    lines
}

/// What an action would do directly, from the engine's preview.
pub fn preview_lines(game: &Game, id: ActionId, t: &Theme) -> Vec<Line<'static>> {
    let s = game.scenario();
    let p = game.preview_action(id);
    let mut lines = vec![Line::styled(format!("{}:", strings::EXPECTED), t.bold())];
    let capital = s.meta.capital;
    let changes: Vec<_> = p.changes.iter().filter(|(v, _)| *v != capital).collect();
    if changes.is_empty() && p.revealed.is_empty() && p.queued.is_empty() && p.ends.is_none() {
        lines.push(Line::styled(format!("  {}", strings::NO_DIRECT), t.dim()));
    }
    for (v, d) in changes {
        let def = s.var(*v);
        let now = game.state().var(*v);
        lines.push(Line::from(vec![
            Span::raw(format!("  {} ", def.label)),
            Span::styled(
                format!("{} {}", arrow(*d), delta(*d)),
                t.change(*d, def.good_when_high),
            ),
            Span::styled(format!("  ({} → {})", num(now), num(now + d)), t.dim()),
        ]));
    }
    for party in &p.revealed {
        lines.push(Line::from(format!(
            "  ◉ {} {}",
            strings::REVEALS,
            s.party(*party).name
        )));
    }
    for (e, months) in &p.queued {
        lines.push(Line::from(format!(
            "  {} {} (in {months} month(s))",
            strings::MAY_TRIGGER,
            s.event(*e).title
        )));
    }
    if let Some(end) = p.ends {
        lines.push(Line::styled(
            format!("  ■ {} {}", strings::ENDS_GAME, s.ending(end).title),
            t.bad(),
        ));
    }
    if p.uncertain {
        lines.push(Line::styled(strings::UNCERTAIN, t.dim()));
    }
    lines
}

/// The Why panel for a meter: its value, what moved it this month and last, and the
/// biggest causes over the whole game with their explanations and sources (from the
/// engine's ledger, through `crate::explain`).
pub fn meter_detail(game: &Game, v: VarId, t: &Theme) -> Vec<Line<'static>> {
    let s = game.scenario();
    let st = game.state();
    let def = s.var(v);
    let value = st.var(v);
    let stage = def
        .stage_label(value)
        .map_or(String::new(), |l| format!(" — {l}"));
    let mut lines = vec![
        Line::styled(view::flat(&def.label), t.heading()),
        Line::from(format!(
            "{}{stage}   (range {}–{})",
            num(value),
            num(def.min),
            num(def.max)
        )),
    ];
    if !def.description.is_empty() {
        lines.extend(view::para(&def.description));
    }
    let cause_line = |total: f64, label: String, note: &str| {
        Line::from(vec![
            Span::styled(
                format!("  {:>5} ", delta(total)),
                t.change(total, def.good_when_high),
            ),
            Span::raw(view::flat(&label)),
            Span::styled(note.to_string(), t.dim()),
        ])
    };
    let now = st.turn();
    lines.push(Line::styled(format!("{}:", strings::WHY_CHANGED), t.bold()));
    let mut any = false;
    for (turn, when) in [
        (Some(now), " (this month)"),
        (now.checked_sub(1), " (last month)"),
    ] {
        let Some(turn) = turn else { continue };
        for c in crate::explain::causes(game, v, turn, turn)
            .into_iter()
            .take(4)
        {
            any = true;
            lines.push(cause_line(c.total, cause_label(s, c.cause), when));
        }
    }
    if !any {
        lines.push(Line::styled(
            format!(
                "  {}",
                strings::per_turn(strings::NO_CHANGES, st.date().unit)
            ),
            t.dim(),
        ));
    }
    let whole = crate::explain::causes(game, v, 0, u16::MAX);
    if !whole.is_empty() {
        lines.push(Line::styled(
            format!("{}:", strings::BIGGEST_CAUSES),
            t.bold(),
        ));
        for c in whole.into_iter().take(5) {
            let text = crate::explain::describe(s, c.cause);
            let times = if c.times > 1 {
                format!(" ×{}", c.times)
            } else {
                String::new()
            };
            lines.push(cause_line(c.total, text.label.clone(), &times));
            if !text.detail.is_empty() && text.detail != text.label {
                lines.push(Line::styled(
                    format!("        {}", view::flat(&text.detail)),
                    t.dim(),
                ));
            }
            let source = crate::explain::sources(s, c.cause, v);
            if !source.is_empty() {
                lines.push(Line::styled(
                    format!("        {} {}", strings::SOURCE, view::flat(&source)),
                    t.dim(),
                ));
            }
        }
    }
    lines
}

/// A message for the main screen (no event is waiting). The answer is the status line.
pub fn update(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    let mut scroll = g.main.scroll;
    let scrolled = scroll_pane(&mut scroll, msg, || detail_pages(size, g));
    g.main.scroll = scroll;
    if scrolled {
        return None;
    }
    let lens = lens(g);
    let len = |p: Panel| lens[Panel::ORDER.iter().position(|x| *x == p).unwrap_or(0)];
    let state = &mut g.main;
    match msg {
        Msg::Up | Msg::Down => {
            let n = len(state.focus);
            let index = match state.focus {
                Panel::Actions => &mut state.action,
                Panel::Meters => &mut state.meter,
                Panel::Parties => &mut state.party,
                Panel::News => &mut state.news,
            };
            step(index, n, msg == Msg::Down);
        }
        Msg::NextPanel | Msg::PrevPanel | Msg::Left | Msg::Right => {
            let forward = matches!(msg, Msg::NextPanel | Msg::Right);
            let i = Panel::ORDER
                .iter()
                .position(|p| *p == state.focus)
                .unwrap_or(0);
            let n = Panel::ORDER.len();
            state.focus_on(
                Panel::ORDER[if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }],
            );
        }
        Msg::Select if state.focus == Panel::Actions => return take_action(g, g.main.action),
        // Enter elsewhere means "I want to act": go to the actions.
        Msg::Select => {
            state.focus = Panel::Actions;
            return Some(strings::TO_ACTIONS.into());
        }
        Msg::Back => state.focus = Panel::Actions,
        Msg::EndMonth => return end_month(g),
        Msg::FastForward | Msg::FastForwardMore => return fast_forward(g, msg),
        Msg::Talks => return super::talks::enter(g, screen),
        Msg::Dashboard(i) => super::dashboard::open(g, i, screen),
        Msg::Relations => *screen = Screen::Relations,
        Msg::Click(col, row) => {
            if let Some((panel, item)) = hit(size, g, col, row) {
                let state = &mut g.main;
                state.focus_on(panel);
                if let Some(i) = item {
                    match panel {
                        Panel::Actions => state.action = i,
                        Panel::Meters => state.meter = i,
                        Panel::Parties => state.party = i,
                        Panel::News => state.news = i,
                    }
                }
            }
        }
        _ => {}
    }
    None
}
