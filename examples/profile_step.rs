//! Run many whole games for profiling (`valgrind --tool=callgrind`):
//! `cargo run --release --example profile_step -- [GAMES] [STRATEGY] [LEVEL]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let games: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let kind = args
        .next()
        .and_then(|s| sixparty::sim::StrategyKind::parse(&s))
        .unwrap_or(sixparty::sim::StrategyKind::Passive);
    let level = args.next().unwrap_or_else(|| "revive-the-talks".into());
    let Ok(level) = sixparty::level::resolve(&level) else {
        eprintln!("cannot load {level}");
        return;
    };
    let mut months = 0u64;
    for seed in 0..games {
        months += u64::from(sixparty::sim::run_game(&level.scenario, seed, kind, false).months);
    }
    println!("{games} games, {months} months");
}
