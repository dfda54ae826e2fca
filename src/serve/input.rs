//! The channel's bytes as terminal events.
//!
//! An SSH client sends what the student's terminal sends: UTF-8 text and escape sequences,
//! cut into packets wherever the network pleases. [`Decoder`] feeds them byte by byte to
//! `terminput`'s parser (crossterm's, extracted), which answers "an event", "need more" or
//! "not an event". A lone Esc at the end of a packet is ambiguous — the Esc key, or the
//! first byte of an arrow key whose rest is in the next packet — so it is held for
//! [`ESC_WAIT`]: if more bytes come they are read together, else it is the Esc key
//! ([`Decoder::flush`]). This is what terminals' own Esc delay does.

use std::time::Duration;

use crossterm::event::Event;

/// How long a lone Esc waits for the rest of a sequence.
pub const ESC_WAIT: Duration = Duration::from_millis(40);

/// Longest sequence kept while waiting for its end; anything longer is noise and dropped.
const MAX_PENDING: usize = 64;

const ESC: u8 = 0x1b;

#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    /// The last byte fed was a CR, so an LF right after it is the same Enter.
    after_cr: bool,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder::default()
    }

    /// Whether bytes wait for more (the caller waits [`ESC_WAIT`], then calls `flush`).
    pub fn is_waiting(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The events these bytes complete, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        for (i, &byte) in bytes.iter().enumerate() {
            let more = i + 1 < bytes.len();
            if self.pending.is_empty() {
                // Terminals in raw mode send CR for Enter; some clients send CR LF or LF.
                match byte {
                    b'\n' if self.after_cr => {
                        self.after_cr = false;
                        continue;
                    }
                    b'\n' => {
                        out.push(Event::Key(crossterm::event::KeyCode::Enter.into()));
                        continue;
                    }
                    _ => {}
                }
            }
            self.after_cr = byte == b'\r' && self.pending.is_empty();
            self.pending.push(byte);
            // A lone Esc with bytes behind it in this packet starts a sequence.
            if self.pending == [ESC] && more {
                continue;
            }
            if self.pending == [ESC] {
                // Hold it: the rest of a sequence may be in the next packet.
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    self.pending.clear();
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        out.push(event);
                    }
                }
                Ok(None) if self.pending.len() < MAX_PENDING => {}
                // Not an event, or an endless one: drop it and read on.
                _ => self.pending.clear(),
            }
        }
        out
    }

    /// The wait is over: a held Esc is the Esc key; an unfinished sequence is dropped.
    pub fn flush(&mut self) -> Vec<Event> {
        let was_esc = self.pending.first() == Some(&ESC);
        self.pending.clear();
        if was_esc {
            vec![Event::Key(crossterm::event::KeyCode::Esc.into())]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn keys(events: &[Event]) -> Vec<KeyCode> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some(k.code),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn text_and_sequences_in_one_packet() {
        let mut d = Decoder::new();
        let events = d.feed(b"a\x1b[Bz\r");
        assert_eq!(
            keys(&events),
            [
                KeyCode::Char('a'),
                KeyCode::Down,
                KeyCode::Char('z'),
                KeyCode::Enter
            ]
        );
        assert!(!d.is_waiting());
    }

    #[test]
    fn a_sequence_split_across_packets_is_one_key() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b").is_empty());
        assert!(d.is_waiting());
        assert_eq!(keys(&d.feed(b"[A")), [KeyCode::Up]);
        assert!(d.feed(b"\x1b[").is_empty());
        assert_eq!(keys(&d.feed(b"6~")), [KeyCode::PageDown]);
    }

    #[test]
    fn a_lone_esc_is_esc_after_the_wait() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b").is_empty());
        assert_eq!(keys(&d.flush()), [KeyCode::Esc]);
        assert!(!d.is_waiting());
    }

    #[test]
    fn utf8_split_across_packets_and_enter_forms() {
        let mut d = Decoder::new();
        let bytes = "ò".as_bytes();
        assert!(d.feed(&bytes[..1]).is_empty());
        assert_eq!(keys(&d.feed(&bytes[1..])), [KeyCode::Char('ò')]);
        assert_eq!(keys(&d.feed(b"\r\n\n")), [KeyCode::Enter, KeyCode::Enter]);
        let ctrl_c = d.feed(b"\x03");
        assert_eq!(
            ctrl_c,
            [Event::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL
            ))]
        );
    }

    #[test]
    fn garbage_and_endless_sequences_are_dropped() {
        let mut d = Decoder::new();
        let mut noise = b"\x1b[".to_vec();
        noise.extend(std::iter::repeat_n(b'1', 200));
        let _ = d.feed(&noise);
        assert!(d.pending.len() < MAX_PENDING);
        let _ = d.flush();
        assert_eq!(keys(&d.feed(b"q")), [KeyCode::Char('q')]);
        // Invalid UTF-8 does not stall the decoder.
        let _ = d.feed(&[0xff, 0xfe]);
        assert_eq!(keys(&d.feed(b"x")), [KeyCode::Char('x')]);
    }
}
