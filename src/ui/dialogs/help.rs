//! The help overlay (`?`): every key, drawn from the bindings table in `keys.rs`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Dialog, Reply};
use crate::ui::keys::{self, Ctx};
use crate::ui::model::Model;
use crate::ui::strings;
use crate::ui::update::Msg;
use crate::ui::view::{self, centered, modal};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help;

impl Dialog for Help {
    fn ctx(&self) -> Ctx {
        Ctx::Help
    }

    fn hint(&self) -> &'static str {
        strings::HELP_CLOSE
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Help | Msg::Back | Msg::Select | Msg::Quit => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let t = &model.theme;
        let mut lines: Vec<Line<'static>> = keys::help_rows()
            .map(|b| {
                Line::from(vec![
                    Span::styled(format!("{:>10}  ", b.label), t.key()),
                    Span::raw(b.help),
                ])
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:>10}  ", "mouse"), t.key()),
            Span::raw("click a list item to select it"),
        ]));
        lines.push(Line::from(""));
        lines.push(Line::styled(
            "✓ possible  ✗ not possible  ▲ rising  ▼ falling  ─ steady",
            t.dim(),
        ));
        lines.push(Line::styled(
            "★ top priority  ? unknown  › selected  ▶ panel with the focus",
            t.dim(),
        ));
        lines.push(Line::styled(strings::HELP_CLOSE, t.dim()));
        let h = lines.len() as u16 + 2;
        let rect = centered(area, 72, h);
        modal(rect, buf, strings::HELP_TITLE, t);
        view::text(lines, view::inner(rect), buf);
    }
}
