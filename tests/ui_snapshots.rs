//! Snapshots of every screen at 80×24 and 120×40, from a seeded game on a frozen level.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always cargo test --test ui_snapshots).

mod ui_support;

use sixparty::ui::model::Panel;
use sixparty::ui::update::Msg;
use ui_support::*;

fn both(name: &str, m: &mut sixparty::ui::model::Model) {
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
    send(&mut m, &[Msg::Select]);
    both("picker", &mut m);
    send(&mut m, &[Msg::Select, Msg::Char('7')]);
    both("picker_seed", &mut m);
}

#[test]
fn main_screen_first_month() {
    both("main_start", &mut in_game());
}

#[test]
fn main_screen_after_a_month() {
    let mut m = in_game();
    send(&mut m, &[Msg::Select, Msg::EndMonth]);
    if m.game
        .as_ref()
        .and_then(|g| g.session.game().pending_event())
        .is_some()
    {
        send(&mut m, &[Msg::Select]);
    }
    both("main_news", &mut m);
    // The meters panel with the "why it changed" details.
    if let Some(g) = m.game.as_mut() {
        g.focus = Panel::Meters;
        g.meter = 1;
    }
    both("main_meters", &mut m);
    if let Some(g) = m.game.as_mut() {
        g.focus = Panel::Parties;
        g.lower = Panel::Parties;
        g.party = 1;
    }
    both("main_parties", &mut m);
}

#[test]
fn talks() {
    let mut m = in_game();
    send(&mut m, &[Msg::Talks, Msg::Right, Msg::Down, Msg::Right]);
    both("talks", &mut m);
}

#[test]
fn sanctions() {
    let mut m = in_game();
    send(&mut m, &[Msg::Sanctions]);
    both("sanctions", &mut m);
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
    send(&mut m, &[Msg::Help]);
    both("help", &mut m);
}

#[test]
fn quit_question() {
    let mut m = in_game();
    send(&mut m, &[Msg::Quit]);
    both("quit", &mut m);
}

#[test]
fn too_small() {
    let mut m = in_game();
    insta::assert_snapshot!("too_small_79x24", render(&mut m, 79, 24));
    insta::assert_snapshot!("too_small_20x5", render(&mut m, 20, 5));
}

/// A save store with one game, to draw the title with Continue/Load enabled and the Load list.
struct OneSave(sixparty::session::Session);

impl sixparty::ui::model::SaveStore for OneSave {
    fn list(&self) -> Vec<sixparty::ui::model::SaveSummary> {
        vec![sixparty::ui::model::SaveSummary {
            key: "autosave".into(),
            label: "Revive the Talks — Feb 2017 (autosave)".into(),
        }]
    }
    fn load(&self, _key: &str) -> Result<sixparty::session::Session, String> {
        Ok(self.0.clone())
    }
    fn save(&mut self, _session: &sixparty::session::Session) -> Result<String, String> {
        Ok("autosave".into())
    }
}

#[test]
fn title_and_load_with_saves() {
    let entries = vec![sixparty::ui::model::LevelEntry {
        name: "ui-level".into(),
        level: Ok(level()),
    }];
    let mut m = sixparty::ui::model::Model::new(
        entries,
        Box::new(OneSave(sixparty::session::Session::new(level(), 1))),
        sixparty::ui::theme::Theme::plain(),
    );
    both("title_saves", &mut m);
    send(&mut m, &[Msg::Char('l')]);
    both("load", &mut m);
}
