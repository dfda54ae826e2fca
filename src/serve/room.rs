//! What a class's sessions share: the game they play, the folder their saves go to, the
//! names in use, the limits, the teacher's pause and message, and each student's status for
//! the dashboard. One `Room` per server; every method is short and takes one lock, so no
//! session waits on another.

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use ratatui::buffer::Buffer;

use super::Limits;
use super::screen::Progress;
use crate::level::Level;

/// How a room is set up.
pub struct ClassSetup {
    pub level: Level,
    pub seed: u64,
    /// The data folder; saves go to `classes/CODE/NAME/` under it.
    pub data_dir: PathBuf,
    pub password: Option<String>,
    pub limits: Limits,
}

/// What the teacher (or the server) tells a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    /// Hold (or release) the end of the month, with a banner.
    Pause(bool),
    /// A one-line message from the teacher.
    Message(String),
    /// The teacher opened (or closed) this student's screen.
    Watch(bool),
    /// The server is stopping.
    Shutdown,
}

/// Input to a session thread: bytes from the student, a new size, or the teacher's word.
#[derive(Debug)]
pub enum SessionInput {
    Bytes(Vec<u8>),
    Resize(u16, u16),
    Control(Control),
    /// The student's connection closed.
    Closed,
    /// Background work (a debrief) finished: look at it.
    Wake,
}

/// A line of the server's log (joins, ends, errors).
#[derive(Debug, Clone)]
pub struct LogLine {
    pub at: std::time::SystemTime,
    pub text: String,
}

/// One student in the room, as the dashboard shows them.
#[derive(Debug, Clone)]
pub struct StudentView {
    pub id: u64,
    pub name: String,
    pub peer: Option<IpAddr>,
    pub progress: Progress,
    pub last_input: Instant,
    pub joined: Instant,
}

struct Student {
    view: StudentView,
    input: Sender<SessionInput>,
    /// The last frame, while the teacher watches.
    screen: Option<Buffer>,
}

#[derive(Default)]
struct State {
    students: BTreeMap<u64, Student>,
    /// Connections per address, authenticated or not.
    per_address: HashMap<IpAddr, usize>,
    connections: usize,
    next_id: u64,
    paused: bool,
    message: Option<String>,
    watched: Option<u64>,
    log: Vec<LogLine>,
    /// Sessions whose thread has not finished yet (including ones that ended in a panic).
    running: usize,
}

pub struct Room {
    pub level: Level,
    /// The levels a student's title screen offers (built-in and the server's own folder),
    /// loaded once.
    pub levels: Vec<crate::ui::LevelEntry>,
    pub seed: u64,
    /// The class code (short when the seed fits one).
    pub code: String,
    /// `DATA/classes/CODE`.
    pub dir: PathBuf,
    pub password: Option<String>,
    pub limits: Limits,
    /// Log lines go to stderr as well (`--no-dashboard`).
    pub echo_log: AtomicBool,
    stopping: AtomicBool,
    state: Mutex<State>,
    empty: tokio::sync::Notify,
}

/// Keep at most this many log lines.
const LOG_LINES: usize = 500;

impl Room {
    pub fn new(setup: ClassSetup) -> Arc<Self> {
        let code = crate::challenge::display(&setup.level, setup.seed);
        let dir = crate::class::class_dir(&setup.data_dir, &code);
        Arc::new(Room {
            levels: crate::ui::available_levels(),
            level: setup.level,
            seed: setup.seed,
            code,
            dir,
            password: setup.password.filter(|p| !p.is_empty()),
            limits: setup.limits,
            echo_log: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            state: Mutex::new(State::default()),
            empty: tokio::sync::Notify::new(),
        })
    }

    /// The state, even after a session panicked while holding the lock (every update
    /// leaves it consistent, so a poisoned lock is still usable).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn log(&self, text: impl Into<String>) {
        let line = LogLine {
            at: std::time::SystemTime::now(),
            text: crate::level::sanitize(&text.into()).replace('\n', " "),
        };
        if self.echo_log.load(Ordering::Relaxed) {
            let secs = line
                .at
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            eprintln!("{} {}", crate::save::format_time(secs), line.text);
        }
        let mut state = self.lock();
        state.log.push(line);
        let extra = state.log.len().saturating_sub(LOG_LINES);
        state.log.drain(..extra);
    }

    pub fn log_lines(&self, n: usize) -> Vec<LogLine> {
        let state = self.lock();
        state.log[state.log.len().saturating_sub(n)..].to_vec()
    }

    /// A new connection from `peer`: counted, or refused with the reason.
    pub fn connect(&self, peer: Option<SocketAddr>) -> Result<(), String> {
        if self.is_stopping() {
            return Err("the server is stopping".into());
        }
        let mut state = self.lock();
        if state.connections >= self.limits.max_connections {
            return Err(format!("too many connections ({})", state.connections));
        }
        if let Some(ip) = peer.map(|p| p.ip()) {
            let n = state.per_address.entry(ip).or_default();
            if *n >= self.limits.max_per_address {
                return Err(format!("too many connections from {ip}"));
            }
            *n += 1;
        }
        state.connections += 1;
        Ok(())
    }

    /// A connection counted by [`Room::connect`] closed.
    pub fn disconnect(&self, peer: Option<SocketAddr>) {
        let mut state = self.lock();
        state.connections = state.connections.saturating_sub(1);
        if let Some(ip) = peer.map(|p| p.ip())
            && let Some(n) = state.per_address.get_mut(&ip)
        {
            *n = n.saturating_sub(1);
            if *n == 0 {
                state.per_address.remove(&ip);
            }
        }
    }

    pub fn connections(&self) -> usize {
        self.lock().connections
    }

    /// Seat a student: their name made unique among those playing ("ana", then "ana-2"),
    /// or `None` when the class is full.
    pub fn join(
        &self,
        wanted: &str,
        peer: Option<SocketAddr>,
        input: Sender<SessionInput>,
    ) -> Option<(u64, String)> {
        let mut state = self.lock();
        if state.students.len() >= self.limits.max_players || self.is_stopping() {
            return None;
        }
        let taken = |name: &str, state: &State| {
            state
                .students
                .values()
                .any(|s| s.view.name.eq_ignore_ascii_case(name))
        };
        let mut name = wanted.to_string();
        let mut n = 2;
        while taken(&name, &state) {
            name = format!("{wanted}-{n}");
            n += 1;
        }
        let id = state.next_id;
        state.next_id += 1;
        state.running += 1;
        let now = Instant::now();
        if state.paused {
            let _ = input.send(SessionInput::Control(Control::Pause(true)));
        }
        state.students.insert(
            id,
            Student {
                view: StudentView {
                    id,
                    name: name.clone(),
                    peer: peer.map(|p| p.ip()),
                    progress: Progress::default(),
                    last_input: now,
                    joined: now,
                },
                input,
                screen: None,
            },
        );
        Some((id, name))
    }

    /// The student left the table (their thread may still be finishing).
    pub fn leave(&self, id: u64) {
        let mut state = self.lock();
        state.students.remove(&id);
        if state.watched == Some(id) {
            state.watched = None;
        }
    }

    /// A session thread finished (normally or in a panic).
    pub fn finished(&self) {
        let mut state = self.lock();
        state.running = state.running.saturating_sub(1);
        if state.running == 0 {
            self.empty.notify_waiters();
        }
    }

    /// Session threads still running.
    pub fn running(&self) -> usize {
        self.lock().running
    }

    /// Wait until no session thread runs.
    pub async fn wait_empty(&self) {
        loop {
            let notified = self.empty.notified();
            if self.running() == 0 {
                return;
            }
            notified.await;
        }
    }

    /// A session reports its progress (and, when watched, its screen).
    pub fn report(&self, id: u64, progress: Progress, typed: bool, screen: Option<Buffer>) {
        let mut state = self.lock();
        if let Some(s) = state.students.get_mut(&id) {
            s.view.progress = progress;
            if typed {
                s.view.last_input = Instant::now();
            }
            if screen.is_some() {
                s.screen = screen;
            }
        }
    }

    pub fn students(&self) -> Vec<StudentView> {
        self.lock()
            .students
            .values()
            .map(|s| s.view.clone())
            .collect()
    }

    /// Open (or with `None` close) the read-only view of a student's screen.
    pub fn watch(&self, id: Option<u64>) {
        let mut state = self.lock();
        if let Some(old) = state.watched.take()
            && let Some(s) = state.students.get_mut(&old)
        {
            s.screen = None;
            let _ = s.input.send(SessionInput::Control(Control::Watch(false)));
        }
        if let Some(id) = id
            && let Some(s) = state.students.get(&id)
        {
            let _ = s.input.send(SessionInput::Control(Control::Watch(true)));
            state.watched = Some(id);
        }
    }

    /// The watched student's last frame.
    pub fn screen_of(&self, id: u64) -> Option<Buffer> {
        self.lock().students.get(&id).and_then(|s| s.screen.clone())
    }

    pub fn is_paused(&self) -> bool {
        self.lock().paused
    }

    /// Pause (or resume) every game between months.
    pub fn set_paused(&self, paused: bool) {
        let mut state = self.lock();
        state.paused = paused;
        for s in state.students.values() {
            let _ = s.input.send(SessionInput::Control(Control::Pause(paused)));
        }
        drop(state);
        self.log(if paused {
            "paused the class"
        } else {
            "resumed the class"
        });
    }

    /// Show a one-line message in every session.
    pub fn broadcast(&self, text: &str) {
        let text: String = crate::level::sanitize(text)
            .replace(['\n', '\r', '\t'], " ")
            .chars()
            .take(200)
            .collect();
        let mut state = self.lock();
        state.message = Some(text.clone());
        for s in state.students.values() {
            let _ = s
                .input
                .send(SessionInput::Control(Control::Message(text.clone())));
        }
        drop(state);
        self.log(format!("message to all: {text}"));
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }

    /// Tell every session to save its place and leave.
    pub fn shut_down(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        let state = self.lock();
        for s in state.students.values() {
            let _ = s.input.send(SessionInput::Control(Control::Shutdown));
        }
    }

    /// A student's own saves folder.
    pub fn student_dir(&self, name: &str) -> PathBuf {
        // One folder whatever the case the name is typed in, so "Ana" finds "ana"'s game.
        self.dir.join(name.to_lowercase())
    }
}
