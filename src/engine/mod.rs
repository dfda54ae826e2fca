//! The pure, deterministic crisis engine.
//!
//! - [`expr`]: the expression language for conditions and amounts (parse, resolve, evaluate).
//! - [`scenario`]: a validated level as the engine sees it (ids are indices).
//! - [`game`]: the state of a game and the decisions that change it (`Game::apply`),
//!   with the ledger of causes and the seeded ChaCha RNG.
//! - [`negotiation`]: scoring packages of deal terms per party.
//! - [`text`]: a notice in words, for every screen and the debrief.
//!
//! Nothing here touches the terminal, files, the clock, the environment or the network;
//! `tests/engine_purity.rs` reads this folder's sources to keep it that way.

pub mod expr;
pub mod game;
pub mod negotiation;
pub mod scenario;
pub mod text;

pub use expr::Expr;
pub use game::{
    ANY_EVENT, Cause, ChanceRoll, Decision, EngineError, Game, LedgerEntry, Notice, NoticeKind,
    Outcome, Phase, Preview, RNG_VERSION, Setup, State,
};
pub use negotiation::{Reason, Stance, Standing, Verdict};
pub use scenario::*;
pub use text::{NoticeText, effects_of, notice_text, said};
