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
    /// Where a listed level comes from.
    enum Source<'a> {
        BuiltIn(&'a str),
        File(std::path::PathBuf),
    }
    let mut sources: Vec<Source> = (crate::level::BUILTIN.iter())
        .map(|(id, _, _)| Source::BuiltIn(id))
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
        sources.extend(files.into_iter().take(64).map(Source::File));
    }
    on_every_core(&sources, |source| match source {
        Source::BuiltIn(id) => crate::level::builtin(id).map(|r| LevelEntry {
            name: (*id).to_string(),
            level: r.map_err(|e| e.to_string()),
        }),
        Source::File(path) => Some(LevelEntry {
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            level: crate::level::load_file(path).map_err(|e| e.to_string()),
        }),
    })
    .into_iter()
    .flatten()
    .collect()
}

/// `work` done on each of `jobs` on all the machine's cores, the results in the jobs' order.
/// The title screen loads every level to list it, and each load (parse, check, lint) is
/// independent of the others: the six built-in levels took 20 ms on one core, twice the
/// first frame of before the campaigns grew.
fn on_every_core<J: Sync, T: Send>(jobs: &[J], work: impl Fn(&J) -> T + Sync) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // Each takes the next job left, so one big level does not hold up a
                    // share of the small ones.
                    let mut mine = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else { break };
                        mine.push((index, work(job)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_gives_the_results_in_the_jobs_order() {
        // Uneven work, so the workers finish out of order.
        let jobs: Vec<u64> = (0..200).map(|i| (i * 7919) % 23).collect();
        let results = on_every_core(&jobs, |&n| (0..n * 1000).fold(n, |a, b| a ^ b));
        let expected: Vec<u64> = jobs
            .iter()
            .map(|&n| (0..n * 1000).fold(n, |a, b| a ^ b))
            .collect();
        assert_eq!(results, expected);
        assert!(on_every_core(&[] as &[u8], |_| 0).is_empty());
    }

    #[test]
    fn the_list_is_the_built_in_levels_then_the_folders_files_by_name_tutorials_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let valid = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/levels/valid/minimal.toml"
        );
        std::fs::copy(valid, dir.path().join("b.toml")).expect("copy");
        std::fs::write(dir.path().join("a.toml"), "not a level").expect("write");
        std::fs::write(dir.path().join("c.txt"), "not listed").expect("write");
        let names: Vec<String> = levels_in(Some(dir.path()))
            .into_iter()
            .map(|e| e.name)
            .collect();
        let tutorials: Vec<&str> = (crate::level::BUILTIN.iter())
            .map(|(id, _, _)| *id)
            .filter(|id| {
                crate::level::builtin(id)
                    .and_then(Result::ok)
                    .is_some_and(|l| l.scenario.meta.tutorial)
            })
            .collect();
        let others = (crate::level::BUILTIN.iter())
            .map(|(id, _, _)| *id)
            .filter(|id| !tutorials.contains(id));
        let expected: Vec<String> = (tutorials.iter().copied().chain(others))
            .map(str::to_string)
            .chain(["a.toml".to_string(), "b.toml".to_string()])
            .collect();
        assert_eq!(names, expected);
    }
}
