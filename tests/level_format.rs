//! The level-format additions (SPEC.md "Level-format additions"): a level using every one
//! of them loads, and the validated `Scenario` carries what the debrief, the UI and the
//! content streams read.

use std::path::Path;

use sixparty::engine::{CitationId, TurnLength, VarId};
use sixparty::level;

fn additions() -> (sixparty::engine::Scenario, Vec<level::Diagnostic>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/levels/valid/format_additions.toml");
    let text = std::fs::read_to_string(path).expect("fixture");
    level::load_str("format_additions.toml", &text).unwrap_or_else(|r| panic!("{}", r.render()))
}

#[test]
fn every_addition_is_carried_into_the_scenario() {
    let (s, warnings) = additions();
    assert!(
        warnings
            .iter()
            .all(|w| w.message != "source without a citation id")
    );
    assert_eq!(s.meta.turn_length, TurnLength::Day);
    assert_eq!(s.meta.length, 13);
    assert_eq!(
        (s.meta.start_year, s.meta.start_month, s.meta.start_day),
        (1962, 10, 16)
    );
    let tension = s.var_id("tension").expect("tension");
    assert_eq!(s.meta.debrief, vec![tension]);
    assert_eq!(s.meta.advisor.len(), 2);
    assert_eq!(s.meta.advisor[1].text, "Keep the channels open.");
    assert!(s.meta.teacher.show_to_students);
    assert!(s.meta.teacher.thesis.starts_with("Private channels"));
    assert!(s.meta.teacher.balance.contains("half"));
    assert!(s.meta.teacher.memo_summary.starts_with("Talk in private"));

    assert_eq!(s.citations.len(), 2);
    assert_eq!(s.citations[0].id, "jfk-1962-10-22");
    assert_eq!(s.citations[1].publisher, "");
    assert!(s.citations[1].text().contains("Essence of Decision"));
    assert_eq!(s.glossary[0].term, "Quarantine");
    assert_eq!(s.history[0].cite, vec![CitationId(0)]);

    assert_eq!(s.var(VarId(0)).weight, Some(0.5));
    assert_eq!(s.var(tension).questions.len(), 1);
    assert_eq!(s.difficulties.len(), 2);
    assert_eq!(s.difficulties[1].id, "easy");
    assert_eq!(s.difficulties[1].effects.len(), 1);
    assert_eq!(s.default_difficulty().map(|d| d.0), Some(0));
    assert_eq!(s.dashboards[0].key, 'c');
    assert_eq!(s.dashboards[0].variables, vec![tension, VarId(0)]);
    assert_eq!(s.parties[0].public_position, "The missiles are defensive.");

    let action = &s.actions[0];
    assert_eq!(action.unavailable, "Only when the crisis is acute.");
    assert_eq!(action.effects[0].cite, vec![CitationId(1)]);
    assert_eq!(s.rules[0].cite, vec![CitationId(1)]);
    let event = &s.events[0];
    assert_eq!(
        event.at,
        Some(6),
        "22 October is the seventh day from the 16th"
    );
    assert!(event.once, "scheduled events are implicitly once");
    assert_eq!(event.cite, vec![CitationId(0)]);
    assert_eq!(event.options[0].cite, vec![CitationId(0)]);
    assert_eq!(event.options[0].unavailable, "Never.");

    let brink = &s.endings[0];
    assert_eq!(brink.hold, 2);
    assert!(brink.warn && brink.warn_when.is_some() && brink.progress.is_some());
    assert_eq!(brink.questions.len(), 1);
    assert_eq!(brink.cite, vec![CitationId(1)]);
    assert!(brink.goal.starts_with("Tension at 95"));
    assert!(!s.endings[1].warn);
    assert_eq!(s.endings[1].hold, 1);
}

#[test]
fn a_day_level_has_a_day_calendar() {
    let (s, _) = additions();
    assert_eq!(s.calendar(0).label(), "16 Oct 1962");
    assert_eq!(s.calendar(12).label(), "28 Oct 1962");
    assert_eq!(s.calendar(12).iso(), "1962-10-28");
    // Across a month and a year end.
    let mut s = s;
    s.meta.start_month = 12;
    s.meta.start_day = 30;
    assert_eq!(s.calendar(2).iso(), "1963-01-01");
    s.meta.turn_length = TurnLength::Week;
    assert_eq!(s.calendar(1).label(), "6 Jan 1963");
}

#[test]
fn a_source_without_a_citation_id_is_a_warning() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels/valid/minimal.toml");
    let text = std::fs::read_to_string(path).expect("minimal");
    let text = format!("{text}\n[[rules]]\nid = \"r\"\nexplain = \"x\"\nsource = \"A blog\"\n");
    let (_, warnings) =
        level::load_str("m.toml", &text).unwrap_or_else(|r| panic!("{}", r.render()));
    assert!(
        warnings
            .iter()
            .any(|w| w.message == "source without a citation id"),
        "{warnings:?}"
    );
}

#[test]
fn months_and_turns_are_synonyms_and_one_is_required() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels/valid/minimal.toml");
    let text = std::fs::read_to_string(path).expect("minimal");
    let months_line = text
        .lines()
        .find(|l| l.starts_with("months"))
        .expect("a months line")
        .to_string();
    let with_turns = text.replacen(&months_line, &months_line.replacen("months", "turns", 1), 1);
    let (a, _) = level::load_str("a.toml", &text).expect("months");
    let (b, _) = level::load_str("b.toml", &with_turns).expect("turns");
    assert_eq!(a.meta.length, b.meta.length);
    let neither = text.replacen(&months_line, "", 1);
    let report = level::load_str("c.toml", &neither).expect_err("no length");
    assert!(
        report
            .render()
            .contains("missing key 'months' (or its synonym 'turns')")
    );
}

/// The built-in day-turn example: it passes `level check` with no warnings (the quick games
/// included), uses citation ids only, and plays on a day calendar.
#[test]
fn thirteen_days_checks_clean_and_plays_by_the_day() {
    use sixparty::sim::{StrategyKind, run_game};
    let text = include_str!("../levels/thirteen-days.toml");
    let (report, level) = level::check_str("thirteen-days.toml", text, 1);
    assert!(report.diagnostics.is_empty(), "{}", report.render());
    let scenario = level.expect("valid").scenario;
    assert_eq!(scenario.meta.turn_length, TurnLength::Day);
    assert_eq!(scenario.calendar(0).label(), "16 Oct 1962");
    assert_eq!(scenario.calendar(12).label(), "28 Oct 1962");
    let address = scenario.event_id("address").expect("the address");
    assert_eq!(scenario.event(address).at, Some(6), "22 October");
    let memo = run_game(&scenario, 3, StrategyKind::Memo, true);
    assert_eq!(
        memo.ending.as_deref(),
        Some("settlement"),
        "the memo's line settles"
    );
    assert!(memo.months <= 13);
}

/// `[level] class_table` names the teacher's table's meters: resolved like any variable, at
/// most four, an unknown one named with the file's position.
#[test]
fn the_class_table_list_is_resolved_and_bounded() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels/valid/minimal.toml");
    let text = std::fs::read_to_string(path).expect("minimal");
    let with =
        |list: &str| text.replacen("[level]\n", &format!("[level]\nclass_table = {list}\n"), 1);
    let (scenario, _) = level::load_str("d.toml", &with("[\"capital\"]"))
        .unwrap_or_else(|r| panic!("{}", r.render()));
    assert_eq!(
        scenario.meta.class_table,
        vec![scenario.var_id("capital").expect("capital")]
    );
    let unknown = level::load_str("d.toml", &with("[\"capitol\"]")).expect_err("unknown");
    assert!(
        unknown.render().contains("unknown variable 'capitol'"),
        "{}",
        unknown.render()
    );
    let five = level::load_str(
        "d.toml",
        &with(&format!("[{}]", ["\"capital\""; 5].join(", "))),
    )
    .expect_err("five");
    assert!(
        five.render().contains("at most 4 class_table meters"),
        "{}",
        five.render()
    );
}

/// A panel's key is refused exactly when the game reads that letter itself: the validator
/// takes the list from the key map, so a letter the map binds tomorrow is refused tomorrow.
#[test]
fn a_panel_key_is_refused_exactly_when_the_game_reads_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/levels/valid/format_additions.toml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let taken: Vec<char> = sixparty::ui::keys::game_letters().map(|(c, _)| c).collect();
    assert!(taken.contains(&'t') && !taken.contains(&'x'), "{taken:?}");
    assert_eq!(
        text.matches("key = \"c\"").count(),
        1,
        "the fixture's panel key"
    );
    for c in 'a'..='z' {
        let variant = text.replace("key = \"c\"", &format!("key = \"{c}\""));
        match level::load_str("panel.toml", &variant) {
            Ok((s, _)) => {
                assert!(!taken.contains(&c), "'{c}' is the game's, yet accepted");
                assert_eq!(s.dashboards[0].key, c);
            }
            Err(report) => {
                assert!(taken.contains(&c), "'{c}' is free:\n{}", report.render());
                let rendered = report.render();
                assert!(
                    rendered.contains(&format!("the key '{c}' is the game's own")),
                    "{rendered}"
                );
                assert_eq!(rendered.matches("error").count(), 1, "{rendered}");
            }
        }
    }
}

/// A hidden variable that only a dashboard panel shows is seen by the player: not the
/// "hidden and never read" warning, which it gets without the panel.
#[test]
fn a_variable_on_a_panel_is_not_unread() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/levels/valid/format_additions.toml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let hidden = text.replace(
        "[[difficulty]]\nid = \"normal\"",
        "[[variables]]\nid = \"gossip\"\nstart = 0\nshown = false\n\n[[difficulty]]\nid = \"normal\"",
    );
    let hidden = hidden.replace(
        "effects = [{ add = \"tension\", amount = 2 }]",
        "effects = [{ add = \"tension\", amount = 2 }, { add = \"gossip\", amount = 1 }]",
    );
    let unread = |text: &str| {
        let (report, _) = level::check_str("panel.toml", text, 0);
        let rendered = report.render();
        assert!(!report.has_errors(), "{rendered}");
        rendered.contains("variable 'gossip' is hidden and never read")
    };
    assert!(unread(&hidden), "without a panel");
    let on_panel = hidden.replace(
        "variables = [\"tension\", \"capital\"]",
        "variables = [\"tension\", \"capital\", \"gossip\"]",
    );
    assert_ne!(on_panel, hidden);
    assert!(!unread(&on_panel), "on a panel");
}
