//! Dialogs: boxes over a screen that take the keys while they are open — the help (`?`),
//! the quit question, a yes/no question (delete a save, go back to a month), the save-name
//! prompt (`s`), the choices when a save does not load, a notice (load warnings), the
//! player's name, the first-run tutorial suggestion and the best scores of a level.
//!
//! They live on one stack, [`Model::dialogs`]: the top one alone gets the messages (through
//! its own key context, [`Dialog::ctx`]), draws over everything under it and names the
//! footer's hints. Nothing else decides who has the keys, so two open dialogs cannot
//! disagree.
//!
//! **To add a dialog**: write one type in a new file here implementing [`Dialog`] (its key
//! context, its hints, `update` returning a [`Reply`], `render`), give it any new
//! [`Command`] it needs (the router in `update.rs` runs commands), and push it with
//! `model.dialogs.push(Box::new(...))` where it opens.

pub mod confirm;
pub mod help;
pub mod load_problem;
pub mod name_prompt;
pub mod notice;
pub mod quit;
pub mod save_prompt;
pub mod scores;
pub mod tutorial_tip;

use std::any::Any;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::Ctx;
use super::model::{LoadFrom, Model};
use super::update::Msg;
use super::view::{self, centered, modal};

pub use confirm::Confirm;
pub use help::Help;
pub use load_problem::{LoadChoice, LoadProblem};
pub use name_prompt::NamePrompt;
pub use notice::Notice;
pub use quit::ConfirmQuit;
pub use save_prompt::SavePrompt;
pub use scores::Scores;
pub use tutorial_tip::TutorialTip;

/// A box over the screen that owns the keys while it is on top of the stack.
pub trait Dialog: Any + Send {
    /// How keys read while this dialog is on top (a text field takes every letter).
    fn ctx(&self) -> Ctx;
    /// The footer's key hints while this dialog is on top.
    fn hint(&self) -> &'static str;
    /// A message for this dialog (it is on top); the reply says whether it stays and what
    /// the router should do.
    fn update(&mut self, msg: Msg) -> Reply;
    /// Draw over `area` (the whole screen); `model` gives the theme and anything to show.
    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer);
}

/// What a dialog answers to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Stay,
    Close,
    /// Stay open and run the command (the save prompt waits for the save's answer).
    Then(Command),
    /// Close, then run the command.
    CloseThen(Command),
}

/// What a dialog asks of the router, which turns it into a change of the model or an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Quit,
    /// Delete a save (asked first).
    Delete(String),
    /// Branch from the start of month `turn` into the new save `name`.
    Branch {
        turn: u16,
        name: String,
        label: String,
    },
    /// Save the game under this name.
    SaveAs(String),
    Load {
        key: String,
        from: LoadFrom,
        anyway: bool,
    },
    /// Keep the player's name ("" = none).
    SetPlayer(String),
    /// Go on with the picker's level at this place (the tutorial suggestion).
    PlayLevel(usize),
}

/// Whether `dialog` is of type `T`.
pub fn is<T: Dialog>(dialog: &dyn Dialog) -> bool {
    (dialog as &dyn Any).is::<T>()
}

/// Draw every dialog, bottom to top.
pub fn render_all(model: &Model, area: Rect, buf: &mut Buffer) {
    for dialog in &model.dialogs {
        dialog.render(model, area, buf);
    }
}

/// A box: `body` wrapped at the top, `tail` (one row each, never cut by the body) and the
/// hint at the bottom; as tall as it needs, within `area`.
pub fn boxed(
    model: &Model,
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    body: Vec<Line<'static>>,
    tail: Vec<Line<'static>>,
    hint: &str,
) {
    let w = area.width.saturating_sub(4).min(72);
    let tail_h = tail.len() as u16;
    let body_h = view::wrapped_height(&body, w.saturating_sub(2));
    let gap = u16::from(tail_h > 0);
    let rect = centered(area, w, body_h + gap + tail_h + 2 + 2);
    modal(rect, buf, title, &model.theme);
    let inner = view::inner(rect);
    let hint_y = inner.bottom().saturating_sub(1);
    let tail_y = hint_y.saturating_sub(1 + tail_h).max(inner.y);
    for (i, line) in tail.iter().enumerate() {
        let y = tail_y + i as u16;
        if y < hint_y {
            buf.set_line(inner.x, y, line, inner.width);
        }
    }
    let body_rect = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        tail_y.saturating_sub(inner.y + gap),
    );
    view::text(body, body_rect, buf);
    let hint_line = Line::styled(hint.to_string(), model.theme.dim());
    buf.set_line(inner.x, hint_y, &hint_line, inner.width);
}

/// A y/n question.
pub fn yes_no(
    model: &Model,
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    question: &str,
    more: &[String],
) {
    let mut lines = vec![Line::styled(question.to_string(), model.theme.bold())];
    lines.extend(more.iter().map(|l| Line::from(l.clone())));
    boxed(
        model,
        area,
        buf,
        title,
        lines,
        Vec::new(),
        super::strings::YES_NO,
    );
}
