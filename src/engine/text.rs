//! Notices in words: the one function that turns what the engine reported into a title and
//! a body, for the news feed, the debrief and rewind alike (issue 13.4). Pure, like the rest
//! of the engine: it reads the scenario's texts and formats them.

use super::game::{Cause, NoticeKind};
use super::scenario::{Effect, Scenario};

/// A notice as the player reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeText {
    /// A one-character mark for lists ("✓" an action, "◆" an event, "!" a warning, …).
    pub icon: &'static str,
    pub title: String,
    /// The longer text ("" when there is none).
    pub body: String,
    /// The cause whose ledger entries explain this notice, if any.
    pub cause: Option<Cause>,
    /// Whether feeds leave it out (an unlabelled flag, the event cap).
    pub quiet: bool,
}

fn text(icon: &'static str, title: String, body: String, cause: Option<Cause>) -> NoticeText {
    NoticeText {
        icon,
        title,
        body,
        cause,
        quiet: false,
    }
}

/// The words for a notice of a game of `scenario`.
pub fn notice_text(scenario: &Scenario, kind: &NoticeKind) -> NoticeText {
    let s = scenario;
    match kind {
        NoticeKind::Action(a) => {
            let def = s.action(*a);
            text(
                "✓",
                def.name.clone(),
                def.description.clone(),
                Some(Cause::Action(*a)),
            )
        }
        NoticeKind::Event(e) => {
            let def = s.event(*e);
            text(
                "◆",
                def.title.clone(),
                def.text.clone(),
                Some(Cause::Event(*e)),
            )
        }
        NoticeKind::Choice(e, i) => {
            let ev = s.event(*e);
            let opt = ev.options.get(usize::from(*i));
            text(
                "→",
                format!("You chose: {}", opt.map_or("?", |o| o.label.as_str())),
                format!("{} — {}", ev.title, opt.map_or("", |o| o.tradeoff.as_str())),
                Some(Cause::Choice(*e, *i)),
            )
        }
        NoticeKind::Package { accepted, levels } => {
            let terms: Vec<String> = s
                .term_ids()
                .zip(levels)
                .filter(|(_, l)| **l > 0)
                .map(|(t, l)| format!("{}: {}", s.term(t).name, s.term(t).level_label(*l)))
                .collect();
            text(
                if *accepted { "★" } else { "✗" },
                if *accepted {
                    "Package accepted by every party".into()
                } else {
                    "Package rejected at the talks".into()
                },
                terms.join("; "),
                Some(if *accepted {
                    Cause::DealAccepted
                } else {
                    Cause::DealRejected
                }),
            )
        }
        NoticeKind::Revealed(p) => {
            let party = s.party(*p);
            text(
                "◉",
                format!("{}'s priorities are known", party.name),
                format!("Top priority: {}", party.top_priority),
                None,
            )
        }
        NoticeKind::FlagSet(f) => {
            let label = s.flags.get(f.index()).map_or("", |f| f.label.as_str());
            NoticeText {
                quiet: label.is_empty(),
                ..text("•", label.to_string(), String::new(), None)
            }
        }
        NoticeKind::EventCapReached => NoticeText {
            quiet: true,
            ..text(
                "•",
                format!(
                    "No more events this {}: the cap was reached",
                    s.meta.turn_length.noun()
                ),
                String::new(),
                None,
            )
        },
        NoticeKind::Ending(e) => {
            let def = s.ending(*e);
            text("■", def.title.clone(), def.text.clone(), None)
        }
        NoticeKind::Warning { ending, streak } => {
            let def = s.ending(*ending);
            let unit = s.meta.turn_length.noun();
            let title = format!("Warning: {} may come next {unit}", def.title);
            let body = if def.hold > 1 && *streak > 0 && *streak < def.hold {
                let left = def.hold - streak;
                format!(
                    "{} has held for {streak} {unit}(s); {left} more and the game ends this way.",
                    if def.goal.is_empty() {
                        "Its condition".to_string()
                    } else {
                        def.goal.clone()
                    }
                )
            } else {
                def.goal.clone()
            };
            text("!", title, body, None)
        }
        NoticeKind::Said {
            cause,
            effect,
            happened,
        } => {
            let words = said(s, *cause, *effect, *happened).unwrap_or("");
            NoticeText {
                // An outcome the level gave no words for (only one side worded).
                quiet: words.is_empty(),
                ..text("»", words.to_string(), String::new(), Some(*cause))
            }
        }
    }
}

/// The effects a cause applies (none for costs, which are not effects).
pub fn effects_of(s: &Scenario, cause: Cause) -> &[Effect] {
    match cause {
        Cause::Action(a) => &s.action(a).effects,
        Cause::Event(e) => &s.event(e).effects,
        Cause::Choice(e, o) => (s.event(e).options.get(usize::from(o))).map_or(&[], |o| &o.effects),
        Cause::Rule(r) => s.rules.get(usize::from(r.0)).map_or(&[], |r| &r.effects),
        Cause::DealAccepted => s.deal.as_ref().map_or(&[], |d| &d.on_accept),
        Cause::DealRejected => s.deal.as_ref().map_or(&[], |d| &d.on_reject),
        Cause::Difficulty(d) => (s.difficulties.get(usize::from(d.0))).map_or(&[], |d| &d.effects),
        Cause::ActionCost(_) | Cause::DealCost => &[],
    }
}

/// The level's words for effect `effect` of `cause`: its `said` when it took place, its
/// `said_if_not` when its chance failed.
pub fn said(s: &Scenario, cause: Cause, effect: u16, happened: bool) -> Option<&str> {
    let e = effects_of(s, cause).get(usize::from(effect))?;
    if happened {
        e.said.as_deref()
    } else {
        e.said_if_not.as_deref()
    }
}
