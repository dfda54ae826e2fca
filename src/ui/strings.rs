//! Every string the UI shows that is not level content, in one place (gitui's `strings.rs`).

pub const TITLE: &str = "SIXPARTY";
/// Generic: the game is an interpreter, and what a crisis is about comes from its level.
pub const SUBTITLE: &str = "A diplomacy game: pressure, talks and a deal that holds";
pub const TITLE_ITEMS: [&str; 6] = [
    "New game",
    "Continue",
    "Load",
    "Player name",
    "Help",
    "Quit",
];
/// Beside "Player name" when none was given.
pub const NO_NAME: &str = "(none: saves carry no name)";
pub const TITLE_HINT: &str = "↑↓ move · Enter select · first letter = shortcut";
pub const NO_SAVES: &str = "No saved games yet.";

pub const PICKER_TITLE: &str = "Choose a level";
pub const PICKER_HINT: &str = "↑↓ choose · PgDn PgUp about · b best scores · Enter next · Esc back";
pub const DIFFICULTY_TITLE: &str = "Difficulty";
pub const DIFFICULTY_HINT: &str = "↑↓ choose · Enter next · Esc back";
pub const DIFFICULTY_SAME: &str = "Starts as the level is written.";
pub const DIFFICULTY_CHANGES: &str = "At the start:";
pub const LENGTH_UNMEASURED: &str = "length not measured";
pub const PICKER_ABOUT: &str = "About this level";
pub const SEED_TITLE: &str = "Seed or challenge code";
pub const SEED_PROMPT: &str = "Type a seed or a challenge code to play a known game (a class shares one), or leave blank for a random seed.";
pub const SEED_HINT: &str = "type · Backspace · Enter start · Esc back";
pub const BROKEN_LEVEL: &str = "cannot be loaded";
pub const SEED_NEITHER: &str = "is neither a seed (digits) nor a challenge code";

pub const TOO_SMALL: &str = "Enlarge the terminal to 80×24 (q quits)";

pub const PANEL_ACTIONS: &str = "Actions";
pub const PANEL_METERS: &str = "Meters";
pub const PANEL_PARTIES: &str = "Parties";
pub const PANEL_NEWS: &str = "News";
pub const PANEL_DETAIL: &str = "Details";

/// A footer hint as data: its keys, its words, its words on a narrow screen (`Some("")`:
/// the keys alone) and how much it matters (higher stays longest; see `hint::fit`). Words
/// say "month"; `hint::parts` makes them the level's turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub keys: &'static str,
    pub words: &'static str,
    pub short: Option<&'static str>,
    pub keep: u8,
}

const fn hint(
    keys: &'static str,
    words: &'static str,
    short: Option<&'static str>,
    keep: u8,
) -> Hint {
    Hint {
        keys,
        words,
        short,
        keep,
    }
}

/// In a list of hints: where the level's dashboard panels go, each with this entry's `keep`.
pub const HINT_PANELS: &str = "<panels>";

pub const MAIN_HINTS: &[Hint] = &[
    hint("Tab", "panel", Some(""), 6),
    hint("Enter", "take", None, 1),
    hint("t", "talks", None, 7),
    hint(HINT_PANELS, "", None, 5),
    hint("m", "map", None, 4),
    hint("n", "end month", None, 9),
    hint("s", "save", None, 3),
    hint("r", "rewind", None, 2),
    hint("?", "help", None, 10),
    hint("q", "quit", None, 10),
];

pub const MAP_TITLE: &str = "Relations";
pub const MAP_HINTS: &[Hint] = &[
    hint("↑↓", "choose", None, 10),
    hint("PgDn/PgUp", "the details", Some("details"), 3),
    hint("t", "talks", None, 6),
    hint(HINT_PANELS, "", None, 4),
    hint("n", "end month", None, 8),
    hint("Esc", "back", None, 10),
];
pub const MAP_TRUST: &str = "TRUST  (⇄ both ways)";
pub const MAP_AID: &str = "AID  (→ flows to)";
pub const MAP_SANCTIONS: &str = "SANCTIONS  (⊣ pressure on)";
pub const MAP_TENSION: &str = "TENSION  (× hostility)";
pub const MAP_WILLINGNESS: &str = "WILLINGNESS TO TALK";
pub const MAP_TRUST_MEANS: &str = "Trust between the two: higher is better.";
pub const MAP_AID_MEANS: &str = "Aid flowing from the first to the second.";
pub const MAP_SANCTIONS_MEANS: &str = "Pressure from the first on the second.";
pub const MAP_TENSION_MEANS: &str = "Hostility between the two: higher is worse.";
pub const MAP_WILLINGNESS_MEANS: &str = "How ready this party is to engage at the talks.";
pub const MAP_NONE: &str = "This level declares no ties between its parties.";

/// `text` for a level whose turns are `unit`s: "month" becomes "week" or "day" (the
/// strings here are written for monthly levels, and a day level said "n end month").
pub fn per_turn(text: &str, unit: crate::engine::TurnLength) -> String {
    match unit {
        crate::engine::TurnLength::Month => text.to_string(),
        other => text.replace("month", other.noun()),
    }
}

pub const CAPITAL: &str = "Capital";
/// The selected term's level in the talks' info pane.
pub const TERM_NOW: &str = "In the draft";
/// A party whose priorities are not known yet, in the Parties panel.
pub const PRIORITY_UNKNOWN_SHORT: &str = "? unknown";
/// Before the level's advice line on the main screen.
pub const ADVISOR: &str = "Advisor";
pub const AVAILABLE: &str = "available";
pub const UNAVAILABLE: &str = "unavailable";
pub const COST: &str = "cost";
pub const TRADEOFF: &str = "Tradeoff";
pub const EXPECTED: &str = "Expected direct effects";
pub const NO_DIRECT: &str = "no direct change to any meter";
pub const UNCERTAIN: &str = "Some effects are a matter of chance; shown as if they all happen.";
pub const REVEALS: &str = "Reveals the priorities of";
pub const MAY_TRIGGER: &str = "Sets in motion";
pub const ENDS_GAME: &str = "ENDS THE GAME:";
pub const ENTER_TO_TAKE: &str = "Enter: take this action";

pub const NEWS_THIS_MONTH: &str = "This month";
pub const NEWS_LAST_MONTH: &str = "Last month";
pub const NEWS_THIS_WEEK: &str = "This week";
pub const NEWS_LAST_WEEK: &str = "Last week";
pub const NEWS_TODAY: &str = "Today";
pub const NEWS_YESTERDAY: &str = "Yesterday";
pub const NEWS_EMPTY: &str = "Nothing yet. Take actions, then press n to end the month.";
pub const WHY_CHANGED: &str = "Why it changed";
pub const NO_CHANGES: &str = "No change this month or last.";
pub const BIGGEST_CAUSES: &str = "Biggest causes this game";
pub const SOURCE: &str = "Source:";
pub const PRIORITY_UNKNOWN: &str = "unknown — consult them";
pub const TOP_PRIORITY: &str = "Top priority";
pub const WILLINGNESS: &str = "Willingness";

pub const TALKS_TITLE: &str = "Talks — build a package";
pub const TALKS_HINT: &str = "↑↓ term · ←→ level · Enter table the package · Esc back";
pub const TALKS_TERMS: &str = "Terms";
pub const TALKS_REACTIONS: &str = "Projected reactions";
pub const TALKS_ANSWERS: &str = "Their answers";
pub const TALKS_NO_DEAL: &str = "This level has no negotiation.";
pub const ACCEPT: &str = "✓ accept";
pub const LUKEWARM: &str = "~ lukewarm";
pub const REJECT: &str = "✗ reject";
pub const VAGUE_RED_LINE: &str = "Something in this package is unacceptable to them.";
pub const VAGUE_FAR: &str = "They seem to want much more.";
pub const VAGUE_CLOSE: &str = "Close — they might be persuaded.";
pub const VAGUE_CONTENT: &str = "They seem content.";
pub const HIDDEN_PRIORITIES: &str = "(a guess)";
pub const TABLED_ACCEPTED: &str = "Every party accepted: the package is now the deal.";
pub const TABLED_REJECTED: &str = "The package was rejected by";
pub const CURRENT_DEAL: &str = "Deal in force";

/// The dashboard screen (a level's `[[dashboard]]` panel).
pub const DASHBOARD_MEASURES: &str = "Measures";
/// The dashboard's hints: `↑↓` and `Enter` only with measures, `Tab` only with other
/// panels (the other panels' keys stand in `HINT_PANELS`).
pub const DASHBOARD_HINTS: &[Hint] = &[
    hint("↑↓", "choose", None, 8),
    hint("Enter", "take the action", Some("take"), 9),
    hint("Tab", "next panel", Some(""), 2),
    hint(HINT_PANELS, "", None, 3),
    hint("n", "end month", None, 6),
    hint("Esc", "back", None, 10),
];
pub const DASHBOARD_LATELY: &str = "lately:";
pub const DASHBOARD_EMPTY: &str = "This panel names no variables and has no text.";
/// In the help, after a panel's title.
pub const DASHBOARD_HELP: &str =
    "a panel of this level: its meters and the measures that move them";

pub const EVENT_HINT: &str = "↑↓ choose · Enter decide";
pub const OPTION_UNAVAILABLE: &str = "(not possible now)";
pub const OPTION_NOT_POSSIBLE: &str = "is not possible now; choose another option.";
pub const OPTION_NOT_POSSIBLE_BECAUSE: &str = "is not possible now:";

pub const END_TITLE: &str = "The game is over";
pub const END_GRADE: &str = "Grade";
pub const END_AXES: &str = "Assessment";
pub const END_CHARTS: &str = "Over the whole game";
/// The end screen's hint when the charts take more than one page.
pub const END_MORE_CHARTS: &str = "charts";
pub const END_HINT: &str = "d debrief · b best scores · r rewind · s save · Enter title · q quit";
pub const TEACHER_NOTES: &str = "For teachers";
pub const LEARNING_GOALS: &str = "Learning goals";
pub const ASSUMPTIONS: &str = "The model assumes";
pub const QUESTIONS: &str = "To discuss";
pub const CHALLENGE: &str = "Challenge code";
pub const CHALLENGE_NOTE: &str = "(a class can play this same game: sixparty play --code …)";

pub const DEBRIEF_WORKING: &str =
    "Writing the debrief: playing the what-if games (other keys still work)…";
pub const DEBRIEF_WRITTEN: &str = "Debrief written to";
pub const DEBRIEF_FAILED: &str = "Could not write the debrief";
pub const DEBRIEF_STOPPED: &str = "the what-if games stopped before the report was done";
pub const NO_GAME: &str = "No game is being played.";
pub const NO_REPORTS: &str =
    "There is no folder for reports here, so the debrief cannot be written.";

pub const HELP_TITLE: &str = "Help";
pub const HELP_CLOSE: &str = "Esc or ? closes this help";
/// [`HELP_CLOSE`] during a game with a briefing, which `b` scrolls to.
pub const HELP_CLOSE_BRIEFING: &str = "Esc or ? closes this help · b the briefing";

pub const CONFIRM_QUIT: &str = "Quit sixparty? (y/n)";
pub const CONFIRM_QUIT_UNSAVED: &str = "Progress since your last save will be lost.";

pub const SAVE_UNAVAILABLE: &str = "There is no saves folder, so the game cannot be saved.";
pub const SAVED: &str = "Saved as";
pub const SAVED_REPLACED: &str = "the previous version is kept as its backup";
pub const SAVED_REPLACED_BROKEN: &str = "the unreadable file it replaced is kept as";
pub const AUTOSAVE_FAILED: &str = "Autosave failed";
pub const AUTOSAVE_GOES_ON: &str = "the game goes on; press s to try saving";
pub const AUTOSAVE_FAILED_LINES: [&str; 2] = [
    "The game goes on, and no save already written is touched.",
    "Free some space (or fix the folder), then press s to save; every month-end tries again.",
];
pub const AUTOSAVE_FAILED_AGAIN: &str = "Autosave failed again";
pub const AUTOSAVE_WORKS_AGAIN: &str = "Autosave works again.";

pub const LOAD_TITLE: &str = "Load a saved game";
pub const LOAD_HINT: &str = "↑↓ choose · Enter load · d delete · Esc back";
pub const LOAD_DETAILS: &str = "Details";
pub const LOAD_COLUMNS: [&str; 5] = ["kind", "name", "level", "month", "saved"];
pub const LOAD_UNREADABLE: &str = "cannot be read";
pub const LOAD_BACKUP_YES: &str = "Backup: yes (the version before its last save)";
pub const LOAD_BACKUP_NO: &str = "Backup: none";
pub const LOAD_ENTER_BROKEN: &str = "Enter: see the choices (its backup, if there is one).";
pub const NO_READABLE_SAVE: &str = "No save can be read; open Load to see why.";
pub const LOADED: &str = "Loaded";
pub const LOADED_BACKUP: &str = "from its backup";
pub const DELETED: &str = "Deleted";
pub const CONFIRM_DELETE_TITLE: &str = "Delete";
pub const CONFIRM_DELETE: &str = "Its backup is deleted too. This cannot be undone.";
pub const YES_NO: &str = "y yes · n no";

pub const PROMPT_TITLE: &str = "Save the game";
pub const PROMPT_LABEL: &str = "Name: ";
pub const PROMPT_HELP: &str =
    "Letters, digits, spaces and - _ are fine; / \\ : * ? \" < > | are not.";
pub const PROMPT_EXISTS: &str =
    "A save with this name exists: it will be replaced, and the old one kept as its backup.";
pub const PROMPT_HINT: &str = "type · Backspace · Ctrl-U clear · Enter save · Esc cancel";
/// Longest text the prompt takes (the save system refuses names over 48 characters, saying so).
pub const PROMPT_MAX: usize = 64;

pub const PROBLEM_TITLE: &str = "This save did not load";
pub const PROBLEM_BACKUP: &str = "Load its backup (the version before its last save)";
pub const PROBLEM_ANYWAY: &str = "Try anyway: replay as far as the changed level allows";
pub const PROBLEM_BACK: &str = "Back (nothing is changed or deleted)";
pub const PROBLEM_HINT: &str = "↑↓ choose · Enter select · Esc back";
pub const WARNINGS_TITLE: &str = "Loaded, with warnings";
pub const NOTICE_HINT: &str = "Enter continue";

pub const REWIND_TITLE: &str = "History — go back to the start of a month";
pub const REWIND_HINT: &str =
    "↑↓ choose a month · Enter go back to its start · Esc back to the game";
pub const REWIND_NOW: &str = "(now)";
pub const REWIND_NOTHING: &str = "no action";
pub const REWIND_AT_START: &str = "At the start of";
pub const REWIND_YOU: &str = "You took";
pub const REWIND_ANSWERED: &str = "You answered";
pub const REWIND_CONFIRM_TITLE: &str = "Rewind";
pub const REWIND_CONFIRM_KEEP: &str =
    "The game you leave stays in your saves as of its last autosave (each month end).";
pub const REWIND_DONE: &str = "Back at the start of";
pub const REWIND_FAILED: &str = "Could not branch";
/// "Month ended. Now Feb 2017." / "Day ended. Now 17 Oct 1962." (the turn's noun first).
pub const TURN_ENDED: &str = "ended. Now";
pub const UNSPENT: &str = "capital unspent";
pub const UNSPENT_FOR: &str = "still possible:";
pub const UNSPENT_AGAIN: &str = "n again ends the month";
/// `N`'s status line: "Fast-forwarded 3 months: an event needs you. 4 capital left unspent."
/// The reasons go through [`per_turn`], so "month" becomes the level's turn.
pub const FF_DONE: &str = "Fast-forwarded";
pub const FF_EVENT: &str = "an event needs you";
pub const FF_WARNING: &str = "an ending could come next month";
pub const FF_OVER: &str = "the game has ended";
pub const FF_MAX: &str = "that is the most one N ends";
pub const FF_DIALOG: &str = "a message needs you";
pub const FF_UNSPENT: &str = "capital left unspent";
pub const TO_ACTIONS: &str = "Actions: pick one with ↑↓ and press Enter to take it.";

/// On a scrolling pane's border when its text goes on below / when scrolled to the end.
pub const MORE_BELOW: &str = " ↓ PgDn ";
pub const MORE_ABOVE: &str = " ↑ PgUp ";

/// The header's objective warnings.
pub const WITHIN_REACH: &str = "within reach";
pub const COULD_COME: &str = "could come next month";
/// The month summary at the top of the news.
pub const SUMMARY: &str = "Summary";
/// The month summary's one line for the standing rules.
pub const SUMMARY_RULES: &str = "Standing rules";
pub const SUMMARY_RULES_SHORT: &str = "Rules";
pub const SUMMARY_SMALL_DRIFT: &str = "small drift only";
/// The help's sections during a game.
pub const HELP_OBJECTIVES: &str = "Objectives (how each ending comes)";
pub const HELP_BRIEFING: &str = "Briefing";
pub const HELP_GLOSSARY: &str = "Glossary";
pub const HELP_KEYS: &str = "Keys";
pub const AT_TIME_LIMIT: &str = "(counts at the time limit)";

pub const NAME_TITLE: &str = "Your name";
pub const NAME_LABEL: &str = "Name: ";
pub const NAME_HELP: &str = "Written into your saves, your debriefs and a teacher's class sheet. Leave it blank and press Enter to play without one; change it later from the title screen (p).";
pub const NAME_HINT: &str = "type · Backspace · Ctrl-U clear · Enter keep · Esc skip";
pub const NAME_HINT_EDIT: &str = "type · Backspace · Ctrl-U clear · Enter keep · Esc cancel";
pub const NAME_SET: &str = "Your name is now";
pub const NAME_CLEARED: &str = "No name: your saves will carry none.";
pub const NAME_FAILED: &str = "Could not remember the name";

pub const TUTORIAL_TITLE: &str = "New here?";
pub const TUTORIAL_HINT: &str = "Enter play the tutorial · Esc choose another level";
pub const TUTORIAL_NOTE: &str = "It is first in the list of levels, whenever you want it.";

pub const SCORES_TITLE: &str = "Best scores";
pub const SCORES_HINT: &str = "←→ other codes · Esc close";
pub const SCORES_NONE: &str =
    "No finished games of this level yet: finish one and it is recorded here.";
pub const SCORES_COLUMNS: [&str; 6] = ["#", "score", "ending", "player", "month", "finished"];
pub const SCORES_NOTE: &str =
    "Score: the mean of the end screen's grades (0–100). Every finished game is kept in";
pub const RECORD_FAILED: &str = "Could not record the finished game";
pub const RECORDED: &str = "Recorded";
pub const FINISHED_KEEP: &str = "A finished game stays in the record; its save is";
pub const NO_BACKUP_FINISHED: &str = "A finished game's save has no backup.";
pub const NAME_NOT_HERE: &str = "The name is set by how you joined (the class server's user name).";
