//! The authors' workbench: `simulate --report` (why a strategy wins or fails) and the
//! searching player (`--strategy search`), on a level with a planted degenerate line.

mod cli_support;

use std::sync::Arc;

use sixparty::engine::Scenario;
use sixparty::level;
use sixparty::sim::report::report;
use sixparty::sim::search::{self, Config, Objective};
use sixparty::sim::{self, StrategyKind};

const PLANTED: &str = include_str!("fixtures/levels/search/planted-exploit.toml");

fn planted() -> Arc<Scenario> {
    let (scenario, warnings) = level::load_str("planted-exploit.toml", PLANTED).expect("valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    Arc::new(scenario)
}

fn config(scenario: &Scenario, threads: usize) -> Config {
    Config {
        objective: Objective::Ending(scenario.ending_id("accord").expect("declared")),
        rollouts: 128,
        threads,
    }
}

/// The planted line (back channel in month 1, envoy and a package in month 4) is found by
/// the search on every game, and the trimmed line is exactly the exploit.
#[test]
fn search_finds_the_planted_month_4_accord() {
    let scenario = planted();
    let found = search::search(&scenario, 3, 1, &config(&scenario, 2));
    assert_eq!(found.summary.endings.get("accord"), Some(&3), "{found:?}");
    let line = found.shortest.expect("a winning line");
    assert_eq!(line.ending, "accord");
    assert!(line.month <= 4, "ended in month {}", line.month);
    let steps: Vec<(u16, &str)> = line
        .steps
        .iter()
        // Answers to events the world sent are forced (the game waits for them); the
        // exploit is the player's own three moves.
        .filter(|s| s.what != "end the turn" && !s.what.starts_with("answer "))
        .map(|s| (s.month, s.what.as_str()))
        .collect();
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert_eq!(steps[0].0, 1);
    assert!(steps[0].1.contains("'back_channel'"), "{steps:?}");
    assert!(steps[1].1.contains("'envoy'"), "{steps:?}");
    assert!(steps[2].1.starts_with("table inspections="), "{steps:?}");
}

/// No scripted strategy takes the planted line: none reaches the accord by month 4 (memo
/// does reach it, the honest way, late).
#[test]
fn scripted_strategies_miss_the_planted_line() {
    let scenario = planted();
    for kind in [
        StrategyKind::Memo,
        StrategyKind::PressureOnly,
        StrategyKind::PressureThenTalks,
        StrategyKind::ReliefFirst,
        StrategyKind::Passive,
        StrategyKind::Greedy,
    ] {
        for r in sim::run_many(&scenario, kind, 200, 7, 2, false) {
            assert!(
                !(r.ending.as_deref() == Some("accord") && r.months <= 4),
                "{} found the accord in month {}",
                kind.name(),
                r.months
            );
        }
    }
    let memo = sim::simulate(&scenario, StrategyKind::Memo, 100, 7, 2);
    assert!(memo.share("accord") > 0.5, "{memo:?}");
}

/// The search's games are a function of the seed alone, not of the number of threads.
#[test]
fn search_is_deterministic_at_any_thread_count() {
    let scenario = planted();
    let (one, _) = search::play(&scenario, 42, &config(&scenario, 1));
    let (two, _) = search::play(&scenario, 42, &config(&scenario, 2));
    assert_eq!(one.decisions, two.decisions);
    assert_eq!(one.final_vars, two.final_vars);
}

/// The report is the same on one thread and on three, and its endings are the plain
/// simulation's (the observer only looks).
#[test]
fn report_is_deterministic_and_matches_simulate() {
    let scenario = planted();
    let kinds = [StrategyKind::Memo, StrategyKind::Random];
    let a = serde_json::to_string(&report(&scenario, &kinds, 150, 3, 1)).expect("json");
    let b = serde_json::to_string(&report(&scenario, &kinds, 150, 3, 3)).expect("json");
    assert_eq!(a, b);
    let r = report(&scenario, &kinds, 150, 3, 2);
    for (kind, s) in kinds.iter().zip(&r.strategies) {
        let plain = sim::simulate(&scenario, *kind, 150, 3, 2);
        for e in &s.endings {
            assert_eq!(
                plain.endings.get(&e.id).copied().unwrap_or(0) as u64,
                e.games,
                "{} {}",
                kind.name(),
                e.id
            );
        }
        assert_eq!(plain.victories as u64, s.victories);
    }
}

/// What the report says about the memo on the planted level: why the envoy and the back
/// channel were never sent (the failing part of their conditions), how often the incident
/// fired and which option it answered with, which packages it tabled, and the trajectory
/// of trust (0 at the start, 60 at the end).
#[test]
fn report_says_why() {
    let scenario = planted();
    let r = report(&scenario, &[StrategyKind::Memo], 100, 5, 2);
    let memo = &r.strategies[0];
    assert_eq!(memo.games, 100);
    let action = |id: &str| memo.actions.iter().find(|a| a.id == id).expect("action");
    let envoy = action("envoy");
    assert_eq!(envoy.taken, 0);
    let first = &envoy.reasons[0];
    assert_eq!(first.kind, "unavailable");
    assert_eq!(first.condition.as_deref(), Some("flag(channel)"));
    assert_eq!(first.months, envoy.blocked_months);
    let back = action("back_channel");
    assert_eq!(back.reasons[0].condition.as_deref(), Some("turn == 0"));
    // Talks: taken up to stage 5, then blocked by `talks < 5` with talks at 5.
    let talks = action("advance_talks");
    assert_eq!(talks.taken, 500);
    let why = &talks.reasons[0];
    assert_eq!(why.condition.as_deref(), Some("talks < 5"));
    assert_eq!(why.variable.as_deref(), Some("talks"));
    assert_eq!(why.mean_value, Some(5.0));
    // The incident's answers add up to its firings, all 'calm' (the memo's tag).
    let incident = &memo.events[0];
    let answers: u64 = incident.options.iter().map(|o| o.count).sum();
    assert_eq!(answers, incident.fired);
    assert_eq!(incident.options[1].count, incident.fired);
    // Every accord came from an accepted package.
    let accord = memo
        .endings
        .iter()
        .find(|e| e.id == "accord")
        .expect("ending");
    assert_eq!(memo.packages.accepted, accord.games);
    assert!(accord.mean_month.is_some_and(|m| m > 4.0));
    let trust = memo.meters.iter().find(|m| m.id == "trust").expect("meter");
    assert_eq!(trust.rows[0].median, 0.0);
    assert_eq!(trust.rows[0].games, 100);
}

/// A rejected package is put down to the party and the term: without the protocol and
/// with little trust, the rival turns down inspections ("short of reservation", with
/// inspections weighing most against).
#[test]
fn report_names_who_rejected_on_which_term() {
    let scenario = planted();
    let r = report(&scenario, &[StrategyKind::Random], 300, 9, 2);
    let p = &r.strategies[0].packages;
    assert!(p.tabled > p.accepted, "{p:?}");
    let rival = p
        .rejections
        .iter()
        .find(|x| x.party == "rival" && x.kind == "short of reservation")
        .expect("the rival rejects");
    assert_eq!(rival.term.as_deref(), Some("inspections"));
}

/// `sixparty ARGS` in its own empty home: it must succeed; what it printed.
fn stdout_of(args: &[&str]) -> String {
    let home = tempfile::tempdir().expect("temp dir");
    let out = cli_support::sixparty(args, home.path());
    assert!(out.status.success(), "{out:?}");
    cli_support::stdout(&out)
}

/// The command line: `simulate --report` draws charts; `--strategy search --target` prints
/// the shortest line.
#[test]
fn cli_report_and_search() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/levels/search/planted-exploit.toml"
    );
    let text = stdout_of(&[
        "simulate",
        path,
        "--report",
        "--strategy",
        "memo,passive",
        "--games",
        "50",
    ]);
    assert!(text.contains("strategy 'memo'") && text.contains("strategy 'passive'"));
    assert!(text.contains("Meters by month"), "{text}");
    assert!(text.contains(" ┤") && text.contains('●'), "{text}");
    assert!(text.contains("`flag(channel)` false"), "{text}");
    let json = stdout_of(&[
        "simulate",
        path,
        "--report",
        "--json",
        "--strategy",
        "memo,pressure-only,random",
        "--games",
        "20",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["strategies"].as_array().map(Vec::len), Some(3));
    assert_eq!(value["strategies"][1]["strategy"], "pressure-only");
    // The default number of rollouts.
    let text = stdout_of(&[
        "simulate",
        path,
        "--strategy",
        "search",
        "--target",
        "accord",
        "--games",
        "1",
    ]);
    assert!(
        text.contains("Shortest winning line: 'accord' in month 4"),
        "{text}"
    );
    assert!(
        text.contains("'back_channel'") && text.contains("'envoy'"),
        "{text}"
    );
}

/// Mistakes that used to pass silently are warned about, each exactly once at its line
/// (the fixture's `# expect:` lines), and `[level] allow` silences what it names.
#[test]
fn silent_mistakes_are_warned_about_once_each() {
    let text = include_str!("fixtures/levels/warnings/silent.toml");
    let (report, level) = level::check_str("silent.toml", text, 0);
    assert!(
        level.is_some() && !report.has_errors(),
        "{}",
        report.render()
    );
    let expected: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .collect();
    assert_eq!(expected.len(), 8);
    let rendered = report.render();
    let found: Vec<&str> = rendered
        .lines()
        .filter(|l| l.starts_with("silent.toml:"))
        .collect();
    assert_eq!(found.len(), expected.len(), "{rendered}");
    for want in &expected {
        let (at, message) = want.split_at(want.find(": ").expect("line:col: message"));
        let hits = found
            .iter()
            .filter(|l| {
                l.starts_with(&format!("silent.toml:{at}: warning")) && l.contains(&message[2..])
            })
            .count();
        assert_eq!(hits, 1, "{want}\n{rendered}");
    }
    // Each warning says how to mark it intended; the typo gets a suggestion.
    assert!(
        rendered.contains("add \"never-true:summit\" to [level] allow"),
        "{rendered}"
    );
    assert!(rendered.contains("did you mean 'pressure'?"), "{rendered}");
    assert!(
        rendered.contains("did you mean 'never-fires'?"),
        "{rendered}"
    );
    assert!(
        !rendered.contains("'spare'") && !rendered.contains("'flavour'"),
        "{rendered}"
    );
}

/// The interval proof does not cry wolf: a weight that would be negative only where its
/// event's `when` fails, and conditions that can hold, give no warning (the shipped
/// levels have several such weights).
#[test]
fn guarded_weights_and_satisfiable_conditions_are_quiet() {
    for (id, _, text) in level::BUILTIN {
        let (report, _) = level::check_str(id, text, 0);
        let rendered = report.render();
        for code in ["never-true", "negative-weight", "no-option", "unknown-tag"] {
            assert!(
                !rendered.contains(&format!("\"{code}:")),
                "{id}: {rendered}"
            );
        }
    }
}

/// `level install` prints the level's warnings, not only how many there are.
#[test]
fn install_prints_the_warnings() {
    let home = tempfile::tempdir().expect("temp dir");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/levels/warnings/silent.toml"
    );
    let out = cli_support::sixparty(&["level", "install", path], home.path());
    assert!(out.status.success(), "{out:?}");
    let stderr = cli_support::stderr(&out);
    assert!(
        stderr.contains("silent.toml:61:6: warning: action 'summit' can never be taken"),
        "{stderr}"
    );
    assert!(stderr.contains("8 warning(s)"), "{stderr}");
}

/// On a day level (Thirteen Days), `simulate`'s summary, `--report` and `--strategy
/// search` count in days, not months (they said "Months" and "month" on every level).
#[test]
fn simulate_speaks_the_levels_turn_unit() {
    let summary = stdout_of(&["simulate", "thirteen-days", "--games", "20"]);
    assert!(summary.contains("\nDays: mean "), "{summary}");
    assert!(summary.contains("ended before day 6"), "{summary}");
    assert!(!summary.to_lowercase().contains("month"), "{summary}");
    let report = stdout_of(&[
        "simulate",
        "thirteen-days",
        "--report",
        "--strategy",
        "memo",
        "--games",
        "20",
    ]);
    assert!(report.contains("mean day"), "{report}");
    assert!(report.contains("Meters by day"), "{report}");
    assert!(report.contains("day ends out of reach"), "{report}");
    assert!(!report.to_lowercase().contains("month"), "{report}");
    let search = stdout_of(&[
        "simulate",
        "thirteen-days",
        "--strategy",
        "search",
        "--rollouts",
        "4",
        "--games",
        "1",
    ]);
    assert!(!search.to_lowercase().contains("month"), "{search}");
    // Monthly levels keep their months.
    let monthly = stdout_of(&["simulate", "tutorial", "--games", "5"]);
    assert!(monthly.contains("\nMonths: mean "), "{monthly}");
}

/// A warning can be marked intended on its entry (`lint.allow = ["CODE"]`), not only
/// level-wide, and it then covers that entry only; the old free-text `source` warning has a
/// code like every other warning (`source-without-cite`), so it can be allowed too. JSON
/// diagnostics carry the code.
#[test]
fn warnings_are_allowed_per_entry_and_every_warning_has_a_code() {
    let base = "[level]\nid = \"x\"\ntitle = \"X\"\nstart = \"2020-01\"\nmonths = 3\n\
                capital = \"capital\"\ntimeout_ending = \"done\"\nALLOW\n\
                [[variables]]\nid = \"capital\"\nstart = 5\n\
                [[variables]]\nid = \"spare\"\nstart = 1\nlint.allow = [\"unused-variable\"]\n\
                [[variables]]\nid = \"other\"\nstart = 1\n\
                [[actions]]\nid = \"act\"\nname = \"Act\"\ntradeoff = \"t\"\nsource = \"A book\"\n\
                effects = [{ add = \"capital\", amount = -1 }]\n\
                [[endings]]\nid = \"done\"\ntitle = \"D\"\ntext = \"t\"\ngrade = \"C\"\n\
                at_time_limit = true\nwhen = \"capital >= 0\"\n";
    let text = base.replace("ALLOW", "");
    let (report, level) = level::check_str("x.toml", &text, 0);
    let rendered = report.render();
    assert!(level.is_some(), "{rendered}");
    assert!(!rendered.contains("'spare'"), "{rendered}");
    assert!(
        rendered.contains("variable 'other' is never used"),
        "{rendered}"
    );
    assert!(
        rendered.contains("add \"source-without-cite:act\" to [level] allow"),
        "{rendered}"
    );
    let json = report.to_json();
    let codes: Vec<&str> = json.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(
        codes.len(),
        json.len(),
        "every warning has a code: {json:?}"
    );
    assert!(codes.contains(&"source-without-cite"), "{codes:?}");
    // The control-character warning has a code too, and no allow hides it.
    let text = base
        .replace("ALLOW", "allow = [\"control-characters\"]")
        .replace("name = \"Act\"", "name = \"Act\\u001b[2J\"");
    let (report, _) = level::check_str("x.toml", &text, 0);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code.as_deref() == Some("control-characters")),
        "{}",
        report.render()
    );
    // Level-wide, by code.
    let text = base.replace("ALLOW", "allow = [\"source-without-cite\"]");
    let (report, _) = level::check_str("x.toml", &text, 0);
    assert!(!report.render().contains("source"), "{}", report.render());
    // An unknown code in an entry's allow is itself a warning.
    let text = base
        .replace("ALLOW", "")
        .replace("[\"unused-variable\"]", "[\"unused-variabel\"]");
    let (report, _) = level::check_str("x.toml", &text, 0);
    let rendered = report.render();
    assert!(
        rendered.contains("did you mean 'unused-variable'?"),
        "{rendered}"
    );
}
