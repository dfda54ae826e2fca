//! A yes/no question whose yes runs a [`Command`]: deleting a save (Load screen, `d`) and
//! going back to the start of a month (rewind, Enter).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Command, Dialog, Reply, yes_no};
use crate::ui::keys::Ctx;
use crate::ui::model::Model;
use crate::ui::strings;
use crate::ui::update::Msg;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub question: String,
    /// Lines under the question (what yes will do, what stays).
    pub more: Vec<String>,
    /// What yes does.
    pub on_yes: Command,
}

impl Dialog for Confirm {
    fn ctx(&self) -> Ctx {
        Ctx::Confirm
    }

    fn hint(&self) -> &'static str {
        strings::YES_NO
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Yes => Reply::CloseThen(self.on_yes.clone()),
            Msg::No | Msg::Back => Reply::Close,
            _ => Reply::Stay,
        }
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        yes_no(model, area, buf, &self.title, &self.question, &self.more);
    }
}
