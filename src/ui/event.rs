//! The event pop-up: an event that asks the player to choose, with its options (greyed and
//! marked when not possible now) and each option's tradeoff.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::engine::{Decision, EffectKind, EventDef, Game, OptionDef};

use super::model::{GameUi, Model};
use super::strings;
use super::update::{Msg, month_ended, step};
use super::view::{self, centered, cost_num, fit, modal, num};

/// The option highlighted in the pop-up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    pub option: usize,
}

struct Areas {
    rect: Rect,
    text: Rect,
    options: Rect,
    hint: Rect,
    /// Rows each option takes (see [`rows_per_option`]).
    per_option: u16,
}

fn layout(area: Rect, g: &GameUi) -> Areas {
    let game = g.session.game();
    let event = game.pending_event().map(|e| game.scenario().event(e));
    let n = event.map_or(0, |ev| ev.options.len()) as u16;
    let w = area.width.saturating_sub(8).min(84);
    let per_option = event.map_or(2, |ev| rows_per_option(ev, w.saturating_sub(2)));
    // As tall as the wrapped text and the options need, no taller (and no taller than the
    // screen allows; the text is then cut at the bottom).
    let text_lines = event.map_or(1, |ev| {
        view::wrapped_height(&body(ev, Style::default()), w.saturating_sub(2))
    });
    let want = text_lines + 1 + n * per_option + 1 + 2;
    let rect = centered(area, w, want.min(area.height.saturating_sub(2)));
    let inner = view::inner(rect);
    let opts_h = (n * per_option).min(inner.height.saturating_sub(4));
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
        per_option,
    }
}

/// Rows an option takes: its label, then its tradeoff on one row, or on two when some
/// option's tradeoff needs them. Every option takes the same, so a click maps to one.
fn rows_per_option(ev: &EventDef, options_width: u16) -> u16 {
    let room = tradeoff_room(options_width);
    if ev
        .options
        .iter()
        .any(|o| view::width(&view::flat(&o.tradeoff)) > room)
    {
        3
    } else {
        2
    }
}

/// Columns for a row of tradeoff in an options area `width` wide: after the list's marker
/// (2) and the indent (3), one column short of the border.
fn tradeoff_room(width: u16) -> usize {
    usize::from(width.saturating_sub(6))
}

/// `text` on two rows of `room` columns, broken at a space; the second row ends in an
/// ellipsis if even two are not enough.
fn two_rows(text: &str, room: usize) -> [String; 2] {
    let text = view::flat(text);
    if view::width(&text) <= room {
        return [text, String::new()];
    }
    // The last space with at most `room` columns before it; else cut a long word at the
    // last character that fits.
    let mut columns = 0;
    let mut space = None;
    let mut fits = 0;
    for (at, c) in text.char_indices() {
        if c == ' ' && columns <= room {
            space = Some(at);
        }
        columns += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if columns > room {
            break;
        }
        fits = at + c.len_utf8();
    }
    let (first, rest) = text.split_at(space.unwrap_or(fits));
    [
        first.to_string(),
        fit(rest.trim_start(), room).trim_end().to_string(),
    ]
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
    let per = usize::from(a.per_option.max(1));
    let first = view::offset(g.event.option * per, a.options.height) / per;
    Some(first + usize::from(row - a.options.y) / per)
}

/// What an option does to the capital for certain (effects without a condition or a
/// chance), as the label's suffix: " · costs 3", " · +2 capital", or nothing.
fn option_price(game: &Game, o: &OptionDef) -> String {
    let capital = game.scenario().meta.capital;
    let change: f64 = o
        .effects
        .iter()
        .filter(|e| e.when.is_none() && e.chance.is_none())
        .filter_map(|e| match &e.kind {
            EffectKind::Add(v, x) if *v == capital => Some(game.eval(x)),
            _ => None,
        })
        .sum();
    if change <= -0.5 {
        format!(" · {} {}", strings::COST, cost_num(-change))
    } else if change >= 0.5 {
        format!(" · +{} {}", num(change), strings::CAPITAL.to_lowercase())
    } else {
        String::new()
    }
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
        let price = option_price(game, o);
        let label = if ok {
            format!("{}. {}{price}", i + 1, o.label)
        } else {
            format!(
                "{}. {}{price} {}",
                i + 1,
                o.label,
                strings::OPTION_UNAVAILABLE
            )
        };
        lines.push(Line::styled(
            fit(&label, w),
            if ok { t.bold() } else { t.dim() },
        ));
        // Every tradeoff fits one row unless the options were given two (`rows_per_option`).
        let rows = two_rows(&o.tradeoff, tradeoff_room(a.options.width));
        for row in rows.iter().take(usize::from(a.per_option) - 1) {
            lines.push(Line::styled(format!("   {row}"), t.dim()));
        }
    }
    // The selection is drawn on the chosen option's label row; its tradeoff rows follow.
    view::list(
        lines,
        Some(g.event.option * usize::from(a.per_option)),
        a.options,
        buf,
        t,
    );
    let line = match &model.status {
        Some(s) => Line::from(vec![Span::styled("● ", t.warn()), Span::raw(view::flat(s))]),
        None => Line::styled(strings::EVENT_HINT, t.dim()),
    };
    buf.set_line(a.hint.x, a.hint.y, &line, a.hint.width);
}

/// A message while an event waits for an answer (on any game screen). The answer is the
/// status line.
pub fn update(g: &mut GameUi, msg: Msg, size: Rect) -> Option<String> {
    let game = g.session.game();
    let event = game.pending_event()?;
    let n = game.scenario().event(event).options.len();
    match msg {
        Msg::Up => step(&mut g.event.option, n, false),
        Msg::Down => step(&mut g.event.option, n, true),
        Msg::Click(col, row) => {
            if let Some(i) = option_at(size, g, col, row) {
                g.event.option = i;
            }
        }
        Msg::Select => {
            if n == 0 {
                return None;
            }
            let Ok(index) = u8::try_from(g.event.option) else {
                return None;
            };
            // Say why rather than let the engine refuse it as if it did not exist.
            if let Some(why) = crate::projection::option_why_not(game, index) {
                let ev = game.scenario().event(event);
                let label = ev
                    .options
                    .get(g.event.option)
                    .map_or("", |o| o.label.as_str());
                let why = if why.is_empty() {
                    strings::OPTION_NOT_POSSIBLE.to_string()
                } else {
                    format!("{} {why}", strings::OPTION_NOT_POSSIBLE_BECAUSE)
                };
                return Some(format!("'{}' {why}", view::flat(label)));
            }
            return match g.session.apply(Decision::Choose {
                event,
                option: index,
            }) {
                Ok(()) => {
                    g.event.option = 0;
                    let game = g.session.game();
                    if game.pending_event().is_some() || game.is_over() {
                        return None;
                    }
                    month_ended(g)
                }
                Err(e) => Some(format!("Cannot: {e}.")),
            };
        }
        Msg::EndMonth | Msg::FastForward | Msg::Talks | Msg::Dashboard(_) => {
            return Some(crate::engine::EngineError::ChoicePending.to_string());
        }
        _ => {}
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{option_price, two_rows};
    use crate::engine::Game;
    use std::sync::Arc;

    const LEVEL: &str = r#"
[level]
id = "price"
title = "Price"
start = "2000-01"
months = 3
capital = "capital"
timeout_ending = "done"

[[variables]]
id = "capital"
start = 10

[[events]]
id = "ask"
title = "Ask"
text = "A request."
weight = 1
[[events.options]]
id = "pay"
label = "Pay"
tradeoff = "Costs."
effects = [{ add = "capital", amount = -2.4 }]
[[events.options]]
id = "gain"
label = "Gain"
tradeoff = "Pays."
effects = [{ add = "capital", amount = 3 }, { add = "capital", amount = -9, chance = 0.5 }]
[[events.options]]
id = "free"
label = "Free"
tradeoff = "Nothing."

[[endings]]
id = "done"
title = "Done"
text = "Time ran out."
grade = "C"
"#;

    #[test]
    fn an_option_shows_its_certain_capital_change_rounded_the_safe_way() {
        let (s, _) = crate::level::load_str("price.toml", LEVEL).expect("loads");
        let game = Game::new(Arc::new(s), 1);
        let ev = &game.scenario().events[0];
        let prices: Vec<String> = ev.options.iter().map(|o| option_price(&game, o)).collect();
        // A cost of 2.4 shows as 3 (costs round up); a chance effect is not certain.
        assert_eq!(prices, [" · cost 3", " · +3 capital", ""]);
    }

    #[test]
    fn a_long_tradeoff_breaks_at_a_space_and_the_rest_is_cut_with_an_ellipsis() {
        assert_eq!(two_rows("short", 10), ["short".to_string(), String::new()]);
        assert_eq!(
            two_rows("one two three four", 9),
            ["one two".to_string(), "three fo…".to_string()]
        );
        assert_eq!(
            two_rows("abcdefghijkl", 5),
            ["abcde".to_string(), "fghi…".to_string()]
        );
        assert_eq!(
            two_rows("A quick thaw; the relief is pocketed", 20),
            [
                "A quick thaw; the".to_string(),
                "relief is pocketed".to_string()
            ]
        );
        // Wide characters count two columns each.
        assert_eq!(
            two_rows("북한 대표단 도착", 8),
            ["북한".to_string(), "대표단 …".to_string()]
        );
    }
}
