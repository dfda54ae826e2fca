//! The talks: build a package term by term while every party's projected reaction updates
//! live (precise reasons where its priorities are known, vague where not), then table it.
//! The draft package stays as built when the player leaves the talks and comes back.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::{Reason, Stance, Verdict};

use crate::session::Session;

use super::main_screen::header;
use super::model::{GameUi, Model, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, end_month, scroll_pane, step};
use super::view::{self, delta, fit_abbrev, footer, num, panel};

/// The package being drafted and what became of the last one tabled.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The package being built, one level per term.
    pub package: Vec<u8>,
    pub term: usize,
    /// Every party's answer to the last package tabled this visit to the talks.
    pub tabled: Option<Vec<Verdict>>,
    /// Rows of the reactions pane scrolled past with PgDn; any other key resets it.
    pub scroll: u16,
}

impl State {
    /// A draft starting from the deal in force.
    pub fn new(session: &Session) -> Self {
        State {
            package: session.game().state().deal_levels().to_vec(),
            term: 0,
            tabled: None,
            scroll: 0,
        }
    }
}

/// `t` from another game screen: the talks, with the draft as it was left.
pub fn enter(g: &mut GameUi, screen: &mut Screen) -> Option<String> {
    let game = g.session.game();
    if game.scenario().deal.is_none() {
        return Some(strings::TALKS_NO_DEAL.into());
    }
    let terms = game.scenario().terms.len();
    // A draft from another level shape (never, but cheap to guard) starts from the deal.
    if g.talks.package.len() != terms {
        g.talks.package = game.state().deal_levels().to_vec();
    }
    g.talks.tabled = None;
    g.talks.scroll = 0;
    *screen = Screen::Talks;
    None
}

struct Areas {
    terms: Rect,
    info: Rect,
    reactions: Rect,
}

fn layout(area: Rect, g: &GameUi) -> Areas {
    let body = view::body(area);
    let left_w = (body.width / 2).max(40).min(body.width);
    let n = g.session.game().scenario().terms.len() as u16;
    let terms_h = (n + 2).min(body.height.saturating_sub(8)).max(3);
    Areas {
        terms: Rect::new(body.x, body.y, left_w, terms_h),
        info: Rect::new(
            body.x,
            body.y + terms_h,
            left_w,
            body.height.saturating_sub(terms_h),
        ),
        reactions: Rect::new(
            body.x + left_w,
            body.y,
            body.width.saturating_sub(left_w),
            body.height,
        ),
    }
}

pub fn term_at(area: Rect, g: &GameUi, col: u16, row: u16) -> Option<usize> {
    let a = layout(area, g);
    let n = g.session.game().scenario().terms.len();
    view::list_hit(view::inner(a.terms), g.talks.term, n, col, row)
}

pub fn stance_span(stance: Stance, t: &Theme) -> Span<'static> {
    match stance {
        Stance::Accept => Span::styled(strings::ACCEPT, t.good()),
        Stance::Lukewarm => Span::styled(strings::LUKEWARM, t.warn()),
        Stance::Reject => Span::styled(strings::REJECT, t.bad()),
    }
}

/// Why a party answers as it does: precise when its priorities are known, vague otherwise.
pub fn reasons(g: &GameUi, v: &Verdict, t: &Theme) -> Vec<Line<'static>> {
    let game = g.session.game();
    let s = game.scenario();
    if !game.state().is_revealed(v.party) {
        let text = if v.red_lines_crossed() > 0 {
            strings::VAGUE_RED_LINE
        } else {
            match v.stance {
                Stance::Accept => strings::VAGUE_CONTENT,
                Stance::Lukewarm => strings::VAGUE_CLOSE,
                Stance::Reject => strings::VAGUE_FAR,
            }
        };
        return vec![Line::from(format!("  {text}"))];
    }
    let mut lines = vec![Line::styled(
        format!("  score {} · needs {}", num(v.score), num(v.reservation)),
        t.dim(),
    )];
    for r in v.reasons.iter().take(3) {
        lines.push(match r {
            Reason::RedLine { term, reason } => Line::from(vec![
                Span::styled("  ✗ red line ", t.bad()),
                Span::raw(view::flat(&format!("{}: {reason}", s.term(*term).name))),
            ]),
            Reason::Term { term, contribution } => Line::from(vec![
                Span::styled(
                    format!("  {:>4} ", delta(*contribution)),
                    if *contribution >= 0.0 {
                        t.good()
                    } else {
                        t.bad()
                    },
                ),
                Span::raw(s.term(*term).name.clone()),
            ]),
        });
    }
    lines
}

/// The reactions pane: its title and every party's stance on the package with the reasons,
/// as projected, or as answered once the package has been tabled.
fn reactions(g: &GameUi, t: &Theme) -> (&'static str, Vec<Line<'static>>) {
    let game = g.session.game();
    let s = game.scenario();
    let (title, verdicts) = match &g.talks.tabled {
        Some(v) => (strings::TALKS_ANSWERS, v.clone()),
        None => (strings::TALKS_REACTIONS, game.assess(&g.talks.package)),
    };
    let mut lines = Vec::new();
    let accepting = verdicts.iter().filter(|v| v.accepts()).count();
    lines.push(Line::styled(
        format!("{accepting} of {} would accept", verdicts.len()),
        t.bold(),
    ));
    for v in &verdicts {
        let party = s.party(v.party);
        let mut head = vec![
            Span::styled(fit_abbrev(&party.name, 16), t.bold()),
            stance_span(v.stance, t),
        ];
        if !game.state().is_revealed(v.party) {
            head.push(Span::styled(
                format!("  {}", strings::HIDDEN_PRIORITIES),
                t.dim(),
            ));
        }
        lines.push(Line::from(head));
        lines.extend(reasons(g, v, t));
    }
    (title, lines)
}

/// How far the reactions pane scrolls at a time and at most ([`view::scroll_pages`]).
pub fn reaction_pages(size: Rect, g: &GameUi) -> (u16, u16) {
    view::scroll_pages(&reactions(g, &Theme::plain()).1, layout(size, g).reactions)
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let Some(g) = &model.game else { return };
    let t = &model.theme;
    let game = g.session.game();
    let s = game.scenario();
    header(g, t, Rect::new(area.x, area.y, area.width, 2), buf);
    let a = layout(area, g);

    panel(a.terms, buf, strings::TALKS_TERMS, true, t);
    // Inner width less the list's "› ".
    let w = usize::from(a.terms.width.saturating_sub(4));
    // As wide as the longest name needs, up to half the panel; what is cut is abbreviated
    // by view::abbrev's rule, and the selected term is written out whole below.
    let longest = s
        .terms
        .iter()
        .map(|t| view::width(&t.name))
        .max()
        .unwrap_or(8);
    let name_w = longest.clamp(8, (w / 2).max(8));
    let lines: Vec<Line<'static>> = s
        .term_ids()
        .zip(&g.talks.package)
        .map(|(id, &level)| {
            let term = s.term(id);
            let left = if level > 0 { "◀" } else { " " };
            let right = if level < term.max_level { "▶" } else { " " };
            let label = term.level_label(level);
            let style = if level > 0 { t.bold() } else { t.dim() };
            Line::from(vec![
                Span::raw(fit_abbrev(&term.name, name_w)),
                Span::raw(format!(" {left} ")),
                Span::styled(fit_abbrev(label, w.saturating_sub(name_w + 5)), style),
                Span::raw(format!(" {right}")),
            ])
        })
        .collect();
    view::list(lines, Some(g.talks.term), view::inner(a.terms), buf, t);

    panel(a.info, buf, "Term and tabling", false, t);
    let mut info = Vec::new();
    if let Some(term) = s.terms.get(g.talks.term) {
        info.push(Line::styled(
            format!("{} ({})", term.name, term.group),
            t.heading(),
        ));
        // The level in full (the list may abbreviate it), and where ←→ lead.
        let level = g.talks.package.get(g.talks.term).copied().unwrap_or(0);
        info.push(Line::from(vec![
            Span::styled(format!("{}: ", strings::TERM_NOW), t.bold()),
            Span::raw(view::flat(term.level_label(level))),
            Span::styled(format!("  ({level} of {})", term.max_level), t.dim()),
        ]));
        if level < term.max_level {
            info.push(Line::styled(
                format!(
                    "  ▶ {}",
                    view::flat(term.level_label(level.saturating_add(1)))
                ),
                t.dim(),
            ));
        }
        if !term.description.is_empty() {
            info.extend(view::para(&term.description));
        }
    }
    let st = game.state();
    if st.has_deal() {
        let terms: Vec<String> = s
            .term_ids()
            .zip(st.deal_levels())
            .filter(|(_, l)| **l > 0)
            .map(|(id, l)| format!("{}: {}", s.term(id).name, s.term(id).level_label(*l)))
            .collect();
        info.push(Line::from(vec![
            Span::styled(format!("{}: ", strings::CURRENT_DEAL), t.bold()),
            Span::raw(terms.join("; ")),
        ]));
    }
    info.push(match game.check_table() {
        Ok(cost) => Line::from(vec![
            Span::styled("✓ ", t.good()),
            Span::raw(format!(
                "Enter tables this package ({} {})",
                strings::COST,
                num(cost)
            )),
        ]),
        Err(e) => Line::from(vec![
            Span::styled("✗ cannot table now: ", t.bad()),
            Span::raw(crate::projection::why_not(&e)),
        ]),
    });
    // The memo's first step: what each party needs most, where we know it.
    info.push(Line::from(""));
    info.push(Line::styled("What each party needs most", t.bold()));
    // Whole, wrapped (the list on the main screen may abbreviate them).
    for p in s.party_ids() {
        let party = s.party(p);
        info.push(if st.is_revealed(p) {
            Line::from(vec![
                Span::styled(format!("  {}: ", view::flat(&party.name)), t.bold()),
                Span::raw(format!("★ {}", view::flat(&party.top_priority))),
            ])
        } else {
            Line::from(vec![
                Span::styled(format!("  {}: ", view::flat(&party.name)), t.bold()),
                Span::styled("? unknown — consult them", t.dim()),
            ])
        });
    }
    view::text(info, view::inner(a.info), buf);

    let (title, lines) = reactions(g, t);
    panel(a.reactions, buf, title, false, t);
    view::scrolling_text(lines, g.talks.scroll, a.reactions, buf, t);
    footer(
        model,
        strings::TALKS_HINT,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

/// A message for the talks (no event is waiting). The answer is the status line.
pub fn update(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    let mut scroll = g.talks.scroll;
    let scrolled = scroll_pane(&mut scroll, msg, || reaction_pages(size, g));
    g.talks.scroll = scroll;
    if scrolled {
        return None;
    }
    let scenario = g.session.game().scenario_arc().clone();
    let n = scenario.terms.len();
    let state = &mut g.talks;
    match msg {
        Msg::Up => step(&mut state.term, n, false),
        Msg::Down => step(&mut state.term, n, true),
        Msg::Left | Msg::Right => {
            if let (Some(level), Some(term)) = (
                state.package.get_mut(state.term),
                scenario.terms.get(state.term),
            ) {
                *level = if msg == Msg::Right {
                    level.saturating_add(1).min(term.max_level)
                } else {
                    level.saturating_sub(1)
                };
                state.tabled = None;
            }
        }
        Msg::Click(col, row) => {
            if let Some(i) = term_at(size, g, col, row) {
                g.talks.term = i;
            }
        }
        Msg::Select => {
            return match g.session.table(g.talks.package.clone()) {
                Ok(verdicts) => {
                    let refused: Vec<&str> = verdicts
                        .iter()
                        .filter(|v| !v.accepts())
                        .map(|v| scenario.party(v.party).name.as_str())
                        .collect();
                    let text = if refused.is_empty() {
                        strings::TABLED_ACCEPTED.to_string()
                    } else {
                        format!("{} {}.", strings::TABLED_REJECTED, refused.join(", "))
                    };
                    g.talks.tabled = Some(verdicts);
                    Some(text)
                }
                Err(e) => Some(format!("Cannot table: {e}.")),
            };
        }
        Msg::Back | Msg::Talks => *screen = Screen::Main,
        Msg::Dashboard(i) => super::dashboard::open(g, i, screen),
        Msg::Relations => *screen = Screen::Relations,
        Msg::EndMonth => {
            *screen = Screen::Main;
            return end_month(g);
        }
        _ => {}
    }
    None
}
