//! The first-run suggestion: the first time a player opens the level picker, a box
//! suggests the tutorial (the first level the picker offers that says `tutorial = true`),
//! with its measured length. Enter goes to it; Esc leaves the choice to the player. It is
//! shown once: the profile remembers it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Command, Dialog, Reply, boxed};
use crate::ui::keys::Ctx;
use crate::ui::model::Model;
use crate::ui::strings;
use crate::ui::update::Msg;
use crate::ui::view;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TutorialTip {
    /// The tutorial's place in the picker's list.
    pub level: usize,
}

impl Dialog for TutorialTip {
    fn ctx(&self) -> Ctx {
        Ctx::Game
    }

    fn hint(&self) -> &'static str {
        strings::TUTORIAL_HINT
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Select => Reply::CloseThen(Command::PlayLevel(self.level)),
            Msg::Back => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let t = &model.theme;
        let Some(Ok(level)) = model.levels.get(self.level).map(|e| &e.level) else {
            return;
        };
        let meta = &level.scenario.meta;
        let mut lines = vec![Line::styled(
            format!("Start with “{}”.", view::flat(&meta.title)),
            t.bold(),
        )];
        if let Some(length) = super::super::picker::length_text(level) {
            lines.push(Line::from(length));
        }
        lines.push(Line::from(""));
        lines.extend(view::para(&meta.description));
        lines.push(Line::from(""));
        lines.push(Line::styled(strings::TUTORIAL_NOTE, t.dim()));
        boxed(
            model,
            area,
            buf,
            strings::TUTORIAL_TITLE,
            lines,
            Vec::new(),
            strings::TUTORIAL_HINT,
        );
    }
}
