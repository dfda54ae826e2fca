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
    let Some(end) = ending(model) else { return };
    let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));

    // The ending and the axes side by side on top, the charts below.
    // Charts get half the height (8 to 24 rows); the ending and its grades the rest.
    let chart_h = (body.height / 2).clamp(8, 24);
    let top_h = body.height.saturating_sub(chart_h).max(8);
    let top = Rect::new(body.x, body.y, body.width, top_h.min(body.height));
    let left_w = top.width / 2;
    let left = Rect::new(top.x, top.y, left_w, top.height);
    let right = Rect::new(top.x + left_w, top.y, top.width - left_w, top.height);
    panel(left, buf, strings::END_TITLE, true, t);
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
    view::text(lines, view::inner(left), buf);

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
    if !keys.is_empty() && charts.height >= 5 {
        let per_row = if charts.width >= 120 {
            3
        } else {
            keys.len().min(3)
        } as u16;
        let per_row = per_row.max(1);
        let rows = (keys.len() as u16).div_ceil(per_row);
        let cell_h = charts.height / rows.max(1);
        for (i, &v) in keys.iter().enumerate() {
            let i = i as u16;
            let (r, c) = (i / per_row, i % per_row);
            let cell_w = charts.width / per_row;
            let rect = Rect::new(charts.x + c * cell_w, charts.y + r * cell_h, cell_w, cell_h);
            if rect.height < 4 || rect.width < 12 {
                continue;
            }
            chart(model, v, rect, buf);
        }
    }
    footer(
        model,
        strings::END_HINT,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
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
    let title = format!(" {}{suffix}", fit(&def.label, room).trim_end());
    Chart::new(vec![dataset])
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(Span::styled(title, t.heading())),
        )
        .x_axis(
            Axis::default()
                .bounds([0.0, last])
                .labels(["start".to_string(), format!("month {}", num(last))]),
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
