//! Load test of the class server (ignored by default; run it on purpose):
//!
//! ```text
//! cargo test --release --test serve_load -- --ignored --nocapture --test-threads 1
//! ```
//!
//! The server runs as its own process (`sixparty serve --no-dashboard` on a loopback port),
//! so its memory, threads, file handles and CPU time are read from `/proc` apart from the
//! clients', which are russh client connections in this process. Figures go to stdout for
//! BENCHMARKS.md.
//!
//! - `forty_students_typing`: 40 students log in and each presses 40 keys, one every 150 ms,
//!   all at once; the time from a key sent to the frame's first byte back is the latency
//!   (p50/p99/max). Then the server's resident memory, and its CPU time over 5 s while all
//!   40 sit idle.
//! - `connect_cycles_and_killed_clients`: 200 connect → first frame → disconnect cycles, then
//!   40 students who each play a month and vanish mid-game (their connections dropped with
//!   no goodbye, as `kill -9` of a client leaves them); afterwards the server's threads and
//!   file handles are back where they started, the cycles left no save, and every killed
//!   student's last autosave loads.
#![cfg(all(feature = "serve", target_os = "linux"))]

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::client;

const WAIT: Duration = Duration::from_secs(60);

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

/// The server process and where it listens.
struct Server {
    child: Child,
    addr: std::net::SocketAddr,
    home: PathBuf,
    code: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(home: &Path) -> Server {
        let bin = env!("CARGO_BIN_EXE_sixparty");
        let out = Command::new(bin)
            .args(["class", "new", "revive-the-talks", "--seed", "48213"])
            .env("SIXPARTY_HOME", home)
            .output()
            .expect("class new");
        let code = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("Class code: "))
            .and_then(|l| l.split_whitespace().next())
            .expect("a code")
            .to_string();
        let mut child = Command::new(bin)
            .args([
                "serve",
                "--no-dashboard",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--code",
                &code,
                "--max-players",
                "40",
                "--max-per-address",
                "64",
            ])
            .env("SIXPARTY_HOME", home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = std::io::BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines.next().expect("a log line").expect("reads");
            if let Some(rest) = line.split(" on ").nth(1)
                && let Some(addr) = rest.split(';').next()
                && let Ok(addr) = addr.parse()
            {
                break addr;
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            addr,
            home: home.to_path_buf(),
            code,
        }
    }

    fn status(&self, field: &str) -> u64 {
        let text = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("proc status");
        text.lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("field")
    }

    fn threads(&self) -> u64 {
        self.status("Threads:")
    }

    fn rss_kib(&self) -> u64 {
        self.status("VmRSS:")
    }

    fn fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .expect("fds")
            .count()
    }

    /// User + system CPU time, in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).expect("stat");
        // Fields after the command name (which is in parentheses): utime is the 12th.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    }

    fn students_dir(&self) -> PathBuf {
        self.home.join("classes").join(&self.code)
    }
}

struct Student {
    _handle: client::Handle<Client>,
    channel: russh::Channel<client::Msg>,
}

async fn join(addr: std::net::SocketAddr, name: &str) -> Student {
    let config = Arc::new(client::Config::default());
    let mut handle = tokio::time::timeout(WAIT, client::connect(config, addr, Client))
        .await
        .expect("connects in time")
        .expect("connects");
    assert!(
        handle
            .authenticate_none(name)
            .await
            .expect("auth")
            .success()
    );
    let mut channel = handle.channel_open_session().await.expect("session");
    channel
        .request_pty(true, "xterm-256color", 80, 24, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(true).await.expect("shell");
    // The first frame.
    next_data(&mut channel).await;
    Student {
        _handle: handle,
        channel,
    }
}

/// Wait for the next data from the server.
async fn next_data(channel: &mut russh::Channel<client::Msg>) {
    let start = Instant::now();
    loop {
        let left = WAIT.saturating_sub(start.elapsed());
        assert!(!left.is_zero(), "no frame in time");
        match tokio::time::timeout(left, channel.wait()).await {
            Ok(Some(ChannelMsg::Data { .. })) => return,
            Ok(Some(_)) => {}
            Ok(None) => panic!("channel closed"),
            Err(_) => panic!("no frame in time"),
        }
    }
}

/// Drain whatever else arrived (the rest of a large frame).
async fn drain(channel: &mut russh::Channel<client::Msg>) {
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(5), channel.wait()).await {}
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[test]
#[ignore = "load test: run with --ignored (see the module docs)"]
fn forty_students_typing() {
    let home = tempfile::tempdir().expect("temp");
    let server = Server::start(home.path());
    let rt = runtime();
    let addr = server.addr;
    let baseline_rss = server.rss_kib();
    let students = rt.block_on(async {
        let mut joins = Vec::new();
        for i in 0..40 {
            joins.push(tokio::spawn(async move {
                join(addr, &format!("s{i:02}")).await
            }));
        }
        let mut students = Vec::new();
        for j in joins {
            students.push(j.await.expect("joined"));
        }
        students
    });
    println!(
        "40 students joined; server RSS {} KiB (idle server: {baseline_rss} KiB)",
        server.rss_kib()
    );
    let (latencies, students) = rt.block_on(async {
        let mut tasks = Vec::new();
        for (i, mut s) in students.into_iter().enumerate() {
            tasks.push(tokio::spawn(async move {
                // Stagger the students so their keys interleave as a class's would.
                tokio::time::sleep(Duration::from_millis(i as u64 * 4)).await;
                let mut out = Vec::new();
                for k in 0..40 {
                    // Down, Up, Down, …: each moves the selection, so each draws a frame.
                    let key: &[u8] = if k % 2 == 0 { b"\x1b[B" } else { b"\x1b[A" };
                    let sent = Instant::now();
                    s.channel.data(key).await.expect("send");
                    next_data(&mut s.channel).await;
                    out.push(sent.elapsed());
                    drain(&mut s.channel).await;
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                (out, s)
            }));
        }
        let mut all = Vec::new();
        let mut students = Vec::new();
        for t in tasks {
            let (l, s) = t.await.expect("typed");
            all.extend(l);
            students.push(s);
        }
        (all, students)
    });
    let peak_rss = server.rss_kib();
    let mut sorted = latencies;
    sorted.sort();
    let (p50, p99, max) = (
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.99),
        sorted[sorted.len() - 1],
    );
    println!(
        "{} key presses by 40 students: frame latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sorted.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    println!(
        "server RSS with 40 playing: {peak_rss} KiB; threads {}",
        server.threads()
    );
    // Idle: everyone connected, nobody typing.
    std::thread::sleep(Duration::from_millis(500));
    let before = server.cpu_ticks();
    std::thread::sleep(Duration::from_secs(5));
    let idle_ticks = server.cpu_ticks() - before;
    println!("server CPU over 5 s with 40 idle students: {idle_ticks} ticks (1 tick = 10 ms)");
    drop(students);
    drop(rt);
    assert!(p99 <= Duration::from_millis(50), "p99 {p99:?}");
    assert!(peak_rss < 100 * 1024, "RSS {peak_rss} KiB");
    assert!(idle_ticks <= 1, "idle CPU {idle_ticks} ticks");
}

#[test]
#[ignore = "load test: run with --ignored (see the module docs)"]
fn connect_cycles_and_killed_clients() {
    let home = tempfile::tempdir().expect("temp");
    let server = Server::start(home.path());
    let addr = server.addr;
    let rt = runtime();
    // A first connection, so the runtime's threads exist before the baseline is taken.
    rt.block_on(async {
        let s = join(addr, "warmup").await;
        let _ = s.channel.close().await;
    });
    std::thread::sleep(Duration::from_millis(500));
    let (threads0, fds0) = (server.threads(), server.fds());
    let started = Instant::now();
    rt.block_on(async {
        for i in 0..200 {
            let s = join(addr, &format!("cycle{}", i % 7)).await;
            s.channel.close().await.expect("close");
            drop(s);
        }
    });
    println!(
        "200 connect/disconnect cycles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let settle = |what: &str| {
        let start = Instant::now();
        while server.threads() > threads0 || server.fds() > fds0 {
            assert!(
                start.elapsed() < WAIT,
                "{what}: threads {} (was {threads0}), fds {} (was {fds0})",
                server.threads(),
                server.fds()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    settle("after the cycles");
    let saves_left = walk(&server.students_dir())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .count();
    println!(
        "after the cycles: threads {} (was {threads0}), fds {} (was {fds0}), saves {saves_left}",
        server.threads(),
        server.fds()
    );
    assert_eq!(saves_left, 0, "a connection without a move leaves no save");

    // 40 students play a month, then vanish without a goodbye.
    let killed = runtime();
    killed.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..40 {
            tasks.push(tokio::spawn(async move {
                let mut s = join(addr, &format!("k{i:02}")).await;
                // Take an action (Enter), then end the month: n (twice if capital is left)
                // and Enter for each event it brings.
                for key in [&b"\r"[..], b"n", b"n", b"\r", b"\r", b"\r", b"\r"] {
                    s.channel.data(key).await.expect("send");
                    next_data(&mut s.channel).await;
                    drain(&mut s.channel).await;
                }
                // A move in the new month, not yet saved by the game itself.
                s.channel.data(&b"\x1b[B"[..]).await.expect("send");
                s
            }));
        }
        let mut students = Vec::new();
        for t in tasks {
            students.push(t.await.expect("played"));
        }
        // Leak them into the runtime that is about to be torn down.
        std::mem::forget(students);
    });
    // Like kill -9: the runtime (and every socket it holds) goes at once.
    killed.shutdown_background();
    settle("after 40 clients vanished");
    let mut loaded = 0;
    for i in 0..40 {
        let saves = server.students_dir().join(format!("k{i:02}")).join("saves");
        let store = sixparty::save::SaveStore::at(&saves);
        let latest = store.latest().expect("lists").expect("an autosave");
        let game = store
            .load(&latest.name, sixparty::save::LoadOptions::default())
            .expect("the last autosave loads");
        assert!(game.session.log().len() > 1);
        loaded += 1;
    }
    println!(
        "40 clients dropped mid-game: threads {} (was {threads0}), fds {} (was {fds0}), {loaded}/40 last autosaves load",
        server.threads(),
        server.fds()
    );
    drop(rt);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
