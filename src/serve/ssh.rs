//! The SSH side of the class server (russh, ring backend).
//!
//! [`Server::run`] accepts TCP connections itself (rather than russh's own loop) so a
//! connection over the limits — too many in all, too many from one address, the server
//! stopping — is closed before any handshake work, and so each connection has a deadline to
//! finish the handshake and log in. Each accepted connection gets a [`Conn`] handler.
//!
//! What a connection may do: authenticate with `none` (the user name is the student's name)
//! or, when the class has one, the password; open one session channel; ask for a pty and a
//! shell, which starts the student's game ([`super::session`]); send bytes and window
//! changes. Everything else is refused: exec and subsystem requests, a shell without a pty
//! (answered with a one-line "use ssh -t"), X11 and agent forwarding, environment variables,
//! TCP/IP and stream-local forwarding in either direction (russh's defaults refuse those
//! channel opens and global requests; the handler does not override them).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use russh::keys::PrivateKey;
use russh::server::{Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};
use tokio::net::TcpListener;

use super::room::{Room, SessionInput};
use super::screen::clamp_size;
use super::session::{self, Output};

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    config: Arc<russh::server::Config>,
    room: Arc<Room>,
}

impl Server {
    pub async fn bind(addr: SocketAddr, room: Arc<Room>, key: PrivateKey) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let limits = &room.limits;
        let methods: &[MethodKind] = if room.password.is_some() {
            &[MethodKind::Password]
        } else {
            &[MethodKind::None]
        };
        let config = russh::server::Config {
            methods: MethodSet::from(methods),
            keys: vec![key],
            // A wrong password costs a second; the first "none" probe costs nothing.
            auth_rejection_time: Duration::from_secs(1),
            auth_rejection_time_initial: Some(Duration::ZERO),
            max_auth_attempts: limits.max_auth_attempts,
            // The session thread enforces the idle limit (with a message); the transport only
            // drops connections that stop answering keepalives.
            inactivity_timeout: None,
            keepalive_interval: Some(limits.keepalive),
            keepalive_max: 3,
            nodelay: true,
            ..Default::default()
        };
        Ok(Server {
            listener,
            config: Arc::new(config),
            room,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)))
    }

    /// Accept connections until the room stops.
    pub async fn run(self) {
        loop {
            let (stream, peer) = match self.listener.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file handles, say: wait a little instead of spinning.
                    self.room.log(format!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            if self.room.is_stopping() {
                return;
            }
            if let Err(why) = self.room.connect(Some(peer)) {
                self.room
                    .log(format!("refused a connection from {}: {why}", peer.ip()));
                drop(stream);
                continue;
            }
            let room = self.room.clone();
            let config = self.config.clone();
            tokio::spawn(async move {
                connection(config, stream, peer, room.clone()).await;
                room.disconnect(Some(peer));
            });
        }
    }
}

/// One connection, from handshake to close.
async fn connection(
    config: Arc<russh::server::Config>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    room: Arc<Room>,
) {
    let login_time = room.limits.login_time;
    let conn = Conn::new(room.clone(), peer);
    let logged_in = conn.logged_in.clone();
    let running =
        match tokio::time::timeout(login_time, russh::server::run_stream(config, stream, conn))
            .await
        {
            Ok(Ok(running)) => running,
            // No SSH greeting in time, or a broken one: nothing to clean up.
            Ok(Err(_)) | Err(_) => return,
        };
    let handle = running.handle();
    let deadline = tokio::spawn(async move {
        tokio::time::sleep(login_time).await;
        if !logged_in.load(Ordering::Relaxed) {
            let _ = handle
                .disconnect(
                    russh::Disconnect::ByApplication,
                    "too slow to log in".into(),
                    String::new(),
                )
                .await;
        }
    });
    let _ = running.await;
    deadline.abort();
}

/// Input bytes a session may send: a token bucket (bursts allowed, a flood is dropped).
struct Bucket {
    tokens: f64,
    at: Instant,
    rate: f64,
    burst: f64,
}

impl Bucket {
    fn new(rate: u32, burst: u32) -> Self {
        Bucket {
            tokens: f64::from(burst),
            at: Instant::now(),
            rate: f64::from(rate),
            burst: f64::from(burst),
        }
    }

    /// Whether `n` bytes may pass now.
    fn take(&mut self, n: usize) -> bool {
        let now = Instant::now();
        self.tokens =
            (self.tokens + now.duration_since(self.at).as_secs_f64() * self.rate).min(self.burst);
        self.at = now;
        if self.tokens >= n as f64 {
            self.tokens -= n as f64;
            true
        } else {
            false
        }
    }
}

/// The handler of one connection.
pub struct Conn {
    room: Arc<Room>,
    peer: SocketAddr,
    logged_in: Arc<AtomicBool>,
    /// The cleaned user name, once authenticated.
    user: Option<String>,
    /// The one session channel this connection may have.
    channel: Option<ChannelId>,
    pty: Option<(u16, u16)>,
    input: Option<std::sync::mpsc::Sender<SessionInput>>,
    bucket: Bucket,
    dropped_input: bool,
}

impl Conn {
    fn new(room: Arc<Room>, peer: SocketAddr) -> Self {
        let bucket = Bucket::new(room.limits.input_rate, room.limits.input_burst);
        Conn {
            room,
            peer,
            logged_in: Arc::new(AtomicBool::new(false)),
            user: None,
            channel: None,
            pty: None,
            input: None,
            bucket,
            dropped_input: false,
        }
    }

    fn accept_user(&mut self, user: &str) -> Auth {
        match crate::class::clean_name(user) {
            Some(name) => {
                self.user = Some(name);
                self.logged_in.store(true, Ordering::Relaxed);
                Auth::Accept
            }
            None => {
                self.room.log(format!(
                    "refused the user name '{}' from {}",
                    crate::level::sanitize(user)
                        .chars()
                        .take(40)
                        .collect::<String>(),
                    self.peer.ip()
                ));
                Auth::reject()
            }
        }
    }

    fn is_ours(&self, channel: ChannelId) -> bool {
        self.channel == Some(channel)
    }

    /// Send a line to the client and close the channel with `status`.
    fn refuse_with(
        &self,
        session: &mut Session,
        channel: ChannelId,
        text: &str,
        status: u32,
    ) -> Result<(), russh::Error> {
        session.data(channel, format!("{text}\r\n").into_bytes())?;
        session.exit_status_request(channel, status)?;
        session.eof(channel)?;
        session.close(channel)
    }

    /// The student's game starts: seat them in the room and start their session thread.
    fn start_game(
        &mut self,
        channel: ChannelId,
        size: (u16, u16),
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let wanted = self.user.clone().unwrap_or_else(|| "student".to_string());
        let (input_tx, input_rx) = std::sync::mpsc::channel();
        let Some((id, name)) = self.room.join(&wanted, Some(self.peer), input_tx.clone()) else {
            session.channel_success(channel)?;
            return self.refuse_with(
                session,
                channel,
                "The class is full (or the server is stopping); ask your teacher.",
                1,
            );
        };
        let (out_tx, mut out_rx) = tokio::sync::mpsc::unbounded_channel::<Output>();
        let handle = session.handle();
        // Frames to the client, in order; the end closes the channel.
        tokio::spawn(async move {
            while let Some(out) = out_rx.recv().await {
                match out {
                    Output::Data(bytes) => {
                        if handle.data(channel, bytes).await.is_err() {
                            break;
                        }
                    }
                    Output::End(status) => {
                        let _ = handle.exit_status_request(channel, status).await;
                        let _ = handle.eof(channel).await;
                        let _ = handle.close(channel).await;
                        break;
                    }
                }
            }
        });
        let room = self.room.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("{}{id}", session::THREAD_PREFIX))
            .spawn({
                let wake = input_tx.clone();
                move || session::run(room, id, name, size, (wake, input_rx), out_tx)
            });
        if let Err(e) = spawned {
            self.room.leave(id);
            self.room.finished();
            self.room.log(format!("could not start a session: {e}"));
            session.channel_failure(channel)?;
            return Ok(());
        }
        self.input = Some(input_tx);
        session.channel_success(channel)
    }
}

impl Drop for Conn {
    /// However the connection ends, the session thread learns of it and finishes.
    fn drop(&mut self) {
        if let Some(input) = &self.input {
            let _ = input.send(SessionInput::Closed);
        }
    }
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if self.room.password.is_some() {
            return Ok(Auth::Reject {
                proceed_with_methods: Some(MethodSet::from(&[MethodKind::Password][..])),
                partial_success: false,
            });
        }
        Ok(self.accept_user(user))
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        let Some(expected) = &self.room.password else {
            return Ok(Auth::reject());
        };
        if constant_time_eq(password.as_bytes(), expected.as_bytes()) {
            Ok(self.accept_user(user))
        } else {
            Ok(Auth::reject())
        }
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        _key: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() || self.user.is_none() {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.is_ours(channel) || self.input.is_some() {
            return session.channel_failure(channel);
        }
        self.pty = Some(clamp_size(cols, rows));
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.is_ours(channel) || self.input.is_some() {
            return session.channel_failure(channel);
        }
        let Some(size) = self.pty else {
            session.channel_success(channel)?;
            return self.refuse_with(
                session,
                channel,
                "sixparty is a game for a terminal: connect with `ssh -t` (e.g. ssh -t -p 2222 NAME@HOST).",
                1,
            );
        };
        self.start_game(channel, size, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.room
            .log(format!("refused a command from {}", self.peer.ip()));
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.room
            .log(format!("refused a subsystem from {}", self.peer.ip()));
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.is_ours(channel) {
            return Ok(());
        }
        let (w, h) = clamp_size(cols, rows);
        match &self.input {
            Some(input) => {
                let _ = input.send(SessionInput::Resize(w, h));
            }
            None => self.pty = Some((w, h)),
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(input) = self
            .input
            .as_ref()
            .filter(|_| self.channel == Some(channel))
        else {
            return Ok(());
        };
        if self.bucket.take(data.len()) {
            let _ = input.send(SessionInput::Bytes(data.to_vec()));
        } else if !self.dropped_input {
            self.dropped_input = true;
            self.room.log(format!(
                "{}: input faster than anyone types; dropping the excess",
                self.user.as_deref().unwrap_or("?")
            ));
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.is_ours(channel)
            && let Some(input) = &self.input
        {
            let _ = input.send(SessionInput::Closed);
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.is_ours(channel)
            && let Some(input) = self.input.take()
        {
            let _ = input.send(SessionInput::Closed);
        }
        Ok(())
    }
}

/// Compare secrets without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    for (i, x) in a.iter().enumerate() {
        diff |= x ^ b.get(i % b.len().max(1)).copied().unwrap_or(0);
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_compare_whole() {
        assert!(constant_time_eq(b"tulip", b"tulip"));
        assert!(!constant_time_eq(b"tulip", b"tulips"));
        assert!(!constant_time_eq(b"", b"x"));
        assert!(!constant_time_eq(b"tulap", b"tulip"));
    }

    #[test]
    fn the_bucket_lets_typing_through_and_stops_a_flood() {
        let mut bucket = Bucket::new(100, 200);
        assert!(bucket.take(150));
        assert!(!bucket.take(100));
        assert!(bucket.take(10));
    }
}
