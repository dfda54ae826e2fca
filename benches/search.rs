//! The searching player: one whole campaign game (target: ≤ 2 s on the project's 2-core
//! machine), and the engine work it stands on.
//!
//! `cargo bench --bench search`. BENCHMARKS.md explains how the step speed bounds the
//! number of rollouts a decision can afford.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sixparty::level;
use sixparty::sim::search::{self, Config, DEFAULT_ROLLOUTS, Objective};

fn search_game(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    for id in ["revive-the-talks", "iran-p5plus1"] {
        let scenario = level::builtin(id).expect("listed").expect("valid").scenario;
        let config = Config {
            objective: Objective::default_for(&scenario),
            rollouts: DEFAULT_ROLLOUTS,
            threads: 2,
        };
        // Each iteration plays a different seed, so the figure is a mean over games.
        let mut seed = 0;
        group.bench_function(format!("{id}/game"), |b| {
            b.iter(|| {
                seed += 1;
                let (result, _) = search::play(&scenario, black_box(seed), &config);
                black_box(result.months)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, search_game);
criterion_main!(benches);
