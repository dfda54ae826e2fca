//! The engine must stay pure: no file under `src/engine` may name the terminal, files, the
//! clock, the environment, the network, or an unseeded RNG.

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
        for word in forbidden {
            assert!(!text.contains(word), "{} names '{word}'", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 4, "expected the engine's files, found {checked}");
}
