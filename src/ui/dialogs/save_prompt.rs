//! The save-name prompt (`s`): a field with the default name, why the last name was refused,
//! and whether the name would replace a save. Enter asks the router to save; the prompt
//! stays open until the save's answer comes back (closed on success, the reason shown on
//! failure).

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
pub struct SavePrompt {
    pub input: String,
    /// Why the last name was refused, shown under the field.
    pub error: Option<String>,
}

impl SavePrompt {
    pub fn new(input: String) -> Self {
        SavePrompt { input, error: None }
    }
}

impl Dialog for SavePrompt {
    fn ctx(&self) -> Ctx {
        Ctx::Name
    }

    fn hint(&self) -> &'static str {
        strings::PROMPT_HINT
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Char(c) if self.input.chars().count() < strings::PROMPT_MAX => {
                self.input.push(c);
                self.error = None;
            }
            Msg::Backspace => {
                self.input.pop();
                self.error = None;
            }
            Msg::Clear => {
                self.input.clear();
                self.error = None;
            }
            Msg::Back => return Reply::Close,
            Msg::Select => return Reply::Then(Command::SaveAs(self.input.clone())),
            _ => {}
        }
        Reply::Stay
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let t = &model.theme;
        let w = usize::from(area.width.saturating_sub(4).min(72).saturating_sub(2));
        // Show the end of a long name: that is where the player types.
        let room = w.saturating_sub(view::width(strings::PROMPT_LABEL) + 1);
        let shown = view::tail(&self.input, room);
        let mut lines = vec![
            Line::from(vec![
                Span::styled(strings::PROMPT_LABEL, t.bold()),
                Span::styled(shown, t.selected()),
                Span::styled("▏", t.key()),
            ]),
            Line::from(""),
        ];
        if let Some(e) = &self.error {
            lines.push(Line::from(vec![
                Span::styled("✗ ", t.bad()),
                Span::raw(view::flat(e)),
            ]));
        } else if let Ok(slot) = crate::save::slot_name(&self.input)
            && model.saves_list.iter().any(|s| s.key == slot)
        {
            lines.push(Line::from(vec![
                Span::styled("! ", t.warn()),
                Span::raw(strings::PROMPT_EXISTS),
            ]));
        } else {
            lines.push(Line::styled(strings::PROMPT_HELP, t.dim()));
        }
        boxed(
            model,
            area,
            buf,
            strings::PROMPT_TITLE,
            lines,
            Vec::new(),
            strings::PROMPT_HINT,
        );
    }
}
