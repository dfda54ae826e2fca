//! The engine's results, pinned: the fingerprint of the final state of seeded games on every
//! built-in level, compared with `tests/fixtures/engine-golden.txt`. The fingerprint hashes
//! every variable, ledger entry and history value, so a change in the path of a game shows
//! even when it ends in the same place.
//!
//! Speed work on the engine (the expression interpreter, caching event conditions) must not
//! change a single result, or old saves would stop replaying. This test notices any change,
//! down to the last bit of a variable or one extra ledger entry, and names the game.
//!
//! After an intended change to the rules of the game (never to make a speed-up pass), rewrite
//! the file with `SIXPARTY_BLESS=1 cargo test --test engine_golden` and say why in the commit.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use sixparty::engine::Game;
use sixparty::level;
use sixparty::sim::{StrategyKind, game_seed, run_game};

/// (strategy name as the command line takes it, games per level). The memo and greedy
/// strategies read the level's tags and score, so they pin paths the others never take;
/// greedy looks ahead and is slow, so it plays fewer games.
const STRATEGIES: [(&str, u64); 5] = [
    ("random", 100),
    ("pressure-only", 100),
    ("relief-first", 100),
    ("memo", 40),
    ("greedy", 6),
];

fn current() -> String {
    let mut out = String::from("# level strategy seed months fingerprint\n");
    for (id, _, _) in level::BUILTIN {
        let scenario = level::builtin(id).expect("listed").expect("valid").scenario;
        for (name, games) in STRATEGIES {
            let kind = <StrategyKind as clap::ValueEnum>::from_str(name, true).expect(name);
            for index in 0..games {
                let seed = game_seed(7, index);
                let result = run_game(&scenario, seed, kind, true);
                let mut game = Game::new(Arc::clone(&scenario), seed);
                for decision in &result.decisions {
                    game.apply(decision).expect("a recorded decision replays");
                }
                let fingerprint = game.state().fingerprint();
                let _ = writeln!(
                    out,
                    "{id} {} {seed} {} {fingerprint:016x}",
                    kind.name(),
                    result.months
                );
            }
        }
    }
    out
}

#[test]
fn seeded_games_end_exactly_as_recorded() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine-golden.txt");
    let now = current();
    if std::env::var_os("SIXPARTY_BLESS").is_some() {
        std::fs::write(&path, &now).expect("writes the golden file");
        return;
    }
    let recorded = std::fs::read_to_string(&path).expect("tests/fixtures/engine-golden.txt");
    for (line, (want, got)) in recorded.lines().zip(now.lines()).enumerate() {
        assert_eq!(
            got,
            want,
            "line {}: this game now ends differently (see the module docs)",
            line + 1
        );
    }
    assert_eq!(recorded.lines().count(), now.lines().count());
}
