//! Side effects as data. `update` never touches a file, a save or a thread: it returns
//! [`Effect`]s, and the session ([`super::session::GameSession`]) performs them and hands
//! each answer back to `update` as an [`Outcome`]. Tests drive the same path with a fake
//! save store, so what the player sees after a failed save is what a test sees.

use crate::session::Session;

use super::model::{LoadFailure, LoadFrom, LoadedGame, SaveSummary};
use crate::records::{FinishedGame, Records};

/// Something `update` wants done outside the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// List the saves again (after anything that may have changed them).
    ListSaves,
    /// Save the game being played under the name the player typed.
    Save { name: String },
    /// The end-of-month autosave of the game being played.
    Autosave,
    /// Delete a save and its backup (the player has said yes).
    Delete { key: String },
    /// Load a save (or its backup); `anyway` goes past a changed level.
    Load {
        key: String,
        from: LoadFrom,
        anyway: bool,
    },
    /// Branch the game being played from the start of month `turn` into the save `name`.
    Branch {
        turn: u16,
        name: String,
        /// The month, "Mar 2017", for the status line.
        label: String,
    },
    /// Write the finished game's debrief. Its what-if games take seconds, so the session
    /// runs them off the input thread and says so in the footer meanwhile.
    Debrief,
    /// Keep the player's name ("" = none).
    SetPlayer { name: String },
    /// The tutorial has been suggested: never again.
    TutorialSuggested,
    /// The game being played has just ended: record it.
    RecordFinished,
    /// Read the record of finished games again.
    ListRecords,
    /// Send this message next, after the effects before it (a fast-forward's next month,
    /// once the last one is autosaved).
    Continue(super::update::Msg),
}

/// The answer to an [`Effect`], handed back to `update`.
#[derive(Debug)]
pub enum Outcome {
    Listed(Result<Vec<SaveSummary>, String>),
    /// The slot name as written, or why not.
    Saved(Result<String, String>),
    Autosaved(Result<(), String>),
    Deleted {
        key: String,
        result: Result<(), String>,
    },
    Loaded {
        key: String,
        from: LoadFrom,
        result: Result<LoadedGame, LoadFailure>,
    },
    Branched {
        label: String,
        /// The branched game and the slot it was saved in.
        result: Result<(Session, String), String>,
    },
    /// The debrief's work has started (the footer says so until it ends).
    Working(String),
    /// Where the debrief went, or why it could not be written.
    DebriefWritten(Result<String, String>),
    /// The name as kept, or why it could not be.
    PlayerSet(Result<Option<String>, String>),
    /// The finished game's line (`None`: this store keeps no record), or why not.
    Recorded(Result<Option<FinishedGame>, String>),
    RecordsListed(Result<Records, String>),
}
