//! The UI's model: everything the views draw, and nothing they compute that has effects.
//!
//! The save system plugs in through the [`SaveStore`] seam: [`super::disk::DiskSaves`] over
//! the real saves folder, [`super::fake_saves::FakeSaves`] in memory for tests, [`NoSaves`]
//! when there is nowhere to save. `update` is the only caller; the views read the cached
//! list in [`Model::saves_list`], so drawing never touches the disk.

use crate::engine::{ActionId, Verdict};
use crate::level::Level;
use crate::session::Session;

pub use crate::save::SaveKind;

use super::theme::Theme;

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

/// The seam to the save system. `update` is the only caller. Every error is a message to
/// show; nothing here may panic, and a failed load never changes a file.
pub trait SaveStore {
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
}

/// The save-name prompt (`s`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavePrompt {
    pub input: String,
    /// Why the last name was refused, shown under the field.
    pub error: Option<String>,
}

/// A save that would not load, and the choices offered about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub key: String,
    pub from: LoadFrom,
    pub failure: LoadFailure,
    pub choice: usize,
}

/// What the player can do about a [`LoadProblem`], in the order offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadChoice {
    Backup,
    Anyway,
    Back,
}

impl LoadProblem {
    pub fn choices(&self) -> Vec<LoadChoice> {
        let mut out = Vec::new();
        if self.failure.has_backup && self.from == LoadFrom::Save {
            out.push(LoadChoice::Backup);
        }
        if self.failure.can_try_anyway {
            out.push(LoadChoice::Anyway);
        }
        out.push(LoadChoice::Back);
        out
    }
}

/// A message box that waits for Enter (load warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
}

/// One month in the rewind history.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    pub turn: u16,
    /// "Mar 2017", and as (month 1–12, year).
    pub label: String,
    pub calendar: (u8, i32),
    /// What the player did that month (actions, packages), in order.
    pub did: Vec<String>,
    /// How the player answered the month's events ("Title: option").
    pub answered: Vec<String>,
    /// The meters at the start of the month: label and value.
    pub start: Vec<(String, f64)>,
}

/// The rewind screen: the months of this game, one of them selected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RewindUi {
    pub rows: Vec<MonthRow>,
    pub selected: usize,
    /// Asking "go back to …? (y/n)", with the name of the new save.
    pub confirm: Option<String>,
    /// The screen to return to on Esc.
    pub from_end: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Title,
    /// The list of saves behind "Load".
    Load,
    Picker,
    Main,
    Talks,
    Sanctions,
    End,
    /// The history of months, to branch from an earlier one.
    Rewind,
}

/// The main screen's panels, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Actions,
    Meters,
    Parties,
    News,
}

impl Panel {
    pub const ORDER: [Panel; 4] = [Panel::Actions, Panel::Meters, Panel::Parties, Panel::News];
}

/// A level the picker offers: loaded, or the reason it could not be.
#[derive(Debug, Clone)]
pub struct LevelEntry {
    pub name: String,
    pub level: Result<Level, String>,
}

#[derive(Debug, Clone, Default)]
pub struct PickerState {
    pub selected: usize,
    /// Typing the seed for the chosen level.
    pub entering_seed: bool,
    pub seed_input: String,
}

/// A game in progress and the UI state that goes with it.
pub struct GameUi {
    pub session: Session,
    pub focus: Panel,
    /// Which of Parties/News the lower-left box shows when the screen is too short for both.
    pub lower: Panel,
    /// Index among the actions (not counting category headings).
    pub action: usize,
    pub meter: usize,
    pub party: usize,
    pub news: usize,
    pub option: usize,
    /// The package being built at the talks, one level per term.
    pub package: Vec<u8>,
    pub term: usize,
    /// Every party's answer to the last package tabled this visit to the talks.
    pub tabled: Option<Vec<Verdict>>,
    pub sanction: usize,
    /// Rows of the screen's scrolling pane (the main screen's details, the talks' reactions)
    /// scrolled past with PgDn; any other key resets it.
    pub detail_scroll: u16,
}

impl GameUi {
    pub fn new(session: Session) -> Self {
        let package = session.game().state().deal_levels().to_vec();
        GameUi {
            session,
            focus: Panel::Actions,
            lower: Panel::News,
            action: 0,
            meter: 0,
            party: 0,
            news: 0,
            option: 0,
            package,
            term: 0,
            tabled: None,
            sanction: 0,
            detail_scroll: 0,
        }
    }
}

pub struct Model {
    pub screen: Screen,
    pub levels: Vec<LevelEntry>,
    pub saves: Box<dyn SaveStore>,
    pub theme: Theme,
    /// The terminal's size, kept for mapping mouse clicks onto the same layout the view draws.
    pub size: (u16, u16),
    pub help: bool,
    pub confirm_quit: bool,
    pub quit: bool,
    pub status: Option<String>,
    pub title: usize,
    pub load: usize,
    /// The saves as last listed (refreshed by `update`; the views read only this).
    pub saves_list: Vec<SaveSummary>,
    /// Why the saves folder could not be listed.
    pub saves_error: Option<String>,
    /// Asking "delete the selected save? (y/n)".
    pub confirm_delete: bool,
    pub prompt: Option<SavePrompt>,
    pub load_problem: Option<LoadProblem>,
    pub notice: Option<Notice>,
    pub rewind: RewindUi,
    pub picker: PickerState,
    pub game: Option<GameUi>,
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
    pub fn new(levels: Vec<LevelEntry>, saves: Box<dyn SaveStore>, theme: Theme) -> Self {
        let mut model = Model {
            screen: Screen::Title,
            levels,
            saves,
            theme,
            size: (80, 24),
            help: false,
            confirm_quit: false,
            quit: false,
            status: None,
            title: 0,
            load: 0,
            saves_list: Vec::new(),
            saves_error: None,
            confirm_delete: false,
            prompt: None,
            load_problem: None,
            notice: None,
            rewind: RewindUi::default(),
            picker: PickerState::default(),
            game: None,
            seed_source: clock_seed,
        };
        model.refresh_saves();
        model
    }

    /// List the saves again (after anything that may have changed them).
    pub fn refresh_saves(&mut self) {
        match self.saves.list() {
            Ok(list) => {
                self.saves_list = list;
                self.saves_error = None;
            }
            Err(e) => {
                self.saves_list.clear();
                self.saves_error = Some(e);
            }
        }
        self.load = self.load.min(self.saves_list.len().saturating_sub(1));
    }

    /// The save Continue loads: the most recent one that reads.
    pub fn latest_save(&self) -> Option<&SaveSummary> {
        self.saves_list.iter().find(|s| s.info.is_ok())
    }

    /// Start a game at once (`sixparty play`).
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

    pub fn action_ids(&self) -> Vec<ActionId> {
        self.game
            .as_ref()
            .map(|g| super::main_screen::action_order(g.session.game().scenario()))
            .unwrap_or_default()
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
