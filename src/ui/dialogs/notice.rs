//! A message box that waits for Enter (the warnings after a save loaded anyway).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Dialog, Reply, boxed};
use crate::ui::keys::Ctx;
use crate::ui::model::Model;
use crate::ui::strings;
use crate::ui::update::Msg;
use crate::ui::view;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
}

impl Dialog for Notice {
    fn ctx(&self) -> Ctx {
        Ctx::Game
    }

    fn hint(&self) -> &'static str {
        strings::NOTICE_HINT
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Select | Msg::Back => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let lines = self
            .lines
            .iter()
            .map(|l| Line::from(format!("• {}", view::flat(l))))
            .collect();
        boxed(
            model,
            area,
            buf,
            &self.title,
            lines,
            Vec::new(),
            strings::NOTICE_HINT,
        );
    }
}
