//! Challenge codes: one short string that lets a whole class play the same game.
//!
//! Two forms name the same thing (a level, a version of it, a seed):
//! - the **class code** `K7QD-40MX` that `sixparty class new` prints: eight letters and digits
//!   of Crockford's base32 (no I, L, O or U to misread), read case-insensitively with any
//!   spacing or dashes, and with I/L read as 1 and O as 0. Its first 20 bits are a tag of the
//!   level's content hash, its last 20 bits the seed, so it fits a whiteboard and a code made
//!   with one version of a level is refused by another ([`resolve`] finds the level among the
//!   built-in and installed ones);
//! - the **long code** `revive-the-talks-48213-3fa9c01b`: the level id (which may itself
//!   contain '-'), the seed in decimal, and the level's short content hash. Any seed fits.

use crate::level::Level;

/// Why a code could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CodeError {
    #[error(
        "'{0}' is not a challenge code; codes look like K7QD-40MX or revive-the-talks-48213-3fa9c01b"
    )]
    Malformed(String),
    #[error(
        "no level here matches the code '{0}': it was made with a level (or a version of one) this copy does not have; install the teacher's level file with `sixparty level install FILE`"
    )]
    NoLevel(String),
    #[error("class codes hold seeds 0 to {max}; {seed} is too big (leave --seed out for a random one)", max = MAX_SHORT_SEED)]
    SeedTooBig { seed: u64 },
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

/// The largest seed a class code holds (20 bits).
pub const MAX_SHORT_SEED: u64 = (1 << 20) - 1;

/// Crockford's base32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The 20-bit tag of a level version that a class code carries.
fn level_tag(level: &Level) -> u64 {
    u64::from_str_radix(&level.short_hash(), 16).unwrap_or(0) >> 12
}

/// The class code of a level and seed, `K7QD-40MX`.
pub fn encode_short(level: &Level, seed: u64) -> Result<String, CodeError> {
    if seed > MAX_SHORT_SEED {
        return Err(CodeError::SeedTooBig { seed });
    }
    let bits = (level_tag(level) << 20) | seed;
    let mut out = String::with_capacity(9);
    for i in (0..8).rev() {
        // Shifted and masked to five bits, so the index is always in the alphabet.
        let digit = ((bits >> (5 * i)) & 31) as usize;
        out.push(char::from(ALPHABET[digit]));
        if i == 4 {
            out.push('-');
        }
    }
    Ok(out)
}

/// A class code's level tag and seed, if `text` is one (any case, spacing and dashes).
fn parse_short(text: &str) -> Option<(u64, u64)> {
    let mut bits = 0u64;
    let mut digits = 0;
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '-' | '_' | '.') {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        let value = ALPHABET.iter().position(|&a| char::from(a) == c)?;
        bits = (bits << 5) | value as u64;
        digits += 1;
        if digits > 8 {
            return None;
        }
    }
    (digits == 8).then_some((bits >> 20, bits & MAX_SHORT_SEED))
}

/// Whether `text` looks like a class code (the short form), whatever level it names.
pub fn is_short(text: &str) -> bool {
    parse_short(text).is_some()
}

/// The code to show for a game: the class code when the seed fits one, else the long code.
pub fn display(level: &Level, seed: u64) -> String {
    encode_short(level, seed).unwrap_or_else(|_| encode(level, seed))
}

/// The level and seed a code of either form names: the long form by its level id (built-in
/// or installed) and hash, the short form by searching the built-in and installed levels for
/// the one whose tag it carries.
pub fn resolve(text: &str) -> Result<(Level, u64), anyhow::Error> {
    if let Some((tag, seed)) = parse_short(text) {
        let mut candidates: Vec<Level> = crate::level::BUILTIN
            .iter()
            .filter_map(|(id, _, _)| crate::level::builtin(id)?.ok())
            .collect();
        if !candidates.iter().any(|l| level_tag(l) == tag) {
            candidates = crate::level::catalog()
                .into_iter()
                .filter(|e| !e.is_builtin() && e.problem.is_none())
                .filter_map(|e| crate::level::resolve(&e.id).ok())
                .collect();
        }
        return candidates
            .into_iter()
            .find(|l| level_tag(l) == tag)
            .map(|l| (l, seed))
            .ok_or_else(|| CodeError::NoLevel(crate::level::sanitize(text.trim())).into());
    }
    let code = parse(text)?;
    let level = crate::level::resolve(&code.level)?;
    verify(&code, &level)?;
    Ok((level, code.seed))
}

/// The long code, `revive-the-talks-48213-3fa9c01b`.
pub fn encode(level: &Level, seed: u64) -> String {
    format!("{}-{seed}-{}", level.id(), level.short_hash())
}

/// Parse a code of either form. A class code is looked up among the built-in and installed
/// levels (see [`resolve`]), so callers that take a long code's parts take a class code too.
pub fn parse(code: &str) -> Result<Code, CodeError> {
    if is_short(code) {
        let (level, seed) = resolve(code).map_err(|e| match e.downcast::<CodeError>() {
            Ok(e) => e,
            Err(other) => {
                CodeError::NoLevel(format!("{}: {other}", crate::level::sanitize(code.trim())))
            }
        })?;
        return Ok(Code {
            level: level.id().to_string(),
            seed,
            hash: level.short_hash(),
        });
    }
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
    fn class_codes_round_trip_forgivingly() {
        let level = level();
        let code = encode_short(&level, 48213).expect("fits");
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
        let (found, seed) = resolve(&code).expect("resolves");
        assert_eq!((found.id(), seed), ("revive-the-talks", 48213));
        // Lower case, spaces instead of the dash, O for 0 and l for 1 all read the same.
        let sloppy = format!(" {} {} ", &code[..4], &code[5..])
            .to_lowercase()
            .replace('0', "o")
            .replace('1', "l");
        let (_, again) = resolve(&sloppy).expect("forgiving");
        assert_eq!(again, 48213);
        // parse() takes it too, naming the level's id and hash.
        let parsed = parse(&sloppy).expect("parses");
        assert_eq!(
            (parsed.level.as_str(), parsed.seed),
            ("revive-the-talks", 48213)
        );
        verify(&parsed, &level).expect("same level");
        // The long form still works, and display() picks the short one when it fits.
        assert_eq!(resolve(&encode(&level, 7)).expect("long").1, 7);
        assert_eq!(display(&level, 7), encode_short(&level, 7).expect("fits"));
        assert_eq!(display(&level, 1 << 40), encode(&level, 1 << 40));
    }

    #[test]
    fn class_codes_refuse_big_seeds_and_unknown_levels() {
        let level = level();
        assert!(matches!(
            encode_short(&level, MAX_SHORT_SEED + 1),
            Err(CodeError::SeedTooBig { .. })
        ));
        // Flip the level tag: no level has it.
        let code = encode_short(&level, 5).expect("fits");
        let first = if code.starts_with('Z') { 'Y' } else { 'Z' };
        let other = format!("{first}{}", &code[1..]);
        let err = resolve(&other).expect_err("no such level");
        assert!(err.to_string().contains("no level here matches"), "{err}");
        assert!(!is_short("K7QD-40M"));
        assert!(!is_short("K7QD-40MXX"));
        assert!(!is_short("K7QD-40MU"));
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
