//! `sixparty debrief` and `sixparty compare`: reports on saved games.

use std::io::Write as _;

use anyhow::Result;

use super::args::{CompareArgs, DebriefArgs};
use super::{Exit, load_save};
use crate::save;

/// `sixparty debrief SAVE`.
pub fn debrief(args: DebriefArgs) -> Result<Exit> {
    let DebriefArgs {
        save: spec,
        output,
        what_if,
        anyway,
    } = args;
    let loaded = load_save(&spec, anyway).map_err(|e| anyhow::anyhow!("{e}"))?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let report = crate::debrief::report(&loaded.session, loaded.header.player.as_deref(), what_if);
    write_output(output.as_deref(), report.as_bytes())?;
    Ok(Exit::Ok)
}

/// `sixparty compare SAVE…`: rows for every save that loads; the others are reported and
/// make the exit status 1.
pub fn compare(args: CompareArgs) -> Result<Exit> {
    let CompareArgs {
        saves: specs,
        output,
    } = args;
    let mut loaded = Vec::new();
    let mut failed = false;
    for spec in &specs {
        match load_save(spec, false) {
            Ok(l) => loaded.push((spec.clone(), l)),
            Err(e) => {
                failed = true;
                eprintln!("sixparty: skipped {spec}: {e}");
            }
        }
    }
    let entries: Vec<crate::compare::Entry<'_>> = loaded
        .iter()
        .map(|(spec, l)| crate::compare::Entry {
            file: spec.clone(),
            player: l.header.player.clone(),
            session: &l.session,
        })
        .collect();
    write_output(output.as_deref(), crate::compare::csv(&entries).as_bytes())?;
    Ok(if failed { Exit::BadInput } else { Exit::Ok })
}

/// Write to a file atomically (or to stdout without one).
pub fn write_output(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(path) => save::atomic::replace(&save::RealFs, path, bytes, None)
            .map_err(|f| anyhow::anyhow!("{}: {}: {}", path.display(), f.step, f.source)),
        None => {
            std::io::stdout().lock().write_all(bytes)?;
            Ok(())
        }
    }
}
