//! `update(&mut Model, Msg)`: the only place the UI changes state and the only place it calls
//! the engine (through [`Session`]). Keys and mouse clicks arrive here as [`Msg`]s.

use ratatui::layout::Rect;

use crate::engine::Decision;
use crate::session::Session;

use super::model::{
    GameUi, LoadChoice, LoadFrom, LoadProblem, Model, Notice, Panel, SavePrompt, Screen,
};
use super::{event, load, main_screen, picker, rewind, sanctions, strings, talks, title};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Up,
    Down,
    Left,
    Right,
    Select,
    Back,
    NextPanel,
    PrevPanel,
    Talks,
    Sanctions,
    EndMonth,
    Save,
    /// Write the after-action report (on the end screen).
    Debrief,
    Help,
    Quit,
    Yes,
    No,
    Char(char),
    Backspace,
    /// Clear the text being typed (Ctrl-U).
    Clear,
    /// Delete the selected save (asks first).
    Delete,
    /// The history of months, to go back to one.
    Rewind,
    /// Scroll the main screen's details pane by a page (PgDn / PgUp).
    ScrollDown,
    ScrollUp,
    /// A left click at (column, row).
    Click(u16, u16),
    Resize(u16, u16),
    /// SIGTERM or SIGHUP: leave now, without asking.
    Shutdown,
}

fn step(index: &mut usize, len: usize, down: bool) {
    if len == 0 {
        *index = 0;
    } else if down {
        *index = (*index + 1).min(len - 1);
    } else {
        *index = index.saturating_sub(1).min(len - 1);
    }
}

pub fn update(model: &mut Model, msg: Msg) {
    match msg {
        Msg::Resize(w, h) => {
            model.size = (w, h);
            return;
        }
        Msg::Shutdown => {
            model.quit = true;
            return;
        }
        _ => {}
    }
    // Below the minimum size the view shows only a message: there is nothing to click.
    if matches!(msg, Msg::Click(..))
        && (model.size.0 < super::view::MIN_W || model.size.1 < super::view::MIN_H)
    {
        return;
    }
    // A status line lasts until the next thing the player does.
    model.status = None;
    if model.confirm_quit {
        match msg {
            Msg::Yes => model.quit = true,
            Msg::No | Msg::Back => model.confirm_quit = false,
            _ => {}
        }
        return;
    }
    if model.help {
        if matches!(msg, Msg::Help | Msg::Back | Msg::Select | Msg::Quit) {
            model.help = false;
        }
        return;
    }
    match msg {
        Msg::Help => {
            model.help = true;
            return;
        }
        Msg::Quit => {
            model.confirm_quit = true;
            return;
        }
        _ => {}
    }
    // Dialogs take the keys before the screen under them.
    if model.prompt.is_some() {
        update_prompt(model, msg);
        return;
    }
    if model.notice.is_some() {
        if matches!(msg, Msg::Select | Msg::Back) {
            model.notice = None;
        }
        return;
    }
    if model.load_problem.is_some() {
        update_load_problem(model, msg);
        return;
    }
    match model.screen {
        Screen::Title => update_title(model, msg),
        Screen::Load => update_load(model, msg),
        Screen::Picker => update_picker(model, msg),
        Screen::Main | Screen::Talks | Screen::Sanctions => update_game(model, msg),
        Screen::Rewind => update_rewind(model, msg),
        Screen::End => match msg {
            Msg::Select | Msg::Back => {
                model.game = None;
                model.screen = Screen::Title;
                model.title = 0;
                model.refresh_saves();
            }
            Msg::Save => open_prompt(model),
            Msg::Rewind => open_rewind(model),
            Msg::Debrief => write_debrief(model),
            _ => {}
        },
    }
}

/// What `s` offers: the level and the month, `revive-the-talks-2017-03`.
pub fn default_save_name(session: &Session) -> String {
    let (month, year) = session.game().state().calendar();
    // The save system takes at most 48 characters; keep room for the date.
    let id: String = session.level.id().chars().take(36).collect();
    format!("{id}-{year}-{month:02}")
}

fn open_prompt(model: &mut Model) {
    if let Some(g) = &model.game {
        model.prompt = Some(SavePrompt {
            input: default_save_name(&g.session),
            error: None,
        });
    }
}

fn update_prompt(model: &mut Model, msg: Msg) {
    let Some(prompt) = model.prompt.as_mut() else {
        return;
    };
    match msg {
        Msg::Char(c) if prompt.input.chars().count() < strings::PROMPT_MAX => {
            prompt.input.push(c);
            prompt.error = None;
        }
        Msg::Backspace => {
            prompt.input.pop();
            prompt.error = None;
        }
        Msg::Clear => {
            prompt.input.clear();
            prompt.error = None;
        }
        Msg::Back => model.prompt = None,
        Msg::Select => {
            let name = prompt.input.clone();
            let Some(g) = &model.game else {
                model.prompt = None;
                return;
            };
            match model.saves.save(&name, &g.session) {
                Ok(slot) => {
                    let replaced = model.saves_list.iter().any(|s| s.key == slot);
                    model.prompt = None;
                    model.status = Some(if replaced {
                        format!("{} '{slot}' ({}).", strings::SAVED, strings::SAVED_REPLACED)
                    } else {
                        format!("{} '{slot}'.", strings::SAVED)
                    });
                    model.refresh_saves();
                }
                // Refused (a bad name) or failed (a full disk): say why and let the player
                // fix the name or give up; the game is untouched either way.
                Err(e) => prompt.error = Some(e),
            }
        }
        _ => {}
    }
}

/// Load a save (or its backup) and start playing it; a failure opens the choices about it.
fn load_save(model: &mut Model, key: &str, from: LoadFrom, anyway: bool) {
    match model.saves.load(key, from, anyway) {
        Ok(loaded) => {
            model.load_problem = None;
            model.start(loaded.session);
            model.status = Some(match from {
                LoadFrom::Save => format!("{} '{key}'.", strings::LOADED),
                LoadFrom::Backup => {
                    format!("{} '{key}' {}.", strings::LOADED, strings::LOADED_BACKUP)
                }
            });
            if !loaded.warnings.is_empty() {
                model.notice = Some(Notice {
                    title: strings::WARNINGS_TITLE.to_string(),
                    lines: loaded.warnings,
                });
            }
        }
        Err(failure) => {
            model.load_problem = Some(LoadProblem {
                key: key.to_string(),
                from,
                failure,
                choice: 0,
            });
        }
    }
}

fn update_load_problem(model: &mut Model, msg: Msg) {
    let Some(problem) = model.load_problem.as_mut() else {
        return;
    };
    let choices = problem.choices();
    let picked = match msg {
        Msg::Up => {
            step(&mut problem.choice, choices.len(), false);
            None
        }
        Msg::Down => {
            step(&mut problem.choice, choices.len(), true);
            None
        }
        Msg::Select => choices.get(problem.choice).copied(),
        Msg::Char('b') if choices.contains(&LoadChoice::Backup) => Some(LoadChoice::Backup),
        Msg::Char('a') if choices.contains(&LoadChoice::Anyway) => Some(LoadChoice::Anyway),
        Msg::Back => Some(LoadChoice::Back),
        _ => None,
    };
    let (key, from) = (problem.key.clone(), problem.from);
    match picked {
        Some(LoadChoice::Backup) => load_save(model, &key, LoadFrom::Backup, false),
        Some(LoadChoice::Anyway) => load_save(model, &key, from, true),
        Some(LoadChoice::Back) => model.load_problem = None,
        None => {}
    }
}

/// Write the after-action report of the finished game into the data folder's `debriefs/`.
fn write_debrief(model: &mut Model) {
    let Some(g) = &model.game else { return };
    let session = &g.session;
    let written = crate::paths::data_dir().and_then(|dir| {
        let path = dir
            .join("debriefs")
            .join(format!("{}-{}.md", session.level.id(), session.seed));
        let report = crate::debrief::report(session, None, crate::debrief::WHAT_IF_GAMES_IN_GAME);
        crate::save::atomic::replace(&crate::save::RealFs, &path, report.as_bytes(), None)
            .map(|()| path)
            .map_err(|f| format!("{}: {}", f.step, f.source))
    });
    model.status = Some(match written {
        Ok(path) => format!("Debrief written to {}", path.display()),
        Err(e) => format!("Could not write the debrief: {e}"),
    });
}

fn area(model: &Model) -> Rect {
    Rect::new(0, 0, model.size.0, model.size.1)
}

fn update_title(model: &mut Model, msg: Msg) {
    let has_saves = model.has_saves();
    match msg {
        Msg::Up => step(&mut model.title, strings::TITLE_ITEMS.len(), false),
        Msg::Down => step(&mut model.title, strings::TITLE_ITEMS.len(), true),
        Msg::Char(c) => {
            if let Some(i) = strings::TITLE_ITEMS
                .iter()
                .position(|item| item.to_lowercase().starts_with(c.to_ascii_lowercase()))
            {
                model.title = i;
                title_select(model, has_saves);
            }
        }
        Msg::Select => title_select(model, has_saves),
        Msg::Click(col, row) => {
            if let Some(i) = title::item_at(area(model), col, row) {
                model.title = i;
                title_select(model, has_saves);
            }
        }
        _ => {}
    }
}

fn title_select(model: &mut Model, has_saves: bool) {
    match model.title {
        0 => {
            model.picker = Default::default();
            model.screen = Screen::Picker;
        }
        1 | 2 if !has_saves => {
            model.status = Some(
                model
                    .saves_error
                    .clone()
                    .unwrap_or_else(|| strings::NO_SAVES.into()),
            );
        }
        1 => match model.latest_save().map(|s| s.key.clone()) {
            Some(key) => load_save(model, &key, LoadFrom::Save, false),
            None => model.status = Some(strings::NO_READABLE_SAVE.into()),
        },
        2 => {
            model.refresh_saves();
            model.load = 0;
            model.confirm_delete = false;
            model.screen = Screen::Load;
        }
        3 => model.help = true,
        _ => model.confirm_quit = true,
    }
}

fn update_load(model: &mut Model, msg: Msg) {
    let len = model.saves_list.len();
    if model.confirm_delete {
        match msg {
            Msg::Yes => {
                model.confirm_delete = false;
                if let Some(key) = model.saves_list.get(model.load).map(|s| s.key.clone()) {
                    model.status = Some(match model.saves.delete(&key) {
                        Ok(()) => format!("{} '{key}'.", strings::DELETED),
                        Err(e) => e,
                    });
                    model.refresh_saves();
                }
            }
            Msg::No | Msg::Back => model.confirm_delete = false,
            _ => {}
        }
        return;
    }
    match msg {
        Msg::Up => step(&mut model.load, len, false),
        Msg::Down => step(&mut model.load, len, true),
        Msg::Select => {
            if let Some(key) = model.saves_list.get(model.load).map(|s| s.key.clone()) {
                load_save(model, &key, LoadFrom::Save, false);
            }
        }
        Msg::Delete if len > 0 => model.confirm_delete = true,
        Msg::Click(col, row) => {
            if let Some(i) = load::item_at(area(model), len, model.load, col, row) {
                model.load = i;
            }
        }
        Msg::Back => {
            model.screen = Screen::Title;
            model.refresh_saves();
        }
        _ => {}
    }
}

fn update_picker(model: &mut Model, msg: Msg) {
    let len = model.levels.len();
    if model.picker.entering_seed {
        match msg {
            // Digits for a seed; letters, '-' and '_' too, for a challenge code.
            Msg::Char(c)
                if (c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    && model.picker.seed_input.len() < 100 =>
            {
                model.picker.seed_input.push(c.to_ascii_lowercase());
            }
            Msg::Backspace => {
                model.picker.seed_input.pop();
            }
            Msg::Back => model.picker.entering_seed = false,
            Msg::Select => start_picked(model),
            _ => {}
        }
        return;
    }
    match msg {
        Msg::Up => step(&mut model.picker.selected, len, false),
        Msg::Down => step(&mut model.picker.selected, len, true),
        Msg::Back => model.screen = Screen::Title,
        Msg::Select => picker_next(model),
        Msg::Click(col, row) => {
            if let Some(i) = picker::item_at(area(model), len, model.picker.selected, col, row) {
                model.picker.selected = i;
            }
        }
        _ => {}
    }
}

fn picker_next(model: &mut Model) {
    match model.levels.get(model.picker.selected).map(|e| &e.level) {
        Some(Ok(_)) => {
            model.picker.entering_seed = true;
            model.picker.seed_input.clear();
        }
        Some(Err(e)) => model.status = Some(e.clone()),
        None => {}
    }
}

fn start_picked(model: &mut Model) {
    let Some(Ok(level)) = model.levels.get(model.picker.selected).map(|e| &e.level) else {
        return;
    };
    let input = model.picker.seed_input.trim().to_string();
    let (level, seed) = if input.is_empty() {
        (level.clone(), (model.seed_source)())
    } else if let Ok(seed) = input.parse::<u64>() {
        (level.clone(), seed)
    } else {
        // A challenge code names its level; it need not be the one highlighted.
        let code = match crate::challenge::parse(&input) {
            Ok(code) => code,
            Err(e) => {
                model.status = Some(e.to_string());
                return;
            }
        };
        let found = model.levels.iter().find_map(|e| match &e.level {
            Ok(l) if l.id() == code.level => Some(l.clone()),
            _ => None,
        });
        let Some(level) = found else {
            model.status = Some(format!(
                "the code is for level '{}', which is not installed",
                code.level
            ));
            return;
        };
        if let Err(e) = crate::challenge::verify(&code, &level) {
            model.status = Some(e.to_string());
            return;
        }
        (level, code.seed)
    };
    let session = Session::new(level, seed);
    model.start(session);
}

fn update_game(model: &mut Model, msg: Msg) {
    let size = area(model);
    let screen = model.screen;
    let Some(g) = model.game.as_mut() else {
        model.screen = Screen::Title;
        return;
    };
    match msg {
        Msg::Save => return open_prompt(model),
        Msg::Rewind => return open_rewind(model),
        _ => {}
    }
    let before = (g.session.game().state().turn(), g.session.game().is_over());
    // An event waiting for an answer comes before anything else.
    model.status = if g.session.game().pending_event().is_some() {
        update_event(g, msg, size)
    } else {
        match screen {
            Screen::Talks => update_talks(g, msg, size, &mut model.screen),
            Screen::Sanctions => update_sanctions(g, msg, size, &mut model.screen),
            _ => update_main(g, msg, size, &mut model.screen),
        }
    };
    let after = (g.session.game().state().turn(), g.session.game().is_over());
    // The month has resolved (its events answered) or the game has ended: autosave.
    if after != before {
        autosave(model);
    }
    model.sync_screen();
}

/// The end-of-month autosave. A failure (a full disk, an unwritable folder) is a status
/// line; the game goes on.
fn autosave(model: &mut Model) {
    let Some(g) = &model.game else { return };
    match model.saves.autosave(&g.session) {
        Ok(()) => model.refresh_saves(),
        Err(e) => {
            let failed = format!(
                "{}: {e} — {}.",
                strings::AUTOSAVE_FAILED,
                strings::AUTOSAVE_GOES_ON
            );
            model.status = Some(match model.status.take() {
                Some(before) => format!("{before} {failed}"),
                None => failed,
            });
        }
    }
}

fn open_rewind(model: &mut Model) {
    let Some(g) = &model.game else { return };
    let rows = rewind::history(&g.session);
    // The month before this one is the likeliest wish; the list shows them all.
    let selected = rows.len().saturating_sub(2);
    model.rewind = super::model::RewindUi {
        rows,
        selected,
        confirm: None,
        from_end: model.screen == Screen::End,
    };
    model.screen = Screen::Rewind;
}

/// A name for the branch that no save has yet: `revive-the-talks-2017-03-branch`, `…-2`, ….
fn branch_name(model: &Model, session: &Session, calendar: (u8, i32)) -> String {
    let (month, year) = calendar;
    let id: String = session.level.id().chars().take(29).collect();
    let base = format!("{id}-{year}-{month:02}-branch");
    let taken = |name: &str| model.saves_list.iter().any(|s| s.key == name);
    if !taken(&base) {
        return base;
    }
    (2..1000)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !taken(name))
        .unwrap_or(base)
}

fn update_rewind(model: &mut Model, msg: Msg) {
    let back = if model.rewind.from_end {
        Screen::End
    } else {
        Screen::Main
    };
    let Some(g) = &model.game else {
        model.screen = Screen::Title;
        return;
    };
    if let Some(name) = model.rewind.confirm.clone() {
        match msg {
            Msg::Yes => {
                model.rewind.confirm = None;
                let Some(row) = model.rewind.rows.get(model.rewind.selected).cloned() else {
                    return;
                };
                match model.saves.save_rewound(&g.session, row.turn, &name) {
                    Ok((session, slot)) => {
                        model.start(session);
                        model.status = Some(format!(
                            "{} {}, saved as '{slot}'.",
                            strings::REWIND_DONE,
                            row.label
                        ));
                        model.refresh_saves();
                    }
                    // Nothing changed: the game being played goes on as it was.
                    Err(e) => model.status = Some(format!("{}: {e}", strings::REWIND_FAILED)),
                }
            }
            Msg::No | Msg::Back => model.rewind.confirm = None,
            _ => {}
        }
        return;
    }
    let len = model.rewind.rows.len();
    match msg {
        Msg::Up => step(&mut model.rewind.selected, len, false),
        Msg::Down => step(&mut model.rewind.selected, len, true),
        Msg::Click(col, row) => {
            if let Some(i) = rewind::item_at(area(model), &model.rewind, col, row) {
                model.rewind.selected = i;
            }
        }
        Msg::Select => {
            if let Some(row) = model.rewind.rows.get(model.rewind.selected) {
                let name = branch_name(model, &g.session, row.calendar);
                model.rewind.confirm = Some(name);
            }
        }
        Msg::Back | Msg::Rewind => model.screen = back,
        _ => {}
    }
}

fn end_month(g: &mut GameUi) -> Option<String> {
    match g.session.apply(Decision::EndMonth) {
        // The end screen or the event pop-up says what happened; no status line needed.
        Ok(()) if g.session.game().is_over() => None,
        Ok(()) if g.session.game().pending_event().is_some() => {
            g.option = 0;
            None
        }
        Ok(()) => {
            g.focus = Panel::News;
            g.lower = Panel::News;
            g.news = 0;
            g.option = 0;
            g.tabled = None;
            let (m, y) = g.session.game().state().calendar();
            Some(format!(
                "{} {}.",
                strings::MONTH_ENDED,
                main_screen::month_year(m, y)
            ))
        }
        Err(e) => Some(e.to_string()),
    }
}

fn take_action(g: &mut GameUi, index: usize) -> Option<String> {
    let order = main_screen::action_order(g.session.game().scenario());
    let id = *order.get(index)?;
    match g.session.apply(Decision::Act(id)) {
        Ok(()) => Some(format!(
            "Done: {}.",
            g.session.game().scenario().action(id).name
        )),
        Err(e) => Some(format!("Cannot: {e}.")),
    }
}

/// PgDn / PgUp: move the screen's scrolling pane (`GameUi::detail_scroll`) a page down or
/// up, within what `pages` (page, last) allows for it on a screen of `size`. Any other
/// message brings the pane back to the top (it follows the selection). Answers whether
/// `msg` was a scroll.
fn scroll_pane(
    g: &mut GameUi,
    msg: Msg,
    size: Rect,
    pages: fn(Rect, &GameUi) -> (u16, u16),
) -> bool {
    let down = match msg {
        Msg::ScrollDown => true,
        Msg::ScrollUp => false,
        _ => {
            g.detail_scroll = 0;
            return false;
        }
    };
    let (page, last) = pages(size, g);
    g.detail_scroll = if down {
        g.detail_scroll.saturating_add(page).min(last)
    } else {
        g.detail_scroll.saturating_sub(page)
    };
    true
}

fn update_main(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    if scroll_pane(g, msg, size, main_screen::detail_pages) {
        return None;
    }
    let game = g.session.game();
    let lens = main_screen::lens(g);
    let len = |p: Panel| lens[Panel::ORDER.iter().position(|x| *x == p).unwrap_or(0)];
    match msg {
        Msg::Up | Msg::Down => {
            let down = msg == Msg::Down;
            let focus = g.focus;
            let n = len(focus);
            let index = match focus {
                Panel::Actions => &mut g.action,
                Panel::Meters => &mut g.meter,
                Panel::Parties => &mut g.party,
                Panel::News => &mut g.news,
            };
            step(index, n, down);
        }
        Msg::NextPanel | Msg::PrevPanel | Msg::Left | Msg::Right => {
            let forward = matches!(msg, Msg::NextPanel | Msg::Right);
            let i = Panel::ORDER.iter().position(|p| *p == g.focus).unwrap_or(0);
            let n = Panel::ORDER.len();
            g.focus = Panel::ORDER[if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }];
            if matches!(g.focus, Panel::Parties | Panel::News) {
                g.lower = g.focus;
            }
        }
        Msg::Select if g.focus == Panel::Actions => return take_action(g, g.action),
        // Enter elsewhere means "I want to act": go to the actions.
        Msg::Select => {
            g.focus = Panel::Actions;
            return Some(strings::TO_ACTIONS.into());
        }
        Msg::Back => g.focus = Panel::Actions,
        Msg::EndMonth => return end_month(g),
        Msg::Talks => {
            if game.scenario().deal.is_none() {
                return Some(strings::TALKS_NO_DEAL.into());
            }
            g.tabled = None;
            g.package = game.state().deal_levels().to_vec();
            *screen = Screen::Talks;
        }
        Msg::Sanctions => *screen = Screen::Sanctions,
        Msg::Click(col, row) => {
            if let Some((panel, item)) = main_screen::hit(size, g, col, row) {
                g.focus = panel;
                if matches!(panel, Panel::Parties | Panel::News) {
                    g.lower = panel;
                }
                if let Some(i) = item {
                    match panel {
                        Panel::Actions => g.action = i,
                        Panel::Meters => g.meter = i,
                        Panel::Parties => g.party = i,
                        Panel::News => g.news = i,
                    }
                }
            }
        }
        _ => {}
    }
    None
}

fn update_event(g: &mut GameUi, msg: Msg, size: Rect) -> Option<String> {
    let game = g.session.game();
    let event = game.pending_event()?;
    let n = game.scenario().event(event).options.len();
    match msg {
        Msg::Up => step(&mut g.option, n, false),
        Msg::Down => step(&mut g.option, n, true),
        Msg::Click(col, row) => {
            if let Some(i) = event::option_at(size, g, col, row) {
                g.option = i;
            }
        }
        Msg::Select => {
            if n == 0 {
                return None;
            }
            let Ok(index) = u8::try_from(g.option) else {
                return None;
            };
            return match g.session.apply(Decision::Choose(index)) {
                Ok(()) => {
                    g.option = 0;
                    let game = g.session.game();
                    if game.pending_event().is_some() || game.is_over() {
                        return None;
                    }
                    g.focus = Panel::News;
                    g.lower = Panel::News;
                    g.news = 0;
                    let (m, y) = game.state().calendar();
                    Some(format!(
                        "{} {}.",
                        strings::MONTH_ENDED,
                        main_screen::month_year(m, y)
                    ))
                }
                Err(e) => Some(format!("Cannot: {e}.")),
            };
        }
        Msg::EndMonth | Msg::Talks | Msg::Sanctions => {
            return Some(crate::engine::EngineError::ChoicePending.to_string());
        }
        _ => {}
    }
    None
}

fn update_talks(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    if scroll_pane(g, msg, size, talks::reaction_pages) {
        return None;
    }
    let scenario = g.session.game().scenario_arc().clone();
    let n = scenario.terms.len();
    match msg {
        Msg::Up => step(&mut g.term, n, false),
        Msg::Down => step(&mut g.term, n, true),
        Msg::Left | Msg::Right => {
            if let (Some(level), Some(term)) =
                (g.package.get_mut(g.term), scenario.terms.get(g.term))
            {
                *level = if msg == Msg::Right {
                    level.saturating_add(1).min(term.max_level)
                } else {
                    level.saturating_sub(1)
                };
                g.tabled = None;
            }
        }
        Msg::Click(col, row) => {
            if let Some(i) = talks::term_at(size, g, col, row) {
                g.term = i;
            }
        }
        Msg::Select => {
            return match g.session.table(g.package.clone()) {
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
                    g.tabled = Some(verdicts);
                    Some(text)
                }
                Err(e) => Some(format!("Cannot table: {e}.")),
            };
        }
        Msg::Back | Msg::Talks => *screen = Screen::Main,
        Msg::Sanctions => *screen = Screen::Sanctions,
        Msg::EndMonth => {
            *screen = Screen::Main;
            return end_month(g);
        }
        _ => {}
    }
    None
}

fn update_sanctions(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
    let ids = sanctions::action_ids(g.session.game().scenario());
    match msg {
        Msg::Up => step(&mut g.sanction, ids.len(), false),
        Msg::Down => step(&mut g.sanction, ids.len(), true),
        Msg::Click(col, row) => {
            if let Some(i) = sanctions::item_at(size, g, col, row) {
                g.sanction = i;
            }
        }
        Msg::Select => {
            let id = *ids.get(g.sanction)?;
            let order = main_screen::action_order(g.session.game().scenario());
            let index = order.iter().position(|a| *a == id)?;
            return take_action(g, index);
        }
        Msg::Back | Msg::Sanctions => *screen = Screen::Main,
        Msg::Talks if g.session.game().scenario().deal.is_some() => {
            g.package = g.session.game().state().deal_levels().to_vec();
            g.tabled = None;
            *screen = Screen::Talks;
        }
        Msg::EndMonth => {
            *screen = Screen::Main;
            return end_month(g);
        }
        _ => {}
    }
    None
}
