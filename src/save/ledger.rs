//! Saves leave the ledger out (format 2).
//!
//! The ledger records every change to every meter with its cause, so the Why panel and the
//! debrief can explain the game. It is a pure function of the level, the seed and the
//! decisions, so the replay that every load does rebuilds it exactly; storing it made the
//! save grow with it (a valid level with many standing rules added ~16,000 entries a month
//! and wrote a 525 MB save no loader would read). The save keeps the number of entries
//! and an FNV-1a digest of their JSON instead, and the load checks the rebuilt ledger
//! against both, so the replay check is as strict as before.
//!
//! The engine's `State` is serialised as it is (no engine change): [`Filter`] sits between
//! serde_json and the output and cuts the top-level `"ledger":[...]` array out of the
//! byte stream as it passes, hashing what it cuts. Nothing the size of the ledger is ever
//! held in memory.

use serde::{Deserialize, Serialize};

use crate::engine::State;

/// What a format-2 save records about the ledger it left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerDigest {
    pub entries: u64,
    /// FNV-1a of the ledger's JSON, 16 hex digits (a string, so JSON readers keep every bit).
    #[serde(with = "hex")]
    pub fnv: u64,
}

mod hex {
    use serde::{Deserialize as _, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }
}

/// `state` as JSON with an empty ledger, and the digest of the ledger cut out.
pub fn split(state: &State) -> Result<(Vec<u8>, LedgerDigest), serde_json::Error> {
    let mut filter = Filter::new(Vec::with_capacity(16 * 1024));
    serde_json::to_writer(&mut filter, state)?;
    let digest = filter.digest();
    Ok((filter.out, digest))
}

/// The writer that cuts the ledger out. It follows the JSON serde_json writes (strings,
/// escapes, nesting) byte by byte, so a chunk boundary anywhere is fine.
struct Filter<W> {
    out: W,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The last bytes written at depth 1 outside strings, to spot the `"ledger":` key.
    tail: [u8; 9],
    /// Inside the ledger array: the depth it opened at.
    skipping: Option<u32>,
    entries: u64,
    saw_content: bool,
    fnv: u64,
}

const KEY: &[u8; 9] = b"\"ledger\":";

impl<W: std::io::Write> Filter<W> {
    fn new(out: W) -> Self {
        Filter {
            out,
            depth: 0,
            in_string: false,
            escaped: false,
            tail: [0; 9],
            skipping: None,
            entries: 0,
            saw_content: false,
            fnv: 0xcbf2_9ce4_8422_2325,
        }
    }

    fn digest(&self) -> LedgerDigest {
        LedgerDigest {
            entries: self.entries + u64::from(self.saw_content),
            fnv: self.fnv,
        }
    }

    /// Handle one byte; returns whether it goes to the output.
    fn step(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
        } else {
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        if let Some(open) = self.skipping {
            if self.depth < open {
                // The ledger's closing bracket: back to the state object.
                self.skipping = None;
                return true;
            }
            self.fnv ^= u64::from(b);
            self.fnv = self.fnv.wrapping_mul(0x0000_0100_0000_01b3);
            self.saw_content = true;
            if b == b',' && !self.in_string && self.depth == open {
                self.entries += 1;
            }
            return false;
        }
        if b == b'[' && !self.in_string && self.depth == 2 && &self.tail == KEY {
            self.skipping = Some(2);
            return true;
        }
        if self.depth == 1 || (self.depth == 2 && b == b'[') {
            self.tail.rotate_left(1);
            self.tail[8] = b;
        }
        true
    }
}

impl<W: std::io::Write> std::io::Write for Filter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut kept = Vec::with_capacity(buf.len());
        for &b in buf {
            if self.step(b) {
                kept.push(b);
            }
        }
        self.out.write_all(&kept)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(json: &str) -> (String, LedgerDigest) {
        let mut f = Filter::new(Vec::new());
        std::io::Write::write_all(&mut f, json.as_bytes()).expect("writes");
        let d = f.digest();
        (String::from_utf8(f.out).expect("utf-8"), d)
    }

    #[test]
    fn the_top_level_ledger_is_cut_and_counted_and_nothing_else() {
        let (out, d) = cut(
            r#"{"a":[1,2],"s":"\"ledger\":[9]","ledger":[{"t":1,"c":{"Rule":2}},{"t":2,"c":"DealCost"}],"x":{"ledger":[5]}}"#,
        );
        assert_eq!(
            out,
            r#"{"a":[1,2],"s":"\"ledger\":[9]","ledger":[],"x":{"ledger":[5]}}"#
        );
        assert_eq!(d.entries, 2);
        let (_, empty) = cut(r#"{"ledger":[]}"#);
        assert_eq!(empty.entries, 0);
        assert_ne!(empty.fnv, d.fnv);
    }

    #[test]
    fn chunk_boundaries_do_not_matter() {
        let json = r#"{"k":1,"ledger":[{"t":1},{"t":2},{"t":3}],"h":[1.5]}"#;
        let whole = cut(json);
        let mut f = Filter::new(Vec::new());
        for b in json.as_bytes() {
            std::io::Write::write_all(&mut f, &[*b]).expect("writes");
        }
        assert_eq!(
            (String::from_utf8(f.out.clone()).expect("utf-8"), f.digest()),
            whole
        );
        assert_eq!(whole.1.entries, 3);
    }
}
