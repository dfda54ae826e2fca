//! The player's own levels: the folder `paths::levels_dir()` (under `SIXPARTY_HOME` when set).
//!
//! - [`catalog`]: every built-in and user level, for `level list` and the level picker. A
//!   broken user level is listed with its first error rather than hidden, so an author sees
//!   why it does not appear as playable.
//! - [`user_level`]: find a user level by id (`ID.toml` first, then any file with that id).
//! - [`install`]: check a shared file and copy it in as `ID.toml`, atomically.
//! - [`new_level`]: write the commented starter level (`template.toml`) as `NAME.toml`.
//!
//! Ids are checked against `[a-z0-9_-]{1,64}` before they are ever joined to a path.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{
    BUILTIN, Level, LevelError, Origin, builtin, is_level_id, limits, load_file, sanitize_line,
};
use crate::paths;

/// The starter level `level new` writes; `__ID__` and `__TITLE__` are filled in.
pub const TEMPLATE: &str = include_str!("template.toml");

/// One line of the level catalog.
#[derive(Debug, Clone)]
pub struct CatalogEntry {
    /// The level's id (for a broken file: its file name without `.toml`).
    pub id: String,
    pub title: String,
    /// The length in turns (see `turn`).
    pub months: u16,
    /// The level's turn: "month", "week" or "day".
    pub turn: &'static str,
    pub difficulty: String,
    pub description: String,
    pub origin: Origin,
    /// The first error (`file:line:col: message`) when the level does not load.
    pub problem: Option<String>,
}

impl CatalogEntry {
    pub fn is_builtin(&self) -> bool {
        self.origin == Origin::Builtin
    }
    pub fn is_playable(&self) -> bool {
        self.problem.is_none()
    }
    /// What to pass to [`super::resolve`] (or `sixparty play`) to load this entry.
    pub fn spec(&self) -> String {
        match &self.origin {
            Origin::Builtin => self.id.clone(),
            Origin::File(path) => path.display().to_string(),
        }
    }

    fn of(level: &Level) -> Self {
        let m = &level.scenario.meta;
        // Listings show one row per level: a title may not break it or disguise itself.
        CatalogEntry {
            id: m.id.clone(),
            title: super::diag::single_line(&m.title),
            months: m.length,
            turn: m.turn_length.noun(),
            difficulty: super::diag::single_line(&m.difficulty),
            description: m.description.clone(),
            origin: level.origin.clone(),
            problem: None,
        }
    }

    fn broken(id: String, origin: Origin, problem: String) -> Self {
        CatalogEntry {
            id,
            title: String::new(),
            months: 0,
            turn: "month",
            difficulty: String::new(),
            description: String::new(),
            origin,
            problem: Some(problem),
        }
    }
}

fn first_problem(e: &LevelError) -> String {
    match e {
        LevelError::Invalid(report) => report
            .first_error()
            .unwrap_or_else(|| "the level is invalid".into()),
        other => sanitize_line(&other.to_string()),
    }
}

/// The `.toml` files in the user's folder, sorted by name (none if it does not exist).
fn user_files() -> Vec<PathBuf> {
    let Ok(dir) = paths::levels_dir() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .take(limits::MAX_USER_LEVELS)
        .collect();
    files.sort();
    files
}

/// Every built-in level, then every level in the user's folder.
pub fn catalog() -> Vec<CatalogEntry> {
    let mut out = Vec::new();
    for (id, _, _) in BUILTIN {
        match builtin(id) {
            Some(Ok(level)) => out.push(CatalogEntry::of(&level)),
            Some(Err(e)) => out.push(CatalogEntry::broken(
                (*id).to_string(),
                Origin::Builtin,
                first_problem(&e),
            )),
            None => {}
        }
    }
    for path in user_files() {
        let stem = path
            .file_stem()
            .map(|s| sanitize_line(&s.to_string_lossy()))
            .unwrap_or_default();
        let origin = Origin::File(path.clone());
        match load_file(&path) {
            Ok(level) if BUILTIN.iter().any(|(b, _, _)| *b == level.id()) => {
                out.push(CatalogEntry::broken(
                    level.id().to_string(),
                    origin,
                    format!(
                        "{}: the id '{}' belongs to a built-in level; change [level] id",
                        sanitize_line(&path.display().to_string()),
                        level.id()
                    ),
                ));
            }
            Ok(level) => {
                // Two files with one id: `play ID` would pick one silently; say so instead.
                let earlier = out.iter().find_map(|e: &CatalogEntry| match &e.origin {
                    Origin::File(p) if e.id == level.id() && e.problem.is_none() => Some(p.clone()),
                    _ => None,
                });
                match earlier {
                    Some(other) => out.push(CatalogEntry::broken(
                        level.id().to_string(),
                        origin,
                        format!(
                            "{}: the id '{}' is also used by {}; change one of them",
                            sanitize_line(&path.display().to_string()),
                            level.id(),
                            sanitize_line(&other.display().to_string())
                        ),
                    )),
                    None => out.push(CatalogEntry::of(&level)),
                }
            }
            Err(e) => out.push(CatalogEntry::broken(stem, origin, first_problem(&e))),
        }
    }
    out
}

/// A level in the user's folder by id: `ID.toml` if its id matches, else the first file
/// whose id does. `None` when no such level exists (or `id` is not a valid level id).
pub fn user_level(id: &str) -> Option<Result<Level, LevelError>> {
    if !is_level_id(id) {
        return None;
    }
    let direct = paths::levels_dir().ok()?.join(format!("{id}.toml"));
    if direct.is_file() {
        let loaded = load_file(&direct);
        match &loaded {
            Ok(level) if level.id() == id => return Some(loaded),
            // A broken file named after the id is what the user meant: show its errors.
            Err(_) => return Some(loaded),
            Ok(_) => {}
        }
    }
    user_files()
        .into_iter()
        .filter(|p| *p != direct)
        .filter_map(|p| load_file(&p).ok())
        .find(|level| level.id() == id)
        .map(Ok)
}

/// Why a level could not be installed or created.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("{0}")]
    Level(LevelError),
    #[error("'{0}' is not a valid level name: use 1–64 characters of a-z, 0-9, '_' and '-'")]
    BadName(String),
    #[error("'{0}' is the id of a built-in level; choose another id")]
    Builtin(String),
    #[error("{} already exists; use --force to replace it", .0.display())]
    Exists(PathBuf),
    /// `level new` has no `--force`: it never overwrites a level someone is writing.
    #[error("{} already exists; edit it, or choose another name", .0.display())]
    NewExists(PathBuf),
    /// An id starting with '-' reads as an option on the command line (`sixparty play -x`).
    #[error(
        "'{0}' starts with '-', which the command line would read as an option; choose an id that starts with a letter or digit"
    )]
    DashId(String),
    #[error("{0}")]
    NoFolder(String),
    #[error("{}: {}", path.display(), crate::cli::io_reason(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> InstallError + '_ {
    move |source| InstallError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The user's level folder, created if needed.
fn levels_folder() -> Result<PathBuf, InstallError> {
    let dir = paths::levels_dir().map_err(InstallError::NoFolder)?;
    std::fs::create_dir_all(&dir).map_err(io_at(&dir))?;
    Ok(dir)
}

/// Write `text` to `target` atomically: a temporary file in the same folder, flushed, then
/// renamed into place (or hard-linked when replacing is not allowed, which fails instead of
/// overwriting if the target appeared meanwhile).
fn write_atomic(target: &Path, text: &str, replace: bool) -> Result<(), InstallError> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp).map_err(io_at(&tmp))?;
        file.write_all(text.as_bytes()).map_err(io_at(&tmp))?;
        file.sync_all().map_err(io_at(&tmp))?;
        drop(file);
        if replace {
            std::fs::rename(&tmp, target).map_err(io_at(target))
        } else {
            match std::fs::hard_link(&tmp, target) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(InstallError::Exists(target.to_path_buf()))
                }
                // Filesystems without hard links: check, then rename (a tiny race remains).
                Err(_) if !target.exists() => std::fs::rename(&tmp, target).map_err(io_at(target)),
                Err(_) => Err(InstallError::Exists(target.to_path_buf())),
            }
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Check `file` and copy it into the user's folder as `ID.toml`. Returns the new path and
/// the level (with its warnings).
pub fn install(file: &Path, force: bool) -> Result<(PathBuf, Level), InstallError> {
    let text = super::read_text(file).map_err(InstallError::Level)?;
    let level = super::from_text(
        &file.display().to_string(),
        &text,
        Origin::File(file.to_path_buf()),
    )
    .map_err(InstallError::Level)?;
    let id = level.id().to_string();
    // Validation already refuses bad ids; check again right before the id becomes a path.
    if !is_level_id(&id) {
        return Err(InstallError::BadName(sanitize_line(&id)));
    }
    if BUILTIN.iter().any(|(b, _, _)| *b == id) {
        return Err(InstallError::Builtin(id));
    }
    if id.starts_with('-') {
        return Err(InstallError::DashId(id));
    }
    let dir = levels_folder()?;
    let target = dir.join(format!("{id}.toml"));
    let same =
        std::fs::canonicalize(file).ok() == std::fs::canonicalize(&target).ok() && target.exists();
    if !same {
        if target.exists() && !force {
            return Err(InstallError::Exists(target));
        }
        write_atomic(&target, &text, force)?;
    }
    // Shared levels start with `#:schema ./level.schema.json`: keep the schema beside them.
    write_atomic(&dir.join("level.schema.json"), &super::schema_json(), true)?;
    Ok((
        target.clone(),
        Level {
            origin: Origin::File(target),
            ..level
        },
    ))
}

/// "iran_2015-talks" → "Iran 2015 Talks".
fn title_of(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The starter level's text for `name` (already a valid level id).
pub fn template_for(name: &str) -> String {
    let title = title_of(name);
    TEMPLATE
        .replace("__ID__", name)
        .replace("__TITLE__", if title.is_empty() { name } else { &title })
}

/// Write the starter level as `NAME.toml` in the user's folder; refuses bad names,
/// built-in ids and existing files.
pub fn new_level(name: &str) -> Result<PathBuf, InstallError> {
    let name = name.strip_suffix(".toml").unwrap_or(name);
    if !is_level_id(name) {
        return Err(InstallError::BadName(sanitize_line(name)));
    }
    if BUILTIN.iter().any(|(b, _, _)| *b == name) {
        return Err(InstallError::Builtin(name.to_string()));
    }
    if name.starts_with('-') {
        return Err(InstallError::DashId(name.to_string()));
    }
    let dir = levels_folder()?;
    let target = dir.join(format!("{name}.toml"));
    if target.exists() {
        return Err(InstallError::NewExists(target));
    }
    write_atomic(&target, &template_for(name), false).map_err(|e| match e {
        InstallError::Exists(p) => InstallError::NewExists(p),
        other => other,
    })?;
    // The template's `#:schema ./level.schema.json` line lets TOML editors autocomplete: keep
    // the schema beside it, current with this version of the game.
    write_atomic(&dir.join("level.schema.json"), &super::schema_json(), true)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_names() {
        assert_eq!(title_of("iran_2015-talks"), "Iran 2015 Talks");
        assert_eq!(title_of("x"), "X");
    }

    #[test]
    fn template_passes_check_without_warnings() {
        let text = template_for("my-level");
        let (report, level) = super::super::check_str("my-level.toml", &text, 1);
        assert!(level.is_some(), "{}", report.render());
        assert!(report.diagnostics.is_empty(), "{}", report.render());
    }
}
