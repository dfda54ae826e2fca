//! The best scores of a level on one challenge code, from the record of finished games
//! ([`crate::records`]): opened with `b` from the level picker (the codes this level was
//! finished on, ←→ between them) and from the end screen (this game's code, its row
//! marked). Damaged lines of the record are named under the table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Dialog, Reply, boxed};
use crate::records::{self, FinishedGame};
use crate::ui::keys::Ctx;
use crate::ui::model::Model;
use crate::ui::strings;
use crate::ui::update::Msg;
use crate::ui::view::{self, fit};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    pub level: String,
    pub title: String,
    /// The codes to show, the first shown first.
    pub codes: Vec<String>,
    pub shown: usize,
    /// This game's id (the end screen): its row is marked.
    pub mark: Option<String>,
}

impl Scores {
    /// The level's table on `code` first (when given), then the other codes it was
    /// finished on, most recently played first.
    pub fn new(model: &Model, level: &str, title: &str, code: Option<String>) -> Self {
        let mut codes = records::codes_of(&model.records, level);
        if let Some(code) = code {
            codes.retain(|c| *c != code);
            codes.insert(0, code);
        }
        Scores {
            level: level.to_string(),
            title: title.to_string(),
            codes,
            shown: 0,
            mark: None,
        }
    }
}

fn row(rank: usize, g: &FinishedGame, cols: [usize; 6], marked: bool) -> String {
    let star = if g.victory { "★ " } else { "" };
    let ending = match &g.difficulty {
        Some(d) => format!("{star}{} ({d})", g.ending),
        None => format!("{star}{}", g.ending),
    };
    let date = crate::save::format_time(g.finished_at);
    let cells = [
        format!("{}{rank}", if marked { "›" } else { " " }),
        format!("{:>3}", g.score),
        ending,
        g.player.clone().unwrap_or_else(|| "—".into()),
        g.month.clone(),
        date.get(..10).unwrap_or(&date).to_string(),
    ];
    cells
        .iter()
        .zip(cols)
        .map(|(c, w)| fit(&view::flat(c), w.saturating_sub(1)) + " ")
        .collect()
}

/// Column widths in `width`: rank, score, ending, player, month, date.
fn columns(width: usize) -> [usize; 6] {
    let fixed = 4 + 6 + 9 + 11;
    let flex = width.saturating_sub(fixed);
    let ending = flex * 3 / 5;
    [4, 6, ending, flex - ending, 9, 11]
}

impl Dialog for Scores {
    fn ctx(&self) -> Ctx {
        Ctx::Game
    }

    fn hint(&self) -> &'static str {
        strings::SCORES_HINT
    }

    fn update(&mut self, msg: Msg) -> Reply {
        let n = self.codes.len().max(1);
        match msg {
            Msg::Right | Msg::Down => self.shown = (self.shown + 1) % n,
            Msg::Left | Msg::Up => self.shown = (self.shown + n - 1) % n,
            Msg::Back | Msg::Select | Msg::Scores => return Reply::Close,
            _ => {}
        }
        Reply::Stay
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let t = &model.theme;
        let width = usize::from(area.width.saturating_sub(4).min(72).saturating_sub(2));
        let mut lines = vec![Line::styled(view::flat(&self.title), t.heading())];
        match self.codes.get(self.shown) {
            None => lines.push(Line::from(strings::SCORES_NONE)),
            Some(code) => {
                let table = records::high_scores(&model.records, &self.level, code);
                let more = if self.codes.len() > 1 {
                    format!("  ({} of {} codes)", self.shown + 1, self.codes.len())
                } else {
                    String::new()
                };
                lines.push(Line::from(vec![
                    Span::styled("Code ", t.bold()),
                    Span::raw(code.clone()),
                    Span::styled(more, t.dim()),
                ]));
                if table.is_empty() {
                    lines.push(Line::from(strings::SCORES_NONE));
                } else {
                    let cols = columns(width);
                    let head: String = strings::SCORES_COLUMNS
                        .iter()
                        .zip(cols)
                        .map(|(h, w)| fit(h, w))
                        .collect();
                    lines.push(Line::styled(head, t.dim()));
                    for (i, g) in table.iter().enumerate() {
                        let marked = self.mark.as_deref() == Some(g.game.as_str());
                        let text = row(i + 1, g, cols, marked);
                        lines.push(if marked {
                            Line::styled(text, t.selected())
                        } else {
                            Line::from(text)
                        });
                    }
                }
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!("{} {}.", strings::SCORES_NOTE, records::FILE),
            t.dim(),
        ));
        if let Some(e) = &model.records_error {
            lines.push(Line::from(vec![
                Span::styled("✗ ", t.bad()),
                Span::raw(view::flat(e)),
            ]));
        }
        for problem in model.records.problems.iter().take(3) {
            lines.push(Line::from(vec![
                Span::styled("! ", t.warn()),
                Span::raw(view::flat(problem)),
            ]));
        }
        boxed(
            model,
            area,
            buf,
            strings::SCORES_TITLE,
            lines,
            Vec::new(),
            strings::SCORES_HINT,
        );
    }
}
