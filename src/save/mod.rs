//! Saved games: autosave, named saves, Continue, load, delete, and branching from an
//! earlier month. Everything here is a library API the UI calls; errors are values
//! ([`SaveError`]) to show in-game, never panics.
//!
//! - [`format`]: the JSON save format ([`FORMAT_VERSION`]): encode a [`Session`], decode
//!   bytes (empty, truncated, garbage and newer-version files get precise messages), and
//!   restore by replaying the decision log against the snapshot.
//! - [`store`]: the saves folder ([`SaveStore`]): slots, the autosave ring, list, latest,
//!   delete, backups, rewind into a new save.
//! - [`atomic`]: crash-safe replacement of a file (temp + fsync + rename + folder fsync),
//!   with the [`SaveFs`] seam for injecting failures.
//! - [`name`]: sanitising the names players type.
//! - [`error`]: the error type, [`SaveError`].
//!
//! [`Session`]: crate::session::Session

pub mod atomic;
pub mod error;
pub mod format;
pub mod name;
pub mod store;

pub use atomic::{RealFs, SaveFs};
pub use error::SaveError;
pub use format::{
    FORMAT_VERSION, GAME_VERSION, LoadOptions, LoadWarning, Loaded, SaveFile, SaveHeader, decode,
    encode, format_time, load_path, restore,
};
pub use name::slot_name;
pub use store::{AUTOSAVES, SaveEntry, SaveKind, SaveStore, backup_path};
