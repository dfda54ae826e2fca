//! Challenge codes: one short string that lets a whole class play the same game.
//!
//! A code is `LEVEL-SEED-HASH`, e.g. `revive-the-talks-48213-3fa9c01b`: the level id (which
//! may itself contain '-'), the seed in decimal, and the level's short content hash, so a
//! code made with one version of a level is refused by another instead of silently giving a
//! different game.

use crate::level::Level;

/// Why a code could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CodeError {
    #[error("'{0}' is not a challenge code; codes look like revive-the-talks-48213-3fa9c01b")]
    Malformed(String),
    #[error(
        "the code was made for a different version of level '{level}' (code {expected}, this copy {actual}); ask for the level file the code was made with"
    )]
    HashMismatch {
        level: String,
        expected: String,
        actual: String,
    },
}

/// A parsed code: which level, which seed, which version of the level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub level: String,
    pub seed: u64,
    pub hash: String,
}

pub fn encode(level: &Level, seed: u64) -> String {
    format!("{}-{seed}-{}", level.id(), level.short_hash())
}

pub fn parse(code: &str) -> Result<Code, CodeError> {
    let malformed = || CodeError::Malformed(crate::level::sanitize(code));
    let code = code.trim();
    let mut parts = code.rsplitn(3, '-');
    let hash = parts.next().ok_or_else(malformed)?;
    let seed = parts.next().ok_or_else(malformed)?;
    let level = parts.next().ok_or_else(malformed)?;
    let hash_ok = hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit());
    let seed: u64 = seed.parse().map_err(|_| malformed())?;
    if !hash_ok || !crate::level::is_level_id(level) {
        return Err(malformed());
    }
    Ok(Code {
        level: level.to_string(),
        seed,
        hash: hash.to_ascii_lowercase(),
    })
}

/// Check that a loaded level is the one a code was made for.
pub fn verify(code: &Code, level: &Level) -> Result<(), CodeError> {
    let actual = level.short_hash();
    if level.id() != code.level || actual != code.hash {
        return Err(CodeError::HashMismatch {
            level: code.level.clone(),
            expected: code.hash.clone(),
            actual,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level() -> Level {
        crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid")
    }

    #[test]
    fn round_trips() {
        let level = level();
        let code = encode(&level, 48213);
        let parsed = parse(&code).expect("parses");
        assert_eq!(parsed.level, "revive-the-talks");
        assert_eq!(parsed.seed, 48213);
        verify(&parsed, &level).expect("same level");
    }

    #[test]
    fn refuses_a_changed_level() {
        let level = level();
        let mut parsed = parse(&encode(&level, 1)).expect("parses");
        parsed.hash = "00000000".into();
        let err = verify(&parsed, &level).expect_err("hash differs");
        assert!(
            err.to_string()
                .contains("different version of level 'revive-the-talks'")
        );
    }

    #[test]
    fn refuses_garbage() {
        for bad in [
            "",
            "abc",
            "x-1",
            "revive-the-talks-notanumber-3fa9c01b",
            "lvl-1-xyz",
            "../x-1-3fa9c01b",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
