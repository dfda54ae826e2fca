//! Saves round-trip: random games, saved and loaded, give the identical state and log; and
//! the store's slots, autosave ring, list, Continue, delete and rewind behave.

use std::path::Path;

use proptest::prelude::*;
use sixparty::level::{self, Level};
use sixparty::save::{self, LoadOptions, SaveKind, SaveStore};
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, run_game};

const FIXTURE_LEVEL: &str = "tests/fixtures/levels/fixture-talks.toml";

fn fixture_level() -> Level {
    level::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE_LEVEL)).expect("loads")
}

fn played(level: &Level, seed: u64, kind: StrategyKind) -> Session {
    let result = run_game(&level.scenario, seed, kind, true);
    Session::replay(level.clone(), seed, &result.decisions).expect("replays")
}

fn round_trip(session: &Session) -> Session {
    let bytes = save::encode(session, Some("Ada")).expect("encodes");
    let file = Path::new("mem.json");
    let decoded = save::decode(file, &bytes).expect("decodes");
    assert_eq!(decoded.header.player.as_deref(), Some("Ada"));
    let loaded = save::restore(file, decoded, session.level.clone(), LoadOptions::default())
        .expect("restores");
    assert!(loaded.warnings.is_empty());
    loaded.session
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_games_round_trip(seed in any::<u64>(), kind in 0usize..6, cut in 0u16..40) {
        let level = fixture_level();
        let kind = StrategyKind::ALL[kind % StrategyKind::ALL.len()];
        let full = played(&level, seed, kind);
        // Finished games and games stopped at the start of a random month (mid-game saves).
        for session in [full.rewound_to(cut), full] {
            let back = round_trip(&session);
            prop_assert_eq!(back.seed, session.seed);
            prop_assert_eq!(back.log(), session.log());
            prop_assert_eq!(back.game().state(), session.game().state());
            prop_assert_eq!(back.game().ending(), session.game().ending());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Save mid-game, load, and play on with the rest of the original decisions: the result is
    /// the game played straight through.
    #[test]
    fn save_load_continue_equals_playing_straight_through(seed in any::<u64>(), kind in 0usize..6, cut in 0u16..40) {
        let level = fixture_level();
        let kind = StrategyKind::ALL[kind % StrategyKind::ALL.len()];
        let full = played(&level, seed, kind);
        let mut resumed = round_trip(&full.rewound_to(cut));
        let done = resumed.log().len();
        for decision in &full.log()[done..] {
            prop_assert!(resumed.apply(decision.clone()).is_ok(), "{:?} refused after loading", decision);
        }
        prop_assert_eq!(resumed.log(), full.log());
        prop_assert_eq!(resumed.game().state(), full.game().state());
    }
}

#[test]
fn builtin_levels_round_trip_too() {
    for (id, _, _) in level::BUILTIN {
        let level = level::builtin(id).expect("listed").expect("valid");
        for seed in 0..4 {
            let session = played(&level, seed, StrategyKind::Random);
            let bytes = save::encode(&session, None).expect("encodes");
            let decoded = save::decode(Path::new("b.json"), &bytes).expect("decodes");
            assert_eq!(decoded.header.level.path, None);
            let back = save::restore(
                Path::new("b.json"),
                decoded,
                level.clone(),
                LoadOptions::default(),
            )
            .expect("restores");
            assert_eq!(back.session.game().state(), session.game().state());
        }
    }
}

#[test]
fn store_slots_autosaves_list_latest_delete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path().join("saves"));
    assert!(store.list().expect("lists").is_empty());
    assert!(store.latest().expect("latest").is_none());

    let level = fixture_level();
    let full = played(&level, 5, StrategyKind::Memo);
    let early = full.rewound_to(2);
    store.save("my game", &early, Some("Grace")).expect("saves");
    assert!(!save::backup_path(&dir.path().join("saves/my game.json")).exists());
    store.save("my game", &full, None).expect("saves again");
    assert!(save::backup_path(&dir.path().join("saves/my game.json")).exists());
    // The backup is the previous version.
    let back = store
        .load_backup("my game", LoadOptions::default())
        .expect("backup loads");
    assert_eq!(back.session.game().state(), early.game().state());
    let now = store
        .load("my game", LoadOptions::default())
        .expect("loads");
    assert_eq!(now.session.game().state(), full.game().state());

    // Five month-ends keep three autosaves.
    for turn in 1..=5 {
        store
            .autosave(&full.rewound_to(turn), None)
            .expect("autosaves");
        // Distinct saved_at seconds are not guaranteed; the ring must still rotate.
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let list = store.list().expect("lists");
    let autos: Vec<_> = list.iter().filter(|e| e.kind == SaveKind::Auto).collect();
    assert_eq!(autos.len(), 3);
    let manual: Vec<_> = list.iter().filter(|e| e.kind == SaveKind::Manual).collect();
    assert_eq!(manual.len(), 1);
    let header = manual[0].header.as_ref().expect("reads");
    assert_eq!(header.level.id, "fixture-talks");
    assert_eq!(
        header.summary.ending,
        full.game()
            .ending()
            .map(|e| full.game().scenario().ending(e).id.clone())
    );
    assert!(store.latest().expect("latest").is_some());

    store.delete("my game").expect("deletes");
    assert!(store.load("my game", LoadOptions::default()).is_err());
    assert!(!save::backup_path(&dir.path().join("saves/my game.json")).exists());
    assert_eq!(store.list().expect("lists").len(), 3);
}

#[test]
fn autosave_ring_replaces_the_oldest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path());
    let level = fixture_level();
    let full = played(&level, 9, StrategyKind::Random);
    let mut used = Vec::new();
    for turn in 0..6 {
        used.push(
            store
                .autosave(&full.rewound_to(turn), None)
                .expect("autosaves")
                .name,
        );
        // saved_at has one-second resolution: make the order unambiguous.
        let path = dir.path().join(format!("{}.json", used[used.len() - 1]));
        let text = std::fs::read_to_string(&path).expect("reads");
        let bumped = text.replacen("\"saved_at\":", &format!("\"saved_at\":{}", turn + 1), 1);
        // Rewrite `"saved_at":<n>` as `"saved_at":<turn+1><n>`: a strictly growing order.
        std::fs::write(&path, bumped).expect("writes");
    }
    // The game's own ring: a rewound branch stays the same game.
    let ring: Vec<String> = [1, 2, 3, 1, 2, 3]
        .iter()
        .map(|n| format!("autosave-{:016x}-{n}", full.game_id))
        .collect();
    assert_eq!(used, ring);
}

#[test]
fn rewind_branches_into_a_new_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path());
    let level = fixture_level();
    let full = played(&level, 21, StrategyKind::PressureOnly);
    let (branch, entry) = store
        .save_rewound(&full, 1, "branch", None)
        .expect("branches");
    assert_eq!(
        branch.game().state().turn(),
        1.min(full.game().state().turn())
    );
    assert_eq!(
        entry.header.as_ref().expect("header").summary.turn,
        branch.game().state().turn()
    );
    let loaded = store.load("branch", LoadOptions::default()).expect("loads");
    assert_eq!(loaded.session.game().state(), branch.game().state());
}

#[test]
fn the_store_records_where_a_relative_level_file_really_is() {
    // cargo runs tests from the package root, where this relative path resolves.
    let level = level::load_file(Path::new(FIXTURE_LEVEL)).expect("loads");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path());
    let entry = store
        .save("rel", &played(&level, 3, StrategyKind::ReliefFirst), None)
        .expect("saves");
    let recorded = entry
        .header
        .expect("header")
        .level
        .path
        .expect("a file level");
    assert!(Path::new(&recorded).is_absolute(), "{recorded}");
    assert!(recorded.ends_with("fixture-talks.toml"));
    store.load("rel", LoadOptions::default()).expect("loads");
}
