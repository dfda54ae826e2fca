//! Print the debrief of one memo game: `cargo run --example debrief_demo [SEED]`.
fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let Some(Ok(level)) = sixparty::level::builtin("revive-the-talks") else {
        eprintln!("the built-in level failed to load");
        return;
    };
    let played = sixparty::sim::run_game(
        &level.scenario,
        seed,
        sixparty::sim::StrategyKind::Memo,
        true,
    );
    match sixparty::session::Session::replay(level, seed, &played.decisions) {
        Ok(session) => print!("{}", sixparty::debrief::report(&session, None, 100)),
        Err((index, e)) => eprintln!("decision {index} did not replay: {e}"),
    }
}
