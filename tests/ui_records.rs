//! The picker, new-game and records side of play, typed through the key map: the first
//! run (the name asked once, the tutorial suggested once), the difficulty chosen at a new
//! game and kept in the save, the short code in the header, the measured length in the
//! picker, and the record of finished games (the Load screen and the debrief reach a
//! finished game after its autosaves are gone; best scores per level and code; a damaged
//! record named and kept). Saves go to a real temporary folder.

mod cli_support;
mod ui_support;

use std::path::Path;

use sixparty::level::Level;
use sixparty::records::{self, RecordBook};
use sixparty::ui::disk::DiskSaves;
use sixparty::ui::model::{LevelEntry, Screen};
use sixparty::ui::theme::Theme;
use sixparty::ui::{GameSession, SessionConfig};
use ui_support::{Ui, keys, play_to_end, render};

fn builtin(id: &str) -> Level {
    sixparty::level::builtin(id)
        .expect("listed")
        .expect("valid")
}

/// A session over the data folder `data` offering `levels` (blank seed = 42).
fn session(saves: DiskSaves, levels: Vec<Level>) -> Ui {
    let entries = levels
        .into_iter()
        .map(|l| LevelEntry {
            name: l.id().to_string(),
            level: Ok(l),
        })
        .collect();
    let config = SessionConfig::new(entries, Box::new(saves))
        .theme(Theme::plain())
        .seed_source(|| 42);
    Ui(GameSession::new(config))
}

/// Local play's store: saves, records and the player's profile in `data`.
fn local(data: &Path, levels: Vec<Level>) -> Ui {
    let name = sixparty::class::profile::player_name_in(data);
    session(DiskSaves::in_folder(data, name).with_profile(), levels)
}

/// What changes from run to run (the temporary folder, today's date) made constant.
fn steady(screen: &str, data: &Path) -> String {
    let today = sixparty::save::format_time(sixparty::save::format::now_secs());
    let mut out = screen.replace(&data.display().to_string(), "DATA");
    // "2026-12-01 18:13" → "YYYY-MM-DD HH:MM"
    while let Some(at) = out.find(&today[..10]) {
        let end = (at + 16).min(out.len());
        let with_time = out
            .get(at + 10..end)
            .is_some_and(|t| t.len() == 6 && t.starts_with(' ') && t.as_bytes()[3] == b':');
        let replacement = if with_time {
            "YYYY-MM-DD HH:MM"
        } else {
            "YYYY-MM-DD"
        };
        let cut = if with_time { end } else { at + 10 };
        out.replace_range(at..cut, replacement);
    }
    out
}

#[test]
fn the_first_new_game_asks_the_name_then_suggests_the_tutorial_and_never_again() {
    let dir = tempfile::tempdir().expect("temp");
    let levels = sixparty::ui::levels_in(None);
    let first = levels[0].level.as_ref().expect("valid");
    assert!(
        first.scenario.meta.tutorial,
        "the tutorial comes first in the picker"
    );
    let levels: Vec<Level> = levels.into_iter().filter_map(|e| e.level.ok()).collect();
    let mut m = local(dir.path(), levels.clone());
    keys(&mut m, "n");
    insta::assert_snapshot!("first_run_name_80x24", render(&mut m, 80, 24));
    keys(&mut m, "Ana Lòpez<Enter>");
    assert_eq!(m.profile.name.as_deref(), Some("Ana Lòpez"));
    let screen = render(&mut m, 80, 24);
    insta::assert_snapshot!("first_run_tutorial_80x24", screen);
    assert!(
        screen.contains("about 15 minutes, 16 decisions"),
        "{screen}"
    );
    // Enter takes the suggestion: the tutorial's seed.
    keys(&mut m, "<Enter>");
    assert!(m.picker.entering_seed);
    assert_eq!(m.picker.selected, 0);
    keys(&mut m, "<Enter>");
    assert_eq!(m.screen, Screen::Main);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("player.txt")).expect("kept"),
        "Ana Lòpez\n"
    );

    // The next run: nothing asked, the name on the title screen and in the saves.
    let mut again = local(dir.path(), levels.clone());
    assert!(render(&mut again, 80, 24).contains("Player name  (Ana Lòpez)"));
    keys(&mut again, "n");
    assert!(again.dialogs.is_empty(), "asked twice");
    // Editable later: p on the title screen.
    keys(&mut again, "<Esc>p<C-u>Ana L<Enter>");
    assert_eq!(again.profile.name.as_deref(), Some("Ana L"));
    keys(&mut again, "n<Enter><Enter>s<Enter>");
    let save = std::fs::read_dir(dir.path().join("saves"))
        .expect("saves")
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("tutorial"))
        .expect("the named save");
    let text = std::fs::read_to_string(save.path()).expect("read");
    assert!(text.contains("\"player\":\"Ana L\""), "{text}");
}

#[test]
fn skipping_the_name_is_remembered_too() {
    let dir = tempfile::tempdir().expect("temp");
    let mut m = local(dir.path(), vec![builtin("tutorial")]);
    keys(&mut m, "n<Esc>");
    assert_eq!(m.profile.name, None);
    assert!(!m.profile.ask_name, "skipping is an answer");
    let mut again = local(dir.path(), vec![builtin("tutorial")]);
    keys(&mut again, "n");
    assert!(again.dialogs.is_empty());
}

#[test]
fn the_difficulty_is_chosen_shown_and_kept_in_the_save() {
    let dir = tempfile::tempdir().expect("temp");
    let level = builtin("fire-and-fury");
    let mut m = session(DiskSaves::in_folder(dir.path(), None), vec![level.clone()]);
    keys(&mut m, "n<Enter><Down>");
    let screen = render(&mut m, 80, 24);
    insta::assert_snapshot!("difficulty_80x24", screen);
    assert!(screen.contains("Political capital 14 → 10"), "{screen}");
    keys(&mut m, "<Enter>5<Enter>");
    let g = m.game.as_ref().expect("in game");
    let hard = level.scenario.difficulty_id("hard");
    assert_eq!(g.session.game().state().setup().difficulty, hard);
    let code = sixparty::challenge::display(&level, 5);
    let header = render(&mut m, 160, 50);
    assert!(header.contains(&format!("Hard · code {code}")), "{header}");
    assert!(
        !header.contains(&sixparty::challenge::encode(&level, 5)),
        "the long code is gone"
    );
    keys(&mut m, "s<Enter>");
    let path = dir.path().join("saves/fire-and-fury-2017-07.json");
    let bytes = std::fs::read(&path).expect("saved");
    let header = sixparty::save::format::decode_header(&path, &bytes).expect("header");
    assert_eq!(header.difficulty.as_deref(), Some("hard"));
    // Loading it plays the same difficulty.
    let loaded = sixparty::save::load_path(&path, Default::default()).expect("the save loads");
    assert_eq!(loaded.session.game().state().setup().difficulty, hard);
}

#[test]
fn a_finished_game_is_recorded_scored_and_reachable_after_its_autosaves_go() {
    let dir = tempfile::tempdir().expect("temp");
    let level = builtin("tutorial");
    let mut m = session(
        DiskSaves::in_folder(dir.path(), Some("Ana".into())),
        vec![level.clone()],
    );
    keys(&mut m, "n<Enter>7<Enter>");
    play_to_end(&mut m);
    let book = RecordBook::in_folder(dir.path());
    let records = book.read().expect("reads");
    assert_eq!(records.games.len(), 1);
    let game = &records.games[0];
    let session = &m.game.as_ref().expect("game").session;
    assert_eq!(game.code, sixparty::challenge::display(&level, 7));
    assert_eq!(game.player.as_deref(), Some("Ana"));
    assert_eq!(game.score, records::score(session));
    assert!(Path::new(&game.save).starts_with(dir.path().join(records::FOLDER)));
    let end = render(&mut m, 80, 24);
    assert!(
        end.contains(&format!("Score {} · #1 of 1 on this code", game.score)),
        "{end}"
    );
    assert!(end.contains(&game.code), "{end}");
    keys(&mut m, "b");
    insta::assert_snapshot!("scores_80x24", steady(&render(&mut m, 80, 24), dir.path()));

    // The debrief notes itself in the record, named with the short code.
    keys(&mut m, "<Esc>d");
    m.0.wait();
    let game = book.read().expect("reads").games.remove(0);
    let debrief = game.debrief.clone().expect("noted");
    assert!(
        debrief.ends_with(&format!("Ana-tutorial-{}.md", game.code)),
        "{debrief}"
    );
    let text = std::fs::read_to_string(&debrief).expect("written");
    assert!(text.contains(&format!("`{}`", game.code)), "{text}");

    // Every autosave pruned: the Load screen still reaches the finished game.
    for entry in std::fs::read_dir(dir.path().join("saves")).expect("saves") {
        std::fs::remove_file(entry.expect("entry").path()).expect("pruned");
    }
    keys(&mut m, "<Enter>l");
    assert_eq!(m.screen, Screen::Load);
    let screen = steady(&render(&mut m, 80, 24), dir.path());
    insta::assert_snapshot!("load_finished_80x24", screen);
    assert!(screen.contains("done"), "{screen}");
    // It cannot be deleted from here, and Enter loads it at its end.
    keys(&mut m, "d");
    assert!(
        m.status
            .as_deref()
            .is_some_and(|s| s.contains("stays in the record")),
        "{:?}",
        m.status
    );
    keys(&mut m, "<Enter>");
    assert_eq!(m.screen, Screen::End);
    // Loading it does not record it again.
    assert_eq!(book.read().expect("reads").games.len(), 1);
}

#[test]
fn a_damaged_record_is_named_on_screen_and_kept_when_the_next_game_is_recorded() {
    let dir = tempfile::tempdir().expect("temp");
    let damaged = b"{\"game\": \"cut off here";
    std::fs::write(
        dir.path().join(records::FILE),
        [&damaged[..], b"\n"].concat(),
    )
    .expect("write");
    let level = builtin("tutorial");
    let mut m = session(DiskSaves::in_folder(dir.path(), None), vec![level]);
    keys(&mut m, "nb");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("line 1"), "{screen}");
    assert!(screen.contains("kept as it is"), "{screen}");
    keys(&mut m, "<Esc><Enter>3<Enter>");
    play_to_end(&mut m);
    keys(&mut m, "<Enter>l");
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains(&format!("! {}", dir.path().join(records::FILE).display())),
        "the Load screen names the damaged record: {screen}"
    );
    let text = std::fs::read(dir.path().join(records::FILE)).expect("read");
    assert!(text.starts_with(damaged), "the damaged line is kept first");
    let records = RecordBook::in_folder(dir.path()).read().expect("reads");
    assert_eq!((records.games.len(), records.problems.len()), (1, 1));
}

#[test]
fn play_names_a_difficulty_the_level_offers_or_says_which_it_does() {
    let home = tempfile::tempdir().expect("temp");
    let out = cli_support::sixparty(
        &["play", "fire-and-fury", "--difficulty", "medium"],
        home.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = cli_support::stderr(&out);
    assert!(
        err.contains(
            "level 'fire-and-fury' has no difficulty 'medium': it offers normal, hard, easy"
        ),
        "{err}"
    );
}

#[test]
fn the_pickers_best_scores_move_between_the_codes_a_level_was_played_on() {
    let dir = tempfile::tempdir().expect("temp");
    let level = builtin("tutorial");
    let mut m = session(DiskSaves::in_folder(dir.path(), None), vec![level.clone()]);
    for seed in [11, 12, 11] {
        keys(&mut m, &format!("n<Enter>{seed}<Enter>"));
        play_to_end(&mut m);
        keys(&mut m, "<Enter>");
    }
    let (first, second) = (
        sixparty::challenge::display(&level, 12),
        sixparty::challenge::display(&level, 11),
    );
    keys(&mut m, "nb");
    // The most recently played code first: seed 11's, played twice.
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains(&format!("Code {second}  (1 of 2 codes)")),
        "{screen}"
    );
    // Both of its games, ranked.
    assert!(
        screen.contains("║ 1   26") && screen.contains("║ 2   26"),
        "{screen}"
    );
    keys(&mut m, "<Right>");
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains(&format!("Code {first}  (2 of 2 codes)")),
        "{screen}"
    );
    keys(&mut m, "<Esc>");
    assert!(m.dialogs.is_empty());
}

#[test]
fn a_game_started_from_the_command_line_asks_a_new_players_name_over_it() {
    let dir = tempfile::tempdir().expect("temp");
    let level = builtin("tutorial");
    let saves = DiskSaves::in_folder(dir.path(), None).with_profile();
    let config = SessionConfig::new(Vec::new(), Box::new(saves))
        .theme(Theme::plain())
        .start(sixparty::session::Session::new(level, 9));
    let mut m = Ui(GameSession::new(config));
    assert_eq!(m.screen, Screen::Main);
    assert!(render(&mut m, 80, 24).contains("Your name"));
    keys(&mut m, "Ben<Enter>");
    assert!(m.dialogs.is_empty(), "no tutorial box over a game");
    assert_eq!(
        sixparty::class::profile::player_name_in(dir.path()).as_deref(),
        Some("Ben")
    );
    // The game's saves carry it from now on.
    keys(&mut m, "s<Enter>");
    let path = dir.path().join("saves/tutorial-2017-01.json");
    let bytes = std::fs::read(&path).expect("saved");
    let header = sixparty::save::format::decode_header(&path, &bytes).expect("header");
    assert_eq!(header.player.as_deref(), Some("Ben"));
}
