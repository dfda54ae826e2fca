//! Rendering never panics, from 1×1 to 300×100, on every screen, with long texts too.

mod ui_support;

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use sixparty::ui::dialogs::LoadProblem;
use sixparty::ui::fake_saves::FakeSaves;
use sixparty::ui::main_screen::Panel;
use sixparty::ui::view;
use ui_support::*;

fn sizes() -> Vec<(u16, u16)> {
    let mut ws: Vec<u16> = (1..=300).step_by(37).collect();
    ws.extend([2, 3, 79, 80, 81, 300]);
    let mut hs: Vec<u16> = (1..=100).step_by(17).collect();
    hs.extend([2, 23, 24, 25, 100]);
    ws.iter()
        .flat_map(|&w| hs.iter().map(move |&h| (w, h)))
        .collect()
}

fn every_size(m: &mut Ui) {
    for (w, h) in sizes() {
        resize(m, w, h);
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        view::draw(m, area, &mut buf);
    }
}

fn states() -> Vec<Ui> {
    let mut out = Vec::new();
    out.push(model());
    let mut m = model();
    keys(&mut m, "<Enter>");
    out.push(m);
    let mut m = model();
    keys(&mut m, "<Enter><Enter>1");
    out.push(m);
    let mut m = in_game();
    keys(&mut m, "<Enter>");
    end_month(&mut m);
    out.push(m);
    for focus in Panel::ORDER {
        let mut m = in_game();
        if let Some(g) = m.game.as_mut() {
            g.main.focus = focus;
            g.main.lower = if focus == Panel::Parties {
                Panel::Parties
            } else {
                Panel::News
            };
        }
        out.push(m);
    }
    let mut m = in_game();
    keys(&mut m, "t");
    out.push(m);
    let mut m = in_panels_game();
    keys(&mut m, "x");
    out.push(m);
    let mut m = in_panels_game();
    keys(&mut m, "c");
    out.push(m);
    let mut m = in_game();
    until_event(&mut m);
    out.push(m);
    let mut m = in_game();
    play_to_end(&mut m);
    out.push(m);
    let mut m = in_game();
    keys(&mut m, "?");
    out.push(m);
    let mut m = in_game();
    keys(&mut m, "q");
    out.push(m);
    // The save dialogs and screens.
    let mut m = in_game();
    keys(&mut m, "s");
    out.push(m);
    let mut m = in_game();
    keys(&mut m, "s<C-u>");
    for _ in 0..70 {
        keys(&mut m, "w");
    }
    keys(&mut m, "<Enter>");
    out.push(m);
    let mut m = in_game();
    next_month(&mut m);
    next_month(&mut m);
    keys(&mut m, "r");
    out.push(m);
    let mut m = in_game();
    next_month(&mut m);
    keys(&mut m, "r<Up><Enter>");
    out.push(m);
    out.extend(load_states());
    out
}

/// The Load screen with saves (one broken), its delete question, a load problem and the
/// warnings after loading anyway.
fn load_states() -> Vec<Ui> {
    let mut played = in_game();
    next_month(&mut played);
    let session = played.game.as_ref().expect("game").session.clone();
    let store = || {
        let store = FakeSaves::new()
            .with("good", Ok(session.clone()))
            .with(&"long name ".repeat(4), Ok(session.clone()))
            .with("broken", Err("broken.json: garbage ".repeat(20)));
        if let Some(s) = store.data().get_mut("broken") {
            s.backup = Some(session.clone());
        }
        if let Some(s) = store.data().get_mut("good") {
            s.level_changed = true;
        }
        store
    };
    let mut out = Vec::new();
    let mut m = model_with(Box::new(store()));
    keys(&mut m, "l");
    out.push(m);
    let mut m = model_with(Box::new(store()));
    keys(&mut m, "ld");
    out.push(m);
    let mut m = model_with(Box::new(store()));
    keys(&mut m, "l<Enter>");
    assert!(m.has_dialog::<LoadProblem>());
    out.push(m);
    let mut m = model_with(Box::new(store()));
    keys(&mut m, "l<Down><Down><Enter>");
    out.push(m);
    let mut m = model_with(Box::new(store()));
    keys(&mut m, "l<Down><Down><Enter>a");
    out.push(m);
    out
}

#[test]
fn every_screen_at_every_size() {
    for mut m in states() {
        every_size(&mut m);
    }
}

#[test]
fn clicks_anywhere_at_any_size_are_safe() {
    for (w, h) in [(1, 1), (80, 24), (120, 40), (300, 100)] {
        // Fresh states for each size: a click may change what the next one hits.
        for mut m in states() {
            resize(&mut m, w, h);
            for (c, r) in [
                (0, 0),
                (w / 2, h / 2),
                (w - 1, h - 1),
                (w / 3, h / 4),
                (2 * w / 3, 3 * h / 4),
            ] {
                click(&mut m, c, r);
            }
        }
    }
}

/// A level whose every text is far too long for any box.
#[test]
fn long_texts_wrap_or_truncate() {
    let mut m = in_game();
    let long = "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit ".repeat(8);
    let word = "x".repeat(400);
    if let Some(g) = m.game.as_mut() {
        let mut s = (**g.session.game().scenario_arc()).clone();
        s.meta.title = long.clone();
        for v in &mut s.vars {
            v.label = word.clone();
            v.description = long.clone();
        }
        for a in &mut s.actions {
            a.name = long.clone();
            a.category = word.clone();
            a.tradeoff = long.clone();
        }
        for p in &mut s.parties {
            p.name = word.clone();
            p.top_priority = long.clone();
        }
        for t in &mut s.terms {
            t.name = long.clone();
            t.level_labels = vec![word.clone(); usize::from(t.max_level) + 1];
        }
        for e in &mut s.events {
            e.title = long.clone();
            e.text = long.repeat(5);
            for o in &mut e.options {
                o.label = long.clone();
                o.tradeoff = word.clone();
            }
        }
        for e in &mut s.endings {
            e.title = long.clone();
            e.text = long.repeat(5);
        }
        let mut level = g.session.level.clone();
        level.scenario = Arc::new(s);
        let seed = g.session.seed;
        m.start(sixparty::session::Session::new(level, seed));
    }
    every_size(&mut m);
    keys(&mut m, "t");
    every_size(&mut m);
    keys(&mut m, "<Esc>x");
    every_size(&mut m);
    keys(&mut m, "<Esc>");
    until_event(&mut m);
    every_size(&mut m);
    play_to_end(&mut m);
    every_size(&mut m);
}

#[test]
fn an_event_pop_up_is_tall_enough_for_its_whole_text_at_80x24() {
    // The tutorial's fifth lesson is among the longest event texts of the built-in levels.
    let mut m = in_builtin_game("tutorial");
    for _ in 0..4 {
        next_month(&mut m); // answers lessons 1 to 4
    }
    until_event(&mut m);
    let game = m.game.as_ref().expect("in game").session.game();
    let event = game
        .scenario()
        .event(game.pending_event().expect("lesson 5 waits"));
    let last_word = event
        .text
        .split_whitespace()
        .last()
        .expect("a text")
        .to_string();
    let option = format!("1. {}", event.options[0].label);
    let shown = render(&mut m, 80, 24);
    let rows: Vec<&str> = shown.lines().collect();
    let option_row = (rows.iter())
        .position(|r| r.contains(&option))
        .expect("the option shows");
    // The text ends right above the blank row that parts it from the options.
    assert!(rows[option_row - 2].contains(&last_word), "{shown}");
}

#[test]
fn the_header_fits_80_columns_on_every_built_in_level() {
    for (id, _, _) in sixparty::level::BUILTIN {
        let mut m = in_builtin_game(id);
        let game = m.game.as_ref().expect("in game").session.game();
        let risk_label = match &game.scenario().ladder {
            Some(ladder) if ladder.risk.is_some() => format!("{} ", ladder.risk_label),
            _ => continue,
        };
        // A few months in, capital has decimals and the ladder may have climbed.
        for _ in 0..4 {
            let shown = render(&mut m, 80, 24);
            let header = shown.lines().next().expect("a header row");
            assert!(
                header.contains(&risk_label) && header.contains('%'),
                "{id}: the header is cut: {header}"
            );
            next_month(&mut m);
        }
    }
}
