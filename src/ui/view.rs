//! The view: draws the model and nothing else. [`draw`] renders into any buffer (the real
//! terminal, TestBackend in tests, a bare buffer in benches): the screen that is up (one
//! file each), the event pop-up over a game screen, then the dialogs, bottom to top. The
//! small drawing helpers the screens share live here; text is measured in display columns
//! (a Korean or Chinese name takes two per character), never in `char`s.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

use super::dialogs::ConfirmQuit;
use super::model::{Model, Screen};
use super::theme::Theme;
use super::{dialogs, end, event, load, main_screen, picker, rewind, sanctions, strings, talks};
use super::{title, update};

pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    draw(model, area, frame.buffer_mut());
}

pub fn draw(model: &Model, area: Rect, buf: &mut Buffer) {
    if area.width < MIN_W || area.height < MIN_H {
        too_small(model, area, buf);
        return;
    }
    match model.screen {
        Screen::Title => title::render(model, area, buf),
        Screen::Load => load::render(model, area, buf),
        Screen::Picker => picker::render(model, area, buf),
        Screen::Main => main_screen::render(model, area, buf),
        Screen::Talks => talks::render(model, area, buf),
        Screen::Sanctions => sanctions::render(model, area, buf),
        Screen::End => end::render(model, area, buf),
        Screen::Rewind => rewind::render(model, area, buf),
    }
    if matches!(
        model.screen,
        Screen::Main | Screen::Talks | Screen::Sanctions
    ) && let Some(g) = &model.game
        && g.session.game().pending_event().is_some()
    {
        event::render(model, g, area, buf);
    }
    dialogs::render_all(model, area, buf);
}

/// Below 80×24: say so, at every size down to 1×1 (and ask the quit question there, the
/// one thing that works at that size).
fn too_small(model: &Model, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let text = if model.has_dialog::<ConfirmQuit>() {
        vec![Line::from(strings::CONFIRM_QUIT)]
    } else {
        vec![
            Line::from(strings::TOO_SMALL),
            Line::from(format!("(now {}×{})", area.width, area.height)),
        ]
    };
    let top = area.height.saturating_sub(2) / 2;
    let inner = Rect::new(area.x, area.y + top, area.width, area.height - top);
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// The part of a game screen between the two-line header and the one-line footer.
pub fn body(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 2,
        area.width,
        area.height.saturating_sub(3),
    )
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// Clear an area and draw a double-bordered box: pop-ups and overlays.
pub fn modal(rect: Rect, buf: &mut Buffer, title: &str, theme: &Theme) {
    Clear.render(rect, buf);
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.focus_border())
        .title(Span::styled(format!(" {title} "), theme.heading()))
        .render(rect, buf);
}

/// A panel: ▶ and a bold border mark the one with the focus (not colour alone).
pub fn panel(rect: Rect, buf: &mut Buffer, title: &str, focused: bool, theme: &Theme) {
    let (mark, style) = if focused {
        ("▶ ", theme.focus_border())
    } else {
        ("", theme.border())
    };
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(style)
        .title(Span::styled(format!(" {mark}{title} "), theme.heading()))
        .render(rect, buf);
}

/// The first line to show so that `selected` stays in view.
pub fn offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(usize::from(height.max(1)) - 1)
}

/// Draw lines as a scrolled list; the selected line is reversed and marked with ›.
pub fn list(
    lines: Vec<Line<'static>>,
    selected: Option<usize>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let first = selected.map_or(0, |s| offset(s, area.height));
    for (row, (i, line)) in lines
        .into_iter()
        .enumerate()
        .skip(first)
        .take(usize::from(area.height))
        .enumerate()
    {
        let y = area.y + row as u16;
        let is_sel = selected == Some(i);
        let mut spans = vec![Span::raw(if is_sel { "› " } else { "  " })];
        spans.extend(line.spans);
        let mut line = Line::from(spans);
        if is_sel {
            line = line.style(theme.selected());
            buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected());
        }
        buf.set_line(area.x, y, &line, area.width);
    }
}

/// Which list line a click at `row` hits, with the same scrolling as [`list`].
pub fn list_hit(area: Rect, selected: usize, len: usize, col: u16, row: u16) -> Option<usize> {
    if !contains(area, col, row) {
        return None;
    }
    let i = offset(selected, area.height) + usize::from(row - area.y);
    (i < len).then_some(i)
}

pub fn contains(area: Rect, col: u16, row: u16) -> bool {
    col >= area.x && col < area.right() && row >= area.y && row < area.bottom()
}

/// A paragraph that wraps.
pub fn text(lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    scrolled_text(lines, 0, area, buf);
}

/// A paragraph that wraps, its first `rows` wrapped rows scrolled out of view.
pub fn scrolled_text(lines: Vec<Line<'static>>, rows: u16, area: Rect, buf: &mut Buffer) {
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((rows, 0))
        .render(area, buf);
}

/// How far a pane of `lines` in the panel `rect` scrolls at a time (a page less one row, so
/// a line is seen twice) and at most (its wrapped rows beyond the pane).
pub fn scroll_pages(lines: &[Line<'_>], rect: Rect) -> (u16, u16) {
    let inner = inner(rect);
    let total = wrapped_height(lines, inner.width);
    (
        inner.height.saturating_sub(1).max(1),
        total.saturating_sub(inner.height),
    )
}

/// `lines` wrapped inside the panel `rect` (its border already drawn), scrolled down
/// `scroll` rows (at most to the end); when they do not fit, the bottom border says which
/// key shows the rest ("↓ PgDn", or "↑ PgUp" at the end).
pub fn scrolling_text(
    lines: Vec<Line<'static>>,
    scroll: u16,
    rect: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let (_, last) = scroll_pages(&lines, rect);
    let scroll = scroll.min(last);
    scrolled_text(lines, scroll, inner(rect), buf);
    if last > 0 {
        let more = if scroll < last {
            strings::MORE_BELOW
        } else {
            strings::MORE_ABOVE
        };
        let width = u16::try_from(width(more)).unwrap_or(u16::MAX);
        if rect.width > width + 2 && rect.height > 0 {
            buf.set_string(
                rect.right() - width - 2,
                rect.bottom() - 1,
                more,
                theme.key(),
            );
        }
    }
}

/// How many rows `lines` take when [`text`] wraps them at `width` columns.
pub fn wrapped_height(lines: &[Line<'_>], width: u16) -> u16 {
    let rows = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width);
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The bottom line: work in progress, else the status if there is one, else the key hints
/// (the top dialog's, or the screen's `hint`).
pub fn footer(model: &Model, hint: &str, area: Rect, buf: &mut Buffer) {
    let line = match (&model.working, &model.status) {
        (Some(w), _) => Line::from(vec![
            Span::styled(" ◌ ", model.theme.accent()),
            Span::raw(flat(w)),
        ]),
        (None, Some(s)) => Line::from(vec![
            Span::styled(" ● ", model.theme.warn()),
            Span::raw(flat(s)),
        ]),
        (None, None) => Line::styled(format!(" {}", update::hint(model, hint)), model.theme.dim()),
    };
    buf.set_line(area.x, area.y, &line, area.width);
}

/// A number as the meters show it (see [`crate::projection::num`]).
pub use crate::projection::{capital_num, cost_num, num};

/// A change with its sign: "+3", "−2.5".
pub fn delta(v: f64) -> String {
    // A change too small for a whole number still shows that something moved.
    if v != 0.0 && v.abs() < 0.5 {
        return if v < 0.0 {
            "−<1".into()
        } else {
            "+<1".into()
        };
    }
    if v < 0.0 {
        format!("−{}", num(-v))
    } else {
        format!("+{}", num(v))
    }
}

/// ▲ rising, ▼ falling, ─ steady.
pub fn arrow(d: f64) -> &'static str {
    if d > 0.05 {
        "▲"
    } else if d < -0.05 {
        "▼"
    } else {
        "─"
    }
}

/// A one-line sparkline of the last `width` values, scaled to the variable's range.
pub fn sparkline(values: &[f64], min: f64, max: f64, width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let span = (max - min).max(f64::EPSILON);
    let start = values.len().saturating_sub(width);
    values[start..]
        .iter()
        .map(|v| {
            let t = ((v - min) / span).clamp(0.0, 1.0);
            BARS[((t * 7.0).round() as usize).min(7)]
        })
        .collect()
}

/// A horizontal bar: `████░░░░`, `width` cells for the whole range.
pub fn bar(value: f64, min: f64, max: f64, width: usize) -> String {
    let span = (max - min).max(f64::EPSILON);
    let filled = ((((value - min) / span).clamp(0.0, 1.0)) * width as f64).round() as usize;
    let mut s = "█".repeat(filled.min(width));
    s.push_str(&"░".repeat(width - filled.min(width)));
    s
}

/// Text that may hold several paragraphs (level text keeps its newlines), one line each,
/// for a wrapping paragraph.
pub fn para(text: &str) -> Vec<Line<'static>> {
    text.lines().map(|l| Line::from(l.to_string())).collect()
}

/// Text for a single line: newlines become spaces.
pub fn flat(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// How many terminal columns `s` takes.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Pad or cut a string to exactly `width` columns (an ellipsis when cut), on one line. A
/// wide character that would straddle the edge is dropped and replaced by padding.
pub fn fit(s: &str, width: usize) -> String {
    let s = &flat(s);
    let w = s.width();
    if w <= width {
        format!("{s}{}", " ".repeat(width - w))
    } else if width == 0 {
        String::new()
    } else {
        let (cut, used) = s.unicode_truncate(width - 1);
        format!("{cut}…{}", " ".repeat(width - 1 - used))
    }
}

/// The end of `s` that fits in `width` columns (a text field shows where the player types).
pub fn tail(s: &str, width: usize) -> String {
    s.unicode_truncate_start(width).0.to_string()
}

pub fn styled(s: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(s.into(), style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_measures_columns_not_characters() {
        // Hangul and Han characters take two columns each; emoji too.
        assert_eq!(fit("북한", 6), "북한  ");
        assert_eq!(width(&fit("북한", 6)), 6);
        assert_eq!(fit("朝鮮民主主義", 7), "朝鮮民…");
        assert_eq!(width(&fit("朝鮮民主主義", 7)), 7);
        // The ellipsis column cannot hold half of a wide character: pad instead.
        assert_eq!(fit("朝鮮民主主義", 8), "朝鮮民… ");
        assert_eq!(width(&fit("🚀 launch", 5)), 5);
        assert_eq!(fit("plain", 3), "pl…");
        assert_eq!(tail("서울-평양", 5), "-평양");
    }

    #[test]
    fn wrapped_height_counts_rows_as_the_paragraph_draws_them() {
        let l = |s: &str| Line::from(s.to_string());
        assert_eq!(wrapped_height(&[l("one two three")], 20), 1);
        assert_eq!(wrapped_height(&[l("one two three")], 7), 2);
        // "aaaa bbbbbbbbbb": the long word moves to a new row and is cut across two.
        assert_eq!(wrapped_height(&[l("aaaa bbbbbbbbbb")], 6), 3);
        assert_eq!(wrapped_height(&[l(""), l("x")], 5), 2);
        // Whatever the text and the width, the rows counted are the rows drawn.
        let text = vec![
            l("Pyongyang fires a missile into the Sea of Japan. Some events wait for your answer."),
            l(""),
            l("A second paragraph, with a verylongwordthatcannotfitonanyrowatall in it."),
        ];
        for width in 4..40u16 {
            let rows = wrapped_height(&text, width);
            let area = Rect::new(0, 0, width, rows + 3);
            let mut buf = Buffer::empty(area);
            super::text(text.clone(), area, &mut buf);
            let drawn = (0..area.height)
                .filter(|&y| (0..width).any(|x| buf[(x, y)].symbol() != " "))
                .map(|y| y + 1)
                .max()
                .unwrap_or(0);
            assert_eq!(drawn, rows, "width {width}");
        }
    }
}
