//! The teacher's side of `sixparty serve`.
//!
//! [`run`]: a live table in the teacher's terminal — each student, the month, the meters
//! the level names in `[level] class_table` (else its key meters) with their change over the
//! last month (▲/▼) or their stage, whether a deal stands, the ending and grade once finished, and how long since their last key press. `s` changes the order,
//! ↑/↓ pick a student, Enter shows that student's screen read-only (any key returns), `p`
//! pauses every game between months (and resumes), `m` types a one-line message to all,
//! `q` stops the server (asking first). The table is redrawn twice a second and on keys;
//! sessions do not wait for it.
//!
//! [`log_until_interrupted`]: with `--no-dashboard`, joins, ends and errors go to stderr
//! with the time, until Ctrl-C.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Result;
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};

use super::room::{Room, StudentView};

/// The table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Name,
    Month,
    Idle,
    Grade,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Name => Sort::Month,
            Sort::Month => Sort::Idle,
            Sort::Idle => Sort::Grade,
            Sort::Grade => Sort::Name,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Month => "month",
            Sort::Idle => "idle",
            Sort::Grade => "grade",
        }
    }
}

/// Students in the table's order.
pub fn sorted(mut students: Vec<StudentView>, sort: Sort) -> Vec<StudentView> {
    match sort {
        Sort::Name => students.sort_by_key(|s| s.name.to_lowercase()),
        Sort::Month => students.sort_by(|a, b| {
            b.progress
                .turn
                .cmp(&a.progress.turn)
                .then(a.name.cmp(&b.name))
        }),
        Sort::Idle => students.sort_by_key(|s| s.last_input),
        Sort::Grade => students.sort_by(|a, b| {
            let grade = |s: &StudentView| {
                s.progress
                    .ending
                    .as_ref()
                    .map(|(_, g)| g.clone())
                    .unwrap_or_else(|| "~".into())
            };
            grade(a).cmp(&grade(b)).then(a.name.cmp(&b.name))
        }),
    }
    students
}

/// "42 s", "3 min", "1 h 5".
fn idle(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        _ => format!("{} h {}", s / 3600, (s % 3600) / 60),
    }
}

fn meter_cell(m: &super::screen::Meter) -> String {
    if let Some(stage) = &m.stage {
        return crate::ui::view::abbrev(stage, 12);
    }
    let arrow = if m.change > 0.05 {
        "▲"
    } else if m.change < -0.05 {
        "▼"
    } else {
        " "
    };
    format!("{:>3.0}{arrow}", m.value)
}

/// What the dashboard is doing.
enum Mode {
    Table,
    Watching(u64),
    Typing(String),
    ConfirmQuit,
}

struct Dashboard {
    sort: Sort,
    selected: TableState,
    mode: Mode,
    addr: SocketAddr,
}

/// Draw the dashboard (used by [`run`], and by tests on a test backend).
fn draw(frame: &mut Frame, room: &Room, dash: &mut Dashboard) {
    let area = frame.area();
    if let Mode::Watching(id) = dash.mode {
        draw_watch(frame, room, id, area);
        return;
    }
    let students = sorted(room.students(), dash.sort);
    let [head, table_area, log_area, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(5),
        Constraint::Length(1),
    ])
    .areas(area);
    let paused = if room.is_paused() {
        "  ⏸ PAUSED between months"
    } else {
        ""
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!(
                "sixparty class {} — {} — {} playing{paused}",
                room.code,
                room.level.scenario.meta.title,
                students.len()
            ))
            .style(Style::new().add_modifier(Modifier::BOLD)),
            Line::from(format!(
                "Students join with: ssh -p {} NAME@this-computer{}",
                dash.addr.port(),
                if room.password.is_some() {
                    "  (password set)"
                } else {
                    ""
                }
            )),
        ]),
        head,
    );
    let meter_names: Vec<String> = students
        .first()
        .map(|s| s.progress.meters.iter().map(|m| m.label.clone()).collect())
        .unwrap_or_default();
    let mut header = vec!["Student".to_string(), "Month".to_string()];
    header.extend(meter_names.iter().map(|n| crate::ui::view::abbrev(n, 12)));
    header.extend(["Deal", "Ending", "Idle"].map(String::from));
    let rows = students.iter().map(|s| {
        let p = &s.progress;
        let mut cells = vec![
            s.name.clone(),
            if p.length > 0 {
                format!("{} ({}/{})", p.month, (p.turn + 1).min(p.length), p.length)
            } else {
                p.screen.to_string()
            },
        ];
        cells.extend(p.meters.iter().map(meter_cell));
        for _ in p.meters.len()..meter_names.len() {
            cells.push(String::new());
        }
        cells.push(if p.deal { "yes" } else { "" }.to_string());
        cells.push(
            p.ending
                .as_ref()
                .map_or_else(String::new, |(t, g)| format!("{t} ({g})")),
        );
        cells.push(idle(s.last_input.elapsed()));
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Length(16), Constraint::Length(18)];
    widths.extend(meter_names.iter().map(|_| Constraint::Length(12)));
    widths.extend([
        Constraint::Length(5),
        Constraint::Min(12),
        Constraint::Length(8),
    ]);
    let table = Table::new(rows, widths)
        .header(
            Row::new(header)
                .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
        )
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .block(
            Block::new()
                .borders(Borders::TOP)
                .title(format!(" sorted by {} ", dash.sort.label())),
        );
    if dash.selected.selected().is_none() && !students.is_empty() {
        dash.selected.select(Some(0));
    }
    if let Some(i) = dash.selected.selected()
        && i >= students.len()
    {
        dash.selected.select(students.len().checked_sub(1));
    }
    frame.render_stateful_widget(table, table_area, &mut dash.selected);
    let log: Vec<Line> = room
        .log_lines(usize::from(log_area.height.saturating_sub(1)))
        .into_iter()
        .map(|l| Line::from(l.text))
        .collect();
    frame.render_widget(
        Paragraph::new(log).block(Block::new().borders(Borders::TOP).title(" log ")),
        log_area,
    );
    let hint = match &dash.mode {
        Mode::Typing(text) => format!("Message to all: {text}▏  (Enter sends, Esc cancels)"),
        Mode::ConfirmQuit => {
            "Stop the server? Every game is saved. y = stop, any other key = no".to_string()
        }
        _ => "↑↓ student · Enter view screen · s sort · p pause/resume · m message all · q stop"
            .to_string(),
    };
    frame.render_widget(
        Paragraph::new(hint).style(Style::new().add_modifier(Modifier::REVERSED)),
        foot,
    );
}

fn draw_watch(frame: &mut Frame, room: &Room, id: u64, area: Rect) {
    let name = room
        .students()
        .into_iter()
        .find(|s| s.id == id)
        .map_or_else(|| "(left)".to_string(), |s| s.name);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(format!(
            "{name}'s screen (read-only) — any key returns to the table"
        ))
        .style(Style::new().add_modifier(Modifier::REVERSED)),
        head,
    );
    let Some(screen) = room.screen_of(id) else {
        frame.render_widget(Paragraph::new("Waiting for the next frame…"), body);
        return;
    };
    // Copy the student's cells into the dashboard's frame, cut to what fits.
    let buf = frame.buffer_mut();
    for y in 0..screen.area.height.min(body.height) {
        for x in 0..screen.area.width.min(body.width) {
            let (Some(from), Some(to)) =
                (screen.cell((x, y)), buf.cell_mut((body.x + x, body.y + y)))
            else {
                continue;
            };
            *to = from.clone();
        }
    }
}

/// Handle one key; `false` when the server should stop.
fn key(room: &Room, dash: &mut Dashboard, code: KeyCode, mods: KeyModifiers) -> bool {
    if code == KeyCode::Char('c') && mods.contains(KeyModifiers::CONTROL) {
        return false;
    }
    match std::mem::replace(&mut dash.mode, Mode::Table) {
        Mode::Watching(_) => room.watch(None),
        Mode::ConfirmQuit => return !matches!(code, KeyCode::Char('y' | 'Y')),
        Mode::Typing(mut text) => match code {
            KeyCode::Enter => {
                if !text.trim().is_empty() {
                    room.broadcast(&text);
                }
            }
            KeyCode::Esc => {}
            KeyCode::Backspace => {
                text.pop();
                dash.mode = Mode::Typing(text);
            }
            KeyCode::Char(c) if text.chars().count() < 200 => {
                text.push(c);
                dash.mode = Mode::Typing(text);
            }
            _ => dash.mode = Mode::Typing(text),
        },
        Mode::Table => {
            let students = sorted(room.students(), dash.sort);
            match code {
                KeyCode::Up => dash.selected.select_previous(),
                KeyCode::Down => dash.selected.select_next(),
                KeyCode::Char('s') => dash.sort = dash.sort.next(),
                KeyCode::Char('p') => room.set_paused(!room.is_paused()),
                KeyCode::Char('m') => dash.mode = Mode::Typing(String::new()),
                KeyCode::Char('q') | KeyCode::Esc => dash.mode = Mode::ConfirmQuit,
                KeyCode::Enter => {
                    if let Some(s) = dash.selected.selected().and_then(|i| students.get(i)) {
                        room.watch(Some(s.id));
                        dash.mode = Mode::Watching(s.id);
                    }
                }
                _ => {}
            }
        }
    }
    true
}

/// The live table, until the teacher stops the server.
pub fn run(room: &Room, addr: SocketAddr) -> Result<()> {
    use std::io::IsTerminal as _;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!("(Not a terminal: logging instead of the live table.)");
        return log_until_interrupted(room, addr);
    }
    let mut terminal = ratatui::try_init()?;
    let mut dash = Dashboard {
        sort: Sort::Name,
        selected: TableState::default(),
        mode: Mode::Table,
        addr,
    };
    let result = (|| -> Result<()> {
        loop {
            terminal.draw(|f| draw(f, room, &mut dash))?;
            if !crossterm::event::poll(Duration::from_millis(500))? {
                continue;
            }
            if let Event::Key(k) = crossterm::event::read()?
                && k.kind == KeyEventKind::Press
                && !key(room, &mut dash, k.code, k.modifiers)
            {
                return Ok(());
            }
        }
    })();
    ratatui::restore();
    result
}

/// `--no-dashboard`: the log on stderr until Ctrl-C (or SIGTERM).
pub fn log_until_interrupted(room: &Room, addr: SocketAddr) -> Result<()> {
    room.echo_log.store(true, Ordering::Relaxed);
    room.log(format!(
        "serving class {} ({}) on {addr}; students join with: ssh -p {} NAME@this-computer",
        room.code,
        room.level.scenario.meta.title,
        addr.port()
    ));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
        if let Some(signal) = signals.forever().next() {
            room.log(format!("stopping (signal {signal})"));
        }
    }
    #[cfg(not(unix))]
    {
        // Without Unix signals: stop when standard input closes or says "q".
        let mut line = String::new();
        while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) && line.trim() != "q" {
            line.clear();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_table_lists_students_and_keys_pause_and_message() {
        let level = crate::level::builtin("revive-the-talks")
            .expect("built in")
            .expect("valid");
        let dir = tempfile::tempdir().expect("temp");
        let room = Room::new(super::super::room::ClassSetup {
            level,
            seed: 5,
            data_dir: dir.path().to_path_buf(),
            password: None,
            limits: super::super::Limits::new(4, 4, Duration::from_secs(60)),
        });
        let (tx, rx) = std::sync::mpsc::channel();
        let (ana, name) = room.join("ana", None, tx.clone()).expect("seat");
        assert_eq!(name, "ana");
        // Her game's meters, as her session reports them: a number and a stage.
        let meter = |label: &str, value: f64, stage: Option<&str>| super::super::screen::Meter {
            label: label.into(),
            value,
            change: 1.0,
            stage: stage.map(String::from),
        };
        room.report(
            ana,
            super::super::screen::Progress {
                meters: vec![
                    meter("Nuclear program", 80.0, None),
                    meter("Six Party Talks", 2.0, Some("convened")),
                ],
                ..Default::default()
            },
            false,
            None,
        );
        let (_, second) = room.join("Ana", None, tx).expect("seat");
        assert_eq!(second, "Ana-2");
        let mut dash = Dashboard {
            sort: Sort::Name,
            selected: TableState::default(),
            mode: Mode::Table,
            addr: SocketAddr::from(([127, 0, 0, 1], 2222)),
        };
        let mut terminal = Terminal::new(TestBackend::new(120, 20)).expect("terminal");
        terminal.draw(|f| draw(f, &room, &mut dash)).expect("draws");
        let text = terminal.backend().to_string();
        assert!(text.contains("ana") && text.contains("Ana-2"), "{text}");
        assert!(text.contains(&room.code));
        // Headers abbreviated by the game's one rule, a stage as its name.
        assert!(
            text.contains("Nuclear pro.") && text.contains("Six Party T…"),
            "{text}"
        );
        assert!(text.contains(" 80▲") && text.contains("convened"), "{text}");
        assert!(key(
            &room,
            &mut dash,
            KeyCode::Char('p'),
            KeyModifiers::NONE
        ));
        assert!(room.is_paused());
        key(&room, &mut dash, KeyCode::Char('m'), KeyModifiers::NONE);
        for c in "hi all".chars() {
            key(&room, &mut dash, KeyCode::Char(c), KeyModifiers::NONE);
        }
        key(&room, &mut dash, KeyCode::Enter, KeyModifiers::NONE);
        let got: Vec<_> = rx.try_iter().collect();
        assert!(got.iter().any(|i| matches!(
            i,
            super::super::room::SessionInput::Control(super::super::room::Control::Pause(true))
        )));
        assert!(
            got.iter().any(|i| matches!(i, super::super::room::SessionInput::Control(super::super::room::Control::Message(m)) if m == "hi all")),
            "{got:?}"
        );
        assert!(key(
            &room,
            &mut dash,
            KeyCode::Char('q'),
            KeyModifiers::NONE
        ));
        assert!(!key(
            &room,
            &mut dash,
            KeyCode::Char('y'),
            KeyModifiers::NONE
        ));
    }
}
