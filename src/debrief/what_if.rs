//! A fair "what if" from the student's biggest turning point.
//!
//! Each row is [`WHAT_IF_GAMES`] games played to the end from the start of that month, every
//! row with the same dice (game `i` of every row is seeded alike), so rows differ only by
//! what is played:
//! - **as you played it**: the month as the student played it, then the rest of the game by
//!   the scripted player whose choices matched the student's most often ([`matching_style`]);
//! - **alternatives the student had**: the same month with one change — another option of
//!   an event they answered, or one more action that was open and affordable and that they
//!   did not take (at most one per kind of action, [`MAX_ALTERNATIVES`] in all) — then the
//!   same matched player;
//! - **scripted players**: `pressure-only`, `pressure-then-talks`, `relief-first` and `memo`
//!   take over the whole game from the start of that month.
//!
//! The month is replayed on the game's own dice up to the end of its planning (so the same
//! events fire as the student saw), and fresh dice take over from the answers on. An added
//! action changes what it rolls, so those rows take fresh dice before the action.
//!
//! The command line and the game call the same [`what_if`] with the same [`WHAT_IF_GAMES`],
//! so a save gives the same table wherever it is read. Cost: at most
//! `(1 + MAX_ALTERNATIVES + 4) × WHAT_IF_GAMES` = 260 games, spread over the cores.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

use crate::engine::{ActionId, Decision, EventId, Game, Scenario};
use crate::explain::month_label;
use crate::session::Session;
use crate::sim::{self, GameResult, Strategy, StrategyKind};

use super::record::Step;

/// Games per row of the table, in the game and on the command line alike.
pub const WHAT_IF_GAMES: usize = 20;
/// At most this many alternatives (other options first, then actions not taken).
pub const MAX_ALTERNATIVES: usize = 8;
/// The scripted players the table compares, each taking over the whole game.
pub const COMPARED: [StrategyKind; 4] = [
    StrategyKind::PressureOnly,
    StrategyKind::PressureThenTalks,
    StrategyKind::ReliefFirst,
    StrategyKind::Memo,
];
/// The scripted players a student's style is matched against, preferred in this order on a tie.
pub const STYLES: [StrategyKind; 5] = [
    StrategyKind::Memo,
    StrategyKind::PressureThenTalks,
    StrategyKind::PressureOnly,
    StrategyKind::ReliefFirst,
    StrategyKind::Passive,
];

/// The scripted player whose choices matched the student's most often.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub kind: StrategyKind,
    /// Agreement, summed over the student's decisions: 1 for the same decision, ½ for an
    /// action or answer sharing a tag with the player's choice, or for any package.
    pub agreement: f64,
    /// The student's decisions compared (actions, packages, answers).
    pub decisions: usize,
}

/// One row's change from the month as played.
#[derive(Debug, Clone, PartialEq)]
pub enum Alternative {
    /// The month as the student played it.
    AsPlayed,
    /// Another answer to an event the student answered that month.
    Answer {
        event: EventId,
        chosen: u8,
        instead: u8,
    },
    /// One more action the student could have taken that month.
    Action(ActionId),
    /// A scripted player takes the whole game from the start of the month.
    Scripted(StrategyKind),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub alternative: Alternative,
    /// Ending id → games.
    pub endings: BTreeMap<String, usize>,
    pub wins: usize,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    /// The month (0-based turn) it branches from.
    pub turn: u16,
    pub games: usize,
    pub style: Style,
    pub rows: Vec<Row>,
}

fn shares_tag(a: &[String], b: &[String]) -> bool {
    a.iter().any(|t| b.contains(t))
}

/// How alike two decisions are (see [`Style::agreement`]).
fn similarity(game: &Game, student: &Decision, scripted: &Decision) -> f64 {
    let scenario = game.scenario();
    match (student, scripted) {
        (a, b) if a == b => 1.0,
        (Decision::Act(a), Decision::Act(b))
            if shares_tag(&scenario.action(*a).tags, &scenario.action(*b).tags) =>
        {
            0.5
        }
        (Decision::Table(_), Decision::Table(_)) => 0.5,
        (Decision::Choose { option: a, .. }, Decision::Choose { option: b, .. }) => {
            let Some(event) = game.pending_event() else {
                return 0.0;
            };
            let options = &scenario.event(event).options;
            match (options.get(usize::from(*a)), options.get(usize::from(*b))) {
                (Some(x), Some(y)) if shares_tag(&x.tags, &y.tags) => 0.5,
                _ => 0.0,
            }
        }
        _ => 0.0,
    }
}

/// Replay the student's log asking each scripted player, at every decision, what it would
/// have done; the best match is the style the alternatives are played on with.
pub fn matching_style(session: &Session) -> Style {
    let mut game = session.rewound_to(0).game().clone();
    let mut players: Vec<(Strategy, f64)> =
        STYLES.iter().map(|&k| (Strategy::new(k), 0.0)).collect();
    // Only `random` throws the strategies' dice, and it is not among the styles.
    let mut dice = ChaCha8Rng::seed_from_u64(0);
    let mut decisions = 0;
    for decision in session.log() {
        if *decision != Decision::EndMonth {
            decisions += 1;
            for (player, agreement) in &mut players {
                let scripted = player.decide(&game, &mut dice);
                *agreement += similarity(&game, decision, &scripted);
            }
        }
        if game.apply(decision).is_err() {
            break;
        }
    }
    let mut best = Style {
        kind: StrategyKind::Memo,
        agreement: -1.0,
        decisions,
    };
    for (player, agreement) in players {
        if agreement > best.agreement + 1e-9 {
            best.kind = player.kind();
            best.agreement = agreement;
        }
    }
    best.agreement = best.agreement.max(0.0);
    best
}

/// The alternatives the student had in month `turn`: other options of the events they
/// answered, then actions open and affordable at the start of the month that they did not
/// take (one per first tag, so the rows cover different kinds of move).
pub fn alternatives(branch: &Game, month: &[Step]) -> Vec<Alternative> {
    let scenario = branch.scenario();
    let mut out = Vec::new();
    for step in month {
        if let (Some(event), Decision::Choose { option: chosen, .. }) = (step.event, &step.decision)
        {
            for &instead in &step.other_options {
                out.push(Alternative::Answer {
                    event,
                    chosen: *chosen,
                    instead,
                });
            }
        }
    }
    let taken = |a: ActionId| month.iter().any(|s| s.decision == Decision::Act(a));
    let mut kinds: Vec<&str> = month
        .iter()
        .filter_map(|s| match s.decision {
            Decision::Act(a) => scenario.action(a).tags.first().map(String::as_str),
            _ => None,
        })
        .collect();
    for a in scenario.action_ids() {
        if taken(a) || !branch.can_act(a) {
            continue;
        }
        let kind = scenario.action(a).tags.first().map_or("", String::as_str);
        if !kind.is_empty() && kinds.contains(&kind) {
            continue;
        }
        kinds.push(kind);
        out.push(Alternative::Action(a));
    }
    out.truncate(MAX_ALTERNATIVES);
    out
}

/// Play one game of one row.
fn play(
    branch: &Game,
    month: &[Step],
    alternative: &Alternative,
    style: StrategyKind,
    seed: u64,
) -> GameResult {
    let mut game = branch.clone();
    if let Alternative::Scripted(kind) = alternative {
        game.reseed(seed);
        return sim::play_out(game, seed, *kind, false);
    }
    let turn = game.state().turn();
    if let Alternative::Action(a) = alternative {
        game.reseed(seed);
        let _ = game.apply(&Decision::Act(*a));
    }
    for step in month {
        if matches!(step.decision, Decision::Act(_) | Decision::Table(_)) {
            // A decision the changed month no longer allows is skipped.
            let _ = game.apply(&step.decision);
        }
    }
    let _ = game.apply(&Decision::EndMonth);
    if !matches!(alternative, Alternative::Action(_)) {
        game.reseed(seed);
    }
    let mut player = Strategy::new(style);
    let mut dice = ChaCha8Rng::seed_from_u64(seed);
    let mut used = vec![false; month.len()];
    // Each answer is one decision; an event chain is capped by the engine, this by the log.
    for _ in 0..64 {
        let Some(event) = game.pending_event() else {
            break;
        };
        if game.is_over() || game.state().turn() != turn {
            break;
        }
        let answered = month
            .iter()
            .enumerate()
            .find_map(|(k, s)| match s.decision {
                Decision::Choose { option: o, .. } if s.event == Some(event) && !used[k] => {
                    Some((k, o))
                }
                _ => None,
            });
        let answer = match (answered, alternative) {
            (
                Some((k, _)),
                Alternative::Answer {
                    event: e, instead, ..
                },
            ) if *e == event => {
                used[k] = true;
                Some(*instead)
            }
            (Some((k, o)), _) => {
                used[k] = true;
                Some(o)
            }
            (None, _) => None,
        };
        let decision = match answer {
            Some(o) if game.option_available(o) => match game.answer(o) {
                Some(d) => d,
                None => player.decide(&game, &mut dice),
            },
            _ => player.decide(&game, &mut dice),
        };
        if game.apply(&decision).is_err() {
            let _ = game.apply(&sim::first_available_option(&game));
        }
    }
    sim::play_out(game, seed, style, false)
}

/// The what-if table from the start of month `turn`. `steps` is the session's record.
pub fn what_if(session: &Session, steps: &[Step], turn: u16, games: usize) -> WhatIf {
    let branch = session.rewound_to(turn);
    let branch = branch.game();
    let month: Vec<Step> = steps.iter().filter(|s| s.turn == turn).cloned().collect();
    let style = matching_style(session);
    let mut alts = vec![Alternative::AsPlayed];
    alts.extend(alternatives(branch, &month));
    alts.extend(COMPARED.iter().map(|&k| Alternative::Scripted(k)));
    let seeds: Vec<u64> = (0..games)
        .map(|i| sim::game_seed(session.seed ^ u64::from(turn), i as u64))
        .collect();
    let tasks: Vec<(usize, u64)> = (0..alts.len())
        .flat_map(|r| seeds.iter().map(move |&s| (r, s)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 16)
        .min(tasks.len().max(1));
    let chunk = tasks.len().div_ceil(threads).max(1);
    let mut results: Vec<Option<GameResult>> = vec![None; tasks.len()];
    std::thread::scope(|scope| {
        for (part, slots) in results.chunks_mut(chunk).enumerate() {
            let (tasks, alts, month) = (&tasks, &alts, &month);
            scope.spawn(move || {
                for (offset, slot) in slots.iter_mut().enumerate() {
                    let (row, seed) = tasks[part * chunk + offset];
                    *slot = Some(play(branch, month, &alts[row], style.kind, seed));
                }
            });
        }
    });
    let mut rows: Vec<Row> = alts
        .into_iter()
        .map(|alternative| Row {
            alternative,
            endings: BTreeMap::new(),
            wins: 0,
        })
        .collect();
    for ((row, _), result) in tasks.iter().zip(results.into_iter().flatten()) {
        let row = &mut rows[*row];
        *row.endings
            .entry(result.ending.unwrap_or_else(|| "none".into()))
            .or_insert(0) += 1;
        row.wins += usize::from(result.victory);
    }
    WhatIf {
        turn,
        games,
        style,
        rows,
    }
}

impl WhatIf {
    /// The table in Markdown, with what it is and is not.
    pub fn markdown(&self, scenario: &Scenario, yours: Option<&str>) -> String {
        let mut out = String::new();
        let w = &mut out;
        let month = month_label(scenario, self.turn);
        let style = self.style.kind.name();
        let _ = writeln!(
            w,
            "From the start of **{month}**, your biggest turning point, each row is {} games played to the end with the same {} sets of dice. The first rows keep your month with one change (another answer you could have given, or one more action that was open and affordable), then hand the rest of the game to `{style}`, the scripted player whose choices were closest to yours (it agreed with {:.0}% of your {} decisions). The last rows give the whole game from there to one scripted player.\n",
            self.games,
            self.games,
            100.0 * self.style.agreement / self.style.decisions.max(1) as f64,
            self.style.decisions
        );
        let _ = writeln!(
            w,
            "| From the start of {month} | Wins | Most common ending |\n|---|---:|---|"
        );
        for row in &self.rows {
            let label = match &row.alternative {
                Alternative::AsPlayed => format!("As you played it, then `{style}`"),
                Alternative::Answer {
                    event,
                    chosen,
                    instead,
                } => {
                    let def = scenario.event(*event);
                    let option = |i: u8| {
                        def.options
                            .get(usize::from(i))
                            .map_or("?", |o| o.label.as_str())
                    };
                    format!(
                        "Answer **{}** with *{}* (you: *{}*)",
                        def.title,
                        option(*instead),
                        option(*chosen)
                    )
                }
                Alternative::Action(a) => format!("Also **{}**", scenario.action(*a).name),
                Alternative::Scripted(kind) => format!("`{}` plays from there", kind.name()),
            };
            let common = row
                .endings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(id, n)| {
                    let title = scenario
                        .ending_id(id)
                        .map_or(id.as_str(), |e| scenario.ending(e).title.as_str());
                    format!("{title} ({:.0}%)", share(*n, self.games))
                })
                .unwrap_or_default();
            let _ = writeln!(
                w,
                "| {} | {:.0}% | {} |",
                super::cell(&label),
                share(row.wins, self.games),
                super::cell(&common)
            );
        }
        if let Some(ending) = yours {
            let _ = writeln!(w, "\nYour own game ended in **{ending}**.");
        }
        let _ = writeln!(
            w,
            "\nThese are scripted players in a teaching model, not forecasts: each row shows what the model's rules reward from your position when fixed rules play on, not what would have happened."
        );
        out
    }
}

fn share(n: usize, of: usize) -> f64 {
    100.0 * n as f64 / of.max(1) as f64
}
