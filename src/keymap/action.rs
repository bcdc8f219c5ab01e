//! The action registry: every action, the context it lives in, its TOML name, its
//! description, and whether it must stay bound or shows in the hint bar.
//!
//! This is the single list the loader validates against and the help overlay, hint bar and
//! `leverup keymap --markdown` are generated from. An `Action` may appear in several contexts
//! (`up` moves in every list); screens match on the `Action` alone.

use std::fmt;

use super::context::Context;
use Context as C;

macro_rules! actions {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// Something a key can ask a screen to do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The snake_case name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }
        }
    };
}

actions! {
    Quit => "quit", Help => "help", Save => "save", Back => "back",
    Up => "up", Down => "down", PageUp => "page_up", PageDown => "page_down",
    Top => "top", Bottom => "bottom", Open => "open", Filter => "filter",
    CycleStatusFilter => "cycle_status_filter", NewCandidate => "new_candidate",
    LoadDemo => "load_demo", StartAssessment => "start_assessment", Portfolio => "portfolio",
    Interview => "interview", Scoring => "scoring", Review => "review",
    NextCompetence => "next_competence", PrevCompetence => "prev_competence",
    Met => "met", PartlyMet => "partly_met", NotMet => "not_met", EditNote => "edit_note",
    PrevQuestion => "prev_question", NextQuestion => "next_question",
    EditNotes => "edit_notes", Jump => "jump", ToggleDetails => "toggle_details",
    Leave => "leave", NotShown => "not_shown", Basic => "basic",
    Accomplished => "accomplished", Expert => "expert", NotApplicable => "not_applicable",
    ConfirmLevel => "confirm_level", OverrideLevel => "override_level",
    Decrease => "decrease", Increase => "increase", Decision => "decision",
    Reasons => "reasons", Finalise => "finalise", IssueRecords => "issue_records",
    Select => "select", Close => "close", Yes => "yes", No => "no",
    NextField => "next_field", PrevField => "prev_field", Submit => "submit",
    Cancel => "cancel", AdvanceStep => "advance_step", StopPath => "stop_path",
    ResumePath => "resume_path", AddEvidence => "add_evidence", TakeOver => "take_over",
    Mine => "mine", Dossier => "dossier", Overview => "overview", Cards => "cards",
    NextTab => "next_tab", PrevTab => "prev_tab", Add => "add", Remove => "remove",
    RateOne => "rate_1", RateTwo => "rate_2", RateThree => "rate_3", RateFour => "rate_4",
    Claim => "claim", Detailed => "detailed", AssignMe => "assign_me",
    RequestAssessment => "request_assessment", WithdrawRequest => "withdraw_request",
    FinishPlan => "finish_plan", Write => "write", HandOver => "hand_over",
    SwitchPerson => "switch_person",
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One row of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionSpec {
    pub context: Context,
    pub action: Action,
    pub description: &'static str,
    /// Must stay bound: without it the user could be stuck (no way out, no way to save).
    pub essential: bool,
    /// Place in the one-line hint bar: 0 = only in the help overlay; 1 = always shown,
    /// 2 = shown when there is room after the 1s, 3 = after the 2s. The bar fills by this
    /// priority and then shows what fits in registry order.
    pub hint: u8,
    /// The hint bar's label, shorter than the description; empty means the action's name.
    pub short: &'static str,
    /// The global actions this one stands in for, so sharing their keys is intended
    /// (Esc closes the help overlay instead of going back; `?` toggles help) rather than a
    /// conflict.
    pub replaces: &'static [Action],
}

const fn a(context: Context, action: Action, description: &'static str) -> ActionSpec {
    ActionSpec {
        context,
        action,
        description,
        essential: false,
        hint: 0,
        short: "",
        replaces: &[],
    }
}

impl ActionSpec {
    const fn essential(mut self) -> Self {
        self.essential = true;
        self
    }
    /// In the hint bar when there is room after the must-see keys.
    const fn hint(mut self) -> Self {
        self.hint = 2;
        self
    }
    /// Always in the hint bar: the keys this screen is for.
    const fn hint_first(mut self) -> Self {
        self.hint = 1;
        self
    }
    /// In the hint bar only when everything more important fits.
    const fn hint_later(mut self) -> Self {
        self.hint = 3;
        self
    }
    const fn short(mut self, label: &'static str) -> Self {
        self.short = label;
        self
    }

    /// The label the hint bar shows.
    pub fn hint_label(&self) -> String {
        if self.short.is_empty() {
            self.action.name().replace('_', " ")
        } else {
            self.short.to_string()
        }
    }
    const fn replaces(mut self, globals: &'static [Action]) -> Self {
        self.replaces = globals;
        self
    }
}

use Action as A;

/// The registry, in display order (context by context).
pub static REGISTRY: &[ActionSpec] = &[
    a(C::Global, A::Quit, "quit leverup (notes are saved first)")
        .essential()
        .hint_first(),
    a(C::Global, A::Help, "show the keys for this screen")
        .essential()
        .hint_first(),
    a(C::Global, A::Save, "save now").essential(),
    a(C::Global, A::Back, "go back to the previous screen")
        .essential()
        .hint(),
    a(C::Candidates, A::Up, "previous candidate"),
    a(C::Candidates, A::Down, "next candidate"),
    a(C::Candidates, A::PageUp, "one page up"),
    a(C::Candidates, A::PageDown, "one page down"),
    a(C::Candidates, A::Top, "first candidate"),
    a(C::Candidates, A::Bottom, "last candidate"),
    a(
        C::Candidates,
        A::Open,
        "open the candidate (their tutor sees the dossier)",
    )
    .essential()
    .hint_first(),
    a(C::Candidates, A::Filter, "filter by name").hint(),
    a(
        C::Candidates,
        A::CycleStatusFilter,
        "cycle the status filter",
    )
    .hint()
    .short("status"),
    a(C::Candidates, A::NewCandidate, "register a new candidate")
        .hint()
        .short("new"),
    a(C::Candidates, A::LoadDemo, "load the demo candidates")
        .hint_later()
        .short("demo"),
    a(
        C::Candidates,
        A::Mine,
        "the candidates you tutor, or everyone's",
    )
    .hint_later()
    .short("mine/all"),
    a(
        C::Candidates,
        A::SwitchPerson,
        "who is working: another person, or someone new",
    )
    .hint_later()
    .short("who"),
    a(C::Overview, A::Up, "previous item"),
    a(C::Overview, A::Down, "next item"),
    a(C::Overview, A::Open, "open the selected step").hint_later(),
    a(C::Overview, A::StartAssessment, "start the assessment")
        .hint()
        .short("start"),
    a(
        C::Overview,
        A::AddEvidence,
        "add an evidence item to the portfolio",
    )
    .hint_later()
    .short("evidence"),
    a(
        C::Overview,
        A::AdvanceStep,
        "move the candidate to the next step",
    )
    .hint_later()
    .short("next step"),
    a(
        C::Overview,
        A::StopPath,
        "the candidate stops here (with a reason)",
    ),
    a(C::Overview, A::ResumePath, "resume a stopped path"),
    a(
        C::Overview,
        A::TakeOver,
        "take this assessment over (with a reason)",
    ),
    a(
        C::Overview,
        A::Dossier,
        "the tutor's side: registration to plan",
    )
    .hint_later(),
    a(C::Overview, A::Portfolio, "go to the portfolio check").hint(),
    a(C::Overview, A::Interview, "go to the interview").hint(),
    a(C::Overview, A::Scoring, "go to scoring").hint(),
    a(C::Overview, A::Review, "go to review and sign-off").hint(),
    a(C::Portfolio, A::Up, "previous criterion"),
    a(C::Portfolio, A::Down, "next criterion"),
    a(C::Portfolio, A::NextCompetence, "next competence")
        .hint()
        .short("next"),
    a(C::Portfolio, A::PrevCompetence, "previous competence"),
    a(C::Portfolio, A::Met, "criterion met").hint_first(),
    a(C::Portfolio, A::PartlyMet, "criterion partly met")
        .hint_first()
        .short("partly"),
    a(C::Portfolio, A::NotMet, "criterion not met").hint_first(),
    a(C::Portfolio, A::EditNote, "write a note on the criterion")
        .hint()
        .short("note"),
    a(C::Portfolio, A::Interview, "go to the interview").hint_later(),
    a(C::Portfolio, A::Scoring, "go to scoring").hint_later(),
    a(C::Portfolio, A::Review, "go to review and sign-off").hint_later(),
    a(C::Interview, A::PrevQuestion, "previous question"),
    a(C::Interview, A::NextQuestion, "next question"),
    a(C::Interview, A::EditNotes, "type notes for this question")
        .hint_first()
        .short("notes"),
    a(C::Interview, A::Jump, "jump to any claimed competence").hint(),
    a(C::Interview, A::NextCompetence, "next competence")
        .hint()
        .short("next"),
    a(C::Interview, A::PrevCompetence, "previous competence"),
    a(C::Interview, A::Portfolio, "go to the portfolio check").hint_later(),
    a(C::Interview, A::Scoring, "score this competence").hint(),
    a(C::Interview, A::Review, "go to review and sign-off").hint_later(),
    a(
        C::Interview,
        A::ToggleDetails,
        "show or hide probes and indicators",
    )
    .hint_later()
    .short("details"),
    a(C::Notes, A::Leave, "stop typing (notes are saved)")
        .essential()
        .hint_first()
        .replaces(&[A::Back]),
    a(C::Notes, A::Save, "save the notes now")
        .hint()
        .replaces(&[A::Save]),
    a(C::Scoring, A::Up, "previous dimension"),
    a(C::Scoring, A::Down, "next dimension"),
    a(C::Scoring, A::NotShown, "level: not shown").hint(),
    a(C::Scoring, A::Basic, "level: basic").hint(),
    a(C::Scoring, A::Accomplished, "level: accomplished").hint(),
    a(C::Scoring, A::Expert, "level: expert").hint(),
    a(
        C::Scoring,
        A::NotApplicable,
        "not applicable to this candidate",
    ),
    a(C::Scoring, A::ConfirmLevel, "confirm the suggested level")
        .hint_first()
        .short("confirm"),
    a(
        C::Scoring,
        A::OverrideLevel,
        "override the suggested level (with a reason)",
    ),
    a(
        C::Scoring,
        A::Decrease,
        "lower the focused complexity value",
    ),
    a(
        C::Scoring,
        A::Increase,
        "raise the focused complexity value",
    ),
    a(C::Scoring, A::NextCompetence, "next competence")
        .hint_later()
        .short("next"),
    a(C::Scoring, A::PrevCompetence, "previous competence"),
    a(C::Scoring, A::Decision, "record the decision").hint(),
    a(C::Scoring, A::Reasons, "write the reasons").hint(),
    a(C::Scoring, A::Portfolio, "go to the portfolio check").hint_later(),
    a(C::Scoring, A::Interview, "go to the interview").hint_later(),
    a(C::Scoring, A::Review, "go to review and sign-off").hint_later(),
    a(C::Review, A::Up, "previous competence"),
    a(C::Review, A::Down, "next competence"),
    a(C::Review, A::Open, "open the selected competence").hint_later(),
    a(C::Review, A::Finalise, "finalise and sign off").hint_first(),
    a(
        C::Review,
        A::IssueRecords,
        "issue the certificate and Open Badges",
    )
    .hint()
    .short("issue records"),
    a(C::Review, A::Portfolio, "go to the portfolio check").hint_later(),
    a(C::Review, A::Interview, "go to the interview").hint_later(),
    a(C::Review, A::Scoring, "go to scoring").hint_later(),
    a(C::Dossier, A::NextTab, "next part of the dossier")
        .hint_first()
        .short("part"),
    a(C::Dossier, A::PrevTab, "previous part of the dossier"),
    a(C::Dossier, A::Up, "previous row"),
    a(C::Dossier, A::Down, "next row"),
    a(
        C::Dossier,
        A::Open,
        "edit the row in its form (a story opens its parts)",
    )
    .hint_first()
    .short("edit"),
    a(
        C::Dossier,
        A::Write,
        "write the row's long text: a story part, an item's description, a goal's actions",
    )
    .hint()
    .short("write"),
    a(
        C::Dossier,
        A::Add,
        "add a referee, story, evidence item or goal",
    )
    .hint()
    .short("add"),
    a(
        C::Dossier,
        A::Remove,
        "remove the selected referee, story, item or goal",
    ),
    a(C::Dossier, A::RateOne, "self-rating 1 (very poor)"),
    a(C::Dossier, A::RateTwo, "self-rating 2 (poor)"),
    a(C::Dossier, A::RateThree, "self-rating 3 (fair)"),
    a(C::Dossier, A::RateFour, "self-rating 4 (good)"),
    a(C::Dossier, A::NotApplicable, "self-rating: not applicable"),
    a(
        C::Dossier,
        A::Claim,
        "claim the competence, or withdraw the claim",
    )
    .hint()
    .short("claim"),
    a(
        C::Dossier,
        A::Detailed,
        "show or hide the indicators (detailed self-assessment)",
    )
    .hint_later(),
    a(C::Dossier, A::AssignMe, "become this candidate's tutor"),
    a(
        C::Dossier,
        A::HandOver,
        "hand the candidate to another tutor of the centre",
    )
    .hint_later()
    .short("hand over"),
    a(
        C::Dossier,
        A::RequestAssessment,
        "request the assessment (an assessor or the centre's queue)",
    )
    .hint_later()
    .short("request"),
    a(C::Dossier, A::WithdrawRequest, "withdraw the request"),
    a(C::Dossier, A::FinishPlan, "the development plan is made"),
    a(
        C::Dossier,
        A::AdvanceStep,
        "move the candidate to the next step",
    )
    .hint_later()
    .short("next step"),
    a(
        C::Dossier,
        A::StopPath,
        "the candidate stops here (with a reason)",
    ),
    a(C::Dossier, A::ResumePath, "resume a stopped path"),
    a(C::Dossier, A::Cards, "read the competence cards").hint_later(),
    a(
        C::Dossier,
        A::Overview,
        "the assessor's overview of the candidate",
    ),
    a(C::Cards, A::NextCompetence, "next competence")
        .hint_first()
        .short("next"),
    a(C::Cards, A::PrevCompetence, "previous competence"),
    a(C::Cards, A::Up, "scroll up"),
    a(C::Cards, A::Down, "scroll down"),
    a(C::Cards, A::PageUp, "one page up"),
    a(C::Cards, A::PageDown, "one page down"),
    a(C::Jump, A::Up, "previous competence"),
    a(C::Jump, A::Down, "next competence"),
    a(C::Jump, A::Select, "go to the selected competence")
        .essential()
        .hint(),
    a(C::Jump, A::Close, "close the menu")
        .essential()
        .hint()
        .replaces(&[A::Back]),
    a(C::Confirm, A::Yes, "yes").essential().hint(),
    a(C::Confirm, A::No, "no")
        .essential()
        .hint()
        .replaces(&[A::Back]),
    a(C::Help, A::Close, "close help")
        .essential()
        .hint()
        .replaces(&[A::Back, A::Help]),
    a(C::Help, A::Up, "scroll up"),
    a(C::Help, A::Down, "scroll down"),
    a(C::Help, A::PageUp, "one page up"),
    a(C::Help, A::PageDown, "one page down"),
    a(C::Form, A::NextField, "next field").hint(),
    a(C::Form, A::PrevField, "previous field"),
    a(
        C::Form,
        A::Submit,
        "next field; on the last one, submit the form",
    )
    .essential()
    .hint(),
    a(C::Form, A::Cancel, "cancel")
        .essential()
        .hint()
        .replaces(&[A::Back]),
];

/// The registry rows of one context, in display order.
pub fn specs_for(context: Context) -> impl Iterator<Item = (usize, &'static ActionSpec)> {
    REGISTRY
        .iter()
        .enumerate()
        .filter(move |(_, s)| s.context == context)
}

/// Position in [`REGISTRY`] of an action in a context, if the context has it.
pub fn index_of(context: Context, action: Action) -> Option<usize> {
    REGISTRY
        .iter()
        .position(|s| s.context == context && s.action == action)
}
