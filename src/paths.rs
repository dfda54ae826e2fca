//! Where the game keeps the player's files: `SIXPARTY_HOME` if set (tests, portable use),
//! otherwise the platform data folder from `directories` (e.g. `~/.local/share/sixparty`).
//! Saves live in `saves/` and the player's own levels in `levels/` under it.

use std::path::PathBuf;

/// The environment variable that overrides the data folder.
pub const HOME_VAR: &str = "SIXPARTY_HOME";

/// The data folder (not created here).
pub fn data_dir() -> Result<PathBuf, String> {
    if let Some(home) = std::env::var_os(HOME_VAR).filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    directories::ProjectDirs::from("org", "sixparty", "sixparty")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            format!("no home folder found; set {HOME_VAR} to a folder for saves and levels")
        })
}

/// Saved games.
pub fn saves_dir() -> Result<PathBuf, String> {
    data_dir().map(|d| d.join("saves"))
}

/// The player's own levels.
pub fn levels_dir() -> Result<PathBuf, String> {
    data_dir().map(|d| d.join("levels"))
}
