//! A played game with its history: the level, the seed, the log of accepted decisions and
//! the live `Game`. The UI plays through a `Session`; saves store one; the debrief reads one.
//!
//! The log holds only decisions the engine accepted, so replaying it from the seed always
//! reproduces the game — which is what saves check and what rewind relies on.

use crate::engine::{Decision, EngineError, Game, Setup};
use crate::level::Level;

#[derive(Debug, Clone)]
pub struct Session {
    pub level: Level,
    pub seed: u64,
    /// Which game this is, across saves and loads: a new game (and a rewound branch) gets a
    /// fresh id, a loaded one keeps its save's. Saves record it so each game keeps its own
    /// autosaves. Not part of the game's state: it changes nothing in play.
    pub game_id: u64,
    log: Vec<Decision>,
    game: Game,
}

impl Session {
    pub fn new(level: Level, seed: u64) -> Self {
        let setup = Setup::new_game(&level.scenario);
        Session::with_setup(level, seed, setup)
    }

    /// A new session whose game is set up as `setup` says (a save's random streams and
    /// difficulty).
    pub fn with_setup(level: Level, seed: u64, setup: Setup) -> Self {
        let game = Game::with_setup(level.scenario.clone(), seed, setup);
        Session {
            level,
            seed,
            game_id: fresh_game_id(),
            log: Vec::new(),
            game,
        }
    }

    /// Rebuild a session by replaying a decision log. Fails at the first decision the engine
    /// refuses, saying which one.
    pub fn replay(level: Level, seed: u64, log: &[Decision]) -> Result<Self, (usize, EngineError)> {
        let mut session = Session::new(level, seed);
        for (index, decision) in log.iter().enumerate() {
            session.apply(decision.clone()).map_err(|e| (index, e))?;
        }
        Ok(session)
    }

    pub fn game(&self) -> &Game {
        &self.game
    }

    pub fn log(&self) -> &[Decision] {
        &self.log
    }

    /// Apply a decision; it joins the log only if the engine accepted it.
    pub fn apply(&mut self, decision: Decision) -> Result<(), EngineError> {
        self.game.apply(&decision)?;
        self.log.push(decision);
        Ok(())
    }

    /// Like [`Session::apply`] for tabling, returning every party's verdict.
    pub fn table(&mut self, levels: Vec<u8>) -> Result<Vec<crate::engine::Verdict>, EngineError> {
        let verdicts = self.game.table(&levels)?;
        self.log.push(Decision::Table(levels));
        Ok(verdicts)
    }

    /// A new session replaying this one's log up to the moment month `turn` (0-based)
    /// began: the state the player saw at the start of that month. Used by rewind.
    /// The branch stays the same game (`game_id`): its autosaves continue the game's own.
    pub fn rewound_to(&self, turn: u16) -> Session {
        let mut session =
            Session::with_setup(self.level.clone(), self.seed, self.game.state().setup());
        session.game_id = self.game_id;
        for decision in &self.log {
            if session.game.state().turn() >= turn || session.game.is_over() {
                break;
            }
            // The log replays by construction; a refusal would mean a changed level, and
            // stopping there still leaves a consistent game.
            if session.apply(decision.clone()).is_err() {
                break;
            }
        }
        session
    }
}

/// What [`Session::reload`] found when it replayed a game on a changed level.
#[derive(Debug, Clone, PartialEq)]
pub struct Reloaded {
    /// Decisions replayed, of how many.
    pub replayed: usize,
    pub of: usize,
    /// Where the replay parted from the game played: the 0-based turn and why, or `None`
    /// when the new game is the same story.
    pub diverged: Option<(u16, String)>,
}

impl Reloaded {
    /// One line for the status bar, in the level's turns.
    pub fn describe(&self, unit: &str) -> String {
        match &self.diverged {
            None => format!(
                "Reloaded: the same game, {} decisions replayed",
                self.replayed
            ),
            // What differs first: the footer is one line, and may be 80 columns.
            Some((turn, why)) => format!(
                "Reloaded: differs from {unit} {}: {why} · {}/{} replayed",
                turn + 1,
                self.replayed,
                self.of
            ),
        }
    }
}

impl Session {
    /// This game replayed on `level` (the same file, edited): each decision is found again
    /// by name (an action, an event's option, a term), so adding or reordering entries does
    /// not scramble the log. The replay stops at the first decision the new level cannot
    /// take; the result says where the story first differs (a refused decision, or the
    /// first notice that is not the same).
    pub fn reload(&self, level: Level) -> (Session, Reloaded) {
        let old = self.game.scenario();
        let new = std::sync::Arc::clone(&level.scenario);
        let setup = self.game.state().setup();
        let setup = match setup.difficulty {
            Some(d) if d.index() >= new.difficulties.len() => Setup::new_game(&new),
            _ => setup,
        };
        let mut session = Session::with_setup(level, self.seed, setup);
        session.game_id = self.game_id;
        let mut diverged = None;
        let mut replayed = 0;
        for decision in &self.log {
            let turn = session.game.state().turn();
            let Some(translated) = translate(old, &new, decision) else {
                diverged = Some((turn, format!("{} is gone", describe(old, decision))));
                break;
            };
            if let Err(e) = session.apply(translated) {
                diverged = Some((turn, format!("{} refused ({e})", describe(old, decision))));
                break;
            }
            replayed += 1;
        }
        if diverged.is_none() {
            let before = self.game.state().notices();
            let after = session.game.state().notices();
            let same = |a: &crate::engine::Notice, b: &crate::engine::Notice| {
                a.turn == b.turn
                    && crate::engine::notice_text(old, &a.kind).title
                        == crate::engine::notice_text(&new, &b.kind).title
            };
            let first =
                (0..before.len().max(after.len())).find(|&i| match (before.get(i), after.get(i)) {
                    (Some(a), Some(b)) => !same(a, b),
                    _ => true,
                });
            if let Some(i) = first {
                let title = |s: &crate::engine::Scenario, n: Option<&crate::engine::Notice>| {
                    n.map_or("nothing".to_string(), |n| {
                        format!("'{}'", crate::engine::notice_text(s, &n.kind).title)
                    })
                };
                let turn = before
                    .get(i)
                    .map(|n| n.turn)
                    .into_iter()
                    .chain(after.get(i).map(|n| n.turn))
                    .min()
                    .unwrap_or(0);
                diverged = Some((
                    turn,
                    format!(
                        "{} where there was {}",
                        title(&new, after.get(i)),
                        title(old, before.get(i))
                    ),
                ));
            }
        }
        if diverged.is_none() {
            // The same news, but a rule's or an effect's amount may have changed: the first
            // meter whose history differs (row 0 is the start, row k the end of turn k).
            let before = self.game.state();
            let after = session.game.state();
            let rows = before.history_len().min(after.history_len());
            let mut first: Option<(usize, String)> = None;
            for (i, var) in old.vars.iter().enumerate() {
                let Some(new_id) = new.var_id(&var.id) else {
                    continue;
                };
                let old_rows = before.history_of(crate::engine::VarId(i as u16));
                let new_rows = after.history_of(new_id);
                if let Some((row, (a, b))) = old_rows
                    .zip(new_rows)
                    .take(rows)
                    .enumerate()
                    .find(|(_, (a, b))| (a - b).abs() > 1e-9)
                    && first.as_ref().is_none_or(|(r, _)| row < *r)
                {
                    first = Some((row, format!("{} is {b:.1} where it was {a:.1}", var.id)));
                }
            }
            diverged = first.map(|(row, why)| (row.saturating_sub(1) as u16, why));
        }
        let report = Reloaded {
            replayed,
            of: self.log.len(),
            diverged,
        };
        (session, report)
    }
}

/// A decision of a game of `old`, for a game of `new`, by the names it refers to.
fn translate(
    old: &crate::engine::Scenario,
    new: &crate::engine::Scenario,
    decision: &Decision,
) -> Option<Decision> {
    Some(match decision {
        Decision::Act(a) => Decision::Act(new.action_id(&old.action(*a).id)?),
        // An answer from an old log that names no event answers whichever waits.
        Decision::Choose { event, option } if *event == crate::engine::ANY_EVENT => {
            Decision::Choose {
                event: *event,
                option: *option,
            }
        }
        Decision::Choose { event, option } => {
            let old_event = old.events.get(event.index())?;
            let new_event = new.event_id(&old_event.id)?;
            let option_id = &old_event.options.get(usize::from(*option))?.id;
            let index = new
                .event(new_event)
                .options
                .iter()
                .position(|o| &o.id == option_id)?;
            Decision::Choose {
                event: new_event,
                option: u8::try_from(index).ok()?,
            }
        }
        Decision::Table(levels) => {
            let mut table = vec![0u8; new.terms.len()];
            for (term, level) in old.terms.iter().zip(levels) {
                match new.terms.iter().position(|t| t.id == term.id) {
                    Some(i) => table[i] = *level,
                    None if *level == 0 => {}
                    None => return None,
                }
            }
            Decision::Table(table)
        }
        Decision::EndMonth => Decision::EndMonth,
    })
}

/// A decision in words, for the reload message.
fn describe(s: &crate::engine::Scenario, decision: &Decision) -> String {
    match decision {
        Decision::Act(a) => format!("'{}'", s.action(*a).id),
        Decision::Choose { event, option } => match s.events.get(event.index()) {
            Some(e) => {
                let o = e
                    .options
                    .get(usize::from(*option))
                    .map_or("?", |o| o.id.as_str());
                format!("'{o}' for '{}'", e.id)
            }
            None => format!("option {}", option + 1),
        },
        Decision::Table(_) => "the package".to_string(),
        Decision::EndMonth => "the end of the turn".to_string(),
    }
}

/// A new game's id: random (std's per-process random hash keys, a counter and the clock), so
/// two games started at once, even on the same level and seed, differ.
fn fresh_game_id() -> u64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{StrategyKind, run_game};

    fn level() -> Level {
        crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid")
    }

    #[test]
    fn replay_reproduces_a_game() {
        let level = level();
        let played = run_game(&level.scenario, 7, StrategyKind::Random, true);
        let session = Session::replay(level, 7, &played.decisions).expect("replays");
        assert_eq!(session.game().state().turn(), played.months);
        assert_eq!(session.game().state().vars(), played.final_vars.as_slice());
    }

    /// `play --watch` reloads an edited level: the same file replays to the same game; a
    /// changed one replays decisions by name and says where the story first differs.
    #[test]
    fn reload_replays_by_name_and_says_where_the_game_differs() {
        let level = level();
        let played = run_game(&level.scenario, 5, StrategyKind::Memo, true);
        let session = Session::replay(level.clone(), 5, &played.decisions).expect("replays");
        let (same, report) = session.reload(level.clone());
        assert_eq!(report.diverged, None, "{report:?}");
        assert_eq!(report.replayed, played.decisions.len());
        assert_eq!(same.game().state(), session.game().state());
        assert!(report.describe("month").contains("the same game"));

        // A meter's start moved: the same news, a different game from the first month.
        let mut moved = (*level.scenario).clone();
        moved.vars[0].start = (moved.vars[0].start + 1.0).min(moved.vars[0].max);
        if moved.vars[0].start != level.scenario.vars[0].start {
            let moved = Level {
                scenario: std::sync::Arc::new(moved),
                ..level.clone()
            };
            let (_, report) = session.reload(moved);
            let (turn, why) = report.diverged.expect("a meter differs");
            assert_eq!(turn, 0);
            assert!(
                why.starts_with(&format!("{} is ", level.scenario.vars[0].id)),
                "{why}"
            );
        }

        // The first action the game took, made unaffordable in the edited level.
        let first = played
            .decisions
            .iter()
            .position(|d| matches!(d, Decision::Act(_)))
            .expect("memo acts");
        let Decision::Act(a) = played.decisions[first] else {
            unreachable!("found above")
        };
        let mut edited = (*level.scenario).clone();
        edited.actions[a.index()].cost = crate::engine::Expr::constant(10_000.0);
        let edited = Level {
            scenario: std::sync::Arc::new(edited),
            ..level
        };
        let (branch, report) = session.reload(edited);
        assert_eq!(report.replayed, first, "{report:?}");
        let (turn, why) = report.diverged.clone().expect("diverged");
        let at = Session::replay(session.level.clone(), 5, &played.decisions[..first])
            .expect("replays")
            .game()
            .state()
            .turn();
        assert_eq!(turn, at);
        assert!(why.contains("refused"), "{why}");
        assert_eq!(branch.log().len(), first);
        assert!(
            report
                .describe("month")
                .contains(&format!("differs from month {}", turn + 1)),
            "{}",
            report.describe("month")
        );
    }

    #[test]
    fn rewind_stops_at_the_start_of_a_month() {
        let level = level();
        let played = run_game(&level.scenario, 11, StrategyKind::Random, true);
        let session = Session::replay(level, 11, &played.decisions).expect("replays");
        let back = session.rewound_to(3);
        assert_eq!(back.game().state().turn(), 3.min(played.months));
        assert!(back.log().len() < session.log().len());
        // The rewound game equals a straight replay of its own log.
        let again = Session::replay(back.level.clone(), 11, back.log()).expect("replays");
        assert_eq!(again.game().state(), back.game().state());
    }
}
