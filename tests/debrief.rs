//! The after-action report and the class CSV on fixture saves (issue: teach the tradeoffs),
//! snapshots of campaign debriefs played three ways, and the what-if table being the same
//! in the game and on the command line.

mod cli_support;
mod ui_support;

use std::path::Path;

use cli_support::command;
use sixparty::debrief::{WHAT_IF_GAMES, WHAT_IF_GAMES_IN_GAME};
use sixparty::engine::Decision;
use sixparty::level::Level;
use sixparty::save::{LoadOptions, load_path};
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, play_out, run_game};
use sixparty::ui::GameSession;
use sixparty::ui::fake_saves::FakeSaves;
use ui_support::{Ui, config, keys};

fn load(file: &str) -> sixparty::save::Loaded {
    load_path(Path::new(file), LoadOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn debrief_of_a_finished_fixture_matches_its_snapshot() {
    let loaded = load("saves/fixture-talks-memo-finished.json");
    let report = sixparty::debrief::report(
        &loaded.session,
        loaded.header.player.as_deref(),
        WHAT_IF_GAMES,
    );
    insta::assert_snapshot!("debrief_memo_finished", report);
}

#[test]
fn debrief_of_a_game_in_progress_matches_its_snapshot() {
    let loaded = load("saves/fixture-talks-random-month-7.json");
    let report = sixparty::debrief::report(
        &loaded.session,
        loaded.header.player.as_deref(),
        WHAT_IF_GAMES,
    );
    assert!(report.contains("- **Player:** Fixture Player"));
    insta::assert_snapshot!("debrief_in_progress", report);
}

#[test]
fn compare_on_fixture_saves_gives_the_expected_csv() {
    let files = [
        "saves/fixture-talks-pressure-only-finished.json",
        "saves/fixture-talks-random-month-7.json",
    ];
    let loaded: Vec<_> = files.iter().map(|f| load(f)).collect();
    let entries: Vec<_> = files
        .iter()
        .zip(&loaded)
        .map(|(f, l)| sixparty::class::csv::Entry {
            file: f.to_string(),
            player: l.header.player.clone(),
            session: &l.session,
            saved_at: 0,
        })
        .collect();
    let csv = sixparty::class::csv::csv(entries);
    // The values are those the old `compare` module wrote for these saves; the sheet now
    // has a byte-order mark, CRLF rows, human headers, codes and seeds kept as text.
    let expected = concat!(
        "\u{feff}Player,Level,Class code,Seed,Difficulty,Ending,Grade,Ended in,Months played,Decisions,",
        "Deal,Peace (grade),Political capital,Tension,Nuclear program,Regime support,",
        "Sanctions,Joint approach,Talks,Credibility,File\r\n",
        ",Fixture Talks,\"=\"\"JRG6-0002\"\"\",\"=\"\"2\"\"\",,War on the peninsula,F,Jun 2017,",
        "6,15,,F (2),34,98,66,74,4,0,0,62,saves/fixture-talks-pressure-only-finished.json\r\n",
        "Fixture Player,Fixture Talks,\"=\"\"JRG6-0003\"\"\",\"=\"\"3\"\"\",,in progress,,,",
        "6,23,,F (31),8,69,68,68,0,0,2,49,saves/fixture-talks-random-month-7.json\r\n",
    );
    assert_eq!(csv, expected);
}

#[test]
fn the_cli_writes_debrief_and_compare_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.md");
    let status = command(dir.path())
        .args([
            "debrief",
            "saves/fixture-talks-pressure-only-finished.json",
            "--what-if",
            "10",
            "-o",
        ])
        .arg(&report)
        .status()
        .expect("runs");
    assert!(status.success());
    let text = std::fs::read_to_string(&report).expect("written");
    assert!(text.starts_with("# After-action report: "));

    let csv = dir.path().join("class.csv");
    let out = command(dir.path())
        .args([
            "compare",
            "saves/fixture-talks-pressure-only-finished.json",
            "tests/fixtures/saves/garbage.json",
            "-o",
        ])
        .arg(&csv)
        .output()
        .expect("runs");
    // The garbage save is reported and skipped; the good one is written.
    assert_eq!(out.status.code(), Some(1));
    let stderr = cli_support::stderr(&out);
    assert!(
        stderr.contains("skipped tests/fixtures/saves/garbage.json"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&csv)
            .expect("written")
            .lines()
            .count(),
        2
    );
}

#[test]
fn simulate_can_save_every_game_and_the_saves_debrief() {
    let dir = tempfile::tempdir().expect("temp dir");
    let games = dir.path().join("games");
    std::fs::create_dir(&games).expect("mkdir");
    let out = command(dir.path())
        .args([
            "simulate",
            "tests/fixtures/levels/fixture-talks.toml",
            "--strategy",
            "memo",
            "--games",
            "3",
            "--seed",
            "9",
            "--save-games",
        ])
        .arg(&games)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", cli_support::stderr(&out));
    let mut names: Vec<_> = std::fs::read_dir(&games)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "fixture-talks-memo-0000.json",
            "fixture-talks-memo-0001.json",
            "fixture-talks-memo-0002.json"
        ]
    );
    let loaded = load_path(&games.join(&names[0]), LoadOptions::default()).expect("loads");
    assert!(loaded.session.game().is_over());
}

/// The lines of `report` from the heading `## {title}` to the next `## ` heading.
fn section<'a>(report: &'a str, title: &str) -> &'a str {
    let heading = format!("## {title}\n");
    let Some(start) = report.find(&heading) else {
        return "";
    };
    let rest = &report[start..];
    let end = rest[heading.len()..]
        .find("\n## ")
        .map_or(rest.len(), |n| n + heading.len() + 1);
    &rest[..end]
}

#[test]
fn the_game_and_the_command_line_give_the_same_what_if_for_one_save() {
    assert_eq!(WHAT_IF_GAMES_IN_GAME, WHAT_IF_GAMES);
    let file = "saves/fixture-talks-memo-finished.json";
    let loaded = load(file);

    // In the game: the end screen's `d`, through the save seam.
    let store = FakeSaves::new();
    let session = loaded.session.clone();
    let mut m = Ui(GameSession::new(
        config(Box::new(store.clone()), session.level.clone()).start(session),
    ));
    keys(&mut m, "d");
    m.0.wait();
    let reports = store.data().reports.clone();
    assert_eq!(reports.len(), 1, "the game wrote one debrief");
    let in_game = section(&reports[0].1, "What if").to_string();

    // On the command line.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report.md");
    let status = command(dir.path())
        .args(["debrief", file, "-o"])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let text = std::fs::read_to_string(&out).expect("written");
    let cli = section(&text, "What if");

    assert!(
        in_game.contains("| As you played it, then `") && in_game.contains("not forecasts"),
        "{in_game}"
    );
    assert!(in_game.contains(&format!("each row is {WHAT_IF_GAMES} games")));
    assert_eq!(in_game, cli);
}

/// A frozen copy of the campaign with a `[level] debrief` list and questions (see its header).
fn campaign() -> Level {
    sixparty::level::load_file(Path::new("tests/fixtures/levels/debrief-campaign.toml"))
        .expect("loads")
}

/// A student who opens with a UN sanctions resolution, then presses and pivots to the talks
/// as `pressure-then-talks` does: the first seed whose game reaches a deal.
fn pressed_then_talked(level: &Level) -> Session {
    let un = level
        .scenario
        .action_ids()
        .find(|&a| level.scenario.action(a).id == "un_resolution")
        .expect("the campaign has a UN resolution");
    for seed in 1..40 {
        let start = Session::replay(level.clone(), seed, &[Decision::Act(un)]).expect("affordable");
        let mut log = start.log().to_vec();
        log.extend(
            play_out(
                start.game().clone(),
                seed,
                StrategyKind::PressureThenTalks,
                true,
            )
            .decisions,
        );
        let s = Session::replay(level.clone(), seed, &log).expect("replays");
        if s.game().state().has_deal() {
            return s;
        }
    }
    panic!("no deal in 39 seeds");
}

/// A memo game in which the student first tables an empty draft (rejected), then lets the
/// memo finish.
fn memo_with_a_rejected_draft(level: &Level) -> Session {
    for seed in 1..40 {
        let played = run_game(&level.scenario, seed, StrategyKind::Memo, true);
        let Some(first) = played
            .decisions
            .iter()
            .position(|d| matches!(d, Decision::Table(_)))
        else {
            continue;
        };
        let mut log = played.decisions[..first].to_vec();
        log.push(Decision::Table(vec![0; level.scenario.terms.len()]));
        let start = Session::replay(level.clone(), seed, &log).expect("replays");
        log.extend(play_out(start.game().clone(), seed, StrategyKind::Memo, true).decisions);
        let s = Session::replay(level.clone(), seed, &log).expect("replays");
        // The draft's rejection costs goodwill: keep a game where the memo still agrees one.
        if s.game().state().has_deal() {
            return s;
        }
    }
    panic!("no memo game reached a deal after a rejected draft in 39 seeds");
}

/// Every campaign debrief covers the lesson's meters with charts and causes, and names the
/// student's turning points with the decisions that made them.
fn assert_lesson(report: &str) {
    let meters = section(report, "The lesson's meters");
    assert!(meters.contains("| Cause | By | Change |"), "{meters}");
    assert!(meters.contains("| you |") && meters.contains("| the world |"));
    let turning = section(report, "Your turning points");
    assert!(
        turning.contains("1. **") && turning.contains("   - "),
        "{turning}"
    );
    assert!(report.find("## What this game is about") < report.find("## Timeline"));
    assert!(section(report, "Discussion questions").contains("*(The answer is in: "));
    // The level's lesson meters, sanctions and propaganda among them, each in full.
    for meter in [
        "### Regime support (",
        "### Financial sanctions (",
        "### US–China trust (",
        "### Chinese aid (",
    ] {
        assert!(meters.contains(meter), "missing {meter}");
    }
}

#[test]
fn debrief_of_a_pressure_then_talks_game() {
    let s = pressed_then_talked(&campaign());
    let report = sixparty::debrief::report(&s, Some("Student A"), 0);
    assert_lesson(&report);
    let timeline = section(&report, "Timeline");
    assert!(
        timeline.contains("- You: Push a UN sanctions resolution — chance decided: "),
        "{timeline}"
    );
    assert!(section(&report, "At the table").contains("| accepts |"));
    insta::assert_snapshot!("debrief_pressure_then_talks", report);
}

#[test]
fn debrief_of_a_relief_first_game() {
    let level = campaign();
    let played = run_game(&level.scenario, 2, StrategyKind::ReliefFirst, true);
    let s = Session::replay(level, 2, &played.decisions).expect("replays");
    let report = sixparty::debrief::report(&s, Some("Student B"), 0);
    assert_lesson(&report);
    insta::assert_snapshot!("debrief_relief_first", report);
}

#[test]
fn debrief_of_a_memo_game_with_a_rejected_draft() {
    let s = memo_with_a_rejected_draft(&campaign());
    let report = sixparty::debrief::report(&s, Some("Student C"), 0);
    assert_lesson(&report);
    let table = section(&report, "At the table");
    assert!(
        table.contains("### Package 1 — ") && table.contains(" — rejected"),
        "{table}"
    );
    assert!(
        table.contains("| rejects |") && table.contains("red line on "),
        "{table}"
    );
    assert!(table.contains("### Package 2 — ") && table.contains(" — accepted"));
    assert!(section(&report, "Timeline").contains("— **rejected** by "));
    insta::assert_snapshot!("debrief_memo_rejected_draft", report);
}

/// The causes tables cite the sources behind each change, from the level's `cite` lists:
/// on Fire and Fury, sanctions raise regime support on the strength of the AP's 2013
/// report on propaganda, and that is the source named beside it (not beside unrelated
/// changes of the same action).
#[test]
fn causes_tables_name_the_cited_sources_of_each_change() {
    let level = sixparty::level::builtin("fire-and-fury")
        .expect("built in")
        .expect("valid");
    let played = run_game(&level.scenario, 3, StrategyKind::PressureThenTalks, true);
    let s = Session::replay(level, 3, &played.decisions).expect("replays");
    let report = sixparty::debrief::report(&s, None, 0);
    let support = section(&report, "The lesson's meters");
    let support = &support[support.find("### Regime support").expect("support")..];
    let row = support
        .lines()
        .find(|l| l.starts_with("| Tighten financial sanctions |"))
        .expect("financial sanctions moved regime support");
    assert!(row.contains("Associated Press"), "{row}");
    let financial = &report[report.find("### Financial sanctions").expect("financial")..];
    let row = financial
        .lines()
        .find(|l| l.starts_with("| Tighten financial sanctions |"))
        .expect("the action raised the sanctions level");
    assert!(
        !row.contains("Associated Press"),
        "the propaganda source is not cited for the sanctions level itself: {row}"
    );
}
