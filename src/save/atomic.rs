//! Crash-safe file replacement: whatever happens (a crash, a kill, a full disk), the file at
//! the target path is always either the complete old version or the complete new one.
//!
//! The steps: write the new bytes to a temporary file in the same folder and fsync it; give
//! the current file a temporary second name (a hard link, or a synced copy where links are
//! not supported); rename the new file over the target (atomic on one file system); rename
//! the second name to `NAME.bak` (also atomic); fsync the folder so the renames survive a
//! power cut.
//!
//! The file system calls go through [`SaveFs`] so tests can inject failures (a full disk at
//! any step) without needing a real full disk.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The file system operations a save needs. [`RealFs`] is the real one.
pub trait SaveFs: Send + Sync + std::fmt::Debug {
    fn create_dir_all(&self, dir: &Path) -> std::io::Result<()>;
    /// Create `path` (which must not exist), write all of `bytes`, and fsync it.
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;
    /// A second name for the file at `from`: a hard link, or a synced copy.
    fn link_or_copy(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    fn remove_file(&self, path: &Path) -> std::io::Result<()>;
    /// Make the folder's entries (renames) durable. Best effort where unsupported.
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()>;
}

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealFs;

impl SaveFs for RealFs {
    fn create_dir_all(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)
    }

    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    fn link_or_copy(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        if std::fs::hard_link(from, to).is_ok() {
            return Ok(());
        }
        std::fs::copy(from, to)?;
        std::fs::File::open(to)?.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        std::fs::remove_file(path)
    }

    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            std::fs::File::open(dir)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            // Windows cannot open a folder for syncing; NTFS journals the rename itself.
            let _ = dir;
            Ok(())
        }
    }
}

/// A temporary name next to `target`, unique within this process and across processes.
fn temp_path(target: &Path, what: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{what}-{}-{n}", std::process::id()))
}

/// What went wrong, and at which step.
#[derive(Debug)]
pub struct WriteFailure {
    pub step: &'static str,
    pub source: std::io::Error,
}

fn step(step: &'static str) -> impl FnOnce(std::io::Error) -> WriteFailure {
    move |source| WriteFailure { step, source }
}

/// Replace `target` with `bytes` atomically. When `keep` is given and `target` exists, the
/// current file is first given the name `keep` (its backup), also atomically. On failure
/// the temporary files are removed and `target` (and the old backup) are untouched.
pub fn replace(
    fs: &dyn SaveFs,
    target: &Path,
    bytes: &[u8],
    keep: Option<&Path>,
) -> Result<(), WriteFailure> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs.create_dir_all(dir)
        .map_err(step("cannot create the folder"))?;
    let temp = temp_path(target, "tmp");
    if let Err(e) = fs.write_new_synced(&temp, bytes) {
        let _ = fs.remove_file(&temp);
        return Err(step("cannot write the file")(e));
    }
    // The current file gets a second name first (a link costs nothing); it only becomes the
    // backup once the new file is in place, so a failure before that leaves both the save
    // and its old backup as they were.
    let keep_temp = match keep {
        Some(_) if target.exists() => {
            let keep_temp = temp_path(target, "keep");
            if let Err(e) = fs.link_or_copy(target, &keep_temp) {
                let _ = fs.remove_file(&keep_temp);
                let _ = fs.remove_file(&temp);
                return Err(step("cannot keep a backup of the previous save")(e));
            }
            Some(keep_temp)
        }
        _ => None,
    };
    if let Err(e) = fs.rename(&temp, target) {
        let _ = fs.remove_file(&temp);
        if let Some(keep_temp) = &keep_temp {
            let _ = fs.remove_file(keep_temp);
        }
        return Err(step("cannot replace the file")(e));
    }
    if let (Some(keep_temp), Some(keep)) = (&keep_temp, keep)
        && fs.rename(keep_temp, keep).is_err()
    {
        // The save itself succeeded; the backup stays one version older than it should.
        let _ = fs.remove_file(keep_temp);
    }
    // The new file is in place; a failed folder sync only weakens durability against a
    // power cut, so it does not turn a save that happened into a reported failure.
    let _ = fs.sync_dir(dir);
    Ok(())
}
