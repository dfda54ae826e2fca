//! The local terminal runner: one [`GameSession`] on the process's own terminal.
//!
//! It refuses a terminal that cannot show the game (not a terminal, `TERM=dumb`), enters raw
//! mode, the alternate screen and mouse capture, reads input on a thread that blocks in
//! `crossterm::event::read` (no polling, so an idle game uses no CPU), and restores the
//! terminal on quit, on error, on panic (ratatui's hook plus ours for the mouse and cursor)
//! and on every catchable signal that ends the process: SIGTERM, SIGHUP, SIGINT, SIGQUIT,
//! SIGUSR1, SIGALRM (via `signal-hook`, since crossterm has no signal API).
//!
//! Ctrl-Z (a key in raw mode) and SIGTSTP suspend the way other full-screen programs do:
//! restore the terminal, stop, and on SIGCONT re-enter raw mode and the alternate screen
//! and redraw everything (the shell may have drawn over the screen meanwhile).

use std::io::Write as _;
use std::sync::{Arc, mpsc};

use anyhow::Result;
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEventKind, KeyModifiers,
};

use crate::session::Session;

use super::model::SaveStore;
use super::session::{GameSession, SessionConfig};
use super::theme::Theme;

/// What the loop waits for.
enum Input {
    Term(Event),
    Signal(i32),
    /// Background work in the session has finished.
    Wake,
    /// `play --watch`: the level's file changed.
    Reload,
}

/// How often `play --watch` looks at the level file's size and modification time.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Whether standard input and output are a terminal the game can draw on.
pub fn is_terminal() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Why the game cannot be drawn here, if it cannot: not a terminal, or one that says it
/// cannot move the cursor (`TERM=dumb`, as in Emacs' shell or some CI logs).
pub fn unusable_terminal(term: Option<&str>) -> Option<&'static str> {
    if !is_terminal() {
        return Some(
            "the game needs an interactive terminal (standard input and output are not one); the headless commands are `sixparty simulate`, `debrief` and `level` (see --help)",
        );
    }
    if term.is_some_and(|t| t.trim() == "dumb") {
        return Some(
            "TERM=dumb: this terminal cannot draw the full-screen game; use a terminal emulator, or the headless commands `sixparty simulate`, `debrief` and `level`",
        );
    }
    None
}

/// Prepare a terminal the process does not own (an SSH channel, say) for a session: the
/// alternate screen, a hidden cursor and mouse clicks reported. Raw mode is the remote
/// side's (an SSH client puts its own terminal in raw mode when it asks for a pty).
pub fn enter_screen<W: std::io::Write>(out: &mut W) -> std::io::Result<()> {
    crossterm::queue!(
        out,
        crossterm::terminal::EnterAlternateScreen,
        crossterm::cursor::Hide,
        EnableMouseCapture
    )?;
    out.flush()
}

/// Undo [`enter_screen`]: leave the alternate screen, show the cursor, stop mouse reports.
pub fn leave_screen<W: std::io::Write>(out: &mut W) -> std::io::Result<()> {
    crossterm::queue!(
        out,
        DisableMouseCapture,
        crossterm::cursor::Show,
        crossterm::terminal::LeaveAlternateScreen
    )?;
    out.flush()
}

/// Undo everything `run` did to the terminal. Safe to call more than once.
fn restore() {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, DisableMouseCapture, crossterm::cursor::Show);
    ratatui::restore();
    let _ = out.flush();
}

/// Enter raw mode, the alternate screen and mouse capture again (after a suspend).
fn reenter(terminal: &mut ratatui::DefaultTerminal) -> Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture
    )?;
    // Whatever the shell drew is on the screen now, not in ratatui's buffers: clear it and
    // forget the last frame so the next draw writes every cell. (`Terminal::clear` would
    // ask the terminal for the cursor position, an answer the input thread would swallow.)
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

/// Signals that end the game: leave cleanly, exit with 128 + the signal's number.
#[cfg(unix)]
const ENDING: [i32; 6] = {
    use signal_hook::consts::*;
    [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGALRM]
};

/// Play in the terminal: the title screen, or `start` straight away. Returns the signal
/// that ended the game, if one did (the caller exits with 128 + its number, as shells do).
/// `teacher`: the level picker shows the levels' notes for teachers (`--teacher`).
pub fn run(
    start: Option<Session>,
    saves: Box<dyn SaveStore>,
    teacher: bool,
) -> Result<Option<i32>> {
    run_watching(start, saves, teacher, None)
}

/// [`run`], reloading the game's level each time the file `watch` changes (`play --watch`,
/// for authors): a thread looks at its size and modification time twice a second.
pub fn run_watching(
    start: Option<Session>,
    saves: Box<dyn SaveStore>,
    teacher: bool,
    watch: Option<std::path::PathBuf>,
) -> Result<Option<i32>> {
    let term = std::env::var("TERM").ok();
    if let Some(why) = unusable_terminal(term.as_deref()) {
        anyhow::bail!(why);
    }
    let mut config = SessionConfig::new(super::available_levels(), saves)
        .theme(Theme::from_env())
        .teacher(teacher);
    config.start = start;
    let mut session = GameSession::new(config);
    // Ours first, so ratatui's hook (installed by init, wrapping ours) restores the screen
    // before we release the mouse and show the cursor; then the default hook prints.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(
            std::io::stdout(),
            DisableMouseCapture,
            crossterm::cursor::Show
        );
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let result = run_loop(&mut terminal, &mut session, watch);
    restore();
    result
}

fn run_loop(
    terminal: &mut ratatui::DefaultTerminal,
    session: &mut GameSession,
    watch: Option<std::path::PathBuf>,
) -> Result<Option<i32>> {
    crossterm::execute!(std::io::stdout(), EnableMouseCapture)?;
    let size = terminal.size()?;
    session.resize(size.width, size.height);
    let (tx, rx) = mpsc::channel::<Input>();
    let keys_tx = tx.clone();
    std::thread::spawn(move || {
        // Blocks until input arrives: no busy loop.
        while let Ok(ev) = crossterm::event::read() {
            if keys_tx.send(Input::Term(ev)).is_err() {
                break;
            }
        }
    });
    if let Some(path) = watch.clone() {
        let watch_tx = tx.clone();
        std::thread::spawn(move || {
            let stamp = |p: &std::path::Path| {
                std::fs::metadata(p)
                    .ok()
                    .map(|m| (m.len(), m.modified().ok()))
            };
            let mut last = stamp(&path);
            loop {
                std::thread::sleep(WATCH_EVERY);
                let now = stamp(&path);
                // A file being rewritten may be missing for a moment: wait for it.
                if now.is_some() && now != last {
                    last = now;
                    if watch_tx.send(Input::Reload).is_err() {
                        break;
                    }
                }
            }
        });
    }
    let wake_tx = std::sync::Mutex::new(tx.clone());
    session.set_waker(Arc::new(move || {
        if let Ok(tx) = wake_tx.lock() {
            let _ = tx.send(Input::Wake);
        }
    }));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGCONT, SIGTSTP};
        let mut wanted = ENDING.to_vec();
        wanted.extend([SIGTSTP, SIGCONT]);
        let mut signals = signal_hook::iterator::Signals::new(wanted)?;
        std::thread::spawn(move || {
            for signal in signals.forever() {
                if tx.send(Input::Signal(signal)).is_err() {
                    break;
                }
            }
        });
    }
    loop {
        session.draw(terminal)?;
        let Ok(first) = rx.recv() else { break };
        // Handle everything already waiting before the next redraw.
        let mut pending = vec![first];
        pending.extend(rx.try_iter());
        for input in pending {
            match input {
                Input::Term(Event::Key(k))
                    if k.kind == KeyEventKind::Press
                        && k.modifiers.contains(KeyModifiers::CONTROL)
                        && k.code == KeyCode::Char('z') =>
                {
                    suspend();
                }
                Input::Term(ev) => {
                    session.handle_event(&ev);
                }
                Input::Wake => {
                    session.poll();
                }
                Input::Reload => {
                    if let Some(path) = &watch {
                        session.reload_level(crate::level::load_file(path).map_err(|e| {
                            match e {
                                // The footer is one line: the count and the first error
                                // without the file's path.
                                crate::level::LevelError::Invalid(report) => {
                                    let first = report.to_json().into_iter().next();
                                    let at = first.as_ref().map_or(String::new(), |d| {
                                        format!(
                                            "{}:{}: {}",
                                            d["line"],
                                            d["column"],
                                            d["message"].as_str().unwrap_or("")
                                        )
                                    });
                                    format!("{} error(s); {at}", report.errors())
                                }
                                other => other.to_string(),
                            }
                        }));
                    }
                }
                Input::Signal(signal) => {
                    if let Some(ended) = on_signal(signal, terminal)? {
                        session.shutdown();
                        return Ok(Some(ended));
                    }
                }
            }
        }
        if session.is_finished() {
            break;
        }
    }
    Ok(None)
}

/// Restore the terminal and stop the process, as SIGTSTP's default would; the loop picks up
/// again on SIGCONT.
fn suspend() {
    restore();
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    }
}

/// A signal: stop (SIGTSTP), come back (SIGCONT) or end (the answer is then the signal).
#[cfg(unix)]
fn on_signal(signal: i32, terminal: &mut ratatui::DefaultTerminal) -> Result<Option<i32>> {
    use signal_hook::consts::{SIGCONT, SIGTSTP};
    match signal {
        SIGTSTP => suspend(),
        SIGCONT => reenter(terminal)?,
        other => return Ok(Some(other)),
    }
    Ok(None)
}

#[cfg(not(unix))]
fn on_signal(signal: i32, _terminal: &mut ratatui::DefaultTerminal) -> Result<Option<i32>> {
    Ok(Some(signal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remote_screen_is_entered_and_left_with_escape_codes_only() {
        let mut out = Vec::new();
        enter_screen(&mut out).expect("writes");
        let entered = String::from_utf8_lossy(&out).into_owned();
        assert!(
            entered.contains("\x1b[?1049h"),
            "alternate screen: {entered:?}"
        );
        assert!(entered.contains("\x1b[?25l"), "cursor hidden: {entered:?}");
        assert!(
            entered.contains("\x1b[?1000h"),
            "mouse reported: {entered:?}"
        );
        let mut out = Vec::new();
        leave_screen(&mut out).expect("writes");
        let left = String::from_utf8_lossy(&out).into_owned();
        assert!(
            left.contains("\x1b[?1049l") && left.contains("\x1b[?25h"),
            "{left:?}"
        );
        assert!(left.contains("\x1b[?1000l"), "{left:?}");
    }
}
