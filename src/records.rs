//! The player's records: every finished game, and the high-score tables drawn from them.
//!
//! A finished game gets two things in the data folder, apart from the saves folder whose
//! autosaves are pruned: its final save in `finished/NAME-LEVEL-CODE.json` (never pruned,
//! never overwritten: a second game of one code gets `-2`), and one line in
//! `finished.jsonl` — level, code, player, difficulty, ending, score, date, the final save's
//! path and, once written, the debrief's. The Load screen lists these games and the debrief
//! names its file, so a won game never vanishes when the next one begins.
//!
//! The high-score table of a level and code ([`high_scores`]) is read from the same lines:
//! one source of truth, nothing to disagree.
//!
//! **Damage.** Each line is read on its own: a line that does not read (a hand edit, a
//! half-copied file) is reported with the file and line number, and kept byte for byte when
//! the file is next written, so nothing in it is ever lost. Writes go through
//! [`crate::save::atomic::replace`] (the file is always the old or the new version, with
//! the previous one kept as `finished.jsonl.bak`). A file larger than [`MAX_BYTES`] is not
//! read or written, and the message says so. Nothing here panics.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::session::Session;

/// The record file, in the data folder.
pub const FILE: &str = "finished.jsonl";
/// The folder of finished games' final saves, in the data folder.
pub const FOLDER: &str = "finished";
/// A record file larger than this is left alone (a game's line is about 400 bytes).
pub const MAX_BYTES: u64 = 16 << 20;
/// Rows a high-score table shows.
pub const TABLE_ROWS: usize = 10;

/// One finished game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedGame {
    /// The game's id (16 hex digits), as in its saves.
    pub game: String,
    pub level: String,
    pub level_title: String,
    /// The challenge code as players read it ([`crate::challenge::display`]).
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub player: Option<String>,
    /// The difficulty's label, on levels that offer several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// The ending's title.
    pub ending: String,
    pub victory: bool,
    /// 0–100: the mean of the end screen's grades ([`score`]).
    pub score: u32,
    /// The month the ending fired in, "Jun 2018".
    pub month: String,
    /// When it finished, seconds since 1970 (UTC).
    pub finished_at: u64,
    /// The final save.
    pub save: String,
    /// The debrief, once written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debrief: Option<String>,
}

/// What the record file holds: the games that read, and what did not (each naming the
/// file and line).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub games: Vec<FinishedGame>,
    pub problems: Vec<String>,
}

/// One line of the file: a game, or bytes that did not read, kept as they were.
enum Line {
    Game(Box<FinishedGame>),
    Kept(Vec<u8>),
}

/// The record of one data folder.
#[derive(Debug, Clone)]
pub struct RecordBook {
    data: PathBuf,
}

impl RecordBook {
    pub fn in_folder(data: &Path) -> Self {
        RecordBook {
            data: data.to_path_buf(),
        }
    }

    /// `DATA/finished.jsonl`.
    pub fn file(&self) -> PathBuf {
        self.data.join(FILE)
    }

    /// Every finished game, oldest first. A missing file is an empty record; a file that
    /// cannot be read at all is an error naming it.
    pub fn read(&self) -> Result<Records, String> {
        let (lines, problems) = self.lines()?;
        let games = lines
            .into_iter()
            .filter_map(|l| match l {
                Line::Game(g) => Some(*g),
                Line::Kept(_) => None,
            })
            .collect();
        Ok(Records { games, problems })
    }

    fn lines(&self) -> Result<(Vec<Line>, Vec<String>), String> {
        let path = self.file();
        let shown = path.display();
        let bytes = match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
            Err(e) => return Err(format!("{shown}: {e}")),
            Ok(m) if m.len() > MAX_BYTES => {
                return Err(format!(
                    "{shown} is larger than {} MiB; it is left as it is (move it away to start a new record)",
                    MAX_BYTES >> 20
                ));
            }
            Ok(_) => std::fs::read(&path).map_err(|e| format!("{shown}: {e}"))?,
        };
        let mut lines = Vec::new();
        let mut problems = Vec::new();
        for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<FinishedGame>(raw) {
                Ok(game) => lines.push(Line::Game(Box::new(game))),
                Err(e) => {
                    problems.push(format!(
                        "{shown} line {}: {} (kept as it is)",
                        i + 1,
                        crate::level::sanitize(&e.to_string())
                    ));
                    lines.push(Line::Kept(raw.to_vec()));
                }
            }
        }
        Ok((lines, problems))
    }

    /// Write every line back (games as JSON, kept lines byte for byte), atomically.
    fn write(&self, lines: &[Line]) -> Result<(), String> {
        let mut out = Vec::new();
        for line in lines {
            match line {
                Line::Game(g) => {
                    let json = serde_json::to_vec(g).map_err(|e| e.to_string())?;
                    out.extend_from_slice(&json);
                }
                Line::Kept(raw) => out.extend_from_slice(raw),
            }
            out.push(b'\n');
        }
        let path = self.file();
        let backup = path.with_extension("jsonl.bak");
        crate::save::atomic::replace(&crate::save::RealFs, &path, &out, Some(&backup))
            .map_err(|f| format!("{}: {}: {}", path.display(), f.step, f.source))
    }

    /// Record a finished game: its final save into `finished/`, then its line. Answers the
    /// line as written. The save is written first, so a line never names a missing file.
    pub fn record(&self, session: &Session, player: Option<&str>) -> Result<FinishedGame, String> {
        let (lines, _) = self.lines()?;
        let folder = self.data.join(FOLDER);
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let path =
            crate::class::unique_file(&folder, &crate::class::file_stem(player, session), "json");
        let bytes = crate::save::encode(session, player).map_err(|e| e.to_string())?;
        crate::save::atomic::replace(&crate::save::RealFs, &path, &bytes, None)
            .map_err(|f| format!("{}: {}: {}", path.display(), f.step, f.source))?;
        let game = entry(session, player, crate::save::format::now_secs(), &path);
        let mut lines = lines;
        lines.push(Line::Game(Box::new(game.clone())));
        self.write(&lines)?;
        Ok(game)
    }

    /// Note where the debrief of `game` (its id) went, on its latest line.
    pub fn set_debrief(&self, game: &str, debrief: &Path) -> Result<(), String> {
        let (mut lines, _) = self.lines()?;
        let found = lines.iter_mut().rev().find_map(|l| match l {
            Line::Game(g) if g.game == game => Some(g),
            _ => None,
        });
        let Some(found) = found else { return Ok(()) };
        found.debrief = Some(debrief.display().to_string());
        self.write(&lines)
    }
}

/// The line a finished session gets.
pub fn entry(session: &Session, player: Option<&str>, now: u64, save: &Path) -> FinishedGame {
    let game = session.game();
    let scenario = game.scenario();
    let ending = game.ending().map(|e| scenario.ending(e));
    FinishedGame {
        game: format!("{:016x}", session.game_id),
        level: session.level.id().to_string(),
        level_title: crate::level::sanitize(&scenario.meta.title),
        code: crate::challenge::display(&session.level, session.seed),
        player: player.and_then(crate::class::clean_name),
        difficulty: difficulty_label(session),
        ending: ending.map_or_else(String::new, |e| crate::level::sanitize(&e.title)),
        victory: ending.is_some_and(|e| e.victory),
        score: score(session),
        month: crate::explain::month_label(scenario, game.state().turn().saturating_sub(1)),
        finished_at: now,
        save: save.display().to_string(),
        debrief: None,
    }
}

/// The chosen difficulty's label, on a level that offers a choice.
pub fn difficulty_label(session: &Session) -> Option<String> {
    let game = session.game();
    let scenario = game.scenario();
    if scenario.difficulties.len() < 2 {
        return None;
    }
    let id = game.state().setup().difficulty?;
    scenario
        .difficulties
        .get(id.index())
        .map(|d| crate::level::sanitize(&d.label))
}

/// A finished game's score, 0–100: the mean of the end screen's grades (the level's
/// assessment axes), rounded; a level without axes scores its victory (100 or 0).
pub fn score(session: &Session) -> u32 {
    let game = session.game();
    let axes = &game.scenario().axes;
    if axes.is_empty() {
        let won = game
            .ending()
            .is_some_and(|e| game.scenario().ending(e).victory);
        return if won { 100 } else { 0 };
    }
    let sum: f64 = axes
        .iter()
        .map(|a| game.eval(&a.value).clamp(0.0, 100.0))
        .sum();
    (sum / axes.len() as f64).round() as u32
}

/// The high-score table of a level and code: best score first (a victory before a loss
/// of equal score, then the earlier game), at most [`TABLE_ROWS`].
pub fn high_scores<'a>(records: &'a Records, level: &str, code: &str) -> Vec<&'a FinishedGame> {
    let mut rows: Vec<&FinishedGame> = records
        .games
        .iter()
        .filter(|g| g.level == level && g.code == code)
        .collect();
    rows.sort_by(|a, b| {
        (b.score, b.victory)
            .cmp(&(a.score, a.victory))
            .then(a.finished_at.cmp(&b.finished_at))
    });
    rows.truncate(TABLE_ROWS);
    rows
}

/// The codes a level has been finished on, the most recently played first.
pub fn codes_of(records: &Records, level: &str) -> Vec<String> {
    // Later lines were written later: they break ties within one second.
    let mut games: Vec<(usize, &FinishedGame)> = (records.games.iter().enumerate())
        .filter(|(_, g)| g.level == level)
        .collect();
    games.sort_by_key(|(i, g)| std::cmp::Reverse((g.finished_at, *i)));
    let mut codes: Vec<String> = Vec::new();
    for (_, g) in games {
        if !codes.contains(&g.code) {
            codes.push(g.code.clone());
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(seed: u64) -> Session {
        let level = crate::level::builtin("tutorial")
            .expect("listed")
            .expect("valid");
        let mut session = Session::new(level, seed);
        while !session.game().is_over() {
            let decision = if session.game().pending_event().is_some() {
                crate::sim::first_available_option(session.game())
            } else {
                crate::engine::Decision::EndMonth
            };
            session.apply(decision).expect("accepted");
        }
        session
    }

    #[test]
    fn a_finished_game_is_recorded_with_a_save_that_loads() {
        let dir = tempfile::tempdir().expect("temp");
        let book = RecordBook::in_folder(dir.path());
        let session = finished(7);
        let game = book.record(&session, Some("Ana Lòpez")).expect("recorded");
        assert_eq!(game.level, "tutorial");
        assert_eq!(
            game.code,
            crate::challenge::display(&session.level, session.seed)
        );
        assert_eq!(game.player.as_deref(), Some("Ana Lòpez"));
        assert_eq!(game.score, score(&session));
        let loaded = crate::save::format::load_path(Path::new(&game.save), Default::default())
            .expect("the final save loads");
        assert!(loaded.session.game().is_over());
        // A second game of the same code keeps the first one's save.
        let again = book.record(&session, Some("Ana Lòpez")).expect("recorded");
        assert_ne!(again.save, game.save);
        assert_eq!(book.read().expect("reads").games, vec![game, again]);
    }

    #[test]
    fn a_damaged_line_is_reported_and_kept_byte_for_byte() {
        let dir = tempfile::tempdir().expect("temp");
        let book = RecordBook::in_folder(dir.path());
        let session = finished(3);
        let first = book.record(&session, None).expect("recorded");
        let mut text = std::fs::read(book.file()).expect("read");
        let garbage: &[u8] = b"{\"game\": \"half a line\xff";
        text.extend_from_slice(garbage);
        text.push(b'\n');
        std::fs::write(book.file(), &text).expect("write");
        let records = book.read().expect("reads");
        assert_eq!(records.games, vec![first.clone()]);
        assert_eq!(records.problems.len(), 1);
        assert!(
            records.problems[0].contains(&format!("{} line 2", book.file().display())),
            "{:?}",
            records.problems
        );
        // Writing again (a new game, a debrief) keeps the damaged line as it was.
        book.set_debrief(&first.game, Path::new("/tmp/x.md"))
            .expect("noted");
        let second = book.record(&session, None).expect("recorded");
        let after = std::fs::read(book.file()).expect("read");
        assert!(
            after.windows(garbage.len()).any(|w| w == garbage),
            "the damaged line is kept"
        );
        let records = book.read().expect("reads");
        assert_eq!(records.games.len(), 2);
        assert_eq!(records.games[0].debrief.as_deref(), Some("/tmp/x.md"));
        assert_eq!(records.games[1], second);
    }

    #[test]
    fn an_unreadable_record_is_a_message_naming_the_file_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("temp");
        let book = RecordBook::in_folder(dir.path());
        std::fs::create_dir(book.file()).expect("a folder where the file should be");
        let err = book.read().expect_err("a folder is not a record");
        assert!(err.contains(FILE), "{err}");
        let err = book.record(&finished(1), None).expect_err("refused");
        assert!(err.contains(FILE), "{err}");
        // Refused before the final save was written: nothing is left half done.
        let saves = match std::fs::read_dir(dir.path().join(FOLDER)) {
            Ok(entries) => entries.count(),
            Err(_) => 0,
        };
        assert_eq!(saves, 0);
    }

    #[test]
    fn high_scores_rank_by_score_per_level_and_code() {
        let game = |code: &str, score: u32, at: u64| FinishedGame {
            game: format!("{at:016x}"),
            level: "tutorial".into(),
            level_title: "Tutorial".into(),
            code: code.into(),
            player: None,
            difficulty: None,
            ending: "Deal".into(),
            victory: score > 50,
            score,
            month: "Jun 2017".into(),
            finished_at: at,
            save: String::new(),
            debrief: None,
        };
        let records = Records {
            games: vec![
                game("A", 40, 1),
                game("A", 80, 2),
                game("B", 99, 3),
                game("A", 80, 4),
            ],
            problems: Vec::new(),
        };
        let table = high_scores(&records, "tutorial", "A");
        let order: Vec<(u32, u64)> = table.iter().map(|g| (g.score, g.finished_at)).collect();
        assert_eq!(order, vec![(80, 2), (80, 4), (40, 1)]);
        assert_eq!(codes_of(&records, "tutorial"), vec!["A", "B"]);
    }
}
