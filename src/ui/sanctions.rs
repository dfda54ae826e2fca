//! Sanctions: a view over the level's variables in group "sanctions" and its actions in
//! category "Sanctions" — their levels, and what each measure would do (the engine's
//! preview). Generic: whatever a level puts in that group or category shows here.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::Cause;
use crate::projection::{
    action_order, cause_label, sanction_actions as action_ids, sanction_vars as var_ids,
};

use super::main_screen::{action_detail, header};
use super::model::{GameUi, Model, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, end_month, step, take_action};
use super::view::{self, bar, delta, fit, footer, num, panel};

/// The selected measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    pub selected: usize,
}

struct Areas {
    levels: Rect,
    measures: Rect,
    detail: Rect,
}

/// The screen's panels, the levels panel as tall as its `level_rows` (a variable takes one
/// to three), at most half the screen. The levels panel is as wide as the screen's body.
fn layout(area: Rect, level_rows: usize) -> Areas {
    let body = view::body(area);
    let rows = u16::try_from(level_rows).unwrap_or(u16::MAX);
    let levels_h = rows.saturating_add(2).min(body.height / 2).max(3);
    let levels = Rect::new(body.x, body.y, body.width, levels_h);
    let rest = Rect::new(
        body.x,
        levels.bottom(),
        body.width,
        body.height.saturating_sub(levels_h),
    );
    let left_w = (rest.width * 2 / 5).max(34).min(rest.width);
    Areas {
        levels,
        measures: Rect::new(rest.x, rest.y, left_w, rest.height),
        detail: Rect::new(
            rest.x + left_w,
            rest.y,
            rest.width.saturating_sub(left_w),
            rest.height,
        ),
    }
}

pub fn item_at(area: Rect, g: &GameUi, col: u16, row: u16) -> Option<usize> {
    let rows = levels_text(g, &Theme::plain(), view::body(area).width).len();
    let a = layout(area, rows);
    let n = action_ids(g.session.game().scenario()).len();
    view::list_hit(view::inner(a.measures), g.sanctions.selected, n, col, row)
}

/// The Levels panel's lines: each sanctions variable with its bar, its description (if any)
/// and what moved it lately (if anything did). `width` is the panel's.
fn levels_text(g: &GameUi, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let game = g.session.game();
    let s = game.scenario();
    let st = game.state();
    let vars = var_ids(s);
    let mut lines = Vec::new();
    if vars.is_empty() {
        lines.push(Line::styled(strings::SANCTIONS_NONE, t.dim()));
    }
    let w = usize::from(width.saturating_sub(4));
    for v in vars {
        let def = s.var(v);
        let value = st.var(v);
        let stage = def.stage_label(value).unwrap_or("");
        lines.push(Line::from(vec![
            Span::styled(fit(&def.label, 24), t.bold()),
            Span::raw(format!("{:>4}/{:<4} ", num(value), num(def.max))),
            Span::styled(bar(value, def.min, def.max, 20), t.accent()),
            Span::raw(format!(" {stage}")),
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
                    "  lately: {}",
                    fit(&parts.join(" · "), w.saturating_sub(10))
                ),
                t.dim(),
            ));
        }
    }
    lines
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let Some(g) = &model.game else { return };
    let t = &model.theme;
    let game = g.session.game();
    let s = game.scenario();
    header(g, t, Rect::new(area.x, area.y, area.width, 2), buf);
    let lines = levels_text(g, t, view::body(area).width);
    let a = layout(area, lines.len());

    panel(a.levels, buf, strings::SANCTIONS_LEVELS, false, t);
    view::text(lines, view::inner(a.levels), buf);

    panel(a.measures, buf, strings::SANCTIONS_ACTIONS, true, t);
    let ids = action_ids(s);
    let mw = usize::from(a.measures.width.saturating_sub(4));
    if ids.is_empty() {
        view::text(
            vec![Line::styled(strings::SANCTIONS_NO_ACTIONS, t.dim())],
            view::inner(a.measures),
            buf,
        );
    } else {
        let lines: Vec<Line<'static>> = ids
            .iter()
            .map(|&id| {
                let ok = game.can_act(id);
                let style = if ok {
                    ratatui::style::Style::new()
                } else {
                    t.dim()
                };
                Line::from(vec![
                    Span::styled(
                        if ok { "✓ " } else { "✗ " },
                        if ok { t.good() } else { t.dim() },
                    ),
                    Span::styled(fit(&s.action(id).name, mw.saturating_sub(8)), style),
                    Span::styled(
                        format!(" {:>3}", crate::projection::cost_num(game.action_cost(id))),
                        style,
                    ),
                ])
            })
            .collect();
        view::list(
            lines,
            Some(g.sanctions.selected),
            view::inner(a.measures),
            buf,
            t,
        );
    }

    panel(a.detail, buf, strings::PANEL_DETAIL, false, t);
    if let Some(&id) = ids.get(g.sanctions.selected) {
        view::text(action_detail(game, id, t), view::inner(a.detail), buf);
    }
    footer(
        model,
        strings::SANCTIONS_HINT,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

/// A message for the sanctions screen (no event is waiting). The answer is the status line.
pub fn update(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    let ids = action_ids(g.session.game().scenario());
    match msg {
        Msg::Up => step(&mut g.sanctions.selected, ids.len(), false),
        Msg::Down => step(&mut g.sanctions.selected, ids.len(), true),
        Msg::Click(col, row) => {
            if let Some(i) = item_at(size, g, col, row) {
                g.sanctions.selected = i;
            }
        }
        Msg::Select => {
            let id = *ids.get(g.sanctions.selected)?;
            let order = action_order(g.session.game().scenario());
            let index = order.iter().position(|a| *a == id)?;
            return take_action(g, index);
        }
        Msg::Back | Msg::Sanctions => *screen = Screen::Main,
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
