//! The UI's [`SaveStore`] seam over the real saves folder ([`crate::save::SaveStore`]).
//!
//! A thin translation: entries become [`SaveSummary`] rows, [`crate::save::SaveError`]s
//! become one-line messages, and a load error says whether its backup exists and whether
//! loading anyway may work. Loading never writes (the save system guarantees it).

use std::path::{Path, PathBuf};

use crate::save::{self, LoadOptions};
use crate::session::Session;

use super::model::{LoadFailure, LoadFrom, LoadedGame, NoSaves, SaveInfo, SaveStore, SaveSummary};
use crate::projection::month_year;

pub struct DiskSaves {
    store: save::SaveStore,
    /// Recorded in every save's header (the class server's players).
    player: Option<String>,
    /// Where reports (debriefs) are written.
    reports: Option<PathBuf>,
}

impl DiskSaves {
    /// Saves in `store`'s folder, no player name, no reports folder.
    pub fn new(store: save::SaveStore) -> Self {
        DiskSaves {
            store,
            player: None,
            reports: None,
        }
    }

    /// Saves in `data/saves`, debriefs in `data/debriefs`, each save naming `player`.
    pub fn in_folder(data: &Path, player: Option<String>) -> Self {
        DiskSaves {
            store: save::SaveStore::at(data.join("saves")),
            player,
            reports: Some(data.join("debriefs")),
        }
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
    }
}

impl SaveStore for DiskSaves {
    fn list(&self) -> Result<Vec<SaveSummary>, String> {
        self.store
            .list()
            .map(|entries| entries.iter().map(summary).collect())
            .map_err(|e| e.to_string())
    }

    fn load(&self, key: &str, from: LoadFrom, anyway: bool) -> Result<LoadedGame, LoadFailure> {
        let options = LoadOptions { anyway };
        let result = match from {
            LoadFrom::Save => self.store.load(key, options),
            LoadFrom::Backup => self.store.load_backup(key, options),
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
}
