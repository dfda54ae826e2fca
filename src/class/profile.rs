//! The player's name: asked once, kept in the data folder (`player.txt`), and written into
//! every save's `player` field so a teacher's spreadsheet has a name in each row. Also the
//! first-run mark (`tutorial-suggested.txt`): the tutorial is suggested once.
//!
//! The hooks: [`needs_asking`] says whether to ask, [`set_player_name`] stores the answer
//! (an empty one records a refusal, so nobody is asked twice), [`player_name`] is what local
//! play's saves carry. `sixparty hand-in` asks on the plain terminal ([`ask_once`]) when no
//! name is stored, and takes `--name`; the in-game question is the UI's name prompt, through [`crate::ui::disk::DiskSaves`]'s profile (the `_in` functions take its data folder). On the server
//! the name is the SSH user name, cleaned the same way ([`clean_name`]).

use std::io::BufRead;
use std::path::Path;

/// Longest player name, in characters.
pub const MAX_NAME_CHARS: usize = 32;

const FILE: &str = "player.txt";
/// Present once the first-run suggestion to play a tutorial has been shown.
const SUGGESTED: &str = "tutorial-suggested.txt";

/// A name made safe to show and to use in a file name: control and bidi characters and path
/// or shell punctuation dropped, runs of spaces joined, at most [`MAX_NAME_CHARS`]. `None`
/// when nothing usable is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let kept: String = crate::level::sanitize(raw)
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| {
            !c.is_control()
                && !matches!(
                    c,
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\'' | '`' | '$' | ';'
                )
        })
        .collect();
    let mut name: String = kept
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(['.', '-', ' '])
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    name = name.trim_end_matches(['.', ' ']).to_string();
    // Windows' device names and the save store's own prefix cannot be folder names.
    if name.is_empty() || crate::save::slot_name(&name).is_err() {
        return None;
    }
    Some(name)
}

/// The stored name, if the player gave one.
pub fn player_name() -> Option<String> {
    player_name_in(&crate::paths::data_dir().ok()?)
}

/// The name stored in the data folder `dir`.
pub fn player_name_in(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(FILE)).ok()?;
    clean_name(text.lines().next().unwrap_or(""))
}

/// Whether the player was asked already (an empty file means they chose not to say).
fn asked() -> bool {
    crate::paths::data_dir().is_ok_and(|d| asked_in(&d))
}

/// Whether the player of the data folder `dir` was asked already.
pub fn asked_in(dir: &Path) -> bool {
    dir.join(FILE).is_file()
}

/// Whether the player has neither given a name nor declined to.
pub fn needs_asking() -> bool {
    !asked()
}

/// Store the player's name (an empty one records that they were asked and skipped).
pub fn set_player_name(name: &str) -> Result<(), String> {
    set_player_name_in(&crate::paths::data_dir()?, name).map(|_| ())
}

/// Store the player's name in the data folder `dir`; the answer is the name as cleaned
/// (`None`: no name).
pub fn set_player_name_in(dir: &Path, name: &str) -> Result<Option<String>, String> {
    let name = clean_name(name);
    write(dir, FILE, name.as_deref().unwrap_or(""))?;
    Ok(name)
}

/// Whether the first-run suggestion to play a tutorial was shown in `dir`'s profile.
pub fn tutorial_suggested_in(dir: &Path) -> bool {
    dir.join(SUGGESTED).is_file()
}

/// Remember in `dir` that the tutorial was suggested.
pub fn mark_tutorial_suggested_in(dir: &Path) -> Result<(), String> {
    write(dir, SUGGESTED, "tutorial")
}

fn write(dir: &Path, file: &str, line: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(file);
    crate::save::atomic::replace(
        &crate::save::RealFs,
        &path,
        format!("{line}\n").as_bytes(),
        None,
    )
    .map_err(|f| format!("{}: {}: {}", path.display(), f.step, f.source))
}

/// The stored name, or — the first time — the answer to one question on a plain terminal.
/// A name that cannot be stored is used this once.
pub fn ask_once(input: &mut impl BufRead, out: &mut impl std::io::Write) -> Option<String> {
    if asked() {
        return player_name();
    }
    let _ = write!(
        out,
        "Your name, for your saves and your teacher's class sheet (Enter to skip): "
    );
    let _ = out.flush();
    let mut line = String::new();
    if input.read_line(&mut line).is_err() {
        return None;
    }
    let name = clean_name(&line);
    if let Err(e) = set_player_name(name.as_deref().unwrap_or("")) {
        let _ = writeln!(out, "(Could not remember the name: {e})");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("  Ana   Lòpez \n").as_deref(), Some("Ana Lòpez"));
        assert_eq!(clean_name("\u{1b}[31mred\u{7}").as_deref(), Some("red"));
        assert_eq!(clean_name("../../etc/passwd").as_deref(), Some("etcpasswd"));
        assert_eq!(clean_name("李小龍").as_deref(), Some("李小龍"));
        assert_eq!(clean_name("con"), None);
        assert_eq!(clean_name("..."), None);
        assert_eq!(clean_name(""), None);
        assert_eq!(
            clean_name(&"x".repeat(100)).map(|n| n.chars().count()),
            Some(MAX_NAME_CHARS)
        );
    }
}
