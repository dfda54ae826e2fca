//! One student's game, on its own thread.
//!
//! The thread owns the game ([`GameScreen`]) and blocks on its input channel, so an idle
//! student costs no CPU; it wakes for the student's bytes, a new size, the teacher's word,
//! the end of a held Esc ([`super::input::ESC_WAIT`]) or the idle limit. After each batch of
//! input it draws one frame and sends it as one write. Whatever ends the session — the
//! student quitting, the connection closing, the idle limit, the server stopping, or a
//! panic in the game — the student's terminal is given back (the `LEAVE` sequence and an
//! exit status) and the room forgets them; a panic is caught here and ends this session
//! only.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::input::{Decoder, ESC_WAIT};
use super::room::{Control, Room, SessionInput};
use super::screen::{Banner, GameScreen, Handled};
use crate::session::Session;
use crate::ui::SessionConfig;

/// Session threads are named `student-N` (the panic hook and the logs know them by it).
pub const THREAD_PREFIX: &str = "student-";

/// What a session sends back to the student's connection.
#[derive(Debug)]
pub enum Output {
    /// One frame (or message), to write as one SSH data packet.
    Data(Vec<u8>),
    /// The session is over: send this exit status and close the channel.
    End(u32),
}

/// Where output goes (the SSH side forwards it to the channel).
pub type OutputSender = tokio::sync::mpsc::UnboundedSender<Output>;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Quit,
    Closed,
    Idle,
    Shutdown,
}

/// Run a student's session to its end. Never panics: a panic in the game is caught, logged,
/// and ends this session with exit status 70 (EX_SOFTWARE).
pub fn run(
    room: Arc<Room>,
    id: u64,
    name: String,
    size: (u16, u16),
    (wake, input): (Sender<SessionInput>, Receiver<SessionInput>),
    out: OutputSender,
) {
    guarded(&room, id, &name, &out, || {
        play(&room, id, &name, size, (&wake, &input), &out)
    });
}

/// Run one session's body, and whatever happens to it — a quit, an error or a panic —
/// tell the student, log it, and take the session off the room. A panic ends only this
/// session: the room's lock recovers from poisoning and the other sessions' threads never
/// see it.
fn guarded(
    room: &Room,
    id: u64,
    name: &str,
    out: &OutputSender,
    body: impl FnOnce() -> std::io::Result<Ending>,
) {
    let result = std::panic::catch_unwind(AssertUnwindSafe(body));
    let status = match result {
        Ok(Ok(ending)) => {
            let why = match ending {
                Ending::Quit => "quit",
                Ending::Closed => "disconnected",
                Ending::Idle => "idle too long",
                Ending::Shutdown => "server stopping",
            };
            room.log(format!("{name} left ({why})"));
            0
        }
        Ok(Err(e)) => {
            room.log(format!("{name}: session error: {e}"));
            1
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            room.log(format!(
                "{name}: the game failed ({what}); other sessions go on"
            ));
            let mut bytes = super::screen::leave();
            bytes.extend_from_slice(
                b"\r\nSorry: the game hit a bug and this session ended. Your last month is saved; connect again to continue.\r\n",
            );
            let _ = out.send(Output::Data(bytes));
            70
        }
    };
    let _ = out.send(Output::End(status));
    room.leave(id);
    room.finished();
}

fn play(
    room: &Room,
    id: u64,
    name: &str,
    size: (u16, u16),
    channels: (&Sender<SessionInput>, &Receiver<SessionInput>),
    out: &OutputSender,
) -> std::io::Result<Ending> {
    let mut game = None;
    let ending = play_in(room, id, name, size, channels, out, &mut game)?;
    // Keep the moves of an unfinished month: the next connection continues from here.
    if ending != Ending::Quit
        && let Some(game) = game.as_mut()
        && let Err(e) = game.save_place()
    {
        room.log(format!("{name}: could not save on leaving: {e}"));
    }
    Ok(ending)
}

fn play_in(
    room: &Room,
    id: u64,
    name: &str,
    mut size: (u16, u16),
    (wake, input): (&Sender<SessionInput>, &Receiver<SessionInput>),
    out: &OutputSender,
    slot: &mut Option<GameScreen>,
) -> std::io::Result<Ending> {
    let folder = room.student_dir(name);
    // A student who comes back continues their latest game of this class; a new one starts
    // the class's game at once.
    let store = crate::save::SaveStore::at(folder.join("saves"));
    let resumed = store.latest().ok().flatten().and_then(|entry| {
        store
            .load(&entry.name, crate::save::LoadOptions::default())
            .ok()
    });
    let start = match resumed {
        Some(loaded) => {
            room.log(format!(
                "{name} rejoined at {}",
                loaded.header.summary.month
            ));
            loaded.session
        }
        None => {
            room.log(format!("{name} joined"));
            Session::new(room.level.clone(), room.seed)
        }
    };
    // The levels are parsed once for the room; each session gets cheap clones (their
    // scenarios are shared), which is most of a session's memory and join time.
    let saves = crate::ui::disk::DiskSaves::in_folder(&folder, Some(name.to_string()));
    let config = SessionConfig::new(room.levels.clone(), Box::new(saves))
        .player(name)
        .teacher(false)
        .start(start);
    let place = Some((store, Some(name.to_string())));
    let game = slot.insert(GameScreen::new(config, size, place)?);
    // The debrief's what-if games finish on a thread of their own: wake this one to show it.
    let waker = wake.clone();
    game.set_waker(std::sync::Arc::new(move || {
        let _ = waker.send(SessionInput::Wake);
    }));
    let mut decoder = Decoder::new();
    let mut paused = room.is_paused();
    let mut message: Option<String> = None;
    let mut watched = false;
    let mut note: Option<String> = None;
    let mut last_input = Instant::now();
    let mut frame = super::screen::enter();
    loop {
        let banner = banner(paused, message.as_deref(), note.as_deref());
        let (bytes, screen) = game.draw(banner.as_ref(), watched)?;
        frame.extend_from_slice(&bytes);
        if out.send(Output::Data(std::mem::take(&mut frame))).is_err() {
            return Ok(Ending::Closed);
        }
        room.report(id, game.status(), false, screen);
        // Wait for input: briefly while an Esc is held, else up to the idle limit.
        let wait = if decoder.is_waiting() {
            ESC_WAIT
        } else {
            room.limits
                .idle
                .saturating_sub(last_input.elapsed())
                .max(Duration::from_millis(1))
        };
        let first = match input.recv_timeout(wait) {
            Ok(first) => Some(first),
            Err(RecvTimeoutError::Timeout) if decoder.is_waiting() => None,
            Err(RecvTimeoutError::Timeout) => {
                let _ = out.send(Output::Data(idle_goodbye(room)));
                return Ok(Ending::Idle);
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(Ending::Closed),
        };
        let mut events = Vec::new();
        let mut typed = false;
        if first.is_none() {
            events.extend(decoder.flush());
        }
        // Everything already waiting is handled before the next frame.
        for item in first.into_iter().chain(input.try_iter()) {
            match item {
                SessionInput::Bytes(bytes) => {
                    typed = true;
                    events.extend(decoder.feed(&bytes));
                }
                SessionInput::Resize(w, h) => {
                    if (w, h) != size {
                        size = (w, h);
                        game.resize(size)?;
                    }
                }
                SessionInput::Control(Control::Pause(p)) => {
                    paused = p;
                    note = None;
                }
                SessionInput::Control(Control::Message(text)) => message = Some(text),
                SessionInput::Control(Control::Watch(w)) => watched = w,
                SessionInput::Control(Control::Shutdown) => {
                    let mut bytes = super::screen::leave();
                    bytes.extend_from_slice(
                        b"\r\nThe class server is stopping. Your game is saved at the start of this month.\r\n",
                    );
                    let _ = out.send(Output::Data(bytes));
                    return Ok(Ending::Shutdown);
                }
                SessionInput::Closed => return Ok(Ending::Closed),
                SessionInput::Wake => {
                    game.poll();
                }
            }
        }
        if typed {
            last_input = Instant::now();
            // A key press answers the teacher's message: it has been seen.
            if !events.is_empty() {
                message = None;
            }
        }
        for event in &events {
            match game.handle(event, paused) {
                Handled::Held => {
                    note = Some("The month ends when your teacher resumes the class.".into());
                }
                Handled::NewMonth | Handled::Done | Handled::Ignored => {}
            }
            if game.wants_to_quit() {
                frame = super::screen::leave();
                let _ = out.send(Output::Data(std::mem::take(&mut frame)));
                return Ok(Ending::Quit);
            }
        }
        if typed {
            room.report(id, game.status(), true, None);
        }
    }
}

/// The line across the top of the screen: the pause, the teacher's message, or a note.
fn banner(paused: bool, message: Option<&str>, note: Option<&str>) -> Option<Banner> {
    let mut parts = Vec::new();
    if paused {
        parts.push("⏸ Your teacher has paused the class between months.".to_string());
    }
    if let Some(note) = note {
        parts.push(note.to_string());
    }
    if let Some(message) = message {
        parts.push(format!("Teacher: {message}"));
    }
    (!parts.is_empty()).then(|| Banner(parts.join("  ")))
}

fn idle_goodbye(room: &Room) -> Vec<u8> {
    let mut bytes = super::screen::leave();
    bytes.extend_from_slice(
        format!(
            "\r\nClosed after {} minutes without a key press. Your game is saved: connect again to continue.\r\n",
            room.limits.idle.as_secs() / 60
        )
        .as_bytes(),
    );
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::Limits;
    use crate::serve::room::ClassSetup;

    /// Everything a session sent, until it ended (bounded: a session that never ends fails
    /// the test instead of hanging it).
    fn drain(out: &mut tokio::sync::mpsc::UnboundedReceiver<Output>) -> (String, Option<u32>) {
        let mut text = String::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            match out.try_recv() {
                Ok(Output::Data(bytes)) => text.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Output::End(status)) => return (text, Some(status)),
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        (text, None)
    }

    #[test]
    fn a_panic_in_one_session_ends_only_that_session() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let dir = tempfile::tempdir().expect("temp");
        let room = Room::new(ClassSetup {
            level,
            seed: 5,
            data_dir: dir.path().to_path_buf(),
            password: None,
            limits: Limits::new(4, 4, Duration::from_secs(60)),
        });
        // Ben plays a real session on his own thread.
        let (ben_tx, ben_rx) = std::sync::mpsc::channel();
        let (ben_id, ben) = room.join("ben", None, ben_tx.clone()).expect("seat");
        let (ben_out, mut ben_seen) = tokio::sync::mpsc::unbounded_channel();
        let ben_thread = {
            let room = room.clone();
            let wake = ben_tx.clone();
            std::thread::spawn(move || run(room, ben_id, ben, (80, 24), (wake, ben_rx), ben_out))
        };
        // Ana's session panics (while Ben's is running).
        let (ana_tx, _ana_rx) = std::sync::mpsc::channel();
        let (ana_id, ana) = room.join("ana", None, ana_tx).expect("seat");
        let (ana_out, mut ana_seen) = tokio::sync::mpsc::unbounded_channel();
        guarded(&room, ana_id, &ana, &ana_out, || {
            panic!("injected for the test")
        });
        let (said, status) = drain(&mut ana_seen);
        assert_eq!(status, Some(70), "EX_SOFTWARE for the failed session");
        assert!(said.contains("the game hit a bug"), "{said}");
        let log: Vec<String> = room.log_lines(50).into_iter().map(|l| l.text).collect();
        assert!(
            log.iter()
                .any(|l| l.contains("ana: the game failed (injected for the test)")),
            "{log:?}"
        );
        let seated: Vec<String> = room.students().into_iter().map(|s| s.name).collect();
        assert_eq!(seated, ["ben"], "Ana left the table, Ben is still playing");
        // Ben's game still answers his keys: he ends a month, then quits cleanly.
        for keys in ["n", "n", "\r", "\r", "\r", "q", "y"] {
            ben_tx
                .send(SessionInput::Bytes(keys.as_bytes().to_vec()))
                .expect("ben's session is listening");
            std::thread::sleep(Duration::from_millis(100));
        }
        let (_, status) = drain(&mut ben_seen);
        assert_eq!(status, Some(0), "Ben's session ended normally");
        ben_thread.join().expect("ben's thread did not panic");
        assert_eq!(room.running(), 0);
    }
}
