//! Headless play: strategies that make decisions through the engine's generic calls, and
//! Monte Carlo runs over many seeded games.
//!
//! - [`strategy`]: `passive`, `random`, `pressure-only`, `pressure-then-talks`,
//!   `relief-first`, `memo`, `greedy`. They know nothing
//!   about any particular level: they read action, option and term *tags* and the level's
//!   own score expression.
//! - [`run_game`] plays one game; [`simulate`] plays many on every core. Each game's seed is
//!   derived from the run's seed and the game's index only, so the results are identical
//!   whatever the number of threads.

pub mod report;
pub mod search;
pub mod strategy;

use std::collections::BTreeMap;
use std::sync::Arc;

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use serde::Serialize;

use crate::engine::{Decision, Game, Scenario, Setup};
pub use strategy::{Strategy, StrategyKind};

/// A month may not take more decisions than this in simulation (a guard against a
/// strategy that keeps choosing refused decisions).
const MAX_DECISIONS_PER_MONTH: usize = 64;

/// The outcome of one simulated game.
#[derive(Debug, Clone)]
pub struct GameResult {
    pub seed: u64,
    pub ending: Option<String>,
    pub victory: bool,
    /// The month number the game ended in (1-based).
    pub months: u16,
    pub final_vars: Vec<f64>,
    /// How many times each event fired (in scenario order): `level check` warns about
    /// events that never fire.
    pub fired: Vec<u16>,
    pub decisions: Vec<Decision>,
}

/// SplitMix64: derives well-spread per-game seeds from (run seed, index).
pub fn game_seed(run_seed: u64, index: u64) -> u64 {
    let mut z = run_seed.wrapping_add(index.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Play one game to its end with a strategy. With `keep_decisions` the decision log is
/// kept (for saves); simulation runs leave it empty to save memory.
pub fn run_game(
    scenario: &Arc<Scenario>,
    seed: u64,
    kind: StrategyKind,
    keep_decisions: bool,
) -> GameResult {
    run_game_with(
        scenario,
        seed,
        Setup::new_game(scenario),
        kind,
        keep_decisions,
    )
}

/// [`run_game`] with a game set up as `setup` says (`simulate --difficulty`).
pub fn run_game_with(
    scenario: &Arc<Scenario>,
    seed: u64,
    setup: Setup,
    kind: StrategyKind,
    keep_decisions: bool,
) -> GameResult {
    play_out(
        Game::with_setup(Arc::clone(scenario), seed, setup),
        seed,
        kind,
        keep_decisions,
    )
}

/// Sees each decision a strategy makes, on the game as it stands just before the engine
/// applies it (`simulate --report` tallies them; plain runs pass `()`).
pub trait Observer {
    fn before(&mut self, _game: &Game, _decision: &Decision) {}
    /// The game is over (or was over when handed in).
    fn finished(&mut self, _game: &Game) {}
}

impl Observer for () {}

/// Continue a game from where it stands to its end with a strategy. `seed` seeds the
/// strategy's own dice (and names the result).
pub fn play_out(game: Game, seed: u64, kind: StrategyKind, keep_decisions: bool) -> GameResult {
    play_out_observed(game, seed, kind, keep_decisions, &mut ())
}

/// [`play_out`], showing every decision to an observer first. The observer only looks, so
/// the game is the same as without it.
pub fn play_out_observed(
    mut game: Game,
    seed: u64,
    kind: StrategyKind,
    keep_decisions: bool,
    observer: &mut impl Observer,
) -> GameResult {
    let mut strategy = Strategy::new(kind);
    // The strategy's own dice: separate from the game's RNG so the game stays a pure
    // function of its seed and decisions.
    let mut rng = strategy_dice(seed);
    let decisions = play_to_end(
        &mut game,
        keep_decisions,
        |_| {},
        |game| strategy.decide(game, &mut rng),
        |game, decision| observer.before(game, decision),
    );
    observer.finished(&game);
    GameResult::of(&game, seed, decisions)
}

/// The dice of a scripted player whose game is seeded with `seed`.
pub(crate) fn strategy_dice(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ 0x0051_575e_ed0f_5a7e)
}

/// The one game loop every headless player uses (scripted strategies, the search and its
/// rollouts): month by month, `at_month_start` may act on the game first, then `decide`
/// picks decisions until the month turns. A month that has taken
/// [`MAX_DECISIONS_PER_MONTH`] decisions is closed by force (the first open answer, then
/// "end month"), so a player that keeps choosing refused decisions still finishes.
/// `before` sees each decision on the game just before it is applied. Returns the applied
/// decisions when `keep` is set (empty otherwise, to save memory in large runs).
pub(crate) fn play_to_end(
    game: &mut Game,
    keep: bool,
    mut at_month_start: impl FnMut(&mut Game),
    mut decide: impl FnMut(&Game) -> Decision,
    mut before: impl FnMut(&Game, &Decision),
) -> Vec<Decision> {
    let mut decisions = Vec::new();
    while !game.is_over() {
        let month = game.state().turn();
        at_month_start(game);
        let mut taken = 0;
        while !game.is_over() && game.state().turn() == month {
            let decision = if taken >= MAX_DECISIONS_PER_MONTH {
                if game.pending_event().is_some() {
                    first_available_option(game)
                } else {
                    Decision::EndMonth
                }
            } else {
                decide(game)
            };
            taken += 1;
            before(game, &decision);
            if game.apply(&decision).is_ok() && keep {
                decisions.push(decision);
            }
        }
    }
    decisions
}

impl GameResult {
    /// The result of a finished (or abandoned) game, with the decisions that made it.
    pub fn of(game: &Game, seed: u64, decisions: Vec<Decision>) -> GameResult {
        let ending = game.ending().map(|e| game.scenario().ending(e));
        GameResult {
            seed,
            ending: ending.map(|e| e.id.clone()),
            victory: ending.is_some_and(|e| e.victory),
            months: game.state().turn(),
            final_vars: game.state().vars().to_vec(),
            fired: (0..game.scenario().events.len())
                .map(|i| game.state().times_fired(crate::engine::EventId(i as u16)))
                .collect(),
            decisions,
        }
    }
}

/// The first option the player may take for the pending event.
pub fn first_available_option(game: &Game) -> Decision {
    let Some(event) = game.pending_event() else {
        return Decision::EndMonth;
    };
    let count = game.scenario().event(event).options.len();
    let option = (0..count as u8)
        .find(|&i| game.option_available(i))
        .unwrap_or(0);
    Decision::Choose { event, option }
}

/// What a run of many games produced.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub level: String,
    pub strategy: String,
    pub seed: u64,
    pub games: usize,
    /// Ending id → number of games.
    pub endings: BTreeMap<String, usize>,
    /// Month a game ended in → number of games.
    pub months: BTreeMap<u16, usize>,
    /// Games whose ending counts as a victory.
    pub victories: usize,
    /// Mean final value of each shown variable.
    pub final_means: BTreeMap<String, f64>,
}

impl Summary {
    pub fn share(&self, ending: &str) -> f64 {
        self.endings.get(ending).copied().unwrap_or(0) as f64 / self.games.max(1) as f64
    }
    pub fn victory_share(&self) -> f64 {
        self.victories as f64 / self.games.max(1) as f64
    }
}

/// The most games one run may play: enough for any study (a million games of a long level
/// take minutes on a laptop), small enough that a typo (`--games 10000000000`) is an error
/// rather than a day of work.
pub const MAX_GAMES: usize = 1_000_000;

/// Play `games` games on `threads` threads and summarise. Same inputs, same summary,
/// whatever `threads` is.
pub fn simulate(
    scenario: &Arc<Scenario>,
    kind: StrategyKind,
    games: usize,
    seed: u64,
    threads: usize,
) -> Summary {
    let mut tally = Tally::new(scenario);
    let _: Result<(), std::convert::Infallible> = run_each(
        scenario,
        Setup::new_game(scenario),
        kind,
        games,
        seed,
        threads,
        false,
        |r| {
            tally.add(&r);
            Ok(())
        },
    );
    tally.summary(scenario, kind, seed)
}

/// Play many games in parallel; results come back in game order.
pub fn run_many(
    scenario: &Arc<Scenario>,
    kind: StrategyKind,
    games: usize,
    seed: u64,
    threads: usize,
    keep_decisions: bool,
) -> Vec<GameResult> {
    let mut results = Vec::new();
    let _: Result<(), std::convert::Infallible> = run_each(
        scenario,
        Setup::new_game(scenario),
        kind,
        games,
        seed,
        threads,
        keep_decisions,
        |r| {
            results.push(r);
            Ok(())
        },
    );
    results
}

/// Play games 0..`games`, each set up as `setup` says, on `threads` threads and hand each
/// result to `sink` in game order, as soon as it and every game before it are done (games
/// are played and handed over in short runs). Nothing is allocated per game up front, so
/// the memory a run takes does not grow with `games`. The first error `sink`
/// returns stops the run (the workers finish the games they are playing) and is returned.
#[allow(
    clippy::too_many_arguments,
    reason = "a run's plain settings, each named at the few call sites"
)]
pub fn run_each<E>(
    scenario: &Arc<Scenario>,
    setup: Setup,
    kind: StrategyKind,
    games: usize,
    seed: u64,
    threads: usize,
    keep_decisions: bool,
    mut sink: impl FnMut(GameResult) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let threads = threads.clamp(1, 64).min(games.max(1));
    // Workers take games in runs of consecutive indices and send each run's results at
    // once: a small level's game is a few microseconds, and handing every game across
    // threads on its own cost more than playing it (sys time outgrew user time). About
    // sixteen runs a thread, so a few slow games (the search's) still spread evenly.
    let run_length = (games / (threads * 16)).clamp(1, 64);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // A short queue: workers wait when the sink falls behind rather than piling results up.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Vec<GameResult>)>(threads * 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            let scenario = Arc::clone(scenario);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let first = next.fetch_add(run_length, Ordering::Relaxed);
                    if first >= games {
                        break;
                    }
                    let results = (first..games.min(first + run_length))
                        .map(|index| {
                            run_game_with(
                                &scenario,
                                game_seed(seed, index as u64),
                                setup,
                                kind,
                                keep_decisions,
                            )
                        })
                        .collect();
                    if tx.send((first, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Runs finish out of order on several threads; hand them on in order, so sums
        // (and saves' names) are the same at any thread count.
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (first, results) in rx.iter() {
            waiting.insert(first, results);
            while let Some(results) = waiting.remove(&due) {
                due += run_length;
                for result in results {
                    if let Err(e) = sink(result) {
                        stop.store(true, Ordering::Relaxed);
                        // Dropping the receiver releases workers waiting to send.
                        drop(rx);
                        return Err(e);
                    }
                }
            }
        }
        Ok(())
    })
}

/// A summary built one game at a time (in game order, so the float sums are the same
/// whatever the thread count).
#[derive(Debug, Clone)]
pub struct Tally {
    games: usize,
    endings: BTreeMap<String, usize>,
    months: BTreeMap<u16, usize>,
    victories: usize,
    sums: Vec<f64>,
}

impl Tally {
    pub fn new(scenario: &Scenario) -> Self {
        Tally {
            games: 0,
            endings: BTreeMap::new(),
            months: BTreeMap::new(),
            victories: 0,
            sums: vec![0.0; scenario.vars.len()],
        }
    }

    pub fn games(&self) -> usize {
        self.games
    }

    pub fn add(&mut self, r: &GameResult) {
        self.games += 1;
        *self
            .endings
            .entry(r.ending.clone().unwrap_or_else(|| "none".into()))
            .or_insert(0) += 1;
        *self.months.entry(r.months).or_insert(0) += 1;
        self.victories += usize::from(r.victory);
        for (sum, v) in self.sums.iter_mut().zip(&r.final_vars) {
            *sum += v;
        }
    }

    pub fn summary(self, scenario: &Scenario, kind: StrategyKind, seed: u64) -> Summary {
        let n = self.games.max(1) as f64;
        let final_means = scenario
            .vars
            .iter()
            .zip(&self.sums)
            .filter(|(def, _)| def.shown)
            .map(|(def, sum)| (def.id.clone(), (sum / n * 10.0).round() / 10.0))
            .collect();
        Summary {
            level: scenario.meta.id.clone(),
            strategy: kind.name().to_string(),
            seed,
            games: self.games,
            endings: self.endings,
            months: self.months,
            victories: self.victories,
            final_means,
        }
    }
}

pub fn summarise(
    scenario: &Scenario,
    kind: StrategyKind,
    seed: u64,
    results: &[GameResult],
) -> Summary {
    let mut tally = Tally::new(scenario);
    for r in results {
        tally.add(r);
    }
    tally.summary(scenario, kind, seed)
}
