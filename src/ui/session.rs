//! A game session that does not own a terminal: the whole game — title screen, picker,
//! play, saves, debrief — as a value that takes terminal events and draws on any ratatui
//! backend. The local terminal ([`super::terminal::run`]), the tests (a `TestBackend`) and
//! the class server (one session per SSH channel) are three runners of the same session.
//!
//! # Using it
//!
//! ```no_run
//! use ratatui::backend::CrosstermBackend;
//! use ratatui::layout::Rect;
//! use ratatui::{Terminal, TerminalOptions, Viewport};
//! use sixparty::ui::{GameSession, SessionConfig, SessionStatus};
//!
//! // Saves in DATA/saves, debriefs in DATA/debriefs, the built-in levels and DATA/levels.
//! let config = SessionConfig::in_folder("/srv/class/ana".as_ref())
//!     .player("ana")
//!     .size(100, 30);
//! let mut session = GameSession::new(config);
//! // Any `Write` will do: a channel to an SSH client, a Vec<u8>, a pty. A fixed viewport
//! // keeps ratatui from asking the process's own terminal for a size.
//! let mut out: Vec<u8> = Vec::new();
//! // The alternate screen, a hidden cursor, mouse reports (`leave_screen` undoes them).
//! sixparty::ui::terminal::enter_screen(&mut out)?;
//! let viewport = Viewport::Fixed(Rect::new(0, 0, 100, 30));
//! let mut terminal =
//!     Terminal::with_options(CrosstermBackend::new(out), TerminalOptions { viewport })?;
//! session.draw(&mut terminal)?;
//! # let next_event = || -> crossterm::event::Event { unimplemented!() };
//! loop {
//!     // Parse the client's bytes into crossterm events however the transport allows.
//!     let event = next_event();
//!     if let crossterm::event::Event::Resize(w, h) = event {
//!         terminal.resize(Rect::new(0, 0, w, h))?;
//!     }
//!     if session.handle_event(&event) == SessionStatus::Finished {
//!         break;
//!     }
//!     session.draw(&mut terminal)?;
//! }
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! - [`GameSession::handle_event`] takes a crossterm [`Event`] (keys, left clicks, resizes)
//!   and answers whether the session goes on. A resize may also come as
//!   [`GameSession::resize`].
//! - [`GameSession::draw`] draws the current state on a `Terminal<B>` for any backend `B`;
//!   [`GameSession::render`] into a bare buffer.
//! - Slow work (the debrief's what-if games) runs on a thread of its own; the footer says so
//!   meanwhile. When it ends the session calls the *waker* given to
//!   [`GameSession::set_waker`] (from that thread); the runner then calls
//!   [`GameSession::poll`] on its own thread and redraws. [`GameSession::wait`] blocks
//!   until the work is done (tests).
//! - [`GameSession::shutdown`] ends it without the quit question (a signal, a dropped
//!   connection); [`GameSession::is_finished`] says whether it has ended.
//!
//! # What it does not do
//!
//! No raw mode, alternate screen, mouse capture, signal handling, `process::exit` or global
//! state: those are the runner's. A session reads no environment variable either: the
//! colour theme, the levels and the save folder come in its [`SessionConfig`]. Sessions are
//! `Send` and independent, so a server can run many in one process.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::session::Session;

use super::disk::DiskSaves;
use super::effect::{Effect, Outcome};
use super::keys;
use super::model::{LevelEntry, Model, SaveStore, clock_seed};
use super::theme::Theme;
use super::update::{self, Msg};
use super::{strings, view};

/// Called from a worker thread when background work has finished (see
/// [`GameSession::set_waker`]).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Whether a session goes on after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Running,
    /// The player quit (or the session was shut down): the runner should close it.
    Finished,
}

/// Everything a session needs from outside. Build it with [`SessionConfig::new`] or
/// [`SessionConfig::in_folder`] and the setters below.
pub struct SessionConfig {
    /// The levels the picker offers, in order.
    pub levels: Vec<LevelEntry>,
    /// Where saves and reports go.
    pub saves: Box<dyn SaveStore>,
    /// Recorded in the debrief (and, through the save store, in saves).
    pub player: Option<String>,
    /// Start in this game instead of the title screen (a fixed level and seed, or a
    /// challenge code; see [`SessionConfig::challenge`]).
    pub start: Option<Session>,
    /// The picker shows the levels' notes for teachers (learning goals, assumptions,
    /// questions). Off, a student sees them only for a level with
    /// `[teacher] show_to_students = true`. On by default (local play).
    pub teacher: bool,
    pub theme: Theme,
    /// The terminal's size until the first resize.
    pub size: (u16, u16),
    /// Where a blank seed comes from (the clock; a constant in tests).
    pub seed_source: fn() -> u64,
    /// The data folder of [`SessionConfig::in_folder`], so [`SessionConfig::player`] can
    /// name the player in its saves.
    data: Option<PathBuf>,
}

impl SessionConfig {
    /// A session offering `levels`, saving into `saves`: colour on, teacher notes shown,
    /// 80×24 until told otherwise, random seeds from the clock.
    pub fn new(levels: Vec<LevelEntry>, saves: Box<dyn SaveStore>) -> Self {
        SessionConfig {
            levels,
            saves,
            player: None,
            start: None,
            teacher: true,
            theme: Theme { color: true },
            size: (80, 24),
            seed_source: clock_seed,
            data: None,
        }
    }

    /// A session whose files live in `data`: saves in `data/saves`, debriefs in
    /// `data/debriefs`, and the built-in levels followed by those in `data/levels`.
    pub fn in_folder(data: &Path) -> Self {
        let levels = super::levels_in(Some(&data.join("levels")));
        let mut config = Self::new(levels, Box::new(DiskSaves::in_folder(data, None)));
        config.data = Some(data.to_path_buf());
        config
    }

    /// The player's name, recorded in saves (for a session made by [`Self::in_folder`])
    /// and in the debrief.
    pub fn player(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if let Some(data) = &self.data {
            self.saves = Box::new(DiskSaves::in_folder(data, Some(name.clone())));
        }
        self.player = Some(name);
        self
    }

    /// Start straight in this game.
    pub fn start(mut self, session: Session) -> Self {
        self.start = Some(session);
        self
    }

    /// Start straight in the game a challenge code names (`tutorial-42-b40fa2f4`), if its
    /// level is among the offered ones and unchanged; else say why.
    pub fn challenge(mut self, code: &str) -> Result<Self, String> {
        let code = crate::challenge::parse(code).map_err(|e| e.to_string())?;
        let level = self
            .levels
            .iter()
            .find_map(|e| e.level.as_ref().ok().filter(|l| l.id() == code.level))
            .ok_or_else(|| format!("no level '{}' is offered here", code.level))?
            .clone();
        crate::challenge::verify(&code, &level).map_err(|e| e.to_string())?;
        self.start = Some(Session::new(level, code.seed));
        Ok(self)
    }

    pub fn teacher(mut self, teacher: bool) -> Self {
        self.teacher = teacher;
        self
    }

    pub fn theme(mut self, theme: Theme) -> Self {
        self.theme = theme;
        self
    }

    pub fn size(mut self, width: u16, height: u16) -> Self {
        self.size = (width, height);
        self
    }

    pub fn seed_source(mut self, source: fn() -> u64) -> Self {
        self.seed_source = source;
        self
    }
}

/// One player's game, on whatever terminal the runner gives it. See the module docs.
pub struct GameSession {
    model: Model,
    saves: Box<dyn SaveStore>,
    player: Option<String>,
    /// The debrief being written on a worker thread: its game's id, file name and text.
    work: Option<Receiver<(u64, String, String)>>,
    waker: Option<Waker>,
}

impl GameSession {
    pub fn new(config: SessionConfig) -> Self {
        let mut model = Model::new(config.levels, config.theme);
        model.size = config.size;
        model.teacher = config.teacher;
        model.seed_source = config.seed_source;
        if let Some(session) = config.start {
            model.start(session);
        }
        model.profile = config.saves.profile();
        // `sixparty play` starts in the game: a new player is asked their name there (a
        // New game from the title screen asks it first thing).
        if model.profile.ask_name && model.game.is_some() {
            model
                .dialogs
                .push(Box::new(super::dialogs::NamePrompt::first()));
        }
        // Local play's name is the profile's (the class server names its players).
        let player = config.player.or_else(|| model.profile.name.clone());
        let mut session = GameSession {
            model,
            saves: config.saves,
            player,
            work: None,
            waker: None,
        };
        session.perform_all(vec![Effect::ListSaves, Effect::ListRecords]);
        session
    }

    /// Called (from a worker thread) when background work finishes; the runner should then
    /// call [`Self::poll`] and redraw.
    pub fn set_waker(&mut self, waker: Waker) {
        self.waker = Some(waker);
    }

    /// A terminal event: a key press, a left click, a resize. Anything else is ignored.
    pub fn handle_event(&mut self, event: &Event) -> SessionStatus {
        self.poll();
        if let Some(msg) = keys::msg_for_event(&self.model, event) {
            self.send(msg);
        }
        self.status()
    }

    /// A message as if the key map had produced it (runners use [`Self::handle_event`]).
    pub fn send(&mut self, msg: Msg) -> SessionStatus {
        let effects = update::update(&mut self.model, msg);
        self.perform_all(effects);
        self.status()
    }

    /// The terminal is now `width`×`height`.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.send(Msg::Resize(width, height));
    }

    /// End now, without asking (a signal, a dropped connection).
    pub fn shutdown(&mut self) {
        self.send(Msg::Shutdown);
    }

    pub fn is_finished(&self) -> bool {
        self.model.quit
    }

    /// `play --watch`: the level's file changed. A level that loads replaces the game's, which
    /// is replayed by name ([`crate::session::Session::reload`]); the footer says where the
    /// new game first differs. A level with errors leaves the game as it was and the footer
    /// gives the first error. Dialogs are closed: they may name what the reload changed.
    pub fn reload_level(&mut self, level: Result<crate::level::Level, String>) {
        let Some(game) = &self.model.game else {
            return;
        };
        match level {
            Err(problem) => {
                let first = problem.lines().next().unwrap_or_default().to_string();
                self.model.status = Some(crate::level::sanitize(&format!(
                    "Not reloaded (the game goes on): {first}"
                )));
            }
            Ok(level) => {
                let (session, report) = game.session.reload(level);
                let unit = session.game().scenario().meta.turn_length.noun();
                self.model.dialogs.clear();
                self.model.start(session);
                self.model.status = Some(crate::level::sanitize(&report.describe(unit)));
            }
        }
    }

    fn status(&self) -> SessionStatus {
        if self.model.quit {
            SessionStatus::Finished
        } else {
            SessionStatus::Running
        }
    }

    /// Whether background work (the debrief) is running.
    pub fn is_busy(&self) -> bool {
        self.work.is_some()
    }

    /// Take the result of finished background work, if any. Answers whether the screen
    /// changed (and should be redrawn).
    pub fn poll(&mut self) -> bool {
        let Some(rx) = &self.work else { return false };
        let result = match rx.try_recv() {
            Ok((game, file, text)) => self.write_debrief(game, &file, &text),
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err(strings::DEBRIEF_STOPPED.to_string()),
        };
        self.work = None;
        self.answer(Outcome::DebriefWritten(result));
        true
    }

    /// Block until background work is done and take its result (tests; a runner that
    /// wants the debrief written before it exits).
    pub fn wait(&mut self) {
        if let Some(rx) = self.work.take() {
            let result = match rx.recv() {
                Ok((game, file, text)) => self.write_debrief(game, &file, &text),
                Err(_) => Err(strings::DEBRIEF_STOPPED.to_string()),
            };
            self.answer(Outcome::DebriefWritten(result));
        }
    }

    /// Write a debrief through the save store and note it in the record of finished
    /// games (a failure to note it leaves the debrief written: the status says where).
    fn write_debrief(&mut self, game: u64, file: &str, text: &str) -> Result<String, String> {
        let place = self.saves.write_report(file, text)?;
        if self.saves.note_debrief(game, &place).is_ok() {
            self.answer(Outcome::RecordsListed(self.saves.records()));
        }
        Ok(place)
    }

    /// Draw on `terminal` (any backend). The frame's size becomes the session's, so clicks
    /// map onto what was drawn.
    pub fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> Result<(), B::Error> {
        let model = &self.model;
        let frame = terminal.draw(|f| view::view(model, f))?;
        let area = frame.area;
        self.model.size = (area.width, area.height);
        Ok(())
    }

    /// Draw into a bare buffer (benches, or a runner with its own output).
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        view::draw(&self.model, area, buf);
    }

    /// The UI's state, to read (tests, a server's status page).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The UI's state, to change directly (snapshot tests that set a selection).
    pub fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    fn answer(&mut self, outcome: Outcome) {
        let more = update::outcome(&mut self.model, outcome);
        self.perform_all(more);
    }

    /// Perform effects, and those their answers ask for, in order.
    fn perform_all(&mut self, effects: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = effects.into();
        // Each answer asks for at most a new list of saves: the queue ends.
        while let Some(effect) = queue.pop_front() {
            // A message update asked for: its effects join the queue.
            if let Effect::Continue(msg) = effect {
                queue.extend(update::update(&mut self.model, msg));
                continue;
            }
            if let Some(outcome) = self.perform(effect) {
                queue.extend(update::outcome(&mut self.model, outcome));
            }
        }
    }

    fn perform(&mut self, effect: Effect) -> Option<Outcome> {
        let session = self.model.game.as_ref().map(|g| &g.session);
        Some(match effect {
            Effect::ListSaves => Outcome::Listed(self.saves.list()),
            Effect::Save { name } => Outcome::Saved(session.map_or_else(
                || Err(strings::NO_GAME.into()),
                |s| self.saves.save(&name, s),
            )),
            Effect::Autosave => {
                Outcome::Autosaved(session.map_or(Ok(()), |s| self.saves.autosave(s)))
            }
            Effect::Delete { key } => {
                let result = self.saves.delete(&key);
                Outcome::Deleted { key, result }
            }
            Effect::Load { key, from, anyway } => {
                let result = self.saves.load(&key, from, anyway);
                Outcome::Loaded { key, from, result }
            }
            Effect::Branch { turn, name, label } => Outcome::Branched {
                label,
                result: session.map_or_else(
                    || Err(strings::NO_GAME.into()),
                    |s| self.saves.save_rewound(s, turn, &name),
                ),
            },
            Effect::Debrief => {
                let session = session?.clone();
                self.start_debrief(session)
            }
            Effect::SetPlayer { name } => {
                let result = self.saves.set_player(&name);
                if let Ok(kept) = &result {
                    self.player = kept.clone();
                }
                Outcome::PlayerSet(result)
            }
            // Not remembered (an unwritable folder): suggested again next time, no harm.
            Effect::TutorialSuggested => {
                let _ = self.saves.tutorial_suggested();
                return None;
            }
            Effect::RecordFinished => {
                Outcome::Recorded(session.map_or(Ok(None), |s| self.saves.record_finished(s)))
            }
            Effect::ListRecords => Outcome::RecordsListed(self.saves.records()),
            // Sent by `perform_all` before it gets here.
            Effect::Continue(_) => return None,
        })
    }

    /// Play the debrief's what-if games on a thread of their own; [`Self::poll`] writes the
    /// report through the save store when they are done.
    fn start_debrief(&mut self, session: Session) -> Outcome {
        // Named for the level and the code players read (the store puts the player's name
        // in front and never writes over an earlier debrief).
        let file = format!(
            "{}-{}.md",
            session.level.id(),
            crate::challenge::display(&session.level, session.seed)
        );
        let game = session.game_id;
        let player = self.player.clone();
        let waker = self.waker.clone();
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("sixparty-debrief".into())
            .spawn(move || {
                let text = crate::debrief::report(
                    &session,
                    player.as_deref(),
                    crate::debrief::WHAT_IF_GAMES_IN_GAME,
                );
                // The session may have ended meanwhile; then nobody waits for the report.
                if tx.send((game, file, text)).is_ok()
                    && let Some(wake) = waker
                {
                    wake();
                }
            });
        match spawned {
            Ok(_) => {
                self.work = Some(rx);
                Outcome::Working(strings::DEBRIEF_WORKING.into())
            }
            Err(e) => Outcome::DebriefWritten(Err(e.to_string())),
        }
    }
}
