//! The UI's [`SaveStore`] seam over the real saves folder ([`crate::save::SaveStore`]).
//!
//! A thin translation: entries become [`SaveSummary`] rows, [`crate::save::SaveError`]s
//! become one-line messages, and a load error says whether its backup exists and whether
//! loading anyway may work. Loading never writes (the save system guarantees it).

use std::path::{Path, PathBuf};

use crate::save::{self, LoadOptions};
use crate::session::Session;

use super::model::{
    LoadFailure, LoadFrom, LoadedGame, NoSaves, Profile, SaveInfo, SaveKind, SaveStore, SaveSummary,
};
use crate::projection::month_year;
use crate::records::{FinishedGame, Records};

pub struct DiskSaves {
    store: save::SaveStore,
    /// Recorded in every save's header (the class server's players).
    player: Option<String>,
    /// Where reports (debriefs) are written.
    reports: Option<PathBuf>,
    /// The data folder: the record of finished games, and the profile when `profile`.
    data: Option<PathBuf>,
    /// Local play: the player's name and first-run marks live in `data`.
    profile: bool,
}

/// The key of a finished game's row: this, then its final save's path.
const FINISHED_KEY: &str = "finished:";

/// Finished games listed on the Load screen at most (the newest).
const FINISHED_LISTED: usize = 200;

impl DiskSaves {
    /// Saves in `store`'s folder, no player name, no reports folder.
    pub fn new(store: save::SaveStore) -> Self {
        DiskSaves {
            store,
            player: None,
            reports: None,
            data: None,
            profile: false,
        }
    }

    /// Saves in `data/saves`, debriefs in `data/debriefs`, each save naming `player`.
    pub fn in_folder(data: &Path, player: Option<String>) -> Self {
        DiskSaves {
            store: save::SaveStore::at(data.join("saves")),
            player,
            reports: Some(data.join("debriefs")),
            data: Some(data.to_path_buf()),
            profile: false,
        }
    }

    /// Local play: the player's name (asked once) and first-run marks kept in the data
    /// folder ([`crate::class::profile`]).
    pub fn with_profile(mut self) -> Self {
        self.profile = true;
        self
    }

    fn book(&self) -> Option<crate::records::RecordBook> {
        self.data
            .as_deref()
            .map(crate::records::RecordBook::in_folder)
    }

    /// The finished games as Load screen rows, newest first.
    fn finished_rows(&self) -> Vec<SaveSummary> {
        let Some(Ok(records)) = self.book().map(|b| b.read()) else {
            return Vec::new();
        };
        records
            .games
            .iter()
            .rev()
            .take(FINISHED_LISTED)
            .map(|game| {
                let path = Path::new(&game.save);
                let info = save::format::read_save(path)
                    .and_then(|b| save::format::decode_header(path, &b))
                    .map(|h| SaveInfo {
                        level: h.level.title.clone(),
                        month: game.month.clone(),
                        turn: h.summary.turn.saturating_sub(1),
                        length: h.summary.length,
                        ending: Some(game.ending.clone()),
                        seed: h.seed,
                    })
                    .map_err(|e| e.to_string());
                SaveSummary {
                    key: format!("{FINISHED_KEY}{}", game.save),
                    kind: SaveKind::Finished,
                    saved_at: save::format_time(game.finished_at),
                    info,
                    has_backup: false,
                    record: Some(game.clone()),
                }
            })
            .collect()
    }
}

/// The store for the player's data folder, or one that explains why there is none.
pub fn disk_saves() -> Box<dyn SaveStore> {
    match crate::paths::data_dir() {
        Ok(dir) => Box::new(DiskSaves::in_folder(&dir, None)),
        Err(e) => Box::new(NoSaves::because(save::SaveError::NoFolder(e).to_string())),
    }
}

fn summary(entry: &save::SaveEntry) -> SaveSummary {
    SaveSummary {
        key: entry.name.clone(),
        kind: entry.kind,
        saved_at: save::format_time(entry.saved_at()),
        info: match &entry.header {
            Ok(h) => Ok(SaveInfo {
                level: h.level.title.clone(),
                month: month_year(h.summary.month, h.summary.year),
                turn: h.summary.turn,
                length: h.summary.length,
                ending: h.summary.ending_title.clone(),
                seed: h.seed,
            }),
            Err(e) => Err(e.to_string()),
        },
        has_backup: entry.has_backup(),
        record: None,
    }
}

impl SaveStore for DiskSaves {
    fn list(&self) -> Result<Vec<SaveSummary>, String> {
        let mut rows: Vec<SaveSummary> = self
            .store
            .list()
            .map(|entries| entries.iter().map(summary).collect())
            .map_err(|e| e.to_string())?;
        rows.extend(self.finished_rows());
        Ok(rows)
    }

    fn load(&self, key: &str, from: LoadFrom, anyway: bool) -> Result<LoadedGame, LoadFailure> {
        let options = LoadOptions { anyway };
        let result = match (key.strip_prefix(FINISHED_KEY), from) {
            // Only paths the record names: the key came from `finished_rows`.
            (Some(path), LoadFrom::Save) => save::load_path(Path::new(path), options),
            (Some(_), LoadFrom::Backup) => {
                return Err(LoadFailure::plain(super::strings::NO_BACKUP_FINISHED));
            }
            (None, LoadFrom::Save) => self.store.load(key, options),
            (None, LoadFrom::Backup) => self.store.load_backup(key, options),
        };
        match result {
            Ok(loaded) => Ok(LoadedGame {
                session: loaded.session,
                warnings: loaded.warnings.iter().map(|w| w.to_string()).collect(),
            }),
            Err(e) => Err(LoadFailure {
                message: e.to_string(),
                has_backup: e.backup().is_some(),
                can_try_anyway: e.can_load_anyway(),
            }),
        }
    }

    fn save(&mut self, name: &str, session: &Session) -> Result<String, String> {
        self.store
            .save(name, session, self.player.as_deref())
            .map(|entry| entry.name)
            .map_err(|e| e.to_string())
    }

    fn autosave(&mut self, session: &Session) -> Result<(), String> {
        self.store
            .autosave(session, self.player.as_deref())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn delete(&mut self, key: &str) -> Result<(), String> {
        if let Some(path) = key.strip_prefix(FINISHED_KEY) {
            return Err(format!("{} {path}.", super::strings::FINISHED_KEEP));
        }
        self.store.delete(key).map_err(|e| e.to_string())
    }

    fn save_rewound(
        &mut self,
        session: &Session,
        turn: u16,
        name: &str,
    ) -> Result<(Session, String), String> {
        self.store
            .save_rewound(session, turn, name, self.player.as_deref())
            .map(|(session, entry)| (session, entry.name))
            .map_err(|e| e.to_string())
    }

    fn write_report(&mut self, file: &str, text: &str) -> Result<String, String> {
        let Some(dir) = &self.reports else {
            return Err(super::strings::NO_REPORTS.to_string());
        };
        // Named for the player and never over an earlier report: a class on one code
        // would otherwise write one file over another's.
        let path = crate::class::report_path(dir, self.player.as_deref(), file);
        crate::save::atomic::replace(&crate::save::RealFs, &path, text.as_bytes(), None)
            .map(|()| path.display().to_string())
            .map_err(|f| format!("{}: {}", f.step, f.source))
    }

    fn profile(&self) -> Profile {
        match (&self.data, self.profile) {
            (Some(dir), true) => Profile {
                name: self.player.clone(),
                ask_name: !crate::class::profile::asked_in(dir),
                suggest_tutorial: !crate::class::profile::tutorial_suggested_in(dir),
            },
            _ => Profile {
                name: self.player.clone(),
                ..Profile::default()
            },
        }
    }

    fn set_player(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(dir) = self.data.as_deref().filter(|_| self.profile) else {
            return Err(super::strings::NAME_NOT_HERE.to_string());
        };
        let kept = crate::class::profile::set_player_name_in(dir, name)?;
        self.player = kept.clone();
        Ok(kept)
    }

    fn tutorial_suggested(&mut self) -> Result<(), String> {
        match self.data.as_deref().filter(|_| self.profile) {
            Some(dir) => crate::class::profile::mark_tutorial_suggested_in(dir),
            None => Ok(()),
        }
    }

    fn records(&self) -> Result<Records, String> {
        self.book()
            .map_or_else(|| Ok(Records::default()), |b| b.read())
    }

    fn record_finished(&mut self, session: &Session) -> Result<Option<FinishedGame>, String> {
        match self.book() {
            Some(book) => book.record(session, self.player.as_deref()).map(Some),
            None => Ok(None),
        }
    }

    fn note_debrief(&mut self, game: u64, path: &str) -> Result<(), String> {
        match self.book() {
            Some(book) => book.set_debrief(&format!("{game:016x}"), Path::new(path)),
            None => Ok(()),
        }
    }
}
