//! Snapshots of every screen at 80×24 and 120×40, from a seeded game on a frozen level.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always cargo test --test ui_snapshots).

mod ui_support;

use sixparty::ui::fake_saves::FakeSaves;
use sixparty::ui::main_screen::Panel;
use ui_support::*;

fn both(name: &str, m: &mut Ui) {
    insta::assert_snapshot!(format!("{name}_80x24"), render(m, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), render(m, 120, 40));
}

#[test]
fn title() {
    both("title", &mut model());
}

#[test]
fn picker_and_seed() {
    let mut m = model();
    keys(&mut m, "<Enter>");
    both("picker", &mut m);
    keys(&mut m, "<Enter>7");
    both("picker_seed", &mut m);
}

#[test]
fn main_screen_first_month() {
    both("main_start", &mut in_game());
}

#[test]
fn main_screen_after_a_month() {
    let mut m = in_game();
    keys(&mut m, "<Enter>");
    end_month(&mut m);
    if m.game
        .as_ref()
        .and_then(|g| g.session.game().pending_event())
        .is_some()
    {
        keys(&mut m, "<Enter>");
    }
    // The month's end leaves the focus on the actions; Shift-Tab goes to the news.
    keys(&mut m, "<S-Tab>");
    both("main_news", &mut m);
    // The meters panel with the "why it changed" details.
    if let Some(g) = m.game.as_mut() {
        g.main.focus = Panel::Meters;
        g.main.meter = 1;
    }
    both("main_meters", &mut m);
    if let Some(g) = m.game.as_mut() {
        g.main.focus = Panel::Parties;
        g.main.lower = Panel::Parties;
        g.main.party = 1;
    }
    both("main_parties", &mut m);
}

#[test]
fn talks() {
    let mut m = in_game();
    keys(&mut m, "t<Right><Down><Right>");
    both("talks", &mut m);
}

#[test]
fn dashboard() {
    let mut m = in_panels_game();
    keys(&mut m, "x");
    both("dashboard", &mut m);
    keys(&mut m, "c");
    both("dashboard_listed", &mut m);
    // The panels' keys in the main screen's footer, fitted to 80 columns.
    keys(&mut m, "<Esc>");
    both("main_with_panels", &mut m);
}

#[test]
fn event_popup() {
    let mut m = in_game();
    until_event(&mut m);
    both("event", &mut m);
}

#[test]
fn end_screen() {
    let mut m = in_game();
    play_to_end(&mut m);
    both("end", &mut m);
}

#[test]
fn help_overlay() {
    let mut m = in_game();
    keys(&mut m, "?");
    both("help", &mut m);
    // The help scrolls past the objectives and briefing to the keys (PgDn through the key map).
    keys(&mut m, "<PgDn>");
    both("help_scrolled", &mut m);
}

#[test]
fn a_taken_action_says_why_not_with_whole_numbers_and_the_objectives_in_view() {
    let mut m = in_game();
    // Take the highlighted action: its ✗ and reason show in the menu and the details.
    keys(&mut m, "<Enter>");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("already taken this month"), "{screen}");
    insta::assert_snapshot!("main_why_not_80x24", screen);
}

#[test]
fn quit_question() {
    let mut m = in_game();
    keys(&mut m, "q");
    both("quit", &mut m);
}

#[test]
fn too_small() {
    let mut m = in_game();
    insta::assert_snapshot!("too_small_79x24", render(&mut m, 79, 24));
    insta::assert_snapshot!("too_small_20x5", render(&mut m, 20, 5));
}

/// The title with Continue/Load enabled, and the Load list: an autosave, a manual save of a
/// finished game and a broken save with a backup.
#[test]
fn title_and_load_with_saves() {
    let store = saves_fixture();
    let mut m = model_with(Box::new(store));
    both("title_saves", &mut m);
    keys(&mut m, "l");
    both("load", &mut m);
    keys(&mut m, "<Down><Down>");
    both("load_broken", &mut m);
    keys(&mut m, "d");
    both("load_delete", &mut m);
    keys(&mut m, "n<Enter>");
    both("load_problem", &mut m);
}

fn saves_fixture() -> FakeSaves {
    let mut finished = in_game();
    play_to_end(&mut finished);
    let finished = finished.game.as_ref().expect("game").session.clone();
    let mut playing = in_game();
    next_month(&mut playing);
    next_month(&mut playing);
    let playing = playing.game.as_ref().expect("game").session.clone();
    let store = FakeSaves::new()
        .with("broken", Ok(playing.clone()))
        .with("the-long-game", Ok(finished));
    {
        let mut data = store.data();
        if let Some(b) = data.get_mut("broken") {
            b.backup = Some(playing.clone());
            b.session = Err(
                "broken.json: the save is cut short (truncated at line 3, column 14); it was not written completely"
                    .into(),
            );
        }
    }
    let mut store = store;
    sixparty::ui::model::SaveStore::autosave(&mut store, &playing).expect("autosave");
    store
}

#[test]
fn save_prompt() {
    let mut m = in_game();
    keys(&mut m, "s");
    both("save_prompt", &mut m);
    keys(&mut m, "<C-u>a/b<Enter>");
    both("save_prompt_refused", &mut m);
}

#[test]
fn rewind_list() {
    let mut m = in_game();
    keys(&mut m, "<Enter>");
    next_month(&mut m);
    keys(&mut m, "<Down><Enter>");
    next_month(&mut m);
    next_month(&mut m);
    keys(&mut m, "r");
    both("rewind", &mut m);
    keys(&mut m, "<Up><Enter>");
    both("rewind_confirm", &mut m);
}

#[test]
fn load_warnings() {
    let mut playing = in_game();
    next_month(&mut playing);
    let store = FakeSaves::new().with(
        "changed",
        Ok(playing.game.as_ref().expect("game").session.clone()),
    );
    if let Some(s) = store.data().get_mut("changed") {
        s.level_changed = true;
    }
    let mut m = model_with(Box::new(store));
    keys(&mut m, "c");
    both("load_changed", &mut m);
    keys(&mut m, "<Enter>");
    both("load_warnings", &mut m);
}

/// The fixture with `from` replaced by `to` (which must be there), on the main screen.
fn in_variant(from: &str, to: &str) -> Ui {
    assert!(FIXTURE.contains(from), "the fixture has {from:?}");
    let text = FIXTURE.replace(from, to);
    let level = level_from("tests/fixtures/ui-level.toml", &text);
    let mut m = model_on(Box::new(sixparty::ui::model::NoSaves::default()), level);
    start_game(&mut m);
    m
}

/// On a day level the header gives the day, not only the month and year, and counts days
/// (issue 14: a day level showed "Jan 2017 month 1 of 36" for a whole month of turns).
#[test]
fn a_day_level_header_names_the_day() {
    let mut m = in_variant(
        "start = \"2017-01\"\nmonths = 36",
        "start = \"2017-01-30\"\nturn = \"day\"\nturns = 36",
    );
    let screen = render(&mut m, 80, 24);
    let top = screen.lines().next().unwrap_or_default();
    assert!(
        top.contains(" 30 Jan 2017 ") && top.contains("day 1 of 36"),
        "{top}"
    );
    next_month(&mut m);
    next_month(&mut m);
    let screen = render(&mut m, 80, 24);
    let top = screen.lines().next().unwrap_or_default();
    assert!(
        top.contains(" 1 Feb 2017 ") && top.contains("day 3 of 36"),
        "{top}"
    );
    assert_eq!(m.status.as_deref(), Some("Day ended. Now 1 Feb 2017."));
    insta::assert_snapshot!("main_day_level_80x24", screen);
    // The footer and the news speak of days too.
    keys(&mut m, "<Tab>");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("n end day"), "{screen}");
    assert!(!screen.contains("month"), "{screen}");
}

/// A meter within a tenth of its range of a bad ending's threshold gets a "!" before its
/// value (so the warning survives NO_COLOR); meters far from any ending do not.
#[test]
fn a_meter_near_a_bad_ending_is_marked() {
    let mut m = in_variant(
        "label = \"Tension\"\nstart = 45",
        "label = \"Tension\"\nstart = 88",
    );
    let screen = render(&mut m, 80, 24);
    let row = |label: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_default()
            .to_string()
    };
    // War comes at tension 95: 88 is within 10 of it.
    assert!(row("Tension  ").contains("!  88"), "{screen}");
    // The program (55, breakout at 100) and regime support (no ending) are not marked.
    assert!(!row("Nuclear program").contains('!'), "{screen}");
    assert!(!row("Regime support").contains('!'), "{screen}");
    insta::assert_snapshot!("main_danger_80x24", screen);
    // One step further from the edge, the mark goes.
    let mut calm = in_variant(
        "label = \"Tension\"\nstart = 45",
        "label = \"Tension\"\nstart = 80",
    );
    let screen = render(&mut calm, 80, 24);
    let tension = screen
        .lines()
        .find(|l| l.contains("Tension  "))
        .unwrap_or_default();
    assert!(!tension.contains('!'), "{screen}");
}

const ADVICE: &str = "score = \"(100 - program) + talks * 8 + joint * 6 - tension / 2 + credibility / 2\"\nadvisor = [\n  { when = \"tension >= 80\", text = \"Tension is near the brink: lower it before anything else, or the talks will never matter.\" },\n  { when = \"not revealed(dprk)\", text = \"First learn what each party needs most: consult before you bargain.\" },\n]";

/// The advisor's line: the first of the level's lines whose condition holds, above the
/// footer; a long one wraps onto a second row rather than being cut (issue 18).
#[test]
fn the_advisor_line_follows_the_level_and_the_game() {
    let score =
        "score = \"(100 - program) + talks * 8 + joint * 6 - tension / 2 + credibility / 2\"";
    let mut m = in_variant(score, ADVICE);
    let screen = render(&mut m, 80, 24);
    let row = screen.lines().nth(22).unwrap_or_default();
    assert!(
        row.contains("Advisor: First learn what each party needs most"),
        "{screen}"
    );
    insta::assert_snapshot!("main_advisor_80x24", screen);
    // Consulting Pyongyang (the highlighted action) reveals its priorities: no advice is
    // left, and the row goes back to the panels.
    keys(&mut m, "<Enter>");
    let screen = render(&mut m, 80, 24);
    assert!(!screen.contains("Advisor:"), "{screen}");
    // Near the brink the first line wins, and it wraps onto two rows at 80 columns.
    let text = FIXTURE.replace(score, ADVICE).replace(
        "label = \"Tension\"\nstart = 45",
        "label = \"Tension\"\nstart = 85",
    );
    let mut m = model_on(
        Box::new(sixparty::ui::model::NoSaves::default()),
        level_from("tests/fixtures/ui-level.toml", &text),
    );
    start_game(&mut m);
    let screen = render(&mut m, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(
        rows[21].contains("Advisor: Tension is near the brink"),
        "{screen}"
    );
    assert!(rows[22].contains("never matter."), "{screen}");
    // The second row continues under the words, not under the label.
    let indent = " Advisor: ".len();
    let second = rows[22].trim_matches('"');
    assert!(
        second.starts_with(&" ".repeat(indent)) && !second[indent..].starts_with(' '),
        "{screen}"
    );
    insta::assert_snapshot!("main_advisor_long_80x24", screen);
}

/// Five key meters at 80×24: each chart keeps a plot at least 5 rows tall (they were 5-row
/// boxes with a one-row plot), three to a page, and ←/→ turn the page (issue 18).
#[test]
fn end_charts_stay_tall_and_turn_pages() {
    // Regime support and credibility become key meters too: five in all.
    let text = FIXTURE
        .replace(
            "label = \"Regime support\"\nstart = 60",
            "label = \"Regime support\"\nstart = 60\nkey = true",
        )
        .replace(
            "label = \"Credibility\"\nstart = 50",
            "label = \"Credibility\"\nstart = 50\nkey = true",
        );
    let mut m = model_on(
        Box::new(sixparty::ui::model::NoSaves::default()),
        level_from("tests/fixtures/ui-level.toml", &text),
    );
    start_game(&mut m);
    play_to_end(&mut m);
    let screen = render(&mut m, 80, 24);
    // Each chart box is 11 rows: a plot of 7 between its title and its axis.
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains("┌ Tension"))
        .unwrap_or(0);
    let bottom = rows.iter().rposition(|r| r.starts_with("\"└")).unwrap_or(0);
    assert!(bottom >= top + 8, "{screen}");
    assert!(screen.contains("←→ charts 1/2"), "{screen}");
    assert!(!screen.contains("Credibility"), "{screen}");
    insta::assert_snapshot!("end_charts_page1_80x24", screen);
    keys(&mut m, "<Right>");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("←→ charts 2/2"), "{screen}");
    assert!(
        screen.contains("Credibility") && !screen.contains("┌ Tension"),
        "{screen}"
    );
    insta::assert_snapshot!("end_charts_page2_80x24", screen);
    // At 160×50 all five fit on one page.
    let screen = render(&mut m, 160, 50);
    assert!(!screen.contains("←→ charts"), "{screen}");
    assert!(
        screen.contains("┌ Tension") && screen.contains("Credibility"),
        "{screen}"
    );
}

/// Clicking a row of the relations map selects it (the details follow); a click on a
/// kind's heading or on the details selects nothing new. At 80×24 (one column) and 120×40
/// (the list beside the details).
#[test]
fn clicking_a_relations_row_selects_it() {
    let mut m = in_variant(
        "id = \"usa\"\nname = \"United States\"\n",
        "id = \"usa\"\nname = \"United States\"\nlinks = [\n  { to = \"china\", kind = \"trust\", meter = \"joint\" },\n  { to = \"dprk\", kind = \"sanctions\", meter = \"sanctions\", label = \"UN and US sanctions\" },\n  { to = \"dprk\", kind = \"tension\", meter = \"tension\" },\n]\n",
    );
    keys(&mut m, "m");
    let selected = |m: &Ui| m.game.as_ref().expect("in game").relations.selected;
    for (w, h) in [(80, 24), (120, 40)] {
        keys(&mut m, "<Up><Up><Up>");
        assert_eq!(selected(&m), 0);
        let screen = render(&mut m, w, h);
        let rows: Vec<&str> = screen.lines().collect();
        let row_of = |text: &str| rows.iter().position(|r| r.contains(text)).expect(text) as u16;
        // The tension row (the third), clicked on its meter's name.
        let tension = row_of("× North");
        click(&mut m, 40, tension);
        assert_eq!(selected(&m), 2, "{w}x{h}");
        let screen = render(&mut m, w, h);
        let marked = screen.lines().nth(usize::from(tension)).unwrap_or_default();
        assert!(marked.contains("› United States ×"), "{screen}");
        assert!(
            screen.contains("United States × North Korea: Tension"),
            "{screen}"
        );
        // A heading is not a row: the selection stays.
        click(&mut m, 10, row_of("SANCTIONS"));
        assert_eq!(selected(&m), 2, "{w}x{h}");
        // The sanctions row.
        click(&mut m, 5, row_of("UN and US sanct"));
        assert_eq!(selected(&m), 1, "{w}x{h}");
        // The details pane is not the list.
        click(&mut m, w - 3, h - 4);
        assert_eq!(selected(&m), 1, "{w}x{h}");
    }
    assert_eq!(m.screen, sixparty::ui::model::Screen::Relations);
}

/// The relations map (`m`): the links the level declares on its parties, grouped by kind,
/// then each party's willingness; ↓ selects, the details say why the meter moved, Esc goes
/// back (issue 18).
#[test]
fn the_relations_map_draws_the_levels_links() {
    let mut m = in_variant(
        "id = \"usa\"\nname = \"United States\"\n",
        "id = \"usa\"\nname = \"United States\"\nlinks = [\n  { to = \"china\", kind = \"trust\", meter = \"joint\" },\n  { to = \"dprk\", kind = \"sanctions\", meter = \"sanctions\", label = \"UN and US sanctions\" },\n  { to = \"dprk\", kind = \"tension\", meter = \"tension\" },\n]\n",
    );
    keys(&mut m, "m");
    assert_eq!(m.screen, sixparty::ui::model::Screen::Relations);
    let screen = render(&mut m, 80, 24);
    for want in [
        "TRUST",
        "United States ⇄ China",
        "Joint approach",
        "SANCTIONS",
        "United States ⊣ North Korea",
        "UN and US sanctions",
        "light",
        "TENSION",
        "United States × North Korea",
    ] {
        assert!(screen.contains(want), "{want}\n{screen}");
    }
    insta::assert_snapshot!("relations_80x24", screen);
    keys(&mut m, "<Down>");
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains("United States ⊣ North Korea: UN and US sanctions"),
        "{screen}"
    );
    assert!(
        screen.contains("Pressure from the first on the second."),
        "{screen}"
    );
    insta::assert_snapshot!("relations_120x40", render(&mut m, 120, 40));
    keys(&mut m, "<Esc>");
    assert_eq!(m.screen, sixparty::ui::model::Screen::Main);
    // A level without links: the map says so.
    let mut plain = in_game();
    keys(&mut plain, "m");
    let screen = render(&mut plain, 80, 24);
    assert!(screen.contains(sixparty::ui::strings::MAP_NONE), "{screen}");
}

/// Long labels at 80×24 (the Iran level's were cut past reading): meter names, party names
/// and priorities, talks terms and their levels are abbreviated by the stated rule, or
/// given a second row, and the selected term's level is written out whole (issue 18).
#[test]
fn long_labels_stay_readable_at_80x24() {
    let text = FIXTURE
        .replace("label = \"Regime support\"", "label = \"Hardliners in Tehran\"")
        .replace("label = \"Credibility\"", "label = \"Opposition in Congress\"")
        .replace("name = \"United States\"", "name = \"EU3 (France, Germany, UK)\"")
        .replace("name = \"Inspections\"", "name = \"Arak reactor redesign\"")
        .replace(
            "levels = [\"none\", \"declared sites\", \"anywhere, any time\"]",
            "levels = [\"safeguards only\", \"Additional Protocol\", \"Additional Protocol and access to any suspect site\"]",
        );
    let mut m = model_on(
        Box::new(sixparty::ui::model::NoSaves::default()),
        level_from("tests/fixtures/ui-level.toml", &text),
    );
    start_game(&mut m);
    // Shift-Tab twice: the parties (they share a box with the news at 80×24).
    keys(&mut m, "<S-Tab><S-Tab>");
    let screen = render(&mut m, 80, 24);
    for want in [
        "Hardl. in Tehran",
        "Opp. in Congress",
        "EU3 ",
        "★ Verified denuclearization",
    ] {
        assert!(screen.contains(want), "{want}\n{screen}");
    }
    insta::assert_snapshot!("long_labels_main_80x24", screen);
    keys(&mut m, "t<Right><Right>");
    let screen = render(&mut m, 80, 24);
    for want in [
        "Arak reactor rede.",
        "In the draft: Additional Protocol and",
        "access to any suspect site  (2 of 2)",
        "EU3 (France, Germany, UK): ★",
    ] {
        assert!(screen.contains(want), "{want}\n{screen}");
    }
    insta::assert_snapshot!("long_labels_talks_80x24", screen);
}

/// The month summary: the changes that mattered, each with its cause on its own row at 80
/// columns, and the standing rules folded into one line of net drift; in the news below,
/// the rules are one item whose details list each rule with what it moved (issue 18).
#[test]
fn the_month_summary_folds_the_standing_rules() {
    let mut m = in_game();
    next_month(&mut m);
    // Shift-Tab: from the actions to the news.
    keys(&mut m, "<S-Tab>");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Summary (Jan 2017)"), "{screen}");
    assert!(screen.contains("↻ Rules: Pol. capital +4 · …"), "{screen}");
    // One news item for all the rules, not one line each.
    let rule_lines = screen
        .lines()
        .filter(|l| l.contains("Washington grants") || l.contains("Without a deal"))
        .count();
    assert_eq!(rule_lines, 0, "{screen}");
    for _ in 0..10 {
        keys(&mut m, "<Down>");
    }
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("› ↻ Standing rules (2)"), "{screen}");
    assert!(
        screen.contains("↻ Washington grants a little political")
            && screen.contains("Political capital +"),
        "{screen}"
    );
    assert!(
        screen.contains("↻ Without a deal, the program grows"),
        "{screen}"
    );
    insta::assert_snapshot!("main_news_rules_80x24", screen);
}

/// The help during a game holds the level's glossary and its briefing, and `b` in the help
/// scrolls straight to the briefing, which leaves the news after the first action (issue 18).
#[test]
fn the_help_has_the_glossary_and_b_reopens_the_briefing() {
    let text = format!(
        "{FIXTURE}\n[[glossary]]\nterm = \"Snapback\"\ntext = \"UN sanctions return by themselves if the deal is broken.\"\n"
    );
    let mut m = model_on(
        Box::new(sixparty::ui::model::NoSaves::default()),
        level_from("tests/fixtures/ui-level.toml", &text),
    );
    start_game(&mut m);
    // After an action the news shows it, not the briefing.
    keys(&mut m, "<Enter>");
    let screen = render(&mut m, 80, 24);
    assert!(!screen.contains("You are a CSO officer"), "{screen}");
    keys(&mut m, "?");
    let screen = render(&mut m, 80, 24);
    let top = screen.lines().nth(1).unwrap_or_default().to_string();
    assert!(
        top.contains("║Objectives"),
        "the help opens on the objectives: {screen}"
    );
    keys(&mut m, "b");
    let screen = render(&mut m, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[1].contains("║Briefing"), "{screen}");
    assert!(
        screen.contains("You are a CSO officer at the State"),
        "{screen}"
    );
    assert!(screen.contains("Glossary"), "{screen}");
    assert!(
        screen.contains("Snapback: UN sanctions return by themselves"),
        "{screen}"
    );
    insta::assert_snapshot!("help_briefing_80x24", screen);
    // Esc closes it; the game is where it was.
    keys(&mut m, "<Esc>");
    assert!(!render(&mut m, 80, 24).contains("║Briefing"));
}

/// The end screen's ending panel scrolls (PgDn) when the level's questions do not fit at
/// 80×24 (they were cut off).
#[test]
fn the_end_screen_questions_scroll() {
    let mut m = in_variant(
        "questions = [\"Why did sanctions raise regime support?\"]",
        "questions = [\"Why did sanctions raise regime support?\", \"What did consulting each party tell you that you did not know?\", \"Which month mattered most, and why?\", \"What would you do differently with the same seed?\"]",
    );
    play_to_end(&mut m);
    let screen = render(&mut m, 80, 24);
    assert!(!screen.contains("same seed?"), "{screen}");
    assert!(screen.contains("↓ PgDn"), "{screen}");
    keys(&mut m, "<PgDn>");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("same seed?"), "{screen}");
    insta::assert_snapshot!("end_scrolled_80x24", screen);
}
