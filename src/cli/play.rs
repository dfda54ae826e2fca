//! `sixparty play` and the title screen (no command): load first, then hand the session to
//! the terminal game.

use std::io::Write as _;

use anyhow::Result;

use super::args::PlayArgs;
use super::{BadInput, DEFAULT_LEVEL, Exit, load_level, load_save};
use crate::save;

/// The saves local play uses: the player's folder, with their name once they gave it.
fn local_saves() -> Box<dyn crate::ui::model::SaveStore> {
    crate::class::local_saves()
}

/// No command: the title screen.
pub fn title_screen(teacher: bool) -> Result<Exit> {
    let signal = crate::ui::run(None, local_saves(), teacher)?;
    Ok(exit_after(signal))
}

pub fn run(args: PlayArgs) -> Result<Exit> {
    if let Some(spec) = args.load {
        return load_and_play(&spec, args.anyway, args.teacher);
    }
    let mut watch = None;
    let (level, seed) = if let Some(code) = args.code {
        crate::challenge::resolve(&code).map_err(|e| BadInput(format!("{e:#}")))?
    } else {
        // Load before the terminal changes mode, so a broken level prints normally.
        let level = load_level(args.level.as_deref().unwrap_or(DEFAULT_LEVEL))?;
        if args.watch {
            match &level.origin {
                crate::level::Origin::File(path) => watch = Some(path.clone()),
                crate::level::Origin::Builtin => {
                    return Err(BadInput(
                        "--watch needs a level file: copy the level with `sixparty level new` or give a path".into(),
                    )
                    .into());
                }
            }
        }
        let seed = args.seed.unwrap_or_else(crate::ui::model::clock_seed);
        (level, seed)
    };
    let mut setup = crate::engine::Setup::new_game(&level.scenario);
    if let Some(id) = &args.difficulty {
        setup.difficulty = Some(difficulty(&level, id)?);
    }
    let session = crate::session::Session::with_setup(level, seed, setup);
    let signal = crate::ui::run_watching(Some(session), local_saves(), args.teacher, watch)?;
    Ok(exit_after(signal))
}

/// `--difficulty ID`: one the level offers, else what it offers.
fn difficulty(level: &crate::level::Level, id: &str) -> Result<crate::engine::DifficultyId> {
    let offered = &level.scenario.difficulties;
    level.scenario.difficulty_id(id).ok_or_else(|| {
        let ids: Vec<&str> = offered.iter().map(|d| d.id.as_str()).collect();
        let offers = if ids.is_empty() {
            "offers no difficulties".to_string()
        } else {
            format!("offers {}", ids.join(", "))
        };
        BadInput(format!(
            "level '{}' has no difficulty '{}': it {offers}",
            level.id(),
            super::clean(id)
        ))
        .into()
    })
}

/// `play --load SAVE`.
fn load_and_play(spec: &str, anyway: bool, teacher: bool) -> Result<Exit> {
    // Load (and report any problem) before the terminal changes mode.
    let loaded = match load_save(spec, anyway) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("sixparty: {}", super::clean(&e));
            if let Some(backup) = e.backup() {
                eprintln!(
                    "A backup of this save exists: sixparty play --load '{}'",
                    super::shown(&backup)
                );
            }
            if e.can_load_anyway() {
                eprintln!(
                    "To try anyway: sixparty play --load '{}' --anyway",
                    super::clean(spec)
                );
            }
            return Ok(Exit::BadInput);
        }
    };
    for warning in &loaded.warnings {
        eprintln!("sixparty: warning: {}", super::clean(warning));
    }
    if !crate::ui::is_terminal() {
        // Piped or scripted: show what the save holds instead of failing to draw.
        let mut out = std::io::stdout().lock();
        write!(out, "{}", describe_loaded(&loaded))?;
        writeln!(out, "(Not a terminal: run this in a terminal to play on.)")?;
        return Ok(Exit::Ok);
    }
    let signal = crate::ui::run(Some(loaded.session), local_saves(), teacher)?;
    Ok(exit_after(signal))
}

/// 0 after a normal quit; 128 + the signal's number after SIGTERM/SIGHUP/SIGINT.
fn exit_after(signal: Option<i32>) -> Exit {
    signal.map_or(Exit::Ok, Exit::Signal)
}

/// A few lines about a loaded save: level, month, state (what `play --load` prints until the
/// terminal game takes over).
pub fn describe_loaded(loaded: &save::Loaded) -> String {
    use std::fmt::Write as _;
    let header = &loaded.header;
    let game = loaded.session.game();
    let scenario = game.scenario();
    let state = game.state();
    let mut s = String::new();
    let by = header
        .player
        .as_deref()
        .map(|p| format!(" by {p}"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "Loaded a game saved {}{by}.",
        save::format_time(header.saved_at)
    );
    let _ = writeln!(
        s,
        "Level:  {} ({}, version {})",
        scenario.meta.title, scenario.meta.id, scenario.meta.version
    );
    // The one calendar (Scenario::calendar via State::date): for a finished game, the turn
    // its ending fired in, as on the end screen and in the save's name.
    let unit = scenario.meta.turn_length.noun();
    let _ = writeln!(
        s,
        "Month:  {} ({unit} {} of {})",
        state.date().long_label(),
        state.shown_turn().saturating_add(1),
        scenario.meta.length
    );
    let status = match (game.ending(), game.pending_event()) {
        (Some(e), _) => {
            let e = scenario.ending(e);
            format!(
                "over: {} ({}){}",
                e.title,
                e.grade,
                if e.victory { ", a victory" } else { "" }
            )
        }
        (None, Some(e)) => format!(
            "in play; '{}' waits for your answer",
            scenario.event(e).title
        ),
        (None, None) => "in play".to_string(),
    };
    let _ = writeln!(s, "State:  {status}");
    for var in scenario.vars.iter().filter(|v| v.shown) {
        if let Some(id) = scenario.var_id(&var.id) {
            let value = state.var(id);
            let stage = var
                .stage_label(value)
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            let _ = writeln!(s, "  {:<24} {value:>6.1}{stage}", var.label);
        }
    }
    let _ = writeln!(
        s,
        "Seed {}, {} decisions.",
        loaded.session.seed,
        loaded.session.log().len()
    );
    for warning in &loaded.warnings {
        let _ = writeln!(s, "Warning: {warning}");
    }
    // The warnings quote ids from the save's log: untrusted text.
    super::clean(s)
}
