//! The UI's model: everything the views draw, and nothing they compute that has effects.
//!
//! [`Model`] holds which screen is up, one state struct per screen (each defined in its
//! screen's file), the stack of dialogs over it ([`super::dialogs`]) and the game being
//! played ([`GameUi`]). It holds no terminal, no file and no save store: `update` asks for
//! those through [`super::effect::Effect`]s that the session performs.
//!
//! The save system plugs in through the [`SaveStore`] seam: [`super::disk::DiskSaves`] over
//! the real saves folder, [`super::fake_saves::FakeSaves`] in memory for tests, [`NoSaves`]
//! when there is nowhere to save. Only [`super::session::GameSession`] calls it (performing
//! effects); the views read the cached list in [`Model::saves_list`], so drawing never
//! touches the disk.

use crate::level::Level;
use crate::records::{FinishedGame, Records};
use crate::session::Session;

pub use crate::save::SaveKind;

use super::dialogs::Dialog;
use super::theme::Theme;
use super::{
    dashboard, derived, event, load, main_screen, picker, relations, rewind, talks, title,
};

/// What a readable save holds, as the Load screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveInfo {
    /// The level's title.
    pub level: String,
    /// The current month, "Mar 2017".
    pub month: String,
    /// 0-based month index and the level's length.
    pub turn: u16,
    pub length: u16,
    /// The ending's title when the game is over.
    pub ending: Option<String>,
    pub seed: u64,
}

/// One saved game as the Load screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveSummary {
    /// What `load` and `delete` take (the slot name).
    pub key: String,
    pub kind: SaveKind,
    /// When it was saved, "2026-11-28 00:05 UTC".
    pub saved_at: String,
    /// The save's contents, or why it cannot be read.
    pub info: Result<SaveInfo, String>,
    /// The version before its last save exists and can be loaded instead.
    pub has_backup: bool,
    /// A finished game's line in the record ([`SaveKind::Finished`] rows).
    pub record: Option<FinishedGame>,
}

/// What local play remembers of its player between games.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// The name saves carry.
    pub name: Option<String>,
    /// The player has neither given a name nor declined to: the first new game asks.
    pub ask_name: bool,
    /// The first-run suggestion to play a tutorial has not been shown yet.
    pub suggest_tutorial: bool,
}

/// Which file of a slot to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadFrom {
    Save,
    /// The version before the slot's last save.
    Backup,
}

/// A game restored from a save, with what the load noticed but went past.
#[derive(Debug, Clone)]
pub struct LoadedGame {
    pub session: Session,
    pub warnings: Vec<String>,
}

/// Why a save did not load, and what the player can do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    /// The save system's message (it names the file and the problem).
    pub message: String,
    /// A backup of this save exists and may load instead.
    pub has_backup: bool,
    /// Loading anyway (replaying as far as a changed level allows) may work.
    pub can_try_anyway: bool,
}

impl LoadFailure {
    pub fn plain(message: impl Into<String>) -> Self {
        LoadFailure {
            message: message.into(),
            has_backup: false,
            can_try_anyway: false,
        }
    }
}

/// The seam to the save system. The session is the only caller (performing `update`'s
/// effects). Every error is a message to show; nothing here may panic, and a failed load
/// never changes a file. `Send`, so a session can move to another thread (the class server
/// runs each on its own).
pub trait SaveStore: Send {
    /// Saved games, most recent first; an unreadable folder is an error message.
    fn list(&self) -> Result<Vec<SaveSummary>, String>;
    /// Load a save (or its backup); `anyway` goes past a changed level or a replay mismatch.
    fn load(&self, key: &str, from: LoadFrom, anyway: bool) -> Result<LoadedGame, LoadFailure>;
    /// Save to a slot named by the player; the answer is the slot name as written.
    fn save(&mut self, name: &str, session: &Session) -> Result<String, String>;
    /// The end-of-month autosave (the store keeps the last few).
    fn autosave(&mut self, session: &Session) -> Result<(), String>;
    /// Delete a save and its backup (the UI has asked first).
    fn delete(&mut self, key: &str) -> Result<(), String>;
    /// Branch from the start of month `turn` (0-based) into the new save `name`; the answer
    /// is the branched game and the slot name.
    fn save_rewound(
        &mut self,
        session: &Session,
        turn: u16,
        name: &str,
    ) -> Result<(Session, String), String>;
    /// Write a report (the debrief, Markdown) named `file`; the answer says where it went.
    fn write_report(&mut self, file: &str, text: &str) -> Result<String, String>;

    /// The player's profile. Only local play keeps one; other stores (tests, the class
    /// server, whose names come from SSH) have nothing to ask.
    fn profile(&self) -> Profile {
        Profile::default()
    }
    /// Keep the player's name ("" = asked, and no name): the answer is the name as kept.
    fn set_player(&mut self, _name: &str) -> Result<Option<String>, String> {
        Err(super::strings::SAVE_UNAVAILABLE.to_string())
    }
    /// Remember that the tutorial was suggested, so it is suggested once.
    fn tutorial_suggested(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// The finished games ([`crate::records`]); a store without a record has none.
    fn records(&self) -> Result<Records, String> {
        Ok(Records::default())
    }
    /// Record a finished game (its final save and its line); `None` from a store that
    /// keeps no record.
    fn record_finished(&mut self, _session: &Session) -> Result<Option<FinishedGame>, String> {
        Ok(None)
    }
    /// Note where the debrief of game `game` (its id) was written.
    fn note_debrief(&mut self, _game: u64, _path: &str) -> Result<(), String> {
        Ok(())
    }
}

/// Nowhere to save. `NoSaves::default()` (benches, some tests) lists nothing, refuses saves
/// and skips autosaves quietly; `NoSaves::because(why)` (no data folder could be found)
/// answers `why` wherever saves are used, autosaves included.
#[derive(Debug, Clone, Default)]
pub struct NoSaves {
    reason: Option<String>,
}

impl NoSaves {
    pub fn because(reason: impl Into<String>) -> Self {
        NoSaves {
            reason: Some(reason.into()),
        }
    }

    fn refusal(&self) -> String {
        (self.reason.as_deref())
            .unwrap_or(super::strings::SAVE_UNAVAILABLE)
            .to_string()
    }
}

impl SaveStore for NoSaves {
    fn list(&self) -> Result<Vec<SaveSummary>, String> {
        Ok(Vec::new())
    }
    fn load(&self, _key: &str, _from: LoadFrom, _anyway: bool) -> Result<LoadedGame, LoadFailure> {
        Err(LoadFailure::plain(
            self.reason.as_deref().unwrap_or(super::strings::NO_SAVES),
        ))
    }
    fn save(&mut self, _name: &str, _session: &Session) -> Result<String, String> {
        Err(self.refusal())
    }
    fn autosave(&mut self, _session: &Session) -> Result<(), String> {
        self.reason.as_ref().map_or(Ok(()), |why| Err(why.clone()))
    }
    fn delete(&mut self, _key: &str) -> Result<(), String> {
        Err(self.refusal())
    }
    fn save_rewound(
        &mut self,
        _session: &Session,
        _turn: u16,
        _name: &str,
    ) -> Result<(Session, String), String> {
        Err(self.refusal())
    }
    fn write_report(&mut self, _file: &str, _text: &str) -> Result<String, String> {
        Err(self.refusal())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Title,
    /// The list of saves behind "Load".
    Load,
    Picker,
    Main,
    Talks,
    /// A level's dashboard panel (which one: [`GameUi::dashboard`]).
    Dashboard,
    End,
    /// The history of months, to branch from an earlier one.
    Rewind,
    /// The relations map: who trusts, aids and sanctions whom.
    Relations,
}

/// A level the picker offers: loaded, or the reason it could not be.
#[derive(Debug, Clone)]
pub struct LevelEntry {
    pub name: String,
    pub level: Result<Level, String>,
}

/// A game in progress and the UI state of the screens that show it.
pub struct GameUi {
    pub session: Session,
    pub main: main_screen::State,
    pub talks: talks::State,
    pub dashboard: dashboard::State,
    pub relations: relations::State,
    pub event: event::State,
    /// The month whose first `n` said that capital was left unspent (the next `n` ends it).
    pub unspent_warned: Option<u16>,
    /// A fast-forward (`N`) under way, between two of its months.
    pub fast_forward: Option<super::update::FastForward>,
    /// The page of charts the end screen shows when they do not all fit.
    pub chart_page: usize,
    /// Rows of the end screen's ending panel scrolled past (PgDn/PgUp).
    pub end_scroll: u16,
    /// What the screens draw from the game's state alone, kept until the game changes
    /// ([`GameUi::derived`]).
    derived: derived::Cache,
}

impl GameUi {
    pub fn new(session: Session) -> Self {
        let talks = talks::State::new(&session);
        GameUi {
            session,
            main: main_screen::State::default(),
            talks,
            dashboard: dashboard::State::default(),
            relations: relations::State::default(),
            event: event::State::default(),
            unspent_warned: None,
            fast_forward: None,
            chart_page: 0,
            end_scroll: 0,
            derived: derived::Cache::default(),
        }
    }

    /// The objectives, last month's summary and the advice for the game as it is now,
    /// computed once per change to it ([`derived`]).
    pub fn derived(&self) -> derived::Derived<'_> {
        self.derived.get(&self.session)
    }
}

pub struct Model {
    pub screen: Screen,
    pub levels: Vec<LevelEntry>,
    pub theme: Theme,
    /// The terminal's size, kept for mapping mouse clicks onto the same layout the view draws.
    pub size: (u16, u16),
    /// Dialogs over the screen, the top one last: it takes the keys, draws over the rest and
    /// names the footer's hints ([`super::dialogs`]).
    pub dialogs: Vec<Box<dyn Dialog>>,
    pub quit: bool,
    /// A one-line message in the footer until the next thing the player does.
    pub status: Option<String>,
    /// The last autosave failed: the player has been told in full once, and later failures
    /// are a short line until one succeeds again.
    pub autosave_failing: bool,
    /// Work running off the input thread (the debrief's what-if games), said in the footer.
    pub working: Option<String>,
    pub title: title::State,
    pub load: load::State,
    /// The saves as last listed (refreshed through `Effect::ListSaves`; the views read only
    /// this).
    pub saves_list: Vec<SaveSummary>,
    /// Why the saves folder could not be listed.
    pub saves_error: Option<String>,
    pub picker: picker::State,
    pub rewind: rewind::State,
    pub game: Option<GameUi>,
    /// The player's name and first-run marks (read from the save store at the start).
    pub profile: Profile,
    /// Finished games, as last read (refreshed through `Effect::ListRecords`).
    pub records: Records,
    /// Why the record could not be read.
    pub records_error: Option<String>,
    /// The picker shows a level's notes for teachers.
    pub teacher: bool,
    /// Where a random seed comes from: the clock in the real game, a constant in tests.
    /// The engine never reads a clock; this is the one place the UI does.
    pub seed_source: fn() -> u64,
}

/// A seed from the clock and the process id, for "blank = random".
pub fn clock_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // SplitMix64 finaliser: nearby clocks give unrelated seeds; 1..=u32::MAX keeps them short
    // enough to read out to a class.
    let mut z = nanos ^ u64::from(std::process::id()).rotate_left(32);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    1 + z % u64::from(u32::MAX)
}

impl Model {
    /// A model on the title screen. Its save list is empty until the session performs the
    /// first `Effect::ListSaves`.
    pub fn new(levels: Vec<LevelEntry>, theme: Theme) -> Self {
        Model {
            screen: Screen::Title,
            levels,
            theme,
            size: (80, 24),
            dialogs: Vec::new(),
            quit: false,
            status: None,
            autosave_failing: false,
            working: None,
            title: title::State::default(),
            load: load::State::default(),
            saves_list: Vec::new(),
            saves_error: None,
            picker: picker::State::default(),
            rewind: rewind::State::default(),
            game: None,
            profile: Profile::default(),
            records: Records::default(),
            records_error: None,
            teacher: true,
            seed_source: clock_seed,
        }
    }

    /// The dialog on top, which takes the keys.
    pub fn top_dialog(&self) -> Option<&dyn Dialog> {
        self.dialogs.last().map(|d| d.as_ref())
    }

    /// The open dialog of type `T`, if any (tests and the router look inside).
    pub fn dialog<T: Dialog>(&self) -> Option<&T> {
        self.dialogs
            .iter()
            .rev()
            .find_map(|d| (d.as_ref() as &dyn std::any::Any).downcast_ref::<T>())
    }

    pub fn dialog_mut<T: Dialog>(&mut self) -> Option<&mut T> {
        self.dialogs
            .iter_mut()
            .rev()
            .find_map(|d| (d.as_mut() as &mut dyn std::any::Any).downcast_mut::<T>())
    }

    /// Close every open dialog of type `T`.
    pub fn close<T: Dialog>(&mut self) {
        self.dialogs
            .retain(|d| !(d.as_ref() as &dyn std::any::Any).is::<T>());
    }

    /// Whether a dialog of type `T` is open.
    pub fn has_dialog<T: Dialog>(&self) -> bool {
        self.dialog::<T>().is_some()
    }

    /// Take a new list of saves (the answer to `Effect::ListSaves`).
    pub fn set_saves(&mut self, list: Result<Vec<SaveSummary>, String>) {
        match list {
            Ok(list) => {
                self.saves_list = list;
                self.saves_error = None;
            }
            Err(e) => {
                self.saves_list.clear();
                self.saves_error = Some(e);
            }
        }
        self.load.selected = self
            .load
            .selected
            .min(self.saves_list.len().saturating_sub(1));
    }

    /// The save Continue loads: the most recent one that reads (a finished game's final
    /// save is in the record, not a game to continue).
    pub fn latest_save(&self) -> Option<&SaveSummary> {
        self.saves_list
            .iter()
            .find(|s| s.info.is_ok() && s.kind != SaveKind::Finished)
    }

    /// Start a game at once (`sixparty play`, a loaded save, a branch).
    pub fn start(&mut self, session: Session) {
        self.game = Some(GameUi::new(session));
        self.screen = Screen::Main;
        self.sync_screen();
    }

    pub fn has_saves(&self) -> bool {
        !self.saves_list.is_empty()
    }

    /// After the engine moves: an ended game shows the end screen.
    pub fn sync_screen(&mut self) {
        if let Some(g) = &self.game
            && g.session.game().is_over()
        {
            self.screen = Screen::End;
        }
    }

    /// Whether the terminal is below the size the screens need (the view then says so and
    /// every key but quit is ignored).
    pub fn too_small(&self) -> bool {
        self.size.0 < super::view::MIN_W || self.size.1 < super::view::MIN_H
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        let level = crate::level::builtin("tutorial")
            .expect("listed")
            .expect("valid");
        Session::new(level, 1)
    }

    #[test]
    fn without_a_reason_nothing_is_saved_and_autosaves_pass_quietly() {
        let mut store = NoSaves::default();
        let session = session();
        assert_eq!(store.list(), Ok(Vec::new()));
        assert_eq!(store.autosave(&session), Ok(()));
        assert_eq!(
            store.save("a", &session),
            Err(crate::ui::strings::SAVE_UNAVAILABLE.to_string())
        );
    }

    #[test]
    fn with_a_reason_every_use_of_saves_gives_it() {
        let why = "no home folder: HOME is not set";
        let mut store = NoSaves::because(why);
        let session = session();
        assert_eq!(store.autosave(&session), Err(why.to_string()));
        assert_eq!(store.save("a", &session), Err(why.to_string()));
        assert_eq!(store.delete("a"), Err(why.to_string()));
        assert_eq!(
            store.save_rewound(&session, 0, "b").map(|(_, name)| name),
            Err(why.to_string())
        );
        let Err(failure) = store.load("a", LoadFrom::Save, false) else {
            panic!("a store without saves loaded one");
        };
        assert_eq!(failure.message, why);
    }
}
