//! Class tools: what a teacher and a class need around the game, with or without the server.
//!
//! - [`profile`]: the player's name, asked once in local play and written into every save;
//!   [`clean_name`] makes any typed or SSH user name safe for a file name and a terminal.
//! - [`csv`]: the class spreadsheet (`compare`, `class report`): human headers, grades, the
//!   deal, seeds as text, a UTF-8 BOM, duplicates collapsed.
//! - [`commands`]: `sixparty class new|report` and `sixparty hand-in` (their clap arguments
//!   live there too, so the command line only names them).
//!
//! Class codes themselves are [`crate::challenge`]'s.

pub mod commands;
pub mod csv;
pub mod profile;

pub use profile::clean_name;

use std::path::{Path, PathBuf};

/// Local play's save store: the player's data folder, each save naming the player once
/// they gave a name ([`profile::player_name`]).
pub fn local_saves() -> Box<dyn crate::ui::SaveStore> {
    match crate::paths::data_dir() {
        Ok(dir) => Box::new(
            crate::ui::disk::DiskSaves::in_folder(&dir, profile::player_name_in(&dir))
                .with_profile(),
        ),
        Err(_) => crate::ui::disk_saves(),
    }
}

/// The folder of a class's saves on the server: `DATA/classes/CODE`.
pub fn class_dir(data: &Path, code: &str) -> PathBuf {
    data.join("classes").join(folder_code(code))
}

/// A code as a folder name: the class code's canonical form (`K7QD-40MX`), else the code
/// made safe as a file name.
pub fn folder_code(code: &str) -> String {
    if let Ok((level, seed)) = crate::challenge::resolve(code) {
        return crate::challenge::display(&level, seed);
    }
    code.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A file in `dir` named `stem.ext` that does not exist yet: `stem.ext`, then `stem-2.ext`,
/// `stem-3.ext`, … (so two debriefs of one class code never overwrite each other).
pub fn unique_file(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..10_000)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        // Ten thousand files of one name: reuse a name with the time in it rather than fail.
        .unwrap_or_else(|| dir.join(format!("{stem}-{}.{ext}", crate::save::format::now_secs())))
}

/// The stem every class file of a game uses: `NAME-LEVEL-CODE` (the name with spaces as
/// dashes; "player" without one).
pub fn file_stem(player: Option<&str>, session: &crate::session::Session) -> String {
    let name = player
        .and_then(clean_name)
        .unwrap_or_else(|| "player".to_string())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{name}-{}-{}",
        session.level.id(),
        crate::challenge::display(&session.level, session.seed)
    )
}

/// Where the game writes a debrief: `NAME-LEVEL-CODE.md` in `dir`, never over another one.
pub fn debrief_path(
    dir: &Path,
    player: Option<&str>,
    session: &crate::session::Session,
) -> PathBuf {
    unique_file(dir, &file_stem(player, session), "md")
}

/// Where a report named `file` (`LEVEL-SEED.md`) goes in `dir`: `NAME-LEVEL-SEED.md` with
/// the player's name in front, never over an existing file.
pub fn report_path(dir: &Path, player: Option<&str>, file: &str) -> PathBuf {
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, "md"));
    let stem = match player.and_then(clean_name) {
        Some(name) => format!(
            "{}-{stem}",
            name.split_whitespace().collect::<Vec<_>>().join("-")
        ),
        None => stem.to_string(),
    };
    unique_file(dir, &stem, ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debrief_names_do_not_collide() {
        let dir = tempfile::tempdir().expect("temp");
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let session = crate::session::Session::new(level, 48213);
        let first = debrief_path(dir.path(), Some("Ana Lòpez"), &session);
        std::fs::write(&first, "x").expect("write");
        let second = debrief_path(dir.path(), Some("Ana Lòpez"), &session);
        assert_ne!(first, second);
        let name = first
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let code = crate::challenge::display(&session.level, 48213);
        assert_eq!(name, format!("Ana-Lòpez-revive-the-talks-{code}.md"));
        assert!(second.to_string_lossy().ends_with(&format!("{code}-2.md")));
    }

    #[test]
    fn reports_carry_the_name_and_never_overwrite() {
        let dir = tempfile::tempdir().expect("temp");
        let first = report_path(dir.path(), Some("Ana"), "tutorial-42.md");
        assert!(first.ends_with("Ana-tutorial-42.md"));
        std::fs::write(&first, "x").expect("write");
        assert!(
            report_path(dir.path(), Some("Ana"), "tutorial-42.md")
                .ends_with("Ana-tutorial-42-2.md")
        );
        assert!(report_path(dir.path(), None, "tutorial-42.md").ends_with("tutorial-42.md"));
    }

    #[test]
    fn folder_codes_are_canonical() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let code = crate::challenge::encode_short(&level, 9).expect("fits");
        assert_eq!(folder_code(&code.to_lowercase().replace('-', " ")), code);
        assert_eq!(folder_code("../etc"), "---ETC");
    }
}
