//! The router. `update(&mut Model, Msg)` sends a message to the dialog on top of the stack
//! if there is one, else to the screen that is up; each screen's own `update` lives in its
//! file. It returns [`Effect`]s (save, load, write the debrief…) for the session to
//! perform, and [`outcome`] takes their answers back. Nothing here touches a file or a
//! terminal; the engine is called only through the game's [`Session`].
//!
//! Also here: the moves several game screens share (take an action, end the month, open the
//! save prompt or the history) and the list helpers.

use ratatui::layout::Rect;

use crate::engine::Decision;
use crate::objectives;
use crate::session::Session;

use super::dialogs::{self, Command, ConfirmQuit, Dialog, Help, LoadProblem, Notice, Reply};
use super::dialogs::{SavePrompt, is};
use super::effect::{Effect, Outcome};
use super::model::{GameUi, LoadFrom, Model, Screen};
use super::view;
use super::{
    dashboard, end, event, load, main_screen, picker, relations, rewind, strings, talks, title,
};

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
    /// A level's dashboard panel, by its index in the level's list (its key, which the key
    /// map reads from the level).
    Dashboard(usize),
    /// The relations map (`m`).
    Relations,
    /// In the help: scroll to the level's briefing (`b`).
    Briefing,
    EndMonth,
    /// `N`: end months until something needs the player (see [`fast_forward`]).
    FastForward,
    /// The next month of a fast-forward. Never from a key: the router asks for it (an
    /// [`Effect::Continue`]) once the month before has been autosaved.
    FastForwardMore,
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
    /// Scroll the screen's scrolling pane by a page (PgDn / PgUp).
    ScrollDown,
    ScrollUp,
    /// A left click at (column, row).
    Click(u16, u16),
    Resize(u16, u16),
    /// A signal or the server ends the session: leave now, without asking.
    Shutdown,
    /// The best scores of a level (picker, end screen).
    Scores,
}

/// Move a list selection one step, within `len` items.
pub fn step(index: &mut usize, len: usize, down: bool) {
    if len == 0 {
        *index = 0;
    } else if down {
        *index = (*index + 1).min(len - 1);
    } else {
        *index = index.saturating_sub(1).min(len - 1);
    }
}

/// The whole screen, for layouts that map clicks.
pub fn area(model: &Model) -> Rect {
    Rect::new(0, 0, model.size.0, model.size.1)
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Resize(w, h) => {
            model.size = (w, h);
            return fx;
        }
        Msg::Shutdown => {
            model.quit = true;
            return fx;
        }
        _ => {}
    }
    // Below the minimum size the view shows only a message: nothing may happen unseen but
    // the quit question (which that message then shows).
    if model.too_small() && msg != Msg::Quit && !model.has_dialog::<ConfirmQuit>() {
        return fx;
    }
    // A status line lasts until the next thing the player does.
    model.status = None;
    // A dialog opened between two fast-forwarded months (an autosave that failed): stop,
    // and leave the dialog to the player.
    if msg == Msg::FastForwardMore && model.top_dialog().is_some() {
        if let Some(g) = model.game.as_mut() {
            model.status = fast_forward_stop(g, strings::FF_DIALOG);
        }
        return fx;
    }
    // Ctrl-C asks to quit whatever is open (a text field reads q as a letter).
    if msg == Msg::Quit && model.top_dialog().is_some_and(|d| !is::<ConfirmQuit>(d)) {
        open(model, ConfirmQuit);
        return fx;
    }
    if let Some(top) = model.dialogs.last_mut() {
        match top.update(msg) {
            Reply::Stay => {}
            Reply::Close => {
                model.dialogs.pop();
            }
            Reply::Then(command) => run(model, command, &mut fx),
            Reply::CloseThen(command) => {
                model.dialogs.pop();
                run(model, command, &mut fx);
            }
        }
        return fx;
    }
    match msg {
        Msg::Help => {
            let help = Help::over(model);
            open(model, help);
        }
        Msg::Quit => open(model, ConfirmQuit),
        _ => match model.screen {
            Screen::Title => title::update(model, msg, &mut fx),
            Screen::Load => load::update(model, msg, &mut fx),
            Screen::Picker => picker::update(model, msg),
            Screen::Main | Screen::Talks | Screen::Dashboard | Screen::Relations => {
                update_game(model, msg, &mut fx);
            }
            Screen::Rewind => rewind::update(model, msg),
            Screen::End => end::update(model, msg, &mut fx),
        },
    }
    fx
}

/// Put a dialog on top of the stack.
pub fn open(model: &mut Model, dialog: impl Dialog) {
    model.dialogs.push(Box::new(dialog));
}

/// Do what a dialog asked.
fn run(model: &mut Model, command: Command, fx: &mut Vec<Effect>) {
    match command {
        Command::Quit => model.quit = true,
        Command::Delete(key) => fx.push(Effect::Delete { key }),
        Command::Branch { turn, name, label } => fx.push(Effect::Branch { turn, name, label }),
        Command::SaveAs(name) => fx.push(Effect::Save { name }),
        Command::Load { key, from, anyway } => fx.push(Effect::Load { key, from, anyway }),
        Command::SetPlayer(name) => fx.push(Effect::SetPlayer { name }),
        Command::PlayLevel(index) => {
            model.screen = Screen::Picker;
            model.picker.selected = index;
            picker::next(model);
        }
    }
}

/// An effect's answer. May ask for more effects (a save is followed by a new list).
pub fn outcome(model: &mut Model, outcome: Outcome) -> Vec<Effect> {
    let mut fx = Vec::new();
    match outcome {
        Outcome::Listed(list) => model.set_saves(list),
        Outcome::Saved(Ok(slot)) => {
            // The store keeps a replaced save as the backup, but one that did not read as
            // `NAME.json.broken` (so the good backup survives): say which.
            let replaced = model
                .saves_list
                .iter()
                .find(|s| s.key == slot)
                .map(|s| s.info.is_ok());
            model.close::<SavePrompt>();
            model.status = Some(match replaced {
                Some(true) => {
                    format!("{} '{slot}' ({}).", strings::SAVED, strings::SAVED_REPLACED)
                }
                Some(false) => format!(
                    "{} '{slot}' ({} {slot}.json.broken).",
                    strings::SAVED,
                    strings::SAVED_REPLACED_BROKEN
                ),
                None => format!("{} '{slot}'.", strings::SAVED),
            });
            fx.push(Effect::ListSaves);
        }
        // Refused (a bad name) or failed (a full disk): say why and let the player fix the
        // name or give up; the game is untouched either way.
        Outcome::Saved(Err(e)) => match model.dialog_mut::<SavePrompt>() {
            Some(prompt) => prompt.error = Some(e),
            None => model.status = Some(e),
        },
        Outcome::Autosaved(Ok(())) => {
            if std::mem::take(&mut model.autosave_failing) {
                add_status(model, strings::AUTOSAVE_WORKS_AGAIN.to_string());
            }
            fx.push(Effect::ListSaves);
        }
        // A failure (a full disk, an unwritable folder) is told in full once — a footer line
        // is cut at 80 columns, and the reason comes last — then in short each month until
        // a save works again. The game goes on either way.
        Outcome::Autosaved(Err(e)) => {
            if model.autosave_failing {
                add_status(
                    model,
                    format!(
                        "{}: {e} — {}.",
                        strings::AUTOSAVE_FAILED_AGAIN,
                        strings::AUTOSAVE_GOES_ON
                    ),
                );
            } else {
                model.autosave_failing = true;
                let mut lines = vec![e];
                lines.extend(strings::AUTOSAVE_FAILED_LINES.map(str::to_string));
                open(
                    model,
                    Notice {
                        title: strings::AUTOSAVE_FAILED.to_string(),
                        lines,
                    },
                );
            }
        }
        Outcome::Deleted { key, result } => {
            model.status = Some(match result {
                Ok(()) => format!("{} '{key}'.", strings::DELETED),
                Err(e) => e,
            });
            fx.push(Effect::ListSaves);
        }
        Outcome::Loaded { key, from, result } => {
            model.close::<LoadProblem>();
            match result {
                Ok(loaded) => {
                    model.start(loaded.session);
                    model.status = Some(match from {
                        LoadFrom::Save => format!("{} '{key}'.", strings::LOADED),
                        LoadFrom::Backup => {
                            format!("{} '{key}' {}.", strings::LOADED, strings::LOADED_BACKUP)
                        }
                    });
                    if !loaded.warnings.is_empty() {
                        open(
                            model,
                            Notice {
                                title: strings::WARNINGS_TITLE.to_string(),
                                lines: loaded.warnings,
                            },
                        );
                    }
                }
                Err(failure) => open(
                    model,
                    LoadProblem {
                        key,
                        from,
                        failure,
                        choice: 0,
                    },
                ),
            }
        }
        Outcome::Branched { label, result } => match result {
            Ok((session, slot)) => {
                model.start(session);
                model.status = Some(format!(
                    "{} {label}, saved as '{slot}'.",
                    strings::REWIND_DONE
                ));
                fx.push(Effect::ListSaves);
            }
            // Nothing changed: the game being played goes on as it was.
            Err(e) => model.status = Some(format!("{}: {e}", strings::REWIND_FAILED)),
        },
        Outcome::Working(what) => model.working = Some(what),
        Outcome::PlayerSet(result) => {
            model.profile.ask_name = false;
            model.status = Some(match result {
                Ok(Some(name)) => {
                    let said = format!("{} '{name}'.", strings::NAME_SET);
                    model.profile.name = Some(name);
                    said
                }
                Ok(None) => {
                    model.profile.name = None;
                    strings::NAME_CLEARED.to_string()
                }
                Err(e) => format!("{}: {e}", strings::NAME_FAILED),
            });
            // The first New game: the tutorial's suggestion comes after the name.
            if model.dialogs.is_empty() {
                picker::suggest_tutorial(model, &mut fx);
            }
        }
        Outcome::Recorded(result) => match result {
            Ok(Some(game)) => {
                fx.push(Effect::ListRecords);
                fx.push(Effect::ListSaves);
                model.status = Some(format!(
                    "{}: {} · score {} · {}.",
                    strings::RECORDED,
                    view::flat(&game.ending),
                    game.score,
                    game.save
                ));
            }
            Ok(None) => {}
            Err(e) => model.status = Some(format!("{}: {e}", strings::RECORD_FAILED)),
        },
        Outcome::RecordsListed(result) => match result {
            Ok(records) => {
                model.records = records;
                model.records_error = None;
            }
            Err(e) => {
                model.records = Default::default();
                model.records_error = Some(e);
            }
        },
        Outcome::DebriefWritten(result) => {
            model.working = None;
            model.status = Some(match result {
                Ok(place) => format!("{} {place}", strings::DEBRIEF_WRITTEN),
                Err(e) => format!("{}: {e}", strings::DEBRIEF_FAILED),
            });
        }
    }
    fx
}

/// What `s` offers: the level and the month, `revive-the-talks-2017-03`.
pub fn default_save_name(session: &Session) -> String {
    let (month, year) = session.game().state().calendar();
    // The save system takes at most 48 characters; keep room for the date.
    let id: String = session.level.id().chars().take(36).collect();
    format!("{id}-{year}-{month:02}")
}

/// `s`: the save-name prompt with the default name.
/// Add a message after whatever the footer already says (the month's own news first).
fn add_status(model: &mut Model, message: String) {
    model.status = Some(match model.status.take() {
        Some(before) => format!("{before} {message}"),
        None => message,
    });
}

pub fn open_prompt(model: &mut Model) {
    if let Some(g) = &model.game {
        let name = default_save_name(&g.session);
        open(model, SavePrompt::new(name));
    }
}

/// The main, talks, dashboard and relations screens: `s` and `r` from any of them, an event waiting
/// for an answer before anything else, and the month's autosave when the engine moved on.
fn update_game(model: &mut Model, msg: Msg, fx: &mut Vec<Effect>) {
    let size = area(model);
    match msg {
        Msg::Save => return open_prompt(model),
        Msg::Rewind => return rewind::open(model),
        _ => {}
    }
    let screen = model.screen;
    let Some(g) = model.game.as_mut() else {
        model.screen = Screen::Title;
        return;
    };
    let before = (g.session.game().state().turn(), g.session.game().is_over());
    model.status = if g.session.game().pending_event().is_some() {
        event::update(g, msg, size)
    } else {
        match screen {
            Screen::Talks => talks::update(g, msg, size, &mut model.screen),
            Screen::Dashboard => dashboard::update(g, msg, size, &mut model.screen),
            Screen::Relations => relations::update(g, msg, size, &mut model.screen),
            _ => main_screen::update(g, msg, size, &mut model.screen),
        }
    };
    let after = (g.session.game().state().turn(), g.session.game().is_over());
    // The game has just ended: into the record of finished games (its own final save,
    // which no pruning reaches).
    if after.1 && !before.1 {
        fx.push(Effect::RecordFinished);
    }
    // The month has resolved (its events answered) or the game has ended: autosave.
    if after != before {
        fx.push(Effect::Autosave);
    }
    // A fast-forward goes on after this month's autosave, one month per message, so each
    // month is saved as it ends.
    if g.fast_forward.is_some() {
        fx.push(Effect::Continue(Msg::FastForwardMore));
    }
    model.sync_screen();
}

/// After a month has resolved: the news of what happened shows, and the focus is on the
/// actions (the month ahead is what the player acts on next).
pub fn month_ended(g: &mut GameUi) -> Option<String> {
    g.main.month_ended();
    g.event.option = 0;
    g.talks.tabled = None;
    let date = g.session.game().state().date();
    let noun = date.unit.noun();
    let mut word = noun.chars();
    let noun: String = word
        .next()
        .map(|c| c.to_uppercase().chain(word).collect())
        .unwrap_or_default();
    Some(format!("{noun} {} {}.", strings::TURN_ENDED, date.label()))
}

/// `n`: end the month (an event may then wait for an answer, or the game end). With capital
/// left and an action it can pay for, the first `n` of a month only says so: students ended
/// months with most of their capital unspent.
pub fn end_month(g: &mut GameUi) -> Option<String> {
    let game = g.session.game();
    let turn = game.state().turn();
    if g.unspent_warned != Some(turn) && game.capital() > 0.0 {
        let scenario = game.scenario();
        let affordable = crate::projection::action_order(scenario)
            .into_iter()
            .find(|&id| game.can_act(id));
        if let Some(id) = affordable {
            g.unspent_warned = Some(turn);
            // What to press first: the line is cut at the screen's edge.
            return Some(format!(
                "{} — {} {}; {} {}.",
                strings::per_turn(strings::UNSPENT_AGAIN, game.state().date().unit),
                crate::projection::capital_num(game.capital()),
                strings::UNSPENT,
                strings::UNSPENT_FOR,
                view::flat(&scenario.action(id).name),
            ));
        }
    }
    end_month_now(g)
}

/// End the month, whatever capital is left: `n`'s second press and each month of `N`.
fn end_month_now(g: &mut GameUi) -> Option<String> {
    match g.session.apply(Decision::EndMonth) {
        // The end screen or the event pop-up says what happened; no status line needed.
        Ok(()) if g.session.game().is_over() => None,
        Ok(()) if g.session.game().pending_event().is_some() => {
            g.event.option = 0;
            None
        }
        Ok(()) => month_ended(g),
        Err(e) => Some(e.to_string()),
    }
}

/// The most turns one `N` ends.
pub const FAST_FORWARD_MAX: u16 = 6;

/// A fast-forward under way (`N`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FastForward {
    /// Turns ended so far.
    pub turns: u16,
    /// The capital left when `N` was pressed, for the final status line.
    pub unspent: f64,
}

/// `N`: end the turn, and go on ending turns while nothing needs the player — until an
/// event asks for an answer, an ending could come next turn (the header's warning), the
/// game ends, or [`FAST_FORWARD_MAX`] turns have passed. It never acts or spends: pressing
/// `N` is the explicit choice, so the unspent-capital question of `n` is not asked again
/// (the final status says how much was left). Each turn goes through the same month end as
/// `n` and is autosaved by the router before the next one.
pub fn fast_forward(g: &mut GameUi, msg: Msg) -> Option<String> {
    if msg == Msg::FastForward {
        g.fast_forward = Some(FastForward {
            turns: 0,
            unspent: g.session.game().capital(),
        });
    }
    let mut ff = g.fast_forward?;
    let game = g.session.game();
    let before = (
        game.state().turn(),
        game.is_over(),
        game.pending_event().is_some(),
    );
    let said = end_month_now(g);
    let game = g.session.game();
    let after = (
        game.state().turn(),
        game.is_over(),
        game.pending_event().is_some(),
    );
    if after == before {
        // The engine refused the month end: say why, and stop.
        g.fast_forward = None;
        return said;
    }
    ff.turns += 1;
    g.fast_forward = Some(ff);
    let warned = objectives::objectives(game)
        .iter()
        .any(|o| o.warning(objectives::months_left(game)));
    let why = if game.is_over() {
        strings::FF_OVER
    } else if game.pending_event().is_some() {
        strings::FF_EVENT
    } else if warned {
        strings::FF_WARNING
    } else if ff.turns >= FAST_FORWARD_MAX {
        strings::FF_MAX
    } else {
        return None;
    };
    fast_forward_stop(g, why)
}

/// End a fast-forward: "Fast-forwarded 3 months: an event needs you. 4 capital left
/// unspent."
fn fast_forward_stop(g: &mut GameUi, why: &str) -> Option<String> {
    let ff = g.fast_forward.take()?;
    let unit = g.session.game().state().date().unit;
    let noun = if ff.turns == 1 {
        unit.noun().to_string()
    } else {
        format!("{}s", unit.noun())
    };
    let mut line = format!(
        "{} {} {noun}: {}.",
        strings::FF_DONE,
        ff.turns,
        strings::per_turn(why, unit)
    );
    if ff.unspent > 0.0 {
        line.push_str(&format!(
            " {} {}.",
            crate::projection::capital_num(ff.unspent),
            strings::FF_UNSPENT
        ));
    }
    Some(line)
}

/// Take the action at `index` in the actions menu's order.
pub fn take_action(g: &mut GameUi, index: usize) -> Option<String> {
    let order = crate::projection::action_order(g.session.game().scenario());
    let id = *order.get(index)?;
    // Why not, in the level's words where it has them (the engine's error names the action).
    if let Some(why) = crate::projection::action_why_not(g.session.game(), id) {
        let stop = if why.ends_with('.') { "" } else { "." };
        return Some(format!("Cannot: {why}{stop}"));
    }
    match g.session.apply(Decision::Act(id)) {
        Ok(()) => Some(format!(
            "Done: {}.",
            g.session.game().scenario().action(id).name
        )),
        Err(e) => Some(format!("Cannot: {e}.")),
    }
}

/// PgDn / PgUp: move a scrolling pane's `scroll` a page down or up, within what `pages`
/// (page, last) allows. Any other message brings the pane back to the top (it follows the
/// selection). Answers whether `msg` was a scroll.
pub fn scroll_pane(scroll: &mut u16, msg: Msg, pages: impl FnOnce() -> (u16, u16)) -> bool {
    let down = match msg {
        Msg::ScrollDown => true,
        Msg::ScrollUp => false,
        _ => {
            *scroll = 0;
            return false;
        }
    };
    let (page, last) = pages();
    *scroll = if down {
        scroll.saturating_add(page).min(last)
    } else {
        scroll.saturating_sub(page)
    };
    true
}

/// The footer's key hints: the top dialog's, else the screen's.
pub fn hint<'a>(model: &'a Model, screen: &'a str) -> &'a str {
    model.top_dialog().map_or(screen, |d| d.hint())
}

/// Every dialog, drawn in stack order (re-exported for the view).
pub use dialogs::render_all as render_dialogs;
