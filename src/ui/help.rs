//! The help overlay (`?`): every key, drawn from the bindings table in `keys.rs`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::keys;
use super::model::Model;
use super::strings;
use super::view::{self, centered, modal};

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let mut lines: Vec<Line<'static>> = keys::help_rows()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:>10}  ", b.label), t.key()),
                Span::raw(b.help),
            ])
        })
        .collect();
    lines.push(Line::from(vec![
        Span::styled(format!("{:>10}  ", "mouse"), t.key()),
        Span::raw("click a list item to select it"),
    ]));
    lines.push(Line::from(""));
    lines.push(Line::styled(
        "✓ possible  ✗ not possible  ▲ rising  ▼ falling  ─ steady",
        t.dim(),
    ));
    lines.push(Line::styled(
        "★ top priority  ? unknown  › selected  ▶ panel with the focus",
        t.dim(),
    ));
    lines.push(Line::styled(strings::HELP_CLOSE, t.dim()));
    let h = lines.len() as u16 + 2;
    let rect = centered(area, 72, h);
    modal(rect, buf, strings::HELP_TITLE, t);
    view::text(lines, view::inner(rect), buf);
}
