//! Every string the UI shows that is not level content, in one place (gitui's `strings.rs`).

pub const TITLE: &str = "SIXPARTY";
pub const SUBTITLE: &str = "A diplomacy game about North Korea's nuclear crisis";
pub const TITLE_ITEMS: [&str; 5] = ["New game", "Continue", "Load", "Help", "Quit"];
pub const TITLE_HINT: &str = "↑↓ move · Enter select · first letter = shortcut";
pub const NO_SAVES: &str = "No saved games yet.";

pub const PICKER_TITLE: &str = "Choose a level";
pub const PICKER_HINT: &str = "↑↓ choose · Enter next · Esc back";
pub const SEED_TITLE: &str = "Seed or challenge code";
pub const SEED_PROMPT: &str = "Type a seed or a challenge code to play a known game (a class shares one), or leave blank for a random seed.";
pub const SEED_HINT: &str = "type · Backspace · Enter start · Esc back";
pub const BROKEN_LEVEL: &str = "cannot be loaded";

pub const TOO_SMALL: &str = "Enlarge the terminal to 80×24";

pub const PANEL_ACTIONS: &str = "Actions";
pub const PANEL_METERS: &str = "Meters";
pub const PANEL_PARTIES: &str = "Parties";
pub const PANEL_NEWS: &str = "News";
pub const PANEL_DETAIL: &str = "Details";

pub const MAIN_HINT: &str =
    "Tab panel · Enter take · t talks · x sanctions · n end month · s save · ? help · q quit";
pub const MAIN_HINT_SHORT: &str =
    "Tab · Enter · t talks · x sanct. · n end month · ? help · q quit";

pub const CAPITAL: &str = "Capital";
pub const MONTH_OF: &str = "month";
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

pub const SANCTIONS_TITLE: &str = "Sanctions";
pub const SANCTIONS_HINT: &str = "↑↓ choose · Enter take the action · Esc back";
pub const SANCTIONS_LEVELS: &str = "Levels";
pub const SANCTIONS_ACTIONS: &str = "Measures";
pub const SANCTIONS_NONE: &str = "This level has no sanctions (no variables in group 'sanctions').";
pub const SANCTIONS_NO_ACTIONS: &str = "No sanctions measures in this level.";

pub const EVENT_HINT: &str = "↑↓ choose · Enter decide";
pub const OPTION_UNAVAILABLE: &str = "(not possible now)";

pub const END_TITLE: &str = "The game is over";
pub const END_GRADE: &str = "Grade";
pub const END_AXES: &str = "Assessment";
pub const END_CHARTS: &str = "Over the whole game";
pub const END_HINT: &str = "d write the debrief · Enter title screen · q quit";
pub const TEACHER_NOTES: &str = "For teachers";
pub const LEARNING_GOALS: &str = "Learning goals";
pub const ASSUMPTIONS: &str = "The model assumes";
pub const QUESTIONS: &str = "To discuss";
pub const CHALLENGE: &str = "Challenge code";
pub const CHALLENGE_NOTE: &str = "(a class can play this same game: sixparty play --code …)";

pub const HELP_TITLE: &str = "Keys";
pub const HELP_CLOSE: &str = "Esc or ? closes this help";

pub const CONFIRM_QUIT: &str = "Quit sixparty? (y/n)";
pub const CONFIRM_QUIT_UNSAVED: &str = "Progress since your last save will be lost.";

pub const SAVE_UNAVAILABLE: &str =
    "Saving is not available in this build yet: the save system is still being written.";
pub const SAVED: &str = "Saved";
pub const MONTH_ENDED: &str = "Month ended. Now";
pub const TO_ACTIONS: &str = "Actions: pick one with ↑↓ and press Enter to take it.";
