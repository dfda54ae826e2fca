//! The quit question (`q`, Ctrl-C): y quits, n or Esc goes back. Over a game in progress it
//! warns that progress since the last save is lost.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Command, Dialog, Reply};
use crate::ui::keys::Ctx;
use crate::ui::model::{Model, Screen};
use crate::ui::strings;
use crate::ui::update::Msg;
use crate::ui::view::{self, centered, modal};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfirmQuit;

impl Dialog for ConfirmQuit {
    fn ctx(&self) -> Ctx {
        Ctx::Confirm
    }

    fn hint(&self) -> &'static str {
        strings::YES_NO
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Yes => Reply::CloseThen(Command::Quit),
            Msg::No | Msg::Back => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let in_game = model.game.is_some() && model.screen != Screen::End;
        let mut lines = vec![Line::styled(strings::CONFIRM_QUIT, model.theme.bold())];
        if in_game {
            lines.push(Line::from(strings::CONFIRM_QUIT_UNSAVED));
        }
        let rect = centered(area, 50, lines.len() as u16 + 2);
        modal(rect, buf, "Quit", &model.theme);
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(view::inner(rect), buf);
    }
}
