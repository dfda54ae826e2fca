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
