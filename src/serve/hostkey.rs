//! The server's host key: generated once (Ed25519) and kept in the data folder as
//! `host_key` (OpenSSH format, mode 0600 where the platform has modes), so students who
//! connect again are not warned that the server's key changed.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};
use russh::keys::{Algorithm, PrivateKey};

/// A new Ed25519 key.
pub fn generate() -> Result<PrivateKey> {
    PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).context("generating a host key")
}

/// The key at `path`, or a new one written there first.
pub fn load_or_create(path: &Path) -> Result<PrivateKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            tighten(path);
            PrivateKey::from_openssh(text.trim())
                .with_context(|| format!("reading the host key {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = generate()?;
            let text = key
                .to_openssh(russh::keys::ssh_key::LineEnding::LF)
                .context("encoding the host key")?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            let mut file = private_file(path)
                .with_context(|| format!("creating the host key {}", path.display()))?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            Ok(key)
        }
        Err(e) => Err(e).with_context(|| format!("reading the host key {}", path.display())),
    }
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// A key file others can read is made private again (a copy or an unpack may have
/// loosened it).
#[cfg(unix)]
fn tighten(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
}

#[cfg(not(unix))]
fn tighten(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_kept_private() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("sub").join("host_key");
        let first = load_or_create(&path).expect("created");
        let again = load_or_create(&path).expect("loaded");
        assert_eq!(first.public_key(), again.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
