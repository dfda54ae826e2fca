//! The relations map (`m`): who trusts whom, who aids and who sanctions whom, and how
//! willing each party is to talk — drawn from the links the level declares on its parties
//! (`[[parties]] links`, each measured by a variable) and the parties' willingness meters.
//! Nothing here knows a country: a level without links shows the willingness alone.
//!
//! A list of the links grouped by kind, each with its meter's value, trend and a bar (or
//! stage name); the details pane says why the selected one's meter changed (the main
//! screen's "why" for that meter). At 80×24 the list sits above the details and scrolls;
//! from 120 columns they stand side by side.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::{Game, LinkKind, PartyId, VarId};

use super::hint;
use super::main_screen::{header, meter_detail};
use super::model::{GameUi, Model, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, end_month, scroll_pane, step};
use super::view::{self, arrow, fit_abbrev, footer, num, panel};

/// The selected row and how far the details are scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    pub selected: usize,
    pub scroll: u16,
}

/// One selectable row of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub from: PartyId,
    /// The other party; `None` for a party's willingness to talk.
    pub to: Option<PartyId>,
    /// `None` for willingness.
    pub kind: Option<LinkKind>,
    pub meter: VarId,
    pub label: String,
}

/// The map's rows in the order drawn: the links by kind (trust, aid, sanctions, tension),
/// in the order the level declares them, then every party's willingness.
pub fn rows(game: &Game) -> Vec<Row> {
    let s = game.scenario();
    let mut out = Vec::new();
    for kind in LinkKind::ALL {
        for from in s.party_ids() {
            for link in s.party(from).links.iter().filter(|l| l.kind == kind) {
                let label = if link.label.trim().is_empty() {
                    s.var(link.meter).label.clone()
                } else {
                    link.label.clone()
                };
                out.push(Row {
                    from,
                    to: Some(link.to),
                    kind: Some(kind),
                    meter: link.meter,
                    label,
                });
            }
        }
    }
    for p in s.party_ids() {
        if let Some(v) = s.party(p).willingness {
            out.push(Row {
                from: p,
                to: None,
                kind: None,
                meter: v,
                label: s.var(v).label.clone(),
            });
        }
    }
    out
}

/// How a kind is drawn between two names, and its heading.
fn symbol(kind: Option<LinkKind>) -> &'static str {
    match kind {
        Some(LinkKind::Trust) => "⇄",
        Some(LinkKind::Aid) => "→",
        Some(LinkKind::Sanctions) => "⊣",
        Some(LinkKind::Tension) => "×",
        None => "",
    }
}

fn heading(kind: Option<LinkKind>) -> &'static str {
    match kind {
        Some(LinkKind::Trust) => strings::MAP_TRUST,
        Some(LinkKind::Aid) => strings::MAP_AID,
        Some(LinkKind::Sanctions) => strings::MAP_SANCTIONS,
        Some(LinkKind::Tension) => strings::MAP_TENSION,
        None => strings::MAP_WILLINGNESS,
    }
}

/// "China → North Korea", or the party's name for a willingness row.
fn who(game: &Game, row: &Row) -> String {
    let s = game.scenario();
    let from = view::flat(&s.party(row.from).name);
    match row.to {
        Some(to) => format!(
            "{from} {} {}",
            symbol(row.kind),
            view::flat(&s.party(to).name)
        ),
        None => from,
    }
}

/// The list's lines with headings, and the line each row sits on. `width` is the inner
/// width; names and labels are abbreviated by [`view::abbrev`]'s rule when they do not fit.
fn lines(g: &GameUi, t: &Theme, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let game = g.session.game();
    let s = game.scenario();
    let st = game.state();
    let rows = rows(game);
    let mut lines = Vec::new();
    let mut at = Vec::new();
    // The list draws "› " before every line.
    let width = width.saturating_sub(2);
    let who_w = rows
        .iter()
        .map(|r| view::width(&who(game, r)))
        .max()
        .unwrap_or(0)
        .min(width * 2 / 5)
        + 1;
    let label_w = rows
        .iter()
        .map(|r| view::width(&r.label))
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(who_w) / 2)
        + 1;
    let mut last: Option<Option<LinkKind>> = None;
    for row in &rows {
        if last != Some(row.kind) {
            lines.push(Line::styled(heading(row.kind), t.heading()));
            last = Some(row.kind);
        }
        let def = s.var(row.meter);
        let value = st.var(row.meter);
        let before = st.history_of(row.meter).last().unwrap_or(value);
        let d = value - before;
        let rest = width.saturating_sub(who_w + label_w + 7);
        let tail = match def.stage_label(value) {
            Some(stage) => fit_abbrev(stage, rest),
            None => view::bar(value, def.min, def.max, rest.min(20)),
        };
        at.push(lines.len());
        lines.push(Line::from(vec![
            Span::raw(fit_abbrev(&who(game, row), who_w - 1)),
            Span::raw(" "),
            Span::styled(fit_abbrev(&row.label, label_w - 1), t.dim()),
            Span::styled(format!(" {:>4} ", num(value)), t.bold()),
            Span::styled(format!("{} ", arrow(d)), t.change(d, def.good_when_high)),
            Span::styled(tail, t.accent()),
        ]));
    }
    (lines, at)
}

struct Areas {
    list: Rect,
    detail: Rect,
}

fn layout(area: Rect, g: &GameUi) -> Areas {
    let body = view::body(area);
    if body.width >= 120 {
        let list_w = body.width * 11 / 20;
        return Areas {
            list: Rect::new(body.x, body.y, list_w, body.height),
            detail: Rect::new(body.x + list_w, body.y, body.width - list_w, body.height),
        };
    }
    let (all, _) = lines(
        g,
        &Theme::plain(),
        usize::from(body.width.saturating_sub(4)),
    );
    let want = u16::try_from(all.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let list_h = want.min(body.height * 11 / 20).max(3).min(body.height);
    Areas {
        list: Rect::new(body.x, body.y, body.width, list_h),
        detail: Rect::new(
            body.x,
            body.y + list_h,
            body.width,
            body.height.saturating_sub(list_h),
        ),
    }
}

/// The details of the selected row: who, what kind of tie, then why its meter moved.
fn detail(g: &GameUi, t: &Theme) -> Vec<Line<'static>> {
    let game = g.session.game();
    let rows = rows(game);
    let Some(row) = rows.get(g.relations.selected) else {
        return vec![Line::styled(strings::MAP_NONE, t.dim())];
    };
    let mut out = vec![Line::styled(
        format!("{}: {}", who(game, row), view::flat(&row.label)),
        t.heading(),
    )];
    out.push(Line::styled(
        match row.kind {
            Some(LinkKind::Trust) => strings::MAP_TRUST_MEANS,
            Some(LinkKind::Aid) => strings::MAP_AID_MEANS,
            Some(LinkKind::Sanctions) => strings::MAP_SANCTIONS_MEANS,
            Some(LinkKind::Tension) => strings::MAP_TENSION_MEANS,
            None => strings::MAP_WILLINGNESS_MEANS,
        },
        t.dim(),
    ));
    // The meter's own "why it changed" (the same as the main screen's Meters panel).
    out.extend(meter_detail(game, row.meter, t).into_iter().skip(1));
    out
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let Some(g) = &model.game else { return };
    let t = &model.theme;
    header(g, t, Rect::new(area.x, area.y, area.width, 2), buf);
    let a = layout(area, g);
    panel(a.list, buf, strings::MAP_TITLE, true, t);
    let (all, at) = lines(g, t, usize::from(a.list.width.saturating_sub(4)));
    if at.is_empty() {
        view::text(
            vec![Line::styled(strings::MAP_NONE, t.dim())],
            view::inner(a.list),
            buf,
        );
    } else {
        let sel = at.get(g.relations.selected).copied();
        view::list(all, sel, view::inner(a.list), buf, t);
    }
    panel(a.detail, buf, strings::PANEL_DETAIL, false, t);
    view::scrolling_text(detail(g, t), g.relations.scroll, a.detail, buf, t);
    let parts = hint::parts(
        strings::MAP_HINTS,
        g.session.game().scenario(),
        None,
        |_| true,
    );
    let hint = hint::fit(&parts, usize::from(area.width.saturating_sub(1)));
    footer(
        model,
        &hint,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

/// Which row a click hits.
fn row_at(area: Rect, g: &GameUi, col: u16, row: u16) -> Option<usize> {
    let a = layout(area, g);
    let (all, at) = lines(
        g,
        &Theme::plain(),
        usize::from(a.list.width.saturating_sub(4)),
    );
    let sel = at.get(g.relations.selected).copied().unwrap_or(0);
    let line = view::list_hit(view::inner(a.list), sel, all.len(), col, row)?;
    at.iter().position(|&l| l == line)
}

/// A message for the map (no event is waiting). The answer is the status line.
pub fn update(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    let mut scroll = g.relations.scroll;
    let scrolled = scroll_pane(&mut scroll, msg, || {
        view::scroll_pages(&detail(g, &Theme::plain()), layout(size, g).detail)
    });
    g.relations.scroll = scroll;
    if scrolled {
        return None;
    }
    let n = rows(g.session.game()).len();
    match msg {
        Msg::Up => step(&mut g.relations.selected, n, false),
        Msg::Down => step(&mut g.relations.selected, n, true),
        Msg::Click(col, row) => {
            if let Some(i) = row_at(size, g, col, row) {
                g.relations.selected = i;
            }
        }
        Msg::Back | Msg::Relations | Msg::Select => *screen = Screen::Main,
        Msg::Talks => return super::talks::enter(g, screen),
        Msg::Dashboard(i) => super::dashboard::open(g, i, screen),
        Msg::EndMonth => {
            *screen = Screen::Main;
            return end_month(g);
        }
        _ => {}
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_of_a_level_becomes_a_row_in_kind_order() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("listed")
            .expect("valid");
        let game = Game::new(level.scenario.clone(), 1);
        let rows = rows(&game);
        let s = game.scenario();
        let links: usize = s.parties.iter().map(|p| p.links.len()).sum();
        let willing = s.parties.iter().filter(|p| p.willingness.is_some()).count();
        assert_eq!(rows.len(), links + willing);
        // Kinds in the drawn order, willingness last.
        let order: Vec<_> = rows
            .iter()
            .map(|r| {
                r.kind.map_or(4, |k| {
                    LinkKind::ALL.iter().position(|x| *x == k).unwrap_or(0)
                })
            })
            .collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        assert!(links > 0, "the campaign declares links");
    }
}
