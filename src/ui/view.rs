//! The view: draws the model and nothing else. [`draw`] renders into any buffer (the real
//! terminal, TestBackend in tests, a bare buffer in benches): the screen that is up (one
//! file each), the event pop-up over a game screen, then the dialogs, bottom to top. The
//! small drawing helpers the screens share live here; text is measured in display columns
//! (a Korean or Chinese name takes two per character), never in `char`s.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

use super::dialogs::ConfirmQuit;
use super::model::{Model, Screen};
use super::theme::Theme;
use super::{
    dashboard, dialogs, end, event, load, main_screen, picker, relations, rewind, strings, talks,
};
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
        Screen::Dashboard => dashboard::render(model, area, buf),
        Screen::Relations => relations::render(model, area, buf),
        Screen::End => end::render(model, area, buf),
        Screen::Rewind => rewind::render(model, area, buf),
    }
    if matches!(
        model.screen,
        Screen::Main | Screen::Talks | Screen::Dashboard | Screen::Relations
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
///
/// Drawn cell for cell as ratatui's `Block` with all borders and a left-aligned title
/// draws it (sides left, top, right, bottom, then the corners, then the title), minus the
/// `Block`'s first step: setting its own style, here the empty one, on every cell of the
/// rectangle, which changes nothing and was a sixth of a main-screen redraw (the panels
/// cover the whole screen). A test compares the two on every size up to 7×4 and more.
pub fn panel(rect: Rect, buf: &mut Buffer, title: &str, focused: bool, theme: &Theme) {
    let (mark, style, set) = if focused {
        ("▶ ", theme.focus_border(), border::THICK)
    } else {
        ("", theme.border(), border::PLAIN)
    };
    let area = rect.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let (left, top) = (area.left(), area.top());
    let right = area.right().saturating_sub(1);
    let bottom = area.bottom().saturating_sub(1);
    let mut put = |x: u16, y: u16, symbol: &str| {
        buf[(x, y)].set_symbol(symbol).set_style(style);
    };
    for y in top..=bottom {
        put(left, y, set.vertical_left);
    }
    for x in left..=right {
        put(x, top, set.horizontal_top);
    }
    for y in top..=bottom {
        put(right, y, set.vertical_right);
    }
    for x in left..=right {
        put(x, bottom, set.horizontal_bottom);
    }
    put(right, bottom, set.bottom_right);
    put(right, top, set.top_right);
    put(left, bottom, set.bottom_left);
    put(left, top, set.top_left);
    let title = Line::from(Span::styled(format!(" {mark}{title} "), theme.heading()));
    let room = Rect {
        x: left.saturating_add(1),
        y: top,
        width: area.width.saturating_sub(2),
        height: 1,
    };
    if !room.is_empty() {
        let width = u16::try_from(title.width()).unwrap_or(u16::MAX);
        title.render(
            Rect {
                width: width.min(room.width),
                ..room
            },
            buf,
        );
    }
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
        set_line(buf, area.x, y, &line, area.width);
    }
}

/// [`Buffer::set_line`], with a span of printable ASCII written a cell a character. Every
/// such character is a grapheme of its own, one column wide, so this is what `set_line`
/// writes, without its grapheme segmentation (about 200 instructions a cell, half of a
/// main-screen redraw went on it). Other spans go through `Buffer::set_stringn` as there.
/// A test compares the two.
pub fn set_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) -> (u16, u16) {
    let mut remaining_width = max_width;
    let mut x = x;
    for span in line {
        if remaining_width == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        let end = if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            let room = buf.area.right().saturating_sub(x).min(remaining_width);
            let n = u16::try_from(text.len()).unwrap_or(u16::MAX).min(room);
            for (i, at) in (x..x + n).enumerate() {
                buf[(at, y)].set_symbol(&text[i..=i]).set_style(style);
            }
            x + n
        } else {
            buf.set_stringn(x, y, text, usize::from(remaining_width), style)
                .0
        };
        remaining_width = remaining_width.saturating_sub(end.saturating_sub(x));
        x = end;
    }
    (x, y)
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
    let inner = inner(rect);
    // One paragraph both counts the rows and draws them (counting a copy cost a clone).
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = u16::try_from(paragraph.line_count(inner.width)).unwrap_or(u16::MAX);
    let last = total.saturating_sub(inner.height);
    let scroll = scroll.min(last);
    // Drawn in the rows that have text only: a paragraph first sets its style, the empty
    // one, on every cell of its area (twice), which changes nothing but cost a fourteenth
    // of a main-screen redraw when a short text sat in a tall pane.
    let rows = total.saturating_sub(scroll).min(inner.height);
    paragraph.scroll((scroll, 0)).render(
        Rect {
            height: rows,
            ..inner
        },
        buf,
    );
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

/// `s` shortened to at most `width` columns by one stated rule, so a label cut at 80×24
/// still reads (the details pane and the help always give it whole):
///
/// 1. if it fits, it is left alone;
/// 2. a part in brackets goes ("EU3 (France, Germany, UK)" → "EU3");
/// 3. the longest word is cut, just enough and to no fewer than three letters, and marked
///    with a full stop; then the next longest, and so on (ties: the later word, so the
///    first word, usually the subject, keeps longest) — "Opposition in Congress" →
///    "Opp. in Congress", "Hardliners in Tehran" → "Hardl. in Tehran";
/// 4. the same without the small words (of, the, a, an, in, on, to, for, and), if that
///    loses fewer letters in all (a dropped word's letters count double);
/// 5. whatever is still too long is cut with an ellipsis — and so is any text of more
///    than four words, or one that would need more than two words cut: prose with its
///    words clipped ("A securi. gua. and san. relief") reads worse than prose cut short.
///
/// Numbers ("3.67%"), acronyms ("IAEA") and words under five letters are never cut. Not padded: [`fit`] pads.
/// `s` cut to `width` columns with an ellipsis, never one after a space ("verifies…").
fn ellipsis(s: &str, width: usize) -> String {
    let cut = fit(s, width);
    let cut = cut.trim_end();
    match cut.strip_suffix('…') {
        Some(head) => format!("{}…", head.trim_end()),
        None => cut.to_string(),
    }
}

/// A label of more words than this is prose: cut with an ellipsis, never abbreviated.
const MAX_ABBREV_WORDS: usize = 4;
/// At most this many words of a label are shortened.
const MAX_CUT_WORDS: usize = 2;

pub fn abbrev(s: &str, width: usize) -> String {
    let s = flat(s).trim().to_string();
    if self::width(&s) <= width {
        return s;
    }
    let bare = without_brackets(&s);
    let s = if bare.is_empty() { s } else { bare };
    if self::width(&s) <= width {
        return s;
    }
    if s.split_whitespace().count() > MAX_ABBREV_WORDS {
        return ellipsis(&s, width);
    }
    let words = split_words(&s);
    const SMALL: [&str; 9] = ["of", "the", "a", "an", "in", "on", "to", "for", "and"];
    let small_gone: Vec<_> = words
        .iter()
        .filter(|(w, _, _)| !SMALL.contains(&w.to_lowercase().as_str()))
        .cloned()
        .collect();
    let dropped = |kept: &[(String, String, bool)]| -> usize {
        let all: usize = words.iter().map(|(w, _, _)| w.chars().count()).sum();
        all - kept
            .iter()
            .map(|(w, _, _)| w.chars().count())
            .sum::<usize>()
    };
    // With the small words, and without them: whichever loses fewer letters (a dropped
    // word's count double, a tie keeps them).
    let with = cut_words(words.clone(), width);
    let without = if small_gone.is_empty() {
        None
    } else {
        let gone = dropped(&small_gone);
        // A dropped word counts double: its meaning goes with it.
        cut_words(small_gone.clone(), width).map(|(text, lost)| (text, lost + 2 * gone))
    };
    match (with, without) {
        (Some((a, la)), Some((b, lb))) => {
            if lb < la {
                b
            } else {
                a
            }
        }
        (Some((a, _)), None) | (None, Some((a, _))) => a,
        (None, None) => {
            let rest = if small_gone.is_empty() {
                words
            } else {
                small_gone
            };
            ellipsis(&join_words(&rest), width)
        }
    }
}

/// Words with their separators, a cut one marked with a full stop.
/// `s`'s words, each with the separator after it (a space, a hyphen, a dash, a slash, or
/// nothing after the last) and whether it has been shortened (not yet).
fn split_words(s: &str) -> Vec<(String, String, bool)> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        if matches!(c, ' ' | '-' | '–' | '/') {
            words.push((std::mem::take(&mut word), c.to_string(), false));
        } else {
            word.push(c);
        }
    }
    words.push((word, String::new(), false));
    words
}

fn join_words(words: &[(String, String, bool)]) -> String {
    words
        .iter()
        .map(|(w, sep, cut)| format!("{w}{}{sep}", if *cut { "." } else { "" }))
        .collect()
}

/// Rule 3 of [`abbrev`]: cut the longest words until the text fits in `width` columns;
/// the text and the letters lost, or `None` if cutting is not enough.
fn cut_words(mut words: Vec<(String, String, bool)>, width: usize) -> Option<(String, usize)> {
    // Printable ASCII takes one column a character, so its width is kept as a running sum
    // instead of re-joining and re-measuring the words after every letter cut (that was
    // two thirds of `abbrev`'s cost in a redraw). Anything else is measured joined, as
    // before: a sum of widths is not the width of every Unicode text.
    let printable = |t: &str| t.bytes().all(|b| (0x20..0x7f).contains(&b));
    let mut sum = words
        .iter()
        .all(|(w, sep, _)| printable(w) && printable(sep))
        .then(|| {
            words
                .iter()
                .map(|(w, sep, cut)| w.len() + usize::from(*cut) + sep.len())
                .sum::<usize>()
        });
    let measure = |words: &[(String, String, bool)], sum: Option<usize>| {
        sum.unwrap_or_else(|| self::width(&join_words(words)))
    };
    let mut lost = 0;
    let mut done = vec![false; words.len()];
    loop {
        if measure(&words, sum) <= width {
            return Some((join_words(&words), lost));
        }
        if done.iter().filter(|d| **d).count() >= MAX_CUT_WORDS {
            return None;
        }
        let i = word_to_cut(&words, &done)?;
        done[i] = true;
        // Cut it just enough, down to three letters.
        while measure(&words, sum) > width && words[i].0.chars().count() > 3 {
            words[i].0.pop();
            // One letter fewer; the full stop comes with the first letter cut.
            sum = sum.map(|n| n - 1 + usize::from(!words[i].2));
            words[i].2 = true;
            lost += 1;
        }
    }
}

/// The word [`cut_words`] shortens next: the longest not yet cut (`done`) that can lose a
/// letter (ties: the later one).
fn word_to_cut(words: &[(String, String, bool)], done: &[bool]) -> Option<usize> {
    words
        .iter()
        .enumerate()
        .filter(|(i, (w, _, _))| {
            // Five letters at least (a shorter one gains nothing), and not an acronym
            // ("IAEA") or a number.
            !done[*i]
                && w.chars().count() > 4
                && w.chars().all(char::is_alphabetic)
                && !w.chars().all(char::is_uppercase)
        })
        .max_by_key(|(i, (w, _, _))| (w.chars().count(), *i))
        .map(|(i, _)| i)
}

/// `s` without its bracketed parts, spaces tidied.
fn without_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`abbrev`], padded to exactly `width` columns (for tables).
pub fn fit_abbrev(s: &str, width: usize) -> String {
    fit(&abbrev(s, width), width)
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
    fn set_line_writes_what_the_buffers_set_line_writes() {
        use ratatui::style::{Color, Modifier};
        let spans: Vec<Span<'static>> = vec![
            Span::raw("› "),
            Span::raw("  "),
            Span::styled("Consult Pyongyang", Style::new().fg(Color::Cyan)),
            Span::styled("   4", Style::new().add_modifier(Modifier::DIM)),
            Span::raw("북한 test"),
            Span::raw("tab\there"),
            Span::raw("del\x7fhere"),
            Span::raw("e\u{301}cole"),
            Span::raw(""),
            Span::raw("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./ 0123456789"),
            Span::styled("▲ ▅▅ ─", Style::new().fg(Color::Red)),
        ];
        let mut lines = Vec::new();
        for i in 0..spans.len() {
            for j in i..spans.len().min(i + 4) {
                let line = Line::from(spans[i..=j].to_vec());
                lines.push(line.clone());
                lines.push(line.style(Style::new().add_modifier(Modifier::REVERSED)));
            }
        }
        let area = Rect::new(2, 1, 30, 3);
        for line in &lines {
            for x in [2, 3, 20, 31] {
                for max_width in [0, 1, 2, 5, 17, 30, u16::MAX] {
                    let mut ours = Buffer::empty(area);
                    let mut theirs = Buffer::empty(area);
                    ours.set_string(2, 2, "x".repeat(30), Style::new().fg(Color::Green));
                    theirs.set_string(2, 2, "x".repeat(30), Style::new().fg(Color::Green));
                    let a = set_line(&mut ours, x, 2, line, max_width);
                    let b = theirs.set_line(x, 2, line, max_width);
                    assert_eq!((a, &ours), (b, &theirs), "{line:?} at {x} in {max_width}");
                }
            }
        }
    }

    #[test]
    fn scrolling_text_draws_what_a_paragraph_over_the_whole_pane_draws() {
        // As it was drawn before: the paragraph given the whole inside of the panel.
        fn whole_pane(lines: Vec<Line<'static>>, scroll: u16, rect: Rect, buf: &mut Buffer) {
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
                    let key = Theme::plain().key();
                    buf.set_string(rect.right() - width - 2, rect.bottom() - 1, more, key);
                }
            }
        }
        let texts: [&[&str]; 5] = [
            &[],
            &["one line"],
            &[
                "Consult Pyongyang through New York",
                "",
                "cost 4 · ✓ available",
            ],
            &[
                "A long paragraph that has to wrap several times inside a narrow pane, with \
                 words of various lengths and a 북한 name in the middle of it all.",
                "  indented   spaces  kept ",
                "",
                "last",
            ],
            &["x"; 40],
        ];
        // Over text already there, as a panel's inside is not always blank.
        let backdrop = || {
            let area = Rect::new(0, 0, 64, 32);
            let mut buf = Buffer::empty(area);
            for y in 0..area.height {
                buf.set_string(
                    0,
                    y,
                    "abc 북한 ".repeat(8),
                    Style::new().fg(ratatui::style::Color::Red),
                );
            }
            buf
        };
        for text in texts {
            for (w, h) in [(0, 0), (2, 2), (3, 3), (12, 5), (30, 8), (60, 30)] {
                for scroll in [0, 1, 3, 100] {
                    let rect = Rect::new(1, 1, w, h);
                    let lines: Vec<Line<'static>> = text
                        .iter()
                        .map(|l| Line::styled(l.to_string(), Theme::plain().heading()))
                        .collect();
                    let mut ours = backdrop();
                    let mut theirs = backdrop();
                    scrolling_text(lines.clone(), scroll, rect, &mut ours, &Theme::plain());
                    whole_pane(lines, scroll, rect, &mut theirs);
                    assert_eq!(ours, theirs, "{text:?} {w}x{h} scrolled {scroll}");
                }
            }
        }
    }

    /// [`panel`] as ratatui's `Block` drew it before it drew its own borders.
    fn block_panel(rect: Rect, buf: &mut Buffer, title: &str, focused: bool, theme: &Theme) {
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

    #[test]
    fn panels_are_drawn_cell_for_cell_as_a_block_draws_them() {
        // Over text already in the buffer (styled, and a wide character the border cuts),
        // in every small size, partly off the buffer, and at the sizes the screens use.
        let backdrop = |area: Rect| {
            let mut buf = Buffer::empty(area);
            for y in area.top()..area.bottom() {
                let text = if y % 2 == 0 {
                    "북한 text"
                } else {
                    "abc def ghi jkl"
                };
                buf.set_string(
                    area.x,
                    y,
                    text.repeat(14),
                    Style::new().fg(ratatui::style::Color::Red),
                );
            }
            buf
        };
        // (the buffer, the panel): a buffer that does not start at the origin, too.
        let small = Rect::new(0, 0, 12, 8);
        let mut cases = Vec::new();
        for w in 0..8 {
            for h in 0..5 {
                cases.push((small, Rect::new(1, 1, w, h)));
                cases.push((Rect::new(2, 1, 10, 6), Rect::new(1, 0, w, h)));
            }
        }
        let screen = Rect::new(0, 0, 200, 60);
        cases.extend([
            (screen, screen),
            (screen, Rect::new(3, 2, 90, 12)),
            (screen, Rect::new(150, 50, 80, 20)),
            (small, Rect::new(11, 7, 5, 5)),
            (small, Rect::new(20, 0, 5, 5)),
        ]);
        let titles = [
            "",
            "Meters",
            "Parties  (Tab: News)",
            "북한 당사자",
            &"x".repeat(300),
        ];
        for theme in [Theme::plain(), Theme { color: true }] {
            for (area, rect) in &cases {
                for title in titles {
                    for focused in [false, true] {
                        let mut ours = backdrop(*area);
                        let mut theirs = backdrop(*area);
                        panel(*rect, &mut ours, title, focused, &theme);
                        block_panel(*rect, &mut theirs, title, focused, &theme);
                        assert_eq!(ours, theirs, "{area:?} {rect:?} {title:?} {focused}");
                    }
                }
            }
        }
    }

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
    fn abbreviations_follow_the_stated_rule() {
        // Fits: untouched.
        assert_eq!(abbrev("Tension", 16), "Tension");
        // Brackets go first.
        assert_eq!(abbrev("EU3 (France, Germany, UK)", 16), "EU3");
        // The longest word, just enough, marked with a full stop.
        assert_eq!(abbrev("Opposition in Congress", 16), "Opp. in Congress");
        assert_eq!(abbrev("Hardliners in Tehran", 16), "Hardl. in Tehran");
        assert_eq!(abbrev("Intelligence coverage", 16), "Intell. coverage");
        // Ties go to the later word; hyphens separate words.
        assert_eq!(abbrev("Stockpile reduction", 15), "Stockpile redu.");
        assert_eq!(abbrev("Luxury-goods sanctions", 16), "Luxu.-goods san.");
        // Numbers are never cut; small words go before the ellipsis.
        assert_eq!(
            abbrev("3.67% with 5,060 centrifuges", 22),
            "3.67% with 5,060 cent."
        );
        // Prose (more than four words) is cut, not abbreviated: clipped words read worse.
        assert_eq!(
            abbrev("relief after the IAEA verifies each step", 32),
            "relief after the IAEA verifies…"
        );
        assert_eq!(
            abbrev("A security guarantee and sanctions relief", 30),
            "A security guarantee and sanc…"
        );
        // At most two words are shortened; a third would be needed here, so it is cut.
        assert_eq!(
            abbrev("Humanitarian situation assessment", 20),
            "Hum. situation asse."
        );
        assert_eq!(
            abbrev("Humanitarian situation assessment", 14),
            "Humanitarian…"
        );
        // Never wider than asked, whatever the text.
        for w in 0..30 {
            for text in [
                "A security guarantee and sanctions relief",
                "北朝鮮の核計画",
                "x",
            ] {
                assert!(width(&abbrev(text, w)) <= w, "{text} at {w}");
                assert_eq!(width(&fit_abbrev(text, w)), w);
            }
        }
    }

    /// `cut_words` as it was before it kept a running sum: re-join and re-measure the words
    /// after every letter (the word it cuts is chosen by the same `word_to_cut`).
    fn cut_words_measured(
        mut words: Vec<(String, String, bool)>,
        width: usize,
    ) -> Option<(String, usize)> {
        let mut lost = 0;
        let mut done = vec![false; words.len()];
        loop {
            let text = join_words(&words);
            if super::width(&text) <= width {
                return Some((text, lost));
            }
            if done.iter().filter(|d| **d).count() >= MAX_CUT_WORDS {
                return None;
            }
            let i = super::word_to_cut(&words, &done)?;
            done[i] = true;
            while super::width(&join_words(&words)) > width && words[i].0.chars().count() > 3 {
                words[i].0.pop();
                words[i].2 = true;
                lost += 1;
            }
        }
    }

    #[test]
    fn cutting_words_by_a_running_sum_cuts_as_measuring_does() {
        for text in [
            "Opposition in Congress",
            "Luxury-goods sanctions",
            "Humanitarian situation assessment",
            "Six Party Talks",
            "Nuclear programme",
            "Hardliners in Tehran",
            "US–ROK exercises",
            "Banco Delta Asia/Treasury",
            "Führungsstärke Öffentlichkeit",
            "北朝鮮の核計画 negotiations",
            "a",
            "",
        ] {
            for width in 0..40 {
                assert_eq!(
                    cut_words(split_words(text), width),
                    cut_words_measured(split_words(text), width),
                    "{text} at {width}"
                );
            }
        }
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
