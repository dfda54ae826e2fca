//! The title screen: New game, Continue, Load, Player name, Help, Quit (the saves are in
//! [`super::load`]). The first New game of a new player asks their name and suggests the
//! tutorial (each once: the profile remembers).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::dialogs::{ConfirmQuit, Help, NamePrompt};
use super::effect::Effect;
use super::model::{LoadFrom, Model, Screen};
use super::strings;
use super::update::{Msg, area, open, step};
use super::view::{self, footer};

/// The menu's selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    pub selected: usize,
}

const BANNER: [&str; 5] = [
    "▄▀▀ █ ▀▄▀ █▀▄ ▄▀▄ █▀▄ ▀█▀ ▀▄▀",
    "▀▀█ █ █ █ █▀  █▀█ █▀▄  █   █ ",
    "                             ",
    "   six parties · one crisis  ",
    "                             ",
];

/// Where the menu goes: rows `menu.y + i` hold item `i`.
fn menu_area(area: Rect) -> Rect {
    let top = area.y + area.height.saturating_sub(14) / 2 + 8;
    let items = strings::TITLE_ITEMS.len() as u16;
    Rect::new(area.x + area.width.saturating_sub(24) / 2, top, 24, items)
}

pub fn item_at(area: Rect, col: u16, row: u16) -> Option<usize> {
    let m = menu_area(area);
    view::contains(m, col, row).then(|| usize::from(row - m.y))
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let top = area.y + area.height.saturating_sub(14) / 2;
    let banner: Vec<Line> = BANNER
        .iter()
        .map(|l| Line::styled(*l, t.heading()))
        .chain([Line::from(strings::SUBTITLE)])
        .collect();
    Paragraph::new(banner)
        .alignment(Alignment::Center)
        .render(Rect::new(area.x, top, area.width, 7), buf);
    let has_saves = model.has_saves();
    let menu = menu_area(area);
    for (i, item) in strings::TITLE_ITEMS.iter().enumerate() {
        let greyed = matches!(i, 1 | 2) && !has_saves;
        let (first, rest) = item.split_at(1);
        let mut spans = vec![
            Span::raw(if i == model.title.selected {
                " › "
            } else {
                "   "
            }),
            Span::styled(first.to_string(), if greyed { t.dim() } else { t.key() }),
            Span::styled(rest.to_string(), if greyed { t.dim() } else { t.bold() }),
        ];
        if greyed {
            spans.push(Span::styled("  (no saves)", t.dim()));
        }
        // What Continue would bring back.
        if i == 1
            && let Some(Ok(info)) = model.latest_save().map(|s| s.info.as_ref())
        {
            spans.push(Span::styled(
                format!("  {} · {}", info.month, view::flat(&info.level)),
                t.dim(),
            ));
        }
        // Whose saves these are (local play keeps a name).
        if i == 3 {
            let name = model.profile.name.as_deref().map_or_else(
                || strings::NO_NAME.to_string(),
                |n| format!("({})", view::flat(n)),
            );
            spans.push(Span::styled(format!("  {name}"), t.dim()));
        }
        let mut line = Line::from(spans);
        if i == model.title.selected {
            line = line.style(t.selected());
        }
        // The menu's click area is its first 24 columns; the Continue note may run past it.
        let width = area.right().saturating_sub(menu.x);
        buf.set_line(menu.x, menu.y + i as u16, &line, width);
    }
    footer(
        model,
        strings::TITLE_HINT,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

pub fn update(model: &mut Model, msg: Msg, fx: &mut Vec<Effect>) {
    let items = strings::TITLE_ITEMS.len();
    match msg {
        Msg::Up => step(&mut model.title.selected, items, false),
        Msg::Down => step(&mut model.title.selected, items, true),
        Msg::Char(c) => {
            if let Some(i) = strings::TITLE_ITEMS
                .iter()
                .position(|item| item.to_lowercase().starts_with(c.to_ascii_lowercase()))
            {
                model.title.selected = i;
                select(model, fx);
            }
        }
        Msg::Select => select(model, fx),
        Msg::Click(col, row) => {
            if let Some(i) = item_at(area(model), col, row) {
                model.title.selected = i;
                select(model, fx);
            }
        }
        _ => {}
    }
}

fn select(model: &mut Model, fx: &mut Vec<Effect>) {
    let has_saves = model.has_saves();
    match model.title.selected {
        0 => {
            model.picker = Default::default();
            model.screen = Screen::Picker;
            first_run(model, fx);
        }
        1 | 2 if !has_saves => {
            model.status = Some(
                model
                    .saves_error
                    .clone()
                    .unwrap_or_else(|| strings::NO_SAVES.into()),
            );
        }
        1 => match model.latest_save().map(|s| s.key.clone()) {
            Some(key) => fx.push(Effect::Load {
                key,
                from: LoadFrom::Save,
                anyway: false,
            }),
            None => model.status = Some(strings::NO_READABLE_SAVE.into()),
        },
        2 => {
            fx.push(Effect::ListSaves);
            model.load.selected = 0;
            model.screen = Screen::Load;
        }
        3 => open(
            model,
            NamePrompt {
                input: model.profile.name.clone().unwrap_or_default(),
                first: false,
            },
        ),
        4 => open(model, Help::default()),
        _ => open(model, ConfirmQuit),
    }
}

/// A new player's first New game: the name is asked (once), then the tutorial is
/// suggested (once; after the name is answered, so one box shows at a time).
fn first_run(model: &mut Model, fx: &mut Vec<Effect>) {
    if model.profile.ask_name {
        open(model, NamePrompt::first());
    } else {
        super::picker::suggest_tutorial(model, fx);
    }
}
