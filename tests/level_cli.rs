//! `sixparty level …` driven through the real binary, with `SIXPARTY_HOME` set to a fresh
//! temporary folder so nothing touches the real data folder.

mod cli_support;

use std::path::{Path, PathBuf};
use std::process::Output;

use cli_support::{stderr, stdout};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/levels")
        .join(rel)
}

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    fn levels(&self) -> PathBuf {
        self.dir.path().join("levels")
    }
    fn run(&self, args: &[&str]) -> Output {
        cli_support::sixparty(args, self.dir.path())
    }
}

#[test]
fn check_exits_0_on_valid_and_1_on_invalid_with_file_line_col() {
    let home = Home::new();
    let valid = fixture("valid/minimal.toml");
    let o = home.run(&["level", "check", valid.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("ok, 0 warning(s)"), "{}", stdout(&o));

    let invalid = fixture("invalid/unknown_flag.toml");
    let shown = invalid.display().to_string();
    let o = home.run(&["level", "check", &shown, valid.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("{shown}:29:25: error: unknown flag 'cheatng'")),
        "{out}"
    );
    assert!(out.contains("= help: did you mean 'cheating'?"), "{out}");
}

#[test]
fn check_json_lists_every_error() {
    let home = Home::new();
    let a = fixture("invalid/red_line_out_of_range.toml");
    let b = fixture("invalid/unknown_party.toml");
    let o = home.run(&[
        "level",
        "check",
        "--format",
        "json",
        a.to_str().expect("utf8"),
        b.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let items = json.as_array().expect("array");
    assert_eq!(items.len(), 2, "{json}");
    assert!(items.iter().all(|d| d["severity"] == "error"));
    assert_eq!(items[1]["message"], "unknown party 'chna'");
    assert!(items[1]["line"].as_u64().is_some_and(|l| l > 0));
}

#[test]
fn check_warns_but_exits_0() {
    let home = Home::new();
    let f = fixture("warnings/unused.toml");
    let o = home.run(&["level", "check", f.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("warning: variable 'dust' is never used"),
        "{out}"
    );
    assert!(out.contains("ok, 7 warning(s)"), "{out}");
    // --quick skips the simulated games.
    let o = home.run(&["level", "check", "--quick", f.to_str().expect("utf8")]);
    assert!(stdout(&o).contains("ok, 5 warning(s)"), "{}", stdout(&o));
}

#[test]
fn check_accepts_builtin_ids() {
    let home = Home::new();
    let o = home.run(&[
        "level",
        "check",
        "--quick",
        "iran-p5plus1",
        "revive-the-talks",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn new_writes_a_level_that_checks_lists_and_simulates() {
    let home = Home::new();
    let o = home.run(&["level", "new", "river-treaty"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = home.levels().join("river-treaty.toml");
    assert!(path.is_file());
    assert!(home.levels().join("level.schema.json").is_file());
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.starts_with("#:schema ./level.schema.json\n"));
    assert!(text.contains("id = \"river-treaty\""));

    let o = home.run(&["level", "check", path.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("ok, 0 warning(s)"), "{}", stdout(&o));

    let o = home.run(&["level", "list"]);
    let out = stdout(&o);
    assert!(out.contains("river-treaty"), "{out}");
    assert!(out.contains("River Treaty"), "{out}");
    assert!(out.contains("iran-p5plus1"), "{out}");

    // Found by id, by `simulate` (and so by `play`).
    let o = home.run(&[
        "simulate",
        "river-treaty",
        "--strategy",
        "memo",
        "--games",
        "50",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("treaty"), "{}", stdout(&o));

    // Never overwrites.
    let o = home.run(&["level", "new", "river-treaty"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
}

#[test]
fn new_refuses_bad_names_and_builtin_ids() {
    let home = Home::new();
    for bad in ["../evil", "Has Space", "UPPER", "", "a/b", "\u{1b}[31mx"] {
        let o = home.run(&["level", "new", bad]);
        assert_eq!(o.status.code(), Some(1), "{bad:?}");
        assert!(
            stderr(&o).contains("not a valid level name"),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains('\u{1b}'));
    }
    let o = home.run(&["level", "new", "iran-p5plus1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("built-in level"), "{}", stderr(&o));
    assert!(!home.levels().join("..").join("evil.toml").exists());
}

#[test]
fn install_checks_copies_by_id_and_refuses_to_overwrite() {
    let home = Home::new();
    let src_dir = tempfile::tempdir().expect("tempdir");
    let src = src_dir.path().join("downloaded (1).toml");
    std::fs::copy(fixture("valid/minimal.toml"), &src).expect("copy");

    let o = home.run(&["level", "install", src.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let installed = home.levels().join("fixture.toml");
    assert_eq!(
        std::fs::read(&installed).expect("installed"),
        std::fs::read(&src).expect("source")
    );
    // No temporary files left behind.
    let names: Vec<_> = std::fs::read_dir(home.levels())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(home.levels().join("level.schema.json").is_file());

    let o = home.run(&["level", "install", src.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("use --force"), "{}", stderr(&o));

    let o = home.run(&["level", "install", "--force", src.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = home.run(&["level", "list"]);
    assert!(stdout(&o).contains("fixture"), "{}", stdout(&o));
}

#[test]
fn install_refuses_invalid_levels_and_builtin_ids() {
    let home = Home::new();
    let bad = fixture("invalid/duplicate_id.toml");
    let o = home.run(&["level", "install", bad.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("duplicate variable id 'capital'"),
        "{}",
        stderr(&o)
    );
    assert!(!home.levels().join("fixture.toml").exists());

    let dir = tempfile::tempdir().expect("tempdir");
    let shadow = dir.path().join("shadow.toml");
    let text = std::fs::read_to_string(fixture("valid/minimal.toml"))
        .expect("minimal")
        .replace("id = \"fixture\"", "id = \"revive-the-talks\"");
    std::fs::write(&shadow, text).expect("write");
    let o = home.run(&["level", "install", shadow.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("built-in level"), "{}", stderr(&o));
}

#[test]
fn list_shows_broken_user_levels_with_their_first_error() {
    let home = Home::new();
    std::fs::create_dir_all(home.levels()).expect("mkdir");
    std::fs::copy(
        fixture("invalid/unknown_party.toml"),
        home.levels().join("broken.toml"),
    )
    .expect("copy");
    std::fs::copy(
        fixture("hostile/escapes.toml"),
        home.levels().join("escapes.toml"),
    )
    .expect("copy");
    let o = home.run(&["level", "list"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("revive-the-talks"), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("broken "))
        .unwrap_or_else(|| panic!("broken level hidden:\n{out}"));
    assert!(line.contains("BROKEN:"), "{line}");
    assert!(
        line.contains("broken.toml:33:23: unknown party 'chna'"),
        "{line}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "escape sequence reached the terminal: {out:?}"
    );
    assert!(!out.contains('\u{7}'));
}

#[test]
fn schema_prints_the_committed_schema() {
    let home = Home::new();
    let o = home.run(&["level", "schema"]);
    assert_eq!(o.status.code(), Some(0));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("levels/level.schema.json"),
    )
    .expect("committed schema");
    assert_eq!(stdout(&o), committed);
}

#[test]
fn oversized_files_are_refused_from_disk() {
    let home = Home::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; 1024 * 1024 + 1]).expect("write");
    let o = home.run(&["level", "check", big.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("levels may be at most 1048576 (1 MiB)"),
        "{}",
        stdout(&o)
    );
    let o = home.run(&["level", "install", big.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn list_flags_two_user_files_with_one_id() {
    let home = Home::new();
    std::fs::create_dir_all(home.levels()).expect("mkdir");
    for name in ["a.toml", "b.toml"] {
        std::fs::copy(fixture("valid/minimal.toml"), home.levels().join(name)).expect("copy");
    }
    let o = home.run(&["level", "list"]);
    let out = stdout(&o);
    assert!(out.contains("is also used by"), "{out}");
    // The id still resolves (to one of them) rather than failing.
    let o = home.run(&["level", "check", "--quick", "fixture"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn check_of_a_missing_file_says_so_and_exits_1() {
    let home = Home::new();
    let o = home.run(&["level", "check", "no-such-level"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "no-such-level:1:1: error: no such file, and no built-in or installed level has this id"
        ),
        "{}",
        stdout(&o)
    );
}

/// `level try`: a headless slice from a chosen state. `--set` changes a start value,
/// `--fire` forces an event in the first turn (its `when` ignored), `--months` bounds the
/// slice; the output is the same on every run, and a misspelt name gets a suggestion.
#[test]
fn level_try_plays_a_slice_from_a_chosen_state() {
    let home = Home::new();
    let args = [
        "level",
        "try",
        "thirteen-days",
        "--set",
        "tension=80",
        "--fire",
        "u2_shot_down",
        "--months",
        "2",
        "--strategy",
        "memo",
    ];
    let o = home.run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("tension = 80 (starts at 35)"), "{text}");
    let day1 = text
        .split("\nDay 1 — 16 Oct 1962\n")
        .nth(1)
        .and_then(|rest| rest.split("\nDay 2").next())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(day1.contains("◆ A U-2 is shot down over Cuba"), "{text}");
    assert!(day1.contains("tension 80 → "), "{text}");
    assert!(
        text.contains("\nDay 2 — 17 Oct 1962\n") && !text.contains("Day 3"),
        "{text}"
    );
    assert_eq!(stdout(&home.run(&args)), text, "deterministic");

    let o = home.run(&["level", "try", "thirteen-days", "--set", "tenson=80"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean 'tension'?"),
        "{}",
        stderr(&o)
    );
    let o = home.run(&["level", "try", "thirteen-days", "--set", "tension=500"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("outside its range 0..100"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn simulate_plays_every_game_at_the_difficulty_named() {
    let home = Home::new();
    let o = home.run(&["simulate", "fire-and-fury", "--difficulty", "nope"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no difficulty 'nope'") && err.contains("offers normal, hard, easy"),
        "{err}"
    );

    let summary = |extra: &[&str]| {
        let mut args = vec![
            "simulate",
            "fire-and-fury",
            "--games",
            "40",
            "--strategy",
            "memo",
            "--threads",
            "1",
            "--json",
        ];
        args.extend_from_slice(extra);
        let o = home.run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json summary");
        json["final_means"].clone()
    };
    let default = summary(&[]);
    // The first difficulty is the default: naming it plays the same games.
    assert_eq!(summary(&["--difficulty", "normal"]), default);
    // Hard starts with less capital and standing: the games end elsewhere.
    let hard = summary(&["--difficulty", "hard"]);
    assert_ne!(hard, default);
    assert!(
        hard["standing"].as_f64() < default["standing"].as_f64(),
        "hard {hard} vs default {default}"
    );
}

/// `level list` gives each level's length in its own turns: Thirteen Days is 13 days, not
/// 13 months (the column said "months" for every level).
#[test]
fn level_list_gives_lengths_in_each_levels_turns() {
    let home = Home::new();
    let o = home.run(&["level", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let row = |id: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} in\n{text}"))
            .to_string()
    };
    assert!(row("thirteen-days").contains(" 13 days "), "{text}");
    assert!(row("revive-the-talks").contains(" 36 months "), "{text}");
    assert!(
        !text.lines().next().unwrap_or("").contains("months"),
        "{text}"
    );
}
