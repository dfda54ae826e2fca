//! Diagnostics for level files: `file:line:col: message`, the source line, and a caret.
//!
//! Spans are byte ranges into the file's text; rendering turns them into 1-based lines and
//! character columns. The same diagnostics serialise to JSON for editors and CI.

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
}

impl Diagnostic {
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            help: None,
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
}

/// All diagnostics for one file, with what is needed to render them.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file's name as the user gave it (or `builtin:ID`).
    pub file: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// 1-based (line, column) of a byte offset; the column counts characters.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
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
        self.diagnostics
            .iter()
            .map(|d| {
                let (line, column) = line_col(&self.source, d.span.start);
                let (end_line, end_column) = line_col(&self.source, d.span.end);
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
        Some(format!(
            "{}:{line}:{column}: {}",
            super::sanitize_line(&self.file),
            super::sanitize_line(&d.message)
        ))
    }

    /// Human-readable form: each diagnostic with its line and a caret under the problem.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let (line, column) = line_col(&self.source, d.span.start);
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            // Messages quote names from the file: strip control characters here, once, so
            // no path can send an escape sequence to the terminal.
            let _ = writeln!(
                out,
                "{}:{line}:{column}: {kind}: {}",
                super::sanitize_line(&self.file),
                super::sanitize_line(&d.message)
            );
            if let Some(text) = self.source.lines().nth(line - 1)
                && !self.source.is_empty()
            {
                let text = super::sanitize_line(text);
                let gutter = line.to_string().len();
                let start = floor_char_boundary(&self.source, d.span.start.min(self.source.len()));
                let end = floor_char_boundary(&self.source, d.span.end.min(self.source.len()));
                let width = self.source[start..end.max(start)]
                    .lines()
                    .next()
                    .map_or(1, |s| s.chars().count().max(1));
                let _ = writeln!(out, "{:gutter$} |", "");
                let _ = writeln!(out, "{line} | {text}");
                let _ = writeln!(
                    out,
                    "{:gutter$} | {}{}",
                    "",
                    " ".repeat(column - 1),
                    "^".repeat(width.min(80))
                );
            }
            if let Some(help) = &d.help {
                let _ = writeln!(out, "  = help: {}", super::sanitize_line(help));
            }
        }
        out
    }
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
