//! `sixparty level info LEVEL` and `sixparty handout LEVEL [-o FILE] [--teacher]`: teacher
//! materials from a level file (the text itself is [`crate::handout`]'s).

use std::io::Write as _;

use anyhow::Result;

use super::args::HandoutArgs;
use super::output::Output;
use super::{BadInput, Exit, load_level, message};

/// Load the level a teacher named; a level that does not load is bad input (exit 1).
fn level(spec: &str) -> Result<crate::level::Level> {
    load_level(spec).map_err(|e| BadInput(message(&e)).into())
}

/// `sixparty level info LEVEL`.
pub fn info(spec: &str) -> Result<Exit> {
    let level = level(spec)?;
    let mut out = std::io::stdout().lock();
    write!(out, "{}", crate::handout::info(&level))?;
    Ok(Exit::Ok)
}

/// `sixparty handout LEVEL`.
pub fn handout(args: HandoutArgs) -> Result<Exit> {
    let HandoutArgs {
        level: spec,
        output,
        teacher,
    } = args;
    // The level file is an input: the packet must not be written over it.
    let inputs: Vec<std::path::PathBuf> = std::path::Path::new(&spec)
        .is_file()
        .then(|| std::path::PathBuf::from(&spec))
        .into_iter()
        .collect();
    let output = Output::check(output.as_deref(), &inputs)?;
    let level = level(&spec)?;
    output.write(crate::handout::handout(&level, teacher).as_bytes())?;
    Ok(Exit::Ok)
}
