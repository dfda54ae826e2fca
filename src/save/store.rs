//! The saves folder: named slots, the autosave ring, listing, Continue, delete and rewind.
//!
//! Layout: `NAME.json` per save, `NAME.json.bak` its previous version,
//! `autosave-GAME-1..3.json` each game's own autosave ring (GAME is the game's id; the
//! oldest slot is reused), `autosave-1..3.json` the shared ring of older versions, and
//! dot-files for writes in progress.
//!
//! Autosaves belong to a game, so playing a second game (or two at once, in two terminals)
//! never evicts the first one's. Old games' autosaves are pruned by one rule
//! ([`AUTOSAVE_GAMES`]): the autosaves of the 20 most recently played games are kept, never
//! those of the game being saved; named saves are never pruned.
//! A save that will not load is never touched by loading; when a new save replaces a file
//! that does not parse, that file is kept as `NAME.json.broken` rather than pushing the
//! good backup out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::atomic::{self, RealFs, SaveFs};
use super::error::SaveError;
use super::format::{self, LoadOptions, Loaded, SaveHeader};
use super::name::{AUTOSAVE_PREFIX, slot_name};
use crate::session::Session;

/// How many autosaves each game keeps.
pub const AUTOSAVES: usize = 3;
/// Autosaves are kept for this many of the most recently played games.
pub const AUTOSAVE_GAMES: usize = 20;
/// A save claiming to be from more than a day in the future is not believed (a hand-edited
/// or hostile header would otherwise sort first forever and be what Continue opens).
const FUTURE_SLACK_SECS: u64 = 86_400;

/// `NAME.json` → `NAME.json.bak`.
pub fn backup_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    file.with_file_name(name)
}

fn broken_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".broken");
    file.with_file_name(name)
}

/// Manual or automatic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveKind {
    Manual,
    Auto,
    /// A finished game's final save, kept by [`crate::records`] outside this folder; the
    /// store never writes one, the UI lists them from the record.
    Finished,
}

/// One save in the folder, as the Load screen lists it.
#[derive(Debug)]
pub struct SaveEntry {
    /// The slot name (the file name without `.json`); what `load` and `delete` take.
    pub name: String,
    pub path: PathBuf,
    pub kind: SaveKind,
    /// The header (level, month, ending, when saved), or why the file does not read.
    pub header: Result<SaveHeader, SaveError>,
    /// The file's modification time (seconds since the epoch), used to order broken saves.
    pub modified: u64,
}

impl SaveEntry {
    pub fn has_backup(&self) -> bool {
        backup_path(&self.path).is_file()
    }
    /// When it was saved: the recorded time, or the file's for a broken save or a recorded
    /// time in the future.
    pub fn saved_at(&self) -> u64 {
        match &self.header {
            Ok(h) if h.saved_at <= format::now_secs().saturating_add(FUTURE_SLACK_SECS) => {
                h.saved_at
            }
            _ => self.modified,
        }
    }

    /// The game this save belongs to (see [`SaveHeader::game_key`]); a save that does not
    /// read is a game of its own.
    pub fn game_key(&self) -> String {
        match &self.header {
            Ok(h) => h.game_key(),
            Err(_) => format!("unreadable:{}", self.name),
        }
    }
}

/// The saves folder.
#[derive(Debug, Clone)]
pub struct SaveStore {
    dir: PathBuf,
    fs: Arc<dyn SaveFs>,
}

impl SaveStore {
    /// The player's saves folder (`SIXPARTY_HOME/saves` or the platform's). Not created
    /// until the first save.
    pub fn open_default() -> Result<Self, SaveError> {
        crate::paths::saves_dir()
            .map(Self::at)
            .map_err(SaveError::NoFolder)
    }

    /// A saves folder at `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self::with_fs(dir, Arc::new(RealFs))
    }

    /// A saves folder writing through `fs` (tests inject failures this way).
    pub fn with_fs(dir: impl Into<PathBuf>, fs: Arc<dyn SaveFs>) -> Self {
        SaveStore {
            dir: dir.into(),
            fs,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a slot name (checked, so it cannot leave the folder).
    pub fn path_of(&self, name: &str) -> Result<PathBuf, SaveError> {
        let name = if is_autosave(name) {
            name.to_string()
        } else {
            slot_name(name)?
        };
        Ok(self.dir.join(format!("{name}.json")))
    }

    /// Save to a named slot (a name the player typed; see [`super::slot_name`]). The slot's
    /// previous save becomes its backup.
    pub fn save(
        &self,
        name: &str,
        session: &Session,
        player: Option<&str>,
    ) -> Result<SaveEntry, SaveError> {
        let name = slot_name(name)?;
        self.write(&name, SaveKind::Manual, session, player)
    }

    /// The end-of-month autosave: into the oldest of this game's [`AUTOSAVES`] slots; then
    /// the autosaves of games beyond the [`AUTOSAVE_GAMES`] most recent are pruned (never
    /// this game's, never a named save).
    pub fn autosave(
        &self,
        session: &Session,
        player: Option<&str>,
    ) -> Result<SaveEntry, SaveError> {
        let game = format!("{:016x}", session.game_id);
        let slots: Vec<String> = (1..=AUTOSAVES)
            .map(|i| format!("{AUTOSAVE_PREFIX}-{game}-{i}"))
            .collect();
        // A free slot first, else the one saved longest ago (a broken one counts as oldest).
        let slot = slots
            .iter()
            .min_by_key(|slot| {
                let path = self.dir.join(format!("{slot}.json"));
                if !path.exists() {
                    return (0, 0, 0);
                }
                // Within one second, the file's own modification time breaks the tie.
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                match format::read_save(&path).and_then(|b| format::decode_header(&path, &b)) {
                    Ok(h) => (2, h.saved_at, modified),
                    Err(_) => (1, 0, 0),
                }
            })
            .cloned()
            .unwrap_or_else(|| format!("{AUTOSAVE_PREFIX}-{game}-1"));
        let entry = self.write(&slot, SaveKind::Auto, session, player)?;
        // Pruning is housekeeping: a failure to delete an old file must not fail the save.
        let _ = self.prune_autosaves(&game);
        Ok(entry)
    }

    /// Delete the autosaves of games other than `current` beyond the [`AUTOSAVE_GAMES`]
    /// most recently played; returns the names deleted.
    pub fn prune_autosaves(&self, current: &str) -> Result<Vec<String>, SaveError> {
        let mut deleted = Vec::new();
        let games = self.games()?;
        // The current game is one of the most recent (it is being played): it always keeps
        // its autosaves and takes one of the places.
        let mut kept = 1;
        for game in games {
            if game.key == current {
                continue;
            }
            let autos: Vec<&SaveEntry> = game
                .saves
                .iter()
                .filter(|e| e.kind == SaveKind::Auto)
                .collect();
            if autos.is_empty() {
                continue;
            }
            if kept < AUTOSAVE_GAMES {
                kept += 1;
                continue;
            }
            for entry in autos {
                self.delete(&entry.name)?;
                deleted.push(entry.name.clone());
            }
        }
        Ok(deleted)
    }

    /// The saves grouped by game, the most recently played game first, each game's saves
    /// newest first: what the Load screen shows and Continue picks from.
    pub fn games(&self) -> Result<Vec<GameSaves>, SaveError> {
        let mut games: Vec<GameSaves> = Vec::new();
        // `list` is newest first, so each game's first save seen is its newest.
        for entry in self.list_by_time()? {
            let key = entry.game_key();
            match games.iter_mut().find(|g| g.key == key) {
                Some(game) => game.saves.push(entry),
                None => games.push(GameSaves {
                    key,
                    saves: vec![entry],
                }),
            }
        }
        Ok(games)
    }

    /// Branch from the start of an earlier month (0-based `turn`) into a new save `name`;
    /// returns the rewound session to play on.
    pub fn save_rewound(
        &self,
        session: &Session,
        turn: u16,
        name: &str,
        player: Option<&str>,
    ) -> Result<(Session, SaveEntry), SaveError> {
        let rewound = session.rewound_to(turn);
        let entry = self.save(name, &rewound, player)?;
        Ok((rewound, entry))
    }

    fn write(
        &self,
        name: &str,
        kind: SaveKind,
        session: &Session,
        player: Option<&str>,
    ) -> Result<SaveEntry, SaveError> {
        let path = self.dir.join(format!("{name}.json"));
        self.remove_stale_temps(name);
        let saved_at = format::now_secs();
        let mut header = format::header_of(session, player, saved_at);
        // A level file named relative to where the game was started would not be found
        // from elsewhere later: record where it really is.
        if let Some(level) = header.level.path.as_mut()
            && Path::new(level.as_str()).is_relative()
            && let Ok(absolute) = std::path::absolute(level.as_str())
        {
            *level = absolute.to_string_lossy().into_owned();
        }
        let bytes = format::encode_with_header(session, &header)?;
        // Keep the current file as the backup, unless it does not even parse: then keep it
        // aside as `.broken` so the good backup survives.
        let keep = if path.exists() {
            let fine = format::read_save(&path)
                .and_then(|b| format::decode_header(&path, &b))
                .is_ok();
            Some(if fine {
                backup_path(&path)
            } else {
                broken_path(&path)
            })
        } else {
            None
        };
        atomic::replace(&*self.fs, &path, &bytes, keep.as_deref()).map_err(|f| {
            SaveError::Write {
                file: path.clone(),
                step: f.step,
                source: f.source,
            }
        })?;
        Ok(SaveEntry {
            name: name.to_string(),
            path,
            kind,
            header: Ok(header),
            modified: saved_at,
        })
    }

    /// Remove temporary files a killed save of this slot left behind (the dot-files
    /// `.NAME.json.tmp-*` and `.NAME.json.keep-*`), once they are old enough that no other
    /// running game can still be writing them. Never touches a save or a backup.
    fn remove_stale_temps(&self, name: &str) {
        const STALE: std::time::Duration = std::time::Duration::from_secs(600);
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let prefixes = [format!(".{name}.json.tmp-"), format!(".{name}.json.keep-")];
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if !prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
                continue;
            }
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE);
            if stale {
                let _ = self.fs.remove_file(&entry.path());
            }
        }
    }

    /// Every save in the folder, grouped by game (the most recently played game first) and
    /// newest first within a game, so the first entry is the newest save of all. Saves that
    /// do not read are listed too, with their error (and [`SaveEntry::has_backup`]). A
    /// missing folder is an empty list.
    pub fn list(&self) -> Result<Vec<SaveEntry>, SaveError> {
        Ok(self.games()?.into_iter().flat_map(|g| g.saves).collect())
    }

    /// Every save in the folder, newest first.
    fn list_by_time(&self) -> Result<Vec<SaveEntry>, SaveError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(SaveError::Read {
                    file: self.dir.clone(),
                    source,
                });
            }
        };
        let mut saves = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(name) = file_name.strip_suffix(".json") else {
                continue;
            };
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default();
            let header = format::read_save(&path).and_then(|b| format::decode_header(&path, &b));
            saves.push((
                modified.as_nanos(),
                SaveEntry {
                    name: name.to_string(),
                    kind: if is_autosave(name) {
                        SaveKind::Auto
                    } else {
                        SaveKind::Manual
                    },
                    path,
                    header,
                    modified: modified.as_secs(),
                },
            ));
        }
        // `saved_at` has whole seconds: within one second the file written last is the most
        // recent (an autosave and a manual save at the same moment, say), so Continue takes it.
        saves.sort_by(|(a_nanos, a), (b_nanos, b)| {
            b.saved_at()
                .cmp(&a.saved_at())
                .then_with(|| b_nanos.cmp(a_nanos))
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(saves.into_iter().map(|(_, entry)| entry).collect())
    }

    /// The most recent save that reads: what Continue loads (the most recently played
    /// game's newest save).
    pub fn latest(&self) -> Result<Option<SaveEntry>, SaveError> {
        Ok(self.list()?.into_iter().find(|e| e.header.is_ok()))
    }

    /// Load a slot by name.
    pub fn load(&self, name: &str, options: LoadOptions) -> Result<Loaded, SaveError> {
        let path = self.path_of(name)?;
        // Only a missing file is "no save named": a folder that cannot be read says so.
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(SaveError::NotFound {
                name: name.to_string(),
                dir: self.dir.clone(),
            }),
            Err(source) => Err(SaveError::Read { file: path, source }),
            Ok(_) => format::load_path(&path, options),
        }
    }

    /// Load a slot's backup (the version before its last save).
    pub fn load_backup(&self, name: &str, options: LoadOptions) -> Result<Loaded, SaveError> {
        let path = backup_path(&self.path_of(name)?);
        if !path.exists() {
            return Err(SaveError::NotFound {
                name: format!("{name} (backup)"),
                dir: self.dir.clone(),
            });
        }
        format::load_path(&path, options)
    }

    /// Delete a save and its backup (the UI asks for confirmation first).
    pub fn delete(&self, name: &str) -> Result<(), SaveError> {
        let path = self.path_of(name)?;
        if !path.exists() {
            return Err(SaveError::NotFound {
                name: name.to_string(),
                dir: self.dir.clone(),
            });
        }
        for file in [path.clone(), backup_path(&path)] {
            match self.fs.remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(SaveError::Write {
                        file,
                        step: "cannot delete the file",
                        source,
                    });
                }
            }
        }
        let _ = self.fs.sync_dir(&self.dir);
        Ok(())
    }
}

/// The saves of one game.
#[derive(Debug)]
pub struct GameSaves {
    /// [`SaveHeader::game_key`] of its saves.
    pub key: String,
    /// Newest first; never empty.
    pub saves: Vec<SaveEntry>,
}

impl GameSaves {
    /// When the game was last saved.
    pub fn last_saved(&self) -> u64 {
        self.saves.first().map_or(0, SaveEntry::saved_at)
    }
}

/// `autosave-N` (the shared ring of older versions) or `autosave-GAME-N` (a game's own: GAME
/// is 16 hex digits), N from 1 to [`AUTOSAVES`].
fn is_autosave(name: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(AUTOSAVE_PREFIX)
        .and_then(|rest| rest.strip_prefix('-'))
    else {
        return false;
    };
    let slot = match rest.split_once('-') {
        Some((game, slot)) if game.len() == 16 && game.bytes().all(|b| b.is_ascii_hexdigit()) => {
            slot
        }
        Some(_) => return false,
        None => rest,
    };
    slot.parse::<usize>()
        .is_ok_and(|n| (1..=AUTOSAVES).contains(&n))
}
