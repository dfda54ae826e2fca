//! `sixparty debrief` and `sixparty compare`: reports on saved games.

use anyhow::Result;

use super::args::{CompareArgs, DebriefArgs, MAX_WHAT_IF};
use super::output::Output;
use super::{BadInput, Exit, load_save, save_file};
use crate::save;

/// `sixparty debrief SAVE`.
pub fn debrief(args: DebriefArgs) -> Result<Exit> {
    let DebriefArgs {
        save: spec,
        output,
        what_if,
        anyway,
    } = args;
    if what_if > MAX_WHAT_IF {
        return Err(BadInput(format!(
            "--what-if {what_if}: at most {MAX_WHAT_IF} games per strategy"
        ))
        .into());
    }
    let output = Output::check(output.as_deref(), &inputs(std::slice::from_ref(&spec)))?;
    let loaded = load_save(&spec, anyway).map_err(|e| BadInput(e.to_string()))?;
    for warning in &loaded.warnings {
        eprintln!("warning: {}", super::clean(warning));
    }
    let report = crate::debrief::report(&loaded.session, loaded.header.player.as_deref(), what_if);
    output.write(report.as_bytes())?;
    Ok(Exit::Ok)
}

/// `sixparty compare SAVE…`: rows for every save that loads; the others are reported and
/// make the exit status 1.
pub fn compare(args: CompareArgs) -> Result<Exit> {
    let CompareArgs {
        saves: specs,
        output,
    } = args;
    let output = Output::check(output.as_deref(), &inputs(&specs))?;
    let mut loaded = Vec::new();
    let mut failed = false;
    for spec in &specs {
        match load_save(spec, false) {
            Ok(l) => loaded.push((spec.clone(), l)),
            Err(e) => {
                failed = true;
                eprintln!(
                    "sixparty: skipped {}: {}",
                    super::clean(spec),
                    super::clean(&e)
                );
            }
        }
    }
    let entries: Vec<crate::class::csv::Entry<'_>> = loaded
        .iter()
        .map(|(spec, l)| crate::class::csv::Entry {
            file: spec.clone(),
            player: l.header.player.clone(),
            session: &l.session,
            saved_at: l.header.saved_at,
        })
        .collect();
    output.write(crate::class::csv::csv(entries).as_bytes())?;
    Ok(if failed { Exit::BadInput } else { Exit::Ok })
}

/// The files (and their backups) the save arguments name: an output must not be one.
fn inputs(specs: &[String]) -> Vec<std::path::PathBuf> {
    specs
        .iter()
        .filter_map(|spec| save_file(spec))
        .flat_map(|file| [save::backup_path(&file), file])
        .collect()
}
