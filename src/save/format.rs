//! The save file format (JSON) and the two directions: [`encode`] a session to bytes, and
//! [`decode`] + [`restore`] bytes back to a session.
//!
//! A save is the level's identity (id, version, content hash, path for file levels), the
//! seed, the log of accepted decisions and a snapshot of the final state. The log names
//! actions, terms, events and options by their ids, not by index, so a save survives a
//! level edit that only reorders or adds things; [`restore`] maps the ids back while
//! replaying. The snapshot is a check: replaying the log must reach it exactly, otherwise
//! the load is refused with [`SaveError::Mismatch`] (unless the caller asks to go on anyway).
//!
//! `format_version` changes whenever the shape changes; older versions get a migration in
//! [`decode`], newer ones are refused with a message saying to update the game.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::SaveError;
use super::ledger::{self, LedgerDigest};
use crate::engine::{ANY_EVENT, Decision, EventId, Game, NoticeKind, Setup, State};
use crate::level::{self, Level, Origin};
use crate::session::Session;

/// The version of the save format this build writes and reads. Format 2 leaves the ledger
/// out of the state snapshot and records its digest ([`super::ledger`]); format 1 saves
/// (with the whole ledger) still load.
pub const FORMAT_VERSION: u32 = 2;
/// The game's version, recorded in every save.
pub const GAME_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The one size limit of a save, for the writer and the reader alike: a game is never said
/// to be saved in a file the loader would refuse. Without the ledger (format 2) a long game
/// with many events takes well under a megabyte.
pub const MAX_SAVE_BYTES: u64 = 64 * 1024 * 1024;
/// Player names are cut to this many characters.
pub const MAX_PLAYER_CHARS: usize = 64;

/// Which level a save belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelRef {
    pub id: String,
    pub version: String,
    pub title: String,
    /// `Level::hash` as 16 hex digits (a string, so JSON readers keep every bit).
    pub hash: String,
    /// The level file, for levels loaded from a file; `None` for built-in levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// What a list of saves shows without replaying anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Months completed (0-based index of the current month).
    pub turn: u16,
    /// Calendar month (1–12) and year of the current month.
    pub month: u8,
    pub year: i32,
    /// The level's length in months.
    pub length: u16,
    /// The ending's id and title when the game is over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending_title: Option<String>,
    #[serde(default)]
    pub victory: bool,
}

/// One logged decision, by ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavedDecision {
    Act(String),
    /// Term id → level; terms left out were at 0.
    Table(BTreeMap<String, u8>),
    Choose {
        event: String,
        option: String,
    },
    EndMonth,
}

/// The header every save starts with: enough for the Load screen, no replay needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveHeader {
    pub format_version: u32,
    pub game_version: String,
    /// Wall-clock time of the save, seconds since 1970-01-01 UTC.
    pub saved_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub player: Option<String>,
    pub level: LevelRef,
    pub seed: u64,
    /// The engine's random streams (`engine::RNG_VERSION`); saves written before it existed
    /// have none and replay with stream 1.
    #[serde(default = "rng_stream_1")]
    pub rng: u8,
    /// The difficulty's id, on levels that have difficulties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// The game this save belongs to (`Session::game_id`, 16 hex digits); saves written
    /// before games had ids have none and are grouped by level and seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub game: Option<String>,
    pub summary: Summary,
}

impl SaveHeader {
    /// The game this save belongs to, for grouping: the recorded id, or for older saves
    /// the level and seed.
    pub fn game_key(&self) -> String {
        match &self.game {
            Some(id) => id.clone(),
            None => format!("{}-{}", self.level.id, self.seed),
        }
    }

    /// The game id as a number (a save without one gets one derived from its level and
    /// seed, so reloading it keeps grouping its autosaves together).
    pub fn game_id(&self) -> u64 {
        self.game
            .as_deref()
            .and_then(|g| u64::from_str_radix(g, 16).ok())
            .unwrap_or_else(|| level::content_hash(&self.game_key()))
    }
}

fn rng_stream_1() -> u8 {
    1
}

/// A whole save as read from disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveFile {
    #[serde(flatten)]
    pub header: SaveHeader,
    pub log: Vec<SavedDecision>,
    /// The state snapshot; from format 2 on, with an empty ledger.
    pub state: State,
    /// Format 2: the ledger left out of `state` (the replay rebuilds it and must match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerDigest>,
}

/// The start of a [`SaveFile`]: the header and the log (the state and the ledger digest
/// are appended by [`encode_with_header`]).
#[derive(Serialize)]
struct SaveFileHead<'a> {
    #[serde(flatten)]
    header: &'a SaveHeader,
    log: &'a [SavedDecision],
}

/// How to restore a save.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Go on when the level changed or the replay does not reach the snapshot: replay as far
    /// as it goes and report what happened as warnings.
    pub anyway: bool,
}

/// Something a load noticed but went past (only with [`LoadOptions::anyway`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadWarning {
    LevelChanged {
        saved_version: String,
        now_version: String,
    },
    /// The replay stopped at this decision (0-based) of `total`.
    ReplayStopped {
        at: usize,
        total: usize,
        reason: String,
    },
    Mismatch(String),
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadWarning::LevelChanged {
                saved_version,
                now_version,
            } => write!(
                f,
                "the level has changed since the save (version {saved_version} → {now_version})"
            ),
            LoadWarning::ReplayStopped { at, total, reason } => write!(
                f,
                "the replay stopped at decision {} of {total}: {reason}",
                at + 1
            ),
            LoadWarning::Mismatch(detail) => {
                write!(f, "the replay differs from the saved state: {detail}")
            }
        }
    }
}

/// A restored game.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub session: Session,
    pub header: SaveHeader,
    /// Empty for a clean load.
    pub warnings: Vec<LoadWarning>,
    /// The level file the game was restored with (a file level's save may have been found
    /// somewhere other than its recorded path); `None` for built-in levels.
    pub level_file: Option<PathBuf>,
}

/// Seconds since the Unix epoch now (0 if the clock is before 1970).
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `saved_at` as `YYYY-MM-DD HH:MM UTC`, for lists.
pub fn format_time(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        (rest % 3600) / 60
    )
}

/// The header describing `session` as it is now.
pub fn header_of(session: &Session, player: Option<&str>, saved_at: u64) -> SaveHeader {
    let game = session.game();
    let scenario = game.scenario();
    let state = game.state();
    let (month, year) = state.calendar();
    let ending = game.ending().map(|e| scenario.ending(e));
    SaveHeader {
        format_version: FORMAT_VERSION,
        game_version: GAME_VERSION.to_string(),
        saved_at,
        player: player
            .map(|p| {
                level::sanitize(p)
                    .replace('\n', " ")
                    .trim()
                    .chars()
                    .take(MAX_PLAYER_CHARS)
                    .collect::<String>()
            })
            .filter(|p| !p.is_empty()),
        level: LevelRef {
            id: scenario.meta.id.clone(),
            version: scenario.meta.version.clone(),
            title: scenario.meta.title.clone(),
            hash: format!("{:016x}", session.level.hash),
            path: match &session.level.origin {
                Origin::Builtin => None,
                Origin::File(p) => Some(p.to_string_lossy().replace('\\', "/")),
            },
        },
        seed: session.seed,
        rng: state.setup().rng,
        difficulty: state
            .setup()
            .difficulty
            .and_then(|d| scenario.difficulties.get(d.index()))
            .map(|d| d.id.clone()),
        game: Some(format!("{:016x}", session.game_id)),
        summary: Summary {
            // The month shown: for a finished game the one its ending fired in (14.5).
            turn: state.shown_turn(),
            month,
            year,
            length: scenario.meta.length,
            ending: ending.map(|e| e.id.clone()),
            ending_title: ending.map(|e| e.title.clone()),
            victory: ending.is_some_and(|e| e.victory),
        },
    }
}

/// The (event, option index) behind each `Choose` in the log, in order. Answers name their
/// event; one that does not (`ANY_EVENT`, a log from before answers named it) takes it from
/// the state's notices, which record every answered event in order. No replay.
fn choices(session: &Session) -> Vec<(EventId, u8)> {
    let mut answered = session
        .game()
        .state()
        .notices()
        .iter()
        .filter_map(|n| match n.kind {
            NoticeKind::Choice(e, _) => Some(e),
            _ => None,
        });
    session
        .log()
        .iter()
        .filter_map(|d| match d {
            Decision::Choose { event, option } => {
                let noticed = answered.next();
                Some(if *event == ANY_EVENT {
                    (noticed.unwrap_or(*event), *option)
                } else {
                    (*event, *option)
                })
            }
            _ => None,
        })
        .collect()
}

/// The session's log with ids in place of indices.
pub fn saved_log(session: &Session) -> Result<Vec<SavedDecision>, SaveError> {
    let scenario = session.game().scenario();
    let mut choices = choices(session).into_iter();
    session
        .log()
        .iter()
        .map(|decision| {
            Ok(match decision {
                Decision::Act(a) => SavedDecision::Act(
                    scenario
                        .actions
                        .get(a.index())
                        .ok_or_else(|| SaveError::Encode(format!("no action #{}", a.0)))?
                        .id
                        .clone(),
                ),
                Decision::Table(levels) => SavedDecision::Table(
                    scenario
                        .terms
                        .iter()
                        .zip(levels)
                        .filter(|(_, l)| **l > 0)
                        .map(|(t, l)| (t.id.clone(), *l))
                        .collect(),
                ),
                Decision::Choose { .. } => {
                    let (event, index) = choices.next().ok_or_else(|| {
                        SaveError::Encode("an answer with no event waiting".into())
                    })?;
                    let def = scenario
                        .events
                        .get(event.index())
                        .ok_or_else(|| SaveError::Encode("an answer that names no event".into()))?;
                    let option = def.options.get(usize::from(index)).ok_or_else(|| {
                        SaveError::Encode(format!("event '{}' has no option #{index}", def.id))
                    })?;
                    SavedDecision::Choose {
                        event: def.id.clone(),
                        option: option.id.clone(),
                    }
                }
                Decision::EndMonth => SavedDecision::EndMonth,
            })
        })
        .collect()
}

/// Encode a session as a save (compact JSON ending in a newline).
pub fn encode(session: &Session, player: Option<&str>) -> Result<Vec<u8>, SaveError> {
    encode_at(session, player, now_secs())
}

/// [`encode`] with a given save time (fixtures and tests use a fixed one).
pub fn encode_at(
    session: &Session,
    player: Option<&str>,
    saved_at: u64,
) -> Result<Vec<u8>, SaveError> {
    encode_with_header(session, &header_of(session, player, saved_at))
}

/// Encode a session under a given header (normally [`header_of`] the same session).
pub fn encode_with_header(session: &Session, header: &SaveHeader) -> Result<Vec<u8>, SaveError> {
    let log = saved_log(session)?;
    let encode_error = |e: serde_json::Error| SaveError::Encode(e.to_string());
    let (state, digest) = ledger::split(session.game().state()).map_err(encode_error)?;
    let mut bytes = Vec::with_capacity(state.len() + 16 * 1024);
    serde_json::to_writer(&mut bytes, &SaveFileHead { header, log: &log }).map_err(encode_error)?;
    // The head is a JSON object: reopen it to add the state and the ledger's digest.
    if bytes.pop() != Some(b'}') {
        return Err(SaveError::Encode("the save's head is not an object".into()));
    }
    bytes.extend_from_slice(b",\"state\":");
    bytes.extend_from_slice(&state);
    bytes.extend_from_slice(b",\"ledger\":");
    serde_json::to_writer(&mut bytes, &digest).map_err(encode_error)?;
    bytes.extend_from_slice(b"}\n");
    within_limit(bytes, MAX_SAVE_BYTES)
}

/// The reader's limit, checked by the writer: a game is never written (and so never said
/// to be saved) in a file the loader would refuse.
fn within_limit(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>, SaveError> {
    if bytes.len() as u64 > limit {
        return Err(SaveError::TooLargeToSave {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Only the version fields, read first so a newer format gets the right message rather than
/// a confusing "missing field".
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    format_version: Option<serde_json::Value>,
    #[serde(default)]
    game_version: Option<serde_json::Value>,
}

fn json_error(file: &Path, bytes: &[u8], e: &serde_json::Error) -> SaveError {
    use serde_json::error::Category;
    let file = file.to_path_buf();
    match e.classify() {
        Category::Eof => SaveError::Truncated {
            file,
            line: e.line(),
            column: e.column(),
        },
        // A cut can fall inside a token serde_json reports as a syntax error rather than an
        // early end (`12.` is an "invalid number"); at the very end of the input it is a cut.
        Category::Syntax if error_is_at_end(bytes, e) => SaveError::Truncated {
            file,
            line: e.line(),
            column: e.column(),
        },
        Category::Syntax => SaveError::NotJson {
            file,
            detail: e.to_string(),
        },
        Category::Data => SaveError::NotASave {
            file,
            detail: "it is JSON, but not an object with a format_version".into(),
        },
        Category::Io => SaveError::Read {
            file,
            source: std::io::Error::other(e.to_string()),
        },
    }
}

/// Whether `e` points at the last non-blank byte of `bytes` (serde_json counts lines from 1
/// and columns in bytes from 1).
fn error_is_at_end(bytes: &[u8], e: &serde_json::Error) -> bool {
    let content = bytes.trim_ascii_end();
    let last_line_start = content
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    let lines = content.iter().filter(|&&b| b == b'\n').count() + 1;
    e.line() == lines && e.column() >= content.len() - last_line_start
}

/// Check the version fields of a save's bytes; `file` names it in errors.
fn check_version(file: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SaveError::Empty {
            file: file.to_path_buf(),
        });
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| json_error(file, bytes, &e))?;
    let not_a_save = |detail: &str| SaveError::NotASave {
        file: file.to_path_buf(),
        detail: detail.to_string(),
    };
    let version = match probe.format_version {
        None => return Err(not_a_save("no format_version")),
        Some(v) => v
            .as_u64()
            .filter(|&v| v >= 1)
            .ok_or_else(|| not_a_save("format_version is not a positive whole number"))?,
    };
    if version > u64::from(FORMAT_VERSION) {
        let by = probe
            .game_version
            .as_ref()
            .and_then(|v| v.as_str())
            .map(|v| {
                format!(
                    "sixparty {}",
                    level::sanitize(v).chars().take(32).collect::<String>()
                )
            })
            .unwrap_or_else(|| "an unknown version".to_string());
        return Err(SaveError::FutureVersion {
            file: file.to_path_buf(),
            found: u32::try_from(version).unwrap_or(u32::MAX),
            by,
        });
    }
    // Older formats would be migrated here; format 1 is the first.
    Ok(())
}

/// A save is untrusted input: the texts a list shows without replaying (titles, names)
/// lose control characters and escape sequences, so a crafted file cannot drive the terminal.
fn clean_header(header: &mut SaveHeader) {
    let clean = |t: &mut String| *t = level::sanitize(t).replace('\n', " ");
    clean(&mut header.game_version);
    clean(&mut header.level.id);
    clean(&mut header.level.version);
    clean(&mut header.level.title);
    clean(&mut header.level.hash);
    // An id is 16 hex digits; anything else is not one (and is not shown anywhere).
    if header
        .game
        .as_ref()
        .is_some_and(|g| g.len() != 16 || !g.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        header.game = None;
    }
    for text in [
        header.player.as_mut(),
        header.level.path.as_mut(),
        header.summary.ending.as_mut(),
        header.summary.ending_title.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        clean(text);
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &Path, bytes: &[u8]) -> Result<T, SaveError> {
    check_version(file, bytes)?;
    serde_json::from_slice(bytes).map_err(|e| match json_error(file, bytes, &e) {
        SaveError::NotASave { file, .. } => SaveError::Corrupt {
            file,
            detail: e.to_string(),
        },
        other => other,
    })
}

/// Parse a whole save. `file` names it in errors.
pub fn decode(file: &Path, bytes: &[u8]) -> Result<SaveFile, SaveError> {
    let mut save: SaveFile = parse(file, bytes)?;
    clean_header(&mut save.header);
    Ok(save)
}

/// Parse only what a list of saves shows (the log and state are skipped, not built).
pub fn decode_header(file: &Path, bytes: &[u8]) -> Result<SaveHeader, SaveError> {
    let mut header: SaveHeader = parse(file, bytes)?;
    clean_header(&mut header);
    Ok(header)
}

/// At most this many level files are tried when looking for a save's level in a folder.
const MAX_LEVEL_CANDIDATES: usize = 64;

/// Whether `path` may be read as a level: a `.toml` file within the level size limit.
/// A save's recorded path is untrusted: without this, `play --load` of a crafted save
/// would read (and echo the first lines of) any file, `/etc/passwd` say.
fn looks_like_a_level(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        && std::fs::metadata(path)
            .is_ok_and(|m| m.is_file() && m.len() <= level::limits::MAX_FILE_BYTES as u64)
}

/// Find and load the level a save was made with, by its id and content hash, wherever the
/// save was written: a built-in level; a file level at its recorded path (from the current
/// folder when relative), relative to the save's folder and its parents, in the save's own
/// folder, or in the player's level folder (by file name or by id). A file whose id and
/// hash match wins; failing that, one with the same id (the load then says the level
/// changed). Only `.toml` files within the size limit are read, and a file that fails to
/// load is never quoted. [`Loaded::level_file`] says which file was used.
pub fn find_level(file: &Path, level: &LevelRef) -> Result<Level, SaveError> {
    locate_level(file, level).map(|(level, _)| level)
}

/// [`find_level`], with the file used (`None` for a built-in level).
pub fn locate_level(file: &Path, level: &LevelRef) -> Result<(Level, Option<PathBuf>), SaveError> {
    let broken = |detail: String| SaveError::LevelBroken {
        file: file.to_path_buf(),
        level: level.path.clone().unwrap_or_else(|| level.id.clone()),
        detail,
    };
    let Some(recorded) = &level.path else {
        return match level::builtin(&level.id) {
            Some(Ok(l)) => Ok((l, None)),
            Some(Err(e)) => Err(broken(e.to_string())),
            None => Err(SaveError::UnknownLevel {
                file: file.to_path_buf(),
                id: level.id.clone(),
            }),
        };
    };
    let recorded = PathBuf::from(recorded);
    let mut candidates = vec![recorded.clone()];
    let name = recorded.file_name().map(PathBuf::from);
    let by_id = PathBuf::from(format!("{}.toml", level.id));
    let save_dir = file.parent().map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    });
    if let Some(dir) = save_dir {
        if recorded.is_relative() {
            candidates.extend(dir.ancestors().map(|a| a.join(&recorded)));
        }
        candidates.extend(name.iter().map(|n| dir.join(n)));
        candidates.push(dir.join(&by_id));
    }
    let levels = crate::paths::levels_dir().ok();
    if let Some(levels) = &levels {
        candidates.extend(name.iter().map(|n| levels.join(n)));
        candidates.push(levels.join(&by_id));
    }
    // Then any level file in those two folders (a student may have renamed it).
    for dir in save_dir.map(Path::to_path_buf).into_iter().chain(levels) {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut found: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .take(MAX_LEVEL_CANDIDATES)
                .collect();
            found.sort();
            candidates.extend(found);
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut same_id: Option<(PathBuf, Level)> = None;
    let mut first_error: Option<String> = None;
    for candidate in candidates {
        if seen.len() > 3 * MAX_LEVEL_CANDIDATES {
            break;
        }
        if !seen.insert(candidate.clone()) || !looks_like_a_level(&candidate) {
            continue;
        }
        match level::load_file(&candidate) {
            Ok(found) if found.id() == level.id => {
                if format!("{:016x}", found.hash) == level.hash {
                    return Ok(keep_recorded(found, &recorded, candidate));
                }
                same_id.get_or_insert((candidate, found));
            }
            Ok(_) => {}
            Err(e) if candidate == recorded => {
                first_error.get_or_insert_with(|| short_reason(&e));
            }
            Err(_) => {}
        }
    }
    // A built-in level of that id (a save of a level later shipped with the game).
    if let Some(Ok(builtin)) = level::builtin(&level.id)
        && format!("{:016x}", builtin.hash) == level.hash
    {
        return Ok((builtin, None));
    }
    if let Some((path, found)) = same_id {
        return Ok(keep_recorded(found, &recorded, path));
    }
    if let Some(reason) = first_error {
        return Err(broken(reason));
    }
    Err(SaveError::LevelMissing {
        file: file.to_path_buf(),
        level: recorded,
    })
}

/// The level as found at `used`, remembering where the save said it was, so saving again
/// does not turn the recorded path into a different one.
fn keep_recorded(found: Level, recorded: &Path, used: PathBuf) -> (Level, Option<PathBuf>) {
    let level = Level {
        origin: Origin::File(recorded.to_path_buf()),
        ..found
    };
    (level, Some(used))
}

/// Why a level file does not load, in one line and without quoting it (the file may be
/// anything: its lines are not shown).
fn short_reason(e: &level::LevelError) -> String {
    match e {
        level::LevelError::Invalid(report) => format!(
            "{} problem(s), the first: {} (see `sixparty level check` on it)",
            report.errors(),
            report
                .diagnostics
                .first()
                .map_or_else(String::new, |d| level::sanitize(&d.message)
                    .replace('\n', " "))
        ),
        other => level::sanitize(&other.to_string()).replace('\n', " "),
    }
}

/// Map one saved decision back to the engine's indices, against the game as it is now.
fn to_decision(game: &Game, saved: &SavedDecision) -> Result<Decision, String> {
    let scenario = game.scenario();
    Ok(match saved {
        SavedDecision::Act(id) => Decision::Act(
            scenario
                .action_id(id)
                .ok_or_else(|| format!("the level has no action '{id}'"))?,
        ),
        SavedDecision::Table(levels) => {
            if let Some(unknown) = levels
                .keys()
                .find(|k| !scenario.terms.iter().any(|t| &t.id == *k))
            {
                return Err(format!("the level has no term '{unknown}'"));
            }
            Decision::Table(
                scenario
                    .terms
                    .iter()
                    .map(|t| levels.get(&t.id).copied().unwrap_or(0))
                    .collect(),
            )
        }
        SavedDecision::Choose { event, option } => {
            let pending = game.pending_event().ok_or_else(|| {
                format!("no event waits for an answer (the save answers '{event}')")
            })?;
            let def = scenario.event(pending);
            if &def.id != event {
                return Err(format!(
                    "the event waiting is '{}', the save answers '{event}'",
                    def.id
                ));
            }
            let index = def
                .options
                .iter()
                .position(|o| &o.id == option)
                .ok_or_else(|| format!("event '{event}' has no option '{option}'"))?;
            Decision::Choose {
                event: pending,
                option: u8::try_from(index).map_err(|_| "too many options".to_string())?,
            }
        }
        SavedDecision::EndMonth => Decision::EndMonth,
    })
}

/// Where two states first differ, in words.
fn difference(replayed: &State, saved: &State) -> String {
    if replayed.turn() != saved.turn() {
        return format!(
            "the replay reaches month {}, the save says month {}",
            replayed.turn() + 1,
            saved.turn() + 1
        );
    }
    if replayed.phase() != saved.phase() {
        return "the game's phase differs".to_string();
    }
    let vars = replayed
        .vars()
        .iter()
        .zip(saved.vars())
        .filter(|(a, b)| a.to_bits() != b.to_bits())
        .count()
        + replayed.vars().len().abs_diff(saved.vars().len());
    if vars > 0 {
        return format!("{vars} variable(s) differ");
    }
    "the variables agree but the history, ledger or dice differ".to_string()
}

/// Whether the replayed state is the one the save recorded: the whole state for format 1;
/// for format 2 the state without its ledger, and the ledger by its digest.
fn reaches(replayed: &State, state: &State, ledger: Option<LedgerDigest>) -> bool {
    let Some(recorded) = ledger else {
        return replayed == state;
    };
    match (ledger::split(replayed), ledger::split(state)) {
        (Ok((replayed, digest)), Ok((saved, _))) => replayed == saved && digest == recorded,
        _ => false,
    }
}

/// Rebuild the game a save describes with `level` (normally from [`find_level`]).
pub fn restore(
    file: &Path,
    save: SaveFile,
    level: Level,
    options: LoadOptions,
) -> Result<Loaded, SaveError> {
    let header = save.header;
    let mut warnings = Vec::new();
    if level.id() != header.level.id {
        return Err(SaveError::WrongLevel {
            file: file.to_path_buf(),
            saved: header.level.id.clone(),
            given: level.id().to_string(),
        });
    }
    let changed = format!("{:016x}", level.hash) != header.level.hash;
    if changed {
        let saved_version = header.level.version.clone();
        let now_version = level.scenario.meta.version.clone();
        if !options.anyway {
            return Err(SaveError::LevelChanged {
                file: file.to_path_buf(),
                level: header
                    .level
                    .path
                    .clone()
                    .unwrap_or_else(|| format!("'{}'", header.level.id)),
                saved_version,
                now_version,
            });
        }
        warnings.push(LoadWarning::LevelChanged {
            saved_version,
            now_version,
        });
    }
    let total = save.log.len();
    let setup = Setup {
        rng: header.rng,
        difficulty: header
            .difficulty
            .as_deref()
            .and_then(|d| level.scenario.difficulty_id(d)),
    };
    let mut session = Session::with_setup(level, header.seed, setup);
    for (at, saved) in save.log.iter().enumerate() {
        let result = to_decision(session.game(), saved)
            .and_then(|d| session.apply(d).map_err(|e| e.to_string()));
        if let Err(reason) = result {
            if !options.anyway {
                return Err(SaveError::ReplayFailed {
                    file: file.to_path_buf(),
                    at,
                    total,
                    reason,
                });
            }
            warnings.push(LoadWarning::ReplayStopped { at, total, reason });
            break;
        }
    }
    // A changed level makes the snapshot's indices meaningless: the warning above says so.
    if !changed
        && session.log().len() == total
        && !reaches(session.game().state(), &save.state, save.ledger)
    {
        let detail = difference(session.game().state(), &save.state);
        if !options.anyway {
            return Err(SaveError::Mismatch {
                file: file.to_path_buf(),
                detail,
            });
        }
        warnings.push(LoadWarning::Mismatch(detail));
    }
    session.game_id = header.game_id();
    Ok(Loaded {
        session,
        header,
        warnings,
        level_file: None,
    })
}

/// Read, parse and restore a save file from any path (the level is found with
/// [`find_level`]). Reading never changes the file.
pub fn load_path(file: &Path, options: LoadOptions) -> Result<Loaded, SaveError> {
    let bytes = read_save(file)?;
    let save = decode(file, &bytes)?;
    let (level, used) = locate_level(file, &save.header.level)?;
    let mut loaded = restore(file, save, level, options)?;
    loaded.level_file = used;
    Ok(loaded)
}

/// A save's bytes, refusing absurd sizes before reading.
pub fn read_save(file: &Path) -> Result<Vec<u8>, SaveError> {
    let read_error = |source| SaveError::Read {
        file: file.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(file).map_err(read_error)?;
    if !meta.is_file() {
        // A folder or a device (`/dev/zero` would never end).
        return Err(read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    if meta.len() > MAX_SAVE_BYTES {
        return Err(SaveError::TooLarge {
            file: file.to_path_buf(),
            bytes: meta.len(),
        });
    }
    std::fs::read(file).map_err(read_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_refuses_what_the_reader_would_refuse() {
        assert!(within_limit(vec![b'x'; 10], 10).is_ok());
        let err = within_limit(vec![b'x'; 11], 10).expect_err("over the limit");
        assert!(matches!(err, SaveError::TooLargeToSave { bytes: 11 }));
        assert!(
            err.to_string().contains("the file was not written"),
            "{err}"
        );
    }

    #[test]
    fn times_are_formatted_in_utc() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_764_284_400), "2025-11-27 23:00 UTC");
        assert_eq!(format_time(951_782_400), "2000-02-29 00:00 UTC");
    }
}
