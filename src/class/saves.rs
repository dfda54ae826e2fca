//! [`PlayerSaves`]: the UI's save seam ([`crate::ui::model::SaveStore`]) over one saves folder,
//! writing the player's name into every save. Local play uses the player's saves folder; the
//! class server gives each student their own folder, `classes/CODE/NAME/`, so a student who
//! reconnects finds their game under Continue and the teacher's report finds every game.
//!
//! Reading (list, load, delete) is the UI's own [`DiskSaves`]; only the writes differ.

use std::path::{Path, PathBuf};

use crate::save;
use crate::session::Session;
use crate::ui::disk::DiskSaves;
use crate::ui::model::{LoadFailure, LoadFrom, LoadedGame, SaveStore, SaveSummary};

pub struct PlayerSaves {
    store: save::SaveStore,
    read: DiskSaves,
    player: Option<String>,
}

impl PlayerSaves {
    /// Saves in `dir`, written as `player`'s.
    pub fn new(dir: impl Into<PathBuf>, player: Option<String>) -> Self {
        let store = save::SaveStore::at(dir);
        PlayerSaves {
            read: DiskSaves::new(store.clone()),
            store,
            player,
        }
    }

    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    pub fn player(&self) -> Option<&str> {
        self.player.as_deref()
    }
}

/// Local play's store: the player's saves folder with the name asked once (see
/// [`super::profile::ask_once`]), or the UI's explanation when there is no data folder.
pub fn local_saves(player: Option<String>) -> Box<dyn SaveStore> {
    match crate::paths::saves_dir() {
        Ok(dir) => Box::new(PlayerSaves::new(dir, player)),
        Err(_) => crate::ui::disk_saves(),
    }
}

impl SaveStore for PlayerSaves {
    fn list(&self) -> Result<Vec<SaveSummary>, String> {
        self.read.list()
    }

    fn load(&self, key: &str, from: LoadFrom, anyway: bool) -> Result<LoadedGame, LoadFailure> {
        self.read.load(key, from, anyway)
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
        self.read.delete(key)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_carry_the_player() {
        let dir = tempfile::tempdir().expect("temp");
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let session = Session::new(level, 3);
        let mut saves = PlayerSaves::new(dir.path(), Some("Ana".into()));
        saves.autosave(&session).expect("autosave");
        saves.save("mine", &session).expect("save");
        for entry in save::SaveStore::at(dir.path()).list().expect("list") {
            let header = entry.header.expect("reads");
            assert_eq!(header.player.as_deref(), Some("Ana"), "{}", entry.name);
        }
        assert_eq!(saves.list().expect("list").len(), 2);
    }
}
