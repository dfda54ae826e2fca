//! Saving and loading a 36-month game (target: ≤ 5 ms each).
//!
//! `cargo bench --bench save`. The game is the longest one found among a few seeds and
//! strategies on the frozen fixture level (36 months when any game lasts that long).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use sixparty::level;
use sixparty::save::{self, LoadOptions, RealFs, SaveFs, SaveStore};
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, run_game};

fn long_game() -> Session {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels/fixture-talks.toml");
    let level = level::load_file(&path).expect("fixture level loads");
    let mut best: Option<(u16, u64, Vec<_>)> = None;
    'search: for kind in [
        StrategyKind::Random,
        StrategyKind::ReliefFirst,
        StrategyKind::Memo,
        StrategyKind::Greedy,
    ] {
        for seed in 0..200 {
            let r = run_game(&level.scenario, seed, kind, true);
            if best.as_ref().is_none_or(|(m, _, _)| r.months > *m) {
                best = Some((r.months, seed, r.decisions));
            }
            if r.months >= level.scenario.meta.length {
                break 'search;
            }
        }
    }
    let (months, seed, decisions) = best.expect("some game");
    let session = Session::replay(level, seed, &decisions).expect("replays");
    let bytes = save::encode(&session, None).expect("encodes");
    eprintln!(
        "game: {months} months, {} decisions, save {} bytes",
        decisions.len(),
        bytes.len()
    );
    session
}

/// The real file system without the fsyncs: separates the save's own cost from the
/// disk's flush latency (which dominates on slow virtual disks).
#[derive(Debug)]
struct NoSync;

impl SaveFs for NoSync {
    fn create_dir_all(&self, dir: &Path) -> std::io::Result<()> {
        RealFs.create_dir_all(dir)
    }
    fn write_new_synced(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::write(path, bytes)
    }
    fn link_or_copy(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::hard_link(from, to)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        RealFs.rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        RealFs.remove_file(path)
    }
    fn sync_dir(&self, _: &Path) -> std::io::Result<()> {
        Ok(())
    }
}

fn bench(c: &mut Criterion) {
    let session = long_game();
    let bytes = save::encode(&session, None).expect("encodes");
    let file = Path::new("bench.json");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SaveStore::at(dir.path());

    c.bench_function("save: encode to JSON", |b| {
        b.iter(|| save::encode(black_box(&session), None).expect("encodes"))
    });
    c.bench_function("save: to disk (atomic, fsync, backup)", |b| {
        b.iter(|| {
            store
                .save("bench", black_box(&session), None)
                .expect("saves")
        })
    });
    let unsynced = SaveStore::with_fs(dir.path(), std::sync::Arc::new(NoSync));
    c.bench_function("save: to disk without fsync", |b| {
        b.iter(|| {
            unsynced
                .save("nosync", black_box(&session), None)
                .expect("saves")
        })
    });
    c.bench_function("load: decode + replay + check", |b| {
        b.iter(|| {
            let decoded = save::decode(file, black_box(&bytes)).expect("decodes");
            save::restore(file, decoded, session.level.clone(), LoadOptions::default())
                .expect("restores")
        })
    });
    c.bench_function("load: from disk (read, level file, replay, check)", |b| {
        b.iter(|| store.load("bench", LoadOptions::default()).expect("loads"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
