//! The event pop-up: an event that asks the player to choose, with its options (greyed and
//! marked when not possible now) and each option's tradeoff.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::engine::EventDef;

use super::model::{GameUi, Model};
use super::strings;
use super::view::{self, centered, fit, modal};

struct Areas {
    rect: Rect,
    text: Rect,
    options: Rect,
    hint: Rect,
}

fn layout(area: Rect, g: &GameUi) -> Areas {
    let game = g.session.game();
    let event = game.pending_event().map(|e| game.scenario().event(e));
    let n = event.map_or(0, |ev| ev.options.len()) as u16;
    let w = area.width.saturating_sub(8).min(84);
    // As tall as the wrapped text and the options need, no taller (and no taller than the
    // screen allows; the text is then cut at the bottom).
    let text_lines = event.map_or(1, |ev| {
        view::wrapped_height(&body(ev, Style::default()), w.saturating_sub(2))
    });
    let want = text_lines + 1 + n * 2 + 1 + 2;
    let rect = centered(area, w, want.min(area.height.saturating_sub(2)));
    let inner = view::inner(rect);
    let opts_h = (n * 2).min(inner.height.saturating_sub(4));
    let hint = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
    let options = Rect::new(inner.x, hint.y.saturating_sub(opts_h), inner.width, opts_h);
    let text = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        options.y.saturating_sub(inner.y + 1),
    );
    Areas {
        rect,
        text,
        options,
        hint,
    }
}

/// The event's category (if it has one) above its text.
fn body(ev: &EventDef, category: Style) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !ev.category.is_empty() {
        lines.push(Line::styled(ev.category.to_uppercase(), category));
    }
    lines.extend(view::para(&ev.text));
    lines
}

pub fn option_at(area: Rect, g: &GameUi, col: u16, row: u16) -> Option<usize> {
    let a = layout(area, g);
    if !view::contains(a.options, col, row) {
        return None;
    }
    let first = view::offset(g.option * 2, a.options.height) / 2;
    Some(first + usize::from(row - a.options.y) / 2)
}

pub fn render(model: &Model, g: &GameUi, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let game = g.session.game();
    let Some(id) = game.pending_event() else {
        return;
    };
    let ev = game.scenario().event(id);
    let a = layout(area, g);
    modal(a.rect, buf, &view::flat(&ev.title), t);
    view::text(body(ev, t.dim()), a.text, buf);

    let w = usize::from(a.options.width.saturating_sub(6));
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (i, o) in ev.options.iter().enumerate() {
        let ok = u8::try_from(i).is_ok_and(|i| game.option_available(i));
        let label = if ok {
            format!("{}. {}", i + 1, o.label)
        } else {
            format!("{}. {} {}", i + 1, o.label, strings::OPTION_UNAVAILABLE)
        };
        lines.push(Line::styled(
            fit(&label, w),
            if ok { t.bold() } else { t.dim() },
        ));
        lines.push(Line::styled(
            format!("   {}", fit(&o.tradeoff, w.saturating_sub(3))),
            t.dim(),
        ));
    }
    // Select both lines of the chosen option by drawing the selection on its label line and
    // marking the tradeoff line below it.
    view::list(lines, Some(g.option * 2), a.options, buf, t);
    let line = match &model.status {
        Some(s) => Line::from(vec![Span::styled("● ", t.warn()), Span::raw(view::flat(s))]),
        None => Line::styled(strings::EVENT_HINT, t.dim()),
    };
    buf.set_line(a.hint.x, a.hint.y, &line, a.hint.width);
}
