//! Saves that go wrong: injected write failures (a full disk at every step, /dev/full, an
//! unwritable folder) leave the old save intact; path-traversal names are refused; a changed
//! level or a tampered snapshot is reported and can be loaded anyway; a broken slot is never
//! made the backup.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sixparty::level::{self, Level};
use sixparty::save::{self, LoadOptions, LoadWarning, RealFs, SaveError, SaveFs, SaveStore};
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, run_game};

fn fixture_level() -> Level {
    level::load_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels/fixture-talks.toml"),
    )
    .expect("loads")
}

fn played(level: &Level, seed: u64) -> Session {
    let r = run_game(&level.scenario, seed, StrategyKind::Random, true);
    Session::replay(level.clone(), seed, &r.decisions).expect("replays")
}

/// The real file system, failing with "no space left" at one step.
#[derive(Debug)]
struct Failing {
    at: &'static str,
}

fn full() -> io::Error {
    io::Error::new(io::ErrorKind::StorageFull, "No space left on device")
}

impl SaveFs for Failing {
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        if self.at == "mkdir" {
            return Err(full());
        }
        RealFs.create_dir_all(dir)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.at == "write" {
            // Half the bytes reach the disk, then it is full.
            std::fs::write(path, &bytes[..bytes.len() / 2])?;
            return Err(full());
        }
        RealFs.write_new_synced(path, bytes)
    }
    fn link_or_copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        if self.at == "link" {
            return Err(full());
        }
        RealFs.link_or_copy(from, to)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let is_main = to.extension().is_some_and(|e| e == "json");
        if (self.at == "rename" && is_main) || (self.at == "rename-backup" && !is_main) {
            return Err(full());
        }
        RealFs.rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_file(path)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        RealFs.sync_dir(dir)
    }
}

/// Each file's name, size and content hash (short enough to print when a test fails).
fn files_in(dir: &Path) -> Vec<(String, usize, u64)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("lists")
        .flatten()
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("reads");
            let text = String::from_utf8_lossy(&bytes);
            (
                e.file_name().to_string_lossy().into_owned(),
                bytes.len(),
                level::content_hash(&text),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_failed_write_at_any_step_leaves_the_old_save_and_backup_intact() {
    let level = fixture_level();
    let (a, b, c) = (played(&level, 1), played(&level, 2), played(&level, 3));
    for at in ["mkdir", "write", "link", "rename"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = SaveStore::at(dir.path());
        good.save("slot", &a, None).expect("saves");
        good.save("slot", &b, None).expect("saves");
        let before = files_in(dir.path());
        let failing = SaveStore::with_fs(dir.path(), Arc::new(Failing { at }));
        let err = failing.save("slot", &c, None).expect_err("fails");
        assert!(err.is_disk_full(), "{at}: {err}");
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "could not save {}",
                dir.path().join("slot.json").display()
            )),
            "{message}"
        );
        assert!(message.ends_with("No space left on device"), "{message}");
        // Same files, same bytes: no temp left behind, nothing replaced.
        assert_eq!(files_in(dir.path()), before, "{at}");
        let loaded = good
            .load("slot", LoadOptions::default())
            .expect("old save loads");
        assert_eq!(loaded.session.game().state(), b.game().state());
        let backup = good
            .load_backup("slot", LoadOptions::default())
            .expect("old backup loads");
        assert_eq!(backup.session.game().state(), a.game().state());
    }
    // When only the last step (renaming the backup) fails, the save itself happened; the
    // backup is the older one and no temporary file is left.
    let dir = tempfile::tempdir().expect("tempdir");
    let good = SaveStore::at(dir.path());
    good.save("slot", &a, None).expect("saves");
    good.save("slot", &b, None).expect("saves");
    SaveStore::with_fs(
        dir.path(),
        Arc::new(Failing {
            at: "rename-backup",
        }),
    )
    .save("slot", &c, None)
    .expect("the save succeeds");
    let names: Vec<_> = files_in(dir.path()).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["slot.json", "slot.json.bak"]);
    let loaded = good
        .load("slot", LoadOptions::default())
        .expect("new save loads");
    assert_eq!(loaded.session.game().state(), c.game().state());
    let backup = good
        .load_backup("slot", LoadOptions::default())
        .expect("backup loads");
    assert_eq!(backup.session.game().state(), a.game().state());
}

/// The kernel's own "disk full": write the temporary file's bytes into /dev/full.
#[derive(Debug)]
struct DevFull;

impl SaveFs for DevFull {
    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        RealFs.create_dir_all(dir)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write as _;
        std::fs::File::create(path)?;
        let mut f = std::fs::OpenOptions::new().write(true).open("/dev/full")?;
        f.write_all(bytes)?;
        f.sync_all()
    }
    fn link_or_copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.link_or_copy(from, to)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_file(path)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        RealFs.sync_dir(dir)
    }
}

#[test]
fn dev_full_is_an_error_value_and_the_old_save_stays() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let level = fixture_level();
    let dir = tempfile::tempdir().expect("tempdir");
    SaveStore::at(dir.path())
        .save("slot", &played(&level, 1), None)
        .expect("saves");
    let before = files_in(dir.path());
    let err = SaveStore::with_fs(dir.path(), Arc::new(DevFull))
        .save("slot", &played(&level, 2), None)
        .expect_err("disk full");
    assert!(err.is_disk_full(), "{err}");
    assert_eq!(files_in(dir.path()), before);
}

#[test]
fn an_unwritable_folder_is_an_error_value() {
    let level = fixture_level();
    let dir = tempfile::tempdir().expect("tempdir");
    // A file where the saves folder should be: works even when running as root.
    let blocker = dir.path().join("saves");
    std::fs::write(&blocker, b"not a folder").expect("writes");
    let store = SaveStore::at(blocker.join("inner"));
    let err = store
        .save("slot", &played(&level, 1), None)
        .expect_err("fails");
    assert!(
        matches!(
            err,
            SaveError::Write {
                step: "cannot create the folder",
                ..
            }
        ),
        "{err}"
    );
    let err = store.autosave(&played(&level, 1), None).expect_err("fails");
    assert!(matches!(err, SaveError::Write { .. }), "{err}");
    assert_eq!(std::fs::read(&blocker).expect("intact"), b"not a folder");
}

#[test]
fn path_traversal_names_are_refused() {
    let level = fixture_level();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path().join("saves"));
    let session = played(&level, 1);
    for name in [
        "../escape",
        "..",
        "a/../../b",
        "/etc/passwd",
        "..\\..\\win",
        "C:evil",
        "sub/dir",
        "NUL",
        "autosave-1",
        "",
        ".profile",
    ] {
        let err = store.save(name, &session, None).expect_err(name);
        assert!(matches!(err, SaveError::BadName { .. }), "{name}: {err}");
        assert!(err.to_string().contains("cannot be a save name"), "{err}");
        assert!(
            matches!(
                store.load(name, LoadOptions::default()),
                Err(SaveError::BadName { .. }) | Err(SaveError::NotFound { .. })
            ),
            "{name}"
        );
        assert!(store.delete(name).is_err(), "{name}");
    }
    assert_eq!(
        store
            .save("../escape", &session, None)
            .expect_err("refused")
            .to_string(),
        "'../escape' cannot be a save name: it may not contain / or \\"
    );
    // Nothing was written anywhere.
    assert!(!dir.path().join("saves").exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("lists").count(), 0);
}

fn copy_level(dir: &Path) -> PathBuf {
    let path = dir.join("my-level.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels/fixture-talks.toml"),
        &path,
    )
    .expect("copies");
    path
}

#[test]
fn a_changed_level_is_reported_and_loads_anyway_on_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let level_path = copy_level(dir.path());
    let level = level::load_file(&level_path).expect("loads");
    let store = SaveStore::at(dir.path().join("saves"));
    let session = played(&level, 8);
    store.save("game", &session, None).expect("saves");

    // A harmless edit: same ids, new text and version.
    let text = std::fs::read_to_string(&level_path).expect("reads");
    std::fs::write(
        &level_path,
        text.replace("version = \"1\"", "version = \"2\"")
            .replace("Fixture Talks", "Fixture Talks, revised"),
    )
    .expect("writes");
    let save_file = dir.path().join("saves/game.json");
    let bytes = std::fs::read(&save_file).expect("reads");
    let err = store
        .load("game", LoadOptions::default())
        .expect_err("changed");
    assert!(err.can_load_anyway());
    let m = err.to_string();
    assert!(
        m.contains("has changed since this game was saved (version 1 → 2)"),
        "{m}"
    );
    let loaded = store
        .load("game", LoadOptions { anyway: true })
        .expect("loads anyway");
    assert!(matches!(
        loaded.warnings.as_slice(),
        [LoadWarning::LevelChanged { .. }]
    ));
    assert_eq!(loaded.session.log(), session.log());
    assert_eq!(
        std::fs::read(&save_file).expect("reads"),
        bytes,
        "loading changed the file"
    );

    // An edit that removes an action the game used: the replay goes as far as it can.
    let used = session.log().iter().find_map(|d| match d {
        sixparty::engine::Decision::Act(a) => Some(session.game().scenario().action(*a).id.clone()),
        _ => None,
    });
    if let Some(action) = used {
        let text = std::fs::read_to_string(&level_path).expect("reads");
        std::fs::write(
            &level_path,
            text.replace(&format!("id = \"{action}\""), "id = \"renamed_action\""),
        )
        .expect("writes");
        let loaded = store
            .load("game", LoadOptions { anyway: true })
            .expect("loads anyway");
        assert!(
            loaded.warnings.iter().any(|w| matches!(w, LoadWarning::ReplayStopped { reason, .. } if reason.contains(&action))),
            "{:?}",
            loaded.warnings
        );
        assert!(loaded.session.log().len() < session.log().len());
    }
}

#[test]
fn a_missing_level_file_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let level_path = copy_level(dir.path());
    let level = level::load_file(&level_path).expect("loads");
    let store = SaveStore::at(dir.path().join("saves"));
    store.save("game", &played(&level, 8), None).expect("saves");
    std::fs::remove_file(&level_path).expect("removes");
    let err = store
        .load("game", LoadOptions::default())
        .expect_err("missing");
    assert!(matches!(err, SaveError::LevelMissing { .. }), "{err}");
    assert!(
        err.to_string().ends_with(&format!(
            "the save's level file {} is missing",
            level_path.display()
        )),
        "{err}"
    );
}

#[test]
fn a_tampered_snapshot_is_a_reported_mismatch() {
    let level = fixture_level();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path());
    let session = played(&level, 12);
    store.save("game", &session, None).expect("saves");
    let path = dir.path().join("game.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("reads")).expect("json");
    json["state"]["vars"][1] = serde_json::json!(99.5);
    std::fs::write(&path, serde_json::to_vec(&json).expect("encodes")).expect("writes");
    let err = store
        .load("game", LoadOptions::default())
        .expect_err("mismatch");
    assert!(matches!(err, SaveError::Mismatch { .. }), "{err}");
    assert!(err.to_string().contains("1 variable(s) differ"), "{err}");
    let loaded = store
        .load("game", LoadOptions { anyway: true })
        .expect("anyway");
    assert!(matches!(
        loaded.warnings.as_slice(),
        [LoadWarning::Mismatch(_)]
    ));
    // The replay wins: the game is the one the decisions produce.
    assert_eq!(loaded.session.game().state(), session.game().state());
}

/// A save cut at any byte is "cut short", whatever token the cut falls in (a number cut to
/// `12.` is a syntax error to serde_json, not an early end).
#[test]
fn a_save_cut_at_any_byte_is_reported_as_truncated() {
    let level = fixture_level();
    let bytes = save::encode(&played(&level, 5), None).expect("encodes");
    let file = Path::new("cut.json");
    let content_end = bytes.trim_ascii_end().len();
    for cut in 1..content_end {
        let err = save::decode(file, &bytes[..cut]).expect_err("a cut save never decodes");
        assert!(
            matches!(err, SaveError::Truncated { .. }),
            "cut at byte {cut} of {content_end}: {err}"
        );
    }
    assert!(save::decode(file, &bytes[..content_end]).is_ok());
}

#[test]
fn a_broken_slot_offers_its_backup_and_never_becomes_the_backup() {
    let level = fixture_level();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path());
    let (a, b, c) = (played(&level, 1), played(&level, 2), played(&level, 3));
    store.save("slot", &a, None).expect("saves");
    store.save("slot", &b, None).expect("saves");
    let path = dir.path().join("slot.json");
    let bytes = std::fs::read(&path).expect("reads");
    std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("truncates");
    let err = store
        .load("slot", LoadOptions::default())
        .expect_err("broken");
    assert!(matches!(err, SaveError::Truncated { .. }), "{err}");
    assert_eq!(err.backup(), Some(save::backup_path(&path)));
    let listed = store.list().expect("lists");
    assert!(listed[0].header.is_err() && listed[0].has_backup());
    let backup = store
        .load_backup("slot", LoadOptions::default())
        .expect("backup loads");
    assert_eq!(backup.session.game().state(), a.game().state());
    // Saving over the broken slot keeps the good backup and sets the broken file aside.
    store.save("slot", &c, None).expect("saves");
    let backup = store
        .load_backup("slot", LoadOptions::default())
        .expect("backup loads");
    assert_eq!(backup.session.game().state(), a.game().state());
    assert_eq!(
        std::fs::read(dir.path().join("slot.json.broken")).expect("kept"),
        &bytes[..bytes.len() / 3]
    );
    assert!(store.latest().expect("latest").is_some());
}
