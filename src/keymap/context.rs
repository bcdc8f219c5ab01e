//! The places a key can mean something: one `Context` per screen, overlay or text field.
//!
//! Contexts decide how resolution falls through (modal ones stop, text ones let printable
//! keys be typed). No dependency on the UI: screens pick their context from this list.

use std::fmt;

/// Where a key press is being interpreted. The TOML file has one `[table]` per context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Always active below every screen (quit, help, save, back).
    Global,
    Candidates,
    Overview,
    Portfolio,
    Interview,
    /// The interview notes text area (ratatui-textarea has the focus).
    Notes,
    Scoring,
    Review,
    /// The tutor's side of one candidate: registration, self-assessment, stories,
    /// evidence, readiness and the development plan.
    Dossier,
    /// The competence cards, read with the candidate.
    Cards,
    /// The jump menu listing every claimed competence.
    Jump,
    /// A yes/no question.
    Confirm,
    /// The help overlay.
    Help,
    /// Text-entry forms: new candidate, first-run setup, justification.
    Form,
}

impl Context {
    /// Every context, in the order help and documentation list them.
    pub const ALL: [Context; 14] = [
        Context::Global,
        Context::Candidates,
        Context::Overview,
        Context::Portfolio,
        Context::Interview,
        Context::Notes,
        Context::Scoring,
        Context::Review,
        Context::Dossier,
        Context::Cards,
        Context::Jump,
        Context::Confirm,
        Context::Help,
        Context::Form,
    ];

    /// The table name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Candidates => "candidates",
            Context::Overview => "overview",
            Context::Portfolio => "portfolio",
            Context::Interview => "interview",
            Context::Notes => "notes",
            Context::Scoring => "scoring",
            Context::Review => "review",
            Context::Dossier => "dossier",
            Context::Cards => "cards",
            Context::Jump => "jump",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Form => "form",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// One line for help titles and the generated key table.
    pub fn description(self) -> &'static str {
        match self {
            Context::Global => "everywhere, unless a modal or text field takes the key",
            Context::Candidates => "the candidate list",
            Context::Overview => "one candidate's assessment overview",
            Context::Portfolio => "the portfolio check",
            Context::Interview => "the interview questions",
            Context::Notes => "typing interview notes (printable keys are typed)",
            Context::Scoring => "scoring a competence",
            Context::Review => "review and sign-off",
            Context::Dossier => "the tutor's side of one candidate (registration to plan)",
            Context::Cards => "the competence cards",
            Context::Jump => "the jump menu (any claimed competence)",
            Context::Confirm => "a yes/no question",
            Context::Help => "the help overlay",
            Context::Form => "text-entry forms (printable keys are typed)",
        }
    }

    /// Modal contexts own the keyboard: nothing falls through except the global `quit`,
    /// so a stray key can never act on the screen hidden behind a question.
    pub fn is_modal(self) -> bool {
        matches!(self, Context::Confirm | Context::Help | Context::Jump)
    }

    /// Text contexts type printable keys, so only Ctrl/Alt/F-keys/Esc/Tab/Enter can be bound.
    pub fn is_text(self) -> bool {
        matches!(self, Context::Notes | Context::Form)
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
