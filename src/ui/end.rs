//! The end screen: the ending (title, grade, text), a grade per assessment axis, and a line
//! chart of every key meter over the whole game.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Widget};

use crate::engine::{EndingDef, VarId};

use super::effect::Effect;
use super::model::{Model, Screen};
use super::strings;
use super::update::{Msg, open_prompt};
use super::view::{self, bar, fit, footer, num, panel};

pub fn ending(model: &Model) -> Option<&EndingDef> {
    let g = model.game.as_ref()?;
    let id = g.session.game().ending()?;
    Some(g.session.game().scenario().ending(id))
}

/// A letter for a 0–100 axis value: the debrief's scale, so both always agree.
pub use crate::debrief::letter;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let Some(g) = &model.game else { return };
    let game = g.session.game();
    let s = game.scenario();
    if ending(model).is_none() {
        return;
    }
    let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));

    // The ending and the axes side by side on top, the charts below.
    // Charts get half the height (8 to 24 rows); the ending and its grades the rest. (Keep
    // in step with `chart_page_count`.)
    let chart_h = (body.height / 2).clamp(8, 24);
    let top_h = body.height.saturating_sub(chart_h).max(8);
    let top = Rect::new(body.x, body.y, body.width, top_h.min(body.height));
    let left_w = top.width / 2;
    let left = Rect::new(top.x, top.y, left_w, top.height);
    let right = Rect::new(top.x + left_w, top.y, top.width - left_w, top.height);
    panel(left, buf, strings::END_TITLE, true, t);
    view::scrolling_text(ending_lines(model, t), g.end_scroll, left, buf, t);

    panel(right, buf, strings::END_AXES, false, t);
    let w = usize::from(right.width.saturating_sub(4));
    let label_w = (w / 2).min(22);
    let bar_w = w.saturating_sub(label_w + 8).min(20);
    let axes: Vec<Line<'static>> = s
        .axes
        .iter()
        .map(|axis| {
            let v = game.eval(&axis.value).clamp(0.0, 100.0);
            Line::from(vec![
                Span::raw(fit(&axis.label, label_w)),
                Span::styled(format!(" {} ", letter(v)), t.bold()),
                Span::raw(format!("{:>3} ", num(v))),
                Span::styled(bar(v, 0.0, 100.0, bar_w), t.accent()),
            ])
        })
        .collect();
    let mut axes = axes;
    // Room to spare: say what each axis measures.
    if usize::from(view::inner(right).height) >= s.axes.len() * 2 {
        axes = s
            .axes
            .iter()
            .zip(axes)
            .flat_map(|(axis, line)| {
                let mut out = vec![line];
                if !axis.description.is_empty() {
                    out.push(Line::styled(
                        format!("  {}", fit(&axis.description, w.saturating_sub(2))),
                        t.dim(),
                    ));
                }
                out
            })
            .collect();
    }
    view::text(axes, view::inner(right), buf);

    let charts = Rect::new(body.x, top.bottom(), body.width, body.height - top.height);
    let keys: Vec<VarId> = (0..s.vars.len())
        .map(|i| VarId(i as u16))
        .filter(|&v| s.var(v).key)
        .collect();
    let pages = chart_pages(charts, keys.len());
    let page = g.chart_page.min(pages.count.saturating_sub(1));
    if !keys.is_empty() && pages.per_page > 0 {
        let cell_w = charts.width / pages.per_row;
        let cell_h = charts.height / pages.rows;
        for (i, &v) in keys
            .iter()
            .skip(page * pages.per_page)
            .take(pages.per_page)
            .enumerate()
        {
            let i = i as u16;
            let (r, c) = (i / pages.per_row, i % pages.per_row);
            let rect = Rect::new(charts.x + c * cell_w, charts.y + r * cell_h, cell_w, cell_h);
            chart(model, v, rect, buf);
        }
    }
    let hint = if pages.count > 1 {
        format!(
            "←→ {} {}/{} · {}",
            strings::END_MORE_CHARTS,
            page + 1,
            pages.count,
            strings::END_HINT
        )
    } else {
        strings::END_HINT.to_string()
    };
    footer(
        model,
        &hint,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

/// Rows a chart needs for a plot at least 5 rows tall: its border (2) and the x axis with
/// its labels (2) around it. At 80×24 the five key meters of a campaign got 5 rows each,
/// a one-row plot.
const CHART_MIN_H: u16 = 9;
/// Columns a chart needs for a readable line.
const CHART_MIN_W: u16 = 24;

/// How the key meters' charts are laid out: per row, rows, and pages of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChartPages {
    per_row: u16,
    rows: u16,
    per_page: usize,
    count: usize,
}

fn chart_pages(area: Rect, charts: usize) -> ChartPages {
    let per_row = (area.width / CHART_MIN_W)
        .clamp(1, 3)
        .min(charts.max(1) as u16);
    let rows_fit = area.height / CHART_MIN_H;
    let rows = rows_fit
        .min((charts as u16).div_ceil(per_row))
        .max(u16::from(rows_fit > 0));
    let per_page = usize::from(per_row * rows);
    ChartPages {
        per_row,
        rows: rows.max(1),
        per_page,
        count: if per_page == 0 {
            0
        } else {
            charts.div_ceil(per_page)
        },
    }
}

/// How many pages of charts the end screen has at this size (←→ turn them).
pub fn chart_page_count(model: &Model) -> usize {
    let Some(g) = &model.game else { return 0 };
    let s = g.session.game().scenario();
    let keys = s.vars.iter().filter(|v| v.key).count();
    let (w, h) = model.size;
    let body_h = h.saturating_sub(1);
    let chart_h = (body_h / 2).clamp(8, 24);
    let top_h = body_h.saturating_sub(chart_h).max(8).min(body_h);
    chart_pages(Rect::new(0, 0, w, body_h - top_h), keys).count
}

/// The ending's panel: title, grade, month and code, its text, and the level's questions
/// (it scrolls with PgDn/PgUp: at 80×24 the questions were cut off).
fn ending_lines(model: &Model, t: &super::theme::Theme) -> Vec<Line<'static>> {
    let Some(g) = &model.game else {
        return Vec::new();
    };
    let game = g.session.game();
    let s = game.scenario();
    let Some(end) = ending(model) else {
        return Vec::new();
    };
    // The month the game ended in (the turn counter has already moved past it).
    let last_month = crate::explain::month_label(s, game.state().turn().saturating_sub(1));
    let lines = vec![
        Line::styled(view::flat(&end.title), t.heading()),
        Line::from(vec![
            Span::styled(format!("{}: ", strings::END_GRADE), t.bold()),
            Span::styled(
                end.grade.clone(),
                if end.victory { t.good() } else { t.bad() },
            ),
            Span::raw(if end.victory { "  ★ victory" } else { "" }),
            Span::styled(
                format!(
                    "  · {} · {}code {}",
                    last_month,
                    crate::records::difficulty_label(&g.session)
                        .map(|d| format!("{d} · "))
                        .unwrap_or_default(),
                    crate::challenge::display(&g.session.level, g.session.seed)
                ),
                t.dim(),
            ),
        ]),
    ];
    let mut lines = lines;
    lines.push(score_line(model, &g.session, t));
    lines.extend(view::para(&end.text));
    // For a class: the level's discussion questions, if its author wrote any.
    let questions = &s.meta.teacher.questions;
    if !questions.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled("To discuss", t.bold()));
        lines.extend(
            questions
                .iter()
                .map(|q| Line::from(format!("• {}", view::flat(q)))),
        );
    }
    lines
}

/// The ending's panel for a screen of `size` (the layout `render` draws).
fn ending_rect(size: (u16, u16)) -> Rect {
    let body_h = size.1.saturating_sub(1);
    let chart_h = (body_h / 2).clamp(8, 24);
    let top_h = body_h.saturating_sub(chart_h).max(8).min(body_h);
    Rect::new(0, 0, size.0 / 2, top_h)
}

/// "Score 73 · 2nd of 5 on this code · b best scores": the game's place in the record.
fn score_line(
    model: &Model,
    session: &crate::session::Session,
    t: &super::theme::Theme,
) -> Line<'static> {
    let score = crate::records::score(session);
    let code = crate::challenge::display(&session.level, session.seed);
    let game = format!("{:016x}", session.game_id);
    let on_code: Vec<&crate::records::FinishedGame> = (model.records.games.iter())
        .filter(|g| g.level == session.level.id() && g.code == code)
        .collect();
    let place = if on_code.iter().any(|g| g.game == game) {
        let better = on_code.iter().filter(|g| g.score > score).count();
        format!(" · #{} of {} on this code", better + 1, on_code.len())
    } else {
        String::new()
    };
    Line::from(vec![
        Span::styled("Score ", t.bold()),
        Span::raw(format!("{score}{place} · b best scores")),
    ])
}

fn chart(model: &Model, v: VarId, rect: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let Some(g) = &model.game else { return };
    let game = g.session.game();
    let def = game.scenario().var(v);
    let points: Vec<(f64, f64)> = game
        .state()
        .history_of(v)
        .enumerate()
        .map(|(i, y)| (i as f64, y))
        .collect();
    let last = points.len().saturating_sub(1).max(1) as f64;
    let dataset = Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(t.accent())
        .data(&points);
    let first = num(points.first().map_or(0.0, |p| p.1));
    let last_value = num(points.last().map_or(0.0, |p| p.1));
    let suffix = format!(": {first}→{last_value} ");
    // The label gives way first, so the numbers always show.
    let room = usize::from(rect.width.saturating_sub(3)).saturating_sub(view::width(&suffix));
    let title = format!(" {}{suffix}", view::abbrev(&def.label, room));
    Chart::new(vec![dataset])
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(Span::styled(title, t.heading())),
        )
        .x_axis(
            Axis::default()
                .bounds([0.0, last])
                // "day 12" on a day level.
                .labels([
                    "start".to_string(),
                    format!("{} {}", game.state().date().unit.noun(), num(last)),
                ]),
        )
        .y_axis(
            Axis::default()
                .bounds([def.min, def.max.max(def.min + 1.0)])
                .labels([num(def.min), num(def.max)]),
        )
        .render(rect, buf);
}

/// Enter or Esc back to the title; `s` save, `r` the history, `d` the debrief.
pub fn update(model: &mut Model, msg: Msg, fx: &mut Vec<Effect>) {
    match msg {
        Msg::Select | Msg::Back => {
            model.game = None;
            model.screen = Screen::Title;
            model.title = Default::default();
            fx.push(Effect::ListSaves);
        }
        Msg::Save => open_prompt(model),
        Msg::Rewind => super::rewind::open(model),
        // One debrief at a time: its what-if games are still running.
        Msg::Debrief if model.working.is_some() => {
            model.status = model.working.clone();
        }
        Msg::Debrief => fx.push(Effect::Debrief),
        Msg::ScrollDown | Msg::ScrollUp => {
            let (page, last) =
                view::scroll_pages(&ending_lines(model, &model.theme), ending_rect(model.size));
            if let Some(g) = model.game.as_mut() {
                g.end_scroll = if msg == Msg::ScrollDown {
                    g.end_scroll.saturating_add(page).min(last)
                } else {
                    g.end_scroll.saturating_sub(page)
                };
            }
        }
        // More charts than fit: turn the page.
        Msg::Right | Msg::Left | Msg::NextPanel | Msg::PrevPanel => {
            let pages = chart_page_count(model);
            if let Some(g) = model.game.as_mut()
                && pages > 1
            {
                let forward = matches!(msg, Msg::Right | Msg::NextPanel);
                g.chart_page = if forward {
                    (g.chart_page + 1) % pages
                } else {
                    (g.chart_page + pages - 1) % pages
                };
            }
        }
        Msg::Scores => {
            if let Some(g) = &model.game {
                let session = &g.session;
                let code = crate::challenge::display(&session.level, session.seed);
                let mut scores = super::dialogs::Scores::new(
                    model,
                    session.level.id(),
                    &session.level.scenario.meta.title,
                    Some(code),
                );
                scores.mark = Some(format!("{:016x}", session.game_id));
                super::update::open(model, scores);
            }
        }
        _ => {}
    }
}
