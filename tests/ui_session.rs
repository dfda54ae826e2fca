//! The game session on fake terminals: whole games typed through the key map equal the
//! simulator's, two sessions share a process without touching each other, the seed prompt
//! takes challenge codes, nothing happens unseen at a too-small size, and the debrief goes
//! through the save seam off the input thread.

mod ui_support;

use std::sync::Arc;

use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use sixparty::engine::Decision;
use sixparty::session::Session;
use sixparty::sim::{StrategyKind, run_game};
use sixparty::ui::dialogs::ConfirmQuit;
use sixparty::ui::fake_saves::FakeSaves;
use sixparty::ui::model::{NoSaves, Screen};
use sixparty::ui::{GameSession, SessionStatus};
use ui_support::*;

/// Bytes written by a terminal, readable while it writes (an SSH channel's stand-in).
#[derive(Clone, Default)]
struct Shared(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_len(m: &Ui) -> usize {
    m.game.as_ref().expect("in game").session.log().len()
}

/// The keys a player presses to make `decision` on the screen the game is on.
fn keys_for(m: &Ui, decision: &Decision) -> String {
    let game = m.game.as_ref().expect("in game").session.game();
    let s = game.scenario();
    match decision {
        Decision::Act(id) => {
            let order = sixparty::projection::action_order(s);
            let index = order.iter().position(|a| a == id).expect("listed");
            // Esc puts the focus on the actions; ↑ to the top, ↓ to the action.
            format!(
                "<Esc>{}{}<Enter>",
                "<Up>".repeat(order.len()),
                "<Down>".repeat(index)
            )
        }
        Decision::Table(levels) => {
            let mut keys = String::from("t");
            for (term, &level) in levels.iter().enumerate() {
                let max = usize::from(s.terms[term].max_level);
                keys += &"<Up>".repeat(levels.len());
                keys += &"<Down>".repeat(term);
                keys += &"<Left>".repeat(max);
                keys += &"<Right>".repeat(usize::from(level));
            }
            keys + "<Enter><Esc>"
        }
        Decision::Choose { option, .. } => {
            format!("{}<Enter>", "<Down>".repeat(usize::from(*option)))
        }
        Decision::EndMonth => "n".to_string(),
    }
}

/// Play the decisions `simulate` made with `kind` on a built-in level by typing them, one
/// frame drawn on a fake terminal after each; the game must end exactly as the simulator's
/// (and as a replay of the log the UI kept).
fn play_like_simulate(level_id: &str, kind: StrategyKind, seed: u64) {
    let level = sixparty::level::builtin(level_id)
        .expect("listed")
        .expect("valid");
    let played = run_game(&level.scenario, seed, kind, true);
    let mut m = model_on(Box::new(FakeSaves::new()), level.clone());
    keys(&mut m, "<Enter><Enter>");
    // A level offering difficulties: Enter takes the first, the one simulate plays.
    if m.picker.choosing_difficulty {
        keys(&mut m, "<Enter>");
    }
    keys(&mut m, &format!("{seed}<Enter>"));
    let mut terminal = Terminal::new(TestBackend::new(100, 32)).expect("test backend");
    resize(&mut m, 100, 32);
    for (i, decision) in played.decisions.iter().enumerate() {
        let before = log_len(&m);
        let typed = keys_for(&m, decision);
        if *decision == Decision::EndMonth {
            // The simulator ends months with capital left; a player is asked once first.
            end_month(&mut m);
        } else {
            keys(&mut m, &typed);
        }
        m.0.draw(&mut terminal).expect("draws");
        assert_eq!(
            log_len(&m),
            before + 1,
            "decision {i} ({decision:?}) typed as {typed} was not taken: {:?}",
            m.status
        );
    }
    let session = &m.game.as_ref().expect("in game").session;
    assert_eq!(session.log(), played.decisions.as_slice());
    let game = session.game();
    assert!(game.is_over(), "{level_id}/{kind:?}: the game ended");
    assert_eq!(m.screen, Screen::End);
    assert_eq!(game.state().vars(), played.final_vars.as_slice());
    assert_eq!(game.state().turn(), played.months);
    let ending = game.ending().map(|e| game.scenario().ending(e).id.clone());
    assert_eq!(ending, played.ending);
    let replayed = Session::replay(level, seed, &played.decisions).expect("replays");
    assert_eq!(replayed.game().state(), game.state());
}

#[test]
fn a_whole_game_typed_through_the_key_map_ends_as_simulate_plays_it() {
    play_like_simulate("revive-the-talks", StrategyKind::Memo, 7);
    play_like_simulate("revive-the-talks", StrategyKind::Random, 11);
    play_like_simulate("tutorial", StrategyKind::Random, 3);
}

#[test]
fn two_sessions_run_side_by_side_each_with_its_own_size_and_input() {
    // One on a TestBackend, one writing escape codes into a Vec<u8> as an SSH channel would.
    let mut a = model_on(Box::new(FakeSaves::new()), level());
    let mut b = model_on(Box::new(FakeSaves::new()), level());
    let mut term_a = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    let viewport = Viewport::Fixed(Rect::new(0, 0, 120, 40));
    let out_b = Shared::default();
    let mut term_b = Terminal::with_options(
        CrosstermBackend::new(out_b.clone()),
        TerminalOptions { viewport },
    )
    .expect("a terminal over a Vec");
    resize(&mut a, 80, 24);
    resize(&mut b, 120, 40);
    // Interleaved input: a starts seed 5 and ends two months; b opens help, then seed 9.
    keys(&mut a, "<Enter><Enter>5");
    keys(&mut b, "?");
    keys(&mut a, "<Enter>");
    keys(&mut b, "<Esc><Enter><Enter>9<Enter>");
    next_month(&mut a);
    keys(&mut b, "s");
    next_month(&mut a);
    a.0.draw(&mut term_a).expect("draws a");
    b.0.draw(&mut term_b).expect("draws b");
    assert_eq!(a.size, (80, 24));
    assert_eq!(b.size, (120, 40));
    assert_eq!(turn(&a), 2);
    assert_eq!(turn(&b), 0, "b's month did not move with a's");
    assert_eq!(a.game.as_ref().expect("a").session.seed, 5);
    assert_eq!(b.game.as_ref().expect("b").session.seed, 9);
    assert!(a.dialogs.is_empty(), "b's save prompt is b's alone");
    assert_eq!(b.dialogs.len(), 1);
    let shown_a = format!("{}", term_a.backend());
    assert!(shown_a.contains("month 3 of"), "{shown_a}");
    let bytes_b = String::from_utf8_lossy(&out_b.0.lock().expect("lock")).into_owned();
    assert!(bytes_b.contains("Save the game"), "b drew its own prompt");
    assert!(!bytes_b.contains("month 3 of"));
    // Sessions are Send: b goes on on another thread while a quits here.
    let b = std::thread::spawn(move || {
        keys(&mut b, "<Esc>q");
        b
    })
    .join()
    .expect("b's thread");
    keys(&mut a, "qy");
    assert!(a.0.is_finished());
    assert!(!b.0.is_finished() && b.has_dialog::<ConfirmQuit>());
}

#[test]
fn a_challenge_code_typed_at_the_seed_prompt_starts_its_game() {
    let level = level();
    let code = sixparty::challenge::encode(&level, 4242);
    assert!(code.contains('-') && code.chars().any(|c| c.is_ascii_alphabetic()));
    let mut m = model();
    keys(&mut m, &format!("<Enter><Enter>{code}<Enter>"));
    assert_eq!(m.screen, Screen::Main, "{:?}", m.status);
    assert_eq!(m.game.as_ref().expect("in game").session.seed, 4242);
}

#[test]
fn the_seed_prompt_refuses_what_is_neither_a_seed_nor_a_code() {
    for typed in ["abc", "12ab", "ui-level-7-00000000", "nosuch-3-b40fa2f4"] {
        let mut m = model();
        keys(&mut m, &format!("<Enter><Enter>{typed}<Enter>"));
        assert_eq!(m.screen, Screen::Picker, "{typed} started a game");
        assert!(m.picker.entering_seed, "the field stays open");
        assert!(m.game.is_none());
        let status = m.status.clone().unwrap_or_default();
        assert!(!status.is_empty(), "{typed}: no error shown");
    }
}

#[test]
fn while_the_terminal_is_too_small_only_quit_acts() {
    for (w, h) in [(1, 1), (20, 5), (79, 23), (79, 24), (80, 23)] {
        let mut m = in_game();
        resize(&mut m, w, h);
        // Enter takes an action, n ends the month, s asks for a name: none of it, unseen.
        keys(&mut m, "<Enter>ns<Tab>t?");
        assert_eq!(turn(&m), 0, "{w}×{h}: the month ended unseen");
        assert_eq!(log_len(&m), 0, "{w}×{h}: an action was taken unseen");
        assert!(m.dialogs.is_empty() && m.screen == Screen::Main);
        click(&mut m, 0, 0);
        assert!(m.dialogs.is_empty());
        // q asks (the small screen shows the question); y quits.
        keys(&mut m, "q");
        assert!(m.has_dialog::<ConfirmQuit>());
        let shown = render(&mut m, w, h);
        if w >= 20 {
            assert!(shown.contains("Quit"), "{w}×{h}: {shown}");
        }
        keys(&mut m, "y");
        assert!(m.0.is_finished());
    }
    // Back at 80×24 the same keys act.
    let mut m = in_game();
    resize(&mut m, 79, 23);
    resize(&mut m, 80, 24);
    keys(&mut m, "<Enter>");
    assert_eq!(log_len(&m), 1);
}

#[test]
fn the_debrief_is_written_through_the_save_seam_with_a_working_status() {
    let store = FakeSaves::new();
    let mut m = model_with(Box::new(store.clone()));
    start_game(&mut m);
    // One decision of the player's own, so the debrief has a turning point to play its
    // what-if games from (a game of default answers has none, and its report is instant).
    let tighten = {
        let s = m.game.as_ref().expect("in game").session.game().scenario();
        s.action_ids()
            .find(|&a| s.action(a).id == "tighten")
            .expect("the fixture can tighten")
    };
    let typed = keys_for(&m, &Decision::Act(tighten));
    keys(&mut m, &typed);
    assert_eq!(log_len(&m), 1);
    play_to_end(&mut m);
    keys(&mut m, "d");
    // The what-if games run on a thread: the footer says so and the game takes keys.
    // Nothing here may poll the worker (a resize would), or a fast worker's result is
    // collected before the checks: the test raced on a loaded machine.
    assert!(m.working.is_some());
    assert!(m.0.is_busy());
    let shown = render_without_events(&mut m);
    assert!(shown.contains("what-if games"), "{shown}");
    m.0.wait();
    assert!(m.working.is_none() && !m.0.is_busy());
    let reports = store.data().reports.clone();
    assert_eq!(reports.len(), 1);
    let (file, text) = &reports[0];
    // Named with the short code players read (the store adds the player's name).
    let name = format!(
        "{}-{}.md",
        level().id(),
        sixparty::challenge::display(&level(), 42)
    );
    assert_eq!(file, &name);
    assert!(text.contains("# "), "a Markdown report: {text}");
    assert!(text.contains("## What if"), "{text}");
    let status = m.status.clone().unwrap_or_default();
    assert!(status.contains(&format!("reports/{name}")), "{status}");
}

#[test]
fn a_session_started_in_a_game_and_shut_down_finishes() {
    let level = level();
    let mut s = GameSession::new(
        config(Box::new(NoSaves::default()), level.clone()).start(Session::new(level, 8)),
    );
    assert_eq!(s.model().screen, Screen::Main);
    let woken = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = woken.clone();
    s.set_waker(Arc::new(move || {
        flag.store(true, std::sync::atomic::Ordering::SeqCst)
    }));
    s.shutdown();
    assert!(s.is_finished());
    assert_eq!(
        s.handle_event(&crossterm::event::Event::Resize(90, 30)),
        SessionStatus::Finished
    );
    assert!(!woken.load(std::sync::atomic::Ordering::SeqCst));
}

#[test]
fn teacher_notes_show_to_students_only_where_the_level_says_so() {
    let about = |text: &str, teacher: bool| {
        let level = level_from("notes.toml", text);
        let mut m = Ui(GameSession::new(
            config(Box::new(NoSaves::default()), level).teacher(teacher),
        ));
        keys(&mut m, "<Enter>");
        render(&mut m, 200, 100)
    };
    assert!(
        FIXTURE.contains("[teacher]"),
        "the fixture has notes for teachers"
    );
    assert!(about(FIXTURE, true).contains("For teachers"));
    assert!(!about(FIXTURE, false).contains("For teachers"));
    let shown = FIXTURE.replacen("[teacher]", "[teacher]\nshow_to_students = true", 1);
    assert!(about(&shown, false).contains("For teachers"));
}
