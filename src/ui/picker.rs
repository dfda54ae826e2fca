//! The level picker: every level on offer (tutorials first) with its title, length — the
//! turns, and the decisions and minutes a game takes as the level declares them, measured
//! (`tests/level_length.rs`) — difficulty and description, and the player's best score;
//! then, on a level that offers several, the difficulty (with what it changes at the
//! start); then the seed or a challenge code (blank = random). A code names its own level,
//! which need not be the one highlighted (that level's default difficulty applies). `b`
//! shows the level's best scores.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::{DifficultyId, Game, Setup};
use crate::level::Level;
use crate::session::Session;

use super::dialogs::Scores;
use super::model::{Model, Screen};
use super::strings;
use super::theme::Theme;
use super::update::{Msg, area, open, scroll_pane, step};
use super::view::{self, fit, footer, panel};

/// The highlighted level and the seed being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub selected: usize,
    /// Typing the seed (or a challenge code) for the chosen level.
    pub entering_seed: bool,
    pub seed_input: String,
    /// Rows of the About pane scrolled past with PgDn; any other key resets it.
    pub scroll: u16,
    /// Choosing the difficulty (levels that offer several), before the seed.
    pub choosing_difficulty: bool,
    /// The difficulty chosen, by its place in the level's list (0 = the default).
    pub difficulty: usize,
}

/// The first level on offer that is a tutorial.
pub fn first_tutorial(model: &Model) -> Option<usize> {
    model
        .levels
        .iter()
        .position(|e| e.level.as_ref().is_ok_and(|l| l.scenario.meta.tutorial))
}

/// The first-run suggestion (on the picker, once): the first tutorial on offer, in a box.
pub fn suggest_tutorial(model: &mut Model, fx: &mut Vec<super::effect::Effect>) {
    if model.screen != Screen::Picker || !model.profile.suggest_tutorial {
        return;
    }
    if let Some(level) = first_tutorial(model) {
        model.profile.suggest_tutorial = false;
        fx.push(super::effect::Effect::TutorialSuggested);
        model.picker.selected = level;
        open(model, super::dialogs::TutorialTip { level });
    }
}

/// "about 28 minutes, 30 decisions", from the level's measured `typical`.
pub fn length_text(level: &Level) -> Option<String> {
    level
        .scenario
        .meta
        .typical
        .map(|t| format!("about {} minutes, {} decisions", t.minutes, t.decisions))
}

/// What a difficulty changes at the start: each meter whose starting value differs from
/// the level's own, "Capital 10 → 6" (computed by starting a game, so it is what play gets).
pub fn difficulty_changes(level: &Level, index: usize) -> Vec<String> {
    let scenario = &level.scenario;
    let start = |difficulty| {
        let setup = Setup {
            rng: crate::engine::RNG_VERSION,
            difficulty,
        };
        Game::with_setup(scenario.clone(), 0, setup)
    };
    let plain = start(None);
    let chosen = start(Some(DifficultyId(index as u16)));
    scenario
        .vars
        .iter()
        .zip(plain.state().vars().iter().zip(chosen.state().vars()))
        .filter(|(_, (a, b))| (*a - *b).abs() >= 0.5)
        .map(|(def, (a, b))| {
            format!(
                "{} {} → {}",
                view::flat(&def.label),
                crate::projection::num(*a),
                crate::projection::num(*b)
            )
        })
        .collect()
}

/// Longest seed or code the field takes (a code is a level id, a seed and 8 hex digits).
const SEED_MAX: usize = 100;

fn split(area: Rect) -> (Rect, Rect) {
    let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    let left_w = (body.width * 2 / 5).max(30).min(body.width);
    (
        Rect::new(body.x, body.y, left_w, body.height),
        Rect::new(body.x + left_w, body.y, body.width - left_w, body.height),
    )
}

pub fn item_at(area: Rect, len: usize, selected: usize, col: u16, row: u16) -> Option<usize> {
    view::list_hit(view::inner(split(area).0), selected, len, col, row)
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let (left, right) = split(area);
    panel(
        left,
        buf,
        strings::PICKER_TITLE,
        !model.picker.entering_seed && !model.picker.choosing_difficulty,
        t,
    );
    let w = usize::from(left.width.saturating_sub(4));
    let lines: Vec<Line<'static>> = model
        .levels
        .iter()
        .map(|e| match &e.level {
            Ok(l) => Line::from(fit(&l.scenario.meta.title, w)),
            Err(_) => Line::styled(fit(&format!("✗ {}", e.name), w), t.dim()),
        })
        .collect();
    view::list(
        lines,
        Some(model.picker.selected),
        view::inner(left),
        buf,
        t,
    );

    panel(right, buf, strings::PICKER_ABOUT, false, t);
    let inner = view::inner(right);
    let lines = about_lines(model, t);
    let difficulty = difficulty_lines(model, t);
    let seed_h = if model.picker.entering_seed {
        6
    } else if model.picker.choosing_difficulty {
        (view::wrapped_height(&difficulty, inner.width.saturating_sub(2)) + 2)
            .min(inner.height.saturating_sub(4))
    } else {
        0
    };
    let about = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(seed_h),
    );
    if model.picker.entering_seed || model.picker.choosing_difficulty {
        view::text(lines, about, buf);
    } else {
        view::scrolling_text(lines, model.picker.scroll, right, buf, t);
    }
    if model.picker.entering_seed {
        let r = Rect::new(inner.x, about.bottom(), inner.width, seed_h);
        panel(r, buf, strings::SEED_TITLE, true, t);
        let ri = view::inner(r);
        let shown = if model.picker.seed_input.is_empty() {
            Span::styled("(blank = random)", t.dim())
        } else {
            Span::styled(model.picker.seed_input.clone(), t.bold())
        };
        view::text(
            vec![
                Line::from(strings::SEED_PROMPT),
                Line::from(vec![Span::raw("> "), shown, Span::styled("▏", t.accent())]),
            ],
            ri,
            buf,
        );
    }
    if model.picker.choosing_difficulty {
        let r = Rect::new(inner.x, about.bottom(), inner.width, seed_h);
        panel(r, buf, strings::DIFFICULTY_TITLE, true, t);
        view::text(difficulty, view::inner(r), buf);
    }
    let hint = if model.picker.entering_seed {
        strings::SEED_HINT
    } else if model.picker.choosing_difficulty {
        strings::DIFFICULTY_HINT
    } else {
        strings::PICKER_HINT
    };
    footer(
        model,
        hint,
        Rect::new(area.x, area.bottom() - 1, area.width, 1),
        buf,
    );
}

/// The About pane: title, length, difficulty, origin, description, briefing, and (for
/// teachers) the level's notes.
fn about_lines(model: &Model, t: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    match model.levels.get(model.picker.selected) {
        Some(entry) => match &entry.level {
            Ok(level) => {
                let m = &level.scenario.meta;
                lines.push(Line::styled(view::flat(&m.title), t.heading()));
                lines.push(Line::from(vec![
                    Span::styled("Length ", t.bold()),
                    Span::raw(format!(
                        "{} {}s · {}",
                        m.length,
                        m.turn_length.noun(),
                        length_text(level)
                            .unwrap_or_else(|| strings::LENGTH_UNMEASURED.to_string())
                    )),
                ]));
                lines.push(Line::from(vec![
                    Span::styled("Difficulty ", t.bold()),
                    Span::raw(difficulty_names(level)),
                ]));
                if let Some(best) = best_line(model, level) {
                    lines.push(Line::styled(best, t.good()));
                }
                let origin = match &level.origin {
                    crate::level::Origin::Builtin => "built-in".to_string(),
                    crate::level::Origin::File(p) => p.display().to_string(),
                };
                let by = if m.author.is_empty() {
                    origin
                } else {
                    format!("by {} · {origin}", m.author)
                };
                lines.push(Line::styled(by, t.dim()));
                lines.push(Line::from(""));
                lines.extend(view::para(&m.description));
                if !m.briefing.is_empty() {
                    lines.push(Line::from(""));
                    lines.extend(view::para(&m.briefing));
                }
                let notes = &m.teacher;
                // Students see them only where the level allows it; a teacher (`--teacher`,
                // or the class server's teacher view) always does.
                if (model.teacher || notes.show_to_students)
                    && !(notes.learning_goals.is_empty()
                        && notes.assumptions.is_empty()
                        && notes.questions.is_empty())
                {
                    lines.push(Line::from(""));
                    lines.push(Line::styled(strings::TEACHER_NOTES, t.heading()));
                    for (title, items) in [
                        (strings::LEARNING_GOALS, &notes.learning_goals),
                        (strings::ASSUMPTIONS, &notes.assumptions),
                        (strings::QUESTIONS, &notes.questions),
                    ] {
                        if !items.is_empty() {
                            lines.push(Line::styled(title, t.bold()));
                            lines.extend(
                                items
                                    .iter()
                                    .map(|i| Line::from(format!("• {}", view::flat(i)))),
                            );
                        }
                    }
                }
            }
            Err(e) => {
                lines.push(Line::styled(
                    format!("✗ {} {}", entry.name, strings::BROKEN_LEVEL),
                    t.bad(),
                ));
                lines.extend(view::para(e));
            }
        },
        None => lines.push(Line::from("No levels found.")),
    }
    lines
}

/// How far the About pane scrolls at a time and at most ([`view::scroll_pages`]).
fn about_pages(model: &Model) -> (u16, u16) {
    let lines = about_lines(model, &Theme::plain());
    view::scroll_pages(&lines, split(area(model)).1)
}

pub fn update(model: &mut Model, msg: Msg) {
    let len = model.levels.len();
    let difficulties = selected_level(model).map_or(0, |l| l.scenario.difficulties.len());
    let picker = &mut model.picker;
    if picker.choosing_difficulty {
        let n = difficulties;
        match msg {
            Msg::Up => step(&mut picker.difficulty, n, false),
            Msg::Down => step(&mut picker.difficulty, n, true),
            Msg::Back => picker.choosing_difficulty = false,
            Msg::Select => {
                picker.choosing_difficulty = false;
                picker.entering_seed = true;
                picker.seed_input.clear();
            }
            _ => {}
        }
        return;
    }
    if picker.entering_seed {
        match msg {
            // Digits for a seed; letters, '-' and '_' too, for a challenge code.
            Msg::Char(c)
                if (c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    && picker.seed_input.len() < SEED_MAX =>
            {
                picker.seed_input.push(c.to_ascii_lowercase());
            }
            Msg::Backspace => {
                picker.seed_input.pop();
            }
            Msg::Clear => picker.seed_input.clear(),
            // Back to the difficulty where there was one to choose.
            Msg::Back => {
                picker.entering_seed = false;
                picker.choosing_difficulty = difficulties > 1;
            }
            Msg::Select => start(model),
            _ => {}
        }
        return;
    }
    let mut scroll = picker.scroll;
    let scrolled = scroll_pane(&mut scroll, msg, || about_pages(model));
    model.picker.scroll = scroll;
    if scrolled {
        return;
    }
    let picker = &mut model.picker;
    match msg {
        Msg::Up => step(&mut picker.selected, len, false),
        Msg::Down => step(&mut picker.selected, len, true),
        Msg::Back => model.screen = Screen::Title,
        Msg::Select => next(model),
        Msg::Scores => {
            if let Some(level) = selected_level(model) {
                let (id, title) = (level.id().to_string(), level.scenario.meta.title.clone());
                let scores = Scores::new(model, &id, &title, None);
                open(model, scores);
            }
        }
        Msg::Click(col, row) => {
            if let Some(i) = item_at(area(model), len, model.picker.selected, col, row) {
                model.picker.selected = i;
            }
        }
        _ => {}
    }
}

/// The highlighted level, if it loaded.
fn selected_level(model: &Model) -> Option<&Level> {
    model
        .levels
        .get(model.picker.selected)
        .and_then(|e| e.level.as_ref().ok())
}

/// The difficulties a level offers, "Normal / Hard", or its `difficulty` text.
fn difficulty_names(level: &Level) -> String {
    let d = &level.scenario.difficulties;
    if d.len() > 1 {
        d.iter()
            .map(|d| view::flat(&d.label))
            .collect::<Vec<_>>()
            .join(" / ")
    } else {
        view::flat(&level.scenario.meta.difficulty)
    }
}

/// "Your best: 73 (★ Verified freeze, code K7QD-40MX) · b best scores".
fn best_line(model: &Model, level: &Level) -> Option<String> {
    let best = (model.records.games.iter())
        .filter(|g| g.level == level.id())
        .max_by(|a, b| (a.score, a.victory).cmp(&(b.score, b.victory)))?;
    let star = if best.victory { "★ " } else { "" };
    Some(format!(
        "Your best: {} ({star}{}, code {}) · b best scores",
        best.score,
        view::flat(&best.ending),
        best.code
    ))
}

/// The difficulty panel: each difficulty, the chosen one's description and what it
/// changes at the start.
fn difficulty_lines(model: &Model, t: &Theme) -> Vec<Line<'static>> {
    let Some(level) = selected_level(model) else {
        return Vec::new();
    };
    let chosen = model.picker.difficulty;
    let mut lines: Vec<Line<'static>> = level
        .scenario
        .difficulties
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let line = Line::from(format!(
                "{} {}",
                if i == chosen { "›" } else { " " },
                view::flat(&d.label)
            ));
            if i == chosen {
                line.style(t.selected())
            } else {
                line
            }
        })
        .collect();
    if let Some(d) = level.scenario.difficulties.get(chosen) {
        lines.push(Line::from(""));
        if !d.description.is_empty() {
            lines.extend(view::para(&d.description));
        }
        let changes = difficulty_changes(level, chosen);
        if changes.is_empty() {
            lines.push(Line::styled(strings::DIFFICULTY_SAME, t.dim()));
        } else {
            lines.push(Line::styled(
                format!("{} {}", strings::DIFFICULTY_CHANGES, changes.join(" · ")),
                t.dim(),
            ));
        }
    }
    lines
}

/// Enter on a level: choose the difficulty (where there are several) or the seed, or say
/// why the level cannot be played.
pub fn next(model: &mut Model) {
    match model.levels.get(model.picker.selected).map(|e| &e.level) {
        Some(Ok(level)) => {
            model.picker.difficulty = 0;
            if level.scenario.difficulties.len() > 1 {
                model.picker.choosing_difficulty = true;
            } else {
                model.picker.entering_seed = true;
                model.picker.seed_input.clear();
            }
        }
        Some(Err(e)) => model.status = Some(e.clone()),
        None => {}
    }
}

/// Enter on the seed: blank is a random seed, digits a seed, anything else must be a
/// challenge code for an installed level (else the footer says why and the field stays).
fn start(model: &mut Model) {
    let Some(Ok(level)) = model.levels.get(model.picker.selected).map(|e| &e.level) else {
        return;
    };
    let input = model.picker.seed_input.trim().to_string();
    let highlighted = level.id().to_string();
    let (level, seed) = if input.is_empty() {
        (level.clone(), (model.seed_source)())
    } else if let Ok(seed) = input.parse::<u64>() {
        (level.clone(), seed)
    } else {
        let code = match crate::challenge::parse(&input) {
            Ok(code) => code,
            Err(e) => {
                model.status = Some(format!("'{input}' {}: {e}", strings::SEED_NEITHER));
                return;
            }
        };
        let found = model.levels.iter().find_map(|e| match &e.level {
            Ok(l) if l.id() == code.level => Some(l.clone()),
            _ => None,
        });
        let Some(level) = found else {
            model.status = Some(format!(
                "the code is for level '{}', which is not installed",
                code.level
            ));
            return;
        };
        if let Err(e) = crate::challenge::verify(&code, &level) {
            model.status = Some(e.to_string());
            return;
        }
        (level, code.seed)
    };
    // The chosen difficulty, for the level it was chosen on; a code for another level
    // plays that level's default.
    let mut setup = Setup::new_game(&level.scenario);
    if level.id() == highlighted && level.scenario.difficulties.len() > 1 {
        setup.difficulty = Some(DifficultyId(model.picker.difficulty as u16));
    }
    model.start(Session::with_setup(level, seed, setup));
}
