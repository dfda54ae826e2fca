//! The level's dashboard: each `[[dashboard]]` panel the level declares is a screen of its
//! own, opened with the panel's key. It shows the panel's variables (bar, stage, what moved
//! them lately), its text, and its measures — the actions it names, each with its cost and
//! the engine's preview of what it would do; Enter takes the selected one. Generic: nothing
//! here knows what a level's panels are about, and a level without panels has no such
//! screen and no key for it ([`super::keys::panel_for`]).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::engine::{ActionId, Cause, DashboardDef};
use crate::projection::{action_order, cause_label};

use super::hint;
use super::main_screen::{action_detail, header};
use super::model::{GameUi, Model, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, end_month, scroll_pane, step, take_action};
use super::view::{self, bar, delta, fit, footer, num, panel};

/// Which panel is up, its selected measure, and how far its top pane is scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    /// The panel's index in the level's `dashboards`.
    pub panel: usize,
    pub selected: usize,
    pub scroll: u16,
}

/// Open panel `index` (its key, from any game screen). Its own key again goes back to the
/// main screen, as Esc does.
pub fn open(g: &mut GameUi, index: usize, screen: &mut Screen) {
    if g.session.game().scenario().dashboards.get(index).is_none() {
        return;
    }
    if *screen == Screen::Dashboard && g.dashboard.panel == index {
        *screen = Screen::Main;
        return;
    }
    if g.dashboard.panel != index {
        g.dashboard = State {
            panel: index,
            ..State::default()
        };
    }
    g.dashboard.scroll = 0;
    *screen = Screen::Dashboard;
}

/// The panel on screen.
fn current(g: &GameUi) -> Option<&DashboardDef> {
    g.session
        .game()
        .scenario()
        .dashboards
        .get(g.dashboard.panel)
}

struct Areas {
    top: Rect,
    /// The measures and their details, when the panel has measures.
    measures: Option<(Rect, Rect)>,
}

/// Rows the measures and their details keep below the top pane at least: a preview of what
/// an action would do takes about nine.
const MIN_MEASURE_ROWS: u16 = 11;

/// The top pane as tall as its `rows` (wrapped), leaving the `measures` listed below it
/// their rows (up to half the body) and at least [`MIN_MEASURE_ROWS`]; without measures it
/// may take the whole body. What does not fit scrolls (PgDn/PgUp).
fn layout(area: Rect, rows: u16, measures: usize) -> Areas {
    let body = view::body(area);
    // The list's rows up to half the body, the preview's at least, and the top pane's
    // three rows in any case (not `clamp`: it panics when its bounds cross).
    let measures_h = u16::try_from(measures)
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(body.height / 2)
        .max(MIN_MEASURE_ROWS)
        .min(body.height.saturating_sub(3));
    let cap = body.height - measures_h.min(body.height);
    let measures = measures > 0;
    let cap = if measures { cap } else { body.height };
    let top_h = rows.saturating_add(2).min(cap).max(3).min(body.height);
    let top = Rect::new(body.x, body.y, body.width, top_h);
    if !measures {
        return Areas {
            top,
            measures: None,
        };
    }
    let rest = Rect::new(
        body.x,
        top.bottom(),
        body.width,
        body.height.saturating_sub(top_h),
    );
    let left_w = (rest.width * 2 / 5).max(34).min(rest.width);
    Areas {
        top,
        measures: Some((
            Rect::new(rest.x, rest.y, left_w, rest.height),
            Rect::new(
                rest.x + left_w,
                rest.y,
                rest.width.saturating_sub(left_w),
                rest.height,
            ),
        )),
    }
}

/// The layout as drawn for the panel on screen at `area`.
fn areas(area: Rect, g: &GameUi, d: &DashboardDef) -> Areas {
    let lines = top_lines(g, d, &Theme::plain(), view::body(area).width);
    let rows = view::wrapped_height(&lines, view::body(area).width.saturating_sub(2));
    layout(area, rows, d.actions.len())
}

pub fn item_at(area: Rect, g: &GameUi, col: u16, row: u16) -> Option<usize> {
    let d = current(g)?;
    let (measures, _) = areas(area, g, d).measures?;
    let inner = view::inner(measures);
    view::list_hit(inner, g.dashboard.selected, d.actions.len(), col, row)
}

/// How far the top pane scrolls at a time and at most.
fn top_pages(area: Rect, g: &GameUi) -> (u16, u16) {
    let Some(d) = current(g) else { return (1, 0) };
    let lines = top_lines(g, d, &Theme::plain(), view::body(area).width);
    view::scroll_pages(&lines, areas(area, g, d).top)
}

/// The top pane's lines: each variable with its bar, its description (if any) and what
/// moved it lately (if anything did), then the panel's text. `width` is the pane's.
fn top_lines(g: &GameUi, d: &DashboardDef, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let game = g.session.game();
    let s = game.scenario();
    let st = game.state();
    let mut lines = Vec::new();
    let w = usize::from(width.saturating_sub(4));
    for &v in &d.variables {
        let def = s.var(v);
        let value = st.var(v);
        let stage = def.stage_label(value).unwrap_or("");
        lines.push(Line::from(vec![
            Span::styled(fit(&def.label, 24), t.bold()),
            Span::raw(format!("{:>4}/{:<4} ", num(value), num(def.max))),
            Span::styled(bar(value, def.min, def.max, 20), t.accent()),
            Span::raw(format!(" {}", view::flat(stage))),
        ]));
        if !def.description.is_empty() {
            lines.push(Line::styled(
                format!("  {}", fit(&def.description, w.saturating_sub(2))),
                t.dim(),
            ));
        }
        // Why it moved lately: net change per cause, this month and last.
        let now = st.turn();
        let mut by: Vec<(Cause, f64)> = Vec::new();
        for e in st
            .ledger()
            .iter()
            .filter(|e| e.var == v && e.turn + 1 >= now)
        {
            match by.iter_mut().find(|(c, _)| *c == e.cause) {
                Some((_, d)) => *d += e.delta,
                None => by.push((e.cause, e.delta)),
            }
        }
        if !by.is_empty() {
            let parts: Vec<String> = by
                .iter()
                .map(|(c, d)| format!("{} {}", delta(*d), cause_label(s, *c)))
                .collect();
            lines.push(Line::styled(
                format!(
                    "  {} {}",
                    strings::DASHBOARD_LATELY,
                    fit(&parts.join(" · "), w.saturating_sub(10))
                ),
                t.dim(),
            ));
        }
    }
    if !d.text.trim().is_empty() {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.extend(view::para(d.text.trim()));
    }
    if lines.is_empty() {
        lines.push(Line::styled(strings::DASHBOARD_EMPTY, t.dim()));
    }
    lines
}

/// A measure's line: ✓ or ✗, its name, its cost.
fn measure_line(g: &GameUi, id: ActionId, t: &Theme, width: usize) -> Line<'static> {
    let game = g.session.game();
    let ok = game.can_act(id);
    let style = if ok { Style::new() } else { t.dim() };
    Line::from(vec![
        Span::styled(
            if ok { "✓ " } else { "✗ " },
            if ok { t.good() } else { t.dim() },
        ),
        Span::styled(
            fit(&game.scenario().action(id).name, width.saturating_sub(8)),
            style,
        ),
        Span::styled(
            format!(" {:>3}", crate::projection::cost_num(game.action_cost(id))),
            style,
        ),
    ])
}

/// The footer: choose and take (with measures), the other panels, end the turn, back.
fn hint_line(g: &GameUi, d: &DashboardDef, columns: usize) -> String {
    let s = g.session.game().scenario();
    let parts = hint::parts(
        strings::DASHBOARD_HINTS,
        s,
        Some(g.dashboard.panel),
        |h| match h.keys {
            "↑↓" | "Enter" => !d.actions.is_empty(),
            "Tab" => s.dashboards.len() > 1,
            _ => true,
        },
    );
    hint::fit(&parts, columns)
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let Some(g) = &model.game else { return };
    let Some(d) = current(g) else { return };
    let t = &model.theme;
    let game = g.session.game();
    header(g, t, Rect::new(area.x, area.y, area.width, 2), buf);
    let a = areas(area, g, d);

    let title = view::abbrev(&d.title, usize::from(a.top.width.saturating_sub(6)));
    panel(a.top, buf, &title, a.measures.is_none(), t);
    let lines = top_lines(g, d, t, view::body(area).width);
    view::scrolling_text(lines, g.dashboard.scroll, a.top, buf, t);

    if let Some((measures, detail)) = a.measures {
        panel(measures, buf, strings::DASHBOARD_MEASURES, true, t);
        let mw = usize::from(measures.width.saturating_sub(4));
        let lines: Vec<Line<'static>> = d
            .actions
            .iter()
            .map(|&id| measure_line(g, id, t, mw))
            .collect();
        view::list(
            lines,
            Some(g.dashboard.selected),
            view::inner(measures),
            buf,
            t,
        );
        panel(detail, buf, strings::PANEL_DETAIL, false, t);
        if let Some(&id) = d.actions.get(g.dashboard.selected) {
            view::text(action_detail(game, id, t), view::inner(detail), buf);
        }
    }
    let columns = usize::from(area.width.saturating_sub(1));
    footer(
        model,
        &hint_line(g, d, columns),
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

/// A message for the dashboard (no event is waiting). The answer is the status line.
pub fn update(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    let Some(d) = current(g) else {
        // The panel went with the level (never, but a key must not reach a missing one).
        *screen = Screen::Main;
        return None;
    };
    let ids = d.actions.clone();
    let panels = g.session.game().scenario().dashboards.len();
    let mut scroll = g.dashboard.scroll;
    if scroll_pane(&mut scroll, msg, || top_pages(size, g)) {
        g.dashboard.scroll = scroll;
        return None;
    }
    match msg {
        Msg::Up => step(&mut g.dashboard.selected, ids.len(), false),
        Msg::Down => step(&mut g.dashboard.selected, ids.len(), true),
        Msg::Click(col, row) => {
            if let Some(i) = item_at(size, g, col, row) {
                g.dashboard.selected = i;
            }
        }
        Msg::Select => {
            let id = *ids.get(g.dashboard.selected)?;
            let order = action_order(g.session.game().scenario());
            let index = order.iter().position(|a| *a == id)?;
            return take_action(g, index);
        }
        Msg::NextPanel | Msg::PrevPanel if panels > 1 => {
            let i = g.dashboard.panel;
            let next = if msg == Msg::NextPanel {
                (i + 1) % panels
            } else {
                (i + panels - 1) % panels
            };
            open(g, next, screen);
        }
        Msg::Dashboard(i) => open(g, i, screen),
        Msg::Back => *screen = Screen::Main,
        Msg::Relations => *screen = Screen::Relations,
        Msg::Talks => return super::talks::enter(g, screen),
        Msg::EndMonth => {
            *screen = Screen::Main;
            return end_month(g);
        }
        _ => {}
    }
    None
}
