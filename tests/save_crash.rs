//! Crash safety: a process saving over and over is killed (SIGKILL on Unix) at random
//! moments, at least 200 times; the save on disk must always be a complete old or new
//! save, never a broken one, and so must its backup.
//!
//! The child is this test binary itself, re-run with only `crash_child` selected and an
//! environment variable naming the folder; without that variable `crash_child` does
//! nothing. So the product has no test-only hook.

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sixparty::level::{self, Level};
use sixparty::save::{self, LoadOptions, SaveStore};
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, run_game};

const CHILD_VAR: &str = "SIXPARTY_TEST_CRASH_CHILD_DIR";
const START_VAR: &str = "SIXPARTY_TEST_CRASH_CHILD_START";
const READY: &str = "crash-child-ready";
const ROUNDS: usize = 200;

fn fixture_level() -> Level {
    level::load_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels/fixture-talks.toml"),
    )
    .expect("loads")
}

/// The games the child saves in turn (different lengths, so each save differs).
fn sessions() -> Vec<Session> {
    let level = fixture_level();
    [
        (1, StrategyKind::Memo),
        (2, StrategyKind::Random),
        (3, StrategyKind::Greedy),
    ]
    .into_iter()
    .map(|(seed, kind)| {
        let r = run_game(&level.scenario, seed, kind, true);
        Session::replay(level.clone(), seed, &r.decisions).expect("replays")
    })
    .collect()
}

/// The child: save forever until killed.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_VAR) else {
        return;
    };
    let sessions = sessions();
    let store = SaveStore::at(dir);
    let start: usize = std::env::var(START_VAR)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    // Tell the parent the saving starts now (its random delay counts from here).
    println!("{READY}");
    for i in start.. {
        // Errors are irrelevant here: the parent checks what is on disk.
        let _ = store.save("slot", &sessions[i % sessions.len()], None);
    }
}

#[test]
fn killing_a_saving_process_never_leaves_a_broken_save() {
    let exe = std::env::current_exe().expect("test binary");
    let sessions = sessions();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path());
    store.save("slot", &sessions[0], None).expect("first save");
    let slot = dir.path().join("slot.json");
    // How long one save takes here, so the kills spread over a few saves.
    let timer = Instant::now();
    for _ in 0..5 {
        store.save("timing", &sessions[0], None).expect("saves");
    }
    let one_save = (timer.elapsed() / 5).as_micros().max(50) as u64;
    store.delete("timing").expect("deletes");
    let started = Instant::now();
    // xorshift: the delays vary run to run but need no extra dependency.
    let mut x = u64::from(std::process::id()) | 1;
    let mut changed = 0;
    let mut interrupted = 0;
    let mut previous = std::fs::read(&slot).expect("reads");
    for round in 0..ROUNDS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--test-threads=1", "--nocapture"])
            .env(CHILD_VAR, dir.path())
            .env(START_VAR, (round % sessions.len() + 1).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawns");
        let stdout = child.stdout.take().expect("piped");
        let ready = std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains(READY));
        assert!(ready, "round {round}: the child did not start");
        std::thread::sleep(Duration::from_micros(x % (3 * one_save)));
        child.kill().expect("kills");
        child.wait().expect("reaped");

        for file in [slot.clone(), save::backup_path(&slot)] {
            // The backup appears once the child has completed its first save.
            if file != slot && !file.exists() {
                continue;
            }
            let loaded = save::load_path(&file, LoadOptions::default())
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert!(loaded.warnings.is_empty());
            assert!(
                sessions
                    .iter()
                    .any(|s| s.game().state() == loaded.session.game().state()),
                "round {round}: {} is not one of the saved games",
                file.display()
            );
        }
        // The Load screen sees exactly the one save, whatever temporary files the kill left.
        let listed = store.list().expect("lists");
        assert_eq!(listed.len(), 1, "round {round}");
        assert!(listed[0].header.is_ok(), "round {round}");

        let now = std::fs::read(&slot).expect("reads");
        changed += usize::from(now != previous);
        previous = now;
        let leftovers = std::fs::read_dir(dir.path())
            .expect("lists")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .count();
        if leftovers > 0 {
            interrupted += 1;
            // Clear them so the next round's count means something.
            for e in std::fs::read_dir(dir.path()).expect("lists").flatten() {
                if e.file_name().to_string_lossy().starts_with('.') {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
    eprintln!(
        "one save takes {one_save} µs; {ROUNDS} kills in {:.1} s: the save changed in {changed} rounds, {interrupted} kills landed mid-write",
        started.elapsed().as_secs_f64()
    );
    // The child really was saving when killed (not just starting up).
    assert!(
        changed >= ROUNDS / 10,
        "only {changed} rounds saw a new save"
    );
}
