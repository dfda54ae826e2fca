//! `update` driven by messages, as key presses and clicks would send them.

mod ui_support;

use sixparty::ui::model::{Model, Panel, Screen};
use sixparty::ui::update::{Msg, update};
use ui_support::*;

fn capital(m: &Model) -> f64 {
    m.game.as_ref().expect("in game").session.game().capital()
}

#[test]
fn title_starts_on_new_game_and_shortcuts_work() {
    let mut m = model();
    assert_eq!(m.title, 0);
    send(&mut m, &[Msg::Char('h')]);
    assert!(m.help, "h opens help on the title");
    send(&mut m, &[Msg::Back, Msg::Char('n')]);
    assert_eq!(m.screen, Screen::Picker);
    send(&mut m, &[Msg::Back]);
    assert_eq!(m.screen, Screen::Title);
}

#[test]
fn continue_and_load_are_refused_without_saves() {
    let mut m = model();
    send(&mut m, &[Msg::Char('c')]);
    assert_eq!(m.screen, Screen::Title);
    assert!(m.status.is_some());
    send(&mut m, &[Msg::Char('l')]);
    assert_eq!(m.screen, Screen::Title);
}

#[test]
fn typed_seed_is_used_and_blank_is_random() {
    let mut m = model();
    send(
        &mut m,
        &[
            Msg::Select,
            Msg::Select,
            Msg::Char('1'),
            Msg::Char('2'),
            Msg::Char('3'),
            Msg::Backspace,
            Msg::Select,
        ],
    );
    assert_eq!(m.game.as_ref().expect("game").session.seed, 12);
    let mut m = model();
    send(&mut m, &[Msg::Select, Msg::Select, Msg::Select]);
    assert_eq!(
        m.game.as_ref().expect("game").session.seed,
        42,
        "seed_source"
    );
}

#[test]
fn enter_takes_the_selected_action_and_n_ends_the_month() {
    let mut m = in_game();
    let before = capital(&m);
    send(&mut m, &[Msg::Select]);
    assert!(capital(&m) < before, "the action cost capital");
    assert_eq!(m.game.as_ref().expect("game").session.log().len(), 1);
    // Taking it again this month is refused with a reason, and nothing is logged.
    send(&mut m, &[Msg::Select]);
    assert!(m.status.as_deref().is_some_and(|s| s.starts_with("Cannot")));
    assert_eq!(m.game.as_ref().expect("game").session.log().len(), 1);
    send(&mut m, &[Msg::EndMonth]);
    assert_eq!(turn(&m), 1);
    assert_eq!(m.game.as_ref().expect("game").focus, Panel::News);
}

#[test]
fn tab_cycles_the_panels_both_ways() {
    let mut m = in_game();
    let focus = |m: &Model| m.game.as_ref().expect("game").focus;
    send(&mut m, &[Msg::NextPanel]);
    assert_eq!(focus(&m), Panel::Meters);
    send(&mut m, &[Msg::NextPanel, Msg::NextPanel, Msg::NextPanel]);
    assert_eq!(focus(&m), Panel::Actions);
    send(&mut m, &[Msg::PrevPanel]);
    assert_eq!(focus(&m), Panel::News);
}

#[test]
fn selection_stays_in_range() {
    let mut m = in_game();
    for _ in 0..50 {
        update(&mut m, Msg::Down);
    }
    let g = m.game.as_ref().expect("game");
    assert_eq!(g.action, g.session.game().scenario().actions.len() - 1);
    for _ in 0..50 {
        update(&mut m, Msg::Up);
    }
    assert_eq!(m.game.as_ref().expect("game").action, 0);
}

#[test]
fn quit_asks_first() {
    let mut m = in_game();
    send(&mut m, &[Msg::Quit]);
    assert!(m.confirm_quit && !m.quit);
    send(&mut m, &[Msg::EndMonth, Msg::No]);
    assert!(!m.confirm_quit && !m.quit);
    assert_eq!(turn(&m), 0, "keys under the question do nothing");
    send(&mut m, &[Msg::Quit, Msg::Yes]);
    assert!(m.quit);
}

#[test]
fn a_signal_quits_without_asking() {
    let mut m = in_game();
    send(&mut m, &[Msg::Shutdown]);
    assert!(m.quit);
}

#[test]
fn help_toggles_and_swallows_keys() {
    let mut m = in_game();
    send(&mut m, &[Msg::Help, Msg::EndMonth]);
    assert!(m.help);
    assert_eq!(turn(&m), 0);
    send(&mut m, &[Msg::Help]);
    assert!(!m.help);
}

#[test]
fn saving_without_a_store_says_why() {
    let mut m = in_game();
    send(&mut m, &[Msg::Save]);
    assert!(m.prompt.is_some(), "s opens the name prompt");
    send(&mut m, &[Msg::Select]);
    let prompt = m.prompt.as_ref().expect("still open");
    assert_eq!(
        prompt.error.as_deref(),
        Some(sixparty::ui::strings::SAVE_UNAVAILABLE)
    );
}

#[test]
fn talks_build_a_package_and_assessment_follows() {
    let mut m = in_game();
    send(&mut m, &[Msg::Talks]);
    assert_eq!(m.screen, Screen::Talks);
    send(
        &mut m,
        &[Msg::Right, Msg::Right, Msg::Right, Msg::Down, Msg::Right],
    );
    let g = m.game.as_ref().expect("game");
    let s = g.session.game().scenario();
    assert_eq!(
        g.package[0], s.terms[0].max_level,
        "clamped at the top level"
    );
    assert_eq!(g.package[1], 1.min(s.terms[1].max_level));
    send(&mut m, &[Msg::Left, Msg::Left]);
    assert_eq!(m.game.as_ref().expect("game").package[1], 0, "clamped at 0");
    // Tabling before the talks allow it is refused with the level's reason.
    send(&mut m, &[Msg::Select]);
    assert!(
        m.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Cannot table"))
    );
    send(&mut m, &[Msg::Back]);
    assert_eq!(m.screen, Screen::Main);
}

#[test]
fn sanctions_screen_takes_its_measures() {
    let mut m = in_game();
    send(&mut m, &[Msg::Sanctions]);
    assert_eq!(m.screen, Screen::Sanctions);
    let before = capital(&m);
    send(&mut m, &[Msg::Select]);
    assert!(capital(&m) < before);
    send(&mut m, &[Msg::Back]);
    assert_eq!(m.screen, Screen::Main);
}

#[test]
fn events_wait_for_an_answer() {
    let mut m = in_game();
    until_event(&mut m);
    let t = turn(&m);
    send(&mut m, &[Msg::EndMonth]);
    assert_eq!(turn(&m), t, "the month cannot end before the answer");
    send(&mut m, &[Msg::Down, Msg::Select]);
    let g = m.game.as_ref().expect("game");
    assert!(g.session.game().pending_event().is_none() || g.option == 0);
}

#[test]
fn the_end_screen_comes_and_returns_to_the_title() {
    let mut m = in_game();
    play_to_end(&mut m);
    assert_eq!(m.screen, Screen::End);
    send(&mut m, &[Msg::Select]);
    assert_eq!(m.screen, Screen::Title);
    assert!(m.game.is_none());
}

#[test]
fn clicks_select_list_items() {
    let mut m = model();
    let _ = render(&mut m, 80, 24);
    // The title menu: find the "Help" row on screen and click it.
    let screen = render(&mut m, 80, 24);
    let row = screen
        .lines()
        .position(|l| l.contains("Help"))
        .expect("help row") as u16;
    send(&mut m, &[Msg::Click(40, row)]);
    assert!(m.help);
    send(&mut m, &[Msg::Back]);

    let mut m = in_game();
    let screen = render(&mut m, 80, 24);
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Consult Beijing"))
        .expect("action row");
    let col = line.chars().position(|c| c == 'B').expect("col") as u16;
    send(&mut m, &[Msg::Click(col, row as u16)]);
    let g = m.game.as_ref().expect("game");
    assert_eq!(g.focus, Panel::Actions);
    let order = sixparty::ui::main_screen::action_order(g.session.game().scenario());
    assert_eq!(
        g.session.game().scenario().action(order[g.action]).name,
        "Consult Beijing"
    );
}

#[test]
fn clicks_pick_options_whose_tradeoffs_take_two_rows() {
    // A tradeoff too long for one row of the pop-up: every option then takes three rows.
    let long = "Costs little and changes little, but it keeps the allies on side and gives \
                Beijing a reason to join.";
    let text = FIXTURE.replacen(
        "tradeoff = \"Costs little, changes little.\"",
        &format!("tradeoff = \"{long}\""),
        1,
    );
    let level = level_from("long-tradeoff.toml", &text);
    let mut m = model_on(Box::new(sixparty::ui::model::NoSaves::default()), level);
    start_game(&mut m);
    until_event(&mut m);
    let screen = render(&mut m, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let row_of = |text: &str| rows.iter().position(|r| r.contains(text)).expect(text) as u16;
    let option = |m: &Model| m.game.as_ref().expect("in game").option;
    // Both rows of the long tradeoff are on screen, whole.
    assert!(
        screen.contains("Costs little and changes little, but it keeps"),
        "{screen}"
    );
    assert!(screen.contains("Beijing a reason to join."), "{screen}");
    send(&mut m, &[Msg::Click(20, row_of("2. Answer with drills"))]);
    assert_eq!(option(&m), 1);
    // The second row of the first option's tradeoff still belongs to the first option.
    send(
        &mut m,
        &[Msg::Click(20, row_of("Beijing a reason to join."))],
    );
    assert_eq!(option(&m), 0);
}

#[test]
fn the_details_pane_scrolls_by_pages_and_returns_to_the_top_on_any_other_key() {
    let mut m = in_game();
    let scroll = |m: &Model| m.game.as_ref().expect("in game").detail_scroll;
    // Play on until some meter's "why it changed" runs past the pane at 80×24.
    let before = (0..12)
        .find_map(|_| {
            next_month(&mut m);
            // To the meters (the month's end leaves the focus on the news), then down them.
            for _ in 0..Panel::ORDER.len() {
                if m.game.as_ref().expect("in game").focus == Panel::Meters {
                    break;
                }
                send(&mut m, &[Msg::NextPanel]);
            }
            for _ in 0..12 {
                let shown = render(&mut m, 80, 24);
                if shown.contains("↓ PgDn") {
                    return Some(shown);
                }
                send(&mut m, &[Msg::Down]);
            }
            None
        })
        .expect("some meter's details run past the pane");
    assert_eq!(scroll(&m), 0);
    send(&mut m, &[Msg::ScrollDown]);
    assert!(scroll(&m) > 0);
    let after = render(&mut m, 80, 24);
    assert_ne!(before, after, "the pane moved");
    // Scrolling stops at the end instead of running past it.
    for _ in 0..50 {
        send(&mut m, &[Msg::ScrollDown]);
    }
    let end = scroll(&m);
    send(&mut m, &[Msg::ScrollDown]);
    assert_eq!(scroll(&m), end);
    assert!(render(&mut m, 80, 24).contains("↑ PgUp"));
    send(&mut m, &[Msg::ScrollUp]);
    assert!(scroll(&m) < end);
    // Another selection starts its details at the top.
    send(&mut m, &[Msg::Down]);
    assert_eq!(scroll(&m), 0);
}

#[test]
fn the_talks_reactions_scroll_when_the_parties_do_not_fit() {
    let mut m = in_builtin_game("revive-the-talks");
    send(&mut m, &[Msg::Talks]);
    // Six parties with their reasons run past the pane at 80×24.
    let first = render(&mut m, 80, 24);
    assert!(first.contains("↓ PgDn"), "{first}");
    assert!(!first.contains("South Korea"), "{first}");
    for _ in 0..10 {
        send(&mut m, &[Msg::ScrollDown]);
    }
    let last = render(&mut m, 80, 24);
    assert!(
        last.contains("South Korea") && last.contains("↑ PgUp"),
        "{last}"
    );
    // A change to the package shows its reactions from the top.
    send(&mut m, &[Msg::Right]);
    assert_eq!(m.game.as_ref().expect("in game").detail_scroll, 0);
}
