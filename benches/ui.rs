//! UI benchmarks: a full redraw of the main screen at 200×60 (target ≤ 1 ms), and the time
//! to first frame (load the levels, build the model, draw the title).
//!
//! `cargo bench --bench ui`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use sixparty::session::Session;
use sixparty::ui::model::{Model, NoSaves};
use sixparty::ui::theme::Theme;
use sixparty::ui::update::{Msg, update};
use sixparty::ui::view;

fn game_model() -> Model {
    let level = sixparty::level::builtin("revive-the-talks")
        .expect("built in")
        .expect("valid");
    let mut m = Model::new(
        sixparty::ui::available_levels(),
        Box::new(NoSaves::default()),
        Theme::plain(),
    );
    m.start(Session::new(level, 42));
    // A few months in, so the news, sparklines and ledger have something to show.
    for _ in 0..6 {
        update(&mut m, Msg::Select);
        update(&mut m, Msg::Down);
        update(&mut m, Msg::EndMonth);
        while m
            .game
            .as_ref()
            .and_then(|g| g.session.game().pending_event())
            .is_some()
        {
            update(&mut m, Msg::Select);
        }
    }
    m
}

fn redraw(c: &mut Criterion) {
    let mut m = game_model();
    update(&mut m, Msg::Resize(200, 60));
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    c.bench_function("main screen redraw 200x60 (buffer)", |b| {
        b.iter(|| {
            buf.reset();
            view::draw(black_box(&m), area, &mut buf);
        })
    });
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    c.bench_function("main screen redraw 200x60 (terminal.draw)", |b| {
        b.iter(|| {
            terminal.clear().expect("clear");
            terminal
                .draw(|f| view::view(black_box(&m), f))
                .expect("draw");
        })
    });
}

fn first_frame(c: &mut Criterion) {
    c.bench_function("time to first frame (levels, model, title at 80x24)", |b| {
        b.iter(|| {
            let m = Model::new(
                sixparty::ui::available_levels(),
                Box::new(NoSaves::default()),
                Theme::plain(),
            );
            let area = Rect::new(0, 0, 80, 24);
            let mut buf = Buffer::empty(area);
            view::draw(&m, area, &mut buf);
            black_box(buf);
        })
    });
}

criterion_group!(benches, redraw, first_frame);
criterion_main!(benches);
