//! Saved games: autosave, named saves, Continue, load, delete, and branching from an
//! earlier month. Everything here is a library API the UI calls; errors are values
//! ([`SaveError`]) to show in-game, never panics.
//!
//! - [`format`](mod@format): the JSON save format ([`FORMAT_VERSION`]): encode a [`Session`], decode
//!   bytes (empty, truncated, garbage and newer-version files get precise messages), and
//!   restore by replaying the decision log against the snapshot.
//! - [`store`]: the saves folder ([`SaveStore`]): slots, the autosave ring, list, latest,
//!   delete, backups, rewind into a new save.
//! - [`atomic`]: crash-safe replacement of a file (temp + fsync + rename + folder fsync),
//!   with the [`SaveFs`] seam for injecting failures.
//! - [`ledger`]: format 2 leaves the ledger out of saves and keeps its digest.
//! - [`name`]: sanitising the names players type.
//! - [`error`]: the error type, [`SaveError`].
//!
//! How the UI uses it (every call returns a `Result` whose error is a message to show):
//! - start: `let store = SaveStore::open_default()?` (honours `SIXPARTY_HOME`);
//! - after every `Decision::EndMonth` the session accepted: `store.autosave(&session, player)`
//!   (each game keeps its 3 newest autosaves, `autosave-GAME-1..3`; the autosaves of the 20
//!   most recently played games are kept);
//! - the `s` key: `store.save(typed_name, &session, player)` (names are checked by
//!   [`slot_name`]; a refused name's error says why);
//! - Continue: `store.latest()?` then `store.load(&entry.name, LoadOptions::default())`;
//! - the Load screen: `store.list()?`, grouped by game (or `store.games()?`; each entry's `header` has the level, month, ending and
//!   `saved_at`, shown with [`format_time`]; broken saves are listed with their error and
//!   `has_backup()`), then `load`, `load_backup` or, after confirming, `delete`;
//! - a load error: show it; offer `err.backup()` if there is one, and "try anyway"
//!   (`LoadOptions { anyway: true }`) when `err.can_load_anyway()`; show `Loaded::warnings`;
//! - rewind: `store.save_rewound(&session, month_index, name, player)` returns the branch
//!   to play on.
//!
//! [`Session`]: crate::session::Session

pub mod atomic;
pub mod error;
pub mod format;
pub mod ledger;
pub mod name;
pub mod store;

pub use atomic::{RealFs, SaveFs};
pub use error::SaveError;
pub use format::{
    FORMAT_VERSION, GAME_VERSION, LoadOptions, LoadWarning, Loaded, SaveFile, SaveHeader, decode,
    encode, format_time, load_path, restore,
};
pub use name::slot_name;
pub use store::{
    AUTOSAVE_GAMES, AUTOSAVES, GameSaves, SaveEntry, SaveKind, SaveStore, backup_path,
};
