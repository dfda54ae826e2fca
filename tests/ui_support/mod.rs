//! Helpers shared by the UI tests: a frozen level, a model, key messages, rendering to text.
#![allow(dead_code)]

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sixparty::level::{Level, Origin};
use sixparty::ui::model::{LevelEntry, Model, NoSaves, SaveStore, Screen};
use sixparty::ui::theme::Theme;
use sixparty::ui::update::{Msg, update};
use sixparty::ui::view;

pub const FIXTURE: &str = include_str!("../fixtures/ui-level.toml");

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

pub fn model() -> Model {
    model_with(Box::new(NoSaves::default()))
}

/// A model on the title screen whose saves go to `saves`, offering `level()`.
pub fn model_with(saves: Box<dyn SaveStore>) -> Model {
    model_on(saves, level())
}

/// A model on the title screen offering one level, with its saves in `saves`.
pub fn model_on(saves: Box<dyn SaveStore>, level: Level) -> Model {
    let entries = vec![LevelEntry {
        name: "ui-level".into(),
        level: Ok(level),
    }];
    let mut m = Model::new(entries, saves, Theme::plain());
    m.seed_source = || 42;
    m
}

/// Title → New game → the level → seed 42: the main screen.
pub fn start_game(m: &mut Model) {
    send(
        m,
        &[
            Msg::Select,
            Msg::Select,
            Msg::Char('4'),
            Msg::Char('2'),
            Msg::Select,
        ],
    );
    assert_eq!(m.screen, Screen::Main);
}

/// The current turn (0-based) of the game on screen.
pub fn turn(m: &Model) -> u16 {
    m.game
        .as_ref()
        .expect("in game")
        .session
        .game()
        .state()
        .turn()
}

/// End the month, answering any event with its first possible option.
pub fn next_month(m: &mut Model) {
    let before = turn(m);
    send(m, &[Msg::EndMonth]);
    for _ in 0..10 {
        let pending = m
            .game
            .as_ref()
            .and_then(|g| g.session.game().pending_event())
            .is_some();
        if !pending {
            break;
        }
        send(m, &[Msg::Select]);
    }
    assert_ne!(turn(m), before, "the month ended");
}

pub fn send(m: &mut Model, msgs: &[Msg]) {
    for &msg in msgs {
        update(m, msg);
    }
}

/// A built-in level's main screen (seed 42), with nowhere to save.
pub fn in_builtin_game(id: &str) -> Model {
    let level = sixparty::level::builtin(id)
        .expect("listed")
        .expect("valid");
    let mut m = model_on(Box::new(NoSaves::default()), level);
    start_game(&mut m);
    m
}

/// Title → New game → level → seed 42 → the main screen.
pub fn in_game() -> Model {
    let mut m = model();
    start_game(&mut m);
    m
}

pub fn render(m: &mut Model, w: u16, h: u16) -> String {
    update(m, Msg::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| view::view(m, f)).expect("draws");
    format!("{}", terminal.backend())
}

/// End months (answering every event with its first possible option) until the game ends.
pub fn play_to_end(m: &mut Model) {
    for _ in 0..200 {
        if m.screen == Screen::End {
            return;
        }
        let pending = m
            .game
            .as_ref()
            .and_then(|g| g.session.game().pending_event())
            .is_some();
        send(m, &[if pending { Msg::Select } else { Msg::EndMonth }]);
    }
    panic!("the game did not end");
}

/// End months until an event with options waits for an answer.
pub fn until_event(m: &mut Model) {
    for _ in 0..40 {
        if m.game
            .as_ref()
            .and_then(|g| g.session.game().pending_event())
            .is_some()
        {
            return;
        }
        send(m, &[Msg::EndMonth]);
    }
    panic!("no event with options came up");
}
