//! Where a report goes (`debrief -o FILE`, `compare -o FILE`).
//!
//! Reports are not saves, so they are written the way a shell's `>` would, with two
//! guards a shell lacks:
//! - `-` (or no `-o`) is standard output; anything that exists and is not a regular file (a
//!   FIFO, `/dev/stdout`, `/dev/null`, a terminal) is written *through*, never replaced;
//! - a symlink is followed and its target written, so the link stays a link;
//! - a regular file (or a new one) is replaced atomically, so a crash leaves the old report
//!   or the new one;
//! - an output that is one of the command's inputs (`debrief X.json -o X.json`) or a folder
//!   is refused before any work is done.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{BadInput, shown};
use crate::save;

/// A checked `-o` target.
#[derive(Debug)]
pub enum Output {
    Stdout,
    /// Write into the existing file as it is (a FIFO, a device, a terminal).
    Through(PathBuf),
    /// Replace atomically (a regular file, or a file that does not exist yet).
    Replace(PathBuf),
}

impl Output {
    /// Check `-o` against the command's input files, before any work is done.
    pub fn check(output: Option<&Path>, inputs: &[PathBuf]) -> Result<Output, BadInput> {
        let Some(path) = output else {
            return Ok(Output::Stdout);
        };
        if path.as_os_str() == "-" {
            return Ok(Output::Stdout);
        }
        if let Some(input) = inputs.iter().find(|i| same_file(i, path)) {
            return Err(BadInput(format!(
                "{}: the output is the input {}; choose another file for the report",
                shown(path),
                shown(input)
            )));
        }
        // `metadata` follows links: what matters is what the path finally names.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(BadInput(format!(
                "{}: is a folder; give a file name for the report (e.g. {}/report)",
                shown(path),
                shown(path)
            ))),
            // Opening the path itself follows any link (`/dev/stdout` links to a
            // `/proc/self/fd/1` whose own link target is no path at all).
            Ok(meta) if !meta.is_file() => Ok(Output::Through(path.to_path_buf())),
            Ok(_) => Ok(Output::Replace(
                std::fs::canonicalize(path).unwrap_or_else(|_| follow(path)),
            )),
            Err(_) => Ok(Output::Replace(follow(path))),
        }
    }

    /// Write the report.
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Output::Stdout => std::io::stdout().lock().write_all(bytes)?,
            Output::Through(path) => std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|e| anyhow::anyhow!("{}: {}", shown(path), super::io_reason(&e)))?,
            Output::Replace(path) => save::atomic::replace(&save::RealFs, path, bytes, None)
                .map_err(|f| {
                    anyhow::anyhow!(
                        "{}: {}: {}",
                        shown(path),
                        f.step,
                        super::io_reason(&f.source)
                    )
                })?,
        }
        Ok(())
    }
}

/// A symlink's final target (a dangling one's target path, so writing creates it there);
/// any other path as it is.
fn follow(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A bounded walk: a link loop ends here and fails later with the system's message.
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(target) => {
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                }
            }
            Err(_) => return current,
        }
    }
    current
}

/// Whether two paths name the same existing file (same device and inode on Unix).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}
