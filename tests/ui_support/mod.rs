//! Helpers shared by the UI tests: a frozen level, a game session on a fake terminal, keys
//! typed the way a player types them, rendering to text.
//!
//! Every key goes through [`GameSession::handle_event`], i.e. through the same key map
//! (`ui::keys::msg_for_event`) as in the real game: a test cannot send a message the key
//! map would not produce. [`keys`] takes a string: plain characters are themselves, and
//! `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<PgDn>`,
//! `<PgUp>`, `<BS>`, `<Del>`, `<C-u>`, `<C-c>`, `<lt>` name the others.
#![allow(dead_code)]

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sixparty::level::{Level, Origin};
use sixparty::ui::model::{LevelEntry, Model, NoSaves, SaveStore, Screen};
use sixparty::ui::theme::Theme;
use sixparty::ui::{GameSession, SessionConfig};

pub const FIXTURE: &str = include_str!("../fixtures/ui-level.toml");

/// A game session in a test: reads as its [`Model`].
pub struct Ui(pub GameSession);

impl Deref for Ui {
    type Target = Model;
    fn deref(&self) -> &Model {
        self.0.model()
    }
}

impl DerefMut for Ui {
    fn deref_mut(&mut self) -> &mut Model {
        self.0.model_mut()
    }
}

pub fn level() -> Level {
    level_from("tests/fixtures/ui-level.toml", FIXTURE)
}

/// A level from text (a variant of `FIXTURE`, say), offered as if built in.
pub fn level_from(file: &str, text: &str) -> Level {
    let (scenario, warnings) = sixparty::level::load_str(file, text).expect("the level loads");
    Level {
        scenario: Arc::new(scenario),
        origin: Origin::Builtin,
        hash: sixparty::level::content_hash(text),
        warnings,
    }
}

/// Two dashboard panels for [`FIXTURE`]: the sanctions (its category's measures) and the
/// talks (measures listed by id).
pub const PANELS: &str = r#"
[[dashboard]]
id = "sanctions"
title = "Sanctions"
key = "x"
variables = ["sanctions", "support"]
category = "Sanctions"
text = "Pressure squeezes the economy, and feeds the regime's story that outsiders are out to get it."

[[dashboard]]
id = "channel"
title = "Talks and China"
key = "c"
variables = ["joint", "talks"]
actions = ["revive_talks", "joint_step"]
"#;

/// [`FIXTURE`] with the two [`PANELS`].
pub fn panels_level() -> Level {
    level_from(
        "tests/fixtures/ui-level.toml",
        &format!("{FIXTURE}{PANELS}"),
    )
}

/// The main screen of a game of [`panels_level`] (seed 42).
pub fn in_panels_game() -> Ui {
    let mut m = model_on(Box::new(NoSaves::default()), panels_level());
    start_game(&mut m);
    m
}

pub fn model() -> Ui {
    model_with(Box::new(NoSaves::default()))
}

/// A session on the title screen whose saves go to `saves`, offering `level()`.
pub fn model_with(saves: Box<dyn SaveStore>) -> Ui {
    model_on(saves, level())
}

/// The configuration the tests use: one level, no colour, blank seed = 42.
pub fn config(saves: Box<dyn SaveStore>, level: Level) -> SessionConfig {
    let entries = vec![LevelEntry {
        name: level.id().to_string(),
        level: Ok(level),
    }];
    SessionConfig::new(entries, saves)
        .theme(Theme::plain())
        .seed_source(|| 42)
}

/// A session on the title screen offering one level, with its saves in `saves`.
pub fn model_on(saves: Box<dyn SaveStore>, level: Level) -> Ui {
    Ui(GameSession::new(config(saves, level)))
}

/// The terminal event for one key of [`keys`]' notation.
fn key_event(name: &str) -> Event {
    let (code, modifiers) = match name {
        "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
        "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
        "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
        "S-Tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
        "Up" => (KeyCode::Up, KeyModifiers::NONE),
        "Down" => (KeyCode::Down, KeyModifiers::NONE),
        "Left" => (KeyCode::Left, KeyModifiers::NONE),
        "Right" => (KeyCode::Right, KeyModifiers::NONE),
        "PgDn" => (KeyCode::PageDown, KeyModifiers::NONE),
        "PgUp" => (KeyCode::PageUp, KeyModifiers::NONE),
        "BS" => (KeyCode::Backspace, KeyModifiers::NONE),
        "Del" => (KeyCode::Delete, KeyModifiers::NONE),
        "lt" => (KeyCode::Char('<'), KeyModifiers::NONE),
        ctrl if ctrl.starts_with("C-") && ctrl.len() == 3 => {
            let c = ctrl.chars().nth(2).expect("a letter");
            (KeyCode::Char(c), KeyModifiers::CONTROL)
        }
        other => panic!("unknown key <{other}>"),
    };
    Event::Key(KeyEvent::new(code, modifiers))
}

/// Type `text` (see the module docs for the notation) as a player would.
pub fn keys(m: &mut Ui, text: &str) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let event = if c == '<' {
            let end = rest.find('>').expect("a closing >");
            let event = key_event(&rest[1..end]);
            rest = &rest[end + 1..];
            event
        } else {
            rest = &rest[c.len_utf8()..];
            Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        };
        m.0.handle_event(&event);
    }
}

/// A left click at (column, row), as the terminal reports it.
pub fn click(m: &mut Ui, column: u16, row: u16) {
    m.0.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

/// The terminal now has `w`×`h` cells.
pub fn resize(m: &mut Ui, w: u16, h: u16) {
    m.0.handle_event(&Event::Resize(w, h));
}

/// Title → New game → the level (its default difficulty, on a level offering several)
/// → seed 42: the main screen.
pub fn start_game(m: &mut Ui) {
    keys(m, "<Enter><Enter>");
    if m.picker.choosing_difficulty {
        keys(m, "<Enter>");
    }
    keys(m, "42<Enter>");
    assert_eq!(m.screen, Screen::Main);
}

/// The game on screen.
pub fn game(m: &Model) -> &sixparty::engine::Game {
    m.game.as_ref().expect("in game").session.game()
}

/// The current turn (0-based) of the game on screen.
pub fn turn(m: &Model) -> u16 {
    game(m).state().turn()
}

fn pending(m: &Model) -> bool {
    m.game
        .as_ref()
        .and_then(|g| g.session.game().pending_event())
        .is_some()
}

/// `n`, and `n` again when the first only warned of capital left unspent.
pub fn end_month(m: &mut Ui) {
    let before = (turn(m), pending(m), m.screen);
    keys(m, "n");
    let warned = m
        .status
        .as_deref()
        // "n again ends the month" (or the day, the week).
        .is_some_and(|s| s.starts_with("n again ends the"));
    if warned && (turn(m), pending(m), m.screen) == before {
        keys(m, "n");
    }
}

/// End the month, answering any event with its first possible option.
pub fn next_month(m: &mut Ui) {
    let before = turn(m);
    end_month(m);
    for _ in 0..10 {
        if !pending(m) {
            break;
        }
        keys(m, "<Enter>");
    }
    assert_ne!(turn(m), before, "the month ended");
}

/// A built-in level's main screen (seed 42), with nowhere to save.
pub fn in_builtin_game(id: &str) -> Ui {
    let level = sixparty::level::builtin(id)
        .expect("listed")
        .expect("valid");
    let mut m = model_on(Box::new(NoSaves::default()), level);
    start_game(&mut m);
    m
}

/// Title → New game → level → seed 42 → the main screen.
pub fn in_game() -> Ui {
    let mut m = model();
    start_game(&mut m);
    m
}

/// The screen as text at `w`×`h`, after telling the session the terminal has that size.
pub fn render(m: &mut Ui, w: u16, h: u16) -> String {
    resize(m, w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    m.0.draw(&mut terminal).expect("draws");
    format!("{}", terminal.backend())
}

/// Draw at 80×24 without sending an event first (so background work is not collected, as
/// `render`'s resize would): what the screen shows while that work is still running.
pub fn render_without_events(m: &mut Ui) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    m.0.draw(&mut terminal).expect("draws");
    format!("{}", terminal.backend())
}

/// End months (answering every event with its first possible option) until the game ends.
pub fn play_to_end(m: &mut Ui) {
    for _ in 0..200 {
        if m.screen == Screen::End {
            return;
        }
        if pending(m) {
            keys(m, "<Enter>");
        } else {
            end_month(m);
        }
    }
    panic!("the game did not end");
}

/// End months until an event with options waits for an answer.
pub fn until_event(m: &mut Ui) {
    for _ in 0..40 {
        if pending(m) {
            return;
        }
        end_month(m);
    }
    panic!("no event with options came up");
}
