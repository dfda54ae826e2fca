//! The player's name (local play): asked at the first new game, and again whenever the
//! player picks "Player name" on the title screen. Enter keeps what is typed (blank = no
//! name); Esc the first time records that the player skipped, so nobody is asked twice.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Command, Dialog, Reply, boxed};
use crate::ui::keys::Ctx;
use crate::ui::model::Model;
use crate::ui::strings;
use crate::ui::update::Msg;
use crate::ui::view;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamePrompt {
    pub input: String,
    /// Asked unprompted (the first new game): Esc answers "no name" rather than "not now".
    pub first: bool,
}

impl NamePrompt {
    /// The unprompted question at the first new game.
    pub fn first() -> Self {
        NamePrompt {
            input: String::new(),
            first: true,
        }
    }
}

impl Dialog for NamePrompt {
    fn ctx(&self) -> Ctx {
        Ctx::Name
    }

    fn hint(&self) -> &'static str {
        if self.first {
            strings::NAME_HINT
        } else {
            strings::NAME_HINT_EDIT
        }
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Char(c) if self.input.chars().count() < crate::class::profile::MAX_NAME_CHARS => {
                self.input.push(c);
            }
            Msg::Backspace => {
                self.input.pop();
            }
            Msg::Clear => self.input.clear(),
            Msg::Back if self.first => return Reply::CloseThen(Command::SetPlayer(String::new())),
            Msg::Back => return Reply::Close,
            Msg::Select => return Reply::CloseThen(Command::SetPlayer(self.input.clone())),
            _ => {}
        }
        Reply::Stay
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let t = &model.theme;
        let w = usize::from(area.width.saturating_sub(4).min(72).saturating_sub(2));
        let room = w.saturating_sub(view::width(strings::NAME_LABEL) + 1);
        let lines = vec![
            Line::from(vec![
                Span::styled(strings::NAME_LABEL, t.bold()),
                Span::styled(view::tail(&view::flat(&self.input), room), t.selected()),
                Span::styled("▏", t.key()),
            ]),
            Line::from(""),
            Line::styled(strings::NAME_HELP, t.dim()),
        ];
        boxed(
            model,
            area,
            buf,
            strings::NAME_TITLE,
            lines,
            Vec::new(),
            self.hint(),
        );
    }
}
