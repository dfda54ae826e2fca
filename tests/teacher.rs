//! Teacher materials on the command line: `sixparty level info LEVEL` prints what a teacher
//! needs before class, `sixparty handout LEVEL [-o FILE] [--teacher]` writes the students'
//! briefing packet, and the teacher notes reach students only when asked for.

mod cli_support;

use std::path::Path;

use cli_support::{sixparty, text};

const ADDITIONS: &str = "tests/fixtures/levels/valid/format_additions.toml";
const CAMPAIGN_COPY: &str = "tests/fixtures/levels/debrief-campaign.toml";

#[test]
fn level_info_prints_briefing_parties_goals_assumptions_questions_and_balance() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = sixparty(&["level", "info", CAMPAIGN_COPY], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let info = text(&out.stdout);
    for heading in [
        "DESCRIPTION\n",
        "BRIEFING\n",
        "PARTIES\n",
        "ENDINGS\n",
        "LEARNING GOALS\n",
        "ASSUMPTIONS\n",
        "DISCUSSION QUESTIONS\n",
        "FOR THE CLASS\n",
    ] {
        assert!(info.contains(heading), "missing {heading:?}:\n{info}");
    }
    // Parties with what the player must discover, and the questions the level attaches
    // to endings and meters as well as its own.
    assert!(info.contains("Top priority (hidden from the player until consulted): "));
    assert!(info.contains("Red line on Inspections: "));
    assert!(info.contains("(ending “Verified freeze — stopped in its tracks”) The freeze"));
    assert!(info.contains("(meter “Regime support”) When did regime support rise"));
    assert!(info.contains("Verified denuclearization (grade A, a win)"));

    // A level with every teacher field: thesis, the memo's plan and balance too.
    let out = sixparty(&["level", "info", ADDITIONS], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let info = text(&out.stdout);
    for part in [
        "THESIS\n  Private channels end crises that public threats start.",
        "THE MEMO'S PLAN\n",
        "BALANCE\n  Tuned so that the memo wins about half the games.",
    ] {
        assert!(info.contains(part), "missing {part:?}:\n{info}");
    }
}

#[test]
fn level_info_of_a_level_that_does_not_exist_is_bad_input() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = sixparty(&["level", "info", "no-such-level"], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no level named 'no-such-level'"));
    let out = sixparty(&["handout", "no-such-level"], home.path());
    assert_eq!(out.status.code(), Some(1));
}

/// The fixture with every format addition, its notes kept from students or not.
fn additions(home: &Path, show_to_students: bool) -> String {
    let source = std::fs::read_to_string(ADDITIONS).expect("reads");
    assert!(source.contains("show_to_students = true"));
    let text = source.replace(
        "show_to_students = true",
        &format!("show_to_students = {show_to_students}"),
    );
    let file = home.join(format!("additions-{show_to_students}.toml"));
    std::fs::write(&file, text).expect("writes");
    file.to_str().expect("utf-8").to_string()
}

#[test]
fn handout_writes_a_briefing_packet_with_glossary_history_and_sources() {
    let home = tempfile::tempdir().expect("tempdir");
    let level = additions(home.path(), false);
    let file = home.path().join("packet.md");
    let out = sixparty(
        &["handout", &level, "-o", file.to_str().expect("utf-8")],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let packet = std::fs::read_to_string(&file).expect("written");
    assert!(packet.starts_with("# Format additions — briefing packet\n"));
    for part in [
        "*16 Oct 1962 – 28 Oct 1962, 13 days.",
        "## The parties\n",
        "### Soviet Union\n\nThe missiles are defensive.",
        "## Glossary\n\n- **Quarantine** — A naval blockade",
        "## What really happened\n",
        "| 22 Oct 1962 | Kennedy announces the quarantine. | [1] |",
        "## Sources\n\n1. John F. Kennedy, Radio and Television Report",
        "2. Graham Allison, Essence of Decision, 1971",
    ] {
        assert!(packet.contains(part), "missing {part:?}:\n{packet}");
    }
    // Students' copy: no teacher notes unless asked for.
    assert!(!packet.contains("## For teachers"), "{packet}");
    assert!(!packet.contains("Private channels"), "{packet}");

    let out = sixparty(&["handout", &level, "--teacher"], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let packet = text(&out.stdout);
    assert!(packet.contains("## For teachers\n"));
    assert!(
        packet.contains("### Thesis\n\nPrivate channels end crises that public threats start.")
    );
    assert!(packet.contains("- What could have stopped it? *(ending “Over the brink”)*"));
}

#[test]
fn a_level_that_shows_its_notes_to_students_puts_them_in_the_handout() {
    let home = tempfile::tempdir().expect("tempdir");
    let level = additions(home.path(), true);
    let out = sixparty(&["handout", &level], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("## For teachers\n"));
}

#[test]
fn the_handout_is_not_written_over_its_level_file() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = home.path().join("level.toml");
    std::fs::copy(ADDITIONS, &file).expect("copies");
    let before = std::fs::read(&file).expect("reads");
    let path = file.to_str().expect("utf-8");
    let out = sixparty(&["handout", path, "-o", path], home.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&file).expect("reads"), before);
}
