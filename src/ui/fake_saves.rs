//! An in-memory [`SaveStore`] for tests: saves are sessions in a list, and a test can make
//! writes fail (a full disk), a save unreadable (with or without a backup), or its level
//! "changed" (refused unless loaded anyway, then loaded with a warning).
//!
//! [`FakeSaves`] is a handle: a test keeps a clone and looks inside (or breaks things)
//! while the model owns the other.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::save::AUTOSAVES;
use crate::session::Session;

use super::model::{LoadFailure, LoadFrom, LoadedGame, SaveInfo, SaveKind, SaveStore, SaveSummary};
use crate::projection::month_year;

/// One save held in memory.
#[derive(Debug, Clone)]
pub struct FakeSave {
    pub key: String,
    pub kind: SaveKind,
    /// The game, or why the "file" does not read.
    pub session: Result<Session, String>,
    pub backup: Option<Session>,
    /// The level changed since the save: loading needs `anyway`.
    pub level_changed: bool,
    /// A logical clock standing in for the time of the save.
    pub saved_at: u64,
}

#[derive(Debug, Clone, Default)]
pub struct FakeData {
    pub saves: Vec<FakeSave>,
    /// When set, every write fails with this message.
    pub fail_writes: Option<String>,
    /// Reports written (the debrief): file name and text.
    pub reports: Vec<(String, String)>,
    clock: u64,
    next_auto: usize,
}

/// A shared handle on [`FakeData`] (`Send`, as every save store is).
#[derive(Debug, Clone, Default)]
pub struct FakeSaves(Arc<Mutex<FakeData>>);

impl FakeSaves {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a save as if it had been written now.
    pub fn with(self, key: &str, session: Result<Session, String>) -> Self {
        self.data().put(key, SaveKind::Manual, session);
        self
    }

    /// Look inside or change things (one borrow at a time).
    pub fn data(&self) -> MutexGuard<'_, FakeData> {
        // A test that panicked while holding the lock has failed already; its data is
        // still worth reading.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl FakeData {
    pub fn get(&self, key: &str) -> Option<&FakeSave> {
        self.saves.iter().find(|s| s.key == key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut FakeSave> {
        self.saves.iter_mut().find(|s| s.key == key)
    }

    fn put(&mut self, key: &str, kind: SaveKind, session: Result<Session, String>) {
        self.clock += 1;
        let saved_at = self.clock;
        if let Some(old) = self.get_mut(key) {
            // Like the real store: the previous version becomes the backup.
            let previous = std::mem::replace(&mut old.session, session);
            if let Ok(previous) = previous {
                old.backup = Some(previous);
            }
            old.saved_at = saved_at;
            old.level_changed = false;
            return;
        }
        self.saves.push(FakeSave {
            key: key.to_string(),
            kind,
            session,
            backup: None,
            level_changed: false,
            saved_at,
        });
    }

    fn check_write(&self) -> Result<(), String> {
        match &self.fail_writes {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }
}

fn info(session: &Session) -> SaveInfo {
    let game = session.game();
    let (month, year) = game.state().calendar();
    SaveInfo {
        level: game.scenario().meta.title.clone(),
        month: month_year(month, year),
        turn: game.state().turn(),
        length: game.scenario().meta.length,
        ending: game
            .ending()
            .map(|e| game.scenario().ending(e).title.clone()),
        seed: session.seed,
    }
}

impl SaveStore for FakeSaves {
    fn list(&self) -> Result<Vec<SaveSummary>, String> {
        let data = self.data();
        let mut out: Vec<&FakeSave> = data.saves.iter().collect();
        out.sort_by_key(|s| std::cmp::Reverse(s.saved_at));
        Ok(out
            .into_iter()
            .map(|s| SaveSummary {
                record: None,
                key: s.key.clone(),
                kind: s.kind,
                saved_at: format!("2026-01-01 00:{:02} UTC", s.saved_at % 60),
                info: s.session.as_ref().map(info).map_err(Clone::clone),
                has_backup: s.backup.is_some(),
            })
            .collect())
    }

    fn load(&self, key: &str, from: LoadFrom, anyway: bool) -> Result<LoadedGame, LoadFailure> {
        let data = self.data();
        let save = data
            .get(key)
            .ok_or_else(|| LoadFailure::plain(format!("no save named '{key}'")))?;
        let session = match from {
            LoadFrom::Save => save.session.clone().map_err(|message| LoadFailure {
                message,
                has_backup: save.backup.is_some(),
                can_try_anyway: false,
            })?,
            LoadFrom::Backup => save
                .backup
                .clone()
                .ok_or_else(|| LoadFailure::plain(format!("no backup of '{key}'")))?,
        };
        let mut warnings = Vec::new();
        if save.level_changed && from == LoadFrom::Save {
            if !anyway {
                return Err(LoadFailure {
                    message: format!("{key}.json: the level has changed since this game was saved"),
                    has_backup: save.backup.is_some(),
                    can_try_anyway: true,
                });
            }
            warnings.push("the level has changed since the save".to_string());
        }
        Ok(LoadedGame { session, warnings })
    }

    fn save(&mut self, name: &str, session: &Session) -> Result<String, String> {
        let name = crate::save::slot_name(name).map_err(|e| e.to_string())?;
        let mut data = self.data();
        data.check_write()?;
        data.put(&name, SaveKind::Manual, Ok(session.clone()));
        Ok(name)
    }

    fn autosave(&mut self, session: &Session) -> Result<(), String> {
        let mut data = self.data();
        data.check_write()?;
        let slot = format!("autosave-{}", data.next_auto % AUTOSAVES + 1);
        data.next_auto += 1;
        data.put(&slot, SaveKind::Auto, Ok(session.clone()));
        Ok(())
    }

    fn delete(&mut self, key: &str) -> Result<(), String> {
        let mut data = self.data();
        data.check_write()?;
        let before = data.saves.len();
        data.saves.retain(|s| s.key != key);
        if data.saves.len() == before {
            return Err(format!("no save named '{key}'"));
        }
        Ok(())
    }

    fn save_rewound(
        &mut self,
        session: &Session,
        turn: u16,
        name: &str,
    ) -> Result<(Session, String), String> {
        let rewound = session.rewound_to(turn);
        let name = self.save(name, &rewound)?;
        Ok((rewound, name))
    }

    fn write_report(&mut self, file: &str, text: &str) -> Result<String, String> {
        let mut data = self.data();
        data.check_write()?;
        data.reports.push((file.to_string(), text.to_string()));
        Ok(format!("reports/{file}"))
    }
}
