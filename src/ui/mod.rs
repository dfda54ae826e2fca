//! The terminal game: ratatui over crossterm, in the Elm style.
//!
//! - [`model`]: the [`Model`] (screens, selections, the game's
//!   [`Session`]) and the [`SaveStore`] seam.
//! - [`update`]: [`Msg`] and `update(&mut Model, Msg)` — the only place that
//!   calls the engine.
//! - [`view`]: `draw(&Model, Rect, &mut Buffer)`, no side effects; one file per screen:
//!   [`title`], [`load`] (the saves), [`picker`], [`main_screen`], [`talks`], [`sanctions`],
//!   [`event`], [`end`], [`rewind`] (the history of months), [`help`]; [`dialogs`] holds the
//!   save-name prompt, the load-problem box and load warnings.
//! - [`disk`]: the save seam over the real save folder; [`fake_saves`]: an in-memory one
//!   for tests.
//! - [`keys`]: key bindings as data; [`theme`]: 16 colours, `NO_COLOR`; [`strings`]: UI text.
//!
//! [`run`] owns the terminal: it enters raw mode and the alternate screen, reads input on a
//! thread that blocks in `crossterm::event::read` (no polling, so an idle game uses no CPU),
//! and restores the terminal on quit, on error, on panic (ratatui's hook plus ours for the
//! mouse and cursor) and on SIGTERM/SIGHUP/SIGINT (via `signal-hook`, since crossterm has no
//! signal API).

pub mod dialogs;
pub mod disk;
pub mod end;
pub mod event;
pub mod fake_saves;
pub mod help;
pub mod keys;
pub mod load;
pub mod main_screen;
pub mod model;
pub mod picker;
pub mod rewind;
pub mod sanctions;
pub mod strings;
pub mod talks;
pub mod theme;
pub mod title;
pub mod update;
pub mod view;

use std::io::Write as _;
use std::sync::mpsc;

use anyhow::Result;
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};

use crate::session::Session;
use model::{LevelEntry, Model, SaveStore};
use update::Msg;

/// Every level the picker offers: the built-in ones, then the player's own folder.
pub fn available_levels() -> Vec<LevelEntry> {
    let mut out: Vec<LevelEntry> = crate::level::BUILTIN
        .iter()
        .filter_map(|(id, _, _)| {
            crate::level::builtin(id).map(|r| LevelEntry {
                name: (*id).to_string(),
                level: r.map_err(|e| e.to_string()),
            })
        })
        .collect();
    if let Ok(dir) = crate::paths::levels_dir()
        && let Ok(entries) = std::fs::read_dir(&dir)
    {
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        // A folder full of files must not stall the title screen.
        for path in files.into_iter().take(64) {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            out.push(LevelEntry {
                name,
                level: crate::level::load_file(&path).map_err(|e| e.to_string()),
            });
        }
    }
    out
}

/// What the loop waits for: terminal input or a signal.
enum Input {
    Term(Event),
    Signal(i32),
}

/// The message a terminal event means on the current screen, if any.
pub fn msg_for_event(model: &Model, ev: &Event) -> Option<Msg> {
    match ev {
        // Only presses: releases and auto-repeats would double actions.
        Event::Key(k) if k.kind == KeyEventKind::Press => keys::msg_for(*k, context(model)),
        Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
            Some(Msg::Click(m.column, m.row))
        }
        Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
        _ => None,
    }
}

/// Which key context the model is in.
pub fn context(model: &Model) -> keys::Ctx {
    use model::Screen;
    if model.confirm_quit {
        keys::Ctx::Confirm
    } else if model.help {
        keys::Ctx::Help
    } else if model.prompt.is_some() {
        keys::Ctx::Name
    } else if model.notice.is_some() || model.load_problem.is_some() {
        keys::Ctx::Game
    } else if model.confirm_delete || model.rewind.confirm.is_some() {
        keys::Ctx::Confirm
    } else {
        match model.screen {
            Screen::Title => keys::Ctx::Title,
            Screen::Load => keys::Ctx::Load,
            Screen::Picker if model.picker.entering_seed => keys::Ctx::Text,
            Screen::Talks => keys::Ctx::Talks,
            _ => keys::Ctx::Game,
        }
    }
}

/// Undo everything `run` did to the terminal. Safe to call more than once.
fn restore() {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, DisableMouseCapture, crossterm::cursor::Show);
    ratatui::restore();
    let _ = out.flush();
}

/// Play in the terminal: the title screen, or `start` straight away. Returns the signal
/// that ended the game, if one did (the caller exits with 128 + its number, as shells do).
pub use disk::disk_saves;

/// Whether standard input and output are a terminal the game can draw on.
pub fn is_terminal() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

pub fn run(start: Option<Session>, saves: Box<dyn SaveStore>) -> Result<Option<i32>> {
    if !is_terminal() {
        anyhow::bail!(
            "the game needs an interactive terminal (standard input and output are not one); the headless commands are `sixparty simulate`, `debrief` and `level` (see --help)"
        );
    }
    let mut model = Model::new(available_levels(), saves, theme::Theme::from_env());
    if let Some(session) = start {
        model.start(session);
    }
    // Ours first, so ratatui's hook (installed by init, wrapping ours) restores the screen
    // before we release the mouse and show the cursor; then the default hook prints.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(
            std::io::stdout(),
            DisableMouseCapture,
            crossterm::cursor::Show
        );
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let result = run_loop(&mut terminal, &mut model);
    restore();
    result
}

fn run_loop(terminal: &mut ratatui::DefaultTerminal, model: &mut Model) -> Result<Option<i32>> {
    crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
    let size = terminal.size()?;
    model.size = (size.width, size.height);
    let (tx, rx) = mpsc::channel::<Input>();
    let keys_tx = tx.clone();
    std::thread::spawn(move || {
        // Blocks until input arrives: no busy loop.
        while let Ok(ev) = crossterm::event::read() {
            if keys_tx.send(Input::Term(ev)).is_err() {
                break;
            }
        }
    });
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = tx.send(Input::Signal(signal));
            }
        });
    }
    let mut signal = None;
    loop {
        terminal.draw(|f| view::view(model, f))?;
        let Ok(first) = rx.recv() else { break };
        // Handle everything already waiting before the next redraw.
        let mut pending = vec![first];
        pending.extend(rx.try_iter());
        for input in pending {
            let msg = match input {
                Input::Signal(number) => {
                    signal = Some(number);
                    Some(Msg::Shutdown)
                }
                Input::Term(ev) => msg_for_event(model, &ev),
            };
            if let Some(msg) = msg {
                update::update(model, msg);
            }
        }
        if model.quit {
            break;
        }
    }
    Ok(signal)
}
