//! A save that would not load, and the choices about it: its backup, loading anyway (when
//! the level changed), or back. Nothing is changed or deleted whatever is chosen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Command, Dialog, Reply, boxed};
use crate::ui::keys::Ctx;
use crate::ui::model::{LoadFailure, LoadFrom, Model};
use crate::ui::strings;
use crate::ui::update::{Msg, step};
use crate::ui::view;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub key: String,
    pub from: LoadFrom,
    pub failure: LoadFailure,
    pub choice: usize,
}

/// What the player can do about a [`LoadProblem`], in the order offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadChoice {
    Backup,
    Anyway,
    Back,
}

impl LoadProblem {
    pub fn choices(&self) -> Vec<LoadChoice> {
        let mut out = Vec::new();
        if self.failure.has_backup && self.from == LoadFrom::Save {
            out.push(LoadChoice::Backup);
        }
        if self.failure.can_try_anyway {
            out.push(LoadChoice::Anyway);
        }
        out.push(LoadChoice::Back);
        out
    }
}

fn choice_text(c: LoadChoice) -> &'static str {
    match c {
        LoadChoice::Backup => strings::PROBLEM_BACKUP,
        LoadChoice::Anyway => strings::PROBLEM_ANYWAY,
        LoadChoice::Back => strings::PROBLEM_BACK,
    }
}

impl Dialog for LoadProblem {
    fn ctx(&self) -> Ctx {
        Ctx::Game
    }

    fn hint(&self) -> &'static str {
        strings::PROBLEM_HINT
    }

    fn update(&mut self, msg: Msg) -> Reply {
        let choices = self.choices();
        let picked = match msg {
            Msg::Up => {
                step(&mut self.choice, choices.len(), false);
                None
            }
            Msg::Down => {
                step(&mut self.choice, choices.len(), true);
                None
            }
            Msg::Select => choices.get(self.choice).copied(),
            Msg::Char('b') if choices.contains(&LoadChoice::Backup) => Some(LoadChoice::Backup),
            Msg::Char('a') if choices.contains(&LoadChoice::Anyway) => Some(LoadChoice::Anyway),
            Msg::Back => Some(LoadChoice::Back),
            _ => None,
        };
        let key = self.key.clone();
        // The dialog stays until the load's answer: success closes it, a new failure
        // replaces it.
        match picked {
            Some(LoadChoice::Backup) => Reply::Then(Command::Load {
                key,
                from: LoadFrom::Backup,
                anyway: false,
            }),
            Some(LoadChoice::Anyway) => Reply::Then(Command::Load {
                key,
                from: self.from,
                anyway: true,
            }),
            Some(LoadChoice::Back) => Reply::Close,
            None => Reply::Stay,
        }
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let t = &model.theme;
        let lines = vec![
            Line::styled(format!("'{}'", self.key), t.bold()),
            Line::from(view::flat(&self.failure.message)),
        ];
        let mut choices = Vec::new();
        for (i, c) in self.choices().into_iter().enumerate() {
            let selected = i == self.choice;
            let line = Line::from(vec![
                Span::raw(if selected { "› " } else { "  " }),
                Span::raw(choice_text(c)),
            ]);
            choices.push(if selected {
                line.style(t.selected())
            } else {
                line
            });
        }
        boxed(
            model,
            area,
            buf,
            strings::PROBLEM_TITLE,
            lines,
            choices,
            strings::PROBLEM_HINT,
        );
    }
}
