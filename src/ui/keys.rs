//! Key bindings as data: one table says which key means which [`Msg`] in which context, and
//! the help overlay is drawn from the same table, so the two cannot drift apart.
//!
//! Only key *presses* become messages; the loop drops releases and repeats before this.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::model::{Model, Screen};
use super::update::Msg;

/// The message a terminal event means in the model's current state, if any.
pub fn msg_for_event(model: &Model, ev: &Event) -> Option<Msg> {
    match ev {
        // Only presses: releases and auto-repeats would double actions.
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            let ctx = context(model);
            match msg_for(*k, ctx)? {
                // A letter the game does not read: a level's dashboard panel, if it names it.
                Msg::Char(c) if matches!(ctx, Ctx::Game | Ctx::Talks) => {
                    Some(panel_for(model, c).map_or(Msg::Char(c), Msg::Dashboard))
                }
                msg => Some(msg),
            }
        }
        Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
            Some(Msg::Click(m.column, m.row))
        }
        Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
        _ => None,
    }
}

/// The dashboard panel (its index in the level's list) that `key` opens, on a game screen
/// of a level that declares one. No panel, no key: a level without panels reads `x` as
/// nothing.
pub fn panel_for(model: &Model, key: char) -> Option<usize> {
    if !matches!(
        model.screen,
        Screen::Main | Screen::Talks | Screen::Dashboard | Screen::Relations
    ) {
        return None;
    }
    let g = model.game.as_ref()?;
    let panels = &g.session.game().scenario().dashboards;
    panels.iter().position(|p| p.key == key)
}

/// The lowercase letters the game reads during a game (its own bindings in the game's
/// contexts), each with what it does. A level's dashboard panel may not take one: the
/// validator asks here, so a new binding is a clash `level check` reports at once.
pub fn game_letters() -> impl Iterator<Item = (char, &'static str)> {
    let mut described = "";
    BINDINGS
        .iter()
        .filter(|b| matches!(b.ctx, Ctx::Global | Ctx::Game))
        .flat_map(move |b| {
            // A binding with no help is described by the one before it (↑ and ↓).
            if !b.help.is_empty() {
                described = b.help;
            }
            let what = described;
            b.keys.iter().filter_map(move |k| match k {
                Char(c) if c.is_ascii_lowercase() => Some((*c, what)),
                _ => None,
            })
        })
}

/// Which key context the model is in: the top dialog's, else the screen's.
pub fn context(model: &Model) -> Ctx {
    if let Some(dialog) = model.top_dialog() {
        return dialog.ctx();
    }
    match model.screen {
        Screen::Title => Ctx::Title,
        Screen::Load => Ctx::Load,
        Screen::Picker if model.picker.entering_seed => Ctx::Text,
        Screen::Talks => Ctx::Talks,
        _ => Ctx::Game,
    }
}

/// Where the player is, for the purpose of reading a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Everywhere (unless a more specific binding takes the key first).
    Global,
    /// The title menu: letters are shortcuts, so h/l do not move.
    Title,
    /// Lists and the main screen.
    Game,
    /// The talks table.
    Talks,
    /// Typing a seed or a challenge code: letters, digits and `-` are text.
    Text,
    /// Typing a save name: every printable key is text.
    Name,
    /// The list of saves.
    Load,
    /// A y/n question.
    Confirm,
    /// The help overlay.
    Help,
}

pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [KeyCode],
    /// How the help overlay writes the keys.
    pub label: &'static str,
    pub msg: Msg,
    pub help: &'static str,
}

use KeyCode::{BackTab, Backspace, Char, Down, Enter, Esc, Left, PageDown, PageUp, Right, Tab, Up};

pub const BINDINGS: &[Binding] = &[
    Binding {
        ctx: Ctx::Global,
        keys: &[Up, Char('k')],
        label: "↑↓ k j",
        msg: Msg::Up,
        help: "move up / down",
    },
    Binding {
        ctx: Ctx::Global,
        keys: &[Down, Char('j')],
        label: "↓ j",
        msg: Msg::Down,
        help: "",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Left, Char('h')],
        label: "←→ h l",
        msg: Msg::Left,
        help: "previous / next panel; at the talks, lower / raise a term",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Right, Char('l')],
        label: "→ l",
        msg: Msg::Right,
        help: "",
    },
    Binding {
        ctx: Ctx::Global,
        keys: &[Enter],
        label: "Enter",
        msg: Msg::Select,
        help: "select, take the action, decide",
    },
    Binding {
        ctx: Ctx::Global,
        keys: &[Esc],
        label: "Esc",
        msg: Msg::Back,
        help: "back, close",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Tab],
        label: "Tab",
        msg: Msg::NextPanel,
        help: "next panel",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[BackTab],
        label: "Shift-Tab",
        msg: Msg::PrevPanel,
        help: "previous panel",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[PageDown],
        label: "PgDn PgUp",
        msg: Msg::ScrollDown,
        help: "scroll the details, or the reactions at the talks",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[PageUp],
        label: "PgUp",
        msg: Msg::ScrollUp,
        help: "",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('t')],
        label: "t",
        msg: Msg::Talks,
        help: "the talks: build and table a package",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('m')],
        label: "m",
        msg: Msg::Relations,
        help: "the relations map: who trusts, aids and sanctions whom",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('n')],
        label: "n",
        msg: Msg::EndMonth,
        help: "end the month",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('N')],
        label: "N",
        msg: Msg::FastForward,
        help: "fast-forward: end months until something needs you (6 at most)",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('s')],
        label: "s",
        msg: Msg::Save,
        help: "save under a name (each month is also autosaved)",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('r')],
        label: "r",
        msg: Msg::Rewind,
        help: "history: go back to an earlier month, as a new save",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('d')],
        label: "d",
        msg: Msg::Debrief,
        help: "write the debrief (end screen); delete a save (Load, asks)",
    },
    Binding {
        ctx: Ctx::Game,
        keys: &[Char('b')],
        label: "b",
        msg: Msg::Scores,
        help: "best scores of the level (level picker, end screen)",
    },
    Binding {
        ctx: Ctx::Load,
        keys: &[Char('d'), KeyCode::Delete],
        label: "d",
        msg: Msg::Delete,
        help: "",
    },
    Binding {
        ctx: Ctx::Global,
        keys: &[Char('?')],
        label: "?",
        msg: Msg::Help,
        help: "this help",
    },
    Binding {
        ctx: Ctx::Global,
        keys: &[Char('q')],
        label: "q",
        msg: Msg::Quit,
        help: "quit (asks first)",
    },
    Binding {
        ctx: Ctx::Confirm,
        keys: &[Char('y'), Char('Y')],
        label: "y",
        msg: Msg::Yes,
        help: "yes",
    },
    Binding {
        ctx: Ctx::Confirm,
        keys: &[Char('n'), Char('N'), Esc],
        label: "n Esc",
        msg: Msg::No,
        help: "no",
    },
    Binding {
        ctx: Ctx::Help,
        keys: &[Up, Char('k')],
        label: "↑ ↓",
        msg: Msg::Up,
        help: "scroll the help",
    },
    Binding {
        ctx: Ctx::Help,
        keys: &[Down, Char('j')],
        label: "",
        msg: Msg::Down,
        help: "",
    },
    Binding {
        ctx: Ctx::Help,
        keys: &[PageUp],
        label: "PgUp",
        msg: Msg::ScrollUp,
        help: "",
    },
    Binding {
        ctx: Ctx::Help,
        keys: &[PageDown, Char(' ')],
        label: "PgDn",
        msg: Msg::ScrollDown,
        help: "",
    },
    Binding {
        ctx: Ctx::Help,
        keys: &[Char('b')],
        label: "b",
        msg: Msg::Briefing,
        help: "in the help: the level's briefing again",
    },
    Binding {
        ctx: Ctx::Help,
        keys: &[Esc, Char('?'), Enter, Char('q')],
        label: "Esc ?",
        msg: Msg::Help,
        help: "close the help",
    },
];

/// Bindings shown in the help overlay, in order (contexts that matter to a player). A
/// binding with no help text is described by the one before it (↑ and ↓ share a line).
pub fn help_rows() -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(|b| matches!(b.ctx, Ctx::Global | Ctx::Game | Ctx::Load) && !b.help.is_empty())
}

/// The message a key press means in a context, if any.
pub fn msg_for(key: KeyEvent, ctx: Ctx) -> Option<Msg> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        // Raw mode turns Ctrl-C into a key: treat it as the quit question, not a crash.
        return match key.code {
            Char('c') | Char('q') => Some(Msg::Quit),
            // The shell's "clear the line".
            Char('u') if matches!(ctx, Ctx::Name | Ctx::Text) => Some(Msg::Clear),
            _ => None,
        };
    }
    let code = match key.code {
        // Some terminals send Shift-Tab as Tab with SHIFT.
        Tab if key.modifiers.contains(KeyModifiers::SHIFT) => BackTab,
        other => other,
    };
    match ctx {
        // Every printable key is text: a seed, a challenge code (`tutorial-42-b40fa2f4`)
        // or a save's name. The screen decides what it accepts and says why not.
        Ctx::Text | Ctx::Name => {
            return match code {
                Char(c) if !c.is_control() => Some(Msg::Char(c)),
                Backspace => Some(Msg::Backspace),
                Enter => Some(Msg::Select),
                Esc => Some(Msg::Back),
                _ => None,
            };
        }
        Ctx::Confirm | Ctx::Help => {
            return BINDINGS
                .iter()
                .find(|b| b.ctx == ctx && b.keys.contains(&code))
                .map(|b| b.msg);
        }
        _ => {}
    }
    let scoped = |c: Ctx| {
        BINDINGS
            .iter()
            .find(|b| b.ctx == c && b.keys.contains(&code))
            .map(|b| b.msg)
    };
    let specific = match ctx {
        Ctx::Talks => scoped(Ctx::Game),
        Ctx::Title => None,
        other => scoped(other),
    };
    specific.or_else(|| scoped(Ctx::Global)).or(match code {
        Char(c) => Some(Msg::Char(c)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn title_letters_are_shortcuts_not_moves() {
        assert_eq!(msg_for(press(Char('l')), Ctx::Title), Some(Msg::Char('l')));
        assert_eq!(msg_for(press(Char('l')), Ctx::Game), Some(Msg::Right));
        assert_eq!(msg_for(press(Char('j')), Ctx::Title), Some(Msg::Down));
    }

    #[test]
    fn confirm_reads_only_yes_and_no() {
        assert_eq!(msg_for(press(Char('y')), Ctx::Confirm), Some(Msg::Yes));
        assert_eq!(msg_for(press(Char('n')), Ctx::Confirm), Some(Msg::No));
        assert_eq!(msg_for(press(Char('x')), Ctx::Confirm), None);
    }

    #[test]
    fn the_seed_field_takes_the_letters_of_a_challenge_code() {
        for c in "tutorial-42-b40fa2f4".chars() {
            assert_eq!(msg_for(press(Char(c)), Ctx::Text), Some(Msg::Char(c)));
        }
        // q and n are letters here, not quit or "end the month".
        assert_eq!(msg_for(press(Char('q')), Ctx::Text), Some(Msg::Char('q')));
        assert_eq!(msg_for(press(Char('n')), Ctx::Text), Some(Msg::Char('n')));
        let ctrl_u = KeyEvent::new(Char('u'), KeyModifiers::CONTROL);
        assert_eq!(msg_for(ctrl_u, Ctx::Text), Some(Msg::Clear));
    }

    #[test]
    fn names_take_every_letter() {
        assert_eq!(msg_for(press(Char('q')), Ctx::Name), Some(Msg::Char('q')));
        assert_eq!(msg_for(press(Char('?')), Ctx::Name), Some(Msg::Char('?')));
        assert_eq!(msg_for(press(Char('n')), Ctx::Name), Some(Msg::Char('n')));
        let ctrl_u = KeyEvent::new(Char('u'), KeyModifiers::CONTROL);
        assert_eq!(msg_for(ctrl_u, Ctx::Name), Some(Msg::Clear));
        assert_eq!(msg_for(ctrl_u, Ctx::Game), None);
    }

    #[test]
    fn d_deletes_on_the_load_screen_and_debriefs_elsewhere() {
        assert_eq!(msg_for(press(Char('d')), Ctx::Load), Some(Msg::Delete));
        assert_eq!(msg_for(press(Char('d')), Ctx::Game), Some(Msg::Debrief));
        assert_eq!(msg_for(press(Char('r')), Ctx::Game), Some(Msg::Rewind));
    }

    #[test]
    fn the_game_letters_are_the_bound_ones() {
        let letters: Vec<char> = game_letters().map(|(c, _)| c).collect();
        for c in ['t', 'm', 'n', 's', 'r', 'd', 'b', 'q', 'h', 'j', 'k', 'l'] {
            assert!(letters.contains(&c), "{c} is a game key");
            assert_ne!(msg_for(press(Char(c)), Ctx::Game), Some(Msg::Char(c)));
        }
        // Free letters reach the screen as letters (a panel's key, if the level has one).
        for c in ('a'..='z').filter(|c| !letters.contains(c)) {
            assert_eq!(
                msg_for(press(Char(c)), Ctx::Game),
                Some(Msg::Char(c)),
                "{c}"
            );
        }
        // Every letter has a description ('j' shares 'k's).
        assert!(game_letters().all(|(_, what)| !what.is_empty()));
        assert_eq!(
            game_letters().find(|(c, _)| *c == 'j').map(|(_, w)| w),
            Some("move up / down")
        );
    }

    #[test]
    fn shift_tab_goes_back() {
        let k = KeyEvent::new(Tab, KeyModifiers::SHIFT);
        assert_eq!(msg_for(k, Ctx::Game), Some(Msg::PrevPanel));
    }
}
