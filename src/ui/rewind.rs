//! The rewind screen (`r`): the months of this game, what the player did in each and where
//! the meters stood at its start. Picking one (and confirming) branches the game from the
//! start of that month into a new save; `update` does that through the save seam.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::projection::{MonthRow, month_history};

use super::dialogs::{Command, Confirm};
use super::main_screen;
use super::model::{Model, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, area, open as open_dialog, step};
use super::view::{self, fit, footer, num, panel};

/// The months of this game, one of them selected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub rows: Vec<MonthRow>,
    pub selected: usize,
    /// The screen to return to on Esc.
    pub from_end: bool,
}

/// `r`: the history of the game being played.
pub fn open(model: &mut Model) {
    let Some(g) = &model.game else { return };
    let rows = month_history(&g.session);
    // The month before this one is the likeliest wish; the list shows them all.
    let selected = rows.len().saturating_sub(2);
    model.rewind = State {
        rows,
        selected,
        from_end: model.screen == Screen::End,
    };
    model.screen = Screen::Rewind;
}

/// A name for the branch that no save has yet: `revive-the-talks-2017-03-branch`, `…-2`, ….
fn branch_name(model: &Model, level_id: &str, calendar: (u8, i32)) -> String {
    let (month, year) = calendar;
    let id: String = level_id.chars().take(29).collect();
    let base = format!("{id}-{year}-{month:02}-branch");
    let taken = |name: &str| model.saves_list.iter().any(|s| s.key == name);
    if !taken(&base) {
        return base;
    }
    (2..1000)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !taken(name))
        .unwrap_or(base)
}

pub fn update(model: &mut Model, msg: Msg) {
    let back = if model.rewind.from_end {
        Screen::End
    } else {
        Screen::Main
    };
    let Some(g) = &model.game else {
        model.screen = Screen::Title;
        return;
    };
    let len = model.rewind.rows.len();
    match msg {
        Msg::Up => step(&mut model.rewind.selected, len, false),
        Msg::Down => step(&mut model.rewind.selected, len, true),
        Msg::Click(col, row) => {
            if let Some(i) = item_at(area(model), &model.rewind, col, row) {
                model.rewind.selected = i;
            }
        }
        Msg::Select => {
            if let Some(row) = model.rewind.rows.get(model.rewind.selected) {
                let name = branch_name(model, g.session.level.id(), row.calendar);
                let confirm = Confirm {
                    title: strings::REWIND_CONFIRM_TITLE.to_string(),
                    question: format!("Go back to the start of {}?", row.label),
                    more: vec![
                        format!("The game branches from there into a new save '{name}'."),
                        strings::REWIND_CONFIRM_KEEP.to_string(),
                    ],
                    on_yes: Command::Branch {
                        turn: row.turn,
                        name,
                        label: row.label.clone(),
                    },
                };
                open_dialog(model, confirm);
            }
        }
        Msg::Back | Msg::Rewind => model.screen = back,
        _ => {}
    }
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

pub fn item_at(area: Rect, r: &State, col: u16, row: u16) -> Option<usize> {
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
    let rest = width.saturating_sub(view::width(&month));
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
                let label_w = column_w.saturating_sub(view::width(&value) + 3);
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
}
