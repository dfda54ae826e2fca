//! `sixparty class new|report` and `sixparty hand-in`: arguments and running. The command
//! line (`crate::cli`) only names these types, so the class tools stay in one place.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::{Args, Subcommand};

use crate::save;

#[derive(Subcommand, Debug)]
pub enum ClassCommand {
    /// Make a class code for a level: prints the code and the commands to serve and join it.
    New {
        /// A built-in level id or a path to a .toml level file.
        level: String,
        /// The class's seed, 0–1048575 (random when left out).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Write the class spreadsheet and every student's debrief into one folder, from the
    /// server's saves of a class (`classes/CODE/` in the data folder).
    Report {
        /// The class code (any case and spacing).
        code: String,
        /// The folder to write (default: CODE-report in the current folder).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Games each strategy plays for each debrief's "what if" (0 skips it; faster).
        #[arg(long, default_value_t = crate::debrief::WHAT_IF_GAMES_IN_GAME)]
        what_if: usize,
    },
}

#[derive(Args, Debug)]
pub struct HandInArgs {
    /// The folder to write the game to (default: your Documents folder's `sixparty`).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Your name (remembered for your next games); asked when none is known.
    #[arg(long)]
    pub name: Option<String>,
}

pub fn class(command: ClassCommand) -> Result<crate::cli::Exit> {
    match command {
        ClassCommand::New { level, seed } => class_new(&level, seed),
        ClassCommand::Report {
            code,
            output,
            what_if,
        } => class_report(&code, output, what_if),
    }
}

/// A seed for a class code when none is given: different from one class to the next.
fn fresh_seed() -> u64 {
    crate::ui::model::clock_seed() % (crate::challenge::MAX_SHORT_SEED + 1)
}

fn class_new(spec: &str, seed: Option<u64>) -> Result<crate::cli::Exit> {
    let level = crate::cli::load_level(spec)?;
    let seed = seed.unwrap_or_else(fresh_seed);
    let code = crate::challenge::encode_short(&level, seed)
        .map_err(|e| crate::cli::BadInput(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Class code: {code}   ({}, seed {seed})",
        level.scenario.meta.title
    )?;
    writeln!(out)?;
    writeln!(out, "Serve the class from this computer:")?;
    writeln!(out, "  sixparty serve --code {code}")?;
    writeln!(
        out,
        "Each student joins with their own name (no password, nothing to install):"
    )?;
    writeln!(out, "  ssh -p 2222 THEIR-NAME@{}", host_name())?;
    writeln!(out, "Or, playing locally:  sixparty play --code {code}")?;
    writeln!(out, "Afterwards:           sixparty class report {code}")?;
    if !matches!(level.origin, crate::level::Origin::Builtin) {
        writeln!(
            out,
            "\nThis level is a file: students who play locally need it installed (sixparty level install FILE)."
        )?;
    }
    Ok(crate::cli::Exit::Ok)
}

/// This computer's name as students would type it, or a placeholder.
fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| crate::level::sanitize(h.trim()))
        .filter(|h| !h.is_empty() && !h.contains(' '))
        .unwrap_or_else(|| "THIS-COMPUTER".to_string())
}

/// Every readable save of a class, with the student it belongs to.
pub fn class_saves(dir: &Path) -> Result<Vec<(String, save::SaveEntry)>> {
    let mut out = Vec::new();
    let students = match std::fs::read_dir(dir) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!(
                "no class saves at {} (has the class been served on this computer?)",
                dir.display()
            )
        }
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let mut folders: Vec<PathBuf> = students
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let student = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for entry in save::SaveStore::at(folder.join("saves")).list()? {
            out.push((student.clone(), entry));
        }
    }
    Ok(out)
}

fn class_report(code: &str, output: Option<PathBuf>, what_if: usize) -> Result<crate::cli::Exit> {
    let data = crate::paths::data_dir().map_err(anyhow::Error::msg)?;
    let folder = super::folder_code(code);
    let dir = super::class_dir(&data, code);
    let mut loaded = Vec::new();
    let mut skipped = 0;
    for (student, entry) in class_saves(&dir)? {
        match save::load_path(&entry.path, save::LoadOptions::default()) {
            Ok(l) => loaded.push((student, entry, l)),
            Err(e) => {
                skipped += 1;
                eprintln!("sixparty: skipped {}: {e}", entry.path.display());
            }
        }
    }
    let entries: Vec<super::csv::Entry<'_>> = loaded
        .iter()
        .map(|(student, entry, l)| super::csv::Entry {
            file: format!("{student}/{}.json", entry.name),
            player: l.header.player.clone().or_else(|| Some(student.clone())),
            session: &l.session,
            saved_at: l.header.saved_at,
        })
        .collect();
    let entries = super::csv::collapse(entries);
    let out_dir = output.unwrap_or_else(|| PathBuf::from(format!("{folder}-report")));
    let debriefs = out_dir.join("debriefs");
    std::fs::create_dir_all(&debriefs)
        .with_context(|| format!("creating {}", debriefs.display()))?;
    for entry in &entries {
        let report = crate::debrief::report(entry.session, entry.player.as_deref(), what_if);
        let path = super::debrief_path(&debriefs, entry.player.as_deref(), entry.session);
        write_file(&path, report.as_bytes())?;
    }
    let games = entries.len();
    let sheet = out_dir.join(format!("{folder}.csv"));
    write_file(&sheet, super::csv::csv(entries).as_bytes())?;
    println!(
        "Wrote {} ({games} game(s)) and {games} debrief(s) in {}",
        sheet.display(),
        debriefs.display()
    );
    Ok(if skipped > 0 {
        crate::cli::Exit::BadInput
    } else {
        crate::cli::Exit::Ok
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    save::atomic::replace(&save::RealFs, path, bytes, None)
        .map_err(|f| anyhow::anyhow!("{}: {}: {}", path.display(), f.step, f.source))
}

/// The folder hand-ins go to by default: Documents/sixparty (visible, unlike the data
/// folder), else the current folder.
fn hand_in_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("sixparty")))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `sixparty hand-in`: the most recent finished game, as `NAME-LEVEL-CODE.json`.
pub fn hand_in(args: HandInArgs) -> Result<crate::cli::Exit> {
    let store = save::SaveStore::open_default()?;
    let entries = store.list()?;
    let finished = entries
        .iter()
        .find(|e| e.header.as_ref().is_ok_and(|h| h.summary.ending.is_some()));
    let Some(entry) = finished else {
        eprintln!(
            "sixparty: no finished game to hand in yet{}",
            if entries.is_empty() {
                String::new()
            } else {
                "; play your game to its ending first (sixparty, then Continue)".to_string()
            }
        );
        return Ok(crate::cli::Exit::BadInput);
    };
    let loaded = save::load_path(&entry.path, save::LoadOptions::default())?;
    if let Some(name) = &args.name
        && let Err(e) = super::profile::set_player_name(name)
    {
        eprintln!("sixparty: could not remember the name: {e}");
    }
    let asked = || {
        use std::io::IsTerminal as _;
        if std::io::stdin().is_terminal() {
            super::profile::ask_once(&mut std::io::stdin().lock(), &mut std::io::stdout())
        } else {
            super::profile::player_name()
        }
    };
    let player = args
        .name
        .as_deref()
        .and_then(super::clean_name)
        .or_else(|| loaded.header.player.clone())
        .or_else(asked);
    let dir = args.output.unwrap_or_else(hand_in_dir);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = super::unique_file(
        &dir,
        &super::file_stem(player.as_deref(), &loaded.session),
        "json",
    );
    let bytes = save::format::read_save(&entry.path)?;
    write_file(&path, &bytes)?;
    println!("Handed in: {}", path.display());
    if player.is_none() {
        println!("(No name in this game: rename the file to start with your name.)");
    }
    Ok(crate::cli::Exit::Ok)
}
