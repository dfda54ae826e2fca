//! The game's interface: ratatui in the Elm style, as a session that runs on any terminal.
//!
//! **Where things live**
//!
//! - [`session`]: [`GameSession`] — the whole game as a value that takes terminal events and
//!   draws on any ratatui backend; [`SessionConfig`] says what it needs from outside. Read
//!   its docs to run the game somewhere new (a test, an SSH channel).
//! - [`terminal`]: the local runner — raw mode, the alternate screen, signals, suspend
//!   (Ctrl-Z), restoring the terminal — over one session ([`run`]); and
//!   [`terminal::enter_screen`] / [`terminal::leave_screen`], the escape codes a runner
//!   whose terminal is remote writes around a session.
//! - [`model`]: the [`Model`] (which screen is up, each screen's state, the dialog stack,
//!   the game) and the [`SaveStore`] seam; [`disk`] over the real folder, [`fake_saves`] in
//!   memory for tests. [`derived`]: what the game screens draw from the game's state alone
//!   (objectives, last month's summary, advice), kept until the game changes.
//! - [`update`]: [`Msg`] and the router: a message goes to the top dialog, else to the
//!   screen that is up; it returns [`effect::Effect`]s (save, load, debrief) that the
//!   session performs and answers with [`effect::Outcome`]s.
//! - [`keys`]: key bindings as data, the key context, and [`keys::msg_for_event`], the one
//!   function that turns a terminal event into a message.
//! - [`view`]: draws the screen, the event pop-up and the dialogs; shared drawing helpers,
//!   text measured in display columns. [`theme`]: 16 colours, `NO_COLOR`.
//!   [`strings`]: UI text.
//! - Screens, one file each, holding their state struct, layout, drawing, click
//!   hit-testing and `update`: [`title`], [`load`] (the saves), [`picker`], [`main_screen`],
//!   [`talks`], [`dashboard`] (the level's own panels), [`relations`] (the map of the
//!   parties' ties), [`event`] (the pop-up over a game screen), [`end`], [`rewind`] (the
//!   history of months). [`hint`] fits a screen's footer hints to its width.
//! - [`dialogs`]: the stack of boxes over a screen (help, quit, yes/no, save name, load
//!   problem, notice, the player's name, the tutorial suggestion, best scores), one type
//!   per file. Finished games and high scores come from [`crate::records`] through the
//!   [`SaveStore`] seam.
//! - Game projections shared with the rest of the program (action order, meters, news,
//!   why-not reasons, month names, the history of months) are in [`crate::projection`].
//!
//! Tests drive sessions the way a player does: `tests/ui_support` types keys (`"s<C-u>name
//! <Enter>"`) through [`GameSession::handle_event`] on a `TestBackend`.
//!
//! **To add a dialog**: a new file in `dialogs/` with a type implementing
//! [`dialogs::Dialog`] (see that module). **To add a screen**: a new file here with its
//! `State`, `render` and `update`; a [`model::Screen`] variant and a field for its state in
//! [`Model`]; one arm each in `update::update`, `view::draw` and `keys::context`.

pub mod dashboard;
pub mod derived;
pub mod dialogs;
pub mod disk;
pub mod effect;
pub mod end;
pub mod event;
pub mod fake_saves;
pub mod hint;
pub mod keys;
pub mod load;
pub mod main_screen;
pub mod model;
pub mod picker;
pub mod relations;
pub mod rewind;
pub mod session;
pub mod strings;
pub mod talks;
pub mod terminal;
pub mod theme;
pub mod title;
pub mod update;
pub mod view;

use std::path::Path;

pub use disk::disk_saves;
pub use keys::msg_for_event;
pub use model::{LevelEntry, Model, SaveStore};
pub use session::{GameSession, SessionConfig, SessionStatus};
pub use terminal::{is_terminal, run, run_watching};
pub use update::Msg;

/// Every level the picker offers: the built-in ones, then the player's own folder
/// (`SIXPARTY_HOME/levels` or the platform's).
pub fn available_levels() -> Vec<LevelEntry> {
    levels_in(crate::paths::levels_dir().ok().as_deref())
}

/// The built-in levels, then the `.toml` files in `dir` (if given), sorted by name; the
/// tutorials (`[level] tutorial = true`) first, so a new player meets them first.
pub fn levels_in(dir: Option<&Path>) -> Vec<LevelEntry> {
    let mut out = all_levels_in(dir);
    // Stable: the order within tutorials and within the rest is kept.
    out.sort_by_key(|e| !e.level.as_ref().is_ok_and(|l| l.scenario.meta.tutorial));
    out
}

fn all_levels_in(dir: Option<&Path>) -> Vec<LevelEntry> {
    let mut out: Vec<LevelEntry> = crate::level::BUILTIN
        .iter()
        .filter_map(|(id, _, _)| {
            crate::level::builtin(id).map(|r| LevelEntry {
                name: (*id).to_string(),
                level: r.map_err(|e| e.to_string()),
            })
        })
        .collect();
    if let Some(dir) = dir
        && let Ok(entries) = std::fs::read_dir(dir)
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
