//! The fixture saves in `saves/` (this format version) all load, and the broken-save
//! fixtures in `tests/fixtures/saves/` give their expected messages.
//!
//! `cargo test --test save_fixtures -- --ignored regenerate` rewrites both sets (only when
//! the format version changes: old fixtures must keep loading, through a migration).

use std::path::{Path, PathBuf};

use sixparty::engine::Decision;
use sixparty::level;
use sixparty::save::{self, FORMAT_VERSION, LoadOptions, SaveError};
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, run_game};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_saves() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("saves"))
        .expect("saves/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_fixture_save_loads_and_replays_to_its_snapshot() {
    let files = fixture_saves();
    assert!(files.len() >= 4, "fixtures missing: {files:?}");
    let mut kinds = [false; 4];
    for file in files {
        let loaded =
            save::load_path(&file, LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            file.display(),
            loaded.warnings
        );
        // The fixtures are format 1 (the whole ledger in the snapshot) and must keep
        // loading; this build writes format 2.
        assert_eq!(loaded.header.format_version, 1);
        assert_eq!(FORMAT_VERSION, 2);
        for d in loaded.session.log() {
            kinds[match d {
                Decision::Act(_) => 0,
                Decision::Table(_) => 1,
                Decision::Choose { .. } => 2,
                Decision::EndMonth => 3,
            }] = true;
        }
        // Saving the loaded game again gives the same log and state.
        let bytes =
            save::encode(&loaded.session, loaded.header.player.as_deref()).expect("encodes");
        let again = save::decode(&file, &bytes).expect("decodes");
        let original = save::decode(&file, &std::fs::read(&file).expect("reads")).expect("decodes");
        assert_eq!(again.log, original.log);
        // Format 2 leaves the ledger out and records its digest: the rest of the state is
        // the same, and the digest is that of the fixture's full ledger.
        let (again_state, again_empty) = save::ledger::split(&again.state).expect("splits");
        let (original_state, original_ledger) =
            save::ledger::split(&original.state).expect("splits");
        assert_eq!(again_state, original_state);
        assert_eq!(again_empty.entries, 0);
        assert_eq!(again.ledger, Some(original_ledger));
        assert!(original_ledger.entries > 0);
        assert_eq!(again.header.level, original.header.level);
    }
    assert_eq!(
        kinds, [true; 4],
        "the fixtures should cover every kind of decision"
    );
}

fn expect_error(name: &str) -> String {
    let file = root().join("tests/fixtures/saves").join(name);
    let before = std::fs::read(&file).expect("fixture exists");
    let err = match save::load_path(&file, LoadOptions::default()) {
        Ok(_) => panic!("{name} loaded"),
        Err(e) => e,
    };
    // A failed load never changes the file.
    assert_eq!(std::fs::read(&file).expect("still there"), before);
    let message = err.to_string();
    assert!(
        message.starts_with(&file.display().to_string()),
        "{message}"
    );
    message
}

#[test]
fn an_empty_save_says_so() {
    let m = expect_error("empty.json");
    assert!(
        m.ends_with("empty.json: the save is empty (0 bytes of game data)"),
        "{m}"
    );
}

#[test]
fn a_truncated_save_says_so() {
    let m = expect_error("truncated.json");
    assert!(
        m.contains("truncated.json: the save is cut short (truncated at line 1, column"),
        "{m}"
    );
    assert!(m.ends_with("it was not written completely"), "{m}");
}

#[test]
fn a_garbage_save_says_so() {
    let m = expect_error("garbage.json");
    assert!(m.contains("garbage.json: this is not a sixparty save (not valid JSON: expected value at line 1 column 1)"), "{m}");
    let m = expect_error("not-a-save.json");
    assert!(
        m.ends_with("not-a-save.json: this is not a sixparty save (no format_version)"),
        "{m}"
    );
}

#[test]
fn a_future_version_save_says_to_update() {
    let m = expect_error("future-version.json");
    assert!(m.contains("future-version.json: this save was written by a newer sixparty (sixparty 9.1.0, save format 99); this is sixparty "), "{m}");
    assert!(
        m.ends_with(&format!(
            "which reads save format {FORMAT_VERSION}: update sixparty to load it"
        )),
        "{m}"
    );
}

#[test]
fn broken_fixture_errors_are_typed() {
    let dir = root().join("tests/fixtures/saves");
    let load = |n: &str| save::load_path(&dir.join(n), LoadOptions::default()).err();
    assert!(matches!(load("empty.json"), Some(SaveError::Empty { .. })));
    assert!(matches!(
        load("truncated.json"),
        Some(SaveError::Truncated { .. })
    ));
    assert!(matches!(
        load("garbage.json"),
        Some(SaveError::NotJson { .. })
    ));
    assert!(matches!(
        load("future-version.json"),
        Some(SaveError::FutureVersion { found: 99, .. })
    ));
}

/// Regenerate `saves/*.json` and the broken fixtures from real games on the frozen
/// fixture level. Ignored: run by hand when the format version changes.
#[test]
#[ignore = "writes the fixture files; run by hand"]
fn regenerate() {
    // Relative, so the saves record a path that works from the repository root.
    std::env::set_current_dir(root()).expect("cd");
    let level =
        level::load_file(Path::new("tests/fixtures/levels/fixture-talks.toml")).expect("loads");
    let game = |seed, kind| {
        let r = run_game(&level.scenario, seed, kind, true);
        Session::replay(level.clone(), seed, &r.decisions).expect("replays")
    };
    // A fixed save time, so regenerating does not churn the files.
    let at = 1_798_761_600; // 2027-01-01 00:00 UTC
    let write = |name: &str, session: &Session, player| {
        let bytes = save::format::encode_at(session, player, at).expect("encodes");
        std::fs::write(root().join("saves").join(name), bytes).expect("writes");
    };
    let memo = game(1, StrategyKind::Memo);
    write("fixture-talks-memo-finished.json", &memo, None);
    write(
        "fixture-talks-pressure-only-finished.json",
        &game(2, StrategyKind::PressureOnly),
        None,
    );
    let random = game(3, StrategyKind::Random);
    write(
        "fixture-talks-random-month-7.json",
        &random.rewound_to(6),
        Some("Fixture Player"),
    );
    // Stopped while an event waits for the player's answer.
    let greedy = game(4, StrategyKind::Greedy);
    let first_choice = greedy
        .log()
        .iter()
        .position(|d| matches!(d, Decision::Choose { .. }))
        .expect("a choice");
    let waiting =
        Session::replay(level.clone(), 4, &greedy.log()[..first_choice]).expect("replays");
    assert!(waiting.game().pending_event().is_some());
    write("fixture-talks-awaiting-answer.json", &waiting, None);

    let bad = root().join("tests/fixtures/saves");
    std::fs::create_dir_all(&bad).expect("mkdir");
    std::fs::write(bad.join("empty.json"), b"").expect("writes");
    let full = save::format::encode_at(&memo, None, at).expect("encodes");
    std::fs::write(bad.join("truncated.json"), &full[..full.len() / 2]).expect("writes");
    std::fs::write(
        bad.join("garbage.json"),
        b"\x89PNG\r\n\x1a\nnot a save at all\n",
    )
    .expect("writes");
    std::fs::write(
        bad.join("not-a-save.json"),
        b"{\"name\": \"a JSON file, but not a save\"}\n",
    )
    .expect("writes");
    std::fs::write(
        bad.join("future-version.json"),
        b"{\"format_version\":99,\"game_version\":\"9.1.0\",\"something_new\":{\"shape\":\"unknown to this version\"}}\n",
    )
    .expect("writes");
}
