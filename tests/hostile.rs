//! The hostile-input suite (issue 12): special files as outputs, two games autosaving in one
//! folder, a level whose ledger would outgrow the save limit, a user level's save loaded
//! from another home, huge counts, carriage-return-only and escape-laden levels and saves.
//! Each test names the issue item it pins; each failed on the main before the fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HAWK: &str = "saves/fixture-talks-hawk-finished.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary from the project folder with its own empty home.
fn sixparty(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sixparty"))
        .args(args)
        .current_dir(root())
        .env("SIXPARTY_HOME", home)
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

// ---- Item 1: `-o` never replaces what is not a regular file, never an input ----

#[test]
fn output_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let home = tempfile::tempdir().expect("tempdir");
    let target = home.path().join("real.csv");
    std::fs::write(&target, "old").expect("writes");
    let link = home.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let out = sixparty(&["compare", HAWK, "-o", path_str(&link)], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let meta = std::fs::symlink_metadata(&link).expect("link still there");
    assert!(
        meta.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let written = std::fs::read_to_string(&target).expect("target");
    assert!(written.starts_with("file,player,level"), "{written}");
}

#[test]
fn output_to_a_fifo_writes_through_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let fifo = home.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("reads the fifo"))
    };
    let out = sixparty(&["compare", HAWK, "-o", path_str(&fifo)], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = reader.join().expect("reader");
    assert!(got.starts_with("file,player,level"), "{got}");
    use std::os::unix::fs::FileTypeExt as _;
    let meta = std::fs::symlink_metadata(&fifo).expect("fifo still there");
    assert!(
        meta.file_type().is_fifo(),
        "the FIFO was replaced by a file"
    );
}

#[test]
fn output_dash_and_dev_stdout_print_the_report() {
    let home = tempfile::tempdir().expect("tempdir");
    for target in ["-", "/dev/stdout"] {
        let out = sixparty(&["compare", HAWK, "-o", target], home.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{target}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).starts_with("file,player,level"),
            "{target}: {}",
            text(&out.stdout)
        );
        assert!(!root().join("-").exists(), "wrote a file named '-'");
    }
}

#[test]
fn output_that_is_an_input_is_refused_and_the_save_is_unchanged() {
    let home = tempfile::tempdir().expect("tempdir");
    let save = home.path().join("game.json");
    std::fs::copy(root().join(HAWK), &save).expect("copies");
    let before = std::fs::read(&save).expect("reads");
    for command in ["debrief", "compare"] {
        let out = sixparty(
            &[command, path_str(&save), "-o", path_str(&save)],
            home.path(),
        );
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = text(&out.stderr);
        assert!(err.contains("the output is the input"), "{command}: {err}");
        assert_eq!(std::fs::read(&save).expect("reads"), before, "{command}");
    }
}

#[test]
fn output_that_is_a_folder_is_refused_with_a_clear_message() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = sixparty(&["compare", HAWK, "-o", path_str(home.path())], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is a folder"),
        "{}",
        text(&out.stderr)
    );
}
