//! Level files: from bytes on disk (or embedded in the binary) to a validated `Scenario`.
//!
//! - [`raw`]: the TOML shape (serde structs that deny unknown keys).
//! - [`validate`]: raw → `Scenario`, collecting every problem with its span.
//! - [`diag`]: diagnostics rendered as `file:line:col: message` with the line and a caret.
//!
//! Levels are untrusted: [`load_str`] refuses oversized, empty, non-UTF-8 or absurdly nested
//! files before parsing, caps every count, and strips control characters from every text a
//! player will see.

pub mod diag;
pub mod lint;
pub mod raw;
mod repair;
pub mod user;
pub mod validate;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use diag::{Diagnostic, Report, Severity};
pub use user::{CatalogEntry, InstallError, catalog, install, new_level, user_level};
pub use validate::is_level_id;

use crate::engine::Scenario;
use validate::RawLevel;

/// Caps on what a level may contain, so a hostile file cannot exhaust memory or time.
pub mod limits {
    pub const MAX_FILE_BYTES: usize = 1024 * 1024;
    /// Bracket nesting refused before parsing.
    pub const MAX_NESTING: usize = 32;
    pub const MAX_VARIABLES: usize = 256;
    pub const MAX_FLAGS: usize = 256;
    pub const MAX_TERMS: usize = 64;
    pub const MAX_PARTIES: usize = 32;
    pub const MAX_ACTIONS: usize = 256;
    pub const MAX_RULES: usize = 256;
    pub const MAX_EVENTS: usize = 1000;
    pub const MAX_ENDINGS: usize = 64;
    pub const MAX_AXES: usize = 16;
    /// Citations, glossary entries and history lines, each.
    pub const MAX_CITATIONS: usize = 256;
    pub const MAX_OPTIONS: usize = 8;
    pub const MAX_EFFECTS: usize = 64;
    pub const MAX_TEXT: usize = 4000;
    pub const MAX_MONTHS: u16 = 600;
    pub const MAX_TERM_LEVELS: u8 = 10;
    /// Entries in one list of texts (tags, sources, teacher notes).
    pub const MAX_LIST: usize = 64;
    /// Diagnostics kept for one file (a 10,000-line mess needs only the first hundred).
    pub const MAX_DIAGNOSTICS: usize = 200;
    /// Files looked at in the user's level folder.
    pub const MAX_USER_LEVELS: usize = 500;
}

/// The levels built into the binary: (id, file name, TOML text).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "revive-the-talks",
        "revive-the-talks.toml",
        include_str!("../../levels/revive-the-talks.toml"),
    ),
    (
        "fire-and-fury",
        "fire-and-fury.toml",
        include_str!("../../levels/fire-and-fury.toml"),
    ),
    (
        "after-the-test",
        "after-the-test.toml",
        include_str!("../../levels/after-the-test.toml"),
    ),
    (
        "tutorial",
        "tutorial.toml",
        include_str!("../../levels/tutorial.toml"),
    ),
    (
        "iran-p5plus1",
        "iran-p5plus1.toml",
        include_str!("../../levels/iran-p5plus1.toml"),
    ),
    (
        "thirteen-days",
        "thirteen-days.toml",
        include_str!("../../levels/thirteen-days.toml"),
    ),
];

/// Where a level came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    File(PathBuf),
}

/// A validated level and what identifies it.
#[derive(Debug, Clone)]
pub struct Level {
    pub scenario: Arc<Scenario>,
    pub origin: Origin,
    /// FNV-1a of the file's text: saves and challenge codes check it.
    pub hash: u64,
    /// Warnings found while loading (the level still plays).
    pub warnings: Vec<Diagnostic>,
}

impl Level {
    pub fn id(&self) -> &str {
        &self.scenario.meta.id
    }
    /// The short hash used in challenge codes and save checks.
    pub fn short_hash(&self) -> String {
        format!("{:08x}", (self.hash >> 32) as u32 ^ self.hash as u32)
    }
}

/// Why a level could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LevelError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("no level named '{0}' (try `sixparty level list`)")]
    NotFound(String),
    #[error("{}", .0.render().trim_end())]
    Invalid(Box<Report>),
}

/// Remove control characters and terminal escape sequences from text a level shows; keep
/// newlines, turn tabs into spaces.
pub fn sanitize(text: &str) -> String {
    // Almost every text is clean: copy it whole rather than character by character.
    if needs_cleaning(text.as_bytes()) {
        sanitize_chars(text)
    } else {
        text.to_owned()
    }
}

/// Whether `bytes` (UTF-8) hold anything [`sanitize_chars`] would drop or change: an ASCII
/// control other than a newline, DEL, a C1 control (U+0080–U+009F, encoded C2 80–C2 9F) or a
/// bidirectional override (U+202A–U+202E: E2 80 AA–AE; U+2066–U+2069: E2 81 A6–A9).
pub(crate) fn needs_cleaning(bytes: &[u8]) -> bool {
    // Nearly every byte is printable ASCII or a continuation byte, none of which can start
    // anything to clean: eight bytes at a time are tested for a byte below 0x20 or equal to
    // 0x7F, 0xC2 or 0xE2 (word-wide tests that never miss one), and only a word holding one
    // is looked at byte by byte.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH != 0;
    let exact = |from: usize, to: usize| (from..to).any(|i| needs_cleaning_at(bytes, i, bytes[i]));
    let mut words = bytes.chunks_exact(8);
    for (k, word) in words.by_ref().enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let v = u64::from_le_bytes(eight);
        let suspect = below(v, 0x20)
            || below(v ^ (ONES * 0x7f), 1)
            || below(v ^ (ONES * 0xc2), 1)
            || below(v ^ (ONES * 0xe2), 1);
        if suspect && exact(k * 8, k * 8 + 8) {
            return true;
        }
    }
    exact(bytes.len() - words.remainder().len(), bytes.len())
}

/// Whether byte `b` at `i` starts something [`needs_cleaning`] looks for.
fn needs_cleaning_at(bytes: &[u8], i: usize, b: u8) -> bool {
    match b {
        b'\n' => false,
        0x00..=0x1f | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xe2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(n)) => (0xaa..=0xae).contains(n),
            (Some(0x81), Some(n)) => (0xa6..=0xa9).contains(n),
            _ => false,
        },
        _ => false,
    }
}

fn sanitize_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{1b}' => {
                // Skip a CSI/OSC sequence's parameters too, not just the ESC byte.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    while let Some(&n) = chars.peek() {
                        chars.next();
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                } else if chars.peek() == Some(&']') {
                    while let Some(n) = chars.next() {
                        if n == '\u{7}' || n == '\u{9c}' {
                            break;
                        }
                        if n == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
            }
            c if c.is_control() => {}
            // Bidirectional overrides can disguise text; drop them.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `sanitize` for one line of a file echoed in a diagnostic.
pub(crate) fn sanitize_line(line: &str) -> String {
    sanitize(line).replace('\n', " ")
}

/// FNV-1a over bytes: the level's content hash.
pub fn content_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Deepest bracket nesting outside strings and comments, scanning at most until `limit`.
/// Strings are `"…"` (with `\` escapes) or `'…'` and end at their quote or at the end of
/// the line; comments run to the end of the line.
#[cfg(test)]
fn nesting_depth(text: &str, limit: usize) -> usize {
    scan(text, limit).deepest
}

/// What one pass over the text before parsing finds.
struct Scan {
    /// Deepest bracket nesting, as [`nesting_depth`] measures it.
    deepest: usize,
    /// Whether an inline table may be written over several lines (false only when the
    /// text, if it is valid TOML, has none: see [`scan`]).
    multiline_inline: bool,
}

/// [`nesting_depth`], and whether the text may hold an inline table written over several
/// lines, in one pass.
// Over bytes, not chars: every byte it looks for is ASCII, and no byte of a multi-byte UTF-8
// character is, so the result is the same at a fraction of the decoding work. It runs
// before parsing, over every byte of the file, so it skips from one byte that matters to
// the next instead of stepping a state machine through each (1.36 M of the campaign's 26 M
// instructions a load, callgrind); `nesting_depth_by_byte` in the tests is that state
// machine, and a property test keeps the two equal.
//
// Inline tables: on valid TOML this lexing is right except inside multi-line strings
// (three quotes), whose later lines it reads as code. Outside any bracket such a string
// can only make the brace count too high, never too low; inside one, its opening is
// flagged. So an inline table with a newline in it (in code, in a comment, or in a string)
// is always flagged, and [`multiline_inline_tables`] walks the parsed tree only then: that
// walk was 0.45 M instructions of every load of the campaign.
fn scan(text: &str, limit: usize) -> Scan {
    /// Bytes that change the state outside strings and comments.
    const SPECIAL: [bool; 256] = special(b"#\"'[{]}");
    /// The same inside braces, where a newline is news.
    const SPECIAL_IN_BRACES: [bool; 256] = special(b"#\"'[{]}\n");
    const fn special(bytes: &[u8]) -> [bool; 256] {
        let mut t = [false; 256];
        let mut i = 0;
        while i < bytes.len() {
            t[bytes[i] as usize] = true;
            i += 1;
        }
        t
    }
    let bytes = text.as_bytes();
    let end = bytes.len();
    // The index just past the first byte from `from` that `stop` accepts (past the end,
    // `end + 1`, if none does). Generic, so each search inlines its test.
    fn past(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
        bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| stop(b)))
            .map_or(bytes.len() + 1, |p| from + p + 1)
    }
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut braces = 0usize;
    let mut multiline_inline = false;
    let mut i = 0;
    loop {
        let table = if braces > 0 && !multiline_inline {
            &SPECIAL_IN_BRACES
        } else {
            &SPECIAL
        };
        let Some(p) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| table[usize::from(b)]))
        else {
            break;
        };
        let at = i + p;
        i = at + 1;
        match bytes[at] {
            b'\n' => multiline_inline = true,
            b'#' => {
                multiline_inline |= braces > 0;
                i = past(bytes, i, |b| b == b'\n');
            }
            q @ (b'"' | b'\'') => {
                // A multi-line string opening inside brackets.
                multiline_inline |= depth > 0 && bytes.get(i..i + 2) == Some(&[q, q][..]);
                if q == b'\'' {
                    i = past(bytes, i, |b| b == b'\'' || b == b'\n');
                } else {
                    loop {
                        i = past(bytes, i, |b| b == b'"' || b == b'\\' || b == b'\n');
                        if i > end || bytes.get(i - 1) != Some(&b'\\') {
                            break;
                        }
                        // An escape: the byte after the backslash, whatever it is, is part
                        // of the string.
                        multiline_inline |= braces > 0 && bytes.get(i) == Some(&b'\n');
                        i += 1;
                    }
                }
                // A string the end of a line ended.
                multiline_inline |= braces > 0 && i <= end && bytes.get(i - 1) == Some(&b'\n');
            }
            open @ (b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
                if deepest > limit {
                    return Scan {
                        deepest,
                        multiline_inline: true,
                    };
                }
                if open == b'{' {
                    braces += 1;
                }
            }
            close => {
                depth = depth.saturating_sub(1);
                if close == b'}' {
                    braces = braces.saturating_sub(1);
                }
            }
        }
    }
    Scan {
        deepest,
        multiline_inline,
    }
}

fn whole_file(message: impl Into<String>) -> Vec<Diagnostic> {
    vec![Diagnostic::error(0..0, message)]
}

/// Parse and validate a level's text. `file` names it in diagnostics. The warnings are
/// the cheap, static ones (see [`lint`]); `level check` adds simulated ones.
pub fn load_str(file: &str, text: &str) -> Result<(Scenario, Vec<Diagnostic>), Box<Report>> {
    load_inner(file, text).map(|l| (l.scenario, l.warnings))
}

/// What a successful load knows beyond the scenario: where ids are declared, and which
/// events and endings are provably unreachable.
struct Loaded {
    scenario: Scenario,
    warnings: Vec<Diagnostic>,
    spans: lint::IdSpans,
    unreachable: lint::Unreachable,
}

fn load_inner(file: &str, text: &str) -> Result<Loaded, Box<Report>> {
    let report = |diagnostics| {
        Box::new(Report {
            file: file.to_string(),
            source: text.to_string(),
            diagnostics,
        })
    };
    if text.len() > limits::MAX_FILE_BYTES {
        return Err(report(whole_file(format!(
            "the file is {} bytes; levels may be at most {} (1 MiB)",
            text.len(),
            limits::MAX_FILE_BYTES
        ))));
    }
    if text.trim().is_empty() {
        return Err(report(whole_file(
            "the file is empty; a level needs at least [level], [[variables]] and [[endings]] (see `sixparty level new`)",
        )));
    }
    let scanned = scan(text, limits::MAX_NESTING);
    if scanned.deepest > limits::MAX_NESTING {
        return Err(report(whole_file(format!(
            "brackets are nested more than {} deep; no level needs that",
            limits::MAX_NESTING
        ))));
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let diagnostics = errors
            .iter()
            .take(limits::MAX_DIAGNOSTICS)
            .map(|e| {
                Diagnostic::error(
                    e.span().unwrap_or(0..0),
                    format!("TOML syntax: {}", e.message().trim().replace('`', "'")),
                )
            })
            .collect();
        return Err(report(diagnostics));
    }
    let mut diagnostics = Vec::new();
    let mut multiline = Vec::new();
    // A carriage return alone is no TOML newline; the walk looks for those too.
    if scanned.multiline_inline || text.as_bytes().contains(&b'\r') {
        multiline_inline_tables(root.get_ref(), text, &mut multiline);
    }
    let mut raw = sections(root, text, &mut diagnostics);
    raw.multiline_inline = multiline;
    let poisoned = raw.poisoned.clone();
    let spans = lint::IdSpans::of(&raw);
    let (scenario, format_warnings) = match validate::validate(text, raw) {
        Ok(s) => s,
        Err(more) => {
            // A placeholder put in for a bad value is not a second mistake.
            diagnostics.extend(more.into_iter().filter(|d| {
                !poisoned
                    .iter()
                    .any(|p| p.start <= d.span.start && d.span.end <= p.end)
            }));
            // In file order, whichever step found them (a stable sort keeps a line's own
            // order).
            diagnostics.sort_by_key(|d| d.span.start);
            diagnostics.truncate(limits::MAX_DIAGNOSTICS);
            return Err(report(diagnostics));
        }
    };
    if !diagnostics.is_empty() {
        diagnostics.sort_by_key(|d| d.span.start);
        diagnostics.truncate(limits::MAX_DIAGNOSTICS);
        return Err(report(diagnostics));
    }
    let (mut warnings, unreachable) = lint::static_warnings(&scenario, &spans);
    warnings.extend(format_warnings);
    warnings.sort_by_key(|d| d.span.start);
    Ok(Loaded {
        scenario,
        warnings,
        spans,
        unreachable,
    })
}

/// The full check `sixparty level check` runs on a level's text: every error, or (when it
/// loads) the static warnings plus those from `sim_scale` × a few hundred quick games
/// (0 skips the games). The report is empty of errors exactly when the level is valid.
pub fn check_str(file: &str, text: &str, sim_scale: usize) -> (Report, Option<Level>) {
    match load_inner(file, text) {
        Err(report) => (*report, None),
        Ok(loaded) => {
            let scenario = Arc::new(loaded.scenario);
            let mut diagnostics = loaded.warnings;
            diagnostics.extend(lint::simulated_warnings(
                &scenario,
                &loaded.spans,
                &loaded.unreachable,
                sim_scale,
            ));
            diagnostics.sort_by_key(|d| d.span.start);
            let level = Level {
                scenario,
                origin: Origin::Builtin,
                hash: content_hash(text),
                warnings: diagnostics.clone(),
            };
            let report = Report {
                file: file.to_string(),
                source: text.to_string(),
                diagnostics,
            };
            (report, Some(level))
        }
    }
}

/// [`check_str`] on a file: unreadable, oversized or non-UTF-8 files come back as a report
/// with one error.
pub fn check_file(path: &Path, sim_scale: usize) -> (Report, Option<Level>) {
    let shown = path.display().to_string();
    match read_text(path) {
        Ok(text) => {
            let (report, level) = check_str(&shown, &text, sim_scale);
            let level = level.map(|l| Level {
                origin: Origin::File(path.to_path_buf()),
                ..l
            });
            (report, level)
        }
        Err(LevelError::Invalid(report)) => (*report, None),
        Err(e) => {
            let message = match &e {
                LevelError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                    "no such file, and no built-in or installed level has this id (see `sixparty level list`)".to_string()
                }
                LevelError::Io { source, .. } => format!("cannot read the file: {source}"),
                other => other.to_string(),
            };
            (
                Report {
                    file: shown,
                    source: String::new(),
                    diagnostics: whole_file(message),
                },
                None,
            )
        }
    }
}

/// Inline tables (`{ … }`) written over several lines, with the key they belong to: the
/// game reads TOML 1.1, which allows them, but TOML 1.0 tools reject the file (a warning).
/// The outermost such table is reported, once.
fn multiline_inline_tables(
    table: &DeTable<'_>,
    text: &str,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    fn visit(
        key: &str,
        value: &Spanned<DeValue<'_>>,
        text: &str,
        out: &mut Vec<(String, std::ops::Range<usize>)>,
    ) {
        let span = value.span();
        match value.get_ref() {
            DeValue::Table(t) => {
                let written = text.get(span.clone()).unwrap_or("");
                // Bytes, not a char pattern: the scan runs over every inline table of the
                // file, and a newline is one ASCII byte either way.
                if written.starts_with('{') && written.bytes().any(|b| b == b'\n' || b == b'\r') {
                    out.push((key.to_string(), span));
                } else {
                    multiline_inline_tables(t, text, out);
                }
            }
            DeValue::Array(items) => {
                for item in items.iter() {
                    visit(key, item, text, out);
                }
            }
            _ => {}
        }
    }
    for (key, value) in table.iter() {
        visit(key.get_ref(), value, text, out);
    }
}

/// The top-level sections a level file may have: the one list (a test keeps it equal to the
/// fields of `raw::RawFile`, hence the schema, and to what [`sections`] reads).
pub const SECTIONS: &[&str] = &[
    "level",
    "teacher",
    "variables",
    "flags",
    "ladder",
    "terms",
    "parties",
    "deal",
    "actions",
    "rules",
    "events",
    "endings",
    "axes",
    "citations",
    "glossary",
    "history",
    "difficulty",
    "dashboard",
];

/// Deserialise each top-level section on its own (and each entry of an array on its own),
/// so one bad entry does not hide the problems in the others.
fn sections<'i>(
    root: Spanned<DeTable<'i>>,
    source: &'i str,
    diagnostics: &mut Vec<Diagnostic>,
) -> RawLevel {
    let mut raw = RawLevel::default();
    let mut poisoned = Vec::new();
    let mut reparsed = None;
    for (key, value) in root.into_inner() {
        let name = key.get_ref().to_string();
        let key_span = key.span();
        let mut entries = Entries {
            section: &name,
            source,
            diagnostics: &mut *diagnostics,
            poisoned: &mut poisoned,
            reparsed: &mut reparsed,
        };
        match name.as_str() {
            "level" => {
                raw.meta_present = true;
                raw.meta = entries.one(value);
            }
            "teacher" => {
                raw.teacher_start = Some(value.span().start);
                raw.teacher = entries
                    .one::<raw::RawTeacher>(value)
                    .map(Spanned::into_inner)
            }
            "ladder" => raw.ladder = entries.one(value),
            "deal" => raw.deal = entries.one(value),
            "variables" => raw.variables = entries.many(value, limits::MAX_VARIABLES),
            "flags" => raw.flags = entries.many(value, limits::MAX_FLAGS),
            "terms" => raw.terms = entries.many(value, limits::MAX_TERMS),
            "parties" => raw.parties = entries.many(value, limits::MAX_PARTIES),
            "actions" => raw.actions = entries.many(value, limits::MAX_ACTIONS),
            "rules" => raw.rules = entries.many(value, limits::MAX_RULES),
            "events" => raw.events = entries.many(value, limits::MAX_EVENTS),
            "endings" => raw.endings = entries.many(value, limits::MAX_ENDINGS),
            "axes" => raw.axes = entries.many(value, limits::MAX_AXES),
            "citations" => raw.citations = entries.many(value, limits::MAX_CITATIONS),
            "glossary" => raw.glossary = entries.many(value, limits::MAX_CITATIONS),
            "history" => raw.history = entries.many(value, limits::MAX_CITATIONS),
            "difficulty" => raw.difficulty = entries.many(value, limits::MAX_LIST),
            "dashboard" => raw.dashboard = entries.many(value, limits::MAX_LIST),
            _ => {
                let help = crate::engine::expr::suggest(&name, SECTIONS.iter().copied())
                    .map(|s| format!("did you mean '{s}'?"));
                diagnostics.push(
                    Diagnostic::error(key_span, format!("unknown section '{}'", sanitize(&name)))
                        .with_help(
                            help.or_else(|| Some(format!("sections are: {}", SECTIONS.join(", ")))),
                        ),
                );
            }
        }
    }
    raw.poisoned = poisoned;
    raw
}

/// Reading one section: where its diagnostics and placeholder spans go.
struct Entries<'a, 'i> {
    section: &'a str,
    source: &'i str,
    diagnostics: &'a mut Vec<Diagnostic>,
    poisoned: &'a mut Vec<std::ops::Range<usize>>,
    /// The file parsed a second time, the first time an entry has a mistake (see
    /// [`Entries::entry`]).
    reparsed: &'a mut Option<Spanned<DeTable<'i>>>,
}

impl<'i> Entries<'_, 'i> {
    /// A table section (`[level]`), repaired field by field ([`repair`]).
    fn one<T: DeserializeOwned>(&mut self, value: Spanned<DeValue<'i>>) -> Option<Spanned<T>> {
        self.entry(value, None)
    }

    /// Entry `index` of a list section (`None`: the section is one table), read straight
    /// from the parsed tree. Only an entry with a mistake is repaired ([`repair::entry`]),
    /// and repairing needs the entry as parsed, which reading consumed: it is taken from a
    /// second parse of the file (made once, on the first mistake). Reading each entry from
    /// a copy instead, so that a mistake could be repaired, cost about 1.4 M of the
    /// campaign's 26 M instructions a load (callgrind), for files that nearly always have
    /// no mistake at all.
    fn entry<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'i>>,
        index: Option<usize>,
    ) -> Option<Spanned<T>> {
        let first = match repair::attempt_owned::<T>(value) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let source = self.source;
        let root = self
            .reparsed
            .get_or_insert_with(|| DeTable::parse_recoverable(source).0);
        let again = root
            .get_mut()
            .get_mut(self.section)
            .and_then(|v| match index {
                None => Some(v),
                Some(i) => match v.get_mut() {
                    DeValue::Array(items) => items.get_mut(i),
                    _ => None,
                },
            })
            .map(|v| std::mem::replace(v, Spanned::new(0..0, DeValue::Boolean(false))));
        let Some(value) = again else {
            // The same text parses the same way, so this is not reached; if it were, the
            // entry's first mistake is still reported.
            self.diagnostics.push(serde_diagnostic(&first, 0..0));
            return None;
        };
        repair::entry(
            self.section,
            value,
            self.source,
            self.diagnostics,
            self.poisoned,
        )
    }

    /// A list section (`[[events]]`): each entry on its own, so one bad entry hides nothing.
    fn many<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'i>>,
        cap: usize,
    ) -> Vec<Spanned<T>> {
        let name = self.section;
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            self.diagnostics.push(Diagnostic::error(
                span,
                format!("'{name}' must be a list of tables: write [[{name}]]"),
            ));
            return Vec::new();
        };
        if items.len() > cap {
            self.diagnostics.push(Diagnostic::error(
                span,
                format!("{} entries in '{name}'; the limit is {cap}", items.len()),
            ));
            return Vec::new();
        }
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| self.entry(item, Some(i)))
            .collect()
    }
}

/// Turn a serde error into a diagnostic: "unknown field" becomes "unknown key" with a "did
/// you mean", and Rust type names become words an author knows.
fn serde_diagnostic(e: &toml::de::Error, fallback: std::ops::Range<usize>) -> Diagnostic {
    let message = e.message().trim().replace('`', "'");
    let span = e.span().unwrap_or(fallback);
    if let Some(rest) = message.strip_prefix("unknown field '")
        && let Some((field, expected)) = rest.split_once("', expected ")
    {
        let options: Vec<&str> = expected
            .split(['\'', ',', ' '])
            .filter(|s| !s.is_empty() && *s != "one" && *s != "of" && *s != "or")
            .collect();
        let help = suggest_key(field, &options)
            .map(|s| format!("did you mean '{s}'?"))
            .or_else(|| Some(format!("keys here are: {}", options.join(", "))));
        return Diagnostic::error(span, format!("unknown key '{}'", sanitize(field)))
            .with_help(help);
    }
    // TOML reads an unquoted `2017-09-01` as a date-time, which serde sees as a map.
    if message.starts_with("invalid type: map, expected a string") {
        return Diagnostic::error(span, "expected a string, found a table or an unquoted date")
            .with_help(Some(
                "dates are strings in a level: put them in quotes, e.g. \"2017-09\"".into(),
            ));
    }
    let message = message
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected a list [ … ]")
        .replace("expected struct ", "expected a table for ")
        .replace("expected a map", "expected a table { … }");
    Diagnostic::error(span, sanitize(&message))
}

/// The key an unknown key most likely meant: the engine's typo rule, or the same letters in
/// another order ("titel" → "title").
fn suggest_key(field: &str, options: &[&str]) -> Option<String> {
    crate::engine::expr::suggest(field, options.iter().copied()).or_else(|| {
        let mut letters: Vec<char> = field.chars().collect();
        letters.sort_unstable();
        options
            .iter()
            .find(|o| {
                let mut other: Vec<char> = o.chars().collect();
                other.sort_unstable();
                other == letters
            })
            .map(|o| (*o).to_string())
    })
}

/// The JSON Schema of the level format (`sixparty level schema`, `levels/level.schema.json`).
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(raw::RawFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Load a built-in level by id.
pub fn builtin(id: &str) -> Option<Result<Level, LevelError>> {
    let (_, file, text) = BUILTIN.iter().find(|(bid, _, _)| *bid == id)?;
    Some(from_text(&format!("levels/{file}"), text, Origin::Builtin))
}

fn from_text(file: &str, text: &str, origin: Origin) -> Result<Level, LevelError> {
    let (scenario, warnings) = load_str(file, text).map_err(LevelError::Invalid)?;
    Ok(Level {
        scenario: Arc::new(scenario),
        origin,
        hash: content_hash(text),
        warnings,
    })
}

/// Read a level file's text, refusing huge or non-UTF-8 files with a clear message.
pub(crate) fn read_text(path: &Path) -> Result<String, LevelError> {
    let shown = path.display().to_string();
    let io = |source| LevelError::Io {
        path: sanitize_line(&shown),
        source,
    };
    let invalid = |message: String| {
        LevelError::Invalid(Box::new(Report {
            file: shown.clone(),
            source: String::new(),
            diagnostics: whole_file(message),
        }))
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(invalid("this is not a file".into()));
    }
    if meta.len() > limits::MAX_FILE_BYTES as u64 {
        return Err(invalid(format!(
            "the file is {} bytes; levels may be at most {} (1 MiB)",
            meta.len(),
            limits::MAX_FILE_BYTES
        )));
    }
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(io)?,
            limits::MAX_FILE_BYTES as u64 + 1,
        ),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(invalid(format!(
            "the file is over {} bytes (1 MiB), the limit for a level",
            limits::MAX_FILE_BYTES
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        invalid(format!(
            "the file is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Read a level file from disk (refusing huge or non-UTF-8 files with a clear message).
pub fn load_file(path: &Path) -> Result<Level, LevelError> {
    let text = read_text(path)?;
    from_text(
        &path.display().to_string(),
        &text,
        Origin::File(path.to_path_buf()),
    )
}

/// Resolve what the user typed: a path to a `.toml` file, a built-in level id, or the id of
/// a level in the user's folder (built-in ids win; `level install` refuses to shadow them).
pub fn resolve(spec: &str) -> Result<Level, LevelError> {
    let path = Path::new(spec);
    if spec.ends_with(".toml") || path.is_file() {
        return load_file(path);
    }
    if let Some(level) = builtin(spec) {
        return level;
    }
    match user_level(spec) {
        Some(level) => level,
        None => Err(LevelError::NotFound(sanitize_line(spec))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_strips_escapes_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(sanitize("tab\there\u{0}\nline"), "tab here\nline");
        assert_eq!(sanitize("\u{202e}evil"), "evil");
        assert_eq!(sanitize("c1\u{85}\u{9b}31m"), "c131m");
        assert_eq!(sanitize("keeps — § and \u{2069}"), "keeps — § and ");
    }

    /// Two messages that used to puzzle authors: an unquoted TOML date ("invalid type:
    /// map") and an exponent in an expression ("expected an operator").
    #[test]
    fn unquoted_dates_and_exponents_are_named_as_such() {
        let text = "[level]\nid = \"x\"\ntitle = \"X\"\nstart = 2017-09-01\nmonths = 3\n\
                    capital = \"10\"\ntimeout_ending = \"e\"\n[[variables]]\nid = \"a\"\n\
                    start = 1\n[[endings]]\nid = \"e\"\ntitle = \"E\"\ntext = \"t\"\n\
                    grade = \"C\"\nwhen = \"a > 1e308\"\n";
        let Err(report) = load_str("x.toml", text) else {
            panic!("the level is refused")
        };
        let messages: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| format!("{} / {:?}", d.message, d.help))
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unquoted date") && m.contains("put them in quotes")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("exponents such as '1e…' are not allowed")),
            "{messages:?}"
        );
    }

    proptest::proptest! {
        /// The byte scan that lets clean text skip the character loop never lets through
        /// anything the loop would have removed.
        #[test]
        fn the_fast_path_is_taken_only_for_clean_text(
            text in "([a-z \n—§é]|\u{1b}\\[|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{2028}-\u{206f}])*"
        ) {
            proptest::prop_assert_eq!(sanitize(&text), sanitize_chars(&text));
        }
    }

    /// One list of sections: `SECTIONS`, the fields of `raw::RawFile` (hence the schema) and
    /// what `sections` reads are the same names.
    #[test]
    fn the_section_list_the_raw_file_and_the_schema_agree() {
        let schema: serde_json::Value =
            serde_json::from_str(&schema_json()).expect("the schema is JSON");
        let mut in_schema: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        in_schema.sort_unstable();
        let mut listed = SECTIONS.to_vec();
        listed.sort_unstable();
        assert_eq!(in_schema, listed);
        // Each listed section is read (a wrong shape is a type error, not "unknown section").
        for name in SECTIONS {
            let mut diagnostics = Vec::new();
            let text = format!("{name} = 5\n");
            let (root, errors) = DeTable::parse_recoverable(&text);
            assert!(errors.is_empty());
            sections(root, &text, &mut diagnostics);
            assert!(
                diagnostics
                    .iter()
                    .all(|d| !d.message.starts_with("unknown section")),
                "{name}: {diagnostics:?}"
            );
            assert!(!diagnostics.is_empty(), "{name} = 5 should be refused");
        }
    }

    /// The byte-by-byte state machine [`nesting_depth`] replaced, kept as its oracle.
    fn nesting_depth_by_byte(text: &str, limit: usize) -> usize {
        let mut depth = 0usize;
        let mut deepest = 0usize;
        let mut in_string: Option<u8> = None;
        let mut in_comment = false;
        let mut escaped = false;
        for &b in text.as_bytes() {
            if in_comment {
                in_comment = b != b'\n';
                continue;
            }
            if let Some(q) = in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' && q == b'"' {
                    escaped = true;
                } else if b == q || b == b'\n' {
                    in_string = None;
                }
                continue;
            }
            match b {
                b'#' => in_comment = true,
                b'"' | b'\'' => in_string = Some(b),
                b'[' | b'{' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                    if deepest > limit {
                        return deepest;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        deepest
    }

    proptest::proptest! {
        /// The skipping scan measures what the byte-by-byte one did, on text made of the
        /// bytes either looks at (and a little else), limits included.
        #[test]
        fn nesting_depth_skips_to_the_same_answer(
            text in "[\\[\\]{}\"'#\\\\\nab é]{0,80}",
            limit in 0usize..6,
        ) {
            proptest::prop_assert_eq!(
                nesting_depth(&text, limit),
                nesting_depth_by_byte(&text, limit)
            );
        }
    }

    #[test]
    fn nesting_depth_agrees_on_every_builtin_level() {
        for (_, _, text) in BUILTIN {
            for limit in [0, 1, 2, 3, limits::MAX_NESTING] {
                assert_eq!(
                    nesting_depth(text, limit),
                    nesting_depth_by_byte(text, limit)
                );
            }
        }
    }

    /// The pass before parsing flags every text in which the walk finds an inline table
    /// over several lines (so skipping the walk when it does not changes nothing).
    fn assert_flagged_if_multiline(text: &str) -> bool {
        let (root, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            return false;
        }
        let mut found = Vec::new();
        multiline_inline_tables(root.get_ref(), text, &mut found);
        if !found.is_empty() {
            assert!(
                scan(text, limits::MAX_NESTING).multiline_inline || text.contains('\r'),
                "not flagged: {text:?}"
            );
        }
        !found.is_empty()
    }

    #[test]
    fn the_scan_flags_every_multi_line_inline_table() {
        for (_, _, text) in BUILTIN {
            assert_flagged_if_multiline(text);
        }
        for text in [
            "a = { x = 1,\n y = 2 }\n",
            "a = { x = { y = 1 }, \n z = 2 }\n",
            "a = { t = \"}\", \n x = 1 }\n",
            "a = [\n  { s = \"a\" }, \"\"\"multi\nline\"\"\", { s = \"b\",\n  x = 1 }\n]\n",
            "a = { x = 1, # note\n y = 2 }\n",
            "a = { s = \"\"\"two\nlines\"\"\" }\n",
            "a = { s = '''two\nlines''' }\n",
            "b = \"\"\"prose } with {\n\"\"\"\na = { x = 1,\n y = 2 }\n",
            "b = '''it's }\n'''\na = { x = 1,\n y = 2 }\n",
            "a = {\n}\n",
        ] {
            assert!(
                assert_flagged_if_multiline(text),
                "{text:?} parses with one"
            );
        }
    }

    /// A TOML value made of the pieces that can confuse the pass: strings holding braces,
    /// quotes and newlines, comments, and line breaks inside arrays and inline tables.
    fn toml_value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = proptest::sample::select(vec![
            "1",
            "\"s\"",
            "\"}\"",
            "\"{\"",
            "'}'",
            "\"a\\\"}\"",
            "\"\"\"x}\ny\"\"\"",
            "'''p}\nq'''",
            "\"\"\"one\"\"\"",
        ])
        .prop_map(String::from);
        leaf.prop_recursive(3, 16, 3, |inner| {
            let sep = proptest::sample::select(vec![", ", ",\n", ", # c } {\n", " ,"]);
            prop_oneof![
                proptest::collection::vec((inner.clone(), sep.clone()), 0..3).prop_map(|items| {
                    let body: Vec<String> = (items.iter().enumerate())
                        .map(|(i, (v, sep))| format!("k{i} = {v}{sep}"))
                        .collect();
                    let body = body.concat();
                    let body = body.trim_end_matches([',', ' ', '\n']);
                    format!("{{ {body} }}")
                }),
                proptest::collection::vec((inner, sep), 0..3).prop_map(|items| {
                    let body: Vec<String> =
                        items.iter().map(|(v, sep)| format!("{v}{sep}")).collect();
                    format!("[{}]", body.concat())
                }),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn the_scan_flags_generated_multi_line_inline_tables(
            values in proptest::collection::vec(toml_value(), 1..4)
        ) {
            let text: String = (values.iter().enumerate())
                .map(|(i, v)| format!("key{i} = {v}\n"))
                .collect();
            assert_flagged_if_multiline(&text);
        }
    }

    #[test]
    fn nesting_is_measured_outside_strings() {
        assert_eq!(nesting_depth("a = [[1], [2]]", 99), 2);
        assert_eq!(nesting_depth("a = \"[[[[\" # [[[", 99), 0);
    }

    #[test]
    fn every_builtin_level_loads() {
        for (id, _, _) in BUILTIN {
            let level = builtin(id)
                .expect("listed")
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(level.id(), *id);
        }
    }
}
