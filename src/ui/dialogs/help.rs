//! The help overlay (`?`): during a game, the objectives (every ending as a goal, with the
//! distance to each threshold and a projection at the recent trend), the briefing and the
//! level's glossary; then every key, drawn from the bindings table in `keys.rs`. It scrolls
//! (↑↓ a row, PgUp/PgDn a page) since at 80×24 it is taller than the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Dialog, Reply};
use crate::engine::Game;
use crate::objectives::{months_left, objectives};
use crate::ui::keys::{self, Ctx};
use crate::ui::model::Model;
use crate::ui::strings;
use crate::ui::theme::Theme;
use crate::ui::update::Msg;
use crate::ui::view::{self, centered, modal, num};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    /// Rows scrolled past (clamped when drawn).
    pub scroll: u16,
    /// The row the briefing starts on, where `b` scrolls to (during a game with one).
    pub briefing: Option<u16>,
}

impl Help {
    /// The help over `model`: during a game, knowing where its briefing is, so that `b`
    /// re-opens it (it leaves the news after the first action).
    pub fn over(model: &Model) -> Help {
        let briefing = model.game.as_ref().and_then(|g| {
            let game = g.session.game();
            if game.scenario().meta.briefing.trim().is_empty() {
                return None;
            }
            let lines = game_lines(game, &Theme::plain());
            let at = lines
                .iter()
                .position(|l| l.to_string() == strings::HELP_BRIEFING)?;
            let (w, _) = text_width(Rect::new(0, 0, model.size.0, model.size.1));
            Some(view::wrapped_height(&lines[..at], w))
        });
        Help {
            scroll: 0,
            briefing,
        }
    }

    /// How to close the help, and `b` only where there is a briefing to go to (not on the
    /// title screen, nor in a level without one).
    fn close_hint(&self) -> &'static str {
        if self.briefing.is_some() {
            strings::HELP_CLOSE_BRIEFING
        } else {
            strings::HELP_CLOSE
        }
    }
}

/// The help box's width and its text's (inside the border) for a screen `area`.
fn text_width(area: Rect) -> (u16, u16) {
    let w = area.width.saturating_sub(4).clamp(20, 76);
    (w.saturating_sub(2), w)
}

/// Rows a PgUp/PgDn moves the help.
const PAGE: u16 = 10;

impl Dialog for Help {
    fn ctx(&self) -> Ctx {
        Ctx::Help
    }

    fn hint(&self) -> &'static str {
        self.close_hint()
    }

    fn update(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Help | Msg::Back | Msg::Select | Msg::Quit => Reply::Close,
            Msg::Down => {
                self.scroll = self.scroll.saturating_add(1);
                Reply::Stay
            }
            Msg::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Reply::Stay
            }
            Msg::ScrollDown => {
                self.scroll = self.scroll.saturating_add(PAGE);
                Reply::Stay
            }
            Msg::ScrollUp => {
                self.scroll = self.scroll.saturating_sub(PAGE);
                Reply::Stay
            }
            Msg::Briefing => {
                if let Some(row) = self.briefing {
                    self.scroll = row;
                }
                Reply::Stay
            }
            _ => Reply::Stay,
        }
    }

    fn render(&self, model: &Model, area: Rect, buf: &mut Buffer) {
        let t = &model.theme;
        let mut lines = match &model.game {
            Some(g) => game_lines(g.session.game(), t),
            None => Vec::new(),
        };
        lines.push(Line::styled(strings::HELP_KEYS, t.heading()));
        // The level's dashboard panels, after the talks: their keys are the level's.
        let panels: Vec<Line<'static>> = model
            .game
            .iter()
            .flat_map(|g| g.session.game().scenario().dashboards.iter())
            .map(|d| {
                Line::from(vec![
                    Span::styled(format!("{:>10}  ", d.key), t.key()),
                    Span::raw(format!(
                        "{} — {}",
                        view::flat(&d.title),
                        strings::DASHBOARD_HELP
                    )),
                ])
            })
            .collect();
        let mut panels = Some(panels);
        for b in keys::help_rows() {
            lines.push(Line::from(vec![
                Span::styled(format!("{:>10}  ", b.label), t.key()),
                Span::raw(b.help),
            ]));
            if b.msg == Msg::Talks {
                lines.extend(panels.take().unwrap_or_default());
            }
        }
        lines.extend(panels.take().unwrap_or_default());
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
        lines.push(Line::styled(self.close_hint(), t.dim()));
        let (text_w, w) = text_width(area);
        let h = view::wrapped_height(&lines, text_w) + 2;
        let rect = centered(area, w, h.min(area.height));
        modal(rect, buf, strings::HELP_TITLE, t);
        view::scrolling_text(lines, self.scroll, rect, buf, t);
    }
}

/// Objectives, briefing and glossary of the game being played.
fn game_lines(game: &Game, t: &Theme) -> Vec<Line<'static>> {
    let s = game.scenario();
    let left = months_left(game);
    let mut lines = vec![Line::styled(strings::HELP_OBJECTIVES, t.heading())];
    for o in objectives(game) {
        let mark = if o.victory { "◎" } else { "⚠" };
        let style = if o.victory { t.good() } else { t.bad() };
        let mut head = vec![
            Span::styled(format!("{mark} {}", view::flat(&o.title)), style),
            Span::raw(format!("  {}%", num(o.progress * 100.0))),
        ];
        if o.at_time_limit {
            head.push(Span::styled(
                format!("  {}", strings::AT_TIME_LIMIT),
                t.dim(),
            ));
        }
        if o.hold > 1 {
            head.push(Span::styled(
                format!("  (must hold {} {}s)", o.hold, s.meta.turn_length.noun()),
                t.dim(),
            ));
        }
        if o.warning(left) {
            head.push(Span::styled(
                format!(
                    "  {}",
                    strings::per_turn(strings::COULD_COME, game.state().date().unit)
                ),
                t.bad(),
            ));
        }
        lines.push(Line::from(head));
        // A derived goal that is only thresholds would repeat the lines below it.
        if o.stated || o.other_parts > 0 {
            lines.push(Line::raw(format!("    {}", view::flat(&o.goal))));
        }
        for th in &o.thresholds {
            let label = view::flat(&s.var(th.var).label);
            let cmp = if th.above { "≥" } else { "≤" };
            let status = if th.met() {
                "✓ met".to_string()
            } else {
                let eta = match th.months_to_cross() {
                    Some(m) => format!(
                        "about {m} month{} at this rate",
                        if m == 1 { "" } else { "s" }
                    ),
                    None => "not at this rate".into(),
                };
                format!("✗ {} to go · {eta}", num(th.gap()))
            };
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "    {label} {} (needs {cmp} {}) ",
                    num(th.value),
                    num(th.at)
                )),
                Span::styled(status, if th.met() { t.good() } else { t.dim() }),
            ]));
        }
    }
    lines.push(Line::from(""));
    if !s.meta.briefing.trim().is_empty() {
        lines.push(Line::styled(strings::HELP_BRIEFING, t.heading()));
        lines.extend(view::para(&s.meta.briefing));
        lines.push(Line::from(""));
    }
    if !s.glossary.is_empty() {
        lines.push(Line::styled(strings::HELP_GLOSSARY, t.heading()));
        for g in &s.glossary {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", view::flat(&g.term)), t.bold()),
                Span::raw(view::flat(&g.text)),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines
}
