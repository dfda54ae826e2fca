//! What the game screens draw that follows from the game's state alone — the objectives,
//! last month's summary, the advisor's line — computed once per change to the game instead
//! of once per frame: a frame is drawn for every key, and most keys only move a selection.
//! The objectives alone (each ending's condition read from its text) were a twentieth of a
//! main-screen redraw.
//!
//! The cache is part of one [`GameUi`](super::model::GameUi) and starts empty with it (a new
//! game, a load, a rewind and a reload each build a new one). In between, the session's game
//! changes only through a decision the engine accepts, and each of those joins the session's
//! log, so the log's length says when the values are out of date. The key holds the level
//! (by address), the seed and the game's id as well, so a session put in another's place
//! would not be shown the other's values. The engine takes no part: it stays pure.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use crate::engine::Game;
use crate::month_summary::{MonthSummary, month_summary};
use crate::objectives::{Objective, objectives};
use crate::session::Session;

/// The cache: the values for the game as it was when they were last asked for.
#[derive(Default)]
pub struct Cache {
    // Borrowed only inside `Cache::get`, which calls nothing that could borrow it again.
    slot: RefCell<Option<Arc<Values>>>,
}

/// Which game, and how far into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    scenario: usize,
    seed: u64,
    game_id: u64,
    decisions: usize,
}

impl Key {
    fn of(session: &Session) -> Key {
        Key {
            scenario: std::ptr::from_ref(session.game().scenario()) as usize,
            seed: session.seed,
            game_id: session.game_id,
            decisions: session.log().len(),
        }
    }
}

/// One state's values, each computed the first time it is asked for.
struct Values {
    key: Key,
    objectives: OnceLock<Vec<Objective>>,
    summary: OnceLock<Option<MonthSummary>>,
    advice: OnceLock<Option<String>>,
}

impl Cache {
    /// The values for `session`'s game as it is now.
    pub fn get<'a>(&self, session: &'a Session) -> Derived<'a> {
        let key = Key::of(session);
        let mut slot = self.slot.borrow_mut();
        let values = match &*slot {
            Some(values) if values.key == key => Arc::clone(values),
            _ => {
                let values = Arc::new(Values {
                    key,
                    objectives: OnceLock::new(),
                    summary: OnceLock::new(),
                    advice: OnceLock::new(),
                });
                *slot = Some(Arc::clone(&values));
                values
            }
        };
        Derived {
            game: session.game(),
            values,
        }
    }
}

/// The game's derived values now: what [`Cache::get`] answers.
pub struct Derived<'a> {
    game: &'a Game,
    values: Arc<Values>,
}

impl Derived<'_> {
    /// [`crate::objectives::objectives`].
    pub fn objectives(&self) -> &[Objective] {
        self.values.objectives.get_or_init(|| objectives(self.game))
    }

    /// Last month in brief (the main screen's news starts with it): `None` before the first
    /// month ends.
    pub fn last_month(&self) -> Option<&MonthSummary> {
        self.values
            .summary
            .get_or_init(|| {
                let turn = self.game.state().turn().checked_sub(1)?;
                Some(month_summary(self.game, turn, 3))
            })
            .as_ref()
    }

    /// [`crate::projection::advice`].
    pub fn advice(&self) -> Option<&str> {
        self.values
            .advice
            .get_or_init(|| crate::projection::advice(self.game))
            .as_deref()
    }
}
