//! `update` driven by messages, as key presses and clicks would send them.

mod ui_support;

use sixparty::ui::dialogs::{ConfirmQuit, Help, SavePrompt};
use sixparty::ui::main_screen::Panel;
use sixparty::ui::model::{Model, Screen};
use ui_support::*;

fn capital(m: &Model) -> f64 {
    m.game.as_ref().expect("in game").session.game().capital()
}

#[test]
fn title_starts_on_new_game_and_shortcuts_work() {
    let mut m = model();
    assert_eq!(m.title.selected, 0);
    keys(&mut m, "h");
    assert!(m.has_dialog::<Help>(), "h opens help on the title");
    keys(&mut m, "<Esc>n");
    assert_eq!(m.screen, Screen::Picker);
    keys(&mut m, "<Esc>");
    assert_eq!(m.screen, Screen::Title);
}

#[test]
fn continue_and_load_are_refused_without_saves() {
    let mut m = model();
    keys(&mut m, "c");
    assert_eq!(m.screen, Screen::Title);
    assert!(m.status.is_some());
    keys(&mut m, "l");
    assert_eq!(m.screen, Screen::Title);
}

#[test]
fn typed_seed_is_used_and_blank_is_random() {
    let mut m = model();
    keys(&mut m, "<Enter><Enter>123<BS><Enter>");
    assert_eq!(m.game.as_ref().expect("game").session.seed, 12);
    let mut m = model();
    keys(&mut m, "<Enter><Enter><Enter>");
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
    keys(&mut m, "<Enter>");
    assert!(capital(&m) < before, "the action cost capital");
    assert_eq!(m.game.as_ref().expect("game").session.log().len(), 1);
    // Taking it again this month is refused with a reason, and nothing is logged.
    keys(&mut m, "<Enter>");
    assert!(m.status.as_deref().is_some_and(|s| s.starts_with("Cannot")));
    assert_eq!(m.game.as_ref().expect("game").session.log().len(), 1);
    // Capital is left and an action is affordable: the first n says so, the second ends
    // the month.
    keys(&mut m, "n");
    assert_eq!(turn(&m), 0);
    let status = m.status.clone().unwrap_or_default();
    assert!(status.starts_with("n again ends the month"), "{status}");
    assert!(status.contains("Consult Beijing"), "{status}");
    keys(&mut m, "n");
    answer_waiting_events(&mut m);
    assert_eq!(turn(&m), 1);
    // The focus lands on the actions (Enter acts on what is highlighted there).
    assert_eq!(m.game.as_ref().expect("game").main.focus, Panel::Actions);
}

/// Which events a month brings depends on the seed's world draws: answer any that wait
/// (Enter takes the highlighted option) so the new month begins.
fn answer_waiting_events(m: &mut Ui) {
    while m
        .game
        .as_ref()
        .is_some_and(|g| g.session.game().pending_event().is_some())
    {
        keys(m, "<Enter>");
    }
}

#[test]
fn a_month_with_nothing_affordable_ends_at_the_first_n() {
    let mut m = in_game();
    // Spend down: take every action that can be taken, then n ends at once.
    for _ in 0..3 {
        for i in 0..20 {
            keys(
                &mut m,
                &format!("<Esc>{}{}<Enter>", "<Up>".repeat(20), "<Down>".repeat(i)),
            );
        }
    }
    let g = m.game.as_ref().expect("game");
    let game = g.session.game();
    let left = sixparty::projection::action_order(game.scenario())
        .into_iter()
        .any(|id| game.can_act(id));
    assert!(!left, "every affordable action was taken");
    keys(&mut m, "n");
    answer_waiting_events(&mut m);
    assert_eq!(turn(&m), 1);
}

#[test]
fn the_second_n_ends_the_month_even_after_other_keys() {
    let mut m = in_game();
    keys(&mut m, "n<Tab><Down>?<Esc>");
    assert_eq!(turn(&m), 0);
    keys(&mut m, "n");
    answer_waiting_events(&mut m);
    assert_eq!(turn(&m), 1, "asked once a month");
    end_month(&mut m);
    answer_waiting_events(&mut m);
    assert_eq!(turn(&m), 2);
}

#[test]
fn tab_cycles_the_panels_both_ways() {
    let mut m = in_game();
    let focus = |m: &Ui| m.game.as_ref().expect("game").main.focus;
    keys(&mut m, "<Tab>");
    assert_eq!(focus(&m), Panel::Meters);
    keys(&mut m, "<Tab><Tab><Tab>");
    assert_eq!(focus(&m), Panel::Actions);
    keys(&mut m, "<S-Tab>");
    assert_eq!(focus(&m), Panel::News);
}

#[test]
fn selection_stays_in_range() {
    let mut m = in_game();
    for _ in 0..50 {
        keys(&mut m, "<Down>");
    }
    let g = m.game.as_ref().expect("game");
    assert_eq!(g.main.action, g.session.game().scenario().actions.len() - 1);
    for _ in 0..50 {
        keys(&mut m, "<Up>");
    }
    assert_eq!(m.game.as_ref().expect("game").main.action, 0);
}

#[test]
fn quit_asks_first() {
    let mut m = in_game();
    keys(&mut m, "q");
    assert!(m.has_dialog::<ConfirmQuit>() && !m.quit);
    // Under the question, the game's keys do nothing; n answers it.
    keys(&mut m, "tx<Enter>");
    assert!(m.has_dialog::<ConfirmQuit>() && m.screen == Screen::Main);
    assert_eq!(m.game.as_ref().expect("game").session.log().len(), 0);
    keys(&mut m, "n");
    assert!(!m.has_dialog::<ConfirmQuit>() && !m.quit);
    assert_eq!(
        turn(&m),
        0,
        "n answered the question and did not end the month"
    );
    keys(&mut m, "qy");
    assert!(m.quit);
}

#[test]
fn a_signal_quits_without_asking() {
    let mut m = in_game();
    m.0.shutdown();
    assert!(m.quit);
}

#[test]
fn help_toggles_and_swallows_keys() {
    let mut m = in_game();
    keys(&mut m, "?n");
    assert!(m.has_dialog::<Help>());
    assert_eq!(turn(&m), 0);
    keys(&mut m, "?");
    assert!(!m.has_dialog::<Help>());
}

#[test]
fn saving_without_a_store_says_why() {
    let mut m = in_game();
    keys(&mut m, "s");
    assert!(m.has_dialog::<SavePrompt>(), "s opens the name prompt");
    keys(&mut m, "<Enter>");
    let prompt = m.dialog::<SavePrompt>().expect("still open");
    assert_eq!(
        prompt.error.as_deref(),
        Some(sixparty::ui::strings::SAVE_UNAVAILABLE)
    );
}

#[test]
fn talks_build_a_package_and_assessment_follows() {
    let mut m = in_game();
    keys(&mut m, "t");
    assert_eq!(m.screen, Screen::Talks);
    keys(&mut m, "<Right><Right><Right><Down><Right>");
    let g = m.game.as_ref().expect("game");
    let s = g.session.game().scenario();
    assert_eq!(
        g.talks.package[0], s.terms[0].max_level,
        "clamped at the top level"
    );
    assert_eq!(g.talks.package[1], 1.min(s.terms[1].max_level));
    keys(&mut m, "<Left><Left>");
    assert_eq!(
        m.game.as_ref().expect("game").talks.package[1],
        0,
        "clamped at 0"
    );
    // Tabling before the talks allow it is refused with the level's reason.
    keys(&mut m, "<Enter>");
    assert!(
        m.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Cannot table"))
    );
    keys(&mut m, "<Esc>");
    assert_eq!(m.screen, Screen::Main);
}

/// The panel on screen (its id) and its measures' names.
fn panel_on(m: &Model) -> (String, Vec<String>) {
    let g = m.game.as_ref().expect("game");
    let s = g.session.game().scenario();
    let d = &s.dashboards[g.dashboard.panel];
    let names = d
        .actions
        .iter()
        .map(|&a| s.action(a).name.clone())
        .collect();
    (d.id.clone(), names)
}

#[test]
fn a_panel_takes_its_measures() {
    let mut m = in_panels_game();
    keys(&mut m, "x");
    assert_eq!(m.screen, Screen::Dashboard);
    let (id, measures) = panel_on(&m);
    assert_eq!(id, "sanctions");
    // The category's actions, in the file's order.
    assert_eq!(measures, ["Tighten sanctions", "Lift sanctions"]);
    let before = capital(&m);
    keys(&mut m, "<Enter>");
    assert!(capital(&m) < before);
    let g = m.game.as_ref().expect("game");
    assert_eq!(g.session.log().len(), 1, "one action taken");
    assert!(
        m.status
            .as_deref()
            .is_some_and(|s| s == "Done: Tighten sanctions.")
    );
    keys(&mut m, "<Esc>");
    assert_eq!(m.screen, Screen::Main);
}

#[test]
fn a_click_selects_a_measure() {
    let mut m = in_panels_game();
    keys(&mut m, "x");
    for (w, h) in [(80, 24), (160, 50)] {
        keys(&mut m, "<Up>");
        let screen = render(&mut m, w, h);
        let row = screen
            .lines()
            .position(|l| l.contains("Lift sanctions"))
            .expect("the second measure is drawn");
        click(&mut m, 8, row as u16);
        assert_eq!(m.game.as_ref().expect("game").dashboard.selected, 1);
        // A click beside the list changes nothing.
        click(&mut m, 8, 0);
        assert_eq!(m.game.as_ref().expect("game").dashboard.selected, 1);
    }
}

#[test]
fn each_panel_opens_by_its_own_key() {
    let mut m = in_panels_game();
    keys(&mut m, "c");
    assert_eq!(m.screen, Screen::Dashboard);
    let (id, measures) = panel_on(&m);
    assert_eq!(id, "channel");
    // Listed by id: in the panel's order, not the actions menu's.
    assert_eq!(
        measures,
        ["Push the talks forward", "Build the joint approach"]
    );
    // Another panel's key goes there; its own key (like Esc) goes back.
    keys(&mut m, "x");
    assert_eq!(panel_on(&m).0, "sanctions");
    assert_eq!(m.screen, Screen::Dashboard);
    keys(&mut m, "x");
    assert_eq!(m.screen, Screen::Main);
    // Tab goes round the panels; the selection is the panel's own.
    keys(&mut m, "c<Down>");
    assert_eq!(m.game.as_ref().expect("game").dashboard.selected, 1);
    keys(&mut m, "<Tab>");
    assert_eq!(panel_on(&m).0, "sanctions");
    assert_eq!(m.game.as_ref().expect("game").dashboard.selected, 0);
    keys(&mut m, "<S-Tab>");
    assert_eq!(panel_on(&m).0, "channel");
    // From the talks and the map too.
    keys(&mut m, "<Esc>tx");
    assert_eq!(
        (m.screen, panel_on(&m).0.as_str()),
        (Screen::Dashboard, "sanctions")
    );
    keys(&mut m, "mc");
    assert_eq!(
        (m.screen, panel_on(&m).0.as_str()),
        (Screen::Dashboard, "channel")
    );
    // The help lists both, after the talks.
    keys(&mut m, "?");
    let help = render(&mut m, 160, 50);
    let at = |text: &str| {
        help.find(text)
            .unwrap_or_else(|| panic!("{text} in\n{help}"))
    };
    let talks = at("t  the talks");
    assert!(talks < at("x  Sanctions — a panel of this level"));
    assert!(talks < at("c  Talks and China — a panel of this level"));
}

#[test]
fn a_level_without_panels_has_no_panel_key() {
    let mut m = in_game();
    assert!(
        m.game
            .as_ref()
            .expect("game")
            .session
            .game()
            .scenario()
            .dashboards
            .is_empty()
    );
    for screen in ["", "t", "m"] {
        keys(&mut m, &format!("<Esc>{screen}"));
        let before = m.screen;
        keys(&mut m, "x");
        assert_eq!(m.screen, before, "x does nothing on {before:?}");
        assert_eq!(m.status, None, "and says nothing");
    }
    keys(&mut m, "<Esc>");
    let screen = render(&mut m, 160, 50);
    let footer = screen.lines().nth(49).expect("the footer");
    assert!(
        footer.contains("t talks") && !footer.contains("x "),
        "{footer}"
    );
    keys(&mut m, "?");
    let help = render(&mut m, 160, 50);
    assert!(!help.contains("a panel of this level"), "{help}");
}

#[test]
fn events_wait_for_an_answer() {
    let mut m = in_game();
    until_event(&mut m);
    let t = turn(&m);
    keys(&mut m, "n");
    assert_eq!(turn(&m), t, "the month cannot end before the answer");
    keys(&mut m, "<Down><Enter>");
    let g = m.game.as_ref().expect("game");
    assert!(g.session.game().pending_event().is_none() || g.event.option == 0);
}

#[test]
fn the_end_screen_comes_and_returns_to_the_title() {
    let mut m = in_game();
    play_to_end(&mut m);
    assert_eq!(m.screen, Screen::End);
    keys(&mut m, "<Enter>");
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
    click(&mut m, 40, row);
    assert!(m.has_dialog::<Help>());
    keys(&mut m, "<Esc>");

    let mut m = in_game();
    let screen = render(&mut m, 80, 24);
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Consult Beijing"))
        .expect("action row");
    let col = line.chars().position(|c| c == 'B').expect("col") as u16;
    click(&mut m, col, row as u16);
    let g = m.game.as_ref().expect("game");
    assert_eq!(g.main.focus, Panel::Actions);
    let order = sixparty::projection::action_order(g.session.game().scenario());
    assert_eq!(
        g.session
            .game()
            .scenario()
            .action(order[g.main.action])
            .name,
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
    let option = |m: &Ui| m.game.as_ref().expect("in game").event.option;
    // Both rows of the long tradeoff are on screen, whole.
    assert!(
        screen.contains("Costs little and changes little, but it keeps"),
        "{screen}"
    );
    assert!(screen.contains("Beijing a reason to join."), "{screen}");
    click(&mut m, 20, row_of("2. Answer with drills"));
    assert_eq!(option(&m), 1);
    // The second row of the first option's tradeoff still belongs to the first option.
    click(&mut m, 20, row_of("Beijing a reason to join."));
    assert_eq!(option(&m), 0);
}

#[test]
fn the_details_pane_scrolls_by_pages_and_returns_to_the_top_on_any_other_key() {
    let mut m = in_game();
    let scroll = |m: &Ui| m.game.as_ref().expect("in game").main.scroll;
    // Play on until some meter's "why it changed" runs past the pane at 80×24.
    let before = (0..12)
        .find_map(|_| {
            next_month(&mut m);
            // To the meters (the month's end leaves the focus on the news), then down them.
            for _ in 0..Panel::ORDER.len() {
                if m.game.as_ref().expect("in game").main.focus == Panel::Meters {
                    break;
                }
                keys(&mut m, "<Tab>");
            }
            for _ in 0..12 {
                let shown = render(&mut m, 80, 24);
                if shown.contains("↓ PgDn") {
                    return Some(shown);
                }
                keys(&mut m, "<Down>");
            }
            None
        })
        .expect("some meter's details run past the pane");
    assert_eq!(scroll(&m), 0);
    keys(&mut m, "<PgDn>");
    assert!(scroll(&m) > 0);
    let after = render(&mut m, 80, 24);
    assert_ne!(before, after, "the pane moved");
    // Scrolling stops at the end instead of running past it.
    for _ in 0..50 {
        keys(&mut m, "<PgDn>");
    }
    let end = scroll(&m);
    keys(&mut m, "<PgDn>");
    assert_eq!(scroll(&m), end);
    assert!(render(&mut m, 80, 24).contains("↑ PgUp"));
    keys(&mut m, "<PgUp>");
    assert!(scroll(&m) < end);
    // Another selection starts its details at the top.
    keys(&mut m, "<Down>");
    assert_eq!(scroll(&m), 0);
}

#[test]
fn the_talks_reactions_scroll_when_the_parties_do_not_fit() {
    let mut m = in_builtin_game("revive-the-talks");
    keys(&mut m, "t");
    // Six parties with their reasons run past the pane at 80×24.
    let first = render(&mut m, 80, 24);
    assert!(first.contains("↓ PgDn"), "{first}");
    assert!(!first.contains("South Korea"), "{first}");
    for _ in 0..10 {
        keys(&mut m, "<PgDn>");
    }
    let last = render(&mut m, 80, 24);
    assert!(
        last.contains("South Korea") && last.contains("↑ PgUp"),
        "{last}"
    );
    // A change to the package shows its reactions from the top.
    keys(&mut m, "<Right>");
    assert_eq!(m.game.as_ref().expect("in game").main.scroll, 0);
}

#[test]
fn the_pickers_about_pane_scrolls_with_pgdn_at_80x24() {
    let level = sixparty::level::builtin("revive-the-talks")
        .expect("listed")
        .expect("valid");
    let mut m = model_on(Box::new(sixparty::ui::model::NoSaves::default()), level);
    keys(&mut m, "<Enter>");
    assert_eq!(m.screen, Screen::Picker);
    let first = render(&mut m, 80, 24);
    assert!(
        first.contains("↓ PgDn"),
        "the pane says there is more: {first}"
    );
    keys(&mut m, "<PgDn>");
    assert!(m.picker.scroll > 0);
    let next = render(&mut m, 80, 24);
    assert_ne!(first, next, "the pane moved");
    for _ in 0..30 {
        keys(&mut m, "<PgDn>");
    }
    assert!(render(&mut m, 80, 24).contains("↑ PgUp"));
    // Another level starts at the top of its own text.
    keys(&mut m, "<Down>");
    assert_eq!(m.picker.scroll, 0);
}

#[test]
fn a_draft_package_survives_leaving_the_talks() {
    let mut m = in_game();
    keys(&mut m, "t<Right><Down><Right><Right>");
    let draft = m.game.as_ref().expect("game").talks.package.clone();
    assert!(draft.iter().any(|&l| l > 0), "{draft:?}");
    keys(&mut m, "<Esc>m<Esc>t");
    assert_eq!(m.screen, Screen::Talks);
    assert_eq!(m.game.as_ref().expect("game").talks.package, draft);
    // Through a dashboard panel too.
    let mut m = in_panels_game();
    keys(&mut m, "t<Right><Down><Right><Right>");
    let draft = m.game.as_ref().expect("game").talks.package.clone();
    keys(&mut m, "xt");
    assert_eq!(m.screen, Screen::Talks);
    assert_eq!(m.game.as_ref().expect("game").talks.package, draft);
}

#[test]
fn an_option_not_possible_says_so_instead_of_not_existing() {
    let text = FIXTURE.replacen(
        "{ id = \"drill\", label = \"Answer with drills\",",
        "{ id = \"drill\", label = \"Answer with drills\", available = \"tension > 1000\",",
        1,
    );
    let level = level_from("unavailable-option.toml", &text);
    let mut m = model_on(Box::new(sixparty::ui::model::NoSaves::default()), level);
    start_game(&mut m);
    until_event(&mut m);
    let shown = render(&mut m, 80, 24);
    assert!(shown.contains("(not possible now)"), "{shown}");
    keys(&mut m, "<Down><Enter>");
    let status = m.status.clone().unwrap_or_default();
    assert!(
        status.contains("'Answer with drills' is not possible now"),
        "{status}"
    );
    assert!(!status.contains("does not exist"), "{status}");
    let g = m.game.as_ref().expect("game");
    assert!(g.session.game().pending_event().is_some(), "still waiting");

    // With the level's words for why, those words.
    let text = FIXTURE.replacen(
        "{ id = \"drill\", label = \"Answer with drills\",",
        "{ id = \"drill\", label = \"Answer with drills\", available = \"tension > 1000\", \
         unavailable = \"Seoul will not drill during the Games.\",",
        1,
    );
    let level = level_from("unavailable-option-why.toml", &text);
    let mut m = model_on(Box::new(sixparty::ui::model::NoSaves::default()), level);
    start_game(&mut m);
    until_event(&mut m);
    keys(&mut m, "<Down><Enter>");
    let status = m.status.clone().unwrap_or_default();
    assert!(
        status.contains("not possible now: Seoul will not drill during the Games."),
        "{status}"
    );
}

#[test]
fn an_unavailable_action_says_why_in_the_levels_words() {
    let text = FIXTURE.replacen(
        "available = \"joint < 3\"",
        "available = \"joint > 100\"\nunavailable = \"Beijing is not ready to talk.\"",
        1,
    );
    let level = level_from("unavailable-action.toml", &text);
    let mut m = model_on(Box::new(sixparty::ui::model::NoSaves::default()), level);
    start_game(&mut m);
    let g = m.game.as_ref().expect("game");
    let s = g.session.game().scenario();
    let order = sixparty::projection::action_order(s);
    let index = order
        .iter()
        .position(|&a| s.action(a).unavailable.contains("Beijing"))
        .expect("the changed action");
    keys(&mut m, &"<Down>".repeat(index));
    let shown = render(&mut m, 100, 30);
    assert!(shown.contains("✗ Beijing is not ready to talk."), "{shown}");
    keys(&mut m, "<Enter>");
    assert_eq!(
        m.status.as_deref(),
        Some("Cannot: Beijing is not ready to talk.")
    );
    assert_eq!(m.game.as_ref().expect("game").session.log().len(), 0);
}

#[test]
fn dialogs_stack_and_only_the_top_one_reads_keys() {
    let mut m = in_game();
    keys(&mut m, "s<C-u>ab");
    assert_eq!(m.dialog::<SavePrompt>().expect("prompt").input, "ab");
    // Ctrl-C over the prompt: the quit question goes on top and takes the keys.
    keys(&mut m, "<C-c>");
    assert_eq!(m.dialogs.len(), 2);
    assert!(sixparty::ui::dialogs::is::<ConfirmQuit>(
        m.top_dialog().expect("a top dialog")
    ));
    assert!(
        render(&mut m, 80, 24)
            .lines()
            .last()
            .expect("footer")
            .contains("y yes · n no")
    );
    // n answers the question; it is not typed into the name under it.
    keys(&mut m, "n");
    assert_eq!(m.dialogs.len(), 1);
    assert_eq!(m.dialog::<SavePrompt>().expect("prompt").input, "ab");
    // Back in the prompt, q and n are letters.
    keys(&mut m, "qn");
    assert_eq!(m.dialog::<SavePrompt>().expect("prompt").input, "abqn");
    assert!(!m.quit);
    keys(&mut m, "<Esc>");
    assert!(m.dialogs.is_empty());
}

/// The help's "b the briefing" is offered only where there is a briefing to go to: not on
/// the title screen (no game). The line closes the help's text, past the keys.
#[test]
fn help_offers_the_briefing_only_during_a_game() {
    let to_the_end = "<PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn>";
    let mut m = model();
    keys(&mut m, "?");
    assert!(m.has_dialog::<Help>(), "? opens help on the title");
    keys(&mut m, to_the_end);
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Esc or ? closes this help"), "{screen}");
    assert!(!screen.contains("b the briefing"), "{screen}");

    let mut m = in_game();
    keys(&mut m, "?");
    keys(&mut m, to_the_end);
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains("closes this help · b the briefing"),
        "{screen}"
    );
}

/// The fixture with no event that can come on its own (the missile test's weight 0; the
/// others are follow-ups or need a deal), and `months` months: nothing stops `N` but the
/// header's warnings, its maximum and the end.
fn quiet_level(months: u32) -> sixparty::level::Level {
    let text = FIXTURE
        .replace(r#"weight = "1 + tension / 30""#, r#"weight = "0""#)
        .replace("months = 36", &format!("months = {months}"));
    assert_ne!(text, FIXTURE);
    level_from("tests/fixtures/ui-quiet.toml", &text)
}

fn quiet_game(months: u32) -> Ui {
    let mut m = model_on(
        Box::new(sixparty::ui::model::NoSaves::default()),
        quiet_level(months),
    );
    start_game(&mut m);
    m
}

#[test]
fn fast_forward_stops_at_an_event_that_needs_an_answer() {
    let mut m = in_game();
    // The fixture's first month (seed 42) brings an event with options.
    keys(&mut m, "N");
    let g = m.game.as_ref().expect("in game");
    assert!(g.session.game().pending_event().is_some(), "an event waits");
    assert!(g.fast_forward.is_none(), "the fast-forward has stopped");
    let status = m.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Fast-forwarded 1 month: an event needs you."),
        "{status}"
    );
    // The 40 capital of the start were not spent, and the line says so.
    assert!(status.ends_with("40 capital left unspent."), "{status}");
    // Nothing was spent: the month's income came on top of the 40.
    assert!(g.session.game().capital() >= 40.0);
    // Later: answer the event, and N again runs on to the next one (or a warning).
    keys(&mut m, "<Enter>");
    let before = turn(&m);
    keys(&mut m, "N");
    let status = m.status.clone().unwrap_or_default();
    let moved = turn(&m) - before;
    assert!(moved >= 1, "{status}");
    assert!(status.starts_with("Fast-forwarded "), "{status}");
}

#[test]
fn fast_forward_stops_after_six_quiet_months_and_asks_nothing_about_capital() {
    let mut m = quiet_game(36);
    let capital = m.game.as_ref().expect("in game").session.game().capital();
    assert!(capital > 0.0);
    // One press: no "n again" question although capital is left.
    keys(&mut m, "N");
    assert_eq!(turn(&m), 6, "{:?}", m.status);
    assert_eq!(
        m.status.as_deref(),
        Some("Fast-forwarded 6 months: that is the most one N ends. 40 capital left unspent.")
    );
    // And again from there.
    keys(&mut m, "N");
    assert_eq!(turn(&m), 12, "{:?}", m.status);
}

#[test]
fn fast_forward_stops_when_the_game_ends() {
    // Three quiet months: the time limit comes before the maximum of six.
    let mut m = quiet_game(3);
    keys(&mut m, "N");
    assert_eq!(m.screen, Screen::End);
    let g = m.game.as_ref().expect("in game");
    assert!(g.session.game().is_over());
    assert!(g.fast_forward.is_none());
    assert_eq!(g.session.game().state().turn(), 3);
}

#[test]
fn fast_forward_stops_when_an_ending_could_come_next_month() {
    // An ending judged at the time limit that already holds: the header warns in the last
    // two months, and N stops there rather than running on to the end.
    let text = FIXTURE
        .replace(r#"weight = "1 + tension / 30""#, r#"weight = "0""#)
        .replace("months = 36", "months = 7")
        .replace(
            "[[endings]]\nid = \"stalemate\"",
            "[[endings]]\nid = \"held\"\ntitle = \"Held\"\ntext = \"It held.\"\ngrade = \"B\"\n\
             at_time_limit = true\nwhen = \"tension >= 0\"\n\n[[endings]]\nid = \"stalemate\"",
        );
    assert!(text.contains("id = \"held\""));
    let level = level_from("tests/fixtures/ui-held.toml", &text);
    let mut m = model_on(Box::new(sixparty::ui::model::NoSaves::default()), level);
    start_game(&mut m);
    keys(&mut m, "N");
    let status = m.status.clone().unwrap_or_default();
    assert!(
        status.contains(": an ending could come next month."),
        "{status}"
    );
    let moved = turn(&m);
    assert!(
        (1..6).contains(&moved),
        "stopped before the maximum: {moved}"
    );
    assert!(
        status.starts_with(&format!("Fast-forwarded {moved} months")),
        "{status}"
    );
    assert_eq!(m.screen, Screen::Main);
}

#[test]
fn fast_forward_is_refused_while_an_event_waits() {
    let mut m = in_game();
    keys(&mut m, "N");
    let before = turn(&m);
    keys(&mut m, "N");
    assert_eq!(turn(&m), before);
    assert_eq!(
        m.status.as_deref(),
        Some(
            sixparty::engine::EngineError::ChoicePending
                .to_string()
                .as_str()
        )
    );
    assert!(
        m.game
            .as_ref()
            .expect("in game")
            .session
            .game()
            .pending_event()
            .is_some()
    );
}
