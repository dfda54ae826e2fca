//! `simulate --report`: why a strategy wins or fails, without reading saves.
//!
//! Per strategy, over many seeded games: how often each event fired and each of its options
//! was chosen; each action taken, and in how many months it could not be taken and why (the
//! first part of its `available` that failed, with the mean value of the variable that part
//! reads: "`trust >= 40` false, trust 36.2 on average"); each package tabled and which party
//! turned it down on which term; the mean month of each ending; and each meter's median and
//! quartiles by month, drawn as a chart in the terminal.
//!
//! Streamed: each worker thread folds its games into one [`Tally`] as they finish and keeps
//! nothing per game; the tallies are then added up. Every figure is an integer count or an
//! integer sum (values are summed in thousandths), so the report is the same whatever the
//! number of threads. Trajectories use per-month histograms over each meter's range (one
//! bin per unit for ranges up to 200), so quartiles need no stored games either.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::{Observer, StrategyKind, game_seed, play_out_observed};
use crate::engine::expr::{self, Ast, BinOp, UnOp};
use crate::engine::{
    ActionId, Decision, EngineError, Expr, Game, NoticeKind, Reason, Scenario, ScenarioNames,
    Stance,
};

/// Most history rows a trajectory keeps (a 600-month level is sampled every 5 months).
const MAX_ROWS: usize = 121;
/// Histogram bins per meter and month (fewer for narrow ranges, see [`bins_for`]).
const MAX_BINS: usize = 200;

/// Why an action could not be taken at the end of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Block {
    /// Its `available` failed; the index of the first failing `and`-part.
    Unavailable(u8),
    CannotAfford,
    Cooldown,
    /// Available and affordable, and not taken.
    Idle,
}

/// Why one party turned a package down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Refusal {
    /// It crosses the party's red line on this term.
    RedLine(u16),
    /// Short of the party's reservation value; the term that weighed most against (if any
    /// weighed against at all).
    Short(Option<u16>),
}

/// An action's `available` split at its top-level `and`s, so a refusal can name the part
/// that failed.
struct Gate {
    parts: Vec<(String, Expr)>,
}

/// Everything the report counts, for one strategy. Only integers, so adding tallies from
/// any number of threads in any grouping gives the same result.
#[derive(Debug, Clone)]
struct Tally {
    games: u64,
    victories: u64,
    /// Per ending (plus one slot for "none"): games, sum of months.
    endings: Vec<(u64, u64)>,
    event_fired: Vec<u64>,
    event_games: Vec<u64>,
    options: Vec<Vec<u64>>,
    action_taken: Vec<u64>,
    action_games: Vec<u64>,
    /// Per action: (why blocked) → (months, sum of the failing part's variable in 1/1000).
    blocked: Vec<BTreeMap<Block, (u64, i64)>>,
    /// Decisions the engine refused, by reason.
    refused: BTreeMap<String, u64>,
    /// Package (a level per term) → (tabled, accepted).
    packages: BTreeMap<Vec<u8>, (u64, u64)>,
    /// (party, why) → times.
    rejections: BTreeMap<(u16, Refusal), u64>,
    /// Meter trajectories: [meter][row][bin] counts.
    hist: Vec<u32>,
}

/// What the report needs to know about a level, worked out once.
struct Layout {
    gates: Vec<Gate>,
    /// Shown variables charted, with their bin counts.
    meters: Vec<(usize, usize)>,
    /// Offset of each meter's block in `hist`.
    offsets: Vec<usize>,
    rows: usize,
    stride: usize,
}

/// Bins for a meter over `min..=max`: bin `i` stands for the value `min + i × width`. One
/// bin per unit for ranges up to [`MAX_BINS`] (so whole-number meters are counted exactly),
/// at least 16 intervals for narrow ranges.
fn bins_for(min: f64, max: f64) -> usize {
    let span = (max - min).abs();
    let intervals = if span <= MAX_BINS as f64 {
        (span.ceil() as usize).clamp(16, MAX_BINS)
    } else {
        MAX_BINS
    };
    intervals + 1
}

impl Layout {
    fn of(s: &Scenario) -> Self {
        let names = ScenarioNames(s);
        let gates = s
            .actions
            .iter()
            .map(|a| Gate::of(&a.available, &names))
            .collect();
        let length = usize::from(s.meta.length.max(1));
        let stride = length.div_ceil(MAX_ROWS - 1).max(1);
        let rows = length / stride + 1;
        let meters: Vec<(usize, usize)> = (s.vars.iter().enumerate())
            .filter(|(_, v)| v.shown)
            .map(|(i, v)| (i, bins_for(v.min, v.max)))
            .collect();
        let mut offsets = Vec::with_capacity(meters.len());
        let mut at = 0;
        for &(_, bins) in &meters {
            offsets.push(at);
            at += rows * bins;
        }
        Layout {
            gates,
            meters,
            offsets,
            rows,
            stride,
        }
    }

    fn hist_len(&self) -> usize {
        self.meters.iter().map(|&(_, b)| b * self.rows).sum()
    }
}

impl Gate {
    fn of(available: &Expr, names: &ScenarioNames) -> Self {
        let mut parts = Vec::new();
        if let Ok(ast) = expr::parse(available.text()) {
            let mut chain = Vec::new();
            and_parts(&ast, &mut chain);
            if chain.len() >= 2 {
                for part in chain {
                    let text = show(part);
                    match expr::compile(&text, names) {
                        Ok(e) => parts.push((text, e)),
                        // Cannot happen for a part of an expression that compiled, but a
                        // report must not fail over it: fall back to the whole condition.
                        Err(_) => {
                            parts.clear();
                            break;
                        }
                    }
                }
            }
        }
        if parts.is_empty() {
            parts.push((available.text().to_string(), available.clone()));
        }
        Gate { parts }
    }

    /// The first part that does not hold now.
    fn failing(&self, game: &Game) -> usize {
        (self.parts.iter())
            .position(|(_, e)| game.eval(e) == 0.0)
            .unwrap_or(0)
    }
}

fn and_parts<'a>(ast: &'a Ast, out: &mut Vec<&'a Ast>) {
    match ast {
        Ast::Binary(BinOp::And, a, b) => {
            and_parts(a, out);
            and_parts(b, out);
        }
        other => out.push(other),
    }
}

/// An expression tree back as text (operands of operators in parentheses unless simple).
fn show(ast: &Ast) -> String {
    let operand = |a: &Ast| match a {
        Ast::Binary(..) => format!("({})", show(a)),
        _ => show(a),
    };
    match ast {
        Ast::Num(n) => n.to_string(),
        Ast::Name { name, .. } => name.clone(),
        Ast::Call { func, args, .. } => {
            let args: Vec<String> = args.iter().map(show).collect();
            format!("{func}({})", args.join(", "))
        }
        Ast::Unary(UnOp::Neg, a) => format!("-{}", operand(a)),
        Ast::Unary(UnOp::Not, a) => format!("not {}", operand(a)),
        Ast::Binary(op, a, b) => {
            let op = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
                BinOp::Lt => "<",
                BinOp::Le => "<=",
                BinOp::Gt => ">",
                BinOp::Ge => ">=",
                BinOp::Eq => "==",
                BinOp::Ne => "!=",
                BinOp::And => "and",
                BinOp::Or => "or",
            };
            format!("{} {op} {}", operand(a), operand(b))
        }
    }
}

impl Tally {
    fn new(s: &Scenario, layout: &Layout) -> Self {
        Tally {
            games: 0,
            victories: 0,
            endings: vec![(0, 0); s.endings.len() + 1],
            event_fired: vec![0; s.events.len()],
            event_games: vec![0; s.events.len()],
            options: s.events.iter().map(|e| vec![0; e.options.len()]).collect(),
            action_taken: vec![0; s.actions.len()],
            action_games: vec![0; s.actions.len()],
            blocked: vec![BTreeMap::new(); s.actions.len()],
            refused: BTreeMap::new(),
            packages: BTreeMap::new(),
            rejections: BTreeMap::new(),
            hist: vec![0; layout.hist_len()],
        }
    }

    fn add(&mut self, other: Tally) {
        fn sum(a: &mut [u64], b: &[u64]) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        self.games += other.games;
        self.victories += other.victories;
        for (a, b) in self.endings.iter_mut().zip(&other.endings) {
            a.0 += b.0;
            a.1 += b.1;
        }
        sum(&mut self.event_fired, &other.event_fired);
        sum(&mut self.event_games, &other.event_games);
        for (a, b) in self.options.iter_mut().zip(&other.options) {
            sum(a, b);
        }
        sum(&mut self.action_taken, &other.action_taken);
        sum(&mut self.action_games, &other.action_games);
        for (a, b) in self.blocked.iter_mut().zip(other.blocked) {
            for (k, (n, v)) in b {
                let e = a.entry(k).or_insert((0, 0));
                e.0 += n;
                e.1 += v;
            }
        }
        for (k, n) in other.refused {
            *self.refused.entry(k).or_insert(0) += n;
        }
        for (k, (t, a)) in other.packages {
            let e = self.packages.entry(k).or_insert((0, 0));
            e.0 += t;
            e.1 += a;
        }
        for (k, n) in other.rejections {
            *self.rejections.entry(k).or_insert(0) += n;
        }
        self.hist
            .iter_mut()
            .zip(&other.hist)
            .for_each(|(x, y)| *x += y);
    }

    /// Fold one finished game in: what its final state records (endings, events, actions,
    /// trajectories). Decisions were counted as they were made.
    fn finish(&mut self, game: &Game, layout: &Layout) {
        let s = game.scenario();
        let state = game.state();
        self.games += 1;
        let slot = game.ending().map_or(s.endings.len(), |e| e.index());
        self.endings[slot].0 += 1;
        self.endings[slot].1 += u64::from(state.turn());
        if game.ending().is_some_and(|e| s.ending(e).victory) {
            self.victories += 1;
        }
        let mut acted = vec![false; s.actions.len()];
        for notice in state.notices() {
            if let NoticeKind::Action(a) = notice.kind {
                self.action_taken[a.index()] += 1;
                acted[a.index()] = true;
            }
        }
        for (i, seen) in acted.into_iter().enumerate() {
            self.action_games[i] += u64::from(seen);
        }
        for i in 0..s.events.len() {
            let n = state.times_fired(crate::engine::EventId(i as u16));
            self.event_fired[i] += u64::from(n);
            self.event_games[i] += u64::from(n > 0);
        }
        for (m, &(var, bins)) in layout.meters.iter().enumerate() {
            let def = &s.vars[var];
            let history: Vec<f64> = state.history_of(crate::engine::VarId(var as u16)).collect();
            for row in 0..layout.rows {
                let Some(&value) = history.get(row * layout.stride) else {
                    break;
                };
                let bin = bin_of(value, def.min, def.max, bins);
                self.hist[layout.offsets[m] + row * bins + bin] += 1;
            }
        }
    }
}

fn bin_of(value: f64, min: f64, max: f64, bins: usize) -> usize {
    if max <= min || bins < 2 {
        return 0;
    }
    let x = ((value - min) / (max - min) * (bins - 1) as f64).round();
    (x.max(0.0) as usize).min(bins - 1)
}

/// Counts decisions as a game is played.
struct Watcher<'a> {
    tally: &'a mut Tally,
    layout: &'a Layout,
}

impl Observer for Watcher<'_> {
    fn before(&mut self, game: &Game, decision: &Decision) {
        match decision {
            Decision::Act(a) => {
                if let Err(e) = game.check_action(*a) {
                    self.refuse(&e);
                }
            }
            Decision::Choose { option: i, .. } => match game.pending_event() {
                Some(e) if game.option_available(*i) => {
                    if let Some(n) = self.tally.options[e.index()].get_mut(usize::from(*i)) {
                        *n += 1;
                    }
                }
                _ => self.refuse(&EngineError::NoSuchOption),
            },
            Decision::Table(levels) => self.table(game, levels),
            Decision::EndMonth => self.month_end(game),
        }
    }

    fn finished(&mut self, game: &Game) {
        self.tally.finish(game, self.layout);
    }
}

impl Watcher<'_> {
    fn refuse(&mut self, error: &EngineError) {
        // By kind, not by text: the text carries amounts that differ every time.
        let kind = match error {
            EngineError::CannotAfford { .. } => "not enough capital".to_string(),
            EngineError::Cooldown { name, .. } => format!("'{name}' on cooldown"),
            other => other.to_string(),
        };
        *self.tally.refused.entry(kind).or_insert(0) += 1;
    }

    fn table(&mut self, game: &Game, levels: &[u8]) {
        if let Err(e) = game.check_table() {
            return self.refuse(&e);
        }
        if let Err(e) = crate::engine::negotiation::check_shape(game.scenario(), levels) {
            return self.refuse(&EngineError::BadPackage(e));
        }
        let verdicts = game.assess(levels);
        let accepted = verdicts.iter().all(|v| v.accepts());
        let entry = self.tally.packages.entry(levels.to_vec()).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += u64::from(accepted);
        for v in verdicts.iter().filter(|v| v.stance != Stance::Accept) {
            let red_line = v.reasons.iter().find_map(|r| match r {
                Reason::RedLine { term, .. } => Some(term.0),
                Reason::Term { .. } => None,
            });
            let why = match red_line {
                Some(term) => Refusal::RedLine(term),
                None => {
                    let against = v
                        .reasons
                        .iter()
                        .filter_map(|r| match r {
                            Reason::Term { term, contribution } if *contribution < 0.0 => {
                                Some((term.0, *contribution))
                            }
                            _ => None,
                        })
                        .min_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(t, _)| t);
                    Refusal::Short(against)
                }
            };
            *self.tally.rejections.entry((v.party.0, why)).or_insert(0) += 1;
        }
    }

    /// The month ends: note why each action not taken this month was out of reach.
    fn month_end(&mut self, game: &Game) {
        if game.pending_event().is_some() || game.is_over() {
            return;
        }
        for a in game.scenario().action_ids() {
            let block = match game.check_action(a) {
                Ok(()) => Block::Idle,
                Err(EngineError::UsedThisMonth(_)) => continue,
                Err(EngineError::Cooldown { .. }) => Block::Cooldown,
                Err(EngineError::CannotAfford { .. }) => Block::CannotAfford,
                Err(_) => {
                    let gate = &self.layout.gates[a.index()];
                    Block::Unavailable(gate.failing(game).min(255) as u8)
                }
            };
            let value = self.value_behind(game, a, block);
            let e = self.tally.blocked[a.index()].entry(block).or_insert((0, 0));
            e.0 += 1;
            e.1 += value;
        }
    }

    /// The value (in thousandths) of what stands in the way: the capital when it cannot be
    /// afforded, the first variable the failing part reads when it is unavailable.
    fn value_behind(&self, game: &Game, a: ActionId, block: Block) -> i64 {
        let value = match block {
            Block::CannotAfford => game.capital(),
            Block::Unavailable(part) => {
                let gate = &self.layout.gates[a.index()];
                gate.parts
                    .get(usize::from(part))
                    .and_then(|(_, e)| first_var(e))
                    .map_or(0.0, |v| game.state().var(crate::engine::VarId(v)))
            }
            _ => 0.0,
        };
        (value * 1000.0).round() as i64
    }
}

fn first_var(e: &Expr) -> Option<u16> {
    e.reads().iter().find_map(|r| match r {
        expr::Operand::Var(v) => Some(*v),
        _ => None,
    })
}

/// Play `games` games with each strategy and report. The same inputs give the same report
/// whatever `threads` is.
pub fn report(
    scenario: &Arc<Scenario>,
    kinds: &[StrategyKind],
    games: usize,
    seed: u64,
    threads: usize,
) -> Report {
    let layout = Layout::of(scenario);
    let strategies = kinds
        .iter()
        .map(|&kind| {
            let tally = run(scenario, &layout, kind, games, seed, threads);
            StrategyReport::of(scenario, &layout, kind, seed, &tally)
        })
        .collect();
    Report {
        level: scenario.meta.id.clone(),
        title: scenario.meta.title.clone(),
        strategies,
    }
}

fn run(
    scenario: &Arc<Scenario>,
    layout: &Layout,
    kind: StrategyKind,
    games: usize,
    seed: u64,
    threads: usize,
) -> Tally {
    let threads = threads.clamp(1, 64).min(games.max(1));
    let chunk = games.div_ceil(threads).max(1);
    let mut total = Tally::new(scenario, layout);
    let parts: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|part| {
                let scenario = Arc::clone(scenario);
                scope.spawn(move || {
                    let mut tally = Tally::new(&scenario, layout);
                    let end = ((part + 1) * chunk).min(games);
                    for index in part * chunk..end {
                        let seed = game_seed(seed, index as u64);
                        let game = Game::new(Arc::clone(&scenario), seed);
                        let mut watcher = Watcher {
                            tally: &mut tally,
                            layout,
                        };
                        play_out_observed(game, seed, kind, false, &mut watcher);
                    }
                    tally
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for part in parts {
        total.add(part);
    }
    total
}

/// The report for every strategy played.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub level: String,
    pub title: String,
    pub strategies: Vec<StrategyReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StrategyReport {
    pub strategy: String,
    /// The level's turn: "month", "week" or "day" (the unit of every `month` field).
    pub turn: String,
    pub games: u64,
    pub seed: u64,
    pub victories: u64,
    pub endings: Vec<EndingLine>,
    pub events: Vec<EventLine>,
    pub actions: Vec<ActionLine>,
    /// Decisions the engine refused, by reason.
    pub refused: Vec<Count>,
    pub packages: Packages,
    pub meters: Vec<Meter>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndingLine {
    pub id: String,
    pub games: u64,
    pub share: f64,
    /// Mean month the game ended in (1-based), when it happened at all.
    pub mean_month: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    pub id: String,
    /// Times fired over all games.
    pub fired: u64,
    /// Games in which it fired at least once.
    pub games: u64,
    pub options: Vec<Count>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub id: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionLine {
    pub id: String,
    pub name: String,
    pub taken: u64,
    /// Games in which it was taken at least once.
    pub games: u64,
    /// Month ends at which it could not be taken (not counting months it was taken).
    pub blocked_months: u64,
    /// Month ends at which it was available and affordable but not taken.
    pub idle_months: u64,
    /// Why it could not be taken, most common first.
    pub reasons: Vec<BlockLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlockLine {
    /// "unavailable", "cannot afford" or "cooldown".
    pub kind: String,
    /// For "unavailable": the part of `available` that failed.
    pub condition: Option<String>,
    pub months: u64,
    /// The mean value, at those month ends, of the capital (cannot afford) or of the first
    /// variable the failing part reads.
    pub variable: Option<String>,
    pub mean_value: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Packages {
    pub tabled: u64,
    pub accepted: u64,
    /// The most often tabled packages (at most 10), as term → level for the terms included.
    pub most_tabled: Vec<PackageLine>,
    /// Which party turned packages down, on which term, most common first.
    pub rejections: Vec<RejectionLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackageLine {
    pub terms: BTreeMap<String, u8>,
    pub tabled: u64,
    pub accepted: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RejectionLine {
    pub party: String,
    /// "red line" or "short of reservation".
    pub kind: String,
    /// The red line's term, or the term that weighed most against the package.
    pub term: Option<String>,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meter {
    pub id: String,
    pub label: String,
    pub min: f64,
    pub max: f64,
    pub key: bool,
    pub rows: Vec<MeterRow>,
}

/// A meter at the start of month `month` (0: the start of the game); `games` is how many
/// games were still running then.
#[derive(Debug, Clone, Serialize)]
pub struct MeterRow {
    pub month: u16,
    pub games: u64,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn share(n: u64, of: u64) -> f64 {
    round1(n as f64 * 100.0 / of.max(1) as f64) / 100.0
}

/// The `q` quantile of a histogram made by [`bin_of`]: the value of the bin where the
/// count passes `q` of the total (exact for whole-number meters on unit bins).
fn quantile(counts: &[u32], min: f64, max: f64, q: f64) -> f64 {
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    if total == 0 || counts.len() < 2 {
        return min;
    }
    let width = (max - min) / (counts.len() - 1) as f64;
    let target = q * total as f64;
    let mut below = 0u64;
    for (i, &c) in counts.iter().enumerate() {
        below += u64::from(c);
        if c > 0 && below as f64 >= target {
            return min + width * i as f64;
        }
    }
    max
}

impl StrategyReport {
    fn of(s: &Scenario, layout: &Layout, kind: StrategyKind, seed: u64, t: &Tally) -> Self {
        let endings = (s.endings.iter().map(|e| e.id.clone()))
            .chain(std::iter::once("none".to_string()))
            .zip(&t.endings)
            .filter(|(id, (n, _))| *n > 0 || id != "none")
            .map(|(id, &(n, months))| EndingLine {
                id,
                games: n,
                share: share(n, t.games),
                mean_month: (n > 0).then(|| round1(months as f64 / n as f64)),
            })
            .collect();
        let events = (s.events.iter().enumerate())
            .map(|(i, e)| EventLine {
                id: e.id.clone(),
                fired: t.event_fired[i],
                games: t.event_games[i],
                options: (e.options.iter().zip(&t.options[i]))
                    .map(|(o, &n)| Count {
                        id: o.id.clone(),
                        count: n,
                    })
                    .collect(),
            })
            .collect();
        let actions = (s.actions.iter().enumerate())
            .map(|(i, a)| {
                let blocked = &t.blocked[i];
                let mut reasons: Vec<BlockLine> = blocked
                    .iter()
                    .filter(|(b, _)| **b != Block::Idle)
                    .map(|(b, &(n, sum))| {
                        let mean = (n > 0).then(|| round1(sum as f64 / 1000.0 / n as f64));
                        match *b {
                            Block::Unavailable(part) => {
                                let gate = layout.gates[i].parts.get(usize::from(part));
                                let var = gate.and_then(|(_, e)| first_var(e));
                                BlockLine {
                                    kind: "unavailable".into(),
                                    condition: gate.map(|(text, _)| text.clone()),
                                    months: n,
                                    variable: var.map(|v| s.vars[usize::from(v)].id.clone()),
                                    mean_value: var.and(mean),
                                }
                            }
                            Block::CannotAfford => BlockLine {
                                kind: "cannot afford".into(),
                                condition: None,
                                months: n,
                                variable: Some(s.vars[s.meta.capital.index()].id.clone()),
                                mean_value: mean,
                            },
                            Block::Cooldown | Block::Idle => BlockLine {
                                kind: "cooldown".into(),
                                condition: None,
                                months: n,
                                variable: None,
                                mean_value: None,
                            },
                        }
                    })
                    .collect();
                reasons.sort_by_key(|r| std::cmp::Reverse(r.months));
                ActionLine {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    taken: t.action_taken[i],
                    games: t.action_games[i],
                    blocked_months: reasons.iter().map(|r| r.months).sum(),
                    idle_months: blocked.get(&Block::Idle).map_or(0, |e| e.0),
                    reasons,
                }
            })
            .collect();
        let mut refused: Vec<Count> = (t.refused.iter())
            .map(|(k, &n)| Count {
                id: k.clone(),
                count: n,
            })
            .collect();
        refused.sort_by_key(|r| std::cmp::Reverse(r.count));
        let mut most: Vec<(&Vec<u8>, &(u64, u64))> = t.packages.iter().collect();
        most.sort_by_key(|p| std::cmp::Reverse(p.1.0));
        let most_tabled = most
            .into_iter()
            .take(10)
            .map(|(levels, &(tabled, accepted))| PackageLine {
                terms: (s.terms.iter().zip(levels))
                    .filter(|(_, l)| **l > 0)
                    .map(|(term, &l)| (term.id.clone(), l))
                    .collect(),
                tabled,
                accepted,
            })
            .collect();
        let term_id = |t: u16| s.terms.get(usize::from(t)).map(|t| t.id.clone());
        let mut rejections: Vec<RejectionLine> = (t.rejections.iter())
            .map(|(&(party, why), &count)| {
                let party = s.parties[usize::from(party)].id.clone();
                match why {
                    Refusal::RedLine(term) => RejectionLine {
                        party,
                        kind: "red line".into(),
                        term: term_id(term),
                        count,
                    },
                    Refusal::Short(term) => RejectionLine {
                        party,
                        kind: "short of reservation".into(),
                        term: term.and_then(term_id),
                        count,
                    },
                }
            })
            .collect();
        rejections.sort_by_key(|r| std::cmp::Reverse(r.count));
        let meters = (layout.meters.iter().enumerate())
            .map(|(m, &(var, bins))| {
                let def = &s.vars[var];
                let rows = (0..layout.rows)
                    .map(|row| {
                        let start = layout.offsets[m] + row * bins;
                        let counts = &t.hist[start..start + bins];
                        let q = |p| round1(quantile(counts, def.min, def.max, p));
                        MeterRow {
                            month: (row * layout.stride) as u16,
                            games: counts.iter().map(|&c| u64::from(c)).sum(),
                            p25: q(0.25),
                            median: q(0.5),
                            p75: q(0.75),
                        }
                    })
                    .filter(|r| r.games > 0)
                    .collect();
                Meter {
                    id: def.id.clone(),
                    label: def.label.clone(),
                    min: def.min,
                    max: def.max,
                    key: def.key,
                    rows,
                }
            })
            .collect();
        StrategyReport {
            strategy: kind.name().to_string(),
            turn: s.meta.turn_length.noun().to_string(),
            games: t.games,
            seed,
            victories: t.victories,
            endings,
            events,
            actions,
            refused,
            packages: Packages {
                tabled: t.packages.values().map(|p| p.0).sum(),
                accepted: t.packages.values().map(|p| p.1).sum(),
                most_tabled,
                rejections,
            },
            meters,
        }
    }
}

/// Height of a meter chart in rows.
const CHART_ROWS: usize = 8;
/// Widest chart, in columns (longer games are sampled).
const CHART_COLUMNS: usize = 60;
/// Meters charted in text (the key meters, else the first shown ones); `--json` has all.
const CHARTED: usize = 6;

impl Report {
    /// The report as text for a terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for r in &self.strategies {
            r.render(&self.title, &mut out);
        }
        out
    }
}

fn pct(n: u64, of: u64) -> String {
    format!("{:.1}%", n as f64 * 100.0 / of.max(1) as f64)
}

impl StrategyReport {
    fn render(&self, title: &str, out: &mut String) {
        let g = self.games;
        let _ = writeln!(
            out,
            "{title} — strategy '{}', {g} games, seed {}: {} victories ({})\n",
            self.strategy,
            self.seed,
            self.victories,
            pct(self.victories, g)
        );
        let unit = self.turn.as_str();
        let _ = writeln!(
            out,
            "Endings                          games   share  {:>10}",
            format!("mean {unit}")
        );
        for e in &self.endings {
            let month = e.mean_month.map_or("—".into(), |m| format!("{m:.1}"));
            let _ = writeln!(
                out,
                "  {:<30} {:>5}  {:>6}  {:>10}",
                e.id,
                e.games,
                pct(e.games, g),
                month
            );
        }
        let _ = writeln!(
            out,
            "\nEvents (fired in share of games; times; options chosen)"
        );
        let mut never = Vec::new();
        for e in &self.events {
            if e.fired == 0 {
                never.push(e.id.as_str());
                continue;
            }
            let mut line = format!("  {:<30} {:>6}  {:>6}", e.id, pct(e.games, g), e.fired);
            if !e.options.is_empty() {
                let opts: Vec<String> = (e.options.iter())
                    .map(|o| format!("{} {}", o.id, o.count))
                    .collect();
                let _ = write!(line, "  [{}]", opts.join(", "));
            }
            let _ = writeln!(out, "{line}");
        }
        if !never.is_empty() {
            let _ = writeln!(out, "  never fired: {}", never.join(", "));
        }
        let _ = writeln!(
            out,
            "\nActions (taken; games; {unit} ends out of reach, and the commonest reason)"
        );
        for a in &self.actions {
            let mut line = format!("  {:<30} {:>6} {:>6}", a.id, a.taken, pct(a.games, g));
            let ends = a.blocked_months + a.idle_months;
            if a.blocked_months > 0 {
                let _ = write!(line, "  blocked {}", pct(a.blocked_months, ends));
                if let Some(r) = a.reasons.first() {
                    let _ = write!(line, ": {}", r.describe());
                }
            }
            let _ = writeln!(out, "{line}");
        }
        if !self.refused.is_empty() {
            let _ = writeln!(out, "\nDecisions the engine refused");
            for r in &self.refused {
                let _ = writeln!(out, "  {:>6}  {}", r.count, r.id);
            }
        }
        let p = &self.packages;
        if p.tabled > 0 {
            let _ = writeln!(
                out,
                "\nPackages: {} tabled, {} accepted ({})",
                p.tabled,
                p.accepted,
                pct(p.accepted, p.tabled)
            );
            for line in p.most_tabled.iter().take(5) {
                let terms: Vec<String> = (line.terms.iter())
                    .map(|(t, l)| format!("{t}={l}"))
                    .collect();
                let terms = if terms.is_empty() {
                    "(nothing)".to_string()
                } else {
                    terms.join(" ")
                };
                let _ = writeln!(
                    out,
                    "  {:>6} × {terms} ({} accepted)",
                    line.tabled, line.accepted
                );
            }
            for r in p.rejections.iter().take(8) {
                let term = r
                    .term
                    .as_deref()
                    .map_or(String::new(), |t| format!(" on '{t}'"));
                let why = if r.kind == "red line" {
                    format!("red line{term}")
                } else if r.term.is_some() {
                    format!(
                        "short of reservation ({} weighed most against)",
                        term.trim()
                    )
                } else {
                    "short of reservation".to_string()
                };
                let _ = writeln!(out, "  {:>6}  rejected by {}: {why}", r.count, r.party);
            }
        }
        let keyed: Vec<&Meter> = self.meters.iter().filter(|m| m.key).collect();
        let charted: Vec<&Meter> = if keyed.is_empty() {
            self.meters.iter().take(CHARTED).collect()
        } else {
            keyed.into_iter().take(CHARTED).collect()
        };
        if !charted.is_empty() {
            let _ = writeln!(
                out,
                "\nMeters by {unit}: median ●, quartiles │ (--json has every meter)"
            );
        }
        for m in charted {
            chart(m, unit, out);
        }
        out.push('\n');
    }
}

impl BlockLine {
    fn describe(&self) -> String {
        let value = match (&self.variable, self.mean_value) {
            (Some(v), Some(x)) => format!(" ({v} {x} on average)"),
            _ => String::new(),
        };
        match self.kind.as_str() {
            "unavailable" => format!(
                "`{}` false{value}",
                self.condition.as_deref().unwrap_or("available")
            ),
            "cannot afford" => format!("cannot afford{value}"),
            other => other.to_string(),
        }
    }
}

/// A meter's quartile band and median by turn (`unit`: month, week or day), as text.
fn chart(m: &Meter, unit: &str, out: &mut String) {
    let Some(last) = m.rows.last() else {
        return;
    };
    let columns = m.rows.len().min(CHART_COLUMNS);
    let pick = |c: usize| &m.rows[c * (m.rows.len() - 1) / (columns - 1).max(1)];
    let span = (m.max - m.min).max(f64::MIN_POSITIVE);
    let y = |v: f64| {
        (((v - m.min) / span * (CHART_ROWS - 1) as f64).round() as usize).min(CHART_ROWS - 1)
    };
    let mut grid = vec![vec![' '; columns]; CHART_ROWS];
    for c in 0..columns {
        let row = pick(c);
        for cell in grid.iter_mut().take(y(row.p75) + 1).skip(y(row.p25)) {
            cell[c] = '│';
        }
        grid[y(row.median)][c] = '●';
    }
    let _ = writeln!(
        out,
        "\n  {} — {unit} {}: median {}, quartiles {}–{} ({} games still running)",
        m.label, last.month, last.median, last.p25, last.p75, last.games
    );
    for (r, line) in grid.iter().enumerate().rev() {
        let label = if r == CHART_ROWS - 1 {
            format!("{}", m.max)
        } else if r == 0 {
            format!("{}", m.min)
        } else {
            String::new()
        };
        let line: String = line.iter().collect();
        let _ = writeln!(out, "  {label:>6} ┤{}", line.trim_end());
    }
    let first = m.rows.first().map_or(0, |r| r.month);
    let last_label = last.month.to_string();
    let axis = format!(
        "{unit} {first}{:>width$}",
        last_label,
        width = columns
            .saturating_sub(unit.len() + 1 + first.to_string().len())
            .max(last_label.len() + 1)
    );
    let _ = writeln!(out, "         └{}", "─".repeat(columns));
    let _ = writeln!(out, "          {axis}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_histogram() {
        // 0..=100 in unit bins, one game at each value 1..=100.
        let bins = bins_for(0.0, 100.0);
        assert_eq!(bins, 101);
        let mut counts = vec![0u32; bins];
        for v in 1..=100 {
            counts[bin_of(f64::from(v), 0.0, 100.0, bins)] += 1;
        }
        assert_eq!(quantile(&counts, 0.0, 100.0, 0.5), 50.0);
        assert_eq!(quantile(&counts, 0.0, 100.0, 0.25), 25.0);
        assert_eq!(quantile(&counts, 0.0, 100.0, 0.75), 75.0);
        // Every game at 36: every quartile is 36, not somewhere inside a bin.
        let mut counts = vec![0u32; bins];
        counts[bin_of(36.0, 0.0, 100.0, bins)] = 10;
        assert_eq!(quantile(&counts, 0.0, 100.0, 0.25), 36.0);
        assert_eq!(quantile(&counts, 0.0, 100.0, 0.5), 36.0);
    }

    #[test]
    fn and_parts_are_shown_back_as_text() {
        let ast =
            expr::parse("trust >= 40 and not flag(summit) and (a + b) * 2 < 3").expect("parses");
        let mut parts = Vec::new();
        and_parts(&ast, &mut parts);
        let texts: Vec<String> = parts.into_iter().map(show).collect();
        assert_eq!(
            texts,
            ["trust >= 40", "not flag(summit)", "((a + b) * 2) < 3"]
        );
    }
}
