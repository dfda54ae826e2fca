//! `sixparty level list|check|new|schema|info|try|install`.

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
                "{:<24} {:<36} {:>10}  {:<10} origin",
                "id", "title", "length", "difficulty"
            )?;
            for e in &entries {
                let origin = match &e.origin {
                    level::Origin::Builtin => "built-in".to_string(),
                    level::Origin::File(p) => level::sanitize(&p.display().to_string()),
                };
                match &e.problem {
                    None => writeln!(
                        out,
                        "{:<24} {} {:>10}  {} {origin}",
                        e.id,
                        cell(&e.title, 36),
                        format!("{} {}s", e.months, e.turn),
                        cell(&e.difficulty, 10)
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
        LevelCommand::Try(args) => {
            let level = super::load_level(&args.level)?;
            match try_level(&level.scenario, &args) {
                Ok(text) => {
                    write!(out, "{}", super::clean(text))?;
                    Ok(Exit::Ok)
                }
                Err(message) => Err(super::BadInput(message).into()),
            }
        }
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
                        level::diag::single_line(&installed.scenario.meta.title),
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

/// Exactly `width` display columns: cut with `…` or padded with spaces. Measured in
/// columns, not characters, so a title in Korean or with emoji keeps the table aligned.
fn cell(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr as _;
    let mut text = level::diag::clip_line(&level::diag::single_line(text), width);
    let used = text.width();
    text.push_str(&" ".repeat(width.saturating_sub(used)));
    text
}

/// Warnings for single-line fields (titles, names, labels) holding line breaks, bidirectional
/// controls or zero-width characters: listings show them removed, and a title using them
/// could imitate a built-in level's.
fn disguised_fields(level: &level::Level) -> Vec<level::Diagnostic> {
    let s = &level.scenario;
    let mut fields: Vec<(String, &str)> = vec![
        ("the level's title".into(), s.meta.title.as_str()),
        ("the level's difficulty".into(), s.meta.difficulty.as_str()),
    ];
    fields.extend(
        s.vars
            .iter()
            .map(|v| (format!("variable '{}' label", v.id), v.label.as_str())),
    );
    fields.extend(
        s.actions
            .iter()
            .map(|a| (format!("action '{}' name", a.id), a.name.as_str())),
    );
    fields.extend(
        s.events
            .iter()
            .map(|e| (format!("event '{}' title", e.id), e.title.as_str())),
    );
    fields.extend(
        s.endings
            .iter()
            .map(|e| (format!("ending '{}' title", e.id), e.title.as_str())),
    );
    fields.extend(
        s.parties
            .iter()
            .map(|p| (format!("party '{}' name", p.id), p.name.as_str())),
    );
    fields
        .into_iter()
        .filter(|(_, text)| level::diag::disguised(text))
        .map(|(what, text)| {
            level::Diagnostic::warning(
                0..0,
                format!(
                    "{what} holds a line break, a bidirectional control or a zero-width character: '{}'",
                    level::diag::single_line(text)
                ),
            )
            .with_help(Some(
                "one-line texts are shown with them removed; write the text plainly".into(),
            ))
        })
        .collect()
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
        let (mut report, level) = if path.exists() || file.ends_with(".toml") {
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
        if let Some(level) = &level {
            report.diagnostics.extend(disguised_fields(level));
        }
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

/// `level try`: the level with the changes asked for (start values, forced events), played
/// for a few turns by a strategy, as text. Errors name what was not understood.
pub fn try_level(
    scenario: &crate::engine::Scenario,
    args: &super::args::TryArgs,
) -> std::result::Result<String, String> {
    use std::fmt::Write as _;
    use std::sync::Arc;

    use rand_core::SeedableRng as _;

    use crate::engine::{Expr, Game};

    let mut s = scenario.clone();
    let unit = s.meta.turn_length.noun();
    let mut out = String::new();
    let mut changes = Vec::new();
    for set in &args.set {
        let (name, value) = set
            .split_once('=')
            .ok_or_else(|| format!("--set '{set}': write NAME=VALUE, e.g. --set tension=80"))?;
        let (name, value) = (name.trim(), value.trim());
        if let Some(v) = s.var_id(name) {
            let def = &mut s.vars[v.index()];
            let x: f64 = value
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| format!("--set {name}: '{value}' is not a number"))?;
            if !(def.min..=def.max).contains(&x) {
                return Err(format!(
                    "--set {name}={value}: outside its range {}..{}",
                    def.min, def.max
                ));
            }
            changes.push(format!("{name} = {x} (starts at {})", def.start));
            def.start = x;
        } else if let Some(f) = s.flags.iter_mut().find(|f| f.id == name) {
            let on = match value {
                "1" | "true" => true,
                "0" | "false" => false,
                _ => {
                    return Err(format!(
                        "--set {name}: a flag is 1/0 or true/false, not '{value}'"
                    ));
                }
            };
            changes.push(format!("flag {name} = {on} (starts {})", f.start));
            f.start = on;
        } else {
            let names = s
                .vars
                .iter()
                .map(|v| v.id.as_str())
                .chain(s.flags.iter().map(|f| f.id.as_str()));
            let hint = crate::engine::expr::suggest(name, names)
                .map(|n| format!("; did you mean '{n}'?"))
                .unwrap_or_default();
            return Err(format!("--set: no variable or flag named '{name}'{hint}"));
        }
    }
    for name in &args.fire {
        let Some(e) = s.event_id(name) else {
            let hint = crate::engine::expr::suggest(name, s.events.iter().map(|e| e.id.as_str()))
                .map(|n| format!("; did you mean '{n}'?"))
                .unwrap_or_default();
            return Err(format!("--fire: no event named '{name}'{hint}"));
        };
        // Scheduled for the first turn and always eligible: it fires when the first turn
        // ends, after the standing rules, as a dated event would.
        let def = &mut s.events[e.index()];
        def.at = Some(0);
        def.condition = Expr::constant(1.0);
        def.follow_up_only = false;
        changes.push(format!("fire '{name}' in {unit} 1"));
    }
    let s = Arc::new(s);
    let turns = args.months.max(1);
    let _ = writeln!(
        out,
        "Trying '{}' from {}: seed {}, strategy '{}', {turns} {unit}(s)",
        s.meta.title,
        s.calendar(0).label(),
        args.seed,
        args.strategy.name()
    );
    for c in &changes {
        let _ = writeln!(out, "  {c}");
    }
    let mut game = Game::new(Arc::clone(&s), args.seed);
    let mut strategy = crate::sim::strategy::Strategy::new(args.strategy);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(args.seed ^ 0x0051_575e_ed0f_5a7e);
    let shown: Vec<usize> = (0..s.vars.len()).filter(|&i| s.vars[i].shown).collect();
    let mut seen = 0;
    for turn in 0..turns {
        if game.is_over() {
            break;
        }
        let before: Vec<f64> = game.state().vars().to_vec();
        let mut taken = 0;
        while !game.is_over() && game.state().turn() == turn {
            let decision = if taken >= 64 {
                crate::sim::first_available_option(&game)
            } else {
                strategy.decide(&game, &mut rng)
            };
            taken += 1;
            let _ = game.apply(&decision);
        }
        let _ = writeln!(
            out,
            "\n{} {} — {}",
            capitalised(unit),
            turn + 1,
            s.calendar(turn).label()
        );
        let notices = game.state().notices();
        for n in &notices[seen.min(notices.len())..] {
            let t = crate::engine::notice_text(&s, &n.kind);
            if !t.quiet {
                let _ = writeln!(
                    out,
                    "  {} {}",
                    t.icon,
                    crate::level::diag::single_line(&t.title)
                );
            }
        }
        seen = notices.len();
        let after = game.state().vars();
        let moved: Vec<String> = shown
            .iter()
            .filter(|&&i| (after[i] - before[i]).abs() > 1e-9)
            .map(|&i| {
                format!(
                    "{} {} → {}",
                    s.vars[i].id,
                    round(before[i]),
                    round(after[i])
                )
            })
            .collect();
        if !moved.is_empty() {
            let _ = writeln!(out, "  {}", moved.join(", "));
        }
    }
    match game.ending() {
        Some(e) => {
            let e = s.ending(e);
            let _ = writeln!(
                out,
                "\nEnded: '{}' ({}){} in {unit} {}",
                e.id,
                e.grade,
                if e.victory { ", a victory" } else { "" },
                game.state().turn() + 1
            );
        }
        None => {
            let _ = writeln!(out, "\nNo ending after {turns} {unit}(s).");
        }
    }
    Ok(out)
}

fn capitalised(word: &str) -> String {
    let mut w = word.to_string();
    if let Some(first) = w.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    w
}

/// A meter's value as the player sees it (one decimal, no trailing ".0").
fn round(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr as _;

    #[test]
    fn cells_are_measured_in_display_columns() {
        assert_eq!(cell("abc", 5), "abc  ");
        // Four CJK characters are eight columns: cut to fit six, with the ellipsis.
        let c = cell("한국어판", 6);
        assert_eq!(c.width(), 6, "{c:?}");
        assert!(c.contains('…'), "{c:?}");
        assert_eq!(cell("北京", 6), "北京  ");
        assert_eq!(cell("a\nb", 4), "a b ");
    }
}
