//! `sixparty level list|check|new|schema|install`.

use std::io::Write as _;

use anyhow::{Context as _, Result};

use super::Exit;
use super::args::{Format, LevelCommand};
use crate::level::{self, LevelError};

/// `sixparty level …`.
pub fn run(command: LevelCommand) -> Result<Exit> {
    let mut out = std::io::stdout().lock();
    match command {
        LevelCommand::List => {
            let entries = level::catalog();
            writeln!(
                out,
                "{:<24} {:<36} {:>6}  {:<10} origin",
                "id", "title", "months", "difficulty"
            )?;
            for e in &entries {
                let origin = match &e.origin {
                    level::Origin::Builtin => "built-in".to_string(),
                    level::Origin::File(p) => level::sanitize(&p.display().to_string()),
                };
                match &e.problem {
                    None => writeln!(
                        out,
                        "{:<24} {:<36} {:>6}  {:<10} {origin}",
                        e.id,
                        clip(&e.title, 36),
                        e.months,
                        clip(&e.difficulty, 10)
                    )?,
                    Some(problem) => writeln!(
                        out,
                        "{:<24} BROKEN: {problem}  ({origin}; run `sixparty level check` on it)",
                        e.id
                    )?,
                }
            }
            if let Ok(dir) = crate::paths::levels_dir() {
                writeln!(
                    out,
                    "\nYour level folder: {}",
                    level::sanitize(&dir.display().to_string())
                )?;
            }
            Ok(Exit::Ok)
        }
        LevelCommand::Check {
            files,
            format,
            quick,
        } => check(&mut out, &files, format, usize::from(!quick)),
        LevelCommand::New { name } => match level::new_level(&name) {
            Ok(path) => {
                writeln!(out, "Wrote {}", path.display())?;
                writeln!(out, "Next: edit it, then")?;
                writeln!(out, "  sixparty level check {}", path.display())?;
                writeln!(out, "  sixparty play {}", path.display())?;
                Ok(Exit::Ok)
            }
            Err(e) => {
                eprintln!("sixparty: {}", super::clean(&e));
                Ok(Exit::BadInput)
            }
        },
        LevelCommand::Schema => {
            write!(out, "{}", level::schema_json())?;
            Ok(Exit::Ok)
        }
        LevelCommand::Info { level } => super::teacher::info(&level),
        LevelCommand::Install { file, force } => {
            match level::install(std::path::Path::new(&file), force) {
                Ok((path, installed)) => {
                    if !installed.warnings.is_empty() {
                        // The warnings themselves, not only their number: a shared level's
                        // silent mistakes are what its new owner most needs to see.
                        let report = level::Report {
                            file: file.clone(),
                            source: std::fs::read_to_string(&path).unwrap_or_default(),
                            diagnostics: installed.warnings.clone(),
                        };
                        eprint!("{}", super::clean(report.render()));
                        eprintln!(
                            "{} warning(s); `sixparty level check {}` also plays quick games for more",
                            installed.warnings.len(),
                            installed.id()
                        );
                    }
                    writeln!(
                        out,
                        "Installed '{}' ({}) as {}",
                        installed.id(),
                        installed.scenario.meta.title,
                        path.display()
                    )?;
                    writeln!(out, "Play it with: sixparty play {}", installed.id())?;
                    Ok(Exit::Ok)
                }
                Err(level::InstallError::Level(LevelError::Invalid(report))) => {
                    eprint!("{}", super::clean(report.render()));
                    eprintln!(
                        "sixparty: not installed: {} has {} error(s)",
                        level::sanitize(&file),
                        report.errors()
                    );
                    Ok(Exit::BadInput)
                }
                Err(e) => {
                    eprintln!("sixparty: not installed: {}", super::clean(&e));
                    Ok(Exit::BadInput)
                }
            }
        }
    }
}

/// At most `width` characters.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `level check`: files by path, or levels by id (built-in or installed).
fn check(
    out: &mut impl std::io::Write,
    files: &[String],
    format: Format,
    sim_scale: usize,
) -> Result<Exit> {
    let mut all_ok = true;
    let mut json = Vec::new();
    for file in files {
        let path = std::path::Path::new(file);
        let (report, _) = if path.exists() || file.ends_with(".toml") {
            level::check_file(path, sim_scale)
        } else if let Some((id, name, text)) = level::BUILTIN.iter().find(|(id, _, _)| id == file) {
            let _ = id;
            level::check_str(&format!("levels/{name}"), text, sim_scale)
        } else if let Some(found) = level::catalog()
            .into_iter()
            .find(|e| e.id == *file && !e.is_builtin())
            && let level::Origin::File(p) = &found.origin
        {
            level::check_file(p, sim_scale)
        } else {
            level::check_file(path, sim_scale)
        };
        if report.has_errors() {
            all_ok = false;
        }
        match format {
            Format::Text => {
                write!(out, "{}", report.render())?;
                let warnings = report.diagnostics.len() - report.errors();
                let shown = level::sanitize(file);
                if report.has_errors() {
                    writeln!(
                        out,
                        "{shown}: {} error(s), {warnings} warning(s)",
                        report.errors()
                    )?;
                } else {
                    writeln!(out, "{shown}: ok, {warnings} warning(s)")?;
                }
            }
            Format::Json => json.extend(report.to_json()),
        }
    }
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &json).context("writing JSON")?;
        writeln!(out)?;
    }
    Ok(if all_ok { Exit::Ok } else { Exit::BadInput })
}
