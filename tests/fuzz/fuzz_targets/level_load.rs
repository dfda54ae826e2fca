//! Feed arbitrary bytes to the level loader: it must return a level or diagnostics, never
//! panic, and a level that loads must survive a few months of play.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sixparty::engine::{Decision, Game};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match sixparty::level::load_str("fuzz.toml", text) {
        Ok((scenario, _)) => {
            let mut game = Game::new(Arc::new(scenario), 7);
            for _ in 0..6 {
                if game.apply(&Decision::EndMonth).is_err() {
                    if let Some(answer) = game.answer(0) {
                        let _ = game.apply(&answer);
                    }
                }
            }
        }
        Err(report) => {
            let _ = report.render();
        }
    }
});
