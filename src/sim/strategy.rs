//! The headless strategies, all generic: they see actions, options and terms through their
//! tags, never through ids, so they play any level that tags its content.
//!
//! Tags the strategies read (a level's README documents them for authors):
//! - actions: `consult` (reveals a party), `joint` (builds the joint approach), `talks`
//!   (moves the talks), `pressure`, `force`, `relief`, `aid`, `engage`, `verify`,
//!   `humanitarian`, `domestic` (shoring up support at home; the memo's last resort);
//! - event options: `pressure`, `relief`, `memo` (the option suits that bent), `passive`;
//!   the first names `hawk` and `dove` are read as `pressure` and `relief` ([`OLD_OPTION_TAGS`])
//!   so levels written for them still play, and `level check` warns that they are deprecated;
//! - deal terms: `verification`, `snapback`, `phasing`, `relief`, `obligation`.
//!
//! `pressure-then-talks` plays in two phases: `pressure` then `joint` actions until the talks
//! open (a staged track that `talks` actions advance leaves its first stage, or a package may
//! be tabled), nothing is left to tighten, or a third of the game is gone; from then on it is
//! the memo (consultations, stages, packages every party accepts). The pivot is one way.
//! Talks a level starts already convened (After the Test) count as open only once they rise
//! a stage, so there it tightens first rather than playing the memo from month one.
//!
//! `freeze-first` plays the memo's road to the table but tables the first package every
//! party accepts, no term held at its highest, as soon as one exists, where the memo
//! holds verification, snapback and phasing at their highest, so it signs only when the parties
//! accept the strongest package.

use rand_chacha::ChaCha8Rng;
use rand_core::Rng;

use crate::engine::{ActionId, Decision, EffectKind, EngineError, Game, Stance};

/// The built-in strategies, named for what they do. The command line's `--strategy` takes
/// these names (a clap `ValueEnum`); `hawk` and `dove`, their first names, are accepted there
/// as aliases and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum StrategyKind {
    /// Takes no action; answers events with an option tagged `passive` (else the first).
    #[value(
        help = "Takes no action; answers events with an option tagged `passive` (else the first)"
    )]
    Passive,
    /// Random affordable actions, answers and packages.
    #[value(help = "Random affordable actions, answers and packages")]
    Random,
    /// Pressure and shows of force, never a concession (was `hawk`).
    #[value(
        name = "pressure-only",
        alias = "hawk",
        help = "Actions tagged `pressure`, then `force`; never a concession (was `hawk`)"
    )]
    PressureOnly,
    /// Pressure first, then negotiates like the memo once the talks open.
    #[value(
        name = "pressure-then-talks",
        help = "Actions tagged `pressure` until the level's talks open, then plays as `memo`"
    )]
    PressureThenTalks,
    /// Relief and aid up front, no verification asked (was `dove`).
    #[value(
        name = "relief-first",
        alias = "dove",
        help = "Actions tagged `relief`, `aid`, `engage`; packages of relief terms, no verification asked (was `dove`)"
    )]
    ReliefFirst,
    /// The source memo's plan, read from the level's tags.
    #[value(
        help = "Consults, builds the level's staged `good = \"high\"` meters, tables only packages every party accepts, with verification, snapback and phasing terms at maximum"
    )]
    Memo,
    /// Step by step: the memo's road to the table, then the first package every party
    /// accepts, as soon as one exists, without holding out for the strongest one.
    #[value(
        name = "freeze-first",
        help = "Plays as `memo` to the table, then tables the first package every party accepts, no term held at its highest"
    )]
    FreezeFirst,
    /// Whatever raises the level's `score` most, one step ahead.
    #[value(help = "Whatever raises the level's `score` most, one step ahead")]
    Greedy,
    /// Looks ahead with Monte Carlo rollouts ([`super::search`]); not in [`Self::ALL`],
    /// the scripted strategies, because it is a thousand times slower.
    #[value(
        help = "Looks ahead: plays each choice out on copies of the game and takes the best for the level's `score` or --target (slow)"
    )]
    Search,
}

impl StrategyKind {
    pub const ALL: [StrategyKind; 8] = [
        StrategyKind::Passive,
        StrategyKind::Random,
        StrategyKind::PressureOnly,
        StrategyKind::PressureThenTalks,
        StrategyKind::ReliefFirst,
        StrategyKind::Memo,
        StrategyKind::FreezeFirst,
        StrategyKind::Greedy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StrategyKind::Passive => "passive",
            StrategyKind::Random => "random",
            StrategyKind::PressureOnly => "pressure-only",
            StrategyKind::PressureThenTalks => "pressure-then-talks",
            StrategyKind::ReliefFirst => "relief-first",
            StrategyKind::Memo => "memo",
            StrategyKind::FreezeFirst => "freeze-first",
            StrategyKind::Greedy => "greedy",
            StrategyKind::Search => "search",
        }
    }

    /// The command line's parse: a name, or one of the old names `hawk` and `dove`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "hawk" => Some(StrategyKind::PressureOnly),
            "dove" => Some(StrategyKind::ReliefFirst),
            _ => (Self::ALL.into_iter())
                .chain([StrategyKind::Search])
                .find(|k| k.name() == name),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            StrategyKind::Passive => "does nothing; answers events with their first option",
            StrategyKind::Random => {
                "random affordable actions, random answers, random packages (half of them searched for acceptability)"
            }
            StrategyKind::PressureOnly => {
                "sanctions and shows of force, never a concession; tables only demands"
            }
            StrategyKind::PressureThenTalks => {
                "tightens sanctions (with Beijing if it can) until the talks open, then negotiates: consults every party and tables phased, verified packages every party accepts"
            }
            StrategyKind::ReliefFirst => {
                "lifts sanctions and sends aid up front, asks for no verification"
            }
            StrategyKind::Memo => {
                "the memo's plan: consult every party, build the joint approach, revive the talks, phased relief against verified steps with snapback"
            }
            StrategyKind::FreezeFirst => {
                "step by step: the memo's road to the table, then the first package every party accepts, tabled as soon as one exists (as the 2007 Initial Actions froze Yongbyon first), rather than holding out for the strongest verification, snapback and phasing"
            }
            StrategyKind::Greedy => "one-step lookahead on the level's score",
            StrategyKind::Search => {
                "looks ahead: plays each choice out on copies of the game (Monte Carlo rollouts) and takes the best for the level's score"
            }
        }
    }

    /// Action tags in order of preference; earlier tags are tried first.
    pub(crate) fn action_tags(self) -> &'static [&'static str] {
        match self {
            StrategyKind::PressureOnly => &["pressure", "force"],
            StrategyKind::ReliefFirst => &["relief", "aid", "engage"],
            StrategyKind::Memo | StrategyKind::PressureThenTalks | StrategyKind::FreezeFirst => {
                MEMO_TAGS
            }
            _ => &[],
        }
    }

    /// Option tags this strategy prefers when an event asks, best first. A level's old
    /// tags (`hawk`, `dove`) are read through [`option_tag`], so levels written for them
    /// play the same.
    pub(crate) fn option_tags(self) -> &'static [&'static str] {
        match self {
            StrategyKind::PressureOnly => &["pressure"],
            StrategyKind::ReliefFirst => &["relief"],
            StrategyKind::Memo | StrategyKind::PressureThenTalks | StrategyKind::FreezeFirst => {
                &["memo"]
            }
            StrategyKind::Passive => &["passive"],
            _ => &[],
        }
    }
}

/// Option tags that were renamed when the strategies were (`hawk` → `pressure-only`, `dove`
/// → `relief-first`): (old, new). User levels written with the old names keep playing the
/// same; `level check` warns (`deprecated-tag`) and names the new tag.
pub const OLD_OPTION_TAGS: &[(&str, &str)] = &[("hawk", "pressure"), ("dove", "relief")];

/// An event option's tag in today's vocabulary: the new name of a renamed tag, else itself.
pub fn option_tag(tag: &str) -> &str {
    OLD_OPTION_TAGS
        .iter()
        .find(|(old, _)| *old == tag)
        .map_or(tag, |(_, new)| new)
}

/// The memo's action tags, in its order of preference.
const MEMO_TAGS: &[&str] = &[
    "consult",
    "joint",
    "talks",
    "verify",
    "humanitarian",
    "engage",
    "domestic",
];

/// The term tags the memo's package keeps at their highest.
const MEMO_TERMS: &[&str] = &["verification", "snapback", "phasing"];

/// The term tags freeze-first's package keeps at their highest: none. It tables the first
/// package every party accepts, each term no higher than some party needs, as soon as one
/// exists ("commitment for commitment, action for action", step by step, as the 2007 Initial
/// Actions froze Yongbyon for fuel oil and left disablement to a second phase).
const FREEZE_FIRST_TERMS: &[&str] = &[];

/// What pressure-then-talks does before the talks open: tighten, and bring Beijing along
/// when it can (pressure bites only when China stops refilling what sanctions take).
pub(crate) const PRESSURE_PHASE_TAGS: &[&str] = &["pressure", "joint"];

/// A strategy's memory between decisions.
#[derive(Debug, Clone)]
pub struct Strategy {
    kind: StrategyKind,
    /// Turn of the last package tabled, so strategies do not table every month.
    last_tabled: Option<u16>,
    /// The memo's last package search: (state fingerprint, result). The search is the
    /// costliest thing a strategy does, and most decisions in a month leave the parties'
    /// verdicts unchanged, so it is redone only when the state has changed.
    package_cache: Option<(u64, Option<Vec<u8>>)>,
    /// Reused for the list of actions the random player picks from (it decides several
    /// times a month, every month, in every simulated game).
    choices: Vec<ActionId>,
    /// pressure-then-talks: whether it has turned to the talks (for good: a pivot, not a
    /// dance between phases).
    talking: bool,
}

impl Strategy {
    pub fn new(kind: StrategyKind) -> Self {
        Strategy {
            kind,
            last_tabled: None,
            package_cache: None,
            choices: Vec::new(),
            talking: false,
        }
    }

    pub fn kind(&self) -> StrategyKind {
        self.kind
    }

    /// The next decision for the game as it stands.
    pub fn decide(&mut self, game: &Game, rng: &mut ChaCha8Rng) -> Decision {
        if self.kind == StrategyKind::PressureThenTalks && !self.talking {
            // The pivot: the talks have opened, there is nothing left to tighten, or a third
            // of the game is gone (pressure for its own sake is the other strategy).
            self.talking = talks_open(game)
                || !pressure_left(game)
                || u32::from(game.state().turn()) * 3 >= u32::from(game.scenario().meta.length);
        }
        if game.pending_event().is_some() {
            return self.answer(game, rng);
        }
        match self.kind {
            StrategyKind::Passive => Decision::EndMonth,
            StrategyKind::Random => self.random(game, rng),
            StrategyKind::Greedy => self.greedy(game),
            StrategyKind::Search => search_once(game, rng),
            StrategyKind::PressureOnly
            | StrategyKind::PressureThenTalks
            | StrategyKind::ReliefFirst
            | StrategyKind::Memo
            | StrategyKind::FreezeFirst => self.by_tags(game),
        }
    }

    fn answer(&self, game: &Game, rng: &mut ChaCha8Rng) -> Decision {
        let Some(event) = game.pending_event() else {
            return Decision::EndMonth;
        };
        let options = &game.scenario().event(event).options;
        let available: Vec<u8> = (0..options.len() as u8)
            .filter(|&i| game.option_available(i))
            .collect();
        if self.kind == StrategyKind::Search {
            return search_once(game, rng);
        }
        if self.kind == StrategyKind::Greedy
            && let Some(best) = best_by_score(
                game,
                available
                    .iter()
                    .map(|&option| Decision::Choose { event, option }),
            )
        {
            return best;
        }
        for tag in self.option_tags() {
            if let Some(&i) = available.iter().find(|&&i| {
                options[usize::from(i)]
                    .tags
                    .iter()
                    .any(|t| option_tag(t) == *tag)
            }) {
                return Decision::Choose { event, option: i };
            }
        }
        let pick = if self.kind == StrategyKind::Random && !available.is_empty() {
            available[(rng.next_u32() as usize) % available.len()]
        } else {
            available.first().copied().unwrap_or(0)
        };
        Decision::Choose {
            event,
            option: pick,
        }
    }

    fn random(&mut self, game: &Game, rng: &mut ChaCha8Rng) -> Decision {
        if rng.next_u32() % 100 < 35 {
            return Decision::EndMonth;
        }
        if game.check_table().is_ok() && rng.next_u32() % 100 < 10 {
            // Half the packages are searched for acceptability from nothing (as a player
            // reading the verdicts would), half are pure noise; either way the random
            // player still wanders into the talks by chance.
            if rng.next_u32().is_multiple_of(2)
                && let Some(levels) = build_package(game, &[])
            {
                return Decision::Table(levels);
            }
            let levels = game
                .scenario()
                .terms
                .iter()
                .map(|t| (rng.next_u32() % (u32::from(t.max_level) + 1)) as u8)
                .collect();
            return Decision::Table(levels);
        }
        self.choices.clear();
        self.choices
            .extend(game.scenario().action_ids().filter(|&a| game.can_act(a)));
        if self.choices.is_empty() {
            return Decision::EndMonth;
        }
        Decision::Act(self.choices[(rng.next_u32() as usize) % self.choices.len()])
    }

    /// Whether the strategy plays the memo's plan now: the memo always, pressure-then-talks
    /// once the talks have opened.
    fn negotiating(&self) -> bool {
        matches!(self.kind, StrategyKind::Memo | StrategyKind::FreezeFirst)
            || (self.kind == StrategyKind::PressureThenTalks && self.talking)
    }

    /// The action tags in play now, best first.
    fn action_tags(&self) -> &'static [&'static str] {
        if self.kind == StrategyKind::PressureThenTalks && !self.talking {
            PRESSURE_PHASE_TAGS
        } else {
            self.kind.action_tags()
        }
    }

    /// The option tags in play now, best first.
    fn option_tags(&self) -> &'static [&'static str] {
        if self.kind == StrategyKind::PressureThenTalks && !self.talking {
            StrategyKind::PressureOnly.option_tags()
        } else {
            self.kind.option_tags()
        }
    }

    /// Take the affordable action whose tag comes earliest in the strategy's list; table a
    /// package when the strategy's package would be accepted (or, for pressure-only and
    /// relief-first, every few months regardless).
    fn by_tags(&mut self, game: &Game) -> Decision {
        if let Some(levels) = self.package(game) {
            self.last_tabled = Some(game.state().turn());
            return Decision::Table(levels);
        }
        if self.negotiating()
            && let Some(decision) = self.memo_priorities(game)
        {
            return decision;
        }
        let scenario = game.scenario();
        for tag in self.action_tags() {
            let mut candidates: Vec<ActionId> = scenario
                .action_ids()
                .filter(|&a| scenario.action(a).tags.iter().any(|t| t == tag))
                .filter(|&a| game.can_act(a))
                .collect();
            // Consultations are only worth it for parties still hidden: prefer actions that
            // reveal someone new.
            if *tag == "consult" {
                candidates.retain(|&a| reveals_someone_new(game, a));
            }
            if let Some(&a) = candidates.first() {
                return Decision::Act(a);
            }
        }
        Decision::EndMonth
    }

    /// The memo's plan has an order: identify every party's priorities, then advance the
    /// staged tracks (the joint approach, the talks), and only then spend on support.
    /// Generic: a "stage" is any variable with named stages that the level marks good when
    /// high; an action advances it when its preview raises it. When the next step of the
    /// plan (a consultation, a stage, or tabling an acceptable package) is available but
    /// not yet affordable, the memo saves its capital instead of frittering it away.
    fn memo_priorities(&mut self, game: &Game) -> Option<Decision> {
        let scenario = game.scenario();
        let tags = MEMO_TAGS;
        let mine = |a: ActionId| {
            scenario
                .action(a)
                .tags
                .iter()
                .any(|t| tags.contains(&t.as_str()))
        };
        let usable = |a: ActionId| match game.check_action(a) {
            Ok(()) => Some(true),
            Err(EngineError::CannotAfford { .. }) => Some(false),
            Err(_) => None,
        };
        // Saving for a package every party would accept.
        if matches!(game.check_table(), Err(EngineError::CannotAfford { .. }))
            && !game.state().has_deal()
            && self.memo_package(game).is_some()
        {
            return Some(Decision::EndMonth);
        }
        let advances = |a: ActionId| {
            scenario.action(a).effects.iter().any(|e| match &e.kind {
                EffectKind::Add(v, amount) => {
                    let def = scenario.var(*v);
                    !def.stages.is_empty()
                        && def.good_when_high == Some(true)
                        && game.eval(amount) > 0.0
                }
                _ => false,
            })
        };
        let consults = scenario.action_ids().filter(|&a| {
            scenario.action(a).tags.iter().any(|t| t == "consult") && reveals_someone_new(game, a)
        });
        let stages = scenario.action_ids().filter(|&a| mine(a) && advances(a));
        let mut waiting = false;
        for a in consults.chain(stages) {
            match usable(a) {
                Some(true) => return Some(Decision::Act(a)),
                Some(false) => waiting = true,
                None => {}
            }
        }
        waiting.then_some(Decision::EndMonth)
    }

    /// The strategy's package, if every party would accept it now (cached per state): the
    /// memo's has verification, snapback and phasing at their highest; freeze-first's holds
    /// no term at its highest, each no higher than some party needs.
    fn memo_package(&mut self, game: &Game) -> Option<Vec<u8>> {
        let key = game.state().fingerprint();
        if let Some((k, levels)) = &self.package_cache
            && *k == key
        {
            return levels.clone();
        }
        let required: &[&str] = if self.kind == StrategyKind::FreezeFirst {
            FREEZE_FIRST_TERMS
        } else {
            MEMO_TERMS
        };
        let levels = build_package(game, required);
        self.package_cache = Some((key, levels.clone()));
        levels
    }

    fn package(&mut self, game: &Game) -> Option<Vec<u8>> {
        game.check_table().ok()?;
        let turn = game.state().turn();
        if game.state().has_deal() {
            return None;
        }
        let scenario = game.scenario();
        let has = |t: usize, tag: &str| scenario.terms[t].tags.iter().any(|x| x == tag);
        match self.kind {
            StrategyKind::Memo | StrategyKind::PressureThenTalks | StrategyKind::FreezeFirst => {
                // Before the pivot pressure-then-talks tables nothing.
                if self.negotiating() {
                    self.memo_package(game)
                } else {
                    None
                }
            }
            StrategyKind::PressureOnly | StrategyKind::ReliefFirst => {
                if self.last_tabled.is_some_and(|t| turn < t + 6) {
                    return None;
                }
                let levels = (0..scenario.terms.len())
                    .map(|t| {
                        let term = &scenario.terms[t];
                        let wanted = if self.kind == StrategyKind::PressureOnly {
                            has(t, "obligation") || has(t, "verification")
                        } else {
                            has(t, "relief") || has(t, "reward")
                        };
                        if wanted { term.max_level } else { 0 }
                    })
                    .collect();
                Some(levels)
            }
            _ => None,
        }
    }

    /// Try each affordable action (and ending the month) on a copy of the game, and take
    /// the one that leaves the level's score highest.
    fn greedy(&mut self, game: &Game) -> Decision {
        let scenario = game.scenario();
        if scenario.meta.score.is_none() {
            return Decision::EndMonth;
        }
        let mut candidates: Vec<Decision> = scenario
            .action_ids()
            .filter(|&a| game.can_act(a))
            .map(Decision::Act)
            .collect();
        if let Some(levels) = build_package(game, &[]) {
            candidates.push(Decision::Table(levels));
        }
        let here = score(game);
        match best_by_score(game, candidates.into_iter()) {
            Some(best) if score_after(game, &best).is_some_and(|s| s > here) => best,
            _ => Decision::EndMonth,
        }
    }
}

/// The searching player's decision with its defaults (the level's score, one thread: a
/// simulation already runs games side by side). `simulate --strategy search` sets its own.
fn search_once(game: &Game, rng: &mut ChaCha8Rng) -> Decision {
    let config = super::search::Config {
        objective: super::search::Objective::default_for(game.scenario()),
        rollouts: super::search::DEFAULT_ROLLOUTS,
        threads: 1,
    };
    super::search::decide(game, rng.next_u64(), &config)
}

/// Whether the talks have opened: a staged track that `talks` actions advance (a variable
/// with named stages, marked good when high) has left its first stage and risen above the
/// stage the level starts it in, a package may be
/// tabled (affordable or not), or a deal is in place. Read through the level's own tags and
/// the engine's checks, so it means the same on any level.
fn talks_open(game: &Game) -> bool {
    let scenario = game.scenario();
    let mut tracks = scenario
        .action_ids()
        .filter(|&a| scenario.action(a).tags.iter().any(|t| t == "talks"))
        .flat_map(|a| scenario.action(a).effects.iter())
        .filter_map(|e| match &e.kind {
            EffectKind::Add(v, _) | EffectKind::Set(v, _) => Some(*v),
            _ => None,
        })
        .filter(|&v| {
            let def = scenario.var(v);
            !def.stages.is_empty() && def.good_when_high == Some(true)
        });
    game.state().has_deal()
        || matches!(
            game.check_table(),
            Ok(_) | Err(EngineError::CannotAfford { .. })
        )
        || tracks.any(|v| {
            // Risen a stage above where the level starts it: talks that are convened but
            // stalled at the start (After the Test) have not opened for this purpose, or
            // the strategy would pivot at once and play exactly like the memo.
            let def = scenario.var(v);
            let stage = |x: f64| def.stages.iter().filter(|(at, _)| x >= *at).count();
            stage(game.state().var(v)) > stage(def.start).max(1)
        })
}

/// Whether any `pressure` action is still available (affordable or not): once every
/// sanction is at its ceiling, pressure-then-talks has done its tightening.
fn pressure_left(game: &Game) -> bool {
    game.scenario().action_ids().any(|a| {
        game.scenario()
            .action(a)
            .tags
            .iter()
            .any(|t| t == "pressure")
            && matches!(
                game.check_action(a),
                Ok(()) | Err(EngineError::CannotAfford { .. })
            )
    })
}

/// Whether an action reveals a party whose priorities are still hidden. Read from the
/// effects directly rather than previewing: a preview clones the whole state, and this runs
/// for every decision of every simulated game.
fn reveals_someone_new(game: &Game, action: ActionId) -> bool {
    game.scenario()
        .action(action)
        .effects
        .iter()
        .any(|e| matches!(e.kind, EffectKind::Reveal(p) if !game.state().is_revealed(p)))
}

fn score(game: &Game) -> f64 {
    game.scenario()
        .meta
        .score
        .as_ref()
        .map_or(0.0, |s| game.eval(s))
}

fn score_after(game: &Game, decision: &Decision) -> Option<f64> {
    let mut copy = game.clone();
    copy.apply(decision).ok()?;
    Some(score(&copy))
}

fn best_by_score(game: &Game, candidates: impl Iterator<Item = Decision>) -> Option<Decision> {
    let mut best: Option<(f64, Decision)> = None;
    for c in candidates {
        if let Some(s) = score_after(game, &c)
            && best.as_ref().is_none_or(|(b, _)| s > *b)
        {
            best = Some((s, c));
        }
    }
    best.map(|(_, d)| d)
}

/// Search for a package every party accepts, keeping terms with any of `required` tags at
/// their highest level. Hill-climbing on the parties' verdicts: the objective counts
/// accepting parties first, then the total shortfall below reservation values.
pub fn build_package(game: &Game, required: &[&str]) -> Option<Vec<u8>> {
    let scenario = game.scenario();
    let fixed: Vec<bool> = scenario
        .terms
        .iter()
        .map(|t| t.tags.iter().any(|tag| required.contains(&tag.as_str())))
        .collect();
    let mut levels: Vec<u8> = scenario
        .terms
        .iter()
        .zip(&fixed)
        .map(|(t, &f)| if f { t.max_level } else { 0 })
        .collect();
    // The reservations depend on the state only: evaluated once here, not once per party
    // per trial package (they were a third of a search game's instructions).
    let reservations = game.reservations();
    let objective = |levels: &[u8]| -> f64 {
        let mut accepting = 0.0;
        let mut shortfall = 0.0;
        for (party, &reservation) in scenario.party_ids().zip(&reservations) {
            let standing = game.weigh_against(party, levels, reservation);
            if standing.stance == Stance::Accept {
                accepting += 1.0;
            }
            shortfall += standing.margin().min(0.0) - 100.0 * standing.red_lines_crossed as f64;
        }
        accepting * 1000.0 + shortfall
    };
    let mut best = objective(&levels);
    for _ in 0..64 {
        let mut improved = None;
        for t in 0..levels.len() {
            if fixed[t] {
                continue;
            }
            for step in [1i16, -1] {
                let next = i16::from(levels[t]) + step;
                if next < 0 || next > i16::from(scenario.terms[t].max_level) {
                    continue;
                }
                let mut trial = levels.clone();
                trial[t] = next as u8;
                let value = objective(&trial);
                if value > best + 1e-9 && improved.as_ref().is_none_or(|(v, _)| value > *v) {
                    improved = Some((value, trial));
                }
            }
        }
        // Stuck: one party needs a term another cannot swallow alone (an obligation that
        // must come with a reward). Try raising two terms at once.
        if improved.is_none() {
            for t in 0..levels.len() {
                for u in t + 1..levels.len() {
                    let raisable = |i: usize| !fixed[i] && levels[i] < scenario.terms[i].max_level;
                    if !raisable(t) || !raisable(u) {
                        continue;
                    }
                    let mut trial = levels.clone();
                    trial[t] += 1;
                    trial[u] += 1;
                    let value = objective(&trial);
                    if value > best + 1e-9 && improved.as_ref().is_none_or(|(v, _)| value > *v) {
                        improved = Some((value, trial));
                    }
                }
            }
        }
        match improved {
            Some((value, trial)) => {
                best = value;
                levels = trial;
            }
            None => break,
        }
    }
    game.assess(&levels)
        .iter()
        .all(|v| v.accepts())
        .then_some(levels)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::sim::run_game;

    fn campaign() -> Arc<crate::engine::Scenario> {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("loads");
        Arc::clone(&level.scenario)
    }

    fn tagged(scenario: &crate::engine::Scenario, d: &Decision, tag: &str) -> bool {
        matches!(d, Decision::Act(a) if scenario.action(*a).tags.iter().any(|t| t == tag))
    }

    #[test]
    fn pressure_then_talks_tightens_first_then_tables_packages() {
        let scenario = campaign();
        let mut tabled_somewhere = false;
        for seed in 1..=4 {
            let game = run_game(&scenario, seed, StrategyKind::PressureThenTalks, true);
            let acts: Vec<&Decision> = game
                .decisions
                .iter()
                .filter(|d| matches!(d, Decision::Act(_) | Decision::Table(_)))
                .collect();
            assert!(
                tagged(&scenario, acts[0], "pressure"),
                "seed {seed}: its first move is {:?}",
                acts[0]
            );
            // Once it tables a package it never tightens again.
            if let Some(first) = acts.iter().position(|d| matches!(d, Decision::Table(_))) {
                tabled_somewhere = true;
                assert!(
                    !acts[first..]
                        .iter()
                        .any(|d| tagged(&scenario, d, "pressure")),
                    "seed {seed}: tightened after tabling"
                );
            }
        }
        assert!(tabled_somewhere, "never reached the table in four games");
    }

    /// A level written with the old option tags (`hawk`, `dove`) plays exactly as the same
    /// level with the new ones, and `level check` says which name to write instead.
    #[test]
    fn old_option_tags_play_as_the_new_with_a_deprecation_warning() {
        let old = include_str!("../../tests/fixtures/levels/fixture-talks.toml");
        assert!(old.contains("\"hawk\"") && old.contains("\"dove\""));
        let new = old
            .replace("\"hawk\"", "\"pressure\"")
            .replace("\"dove\"", "\"relief\"");
        let load = |text: &str| {
            let (scenario, _) = crate::level::load_str("fixture-talks.toml", text).expect("valid");
            Arc::new(scenario)
        };
        let (old_level, new_level) = (load(old), load(&new));
        for kind in [StrategyKind::PressureOnly, StrategyKind::ReliefFirst] {
            for seed in 0..6 {
                let a = run_game(&old_level, seed, kind, true);
                let b = run_game(&new_level, seed, kind, true);
                assert_eq!(a.decisions, b.decisions, "{} seed {seed}", kind.name());
                assert_eq!(a.ending, b.ending);
            }
        }
        let (report, _) = crate::level::check_str("fixture-talks.toml", old, 0);
        let rendered = report.render();
        assert!(
            rendered.contains("has the tag 'hawk', the old name of 'pressure'")
                && rendered.contains("has the tag 'dove', the old name of 'relief'")
                && !rendered.contains("which no strategy reads"),
            "{rendered}"
        );
        let (report, _) = crate::level::check_str("fixture-talks.toml", &new, 0);
        assert!(!report.render().contains("deprecated-tag"));
    }

    #[test]
    fn old_names_parse_as_aliases_of_the_new() {
        assert_eq!(
            StrategyKind::parse("hawk"),
            Some(StrategyKind::PressureOnly)
        );
        assert_eq!(StrategyKind::parse("dove"), Some(StrategyKind::ReliefFirst));
        for kind in StrategyKind::ALL {
            assert_eq!(StrategyKind::parse(kind.name()), Some(kind));
            let value = clap::ValueEnum::to_possible_value(&kind).expect("named");
            assert_eq!(value.get_name(), kind.name());
        }
    }
}
