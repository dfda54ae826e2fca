//! Engine benchmarks: the monthly step, whole games per strategy, and level loading.
//!
//! `cargo bench --bench engine`. Throughput is reported per month (step) or per game.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use sixparty::engine::{Decision, Game};
use sixparty::level;
use sixparty::sim::{StrategyKind, run_game};

fn monthly_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("step");
    for (id, _, _) in level::BUILTIN {
        let scenario = level::builtin(id).expect("listed").expect("valid").scenario;
        // The random strategy's decisions for a batch of games, recorded once, so the
        // measurement is the engine's work alone: every decision and every month's resolution.
        let logs: Vec<(u64, Vec<Decision>, u16)> = (0..64)
            .map(|seed| {
                let r = run_game(&scenario, seed, StrategyKind::Random, true);
                (seed, r.decisions, r.months)
            })
            .collect();
        let months: u64 = logs.iter().map(|(_, _, m)| u64::from(*m)).sum();
        group.throughput(Throughput::Elements(months));
        group.bench_function(format!("{id}/random-decisions"), |b| {
            b.iter(|| {
                for (seed, log, _) in &logs {
                    let mut game = Game::new(Arc::clone(&scenario), *seed);
                    for d in log {
                        let _ = game.apply(black_box(d));
                    }
                    black_box(game.state().turn());
                }
            });
        });
    }
    group.finish();
}

fn whole_games(c: &mut Criterion) {
    let mut group = c.benchmark_group("game");
    let scenario = level::builtin("revive-the-talks")
        .expect("listed")
        .expect("valid")
        .scenario;
    group.throughput(Throughput::Elements(1));
    for kind in StrategyKind::ALL {
        let mut seed = 0u64;
        group.bench_function(format!("revive-the-talks/{}", kind.name()), |b| {
            b.iter(|| {
                seed += 1;
                black_box(run_game(&scenario, seed, kind, false))
            });
        });
    }
    group.finish();
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    for (id, file, text) in level::BUILTIN {
        group.bench_function(*id, |b| {
            b.iter_batched(
                || (),
                |()| black_box(level::load_str(file, text).is_ok()),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, monthly_step, whole_games, loading);
criterion_main!(benches);
