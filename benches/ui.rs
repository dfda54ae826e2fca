//! UI benchmarks: a full redraw of the main screen at 200×60 (target ≤ 1 ms), and the time
//! to first frame (load the levels, build the model, draw the title).
//!
//! `cargo bench --bench ui`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use sixparty::session::Session;
use sixparty::ui::model::NoSaves;
use sixparty::ui::theme::Theme;
use sixparty::ui::{GameSession, SessionConfig};

fn press(s: &mut GameSession, code: KeyCode) {
    s.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn game_session() -> GameSession {
    let level = sixparty::level::builtin("revive-the-talks")
        .expect("built in")
        .expect("valid");
    let config = SessionConfig::new(
        sixparty::ui::available_levels(),
        Box::new(NoSaves::default()),
    )
    .theme(Theme::plain())
    .start(Session::new(level, 42));
    let mut s = GameSession::new(config);
    // A few months in, so the news, sparklines and ledger have something to show.
    for _ in 0..6 {
        press(&mut s, KeyCode::Enter);
        press(&mut s, KeyCode::Down);
        press(&mut s, KeyCode::Char('n'));
        while s
            .model()
            .game
            .as_ref()
            .and_then(|g| g.session.game().pending_event())
            .is_some()
        {
            press(&mut s, KeyCode::Enter);
        }
    }
    s
}

fn redraw(c: &mut Criterion) {
    let mut s = game_session();
    s.resize(200, 60);
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    c.bench_function("main screen redraw 200x60 (buffer)", |b| {
        b.iter(|| {
            buf.reset();
            black_box(&s).render(area, &mut buf);
        })
    });
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    c.bench_function("main screen redraw 200x60 (terminal.draw)", |b| {
        b.iter(|| {
            terminal.clear().expect("clear");
            s.draw(&mut terminal).expect("draw");
        })
    });
}

fn first_frame(c: &mut Criterion) {
    c.bench_function("time to first frame (levels, model, title at 80x24)", |b| {
        b.iter(|| {
            let s = GameSession::new(
                SessionConfig::new(
                    sixparty::ui::available_levels(),
                    Box::new(NoSaves::default()),
                )
                .theme(Theme::plain()),
            );
            let area = Rect::new(0, 0, 80, 24);
            let mut buf = Buffer::empty(area);
            s.render(area, &mut buf);
            black_box(buf);
        })
    });
}

criterion_group!(benches, redraw, first_frame);
criterion_main!(benches);
