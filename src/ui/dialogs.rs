//! Small boxes drawn over a screen: the save-name prompt (`s`), a y/n question, the choices
//! when a save does not load, and the warnings after a load that went on anyway.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::model::{LoadChoice, LoadProblem, Model, Notice, SavePrompt};
use super::strings;
use super::view::{self, centered, modal};

/// A box: `body` wrapped at the top, `tail` (one row each, never cut by the body) and the
/// hint at the bottom; as tall as it needs, within `area`.
fn boxed(
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
    boxed(model, area, buf, title, lines, Vec::new(), strings::YES_NO);
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
        Vec::new(),
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
    let lines = vec![
        Line::styled(format!("'{}'", p.key), t.bold()),
        Line::from(view::flat(&p.failure.message)),
    ];
    let mut choices = Vec::new();
    for (i, c) in p.choices().into_iter().enumerate() {
        let selected = i == p.choice;
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

/// A message that waits for Enter.
pub fn notice(model: &Model, n: &Notice, area: Rect, buf: &mut Buffer) {
    let lines = n
        .lines
        .iter()
        .map(|l| Line::from(format!("• {}", view::flat(l))))
        .collect();
    boxed(
        model,
        area,
        buf,
        &n.title,
        lines,
        Vec::new(),
        strings::NOTICE_HINT,
    );
}
