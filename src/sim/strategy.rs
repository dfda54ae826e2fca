//! The headless strategies, all generic: they see actions, options and terms through their
//! tags, never through ids, so they play any level that tags its content.
//!
//! Tags the strategies read (a level's README documents them for authors):
//! - actions: `consult` (reveals a party), `joint` (builds the joint approach), `talks`
//!   (moves the talks), `pressure`, `force`, `relief`, `aid`, `engage`, `verify`,
//!   `humanitarian`, `domestic` (shoring up support at home; the memo's last resort);
//! - event options: `hawk`, `dove`, `memo` (the option suits that bent), `passive`;
//! - deal terms: `verification`, `snapback`, `phasing`, `relief`, `obligation`.

use rand_chacha::ChaCha8Rng;
use rand_core::Rng;

use crate::engine::{ActionId, Decision, EffectKind, EngineError, Game, Stance};

/// A clap `ValueEnum` so `simulate --strategy` lists and checks the names (kebab-case of
/// the variants, as [`StrategyKind::name`] spells them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StrategyKind {
    Passive,
    Random,
    Hawk,
    Dove,
    Memo,
    Greedy,
}

impl StrategyKind {
    pub const ALL: [StrategyKind; 6] = [
        StrategyKind::Passive,
        StrategyKind::Random,
        StrategyKind::Hawk,
        StrategyKind::Dove,
        StrategyKind::Memo,
        StrategyKind::Greedy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StrategyKind::Passive => "passive",
            StrategyKind::Random => "random",
            StrategyKind::Hawk => "hawk",
            StrategyKind::Dove => "dove",
            StrategyKind::Memo => "memo",
            StrategyKind::Greedy => "greedy",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn describe(self) -> &'static str {
        match self {
            StrategyKind::Passive => "does nothing; answers events with their first option",
            StrategyKind::Random => {
                "random affordable actions, random answers, random packages (half of them searched for acceptability)"
            }
            StrategyKind::Hawk => "maximum pressure and shows of force, no concessions",
            StrategyKind::Dove => "lifts sanctions and sends aid, asks for no verification",
            StrategyKind::Memo => {
                "the memo's plan: consult every party, build the joint approach, revive the talks, phased relief against verified steps with snapback"
            }
            StrategyKind::Greedy => "one-step lookahead on the level's score",
        }
    }

    /// Action tags in order of preference; earlier tags are tried first.
    fn action_tags(self) -> &'static [&'static str] {
        match self {
            StrategyKind::Hawk => &["pressure", "force"],
            StrategyKind::Dove => &["relief", "aid", "engage"],
            StrategyKind::Memo => &[
                "consult",
                "joint",
                "talks",
                "verify",
                "humanitarian",
                "engage",
                "domestic",
            ],
            _ => &[],
        }
    }

    /// Option tags this strategy prefers when an event asks.
    fn option_tag(self) -> Option<&'static str> {
        match self {
            StrategyKind::Hawk => Some("hawk"),
            StrategyKind::Dove => Some("dove"),
            StrategyKind::Memo => Some("memo"),
            StrategyKind::Passive => Some("passive"),
            _ => None,
        }
    }
}

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
}

impl Strategy {
    pub fn new(kind: StrategyKind) -> Self {
        Strategy {
            kind,
            last_tabled: None,
            package_cache: None,
            choices: Vec::new(),
        }
    }

    pub fn kind(&self) -> StrategyKind {
        self.kind
    }

    /// The next decision for the game as it stands.
    pub fn decide(&mut self, game: &Game, rng: &mut ChaCha8Rng) -> Decision {
        if game.pending_event().is_some() {
            return self.answer(game, rng);
        }
        match self.kind {
            StrategyKind::Passive => Decision::EndMonth,
            StrategyKind::Random => self.random(game, rng),
            StrategyKind::Greedy => self.greedy(game),
            StrategyKind::Hawk | StrategyKind::Dove | StrategyKind::Memo => self.by_tags(game),
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
        if self.kind == StrategyKind::Greedy
            && let Some(best) = best_by_score(game, available.iter().map(|&i| Decision::Choose(i)))
        {
            return best;
        }
        if let Some(tag) = self.kind.option_tag()
            && let Some(&i) = available
                .iter()
                .find(|&&i| options[usize::from(i)].tags.iter().any(|t| t == tag))
        {
            return Decision::Choose(i);
        }
        let pick = if self.kind == StrategyKind::Random && !available.is_empty() {
            available[(rng.next_u32() as usize) % available.len()]
        } else {
            available.first().copied().unwrap_or(0)
        };
        Decision::Choose(pick)
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

    /// Take the affordable action whose tag comes earliest in the strategy's list; table a
    /// package when the strategy's package would be accepted (or, for the hawk and dove,
    /// every few months regardless).
    fn by_tags(&mut self, game: &Game) -> Decision {
        if let Some(levels) = self.package(game) {
            self.last_tabled = Some(game.state().turn());
            return Decision::Table(levels);
        }
        if self.kind == StrategyKind::Memo
            && let Some(decision) = self.memo_priorities(game)
        {
            return decision;
        }
        let scenario = game.scenario();
        for tag in self.kind.action_tags() {
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
        let tags = self.kind.action_tags();
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

    /// The memo's package (verification, snapback and phasing at their highest), if every
    /// party would accept it now; cached per state.
    fn memo_package(&mut self, game: &Game) -> Option<Vec<u8>> {
        let key = game.state().fingerprint();
        if let Some((k, levels)) = &self.package_cache
            && *k == key
        {
            return levels.clone();
        }
        let levels = build_package(game, &["verification", "snapback", "phasing"]);
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
            StrategyKind::Memo => self.memo_package(game),
            StrategyKind::Hawk | StrategyKind::Dove => {
                if self.last_tabled.is_some_and(|t| turn < t + 6) {
                    return None;
                }
                let levels = (0..scenario.terms.len())
                    .map(|t| {
                        let term = &scenario.terms[t];
                        let wanted = if self.kind == StrategyKind::Hawk {
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
    let objective = |levels: &[u8]| -> f64 {
        let mut accepting = 0.0;
        let mut shortfall = 0.0;
        for party in scenario.party_ids() {
            let standing = game.weigh(party, levels);
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
