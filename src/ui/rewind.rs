//! The rewind screen (`r`): the months of this game, what the player did in each and where
//! the meters stood at its start. Picking one (and confirming) branches the game from the
//! start of that month into a new save; `update` does that through the save seam.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::{Decision, Game};
use crate::session::Session;

use super::main_screen;
use super::model::{Model, MonthRow, RewindUi};
use super::strings;
use super::theme::Theme;
use super::view::{self, fit, footer, num, panel};

/// Every month of the game so far (the current one last), rebuilt by replaying the log:
/// what was done in each month and the meters at its start.
pub fn history(session: &Session) -> Vec<MonthRow> {
    let scenario = session.game().scenario_arc().clone();
    let state = session.game().state();
    let now = state.turn();
    let mut vars = vec![scenario.meta.capital];
    vars.extend(main_screen::meter_ids(&scenario));
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
    let mut game = Game::new(scenario.clone(), session.seed);
    for decision in session.log() {
        let turn = usize::from(game.state().turn());
        let pending = game.pending_event();
        if game.apply(decision).is_err() {
            break;
        }
        let Some(row) = rows.get_mut(turn) else {
            continue;
        };
        match decision {
            Decision::Act(id) => row.did.push(scenario.action(*id).name.clone()),
            Decision::Table(_) => row.did.push(strings::REWIND_TABLED.to_string()),
            Decision::Choose(i) => {
                if let Some(event) = pending {
                    let def = scenario.event(event);
                    let option = def
                        .options
                        .get(usize::from(*i))
                        .map_or(String::new(), |o| o.label.clone());
                    row.answered
                        .push(format!("{}: {option}", view::flat(&def.title)));
                }
            }
            Decision::EndMonth => {}
        }
    }
    rows
}

struct Areas {
    list: Rect,
    detail: Rect,
    footer: Rect,
    header: Rect,
}

fn layout(area: Rect, months: usize) -> Areas {
    let header = Rect::new(area.x, area.y, area.width, 2.min(area.height));
    let body_h = view::body(area).height;
    // The list as tall as the months (it scrolls past half the screen); the details the rest.
    let months = u16::try_from(months).unwrap_or(u16::MAX);
    let list_h = months
        .saturating_add(2)
        .clamp(3, (body_h / 2).max(3))
        .min(body_h);
    let list = Rect::new(area.x, area.y + 2, area.width, list_h);
    let detail = Rect::new(area.x, list.bottom(), area.width, body_h - list_h);
    let footer = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    Areas {
        list,
        detail,
        footer,
        header,
    }
}

pub fn item_at(area: Rect, r: &RewindUi, col: u16, row: u16) -> Option<usize> {
    view::list_hit(
        view::inner(layout(area, r.rows.len()).list),
        r.selected,
        r.rows.len(),
        col,
        row,
    )
}

fn row_line(row: &MonthRow, now: bool, width: usize) -> Line<'static> {
    let month = format!("{:<8} {:>3}  ", row.label, row.turn + 1);
    let mut did = if row.did.is_empty() {
        strings::REWIND_NOTHING.to_string()
    } else {
        row.did.join(", ")
    };
    if !row.answered.is_empty() {
        did = format!("{did} · {}", row.answered.join(" · "));
    }
    if now {
        did = format!("{} {did}", strings::REWIND_NOW);
    }
    let rest = width.saturating_sub(month.chars().count());
    Line::from(vec![Span::raw(month), Span::raw(fit(&did, rest))])
}

/// What the player did in a month, then where the meters stood at its start, in columns.
fn detail_lines(row: &MonthRow, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !row.did.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", strings::REWIND_YOU), t.bold()),
            Span::raw(row.did.join(", ")),
        ]));
    }
    for answer in &row.answered {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", strings::REWIND_ANSWERED), t.bold()),
            Span::raw(answer.clone()),
        ]));
    }
    lines.push(Line::styled(
        format!("{} {}:", strings::REWIND_AT_START, row.label),
        t.bold(),
    ));
    // Columns of "label  value", as many as fit at 26 or more characters each.
    let width = usize::from(width);
    let columns = (width / 26).max(1);
    let column_w = width / columns;
    for chunk in row.start.chunks(columns) {
        let cells: String = chunk
            .iter()
            .map(|(label, value)| {
                let value = num(*value);
                let label_w = column_w.saturating_sub(value.chars().count() + 3);
                format!("{} {value}  ", fit(label, label_w))
            })
            .collect();
        lines.push(Line::raw(cells));
    }
    lines
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let Some(g) = &model.game else { return };
    let r = &model.rewind;
    let a = layout(area, r.rows.len());
    main_screen::header(g, t, a.header, buf);
    panel(a.list, buf, strings::REWIND_TITLE, true, t);
    let inner = view::inner(a.list);
    let width = usize::from(inner.width.saturating_sub(2));
    let last = r.rows.len().saturating_sub(1);
    let lines: Vec<Line<'static>> = r
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| row_line(row, i == last, width))
        .collect();
    view::list(lines, Some(r.selected), inner, buf, t);

    panel(a.detail, buf, strings::PANEL_DETAIL, false, t);
    let inner = view::inner(a.detail);
    let detail = r
        .rows
        .get(r.selected)
        .map_or_else(Vec::new, |row| detail_lines(row, t, inner.width));
    view::text(detail, inner, buf);
    footer(model, strings::REWIND_HINT, a.footer, buf);

    if let (Some(name), Some(row)) = (&r.confirm, r.rows.get(r.selected)) {
        super::dialogs::confirm(
            model,
            area,
            buf,
            strings::REWIND_CONFIRM_TITLE,
            &format!("Go back to the start of {}?", row.label),
            &[
                format!("The game branches from there into a new save '{name}'."),
                strings::REWIND_CONFIRM_KEEP.to_string(),
            ],
        );
    }
}
