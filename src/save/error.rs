//! Everything that can go wrong with a save, as values the UI can show in-game.
//!
//! Every message about a file names the file. Nothing here panics; a full disk or an
//! unwritable folder is a [`SaveError::Write`] like any other.

use std::path::{Path, PathBuf};

use super::format::FORMAT_VERSION;

/// Why a save could not be written, read or restored.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("no saves folder: {0}")]
    NoFolder(String),
    #[error("'{name}' cannot be a save name: {reason}")]
    BadName { name: String, reason: String },
    #[error("no save named '{name}' in {}", dir.display())]
    NotFound { name: String, dir: PathBuf },
    #[error("{}: cannot read the save: {source}", file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the save is empty (0 bytes of game data)", file.display())]
    Empty { file: PathBuf },
    #[error("{}: the save is {bytes} bytes, more than any real game; refusing to read it", file.display())]
    TooLarge { file: PathBuf, bytes: u64 },
    #[error("{}: the save is cut short (truncated at line {line}, column {column}); it was not written completely", file.display())]
    Truncated {
        file: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{}: this is not a sixparty save (not valid JSON: {detail})", file.display())]
    NotJson { file: PathBuf, detail: String },
    #[error("{}: this is not a sixparty save ({detail})", file.display())]
    NotASave { file: PathBuf, detail: String },
    #[error(
        "{}: this save was written by a newer sixparty ({by}, save format {found}); this is sixparty {}, which reads save format {FORMAT_VERSION}: update sixparty to load it",
        file.display(), env!("CARGO_PKG_VERSION")
    )]
    FutureVersion {
        file: PathBuf,
        found: u32,
        by: String,
    },
    #[error("{}: the save is damaged: {detail}", file.display())]
    Corrupt { file: PathBuf, detail: String },
    #[error("{}: the save's level file {} is missing", file.display(), level.display())]
    LevelMissing { file: PathBuf, level: PathBuf },
    #[error("{}: the save is for the built-in level '{id}', which this version of sixparty does not have", file.display())]
    UnknownLevel { file: PathBuf, id: String },
    #[error("{}: the save's level {level} no longer loads: {detail}", file.display())]
    LevelBroken {
        file: PathBuf,
        level: String,
        detail: String,
    },
    #[error("{}: the save is for level '{saved}', not '{given}'", file.display())]
    WrongLevel {
        file: PathBuf,
        saved: String,
        given: String,
    },
    #[error(
        "{}: the level {level} has changed since this game was saved (version {saved_version} → {now_version}); it can be loaded anyway, replaying as far as the changed level allows",
        file.display()
    )]
    LevelChanged {
        file: PathBuf,
        level: String,
        saved_version: String,
        now_version: String,
    },
    #[error("{}: the game does not replay: decision {} of {total} was refused ({reason})", file.display(), at + 1)]
    ReplayFailed {
        file: PathBuf,
        at: usize,
        total: usize,
        reason: String,
    },
    #[error("{}: replaying the decisions does not reach the saved state ({detail}); the save was edited or written by a different engine", file.display())]
    Mismatch { file: PathBuf, detail: String },
    #[error("could not save {}: {step}: {source}", file.display())]
    Write {
        file: PathBuf,
        step: &'static str,
        source: std::io::Error,
    },
    #[error(
        "the game is too large to save ({bytes} bytes, more than the {} a save may hold); the file was not written",
        super::format::MAX_SAVE_BYTES
    )]
    TooLargeToSave { bytes: u64 },
    #[error("could not encode the game: {0}")]
    Encode(String),
}

impl SaveError {
    /// The save file the error is about, when there is one.
    pub fn file(&self) -> Option<&Path> {
        use SaveError::*;
        match self {
            Read { file, .. }
            | Empty { file }
            | TooLarge { file, .. }
            | Truncated { file, .. }
            | NotJson { file, .. }
            | NotASave { file, .. }
            | FutureVersion { file, .. }
            | Corrupt { file, .. }
            | LevelMissing { file, .. }
            | UnknownLevel { file, .. }
            | LevelBroken { file, .. }
            | WrongLevel { file, .. }
            | LevelChanged { file, .. }
            | ReplayFailed { file, .. }
            | Mismatch { file, .. }
            | Write { file, .. } => Some(file),
            NoFolder(_) | BadName { .. } | NotFound { .. } | Encode(_) | TooLargeToSave { .. } => {
                None
            }
        }
    }

    /// The backup of the file this error is about, if one exists on disk: what the UI offers
    /// when a save will not load. (A backup's own backup is not offered.)
    pub fn backup(&self) -> Option<PathBuf> {
        if matches!(self, SaveError::Write { .. }) {
            return None;
        }
        let file = self.file()?;
        if file.extension().is_some_and(|e| e == "bak") {
            return None;
        }
        let backup = super::store::backup_path(file);
        backup.is_file().then_some(backup)
    }

    /// Whether trying again with [`super::LoadOptions::anyway`] may load the game: the
    /// level changed, or the replay does not match the snapshot.
    pub fn can_load_anyway(&self) -> bool {
        matches!(
            self,
            SaveError::LevelChanged { .. }
                | SaveError::Mismatch { .. }
                | SaveError::ReplayFailed { .. }
        )
    }

    /// A write failed because the disk is full.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, SaveError::Write { source, .. } if source.kind() == std::io::ErrorKind::StorageFull)
    }
}
