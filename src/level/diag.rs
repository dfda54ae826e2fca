//! Diagnostics for level files: `file:line:col: message`, the source line, and a caret.
//!
//! Spans are byte ranges into the file's text; rendering turns them into 1-based lines and
//! character columns. The same diagnostics serialise to JSON for editors and CI.
//!
//! A hostile file must not make the report huge: a line break is `\n`, `\r\n` or a lone
//! `\r` (as editors show them), each echoed line is cut to [`ECHO_COLUMNS`] display columns
//! around the caret, and [`Report::render`] prints at most [`MAX_RENDERED`] diagnostics
//! ("… and 812 more"). Carets are placed by display width, so CJK text and emoji line up.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Byte range in the file (empty for problems with the file as a whole).
    #[serde(skip)]
    pub span: Range<usize>,
    pub message: String,
    /// "did you mean …?" and other hints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A warning's code (`never-fires`, …), for `allow` (errors have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            help: None,
            code: None,
        }
    }
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
    /// A warning's code (see `lint::CODES`; `control-characters` is not among them, since
    /// it protects whoever is handed the file and so cannot be allowed).
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_string());
        self
    }
}

/// All diagnostics for one file, with what is needed to render them.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file's name as the user gave it (or `builtin:ID`).
    pub file: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// `render` prints at most this many diagnostics; the rest are counted.
pub const MAX_RENDERED: usize = 50;
/// An echoed source line shows at most this many display columns around the caret.
pub const ECHO_COLUMNS: usize = 200;

/// 1-based (line, column) of a byte offset; the column counts characters.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(source).line_col(source, offset)
}

/// Where each line starts (after `\n`, `\r\n` or a lone `\r`), built once per report so
/// a file with thousands of diagnostics is not rescanned for each.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// 0-based line index of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        (line + 1, source[start..offset].chars().count() + 1)
    }

    /// The text of 0-based line `line`, without its line break.
    fn text<'a>(&self, source: &'a str, line: usize) -> &'a str {
        let start = self.starts.get(line).copied().unwrap_or(source.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(source.len())
            .max(start);
        source
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// Characters never echoed: controls (escape sequences start with one), bidirectional
/// controls and zero-width characters, which could make the echo lie about the file.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{061c}')
}

/// One source line as echoed under a diagnostic, and the caret line under it: at most
/// [`ECHO_COLUMNS`] display columns around character `caret` (0-based), `…` where cut,
/// the caret `^`s spanning `span` characters, measured in display columns.
fn echo(line: &str, caret: usize, span: usize) -> (String, String) {
    use unicode_width::UnicodeWidthChar as _;
    let shown: Vec<(usize, char, usize)> = line
        .chars()
        .enumerate()
        .filter(|(_, c)| !hidden(*c))
        .map(|(i, c)| (i, c, c.width().unwrap_or(0)))
        .collect();
    // Start about half a window before the caret, then take a window's worth of columns.
    let caret_at = shown.partition_point(|(i, _, _)| *i < caret);
    let mut from = caret_at;
    let mut before = 0;
    while from > 0 && before + shown[from - 1].2 <= ECHO_COLUMNS / 2 {
        from -= 1;
        before += shown[from].2;
    }
    let mut to = from;
    let mut width = 0;
    while to < shown.len() && width + shown[to].2 <= ECHO_COLUMNS {
        width += shown[to].2;
        to += 1;
    }
    let mut text = String::new();
    let mut indent = 0;
    if from > 0 {
        text.push('…');
        indent += 1;
    }
    for (k, (_, c, w)) in shown[from..to].iter().enumerate() {
        text.push(if *c == '\t' { ' ' } else { *c });
        if from + k < caret_at {
            indent += w;
        }
    }
    if to < shown.len() {
        text.push('…');
    }
    let carets: usize = shown[caret_at.min(to)..to]
        .iter()
        .take_while(|(i, _, _)| *i < caret + span.max(1))
        .map(|(_, _, w)| *w)
        .sum();
    let caret_line = format!("{}{}", " ".repeat(indent), "^".repeat(carets.clamp(1, 80)));
    (text, caret_line)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// One JSON object per diagnostic, for `level check --format json`.
    pub fn to_json(&self) -> Vec<serde_json::Value> {
        let index = LineIndex::new(&self.source);
        self.diagnostics
            .iter()
            .map(|d| {
                let (line, column) = index.line_col(&self.source, d.span.start);
                let (end_line, end_column) = index.line_col(&self.source, d.span.end);
                serde_json::to_value(JsonDiagnostic {
                    file: &self.file,
                    line,
                    column,
                    end_line,
                    end_column,
                    diagnostic: d,
                })
                .unwrap_or(serde_json::Value::Null)
            })
            .collect()
    }

    /// The first error as one line, `file:line:col: message` (for listings).
    pub fn first_error(&self) -> Option<String> {
        let d = self
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)?;
        let (line, column) = line_col(&self.source, d.span.start);
        // A listing's row: short, whatever the file holds.
        Some(clip_line(
            &format!(
                "{}:{line}:{column}: {}",
                super::sanitize_line(&self.file),
                super::sanitize_line(&d.message)
            ),
            160,
        ))
    }

    /// Human-readable form: each diagnostic with its line and a caret under the problem;
    /// at most [`MAX_RENDERED`] of them, then how many more there are.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let index = LineIndex::new(&self.source);
        let file = clip_line(&super::sanitize_line(&self.file), ECHO_COLUMNS);
        for d in self.diagnostics.iter().take(MAX_RENDERED) {
            let (line, column) = index.line_col(&self.source, d.span.start);
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            // Messages quote names from the file: strip control characters here, once, so
            // no path can send an escape sequence to the terminal.
            let _ = writeln!(
                out,
                "{file}:{line}:{column}: {kind}: {}",
                clip_line(&super::sanitize_line(&d.message), 4 * ECHO_COLUMNS)
            );
            if !self.source.is_empty() {
                let text = index.text(&self.source, line - 1);
                let start = floor_char_boundary(&self.source, d.span.start.min(self.source.len()));
                let end = floor_char_boundary(&self.source, d.span.end.min(self.source.len()));
                let span = self.source[start..end.max(start)]
                    .split(['\n', '\r'])
                    .next()
                    .map_or(1, |s| s.chars().count().max(1));
                let (text, carets) = echo(text, column - 1, span);
                let gutter = line.to_string().len();
                let _ = writeln!(out, "{:gutter$} |", "");
                let _ = writeln!(out, "{line} | {text}");
                let _ = writeln!(out, "{:gutter$} | {carets}", "");
            }
            if let Some(help) = &d.help {
                let _ = writeln!(
                    out,
                    "  = help: {}",
                    clip_line(&super::sanitize_line(help), 4 * ECHO_COLUMNS)
                );
            }
        }
        if self.diagnostics.len() > MAX_RENDERED {
            let _ = writeln!(
                out,
                "… and {} more (`sixparty level check --format json` lists every one)",
                self.diagnostics.len() - MAX_RENDERED
            );
        }
        out
    }
}

/// A single-line field (a title, a label, a name) as it may be shown: line breaks become
/// spaces; bidirectional controls, zero-width characters and other controls are dropped, so
/// a level's title cannot add rows to a listing or imitate a built-in level's.
pub fn single_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !hidden(*c))
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a single-line field holds something [`single_line`] removes (what `level check`
/// warns about).
pub fn disguised(text: &str) -> bool {
    text.chars().any(|c| c == '\n' || c == '\r' || hidden(c))
}

/// At most `columns` display columns of one line, `…` where cut.
pub fn clip_line(text: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthChar as _;
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w > columns.saturating_sub(1) {
            let rest: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
            if rest > columns {
                out.push('…');
                return out;
            }
        }
        width += w;
        out.push(c);
    }
    out
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(line_col(src, 9), (2, 3));
    }

    #[test]
    fn single_line_fields_lose_breaks_bidi_and_zero_width_characters() {
        let fake = "Revive\u{200b} the\u{202e} Talks\nrevive-the-talks  Revive the Talks";
        assert!(disguised(fake));
        assert_eq!(
            single_line(fake),
            "Revive the Talks revive-the-talks Revive the Talks"
        );
        assert!(!disguised("北京 talks — 2017"));
        assert_eq!(single_line("北京 talks — 2017"), "北京 talks — 2017");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let src = "a = 1\rb = 2\r\nc = 3\n";
        assert_eq!(line_col(src, 6), (2, 1));
        assert_eq!(line_col(src, 13), (3, 1));
    }

    #[test]
    fn carets_are_placed_by_display_width() {
        // Each of 北, 京 takes two columns; the caret must sit under 'x', five columns in.
        let source = "t = \"北京x\"\n".to_string();
        let at = source.find('x').expect("x");
        let report = Report {
            file: "w.toml".into(),
            source,
            diagnostics: vec![Diagnostic::error(at..at + 1, "here")],
        };
        let text = report.render();
        assert!(text.contains("1 | t = \"北京x\"\n"), "{text}");
        assert!(text.contains("  |          ^\n"), "{text}");
    }

    #[test]
    fn long_lines_and_many_diagnostics_are_cut() {
        let source = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let diagnostics = (0..812)
            .map(|_| Diagnostic::error(100_000..100_001, "bad"))
            .collect();
        let report = Report {
            file: "long.toml".into(),
            source,
            diagnostics,
        };
        let text = report.render();
        assert!(
            text.len() < MAX_RENDERED * 2 * (ECHO_COLUMNS + 40),
            "{}",
            text.len()
        );
        assert!(
            text.contains("… and 762 more"),
            "{}",
            &text[text.len() - 200..]
        );
        let echoed = text.lines().nth(2).expect("the echo");
        assert!(
            echoed.starts_with("1 | …a") && echoed.ends_with("b…"),
            "{echoed}"
        );
        let caret = text.lines().nth(3).expect("the caret");
        let x = echoed.chars().position(|c| c == 'X').expect("X shown");
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x), "{caret}");
    }

    #[test]
    fn renders_caret_under_span() {
        let report = Report {
            file: "x.toml".into(),
            source: "[level]\nid = \"Bad Id\"\n".into(),
            diagnostics: vec![Diagnostic::error(13..21, "bad id").with_help(Some("hint".into()))],
        };
        let text = report.render();
        assert!(text.starts_with("x.toml:2:6: error: bad id\n"), "{text}");
        assert!(text.contains("2 | id = \"Bad Id\"\n"), "{text}");
        assert!(text.contains("  |      ^^^^^^^^\n"), "{text}");
        assert!(text.contains("= help: hint"), "{text}");
    }
}
