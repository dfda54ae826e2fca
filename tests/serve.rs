//! The class server end to end, on a loopback port: a real SSH client library (russh's
//! client) logs in as a student, plays a month and quits; the save lands under the student's
//! name; exec, subsystem and port-forwarding requests are refused; a shell without a pty gets
//! the "use ssh -t" line; a reconnecting student continues. Where `/usr/bin/ssh` exists, the
//! stock client plays too, in a pseudo-terminal. Every wait is bounded.
#![cfg(feature = "serve")]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::client;
use sixparty::serve::room::ClassSetup;
use sixparty::serve::{Limits, TestServer};

const WAIT: Duration = Duration::from_secs(20);

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

fn level() -> sixparty::level::Level {
    sixparty::level::builtin("revive-the-talks")
        .expect("built in")
        .expect("valid")
}

fn server(data: &Path, limits: Limits) -> TestServer {
    TestServer::start(
        ClassSetup {
            level: level(),
            seed: 48213,
            data_dir: data.to_path_buf(),
            password: None,
            limits,
        },
        "127.0.0.1:0".parse().expect("address"),
    )
    .expect("server starts")
}

fn limits() -> Limits {
    Limits::new(8, 8, Duration::from_secs(600))
}

fn runtime() -> tokio::runtime::Runtime {
    // Multi-threaded, so the client's connection tasks go on (and close) between block_ons.
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

async fn connect(addr: std::net::SocketAddr, user: &str) -> client::Handle<Client> {
    let config = Arc::new(client::Config::default());
    let mut handle = tokio::time::timeout(WAIT, client::connect(config, addr, Client))
        .await
        .expect("connects in time")
        .expect("connects");
    let auth = handle.authenticate_none(user).await.expect("auth runs");
    assert!(auth.success(), "none auth accepted");
    handle
}

/// Read channel messages into a vt100 screen until `done` holds (or fail after WAIT).
async fn read_until(
    channel: &mut russh::Channel<client::Msg>,
    screen: &mut vt100::Parser,
    what: &str,
    mut done: impl FnMut(&vt100::Parser, &[ChannelMsg]) -> bool,
) -> Vec<ChannelMsg> {
    let start = Instant::now();
    let mut seen = Vec::new();
    while !done(screen, &seen) {
        let left = WAIT.saturating_sub(start.elapsed());
        assert!(
            !left.is_zero(),
            "timed out waiting for {what}; screen:\n{}",
            screen.screen().contents()
        );
        match tokio::time::timeout(left.min(Duration::from_millis(200)), channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => screen.process(&data),
            Ok(Some(msg)) => seen.push(msg),
            Ok(None) => {
                seen.push(ChannelMsg::Close);
                if !done(screen, &seen) {
                    panic!("channel closed while waiting for {what}: {seen:?}");
                }
            }
            Err(_) => {}
        }
    }
    seen
}

fn parser(rows: u16, cols: u16) -> vt100::Parser {
    let n = |v: u16| std::num::NonZero::new(v).expect("not zero");
    vt100::Parser::new(n(rows), n(cols), 0)
}

/// The first student's progress, if one is seated.
fn first_student(room: &sixparty::serve::room::Room) -> Option<sixparty::serve::screen::Progress> {
    room.students().into_iter().next().map(|s| s.progress)
}

fn wait_for(what: &str, pred: impl Fn() -> bool) {
    let start = Instant::now();
    while !pred() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_student_plays_a_month_over_ssh_and_the_save_lands_under_their_name() {
    let data = tempfile::tempdir().expect("temp");
    let server = server(data.path(), limits());
    let room = server.room.clone();
    let rt = runtime();
    rt.block_on(async {
        let handle = connect(server.addr, "Ana").await;
        let mut channel = handle.channel_open_session().await.expect("session");
        channel
            .request_pty(true, "xterm-256color", 100, 30, 0, 0, &[])
            .await
            .expect("pty");
        channel.request_shell(true).await.expect("shell");
        let mut screen = parser(30, 100);
        read_until(&mut channel, &mut screen, "the first frame", |s, _| {
            s.screen().alternate_screen() && s.screen().contents().contains("Jan")
        })
        .await;
        assert_eq!(room.students().len(), 1);
        assert_eq!(room.students()[0].name, "Ana");
        // End the month as a player does: `n` (twice when capital is left), and Enter for
        // each event the month brings.
        for key in [b"n", b"n", b"\r"].iter().cycle().take(30) {
            if first_student(&room).is_some_and(|p| p.turn == 1) {
                break;
            }
            channel.data(&key[..]).await.expect("send");
            let _ = tokio::time::timeout(Duration::from_millis(300), channel.wait()).await;
        }
        read_until(&mut channel, &mut screen, "the month to end", |_, _| {
            room.students()
                .first()
                .is_some_and(|s| s.progress.turn == 1)
        })
        .await;
        // A window change reaches the session.
        channel.window_change(80, 24, 0, 0).await.expect("resize");
        // Quit (the game asks first), and the terminal is given back.
        channel.data(&b"q"[..]).await.expect("send");
        channel.data(&b"y"[..]).await.expect("send");
        let seen = read_until(&mut channel, &mut screen, "the exit status", |_, seen| {
            seen.iter()
                .any(|m| matches!(m, ChannelMsg::ExitStatus { .. }))
        })
        .await;
        assert!(
            seen.iter()
                .any(|m| matches!(m, ChannelMsg::ExitStatus { exit_status: 0 })),
            "{seen:?}"
        );
        assert!(
            !screen.screen().alternate_screen(),
            "the alternate screen was left"
        );
        assert!(!screen.screen().hide_cursor(), "the cursor is shown");
    });
    wait_for("the session to finish", || room.running() == 0);
    let folder = room.dir.join("ana").join("saves");
    let store = sixparty::save::SaveStore::at(&folder);
    let latest = store
        .latest()
        .expect("lists")
        .expect("a save under the student's name");
    let loaded = store
        .load(&latest.name, sixparty::save::LoadOptions::default())
        .expect("the autosave loads");
    assert_eq!(loaded.header.player.as_deref(), Some("Ana"));
    assert_eq!(loaded.session.game().state().turn(), 1);
    assert_eq!(loaded.session.seed, 48213);

    // Coming back with the same name continues the game.
    rt.block_on(async {
        let handle = connect(server.addr, "ana").await;
        let channel = handle.channel_open_session().await.expect("session");
        channel
            .request_pty(true, "xterm", 80, 24, 0, 0, &[])
            .await
            .expect("pty");
        channel.request_shell(true).await.expect("shell");
        let mut channel = channel;
        let mut screen = parser(24, 80);
        read_until(
            &mut channel,
            &mut screen,
            "the returning student",
            |_, _| {
                room.students()
                    .first()
                    .is_some_and(|s| s.progress.turn == 1)
            },
        )
        .await;
        channel.close().await.expect("close");
    });
    wait_for("the second session to finish", || room.running() == 0);
}

#[test]
fn everything_but_a_game_is_refused() {
    let data = tempfile::tempdir().expect("temp");
    let server = server(data.path(), limits());
    let room = server.room.clone();
    runtime().block_on(async {
        // exec
        let handle = connect(server.addr, "eve").await;
        let mut channel = handle.channel_open_session().await.expect("session");
        channel.exec(true, "cat /etc/passwd").await.expect("sent");
        let mut screen = parser(24, 80);
        let seen = read_until(&mut channel, &mut screen, "exec's answer", |_, seen| {
            seen.iter().any(|m| matches!(m, ChannelMsg::Failure))
        })
        .await;
        assert!(!seen.iter().any(|m| matches!(m, ChannelMsg::Success)));
        // subsystem (sftp), on a connection of its own (one session channel per connection)
        let handle = connect(server.addr, "eve").await;
        let mut channel = handle.channel_open_session().await.expect("session");
        channel.request_subsystem(true, "sftp").await.expect("sent");
        read_until(
            &mut channel,
            &mut screen,
            "the subsystem's answer",
            |_, seen| {
                seen.iter()
                    .any(|m| matches!(m, ChannelMsg::Failure | ChannelMsg::Close))
            },
        )
        .await;
        // port forwarding, both directions
        assert!(
            handle.tcpip_forward("127.0.0.1", 0).await.is_err(),
            "remote forward refused"
        );
        assert!(
            handle
                .channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5555)
                .await
                .is_err(),
            "local forward refused"
        );
        // a shell without a pty gets one line and an exit status
        let handle = connect(server.addr, "bob").await;
        let mut channel = handle.channel_open_session().await.expect("session");
        channel.request_shell(true).await.expect("sent");
        let mut text = Vec::new();
        let start = Instant::now();
        let mut status = None;
        while status.is_none() && start.elapsed() < WAIT {
            match tokio::time::timeout(Duration::from_millis(200), channel.wait()).await {
                Ok(Some(ChannelMsg::Data { data })) => text.extend_from_slice(&data),
                Ok(Some(ChannelMsg::ExitStatus { exit_status })) => status = Some(exit_status),
                Ok(None) => break,
                _ => {}
            }
        }
        assert_eq!(status, Some(1));
        assert!(String::from_utf8_lossy(&text).contains("ssh -t"));
    });
    assert_eq!(room.running(), 0, "no game was started");
    assert!(!room.dir.exists() || std::fs::read_dir(&room.dir).map_or(0, |d| d.count()) == 0);
}

#[test]
fn the_stock_ssh_client_plays_in_a_pseudo_terminal() {
    let ssh = Path::new("/usr/bin/ssh");
    if !ssh.exists() {
        eprintln!("skipped: no /usr/bin/ssh");
        return;
    }
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let data = tempfile::tempdir().expect("temp");
    let server = server(data.path(), limits());
    let room = server.room.clone();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(ssh);
    let port = server.addr.port().to_string();
    let known = data.path().join("known_hosts");
    for arg in [
        "-t",
        "-p",
        &port,
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        &format!("UserKnownHostsFile={}", known.display()),
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=10",
        "zoe@127.0.0.1",
    ] {
        cmd.arg(arg);
    }
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).expect("ssh starts");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = parser(24, 80);
    let pump = |screen: &mut vt100::Parser| {
        while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(50)) {
            screen.process(&bytes);
        }
    };
    let start = Instant::now();
    while first_student(&room).is_none_or(|p| p.length == 0) {
        pump(&mut screen);
        assert!(
            start.elapsed() < WAIT,
            "no session; screen:\n{}",
            screen.screen().contents()
        );
    }
    // `n` (twice when capital is left), and Enter for each event the month brings.
    let start = Instant::now();
    for key in [b"n", b"n", b"\r"].iter().cycle() {
        if first_student(&room).is_some_and(|p| p.turn == 1) {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "the month did not end; screen:\n{}",
            screen.screen().contents()
        );
        std::io::Write::write_all(&mut writer, &key[..]).expect("key");
        pump(&mut screen);
        pump(&mut screen);
    }
    std::io::Write::write_all(&mut writer, b"qy").expect("keys");
    let start = Instant::now();
    let status = loop {
        pump(&mut screen);
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        assert!(
            start.elapsed() < WAIT,
            "ssh did not exit; screen:\n{}",
            screen.screen().contents()
        );
    };
    pump(&mut screen);
    assert!(status.success(), "ssh exit status {status:?}");
    assert!(
        !screen.screen().alternate_screen(),
        "the alternate screen was left"
    );
    wait_for("the session to finish", || room.running() == 0);
    assert!(room.dir.join("zoe").is_dir());
}
