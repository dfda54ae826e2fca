//! The Load screen: every save, newest first — kind (auto or manual), name, level, month
//! (or the ending), when saved — with the selected one's details below; broken saves say
//! why. `d` deletes after a y/n question. After the saves, the finished games of the
//! record ([`crate::records`], kind "done"): each one's final save, which no pruning
//! reaches, with its score, player, code and debrief.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::dialogs::{Command, Confirm};
use super::effect::Effect;
use super::model::{LoadFrom, Model, SaveKind, SaveSummary, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, area, open, step};
use super::view::{self, fit, footer, panel};

/// The selected save.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    pub selected: usize,
}

struct Areas {
    list: Rect,
    detail: Rect,
    footer: Rect,
}

fn layout(area: Rect) -> Areas {
    let w = area.width.min(120);
    let x = area.x + (area.width - w) / 2;
    let body_h = area.height.saturating_sub(1);
    let detail_h = 7.min(body_h);
    let list_h = body_h - detail_h;
    Areas {
        list: Rect::new(x, area.y, w, list_h),
        detail: Rect::new(x, area.y + list_h, w, detail_h),
        footer: Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1),
    }
}

/// The list rows sit under a line of column names.
fn rows_area(area: Rect) -> Rect {
    let inner = view::inner(layout(area).list);
    Rect::new(
        inner.x,
        inner.y.saturating_add(1),
        inner.width,
        inner.height.saturating_sub(1),
    )
}

pub fn item_at(area: Rect, len: usize, selected: usize, col: u16, row: u16) -> Option<usize> {
    view::list_hit(rows_area(area), selected, len, col, row)
}

/// Column widths for a row `width` wide: kind, name, level, month/state, saved.
fn columns(width: usize) -> [usize; 5] {
    let kind = 5;
    let saved = 17;
    let flex = width.saturating_sub(kind + saved + 2);
    // The name gets half: default names ("revive-the-talks-2017-03") are long and tell
    // saves apart; the details below show the level and state in full.
    let name = flex / 2;
    let level = flex / 5;
    let state = flex.saturating_sub(name + level);
    [kind, name, level, state, saved]
}

fn kind_label(kind: SaveKind) -> &'static str {
    match kind {
        SaveKind::Auto => "auto",
        SaveKind::Manual => "save",
        SaveKind::Finished => "done",
    }
}

/// "Mar 2017 3/36", or "ended: Title" (the details give the month).
fn state_label(s: &SaveSummary) -> String {
    match &s.info {
        Ok(i) => match &i.ending {
            Some(ending) => format!("ended: {ending}"),
            None => format!("{} {:>2}/{}", i.month, i.turn + 1, i.length),
        },
        Err(_) => String::new(),
    }
}

fn row(s: &SaveSummary, cols: [usize; 5], t: &Theme) -> Line<'static> {
    let [kind, name, level, state, saved] = cols;
    // The time without " UTC": the column header says so.
    let when = s.saved_at.trim_end_matches(" UTC").to_string();
    let cell = |text: &str, w: usize| fit(text, w.saturating_sub(1)) + " ";
    match &s.info {
        Ok(i) => Line::from(vec![
            Span::raw(cell(kind_label(s.kind), kind)),
            Span::raw(cell(&shown_name(s), name)),
            Span::raw(cell(&i.level, level)),
            Span::raw(cell(&state_label(s), state)),
            Span::raw(fit(&when, saved)),
        ]),
        Err(e) => Line::from(vec![
            Span::styled(cell("✗", kind), t.bad()),
            Span::raw(cell(&s.key, name)),
            Span::styled(
                cell(
                    &format!("{}: {}", strings::LOAD_UNREADABLE, reason(&s.key, e)),
                    level + state,
                ),
                t.bad(),
            ),
            Span::raw(fit(&when, saved)),
        ]),
    }
}

/// A finished game's row shows its player and score; a save its name.
fn shown_name(s: &SaveSummary) -> String {
    match &s.record {
        Some(g) => format!("{} · score {}", g.player.as_deref().unwrap_or("—"), g.score),
        None => row_name(&s.key),
    }
}

/// A save's name as a row shows it: a game's own autosave `autosave-GAME-N` (GAME: 16 hex
/// digits) as `auto N · game ABCD`, short enough for the column; the store lists the saves
/// grouped by game, so a game's rows sit together.
fn row_name(key: &str) -> String {
    key.strip_prefix("autosave-")
        .and_then(|rest| rest.split_once('-'))
        .filter(|(game, _)| game.len() == 16 && game.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(
            || key.to_string(),
            |(game, n)| format!("auto {n} · game {}", &game[..4]),
        )
}

/// The problem without the file's path in front (the row already names the save; the
/// details and the load box give the whole message).
fn reason<'a>(key: &str, message: &'a str) -> &'a str {
    message
        .split_once(&format!("{key}.json: "))
        .map_or(message, |(_, rest)| rest)
}

fn details(s: &SaveSummary, t: &Theme) -> Vec<Line<'static>> {
    if let Some(g) = &s.record {
        let mut out = vec![
            Line::from(vec![
                Span::styled(view::flat(&g.level_title), t.bold()),
                Span::raw(format!(
                    " · {}{} · {} · score {} · code {}",
                    if g.victory { "★ " } else { "" },
                    view::flat(&g.ending),
                    g.month,
                    g.score,
                    g.code
                )),
            ]),
            Line::from(format!(
                "Player {} · {}finished {}",
                g.player.as_deref().unwrap_or("—"),
                g.difficulty
                    .as_deref()
                    .map(|d| format!("{d} · "))
                    .unwrap_or_default(),
                s.saved_at
            )),
            Line::from(format!("Save: {}", view::flat(&g.save))),
            Line::from(format!(
                "Debrief: {}",
                g.debrief.as_deref().map_or_else(
                    || "not written yet (load it, then d on the end screen)".to_string(),
                    view::flat
                )
            )),
        ];
        if let Err(e) = &s.info {
            out.push(Line::from(vec![
                Span::styled(format!("✗ {}: ", strings::LOAD_UNREADABLE), t.bad()),
                Span::raw(view::flat(e)),
            ]));
        }
        return out;
    }
    let mut out = vec![Line::from(vec![
        Span::styled(s.key.clone(), t.bold()),
        Span::raw(format!(
            " · {} · saved {}",
            match s.kind {
                SaveKind::Auto => "autosave",
                SaveKind::Manual => "saved by you",
                SaveKind::Finished => "finished game",
            },
            s.saved_at
        )),
    ])];
    match &s.info {
        Ok(i) => {
            out.push(Line::from(format!(
                "{} · {} · month {} of {} · seed {}",
                i.level,
                i.month,
                i.turn + 1,
                i.length,
                i.seed
            )));
            if let Some(ending) = &i.ending {
                out.push(Line::from(format!("Finished: {ending}")));
            }
        }
        Err(e) => {
            out.push(Line::from(vec![
                Span::styled(format!("✗ {}: ", strings::LOAD_UNREADABLE), t.bad()),
                Span::raw(view::flat(e)),
            ]));
            out.push(Line::styled(strings::LOAD_ENTER_BROKEN, t.dim()));
        }
    }
    out.push(Line::styled(
        if s.has_backup {
            strings::LOAD_BACKUP_YES
        } else {
            strings::LOAD_BACKUP_NO
        },
        t.dim(),
    ));
    out
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let a = layout(area);
    panel(a.list, buf, strings::LOAD_TITLE, true, t);
    let mut rows = rows_area(area);
    // The record of finished games did not read (or partly): say so where its games
    // would be listed, naming the file.
    let problem = model
        .records_error
        .as_ref()
        .or_else(|| model.records.problems.first());
    if let Some(problem) = problem
        && rows.height > 1
    {
        rows.height -= 1;
        let line = Line::from(vec![
            Span::styled("! ", t.warn()),
            Span::raw(view::flat(problem)),
        ]);
        buf.set_line(rows.x, rows.bottom(), &line, rows.width);
    }
    let cols = columns(usize::from(rows.width.saturating_sub(2)));
    let saves = &model.saves_list;
    if let Some(e) = &model.saves_error {
        view::text(vec![Line::from(view::flat(e))], rows, buf);
    } else if saves.is_empty() {
        view::text(vec![Line::from(strings::NO_SAVES)], rows, buf);
    } else {
        let inner = view::inner(a.list);
        let head: String = strings::LOAD_COLUMNS
            .iter()
            .zip(cols)
            .map(|(name, w)| fit(name, w))
            .collect();
        buf.set_line(
            inner.x,
            inner.y,
            &Line::styled(format!("  {head}"), t.dim()),
            inner.width,
        );
        let lines = saves.iter().map(|s| row(s, cols, t)).collect();
        view::list(lines, Some(model.load.selected), rows, buf, t);
    }
    panel(a.detail, buf, strings::LOAD_DETAILS, false, t);
    if let Some(s) = saves.get(model.load.selected) {
        view::text(details(s, t), view::inner(a.detail), buf);
    }
    footer(model, strings::LOAD_HINT, a.footer, buf);
}

pub fn update(model: &mut Model, msg: Msg, fx: &mut Vec<Effect>) {
    let len = model.saves_list.len();
    let selected = model
        .saves_list
        .get(model.load.selected)
        .map(|s| s.key.clone());
    match msg {
        Msg::Up => step(&mut model.load.selected, len, false),
        Msg::Down => step(&mut model.load.selected, len, true),
        Msg::Select => {
            if let Some(key) = selected {
                fx.push(Effect::Load {
                    key,
                    from: LoadFrom::Save,
                    anyway: false,
                });
            }
        }
        Msg::Delete => {
            if let Some(s) = model.saves_list.get(model.load.selected)
                && let Some(g) = &s.record
            {
                model.status = Some(format!("{} {}.", strings::FINISHED_KEEP, g.save));
            } else if let Some(key) = selected {
                open(
                    model,
                    Confirm {
                        title: strings::CONFIRM_DELETE_TITLE.to_string(),
                        question: format!("Delete the save '{key}'? (y/n)"),
                        more: vec![strings::CONFIRM_DELETE.to_string()],
                        on_yes: Command::Delete(key),
                    },
                );
            }
        }
        Msg::Click(col, row) => {
            if let Some(i) = item_at(area(model), len, model.load.selected, col, row) {
                model.load.selected = i;
            }
        }
        Msg::Back => {
            model.screen = Screen::Title;
            fx.push(Effect::ListSaves);
        }
        _ => {}
    }
}
