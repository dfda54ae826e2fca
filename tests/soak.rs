//! The soak: 100,000 random games of every built-in level with every invariant checked
//! after every decision. Ignored by default (minutes of CPU); run it in release mode:
//!
//! ```sh
//! cargo test --release --test soak -- --ignored --nocapture
//! ```
//!
//! `SOAK_GAMES=1000` runs a shorter soak.

mod invariants;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use sixparty::engine::{Game, Scenario};
use sixparty::level::{self, BUILTIN};
use sixparty::sim::{Strategy, StrategyKind, game_seed};

/// Play one random game, checking the invariants after every decision. Returns the months.
fn soak_game(scenario: &Arc<Scenario>, seed: u64) -> Result<u16, String> {
    let mut game = Game::new(Arc::clone(scenario), seed);
    let mut strategy = Strategy::new(StrategyKind::Random);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut decisions = 0usize;
    while !game.is_over() {
        decisions += 1;
        if decisions > 100_000 {
            return Err(format!("seed {seed}: the game never ended"));
        }
        let decision = strategy.decide(&game, &mut rng);
        let before = game.state().clone();
        if game.apply(&decision).is_err() {
            if game.state() != &before {
                return Err(format!(
                    "seed {seed}: a refused {decision:?} changed the state"
                ));
            }
            // The random strategy only proposes what it saw as possible; a refusal here means
            // it misjudged; end the month (or answer) to make progress.
            let fallback = if game.pending_event().is_some() {
                sixparty::sim::first_available_option(&game)
            } else {
                sixparty::engine::Decision::EndMonth
            };
            game.apply(&fallback)
                .map_err(|e| format!("seed {seed}: stuck: {e}"))?;
        }
        if let Some(broken) = invariants::out_of_bounds(&game) {
            return Err(format!("seed {seed}: {broken}"));
        }
    }
    if let Some(broken) =
        invariants::ledger_mismatch(&game).or_else(|| invariants::over_event_cap(&game))
    {
        return Err(format!("seed {seed}: {broken}"));
    }
    Ok(game.state().turn())
}

#[test]
#[ignore = "minutes of CPU: run with --ignored in release mode"]
fn soak_every_builtin_level() {
    let games: u64 = std::env::var("SOAK_GAMES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get) as u64;
    for (id, _, _) in BUILTIN {
        let scenario = level::builtin(id).expect("listed").expect("valid").scenario;
        let months = AtomicU64::new(0);
        let started = std::time::Instant::now();
        std::thread::scope(|scope| {
            for worker in 0..threads {
                let scenario = &scenario;
                let months = &months;
                scope.spawn(move || {
                    let mut index = worker;
                    while index < games {
                        match soak_game(scenario, game_seed(0x50a4, index)) {
                            Ok(m) => {
                                months.fetch_add(u64::from(m), Ordering::Relaxed);
                            }
                            Err(e) => panic!("{id}: {e}"),
                        }
                        index += threads;
                    }
                });
            }
        });
        println!(
            "{id}: {games} games, {} months, no invariant broken ({:.1?})",
            months.load(Ordering::Relaxed),
            started.elapsed()
        );
    }
}

#[test]
fn a_short_soak_runs_in_the_normal_suite() {
    for (id, _, _) in BUILTIN {
        let scenario = level::builtin(id).expect("listed").expect("valid").scenario;
        for index in 0..50 {
            if let Err(e) = soak_game(&scenario, game_seed(1, index)) {
                panic!("{id}: {e}");
            }
        }
    }
}
