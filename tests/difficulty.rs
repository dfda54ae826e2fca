//! Difficulties mean what they say: on every built-in level that offers `easy`, `normal` and
//! `hard`, the strategies that can win (memo, pressure-then-talks) win at least as often on
//! an easier one, and strictly more on easy than on hard. Measured, 60 games each on the
//! seeds `simulate --seed 1` plays; `cargo test --test difficulty -- --nocapture` prints the
//! shares (levels/BALANCE.md quotes them).

use std::sync::Arc;

use sixparty::engine::{DifficultyId, Game, Setup};
use sixparty::level::{BUILTIN, builtin};
use sixparty::sim::{StrategyKind, game_seed, play_out};

const GAMES: u64 = 60;

fn wins(level: &sixparty::level::Level, difficulty: usize, kind: StrategyKind) -> f64 {
    let setup = Setup {
        rng: sixparty::engine::RNG_VERSION,
        difficulty: Some(DifficultyId(difficulty as u16)),
    };
    let won = (0..GAMES)
        .filter(|&i| {
            let seed = game_seed(1, i);
            let game = Game::with_setup(Arc::clone(&level.scenario), seed, setup);
            play_out(game, seed, kind, false).victory
        })
        .count();
    won as f64 / GAMES as f64
}

#[test]
fn easy_wins_at_least_as_often_as_normal_and_normal_as_hard() {
    for (id, _, _) in BUILTIN {
        let level = builtin(id).expect("listed").expect("valid");
        let offered = &level.scenario.difficulties;
        if offered.len() < 2 {
            continue;
        }
        let at = |name: &str| {
            offered
                .iter()
                .position(|d| d.id == name)
                .unwrap_or_else(|| panic!("{id} offers '{name}'"))
        };
        for kind in [StrategyKind::Memo, StrategyKind::PressureThenTalks] {
            let [easy, normal, hard] =
                ["easy", "normal", "hard"].map(|d| wins(&level, at(d), kind));
            eprintln!(
                "{id} {kind:?}: easy {:.1}%, normal {:.1}%, hard {:.1}% ({GAMES} games, seed 1)",
                easy * 100.0,
                normal * 100.0,
                hard * 100.0
            );
            assert!(
                easy >= normal && normal >= hard && easy > hard,
                "{id} {kind:?}: easy {easy}, normal {normal}, hard {hard}"
            );
        }
    }
}
