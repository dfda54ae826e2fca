//! `update(&mut Model, Msg)`: the only place the UI changes state and the only place it calls
//! the engine (through [`Session`]). Keys and mouse clicks arrive here as [`Msg`]s.

use ratatui::layout::Rect;

use crate::engine::Decision;
use crate::session::Session;

use super::model::{GameUi, Model, Panel, Screen};
use super::{event, main_screen, picker, sanctions, strings, talks, title};

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
    match model.screen {
        Screen::Title => update_title(model, msg),
        Screen::Load => update_load(model, msg),
        Screen::Picker => update_picker(model, msg),
        Screen::Main | Screen::Talks | Screen::Sanctions => update_game(model, msg),
        Screen::End => match msg {
            Msg::Select | Msg::Back => {
                model.game = None;
                model.screen = Screen::Title;
            }
            Msg::Debrief => write_debrief(model),
            _ => {}
        },
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
        let report = crate::debrief::report(session, None, crate::debrief::WHAT_IF_GAMES);
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
        1 | 2 if !has_saves => model.status = Some(strings::NO_SAVES.into()),
        1 => {
            if let Some(first) = model.saves.list().into_iter().next() {
                load_save(model, &first.key);
            }
        }
        2 => {
            model.load = 0;
            model.screen = Screen::Load;
        }
        3 => model.help = true,
        _ => model.confirm_quit = true,
    }
}

fn load_save(model: &mut Model, key: &str) {
    match model.saves.load(key) {
        Ok(session) => model.start(session),
        Err(e) => model.status = Some(e),
    }
}

fn update_load(model: &mut Model, msg: Msg) {
    let saves = model.saves.list();
    match msg {
        Msg::Up => step(&mut model.load, saves.len(), false),
        Msg::Down => step(&mut model.load, saves.len(), true),
        Msg::Select => {
            if let Some(s) = saves.get(model.load) {
                let key = s.key.clone();
                load_save(model, &key);
            }
        }
        Msg::Click(col, row) => {
            if let Some(i) = title::load_item_at(area(model), saves.len(), model.load, col, row) {
                model.load = i;
            }
        }
        Msg::Back => model.screen = Screen::Title,
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
    if msg == Msg::Save {
        model.status = Some(match model.saves.save(&g.session) {
            Ok(name) => format!("{}: {name}", strings::SAVED),
            Err(e) => e,
        });
        return;
    }
    // An event waiting for an answer comes before anything else.
    if g.session.game().pending_event().is_some() {
        model.status = update_event(g, msg, size);
        model.sync_screen();
        return;
    }
    model.status = match screen {
        Screen::Talks => update_talks(g, msg, size, &mut model.screen),
        Screen::Sanctions => update_sanctions(g, msg, size, &mut model.screen),
        _ => update_main(g, msg, size, &mut model.screen),
    };
    model.sync_screen();
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

fn update_main(g: &mut GameUi, msg: Msg, size: Rect, screen: &mut Screen) -> Option<String> {
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
