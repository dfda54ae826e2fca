//! The class tools from the command line: `class new` prints a code, `simulate --code` plays
//! exactly that game (typed sloppily), `class report` turns a served class's saves into one
//! folder (the sheet with one row per game, and a debrief per game), and `hand-in` writes the
//! finished game as NAME-LEVEL-CODE.json.

mod cli_support;

use std::path::Path;

use cli_support::{command, sixparty};

/// `class new`'s code, from its first line.
fn new_code(home: &Path) -> String {
    let out = sixparty(
        &["class", "new", "revive-the-talks", "--seed", "48213"],
        home,
    );
    assert!(out.status.success(), "{}", cli_support::stderr(&out));
    let stdout = cli_support::stdout(&out);
    assert!(stdout.contains("sixparty serve --code"), "{stdout}");
    assert!(stdout.contains("ssh -p 2222"), "{stdout}");
    stdout
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Class code: "))
        .and_then(|l| l.split_whitespace().next())
        .expect("a code on the first line")
        .to_string()
}

#[test]
fn a_class_from_code_to_report() {
    let home = tempfile::tempdir().expect("temp");
    let code = new_code(home.path());
    assert_eq!(code.len(), 9, "{code}");
    // Typed sloppily: lower case, a space for the dash.
    let sloppy = code.to_lowercase().replace('-', " ");
    let games = home.path().join("games");
    let out = sixparty(
        &[
            "simulate",
            "--code",
            &sloppy,
            "--strategy",
            "memo",
            "--json",
            "--save-games",
        ],
        home.path(),
    );
    assert!(!out.status.success(), "--save-games needs its folder");
    let out = command(home.path())
        .args([
            "simulate",
            "--code",
            &sloppy,
            "--strategy",
            "memo",
            "--json",
            "--save-games",
        ])
        .arg(&games)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", cli_support::stderr(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(summary["seed"], 48213);
    assert_eq!(summary["games"], 1);
    let game = std::fs::read_dir(&games)
        .expect("saved")
        .flatten()
        .next()
        .expect("one game")
        .path();

    // A served class: ana's game as a manual save and its autosave (one game, two files).
    let saves = home
        .path()
        .join("classes")
        .join(&code)
        .join("ana")
        .join("saves");
    std::fs::create_dir_all(&saves).expect("folder");
    std::fs::copy(&game, saves.join("mine.json")).expect("copy");
    std::fs::copy(&game, saves.join("autosave-1.json")).expect("copy");
    let report = home.path().join("report");
    let out = command(home.path())
        .args(["class", "report", &sloppy, "--what-if", "0", "-o"])
        .arg(&report)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", cli_support::stderr(&out));
    let sheet = std::fs::read_to_string(report.join(format!("{code}.csv"))).expect("sheet");
    assert!(sheet.starts_with('\u{feff}'), "a BOM for Excel");
    let rows: Vec<&str> = sheet.lines().collect();
    assert_eq!(rows.len(), 2, "one row for the one game:\n{sheet}");
    assert!(
        rows[0].contains("Standing in Washington"),
        "labels as headers"
    );
    assert!(
        rows[1].contains("\"=\"\"48213\"\"\""),
        "the seed as text: {}",
        rows[1]
    );
    let debriefs: Vec<_> = std::fs::read_dir(report.join("debriefs"))
        .expect("debriefs")
        .flatten()
        .collect();
    assert_eq!(debriefs.len(), 1);

    // hand-in: the finished game, named for the player, in the folder asked for.
    std::fs::create_dir_all(home.path().join("saves")).expect("folder");
    std::fs::copy(&game, home.path().join("saves").join("mine.json")).expect("copy");
    let out_dir = home.path().join("hand-in");
    let out = command(home.path())
        .args(["hand-in", "--name", "Ana Lòpez", "-o"])
        .arg(&out_dir)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", cli_support::stderr(&out));
    let handed = out_dir.join(format!("Ana-Lòpez-revive-the-talks-{code}.json"));
    assert_eq!(
        std::fs::read(&handed).expect("handed in"),
        std::fs::read(&game).expect("original"),
        "the save's bytes, unchanged"
    );
}

#[test]
fn bad_codes_and_seeds_are_refused_with_exit_1() {
    let home = tempfile::tempdir().expect("temp");
    let out = sixparty(&["simulate", "--code", "ZZZZ-ZZZZ"], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(cli_support::stderr(&out).contains("no level here matches"));
    let out = sixparty(
        &["class", "new", "revive-the-talks", "--seed", "99999999"],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let out = sixparty(&["hand-in"], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(cli_support::stderr(&out).contains("no finished game"));
}
