//! End to end: the real binary in a pseudo-terminal, read back through a vt100 parser.
//! Plays title → new game → an action → end the month → the month advances → quit, and
//! checks the terminal is restored (alternate screen left, cursor shown, mouse released).

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Term {
    parser: vt100::Parser,
    rx: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
}

impl Term {
    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
            while let Ok(more) = self.rx.try_recv() {
                self.parser.process(&more);
            }
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Wait until the screen satisfies `pred`, failing with the screen after 10 s.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !pred(&self.screen()) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(50));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush");
    }
}

/// Start the real binary in an 80×24 pseudo-terminal with its own data folder.
fn spawn(home: &std::path::Path) -> (Term, Box<dyn portable_pty::Child + Send + Sync>, Instant) {
    spawn_with(home, "xterm-256color")
}

/// [`spawn`] with the terminal type `term`.
fn spawn_with(
    home: &std::path::Path,
    term: &str,
) -> (Term, Box<dyn portable_pty::Child + Send + Sync>, Instant) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sixparty"));
    cmd.env("SIXPARTY_HOME", home);
    cmd.env("TERM", term);
    let started = Instant::now();
    let child = pty.slave.spawn_command(cmd).expect("spawn sixparty");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let writer = pty.master.take_writer().expect("writer");
    // The master must outlive the test's reads; leaking it for the test's lifetime is fine.
    std::mem::forget(pty.master);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let term = Term {
        parser: vt100::Parser::new(
            std::num::NonZeroU16::new(24).expect("rows"),
            std::num::NonZeroU16::new(80).expect("cols"),
            0,
        ),
        rx,
        writer,
    };
    (term, child, started)
}

fn assert_restored(t: &Term) {
    let screen = t.parser.screen();
    assert!(!screen.alternate_screen(), "alternate screen left");
    assert!(!screen.hide_cursor(), "cursor shown");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse released"
    );
}

#[test]
fn play_a_month_and_quit_in_a_real_terminal() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut t, mut child, started) = spawn(home.path());
    t.wait_for("the title screen", |s| {
        s.contains("New game") && s.contains("Quit")
    });
    eprintln!("first frame after {:?}", started.elapsed());
    assert!(
        t.parser.screen().alternate_screen(),
        "the game uses the alternate screen"
    );

    play_the_first_month(&mut t);
    quit(&mut t, &mut child);
}

/// From the title screen: a new game of the first level with seed 7, the first available
/// action, then the end of the month, answering any event that asks. A new player is asked
/// their name (Enter skips) and offered the tutorial (Enter takes it), once each.
fn play_the_first_month(t: &mut Term) {
    t.send("n");
    // The whole frame: the picker's footer, or a first-run box over it.
    t.wait_for("the level picker", |s| {
        s.contains("Choose a level")
            && (s.contains("Your name") || s.contains("New here?") || s.contains("Enter next"))
    });
    if t.screen().contains("Your name") {
        t.send("\r");
        t.wait_for("the tutorial's suggestion", |s| s.contains("New here?"));
    }
    t.send("\r");
    t.wait_for("the seed prompt", |s| s.contains("Seed or challenge code"));
    t.send("7\r");
    t.wait_for("the main screen", |s| s.contains("month 1 of"));
    t.send("\r");
    t.wait_for("the action's confirmation", |s| s.contains("Done:"));
    t.send("n");
    let start = Instant::now();
    // The second n is sent once: a slow machine redraws after the poll, and a second n
    // sent while the old question is still on screen would end month 2 as well.
    let mut confirmed = false;
    loop {
        t.pump(Duration::from_millis(100));
        let s = t.screen();
        if s.contains("month 2 of") && !s.contains("Enter decide") {
            break;
        }
        if s.contains("Enter decide") {
            t.send("\r");
        }
        // Capital left: the first n asks for a second.
        if s.contains("n again ends the month") && !confirmed {
            confirmed = true;
            t.send("n");
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "month did not advance:\n{s}"
        );
    }
}

/// Quit with q, y and wait for a clean exit with the terminal restored.
fn quit(t: &mut Term, child: &mut Box<dyn portable_pty::Child + Send + Sync>) {
    t.send("q");
    t.wait_for("the quit question", |s| s.contains("Quit sixparty?"));
    t.send("y");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the game did not exit"
        );
        t.pump(Duration::from_millis(50));
    };
    t.pump(Duration::from_millis(200));
    assert!(status.success(), "exit status {status:?}");
    assert_restored(t);
}

/// The header's first line: month, year and "month N of M".
fn header(t: &Term) -> String {
    t.screen()
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn continue_brings_back_the_month_after_a_restart() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut t, mut child, _) = spawn(home.path());
    t.wait_for("the title screen", |s| s.contains("New game"));
    assert!(
        t.screen().contains("Continue  (no saves)"),
        "Continue is greyed before any save:\n{}",
        t.screen()
    );
    play_the_first_month(&mut t);
    // Let the frame finish drawing before reading it.
    t.pump(Duration::from_millis(300));
    let played = header(&t);
    let title_line = t
        .screen()
        .lines()
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_string();
    // A named save through the prompt: Ctrl-U clears the default, and q is text here.
    t.send("s");
    t.wait_for("the save prompt", |s| s.contains("Save the game"));
    t.send("\u{15}e2e q\r");
    t.wait_for("the save's confirmation", |s| {
        s.contains("Saved as 'e2e q'")
    });
    quit(&mut t, &mut child);
    let autosaves: Vec<_> = std::fs::read_dir(home.path().join("saves"))
        .expect("the saves folder exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        // Each game has its own autosaves: autosave-GAME-1.json.
        autosaves
            .iter()
            .any(|n| n.starts_with("autosave-") && n.ends_with("-1.json")),
        "the month was autosaved: {autosaves:?}"
    );

    let (mut t, mut child, _) = spawn(home.path());
    t.wait_for("the title screen", |s| s.contains("New game"));
    assert!(!t.screen().contains("(no saves)"), "Continue is enabled");
    t.send("c");
    // The same month, capital and ladder (waiting out a frame that is still being drawn).
    t.wait_for(&format!("the continued game at '{played}'"), |s| {
        s.lines().next().is_some_and(|l| l.trim() == played)
    });
    // The level and the game's seed or challenge code.
    assert_eq!(
        t.screen().lines().nth(1).unwrap_or_default().trim(),
        title_line
    );
    quit(&mut t, &mut child);
    assert!(home.path().join("saves").join("e2e q.json").is_file());
}

#[test]
fn sighup_restores_the_terminal() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut t, mut child, _) = spawn(home.path());
    t.wait_for("the title screen", |s| s.contains("New game"));
    assert!(t.parser.screen().alternate_screen());
    // portable-pty's kill sends SIGHUP first and waits a moment before SIGKILL.
    child.kill().expect("SIGHUP");
    let status = child.wait().expect("wait");
    t.pump(Duration::from_millis(200));
    // 128 + SIGHUP (1): the game's own handler ran (the default action kills by signal).
    assert_eq!(
        status.exit_code(),
        129,
        "left cleanly on SIGHUP: {status:?}"
    );
    assert_restored(&t);
}

type Child = Box<dyn portable_pty::Child + Send + Sync>;

/// Send `signal` (a name `kill` knows: TSTP, CONT, QUIT…) to the game.
fn kill(child: &Child, signal: &str) {
    let pid = child.process_id().expect("a process id");
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// Whether the game's process is stopped (state T in /proc).
fn stopped(child: &Child) -> bool {
    let pid = child.process_id().expect("a process id");
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            // The state follows the command name in parentheses.
            let after = stat.rsplit_once(')')?.1.trim_start().chars().next()?;
            Some(after == 'T' || after == 't')
        })
        .unwrap_or(false)
}

/// Wait until the terminal is restored (alternate screen left, mouse released).
fn wait_restored(t: &mut Term, what: &str) {
    let start = Instant::now();
    loop {
        t.pump(Duration::from_millis(50));
        let screen = t.parser.screen();
        if !screen.alternate_screen()
            && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{what}: the terminal was not restored"
        );
    }
    assert_restored(t);
}

/// Wait until the game's process has stopped.
fn wait_stopped(child: &Child, what: &str) {
    let start = Instant::now();
    while !stopped(child) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{what}: the game did not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// After SIGCONT: the alternate screen, mouse capture and a whole title screen again, and
/// a key acts without Enter (raw mode).
fn wait_resumed(t: &mut Term, child: &Child) {
    kill(child, "CONT");
    t.wait_for("the redrawn title screen", |s| {
        s.contains("New game") && s.contains("Quit")
    });
    let start = Instant::now();
    while !(t.parser.screen().alternate_screen()
        && t.parser.screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None)
    {
        assert!(start.elapsed() < Duration::from_secs(10), "not re-entered");
        t.pump(Duration::from_millis(50));
    }
    t.send("?");
    t.wait_for("the help after one key (raw mode)", |s| {
        s.contains("this help")
    });
    t.send("?");
    t.wait_for("the help closed", |s| !s.contains("this help"));
}

#[test]
fn sigtstp_and_ctrl_z_restore_the_terminal_and_sigcont_takes_it_back() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut t, mut child, _) = spawn(home.path());
    t.wait_for("the title screen", |s| s.contains("New game"));
    // SIGTSTP from outside (a shell's job control).
    kill(&child, "TSTP");
    wait_restored(&mut t, "SIGTSTP");
    wait_stopped(&child, "SIGTSTP");
    wait_resumed(&mut t, &child);
    // Ctrl-Z: a key in raw mode, which the game turns into the same suspend.
    t.send("\x1a");
    wait_restored(&mut t, "Ctrl-Z");
    wait_stopped(&child, "Ctrl-Z");
    wait_resumed(&mut t, &child);
    quit(&mut t, &mut child);
}

#[test]
fn sigquit_sigusr1_and_sigalrm_restore_the_terminal() {
    for (signal, number) in [("QUIT", 3), ("USR1", 10), ("ALRM", 14)] {
        let home = tempfile::tempdir().expect("temp dir");
        let (mut t, mut child, _) = spawn(home.path());
        t.wait_for("the title screen", |s| s.contains("New game"));
        assert!(t.parser.screen().alternate_screen());
        kill(&child, signal);
        let status = child.wait().expect("wait");
        t.pump(Duration::from_millis(200));
        assert_eq!(
            status.exit_code(),
            128 + number,
            "SIG{signal}: left by its own handler: {status:?}"
        );
        assert_restored(&t);
    }
}

#[test]
fn term_dumb_is_refused_with_one_line() {
    let home = tempfile::tempdir().expect("temp dir");
    let (mut t, mut child, _) = spawn_with(home.path(), "dumb");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().expect("kill");
            panic!(
                "TERM=dumb got the game instead of a refusal:\n{}",
                t.screen()
            );
        }
        t.pump(Duration::from_millis(50));
    };
    for _ in 0..10 {
        t.pump(Duration::from_millis(50));
    }
    assert!(!status.success(), "{status:?}");
    assert!(!t.parser.screen().alternate_screen());
    let shown = t.screen();
    let lines: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(shown.contains("TERM=dumb"), "{shown}");
    // One message (wrapped by the 80 columns of the terminal, not several messages).
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("sixparty") || l.starts_with("Error"))
            .count(),
        1,
        "{shown}"
    );
}
