//! The UI's [`SaveStore`] seam over the real save folder ([`crate::save::SaveStore`]).
//!
//! Manual saves go to a slot named after the level and the month (`revive-the-talks-2018-03`),
//! so saving twice in one month updates that slot (the save system keeps the previous
//! version as a backup). Problems come back as one-line messages for the status line.

use crate::save::{self, LoadOptions, SaveKind};
use crate::session::Session;

use super::model::{SaveStore, SaveSummary};

pub struct DiskSaves {
    store: save::SaveStore,
}

impl DiskSaves {
    pub fn new(store: save::SaveStore) -> Self {
        DiskSaves { store }
    }
}

/// The store for the player's data folder, or one that explains why there is none.
pub fn disk_saves() -> Box<dyn SaveStore> {
    match save::SaveStore::open_default() {
        Ok(store) => Box::new(DiskSaves::new(store)),
        Err(e) => Box::new(Unavailable(e.to_string())),
    }
}

fn label(entry: &save::SaveEntry) -> String {
    let kind = match entry.kind {
        SaveKind::Auto => "auto",
        SaveKind::Manual => "save",
    };
    let when = save::format_time(entry.saved_at());
    match &entry.header {
        Ok(h) => {
            let s = &h.summary;
            let state = match &s.ending_title {
                Some(title) => format!("ended: {title}"),
                None => format!("month {} of {}", s.turn + 1, s.length),
            };
            format!(
                "{} · {} · {} {} · {state} · {when} ({kind})",
                entry.name,
                h.level.title,
                month_name(s.month),
                s.year
            )
        }
        Err(e) => format!("{} · cannot be read: {e}", entry.name),
    }
}

fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES[usize::from(month.clamp(1, 12) - 1)]
}

impl SaveStore for DiskSaves {
    fn list(&self) -> Vec<SaveSummary> {
        self.store
            .list()
            .unwrap_or_default()
            .iter()
            .map(|entry| SaveSummary {
                key: entry.name.clone(),
                label: label(entry),
            })
            .collect()
    }

    fn load(&self, key: &str) -> Result<Session, String> {
        match self.store.load(key, LoadOptions::default()) {
            Ok(loaded) => Ok(loaded.session),
            Err(e) => {
                let mut message = e.to_string();
                if e.backup().is_some() {
                    message.push_str(" — a backup exists: sixparty play --load with the .bak file");
                }
                Err(message)
            }
        }
    }

    fn save(&mut self, session: &Session) -> Result<String, String> {
        let (month, year) = session.game().state().calendar();
        let name = format!("{}-{year}-{month:02}", session.level.id());
        self.store
            .save(&name, session, None)
            .map(|entry| format!("Saved as '{}'", entry.name))
            .map_err(|e| e.to_string())
    }
}

/// No data folder could be found: say so wherever saves are used.
struct Unavailable(String);

impl SaveStore for Unavailable {
    fn list(&self) -> Vec<SaveSummary> {
        Vec::new()
    }
    fn load(&self, _key: &str) -> Result<Session, String> {
        Err(self.0.clone())
    }
    fn save(&mut self, _session: &Session) -> Result<String, String> {
        Err(self.0.clone())
    }
}
