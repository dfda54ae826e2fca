//! `--strategy search`: a player that looks ahead over the engine, to find what a person
//! finds and the scripted strategies miss (a treaty in month 4 by an odd sequence).
//!
//! At each decision it lists what it could do — every action it may take now, the
//! acceptable package if there is one, ending the month; or every option of a pending
//! event — and plays each one out on copies of the game with Monte Carlo rollouts: the copy
//! gets fresh world dice (so the search does not peek at this game's future) and the
//! `random` strategy plays it to its end, except that it tables a package every party
//! accepts whenever there is one (checked at the start of each month). A rollout is worth what the [`Objective`] says of
//! its end: reaching the target ending (earlier is worth more, so the search prefers short
//! lines), a victory, or the level's `score`. Rollouts are spent in two rounds: a few on
//! every candidate, then the rest on the best quarter (successive halving).
//!
//! Deterministic per seed: every rollout's dice derive from (game seed, decision number,
//! candidate, rollout number), rollouts are shared between threads by index and their values
//! summed in index order, so the result does not depend on the number of threads.
//!
//! Cost: each decision costs `rollouts` plays of the rest of the game, so a game costs about
//! decisions × rollouts × months left / 2 monthly steps; the engine's step speed is what
//! bounds `rollouts` (BENCHMARKS.md has the figures).

use std::sync::Arc;

use serde::Serialize;

use super::strategy::{Strategy, build_package};
use super::{
    GameResult, StrategyKind, first_available_option, game_seed, play_to_end, strategy_dice,
};
use crate::engine::{Decision, EndingId, Game, Scenario};

/// Rollouts per decision when none is given: about 4 s for a campaign game on two cores of
/// the project's machine. About 90 fit in 2 s but win a tenth fewer games and find the rare
/// lines far less often (BENCHMARKS.md, Search), and finding those is what the search is for.
pub const DEFAULT_ROLLOUTS: usize = 192;

/// What the search tries to bring about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// Reach this ending, as early as possible.
    Ending(EndingId),
    /// Reach any ending marked `victory`, as early as possible.
    Victory,
    /// The level's `score` at the end of the game.
    Score,
}

impl Objective {
    /// The level's `score` if it has one, else victory.
    pub fn default_for(scenario: &Scenario) -> Self {
        if scenario.meta.score.is_some() {
            Objective::Score
        } else {
            Objective::Victory
        }
    }

    /// Whether a finished game reached what the search wanted (for the shortest line):
    /// the target ending, or else a victory.
    pub fn won(self, game: &Game) -> bool {
        match (self, game.ending()) {
            (Objective::Ending(target), Some(e)) => e == target,
            (_, Some(e)) => game.scenario().ending(e).victory,
            _ => false,
        }
    }

    /// What a game's end is worth: for endings, 1 plus up to 0.5 for being early (0 when
    /// missed); for the score, the score.
    fn value(self, game: &Game) -> f64 {
        match self {
            Objective::Score => game
                .scenario()
                .meta
                .score
                .as_ref()
                .map_or(0.0, |s| game.eval(s)),
            Objective::Ending(_) | Objective::Victory => {
                if self.won(game) {
                    let length = f64::from(game.scenario().meta.length.max(1));
                    let left = (length - f64::from(game.state().turn())).max(0.0);
                    1.0 + 0.5 * left / length
                } else {
                    0.0
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub objective: Objective,
    /// Rollouts spent on each decision, over all candidates.
    pub rollouts: usize,
    pub threads: usize,
}

/// The searching player's decisions for one game.
struct Searcher<'a> {
    config: &'a Config,
    seed: u64,
    decisions: u64,
}

impl Searcher<'_> {
    fn candidates(&self, game: &Game) -> Vec<Decision> {
        if let Some(event) = game.pending_event() {
            let count = game.scenario().event(event).options.len() as u8;
            return (0..count)
                .filter(|&i| game.option_available(i))
                .filter_map(|i| game.answer(i))
                .collect();
        }
        let mut out: Vec<Decision> = (game.scenario().action_ids())
            .filter(|&a| game.can_act(a))
            .map(Decision::Act)
            .collect();
        if game.check_table().is_ok()
            && let Some(levels) = build_package(game, &[])
        {
            out.push(Decision::Table(levels));
        }
        out.push(Decision::EndMonth);
        out
    }

    fn decide(&mut self, game: &Game) -> Decision {
        self.decisions += 1;
        let candidates = self.candidates(game);
        match candidates.len() {
            0 => return first_available_option(game),
            1 => return candidates.into_iter().next().unwrap_or(Decision::EndMonth),
            _ => {}
        }
        // Each candidate applied once, on a copy; one the engine refuses is dropped.
        let starts: Vec<(Decision, Game)> = candidates
            .into_iter()
            .filter_map(|d| {
                let mut copy = game.clone();
                copy.apply(&d).is_ok().then_some((d, copy))
            })
            .collect();
        if starts.is_empty() {
            return first_available_option(game);
        }
        let n = starts.len();
        let total = self.config.rollouts.max(2 * n);
        // Round one: a few rollouts for every candidate.
        let first = (total / 2 / n).max(2);
        let mut sums = vec![0.0; n];
        let mut counts = vec![0usize; n];
        let jobs: Vec<(usize, usize)> = (0..n)
            .flat_map(|c| (0..first).map(move |k| (c, k)))
            .collect();
        self.run(&starts, &jobs, &mut sums, &mut counts);
        // Round two: the rest on the best quarter (at least two).
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| mean(&sums, &counts, b).total_cmp(&mean(&sums, &counts, a)));
        let keep = n.div_ceil(4).max(2).min(n);
        let rest = total.saturating_sub(first * n) / keep;
        let jobs: Vec<(usize, usize)> = order[..keep]
            .iter()
            .flat_map(|&c| (first..first + rest).map(move |k| (c, k)))
            .collect();
        self.run(&starts, &jobs, &mut sums, &mut counts);
        // The best mean; ties go to the earlier candidate (actions before ending the month).
        let best = (0..n).fold(0, |best, c| {
            if mean(&sums, &counts, c) > mean(&sums, &counts, best) {
                c
            } else {
                best
            }
        });
        starts
            .into_iter()
            .nth(best)
            .map_or(Decision::EndMonth, |(d, _)| d)
    }

    /// Play the rollouts `jobs` ((candidate, rollout number) pairs) on the configured
    /// threads and add their values to the candidates' sums, in job order.
    fn run(
        &self,
        starts: &[(Decision, Game)],
        jobs: &[(usize, usize)],
        sums: &mut [f64],
        counts: &mut [usize],
    ) {
        let threads = self.config.threads.clamp(1, 64).min(jobs.len().max(1));
        let chunk = jobs.len().div_ceil(threads).max(1);
        let objective = self.config.objective;
        let (seed, decision) = (self.seed, self.decisions);
        let values: Vec<f64> = std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|&(c, k)| {
                                let dice = rollout_seed(seed, decision, c, k);
                                rollout(&starts[c].1, dice, objective)
                            })
                            .collect::<Vec<f64>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (&(c, _), v) in jobs.iter().zip(values) {
            sums[c] += v;
            counts[c] += 1;
        }
    }
}

fn mean(sums: &[f64], counts: &[usize], c: usize) -> f64 {
    sums[c] / counts[c].max(1) as f64
}

fn rollout_seed(seed: u64, decision: u64, candidate: usize, k: usize) -> u64 {
    game_seed(
        game_seed(seed ^ 0x5ea7_c400_0000_0000, decision),
        ((candidate as u64) << 32) | k as u64,
    )
}

/// One decision of the searching player; `seed` seeds its rollouts.
pub fn decide(game: &Game, seed: u64, config: &Config) -> Decision {
    Searcher {
        config,
        seed,
        decisions: 0,
    }
    .decide(game)
}

/// Play a copy of `start` to its end with fresh world dice and the random strategy.
fn rollout(start: &Game, dice: u64, objective: Objective) -> f64 {
    let mut game = start.clone();
    if game.is_over() {
        return objective.value(&game);
    }
    game.reseed(dice);
    let mut strategy = Strategy::new(StrategyKind::Random);
    let mut rng = strategy_dice(dice);
    play_to_end(
        &mut game,
        false,
        |game| {
            // As a person reading the parties' verdicts would, table a package every party
            // accepts as soon as there is one (looked for once a month: the search for one
            // is the costliest thing here). Without this, random play rarely clinches a
            // deal and every line that opens the way to one looks alike.
            if game.check_table().is_ok()
                && let Some(levels) = build_package(game, &[])
            {
                let _ = game.apply(&Decision::Table(levels));
            }
        },
        |game| strategy.decide(game, &mut rng),
        |_, _| {},
    );
    objective.value(&game)
}

/// Play one game with the searching player. The decisions are kept (they are the line).
pub fn play(scenario: &Arc<Scenario>, seed: u64, config: &Config) -> (GameResult, Game) {
    let mut game = Game::new(Arc::clone(scenario), seed);
    let mut searcher = Searcher {
        config,
        seed,
        decisions: 0,
    };
    let decisions = play_to_end(
        &mut game,
        true,
        |_| {},
        |game| searcher.decide(game),
        |_, _| {},
    );
    let result = GameResult::of(&game, seed, decisions);
    (result, game)
}

/// One step of a line, in words.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// 1-based month.
    pub month: u16,
    pub what: String,
}

/// The shortest winning game a search run found.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub seed: u64,
    pub ending: String,
    /// The month it ended in (1-based).
    pub month: u16,
    pub steps: Vec<Step>,
}

/// What `simulate --strategy search` found.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub summary: super::Summary,
    /// What the search optimised.
    pub objective: String,
    pub rollouts: usize,
    /// The level's turn ("month", "week", "day"), the unit of the line's months.
    pub turn: &'static str,
    /// The shortest game that reached the target (or a victory), if any did.
    pub shortest: Option<Line>,
}

/// Play `games` games with the searching player (games one after another; each decision's
/// rollouts use the threads) and keep the shortest winning line.
pub fn search(scenario: &Arc<Scenario>, games: usize, seed: u64, config: &Config) -> Found {
    let mut results = Vec::with_capacity(games);
    let mut shortest: Option<Line> = None;
    for index in 0..games {
        let (result, game) = play(scenario, game_seed(seed, index as u64), config);
        if config.objective.won(&game) && shortest.as_ref().is_none_or(|l| result.months < l.month)
        {
            shortest = Some(Line {
                seed: result.seed,
                ending: result.ending.clone().unwrap_or_default(),
                month: result.months,
                steps: describe(
                    scenario,
                    result.seed,
                    &trim(scenario, result.seed, &result.decisions, config.objective),
                ),
            });
        }
        results.push(GameResult {
            decisions: Vec::new(),
            ..result
        });
    }
    let objective = match config.objective {
        Objective::Ending(e) => format!("reach '{}'", scenario.ending(e).id),
        Objective::Victory => "reach a victory".to_string(),
        Objective::Score => "the level's score".to_string(),
    };
    Found {
        summary: super::summarise(scenario, StrategyKind::Random, seed, &results),
        objective,
        rollouts: config.rollouts,
        turn: scenario.meta.turn_length.noun(),
        shortest,
    }
    .named()
}

impl Found {
    /// The summary carries the strategy's name, which is not one of the scripted kinds.
    fn named(mut self) -> Self {
        self.summary.strategy = "search".to_string();
        self
    }
}

/// Replay a line; the finished game if every decision was accepted.
fn replay(scenario: &Arc<Scenario>, seed: u64, decisions: &[Decision]) -> Option<Game> {
    let mut game = Game::new(Arc::clone(scenario), seed);
    for d in decisions {
        game.apply(d).ok()?;
    }
    Some(game)
}

/// The line without the actions that did not matter: each action or package, last first,
/// is left out if the game without it still replays, is won, and ends no later. What is
/// left is what a reader needs to reproduce the exploit.
pub fn trim(
    scenario: &Arc<Scenario>,
    seed: u64,
    decisions: &[Decision],
    objective: Objective,
) -> Vec<Decision> {
    let Some(month) = replay(scenario, seed, decisions)
        .filter(|g| objective.won(g))
        .map(|g| g.state().turn())
    else {
        return decisions.to_vec();
    };
    let mut line = decisions.to_vec();
    for i in (0..line.len()).rev() {
        if !matches!(line[i], Decision::Act(_) | Decision::Table(_)) {
            continue;
        }
        let mut shorter = line.clone();
        shorter.remove(i);
        if replay(scenario, seed, &shorter)
            .is_some_and(|g| g.is_over() && objective.won(&g) && g.state().turn() <= month)
        {
            line = shorter;
        }
    }
    line
}

/// How a step that ends the turn is described (and left out of the printed line).
const END_TURN: &str = "end the turn";

/// A game's decisions in words, month by month, replaying it to name events' options.
pub fn describe(scenario: &Arc<Scenario>, seed: u64, decisions: &[Decision]) -> Vec<Step> {
    let mut game = Game::new(Arc::clone(scenario), seed);
    let mut steps = Vec::new();
    for d in decisions {
        let month = game.state().turn() + 1;
        let s = game.scenario();
        let what = match d {
            Decision::Act(a) => format!("take '{}' ({})", s.action(*a).id, s.action(*a).name),
            Decision::Table(levels) => {
                let terms: Vec<String> = (s.terms.iter().zip(levels))
                    .filter(|(_, l)| **l > 0)
                    .map(|(t, l)| format!("{}={l}", t.id))
                    .collect();
                format!("table {}", terms.join(" "))
            }
            Decision::Choose { option: i, .. } => match game.pending_event() {
                Some(e) => {
                    let event = s.event(e);
                    let option = event
                        .options
                        .get(usize::from(*i))
                        .map_or("?", |o| o.id.as_str());
                    format!("answer '{}' with '{option}'", event.id)
                }
                None => format!("choose option {i}"),
            },
            Decision::EndMonth => END_TURN.to_string(),
        };
        steps.push(Step { month, what });
        if game.apply(d).is_err() {
            break;
        }
    }
    steps
}

impl Found {
    /// The search's findings as text.
    pub fn render(&self, title: &str) -> String {
        use std::fmt::Write as _;
        let s = &self.summary;
        let mut out = format!(
            "{title} — strategy 'search' ({}, {} rollouts a decision), {} games, seed {}\n",
            self.objective, self.rollouts, s.games, s.seed
        );
        for (ending, n) in &s.endings {
            let _ = writeln!(out, "  {ending:<30} {n:>5}");
        }
        match &self.shortest {
            None => out.push_str("No game reached the target.\n"),
            Some(line) => {
                let unit = self.turn;
                let _ = writeln!(
                    out,
                    "\nShortest winning line: '{}' in {unit} {} (seed {}; decisions that did not matter left out)",
                    line.ending, line.month, line.seed
                );
                for step in line.steps.iter().filter(|s| s.what != END_TURN) {
                    let _ = writeln!(out, "  {unit} {:>3}: {}", step.month, step.what);
                }
            }
        }
        out
    }
}
