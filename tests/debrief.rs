//! The after-action report and the class CSV on fixture saves (issue: teach the tradeoffs).

use std::path::Path;
use std::process::Command;

use sixparty::save::{LoadOptions, load_path};

fn load(file: &str) -> sixparty::save::Loaded {
    load_path(Path::new(file), LoadOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn debrief_of_a_finished_fixture_matches_its_snapshot() {
    let loaded = load("saves/fixture-talks-memo-finished.json");
    let report = sixparty::debrief::report(&loaded.session, loaded.header.player.as_deref(), 50);
    insta::assert_snapshot!("debrief_memo_finished", report);
}

#[test]
fn debrief_of_a_game_in_progress_matches_its_snapshot() {
    let loaded = load("saves/fixture-talks-random-month-7.json");
    let report = sixparty::debrief::report(&loaded.session, loaded.header.player.as_deref(), 50);
    assert!(report.contains("- **Player:** Fixture Player"));
    insta::assert_snapshot!("debrief_in_progress", report);
}

#[test]
fn compare_on_fixture_saves_gives_the_expected_csv() {
    let files = [
        "saves/fixture-talks-pressure-only-finished.json",
        "saves/fixture-talks-random-month-7.json",
    ];
    let loaded: Vec<_> = files.iter().map(|f| load(f)).collect();
    let entries: Vec<_> = files
        .iter()
        .zip(&loaded)
        .map(|(f, l)| sixparty::compare::Entry {
            file: f.to_string(),
            player: l.header.player.clone(),
            session: &l.session,
        })
        .collect();
    let csv = sixparty::compare::csv(&entries);
    let expected = "\
file,player,level,seed,code,ending,months,decisions,capital,tension,program,support,sanctions,joint,talks,credibility
saves/fixture-talks-pressure-only-finished.json,,fixture-talks,2,fixture-talks-2-96206846,war,6,15,34,98,66,74,4,0,0,62
saves/fixture-talks-random-month-7.json,Fixture Player,fixture-talks,3,fixture-talks-3-96206846,in progress,6,23,8,69,68,68,0,0,2,49
";
    assert_eq!(csv, expected);
}

#[test]
fn the_cli_writes_debrief_and_compare_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = env!("CARGO_BIN_EXE_sixparty");
    let report = dir.path().join("report.md");
    let status = Command::new(bin)
        .args([
            "debrief",
            "saves/fixture-talks-pressure-only-finished.json",
            "--what-if",
            "10",
            "-o",
        ])
        .arg(&report)
        .env("SIXPARTY_HOME", dir.path())
        .status()
        .expect("runs");
    assert!(status.success());
    let text = std::fs::read_to_string(&report).expect("written");
    assert!(text.starts_with("# After-action report: "));

    let csv = dir.path().join("class.csv");
    let out = Command::new(bin)
        .args([
            "compare",
            "saves/fixture-talks-pressure-only-finished.json",
            "tests/fixtures/saves/garbage.json",
            "-o",
        ])
        .arg(&csv)
        .env("SIXPARTY_HOME", dir.path())
        .output()
        .expect("runs");
    // The garbage save is reported and skipped; the good one is written.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped tests/fixtures/saves/garbage.json"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&csv)
            .expect("written")
            .lines()
            .count(),
        2
    );
}

#[test]
fn simulate_can_save_every_game_and_the_saves_debrief() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = env!("CARGO_BIN_EXE_sixparty");
    let games = dir.path().join("games");
    let out = Command::new(bin)
        .args([
            "simulate",
            "tests/fixtures/levels/fixture-talks.toml",
            "--strategy",
            "memo",
            "--games",
            "3",
            "--seed",
            "9",
            "--save-games",
        ])
        .arg(&games)
        .env("SIXPARTY_HOME", dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<_> = std::fs::read_dir(&games)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "fixture-talks-memo-0000.json",
            "fixture-talks-memo-0001.json",
            "fixture-talks-memo-0002.json"
        ]
    );
    let loaded = load_path(&games.join(&names[0]), LoadOptions::default()).expect("loads");
    assert!(loaded.session.game().is_over());
}
