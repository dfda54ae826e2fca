//! The UI's model: everything the views draw, and nothing they compute that has effects.
//!
//! The save system plugs in through [`SaveStore`]: the title screen greys Continue and Load
//! while [`SaveStore::list`] is empty, `s` calls [`SaveStore::save`], and Continue/Load call
//! [`SaveStore::load`]. Until `src/save/` lands, [`NoSaves`] answers honestly.

use crate::engine::{ActionId, Verdict};
use crate::level::Level;
use crate::session::Session;

use super::theme::Theme;

/// One saved game as the title's Load list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveSummary {
    /// What `load` takes back (a file stem, say).
    pub key: String,
    /// One line for the list: level, month, when saved.
    pub label: String,
}

/// The seam to the save system. `update` is the only caller.
pub trait SaveStore {
    /// Saved games, most recent first (Continue takes the first).
    fn list(&self) -> Vec<SaveSummary>;
    /// Load a saved game by its key.
    fn load(&self, key: &str) -> Result<Session, String>;
    /// Save a game; the answer is shown on the status line ("Saved as …").
    fn save(&mut self, session: &Session) -> Result<String, String>;
}

/// The store used until the save system exists: no saves, and saving says so.
pub struct NoSaves;

impl SaveStore for NoSaves {
    fn list(&self) -> Vec<SaveSummary> {
        Vec::new()
    }
    fn load(&self, _key: &str) -> Result<Session, String> {
        Err(super::strings::NO_SAVES.to_string())
    }
    fn save(&mut self, _session: &Session) -> Result<String, String> {
        Err(super::strings::SAVE_UNAVAILABLE.to_string())
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
    Sanctions,
    End,
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
        Model {
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
            picker: PickerState::default(),
            game: None,
            seed_source: clock_seed,
        }
    }

    /// Start a game at once (`sixparty play`).
    pub fn start(&mut self, session: Session) {
        self.game = Some(GameUi::new(session));
        self.screen = Screen::Main;
        self.sync_screen();
    }

    pub fn has_saves(&self) -> bool {
        !self.saves.list().is_empty()
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
