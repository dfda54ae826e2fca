//! Feed arbitrary bytes to the save decoder: it must return a save or a clear error, never
//! panic; a save that decodes is restored against the fixture level (replay and snapshot
//! check), which must also never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sixparty::save::{LoadOptions, decode, restore};

fuzz_target!(|data: &[u8]| {
    let file = Path::new("fuzz.json");
    let Ok(save) = decode(file, data) else {
        return;
    };
    let level = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/levels/fixture-talks.toml");
    if let Ok(level) = sixparty::level::load_file(Path::new(level)) {
        let _ = restore(file, save, level, LoadOptions { anyway: true });
    }
});
