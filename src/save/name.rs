//! Save names typed by players, made safe as file names on every platform.
//!
//! What can be fixed quietly is fixed (surrounding spaces, runs of spaces, control
//! characters, trailing dots); what cannot is refused with a message saying why: path
//! separators and `..` (a name must never reach outside the saves folder), characters
//! Windows forbids, Windows' reserved device names (`CON`, `NUL`, `COM1`, …), names that
//! start with a dot (hidden files) or with `autosave` (the game's own slots), and names
//! longer than [`MAX_NAME_CHARS`].

use super::error::SaveError;

/// Longest save name, in characters.
pub const MAX_NAME_CHARS: usize = 48;
/// Autosave slots are named with this prefix; players cannot use it.
pub const AUTOSAVE_PREFIX: &str = "autosave";

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    "conin$", "conout$",
];

/// Turn what a player typed into a safe save name, or say why it cannot be one.
pub fn slot_name(typed: &str) -> Result<String, SaveError> {
    let refuse = |reason: &str| SaveError::BadName {
        name: crate::level::sanitize(typed)
            .replace('\n', " ")
            .chars()
            .take(80)
            .collect(),
        reason: reason.to_string(),
    };
    let cleaned: String = typed
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let mut name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.contains('/') || name.contains('\\') {
        return Err(refuse("it may not contain / or \\"));
    }
    if name.contains("..") {
        return Err(refuse("it may not contain '..'"));
    }
    // Windows drops trailing dots and spaces from file names; do it here so the name we
    // show is the file we write.
    while name.ends_with(['.', ' ']) {
        name.pop();
    }
    if name.is_empty() {
        return Err(refuse("it is empty; type a name"));
    }
    if name.starts_with('.') {
        return Err(refuse("it may not start with a dot"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return Err(refuse(&format!("it may not contain '{bad}'")));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(refuse(&format!(
            "it is {chars} characters long; the limit is {MAX_NAME_CHARS}"
        )));
    }
    let lower = name.to_lowercase();
    let stem = lower.split('.').next().unwrap_or(&lower).trim_end();
    if RESERVED.contains(&stem) {
        return Err(refuse("Windows reserves that name for a device"));
    }
    if lower.starts_with(AUTOSAVE_PREFIX) {
        return Err(refuse("names starting with 'autosave' are the game's own"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixable_names_are_fixed() {
        assert_eq!(slot_name("  my   game ").ok().as_deref(), Some("my game"));
        assert_eq!(slot_name("end.").ok().as_deref(), Some("end"));
        assert_eq!(slot_name("a\u{7}b\tc").ok().as_deref(), Some("ab c"));
        assert_eq!(slot_name("Séoul 2017").ok().as_deref(), Some("Séoul 2017"));
    }

    #[test]
    fn unsafe_names_are_refused() {
        for bad in [
            "",
            "   ",
            "../x",
            "a/b",
            "a\\b",
            "..",
            "...",
            ".hidden",
            "CON",
            "nul.txt",
            "com1",
            "Lpt9 ",
            "a:b",
            "what?",
            "autosave-1",
            "AutoSave",
        ] {
            assert!(slot_name(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(slot_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(slot_name(&"x".repeat(MAX_NAME_CHARS)).is_ok());
    }
}
