//! The adapter between a student's session and the game, and the bytes around it.
//!
//! [`GameScreen`] is the one place the server touches the UI: a [`GameSession`] (the same
//! model, update and view as local play) drawn on a ratatui terminal whose backend writes
//! into a [`FrameBuffer`] instead of the process's terminal. The session thread takes the
//! buffer after each draw and sends it as one write. Keys go through the player's key map
//! ([`crate::ui::msg_for_event`]) here rather than in `GameSession::handle_event`, so the
//! teacher's pause can hold the one message that ends a month.
//!
//! [`ENTER`] and [`LEAVE`] are the escape sequences that take over the student's terminal
//! and give it back (alternate screen, cursor, mouse). Raw mode is the client's business:
//! `ssh -t` puts the student's terminal in raw mode itself; the server never touches a tty.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use crossterm::Command as _;
use crossterm::event::Event;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::session::Session;
use crate::ui::model::Screen;
use crate::ui::update::Msg;
use crate::ui::{GameSession, SessionConfig};

/// The largest screen a session draws (a pty request may claim anything; buffers are
/// allocated for it).
pub const MAX_SIZE: (u16, u16) = (400, 200);

/// A size from an SSH request, clamped to what a session draws.
pub fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    let clamp = |v: u32, max: u16| u16::try_from(v.min(u32::from(max))).unwrap_or(max).max(1);
    (clamp(cols, MAX_SIZE.0), clamp(rows, MAX_SIZE.1))
}

/// Escape sequences written to `out` by crossterm's commands, as ANSI (never through the
/// platform's console API: the bytes go to a remote terminal).
fn ansi(commands: &[&dyn Fn(&mut String) -> std::fmt::Result]) -> Vec<u8> {
    let mut s = String::new();
    for c in commands {
        let _ = c(&mut s);
    }
    s.into_bytes()
}

/// Take over the student's terminal: alternate screen, hidden cursor, mouse clicks on.
pub fn enter() -> Vec<u8> {
    ansi(&[
        &|s| crossterm::terminal::EnterAlternateScreen.write_ansi(s),
        &|s| crossterm::cursor::Hide.write_ansi(s),
        &|s| crossterm::event::EnableMouseCapture.write_ansi(s),
        &|s| crossterm::terminal::Clear(crossterm::terminal::ClearType::All).write_ansi(s),
    ])
}

/// Give the terminal back as it was: mouse off, cursor shown, main screen.
pub fn leave() -> Vec<u8> {
    ansi(&[
        &|s| crossterm::event::DisableMouseCapture.write_ansi(s),
        &|s| crossterm::style::ResetColor.write_ansi(s),
        &|s| crossterm::cursor::Show.write_ansi(s),
        &|s| crossterm::terminal::LeaveAlternateScreen.write_ansi(s),
    ])
}

/// What the backend writes, collected until the session sends it as one frame.
#[derive(Clone, Default)]
pub struct FrameBuffer(Rc<RefCell<Vec<u8>>>);

impl FrameBuffer {
    /// The bytes written since the last take.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl Write for FrameBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    /// Nothing to do: the session sends the frame whole after drawing.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A line across the top of a student's screen (the teacher's pause or message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner(pub String);

/// One student's game: the UI's [`GameSession`] on a terminal that draws into a
/// [`FrameBuffer`].
pub struct GameScreen {
    session: GameSession,
    terminal: Terminal<CrosstermBackend<FrameBuffer>>,
    out: FrameBuffer,
    /// Where [`GameScreen::save_place`] writes (the session's own save folder), and as whom.
    place: Option<(crate::save::SaveStore, Option<String>)>,
    /// The decision count when the game was started or loaded, or last saved on leaving.
    saved_len: Option<usize>,
}

impl GameScreen {
    /// A game on a `size` terminal, as `config` sets it up; `place` is where a student
    /// leaving mid-month is autosaved.
    pub fn new(
        config: SessionConfig,
        size: (u16, u16),
        place: Option<(crate::save::SaveStore, Option<String>)>,
    ) -> std::io::Result<Self> {
        let saved_len = config.start.as_ref().map(|s| s.log().len());
        let session = GameSession::new(config.size(size.0, size.1));
        let out = FrameBuffer::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(out.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, size.0, size.1)),
            },
        )?;
        Ok(GameScreen {
            session,
            terminal,
            out,
            place,
            saved_len,
        })
    }

    /// Call `wake` (from another thread) when background work (a debrief) is done; then
    /// call [`GameScreen::poll`].
    pub fn set_waker(&mut self, wake: crate::ui::session::Waker) {
        self.session.set_waker(wake);
    }

    /// Take finished background work; `true` if the screen changed.
    pub fn poll(&mut self) -> bool {
        self.session.poll()
    }

    /// The game's reading of a terminal event, through the player's key map. With
    /// `hold_month`, a request to end the month is refused (the class is paused).
    pub fn handle(&mut self, event: &Event, hold_month: bool) -> Handled {
        self.session.poll();
        let Some(msg) = crate::ui::msg_for_event(self.session.model(), event) else {
            return Handled::Ignored;
        };
        if hold_month && matches!(msg, Msg::EndMonth | Msg::FastForward) {
            return Handled::Held;
        }
        let before = self.turn();
        self.session.send(msg);
        if self.turn() != before {
            Handled::NewMonth
        } else {
            Handled::Done
        }
    }

    fn game(&self) -> Option<&Session> {
        self.session.model().game.as_ref().map(|g| &g.session)
    }

    fn turn(&self) -> Option<u16> {
        self.game().map(|s| s.game().state().turn())
    }

    /// The student's terminal changed size.
    pub fn resize(&mut self, size: (u16, u16)) -> std::io::Result<()> {
        self.terminal.resize(Rect::new(0, 0, size.0, size.1))?;
        self.session.resize(size.0, size.1);
        Ok(())
    }

    /// Draw a frame (with the banner on its top row, if any) and return its bytes, plus a
    /// copy of the screen when `copy` (the teacher is watching).
    pub fn draw(
        &mut self,
        banner: Option<&Banner>,
        copy: bool,
    ) -> std::io::Result<(Vec<u8>, Option<Buffer>)> {
        let session = &self.session;
        let completed = self.terminal.draw(|frame| {
            let area = frame.area();
            session.render(area, frame.buffer_mut());
            if let Some(Banner(text)) = banner {
                let row = Rect::new(area.x, area.y, area.width, 1.min(area.height));
                frame.render_widget(Clear, row);
                frame.render_widget(
                    Paragraph::new(Line::from(format!(" {text} ")))
                        .style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)),
                    row,
                );
            }
        })?;
        let copy = copy.then(|| completed.buffer.clone());
        Ok((self.out.take(), copy))
    }

    /// Autosave the game if it moved since it was last saved or loaded (a student leaving
    /// mid-month keeps the month's moves).
    pub fn save_place(&mut self) -> Result<(), String> {
        let (Some((store, player)), Some(session)) = (&self.place, self.game()) else {
            return Ok(());
        };
        let len = session.log().len();
        if self.saved_len == Some(len) {
            return Ok(());
        }
        store
            .autosave(session, player.as_deref())
            .map_err(|e| e.to_string())?;
        self.saved_len = Some(len);
        Ok(())
    }

    pub fn wants_to_quit(&self) -> bool {
        self.session.is_finished()
    }

    /// Where the game stands, for the teacher's table.
    pub fn status(&self) -> Progress {
        let screen = screen_name(self.session.model().screen);
        let Some(session) = self.game() else {
            return Progress {
                screen,
                ..Progress::default()
            };
        };
        let game = session.game();
        let scenario = game.scenario();
        let state = game.state();
        let previous = usize::from(state.turn()).checked_sub(1);
        let meters = dashboard_meters(scenario)
            .into_iter()
            .map(|id| {
                let var = scenario.var(id);
                let now = state.var(id);
                let before = previous
                    .and_then(|row| state.history_of(id).nth(row))
                    .unwrap_or(now);
                Meter {
                    label: var.label.clone(),
                    value: now,
                    change: now - before,
                    stage: var.stage_label(now).map(str::to_string),
                }
            })
            .collect();
        let ending = game.ending().map(|e| {
            let e = scenario.ending(e);
            (e.title.clone(), e.grade.clone())
        });
        Progress {
            screen,
            month: crate::explain::month_label(scenario, state.turn()),
            turn: state.turn(),
            length: scenario.meta.length,
            meters,
            deal: state.has_deal(),
            ending,
        }
    }
}

/// What a key press did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Ignored,
    Done,
    /// A month ended (the teacher's table and the pause care).
    NewMonth,
    /// The class is paused: the month was not ended.
    Held,
}

/// A meter on the teacher's table: its value and its change over the last month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meter {
    pub label: String,
    pub value: f64,
    pub change: f64,
    /// A staged meter's stage ("convened"), shown instead of the number.
    pub stage: Option<String>,
}

/// Where a student's game stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub screen: &'static str,
    pub month: String,
    pub turn: u16,
    pub length: u16,
    pub meters: Vec<Meter>,
    /// Whether the student's game has an agreed deal.
    pub deal: bool,
    /// The ending's title and grade.
    pub ending: Option<(String, String)>,
}

fn screen_name(screen: Screen) -> &'static str {
    match screen {
        Screen::Title => "title",
        Screen::Load => "load",
        Screen::Picker => "picker",
        Screen::Main => "main",
        Screen::Talks => "talks",
        Screen::Dashboard => "dashboard",
        Screen::Relations => "relations",
        Screen::End => "end",
        Screen::Rewind => "rewind",
    }
}

/// The meters the teacher's table shows: those the level names in `[level] class_table`,
/// else its first key meters, else its first shown meters (never the spendable capital).
fn dashboard_meters(scenario: &crate::engine::Scenario) -> Vec<crate::engine::VarId> {
    if !scenario.meta.class_table.is_empty() {
        return scenario.meta.class_table.clone();
    }
    let candidates = || {
        (0..scenario.vars.len())
            .map(|i| crate::engine::VarId(i as u16))
            .filter(|&id| scenario.var(id).shown && id != scenario.meta.capital)
    };
    let key: Vec<_> = candidates().filter(|&id| scenario.var(id).key).collect();
    let chosen = if key.is_empty() {
        candidates().collect()
    } else {
        key
    };
    chosen
        .into_iter()
        .take(crate::level::validate::MAX_CLASS_TABLE)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn key(code: KeyCode) -> Event {
        Event::Key(code.into())
    }

    #[test]
    fn a_game_draws_into_its_own_buffer_and_ends_months() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let config = SessionConfig::new(
            crate::ui::available_levels(),
            Box::new(crate::ui::model::NoSaves::default()),
        )
        .start(Session::new(level, 4));
        let mut screen = GameScreen::new(config, (100, 30), None).expect("terminal");
        let (bytes, copy) = screen.draw(None, true).expect("draws");
        assert!(!bytes.is_empty());
        let copy = copy.expect("copied");
        assert_eq!(copy.area, Rect::new(0, 0, 100, 30));
        assert_eq!(screen.status().turn, 0);
        // Paused: the month does not end.
        assert_eq!(screen.handle(&key(KeyCode::Char('n')), true), Handled::Held);
        assert_eq!(screen.status().turn, 0);
        let banner = Banner("Paused by your teacher".into());
        let (_, copy) = screen.draw(Some(&banner), true).expect("draws");
        let top: String = (0..30)
            .map(|x| copy.as_ref().expect("copied")[(x, 0)].symbol().to_string())
            .collect();
        assert!(top.contains("Paused by your teacher"), "{top}");
        // `n` (twice when capital is left), then Enter for each event the month brings.
        for code in [KeyCode::Char('n'), KeyCode::Char('n')]
            .into_iter()
            .chain(std::iter::repeat_n(KeyCode::Enter, 10))
        {
            if screen.status().turn == 1 {
                break;
            }
            screen.handle(&key(code), false);
        }
        let status = screen.status();
        assert_eq!(status.turn, 1);
        // The level's `[level] class_table`: program, tension, support and the talks' stage.
        let labels: Vec<&str> = status.meters.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Nuclear program",
                "Tension",
                "Regime support",
                "Six Party Talks"
            ]
        );
        assert!(status.meters[..3].iter().all(|m| m.stage.is_none()));
        assert_eq!(status.meters[3].stage.as_deref(), Some("dormant"));
        screen.resize((80, 24)).expect("resizes");
        let (_, copy) = screen.draw(None, true).expect("draws");
        assert_eq!(copy.expect("copied").area, Rect::new(0, 0, 80, 24));
    }

    #[test]
    fn without_a_dashboard_list_the_table_shows_the_key_meters() {
        let mut level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let mut scenario = (*level.scenario).clone();
        scenario.meta.class_table.clear();
        level.scenario = std::sync::Arc::new(scenario);
        let shown: Vec<crate::engine::VarId> = dashboard_meters(&level.scenario);
        assert!(!shown.is_empty() && shown.len() <= crate::level::validate::MAX_CLASS_TABLE);
        assert!(shown.iter().all(|&id| level.scenario.var(id).key));
    }

    #[test]
    fn enter_and_leave_are_ansi() {
        let enter = String::from_utf8(enter()).expect("ascii");
        assert!(enter.contains("\x1b[?1049h"));
        let leave = String::from_utf8(leave()).expect("ascii");
        assert!(leave.contains("\x1b[?1049l") && leave.contains("\x1b[?25h"));
    }
}
