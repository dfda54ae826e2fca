//! Small boxes drawn over a screen: the save-name prompt (`s`), a y/n question, the choices
//! when a save does not load, and the warnings after a load that went on anyway.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::model::{LoadChoice, LoadProblem, Model, Notice, SavePrompt};
use super::strings;
use super::view::{self, centered, modal};

/// How many rows `lines` take when wrapped at `width` (a generous estimate).
fn wrapped_height(lines: &[Line<'_>], width: u16) -> u16 {
    let w = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| (l.width().max(1)).div_ceil(w) as u16)
        .sum()
}

/// A box of wrapped lines with a hint at the bottom, as tall as it needs (within `area`).
fn boxed(
    model: &Model,
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    lines: Vec<Line<'static>>,
    hint: &str,
) -> Rect {
    let w = area.width.saturating_sub(4).min(72);
    let text_h = wrapped_height(&lines, w.saturating_sub(2));
    let rect = centered(area, w, text_h + 4);
    modal(rect, buf, title, &model.theme);
    let inner = view::inner(rect);
    let body = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(2),
    );
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
    let hint_line = Line::styled(hint.to_string(), model.theme.dim());
    buf.set_line(
        inner.x,
        inner.bottom().saturating_sub(1),
        &hint_line,
        inner.width,
    );
    rect
}

/// A y/n question.
pub fn confirm(
    model: &Model,
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    question: &str,
    more: &[String],
) {
    let mut lines = vec![Line::styled(question.to_string(), model.theme.bold())];
    lines.extend(more.iter().map(|l| Line::from(l.clone())));
    boxed(model, area, buf, title, lines, strings::YES_NO);
}

/// The save-name prompt: the field with a cursor, why the last name was refused, and
/// whether the name would replace a save.
pub fn prompt(model: &Model, p: &SavePrompt, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let w = usize::from(area.width.saturating_sub(4).min(72).saturating_sub(2));
    // Show the end of a long name: that is where the player types.
    let room = w.saturating_sub(strings::PROMPT_LABEL.len() + 1);
    let chars: Vec<char> = p.input.chars().collect();
    let shown: String = chars[chars.len().saturating_sub(room)..].iter().collect();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(strings::PROMPT_LABEL, t.bold()),
            Span::styled(shown, t.selected()),
            Span::styled("▏", t.key()),
        ]),
        Line::from(""),
    ];
    if let Some(e) = &p.error {
        lines.push(Line::from(vec![
            Span::styled("✗ ", t.bad()),
            Span::raw(view::flat(e)),
        ]));
    } else if let Ok(slot) = crate::save::slot_name(&p.input)
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
        strings::PROMPT_HINT,
    );
}

fn choice_text(c: LoadChoice) -> &'static str {
    match c {
        LoadChoice::Backup => strings::PROBLEM_BACKUP,
        LoadChoice::Anyway => strings::PROBLEM_ANYWAY,
        LoadChoice::Back => strings::PROBLEM_BACK,
    }
}

/// Why a save did not load and what can be done: its backup, loading anyway, or back.
pub fn load_problem(model: &Model, p: &LoadProblem, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let mut lines = vec![
        Line::styled(format!("'{}'", p.key), t.bold()),
        Line::from(view::flat(&p.failure.message)),
        Line::from(""),
    ];
    for (i, c) in p.choices().into_iter().enumerate() {
        let selected = i == p.choice;
        let line = Line::from(vec![
            Span::raw(if selected { "› " } else { "  " }),
            Span::raw(choice_text(c)),
        ]);
        lines.push(if selected {
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
        strings::PROBLEM_HINT,
    );
}

/// A message that waits for Enter.
pub fn notice(model: &Model, n: &Notice, area: Rect, buf: &mut Buffer) {
    let lines = n
        .lines
        .iter()
        .map(|l| Line::from(format!("• {}", view::flat(l))))
        .collect();
    boxed(model, area, buf, &n.title, lines, strings::NOTICE_HINT);
}
