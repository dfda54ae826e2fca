//! `sixparty play --load SAVE`: loads before any terminal mode, prints the level, month and
//! state; a bad save is a message naming the file (exit status 1), never a panic.

mod cli_support;

/// Exit status, standard output and standard error of `sixparty ARGS`.
fn run(args: &[&str], home: &std::path::Path) -> (i32, String, String) {
    let out = cli_support::sixparty(args, home);
    (
        out.status.code().unwrap_or(-1),
        cli_support::text(&out.stdout),
        cli_support::text(&out.stderr),
    )
}

#[test]
fn play_load_prints_the_loaded_game() {
    let home = tempfile::tempdir().expect("tempdir");
    let (code, out, err) = run(
        &["play", "--load", "saves/fixture-talks-awaiting-answer.json"],
        home.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Level:  Fixture Talks (fixture-talks, version 1)"),
        "{out}"
    );
    assert!(
        out.contains("Month:  February 2017 (month 2 of 36)"),
        "{out}"
    );
    assert!(out.contains("waits for your answer"), "{out}");
}

#[test]
fn play_load_finds_a_named_save_in_the_saves_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join("saves")).expect("mkdir");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("saves/fixture-talks-memo-finished.json");
    std::fs::copy(&fixture, home.path().join("saves/my game.json")).expect("copies");
    let (code, out, err) = run(&["play", "--load", "my game"], home.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("State:  over: War on the peninsula"), "{out}");
}

#[test]
fn play_load_reports_bad_saves() {
    let home = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = run(
        &["play", "--load", "tests/fixtures/saves/garbage.json"],
        home.path(),
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with("sixparty: tests/fixtures/saves/garbage.json: this is not a sixparty save"),
        "{err}"
    );
    // A path (it has a separator) is read as a file, not refused as a save's name.
    let (code, _, err) = run(&["play", "--load", "../../no-such-folder/x"], home.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("../../no-such-folder/x: cannot read the save: No such file or directory"),
        "{err}"
    );
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    let (code, _, err) = run(&["play", "--load", "nothing-here"], home.path());
    assert_eq!(code, 1);
    assert!(err.contains("no save named 'nothing-here'"), "{err}");
}
