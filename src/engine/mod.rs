//! The pure, deterministic crisis engine.
//!
//! - [`expr`]: the expression language for conditions and amounts (parse, resolve, evaluate).
//! - [`scenario`]: a validated level as the engine sees it (ids are indices).
//! - [`game`]: the state of a game and the decisions that change it (`Game::apply`),
//!   with the ledger of causes and the seeded ChaCha RNG.
//! - [`negotiation`]: scoring packages of deal terms per party.
//!
//! Nothing here touches the terminal, files, the clock, the environment or the network; a
//! test below reads this folder's sources to keep it that way.

pub mod expr;
pub mod game;
pub mod negotiation;
pub mod scenario;

pub use expr::Expr;
pub use game::{
    Cause, Decision, EngineError, Game, LedgerEntry, Notice, NoticeKind, Phase, Preview, State,
};
pub use negotiation::{Reason, Stance, Verdict};
pub use scenario::*;

#[cfg(test)]
mod purity {
    /// The engine must stay pure: no terminal, files, clock, environment or network.
    #[test]
    fn engine_sources_name_no_io() {
        let forbidden = [
            "ratatui",
            "crossterm",
            "std::fs",
            "std::env",
            "std::time",
            "std::net",
            "thread_rng",
            "StdRng",
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("src/engine is readable") {
            let path = entry.expect("directory entry").path();
            let text = std::fs::read_to_string(&path).expect("source is readable");
            // This file names the forbidden words in the list above; skip only that list.
            let text = if path.ends_with("mod.rs") {
                text.split("mod purity")
                    .next()
                    .unwrap_or_default()
                    .to_string()
            } else {
                text
            };
            for word in forbidden {
                assert!(!text.contains(word), "{} names '{word}'", path.display());
            }
            checked += 1;
        }
        assert!(checked >= 4, "expected the engine's files, found {checked}");
    }
}
