//! The save system in the game, driven by messages: autosave every month (and its failure),
//! the `s` prompt, Continue, the Load screen (delete, broken saves and their backups, a
//! changed level), and rewind. With the in-memory fake store, and with the real store in a
//! temporary folder.

mod ui_support;

use std::path::Path;

use sixparty::level::Level;
use sixparty::save::{self, SaveStore as DiskStore};
use sixparty::ui::dialogs::{
    Confirm, ConfirmQuit, Help, LoadChoice, LoadProblem, Notice, SavePrompt,
};
use sixparty::ui::disk::DiskSaves;
use sixparty::ui::fake_saves::FakeSaves;
use sixparty::ui::model::{LoadFrom, SaveKind, SaveStore, Screen};
use ui_support::*;

/// Type text into a field, every character as itself.
fn typed(m: &mut Ui, text: &str) {
    keys(m, &text.replace('<', "<lt>"));
}

fn slots(store: &FakeSaves) -> Vec<String> {
    store
        .list()
        .expect("list")
        .into_iter()
        .map(|s| s.key)
        .collect()
}

#[test]
fn every_month_is_autosaved_and_three_are_kept() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    assert!(
        slots(&store).is_empty(),
        "nothing saved before a month ends"
    );
    for months in 1..=5u16 {
        next_month(&mut m);
        let autos = store
            .list()
            .expect("list")
            .into_iter()
            .filter(|s| s.kind == SaveKind::Auto)
            .count();
        assert_eq!(autos, usize::from(months.min(3)));
    }
    // The newest autosave is this very month.
    let latest = &store.list().expect("list")[0];
    assert_eq!(latest.info.as_ref().expect("reads").turn, turn(&m));
    assert!(m.has_saves(), "the title's cache knows");
}

#[test]
fn an_autosave_failure_is_told_once_in_full_and_the_game_goes_on() {
    let store = FakeSaves::new();
    store.data().fail_writes = Some("No space left on device (os error 28)".into());
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    keys(&mut m, "<Enter>");
    next_month(&mut m);
    assert_eq!(turn(&m), 1);
    // The first failure is a notice with the whole reason (a status line is cut at 80
    // columns, where the reason came last) and what to do.
    let notice = m
        .dialog::<Notice>()
        .expect("a notice says the autosave failed");
    let text = notice.lines.join(" ");
    assert!(
        notice.title.contains("Autosave failed") && text.contains("No space left"),
        "{notice:?}"
    );
    assert!(text.contains("press s"), "{text}");
    keys(&mut m, "<Enter>");
    assert!(m.dialog::<Notice>().is_none());
    assert_eq!(m.screen, Screen::Main);
    // Later failures are a short status line, not a box every month.
    next_month(&mut m);
    assert_eq!(turn(&m), 2, "the game goes on");
    assert!(m.dialog::<Notice>().is_none(), "told once");
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains("Autosave failed again"), "{status}");
    // Space freed: the next month-end saves and says so.
    store.data().fail_writes = None;
    next_month(&mut m);
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains("Autosave works again"), "{status}");
    assert!(!slots(&store).is_empty());
}

#[test]
fn s_saves_under_an_editable_default_name() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    keys(&mut m, "s");
    assert_eq!(
        m.dialog::<SavePrompt>().expect("prompt").input,
        "revive-the-talks-2017-01"
    );
    // Every letter is text in the prompt: q does not quit, n does not end the month.
    typed(&mut m, "-qn?");
    assert!(!m.has_dialog::<ConfirmQuit>() && !m.has_dialog::<Help>());
    assert_eq!(turn(&m), 0);
    keys(&mut m, "<BS><BS><BS>");
    assert_eq!(
        m.dialog::<SavePrompt>().expect("prompt").input,
        "revive-the-talks-2017-01-"
    );
    keys(&mut m, "<C-u>");
    typed(&mut m, "before the talks");
    keys(&mut m, "<Enter>");
    assert!(!m.has_dialog::<SavePrompt>());
    assert_eq!(m.status.as_deref(), Some("Saved as 'before the talks'."));
    // Again to the same name: the old version becomes the backup, and the player is told.
    next_month(&mut m);
    keys(&mut m, "s<C-u>");
    typed(&mut m, "before the talks");
    let shown = render(&mut m, 80, 24);
    assert!(shown.contains("exists"), "the prompt warns:\n{shown}");
    keys(&mut m, "<Enter>");
    assert!(
        m.status.as_deref().is_some_and(|s| s.contains("backup")),
        "{:?}",
        m.status
    );
    let data = store.data();
    let save = data.get("before the talks").expect("saved");
    assert!(save.backup.is_some());
    assert_eq!(
        save.backup.as_ref().expect("backup").game().state().turn(),
        0
    );
}

#[test]
fn a_refused_name_says_why_and_keeps_the_prompt() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    for bad in ["../escape", "CON", "  ", "a:b"] {
        keys(&mut m, "s<C-u>");
        typed(&mut m, bad);
        keys(&mut m, "<Enter>");
        let prompt = m.dialog::<SavePrompt>().expect("still open");
        assert!(
            prompt
                .error
                .as_deref()
                .is_some_and(|e| e.contains("cannot be a save name")),
            "{bad}: {:?}",
            prompt.error
        );
        keys(&mut m, "<Esc>");
        assert!(!m.has_dialog::<SavePrompt>(), "Esc cancels");
    }
    assert!(slots(&store).is_empty(), "nothing was written");
}

#[test]
fn a_failed_manual_save_shows_the_store_message() {
    let store = FakeSaves::new();
    store.data().fail_writes = Some("could not save: No space left on device".into());
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    keys(&mut m, "s<Enter>");
    let prompt = m.dialog::<SavePrompt>().expect("still open");
    assert!(
        prompt
            .error
            .as_deref()
            .is_some_and(|e| e.contains("No space"))
    );
    keys(&mut m, "<Esc>n");
    assert!(turn(&m) >= 1 || m.game.as_ref().is_some(), "still playing");
}

#[test]
fn continue_loads_the_latest_save() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    next_month(&mut m);
    next_month(&mut m);
    let log = m.game.as_ref().expect("game").session.log().to_vec();
    // A new start of the game, same folder.
    let mut again = model_with(Box::new(store.clone()));
    assert!(again.has_saves());
    keys(&mut again, "c");
    assert_eq!(again.screen, Screen::Main);
    assert_eq!(turn(&again), 2);
    assert_eq!(again.game.as_ref().expect("game").session.log(), &log[..]);
}

#[test]
fn continue_skips_a_broken_newest_save() {
    let mut m = in_game();
    next_month(&mut m);
    let session = m.game.as_ref().expect("game").session.clone();
    let store = FakeSaves::new().with("good", Ok(session)).with(
        "broken",
        Err("broken.json: the save is empty (0 bytes of game data)".into()),
    );
    let mut m = model_with(Box::new(store));
    keys(&mut m, "c");
    assert_eq!(m.screen, Screen::Main);
    assert_eq!(turn(&m), 1);
}

#[test]
fn the_load_screen_deletes_after_a_yes() {
    let mut m = in_game();
    next_month(&mut m);
    let session = m.game.as_ref().expect("game").session.clone();
    let store = FakeSaves::new()
        .with("one", Ok(session.clone()))
        .with("two", Ok(session));
    let mut m = model_with(Box::new(store.clone()));
    keys(&mut m, "l");
    assert_eq!(m.screen, Screen::Load);
    assert_eq!(m.saves_list[0].key, "two", "most recent first");
    keys(&mut m, "d");
    assert!(m.has_dialog::<Confirm>());
    keys(&mut m, "n");
    assert!(!m.has_dialog::<Confirm>());
    assert_eq!(slots(&store), ["two", "one"], "no means no");
    keys(&mut m, "<Down>dy");
    assert_eq!(slots(&store), ["two"]);
    assert_eq!(m.saves_list.len(), 1);
    assert_eq!(m.load.selected, 0, "the cursor stays on the list");
    assert!(
        m.status
            .as_deref()
            .is_some_and(|s| s.contains("Deleted 'one'"))
    );
    keys(&mut m, "dy");
    assert!(m.saves_list.is_empty());
    // Nothing left to delete: d does nothing, Esc goes back.
    keys(&mut m, "d");
    assert!(!m.has_dialog::<Confirm>());
    keys(&mut m, "<Esc>");
    assert_eq!(m.screen, Screen::Title);
    assert!(!m.has_saves());
}

#[test]
fn a_broken_save_offers_its_backup() {
    let mut m = in_game();
    next_month(&mut m);
    let session = m.game.as_ref().expect("game").session.clone();
    let store = FakeSaves::new().with("mine", Ok(session));
    {
        let mut data = store.data();
        let save = data.get_mut("mine").expect("saved");
        save.backup = save.session.clone().ok();
        save.session = Err("mine.json: this is not a sixparty save (not valid JSON)".into());
    }
    let mut m = model_with(Box::new(store));
    keys(&mut m, "l<Enter>");
    let problem = m.dialog::<LoadProblem>().expect("a problem");
    assert!(problem.failure.message.contains("not valid JSON"));
    assert_eq!(problem.choices(), [LoadChoice::Backup, LoadChoice::Back]);
    keys(&mut m, "<Enter>");
    assert!(!m.has_dialog::<LoadProblem>());
    assert_eq!(m.screen, Screen::Main);
    assert!(m.status.as_deref().is_some_and(|s| s.contains("backup")));
}

#[test]
fn a_changed_level_offers_to_try_anyway_and_shows_the_warnings() {
    let mut m = in_game();
    next_month(&mut m);
    let store = FakeSaves::new().with("old", Ok(m.game.as_ref().expect("game").session.clone()));
    if let Some(s) = store.data().get_mut("old") {
        s.level_changed = true;
    }
    let mut m = model_with(Box::new(store));
    keys(&mut m, "c");
    assert_eq!(m.screen, Screen::Title, "not loaded yet");
    let problem = m.dialog::<LoadProblem>().expect("a problem");
    assert_eq!(problem.choices(), [LoadChoice::Anyway, LoadChoice::Back]);
    // Back leaves everything as it was.
    keys(&mut m, "<Esc>");
    assert!(!m.has_dialog::<LoadProblem>() && m.game.is_none());
    keys(&mut m, "ca");
    assert_eq!(m.screen, Screen::Main);
    let notice = m.dialog::<Notice>().expect("warnings shown");
    assert!(notice.lines[0].contains("changed"));
    // The warnings wait for Enter and swallow other keys.
    keys(&mut m, "n");
    assert_eq!(turn(&m), 1);
    keys(&mut m, "<Enter>");
    assert!(!m.has_dialog::<Notice>());
}

#[test]
fn rewind_branches_into_a_new_save_and_plays_on() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    keys(&mut m, "<Enter>");
    next_month(&mut m);
    keys(&mut m, "<Enter>");
    next_month(&mut m);
    next_month(&mut m);
    let now = turn(&m);
    assert_eq!(now, 3);
    keys(&mut m, "r");
    assert_eq!(m.screen, Screen::Rewind);
    assert_eq!(m.rewind.rows.len(), 4, "months 1..=4");
    assert_eq!(m.rewind.selected, 2, "the month before this one");
    assert!(
        !m.rewind.rows[0].did.is_empty(),
        "month 1's action is listed"
    );
    // Esc returns; no keeps the game as it was.
    keys(&mut m, "<Up><Enter>");
    assert!(m.has_dialog::<Confirm>());
    keys(&mut m, "n");
    assert!(!m.has_dialog::<Confirm>());
    assert_eq!(turn(&m), 3);
    keys(&mut m, "<Enter>y");
    assert_eq!(m.screen, Screen::Main);
    assert_eq!(turn(&m), 1, "at the start of month 2");
    let branch = "revive-the-talks-2017-02-branch";
    assert!(
        slots(&store).contains(&branch.to_string()),
        "{:?}",
        slots(&store)
    );
    assert!(m.status.as_deref().is_some_and(|s| s.contains(branch)));
    // The branch plays on, and a second branch from the same month gets a new name.
    next_month(&mut m);
    assert_eq!(turn(&m), 2);
    keys(&mut m, "r<Enter>y");
    assert!(slots(&store).contains(&format!("{branch}-2")));
}

#[test]
fn rewind_from_the_end_screen() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    play_to_end(&mut m);
    let ended = store.list().expect("list");
    assert!(
        ended[0].info.as_ref().expect("reads").ending.is_some(),
        "the finished game is autosaved with its ending"
    );
    keys(&mut m, "r");
    assert_eq!(m.screen, Screen::Rewind);
    keys(&mut m, "<Esc>");
    assert_eq!(m.screen, Screen::End);
    keys(&mut m, "r<Enter>y");
    assert_eq!(m.screen, Screen::Main);
    assert!(!m.game.as_ref().expect("game").session.game().is_over());
}

// ---- the real save folder ----

/// The fixture level as a file in `dir` (so saves find it again by path).
fn file_level(dir: &Path) -> Level {
    let path = dir.join("ui-level.toml");
    std::fs::write(&path, FIXTURE).expect("write level");
    sixparty::level::load_file(&path).expect("loads")
}

fn disk_model(saves: &Path, level: Level) -> Ui {
    model_on(Box::new(DiskSaves::new(DiskStore::at(saves))), level)
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn on_disk_continue_brings_back_the_same_month() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saves = dir.path().join("saves");
    let level = file_level(dir.path());
    let mut m = disk_model(&saves, level.clone());
    start_game(&mut m);
    keys(&mut m, "<Enter>");
    next_month(&mut m);
    let state = m
        .game
        .as_ref()
        .expect("game")
        .session
        .game()
        .state()
        .clone();
    let mut again = disk_model(&saves, level);
    keys(&mut again, "c");
    assert_eq!(
        again.screen,
        Screen::Main,
        "{:?}",
        again.dialog::<LoadProblem>()
    );
    assert_eq!(
        again.game.as_ref().expect("game").session.game().state(),
        &state
    );
}

#[test]
fn on_disk_a_truncated_save_offers_its_backup_and_nothing_is_touched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saves = dir.path().join("saves");
    let level = file_level(dir.path());
    let mut m = disk_model(&saves, level.clone());
    start_game(&mut m);
    for _ in 0..2 {
        keys(&mut m, "s<C-u>");
        typed(&mut m, "mine");
        keys(&mut m, "<Enter>");
        next_month(&mut m);
    }
    let file = saves.join("mine.json");
    let bytes = std::fs::read(&file).expect("saved");
    std::fs::write(&file, &bytes[..bytes.len() / 2]).expect("truncate");
    let before = files(&saves);

    let mut m = disk_model(&saves, level);
    keys(&mut m, "l");
    let i = m
        .saves_list
        .iter()
        .position(|s| s.key == "mine")
        .expect("listed");
    let entry = &m.saves_list[i];
    assert!(entry.info.as_ref().is_err_and(|e| e.contains("cut short")));
    assert!(entry.has_backup);
    let shown = render(&mut m, 80, 24);
    assert!(shown.contains("cannot be read"), "{shown}");
    for _ in 0..i {
        keys(&mut m, "<Down>");
    }
    keys(&mut m, "<Enter>");
    let problem = m.dialog::<LoadProblem>().cloned().expect("a problem");
    assert!(
        problem.failure.message.contains("mine.json"),
        "names the file"
    );
    assert_eq!(problem.from, LoadFrom::Save);
    assert_eq!(problem.choices()[0], LoadChoice::Backup);
    assert_eq!(files(&saves), before, "a failed load changes no file");
    keys(&mut m, "<Enter>");
    assert_eq!(m.screen, Screen::Main, "{:?}", m.dialog::<LoadProblem>());
    assert_eq!(turn(&m), 0, "the backup is the first save, in month 1");
    assert_eq!(files(&saves), before, "loading the backup changes no file");
}

#[test]
fn on_disk_a_changed_level_loads_anyway_with_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saves = dir.path().join("saves");
    let level = file_level(dir.path());
    let mut m = disk_model(&saves, level);
    start_game(&mut m);
    next_month(&mut m);
    // The author edits the level: same id, new version and text.
    let edited = FIXTURE.replacen("version = \"0.1\"", "version = \"0.2\"", 1);
    std::fs::write(dir.path().join("ui-level.toml"), edited).expect("edit");
    let level = sixparty::level::load_file(&dir.path().join("ui-level.toml")).expect("loads");
    let before = files(&saves);
    let mut m = disk_model(&saves, level);
    keys(&mut m, "c");
    let problem = m.dialog::<LoadProblem>().cloned().expect("a problem");
    assert!(
        problem.failure.message.contains("has changed"),
        "{}",
        problem.failure.message
    );
    assert!(problem.choices().contains(&LoadChoice::Anyway));
    let shown = render(&mut m, 80, 24);
    assert!(shown.contains("Try anyway"), "{shown}");
    keys(&mut m, "a");
    assert_eq!(m.screen, Screen::Main);
    let notice = m.dialog::<Notice>().expect("warnings");
    assert!(
        notice.lines.iter().any(|l| l.contains("0.1 → 0.2")),
        "{notice:?}"
    );
    assert_eq!(files(&saves), before, "loading anyway changes no file");
}

#[test]
fn on_disk_an_unwritable_folder_is_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the saves folder should be: nothing can be written there.
    let blocker = dir.path().join("saves");
    std::fs::write(&blocker, b"not a folder").expect("blocker");
    let level = file_level(dir.path());
    let mut m = disk_model(&blocker.join("inner"), level);
    start_game(&mut m);
    next_month(&mut m);
    let notice = m.dialog::<Notice>().expect("the failure is told");
    assert!(notice.title.contains("Autosave failed"), "{notice:?}");
    keys(&mut m, "<Enter>");
    assert_eq!(m.screen, Screen::Main);
    keys(&mut m, "s<Enter>");
    assert!(m.dialog::<SavePrompt>().is_some_and(|p| p.error.is_some()));
    assert_eq!(
        std::fs::read(&blocker).expect("still there"),
        b"not a folder"
    );
}

#[test]
fn on_disk_rewind_writes_a_new_save_that_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saves = dir.path().join("saves");
    let level = file_level(dir.path());
    let mut m = disk_model(&saves, level);
    start_game(&mut m);
    next_month(&mut m);
    next_month(&mut m);
    keys(&mut m, "r<Enter>y");
    assert_eq!(turn(&m), 1);
    let store = DiskStore::at(&saves);
    let loaded = store
        .load(
            "revive-the-talks-2017-02-branch",
            save::LoadOptions::default(),
        )
        .expect("the branch loads");
    assert_eq!(loaded.session.game().state().turn(), 1);
}

#[test]
fn on_disk_continue_takes_the_save_written_last_within_one_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saves = dir.path().join("saves");
    let level = file_level(dir.path());
    let mut m = disk_model(&saves, level.clone());
    start_game(&mut m);
    next_month(&mut m);
    // An action after the autosave, then a manual save a moment later ("zz" sorts last
    // by name, so only the write time can put it first).
    keys(&mut m, "<Enter>s<C-u>");
    typed(&mut m, "zz");
    keys(&mut m, "<Enter>");
    let log = m.game.as_ref().expect("game").session.log().to_vec();
    let mut again = disk_model(&saves, level);
    assert_eq!(again.saves_list[0].key, "zz");
    keys(&mut again, "c");
    assert_eq!(again.game.as_ref().expect("game").session.log(), &log[..]);
}

/// Figures for the report: `cargo test --release --test ui_saves -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_of_saves_in_play() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("temp dir");
    let saves = dir.path().join("saves");
    let mut m = disk_model(&saves, file_level(dir.path()));
    start_game(&mut m);
    let (mut worst, mut months) = (Duration::ZERO, 0);
    while m.screen != Screen::End {
        let t = Instant::now();
        next_month(&mut m);
        worst = worst.max(t.elapsed());
        months += 1;
        if months % 5 == 0 {
            keys(&mut m, "s<C-u>");
            typed(&mut m, &format!("s{months}"));
            keys(&mut m, "<Enter>");
        }
    }
    let t = Instant::now();
    // Back to the title lists the saves again.
    keys(&mut m, "<Enter>");
    let list = t.elapsed();
    let t = Instant::now();
    keys(&mut m, "c");
    let rewind = t.elapsed();
    let largest = std::fs::read_dir(&saves)
        .expect("saves")
        .flatten()
        .filter_map(|e| e.metadata().ok().map(|m| m.len()))
        .max()
        .unwrap_or(0);
    eprintln!(
        "{months} months; slowest month end (resolve + autosave + relist) {worst:?}; \
         listing {} saves {list:?}; continuing the last save {rewind:?}; largest save {largest} bytes",
        m.saves_list.len()
    );
}

#[test]
fn on_disk_replacing_an_unreadable_save_says_it_was_kept_as_broken_not_as_the_backup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let saves = dir.path().join("saves");
    let level = file_level(dir.path());
    let mut m = disk_model(&saves, level.clone());
    start_game(&mut m);
    keys(&mut m, "s<C-u>");
    typed(&mut m, "pw");
    keys(&mut m, "<Enter>");
    let file = saves.join("pw.json");
    std::fs::write(&file, b"{ not a save").expect("garble");

    let mut m = disk_model(&saves, level);
    start_game(&mut m);
    keys(&mut m, "s<C-u>");
    typed(&mut m, "pw");
    keys(&mut m, "<Enter>");
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains("pw.json.broken"), "{status}");
    assert!(!status.contains("backup"), "{status}");
    assert!(saves.join("pw.json.broken").exists());
}

/// The fixture with no event that comes on its own (the missile test's weight 0; the rest
/// are follow-ups or need a deal): `N` runs its full six months.
fn quiet_game(store: &FakeSaves) -> Ui {
    let text = FIXTURE.replace(r#"weight = "1 + tension / 30""#, r#"weight = "0""#);
    assert_ne!(text, FIXTURE);
    let mut m = model_on(
        Box::new(store.clone()),
        level_from("tests/fixtures/ui-quiet.toml", &text),
    );
    start_game(&mut m);
    m
}

#[test]
fn fast_forward_autosaves_every_month_it_ends() {
    let store = FakeSaves::new();
    let mut m = quiet_game(&store);
    keys(&mut m, "N");
    assert_eq!(turn(&m), 6, "{:?}", m.status);
    // Six autosaves went into the ring of three: the three left are months 4, 5 and 6 —
    // each saved as it ended, not the last month saved six times.
    let mut turns: Vec<u16> = store
        .list()
        .expect("list")
        .into_iter()
        .filter(|s| s.kind == SaveKind::Auto)
        .map(|s| s.info.expect("reads").turn)
        .collect();
    turns.sort_unstable();
    assert_eq!(turns, vec![4, 5, 6]);
}

#[test]
fn fast_forward_stops_when_an_autosave_fails() {
    let store = FakeSaves::new();
    store.data().fail_writes = Some("No space left on device (os error 28)".into());
    let mut m = quiet_game(&store);
    keys(&mut m, "N");
    // The first month's autosave failed: its notice is up, and no further month ended
    // behind it.
    assert_eq!(turn(&m), 1);
    assert!(m.dialog::<Notice>().is_some());
    assert_eq!(
        m.status.as_deref(),
        Some("Fast-forwarded 1 month: a message needs you. 40 capital left unspent.")
    );
}

/// The main screen at `w`×`h` as a session that has never drawn this game draws it: the
/// same game, focus, selections and status line in a new session.
fn drawn_afresh(m: &Ui, w: u16, h: u16) -> String {
    let g = m.game.as_ref().expect("in game");
    let mut fresh = model();
    fresh.start(g.session.clone());
    fresh.game.as_mut().expect("started").main = g.main;
    fresh.status = m.status.clone();
    render(&mut fresh, w, h)
}

/// The screen at 160×50 (80×24 checked too), after checking that it is what a new session
/// draws of the same game; and its objectives row and last month's summary heading.
fn checked(m: &mut Ui) -> (String, String, String) {
    for (w, h) in [(80, 24), (160, 50)] {
        let screen = render(m, w, h);
        assert_eq!(screen, drawn_afresh(m, w, h), "at {w}x{h}");
    }
    let screen = render(m, 160, 50);
    let objectives = screen.lines().nth(1).unwrap_or_default().to_string();
    let summary = screen
        .lines()
        .find_map(|l| {
            l.find("Summary (")
                .map(|at| l[at..].split(')').next().map(str::to_string))
        })
        .flatten()
        .unwrap_or_default();
    (screen, objectives, summary)
}

/// The objectives in the header and last month's summary above the news are kept from one
/// frame to the next (`ui::derived`), and follow the game all the same: after an action, a
/// month, a rewind and a load the screen is what a new session draws of that game.
#[test]
fn objectives_and_summary_follow_the_game_from_frame_to_frame() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    let (_, _, summary) = checked(&mut m);
    assert_eq!(summary, "", "no summary before a month has ended");
    keys(&mut m, "<Enter>");
    let (_, start, _) = checked(&mut m);
    let mut by_turn = Vec::new();
    for month in 1..=3u16 {
        next_month(&mut m);
        assert_eq!(turn(&m), month);
        let (_, objectives, summary) = checked(&mut m);
        by_turn.push((objectives, summary));
    }
    let summaries: Vec<&str> = by_turn.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "Summary (Jan 2017",
            "Summary (Feb 2017",
            "Summary (Mar 2017"
        ]
    );
    assert!(
        by_turn.iter().any(|(o, _)| *o != start),
        "the objectives moved in three months: {start:?} {by_turn:?}"
    );
    // Saved at the start of April, then back to the start of February.
    keys(&mut m, "s<C-u>");
    typed(&mut m, "april");
    keys(&mut m, "<Enter>r<Up><Enter>y");
    assert_eq!((m.screen, turn(&m)), (Screen::Main, 1));
    let (_, objectives, summary) = checked(&mut m);
    assert_eq!((objectives, summary), by_turn[0].clone());
    // To the end, the title, and April loaded.
    play_to_end(&mut m);
    keys(&mut m, "<Esc>l");
    assert_eq!(m.screen, Screen::Load);
    for _ in 0..m.saves_list.len() {
        if m.saves_list[m.load.selected].key == "april" {
            break;
        }
        keys(&mut m, "<Down>");
    }
    keys(&mut m, "<Enter>");
    assert_eq!((m.screen, turn(&m)), (Screen::Main, 3));
    let (_, objectives, summary) = checked(&mut m);
    assert_eq!((objectives, summary), by_turn[2].clone());
}
