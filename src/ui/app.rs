//! The application state and `App::update`: one message in, state out.
//!
//! Persist, then commit: every change is a domain command; the store commits its change set
//! and only on success does the new state replace the old one; a refusal is a status
//! message, a failed write the "not saved" modal.
//! Screen-specific handlers live in `app_*.rs`; rendering lives in `screens/` and `widgets/`.
//! Must not touch the terminal.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::data::{CandidateVm, DemoHook, IssueHook, Session};
use super::editor::Editor;
use super::form::Form;
use super::keys::{Action, Context, Keymap};
use super::msg::Msg;
pub use super::overlay::{ConfirmKind, Overlay};
pub use super::screen_kind::{Clock, Screen};
use super::theme::Theme;
use super::views::{ListView, View};
use crate::domain::assessment::AssessmentState;
use crate::domain::dossier::Dossier;
use crate::domain::model::Model;
use crate::store::{Store, StoreError, UnsavedForm, UnsavedText};

pub struct App {
    pub model: Model,
    pub(crate) store: Store,
    /// How the SQLite backend issues certification records (given by the binary).
    pub(crate) issue_hook: Option<IssueHook>,
    /// How `D` fills the database with the demo (given by the binary).
    pub(crate) demo_hook: Option<DemoHook>,
    /// Whether `D` is offered: only on a database without real candidates (read again with
    /// the candidate list, and once more when the key is pressed).
    pub(crate) demo_offered: bool,
    pub bindings: Keymap,
    /// Probes and indicators shown on the interview screen (toggled off to give notes room).
    pub details: bool,
    pub theme: Theme,
    pub clock: Clock,
    pub session: Option<Session>,
    /// The screen shown, owning its cursor, pending choice and text field.
    pub view: View,
    /// The candidate list as it was left, while another screen is shown.
    pub(crate) list_memory: ListView,
    pub candidate: Option<CandidateVm>,
    pub work: Option<AssessmentState>,
    /// The tutor's side of the open candidate, as last committed.
    pub dossier: Option<Dossier>,
    /// The name of the assessor the assessment was requested from, if one was named.
    pub request_to: Option<String>,
    /// What starting the formal assessment would do for the person working: the domain's
    /// verdict (`path_rules::may_start`), read again whenever the candidate's facts change.
    pub start_verdict: Option<Result<(), crate::domain::DomainError>>,
    /// The claimed competence the assessment screens show (index into
    /// `AssessmentState::competences`); shared by them, so `p`/`i`/`r` keep it.
    pub competence: usize,
    pub overlay: Option<Overlay>,
    /// How far the help overlay is scrolled.
    pub help_scroll: usize,
    /// Interview time runs for this competence since this instant.
    pub entered: Option<(String, DateTime<Utc>)>,
    pub status: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
    /// A quit was refused because the save failed and the text went to the recovery file:
    /// the next quit leaves. Any other key disarms it.
    pub(crate) quit_armed: bool,
    /// Texts an earlier run could not save, still to be offered back (first one shown).
    pub(crate) offered: Vec<UnsavedText>,
    /// Forms an earlier run left unsubmitted, offered after the texts.
    pub(crate) offered_forms: Vec<UnsavedForm>,
    /// A form whose submit the database refused, waiting behind the "not saved" box.
    pub(crate) pending_form: Option<Form>,
    pub dirty: bool,
}

impl App {
    pub fn new(store: Store, model: Model, bindings: Keymap, theme: Theme) -> App {
        Self::with_clock(store, model, bindings, theme, Clock::System)
    }

    /// Opens as `session` (from `--as`) when given, else as the person recorded before:
    /// the start-up reads are done once, for the person who is working.
    pub fn new_as(
        store: Store,
        model: Model,
        bindings: Keymap,
        theme: Theme,
        session: Option<Session>,
    ) -> App {
        Self::build(store, model, bindings, theme, Clock::System, session)
    }

    pub fn with_clock(
        store: Store,
        model: Model,
        bindings: Keymap,
        theme: Theme,
        clock: Clock,
    ) -> App {
        Self::build(store, model, bindings, theme, clock, None)
    }

    fn build(
        store: Store,
        model: Model,
        bindings: Keymap,
        theme: Theme,
        clock: Clock,
        session: Option<Session>,
    ) -> App {
        let mut app = App {
            model,
            store,
            issue_hook: None,
            demo_hook: None,
            demo_offered: false,
            bindings,
            details: true,
            theme,
            clock,
            session: None,
            view: View::FirstRun(Form::first_run()),
            list_memory: ListView::default(),
            candidate: None,
            work: None,
            dossier: None,
            request_to: None,
            start_verdict: None,
            competence: 0,
            overlay: None,
            help_scroll: 0,
            entered: None,
            status: None,
            size: (80, 24),
            quit: false,
            quit_armed: false,
            offered: Vec::new(),
            offered_forms: Vec::new(),
            pending_form: None,
            dirty: true,
        };
        app.start(session);
        app.offer_unsaved();
        app
    }

    /// Lets the review screen issue certification records through the CLI's code path.
    pub fn with_issue_hook(mut self, hook: Option<IssueHook>) -> App {
        self.issue_hook = hook;
        self
    }

    /// Lets `D` load the demo through the `leverup demo` code path.
    pub fn with_demo_hook(mut self, hook: Option<DemoHook>) -> App {
        self.demo_hook = hook;
        self
    }

    /// True when `D` loads the demo here: the database holds no real candidates.
    pub fn demo_offered(&self) -> bool {
        self.demo_offered
    }

    /// Whether the hint bar and the help list `action`: the demo only where it cannot mix
    /// with real candidates (elsewhere its key only explains why not); handing over, taking
    /// on, adding evidence and starting the assessment only where the domain would let the
    /// person working do it.
    pub fn offers(&self, action: crate::ui::keys::Action) -> bool {
        use crate::ui::keys::Action;
        match action {
            Action::LoadDemo => self.demo_offered,
            Action::HandOver => self.hand_over_verdict().is_ok(),
            Action::AddEvidence => self.add_evidence_verdict().is_ok(),
            Action::AssignMe => self.take_on_verdict().is_ok(),
            // Offered where the domain would start it (the hint says why not otherwise).
            Action::StartAssessment => {
                self.work.is_none() && matches!(self.start_verdict, Some(Ok(())))
            }
            _ => true,
        }
    }

    /// Starts as `session` (from `--as`) instead of the recorded one.
    pub fn with_session(mut self, session: Option<Session>) -> App {
        let Some(s) = session else {
            return self;
        };
        if self.session.as_ref().map(|x| &x.assessor_id) == Some(&s.assessor_id)
            && self.screen() != Screen::FirstRun
        {
            return self;
        }
        self.leave_place();
        if matches!(self.overlay, Some(Overlay::PickPerson { .. })) {
            self.overlay = None;
        }
        self.start(Some(s));
        self
    }

    /// Nothing of the previous person's place stays when another starts working: not
    /// their candidate, not their running interview clock.
    pub(crate) fn leave_place(&mut self) {
        self.entered = None;
        self.candidate = None;
        self.work = None;
        self.dossier = None;
        self.competence = 0;
    }

    /// Gives the store back, e.g. to reopen the app on the same database in a test.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// The store, for tests that assert rows.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for tests that inject write failures.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Shows `screen` with a fresh view of it; the candidate list is kept while away.
    pub(crate) fn show(&mut self, screen: Screen) {
        if screen == self.screen() {
            return;
        }
        let list = std::mem::take(&mut self.list_memory);
        let old = std::mem::replace(&mut self.view, View::open(screen, list));
        if let View::Candidates(l) = old {
            self.list_memory = l;
        }
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.view.screen()
    }

    /// The text field being written, if any.
    pub fn editor(&self) -> Option<&Editor> {
        self.view.editor()
    }

    /// One message in; state out. Short on purpose: each arm delegates.
    pub fn update(&mut self, msg: Msg) {
        self.dirty = true;
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize(w, h) => self.on_resize(w, h),
            Msg::Tick => self.on_tick(),
            Msg::Shutdown => self.shutdown(),
        }
    }

    /// The context stack for key resolution, bottom screen first, topmost overlay last.
    /// The help overlay scrolls with its keys; any other action closes it.
    fn on_help(&mut self, action: Action) {
        let step = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -10,
            Action::PageDown => 10,
            _ => return self.overlay = None,
        };
        self.help_scroll = self.help_scroll.saturating_add_signed(step);
    }

    pub fn contexts(&self) -> Vec<Context> {
        let mut stack = vec![self.screen().context()];
        if self.view.list().is_some_and(|l| l.filtering) {
            stack.push(Context::Form);
        }
        if self.view.editor().is_some() {
            stack.push(Context::Notes);
        }
        match &self.overlay {
            Some(Overlay::Help) => stack.push(Context::Help),
            Some(
                Overlay::Jump { .. }
                | Overlay::PickPerson { .. }
                | Overlay::PickAssessor { .. }
                | Overlay::PickTutor { .. },
            ) => stack.push(Context::Jump),
            Some(Overlay::Confirm(_)) | Some(Overlay::NotSaved(_)) | Some(Overlay::Notice(_)) => {
                stack.push(Context::Confirm)
            }
            Some(Overlay::Form(_)) => stack.push(Context::Form),
            None => {}
        }
        stack
    }

    /// The innermost context: the one whose handler gets the action.
    pub fn top_context(&self) -> Context {
        self.contexts().last().copied().unwrap_or(Context::Global)
    }

    fn on_key(&mut self, key: KeyEvent) {
        if let Some(Overlay::NotSaved(_) | Overlay::Notice(_)) = self.overlay {
            // The modal blocks until acknowledged; quit still works (it saves first).
            let quit = self.bindings.resolve(&[Context::Confirm], key) == Some(Action::Quit);
            self.overlay = None;
            self.restore_refused_form();
            if quit {
                self.request_quit();
            }
            return;
        }
        let stack = self.contexts();
        let top = self.top_context();
        let action = self.bindings.resolve(&stack, key);
        if action != Some(Action::Quit) {
            // Only a quit right after the warning leaves with the text in the file.
            self.quit_armed = false;
        }
        match action {
            Some(Action::Quit) => self.request_quit(),
            Some(Action::Save) => {
                self.save_all();
            }
            // A form box stays: help would replace it and lose what was typed.
            Some(Action::Help) if matches!(self.overlay, Some(Overlay::Form(_))) => {}
            Some(Action::Help) if top != Context::Help => {
                self.help_scroll = 0;
                self.overlay = Some(Overlay::Help);
            }
            Some(action) => self.on_action(top, action),
            None if top.is_text() => self.on_text_key(top, key),
            None => {}
        }
        if self.overlay.is_none() && !self.offered_forms.is_empty() {
            // A reopened form is done with: the next kept one is offered.
            self.offer_next();
        }
    }

    /// Routes an action to the handler of the innermost context.
    fn on_action(&mut self, ctx: Context, action: Action) {
        self.status = None;
        match ctx {
            Context::Help => self.on_help(action),
            Context::Jump => self.on_jump(action),
            Context::Confirm => self.on_confirm(action),
            Context::Form => self.on_form_action(action),
            Context::Notes => self.on_editor_action(action),
            Context::Candidates => self.on_candidates(action),
            Context::Overview => self.on_overview(action),
            Context::Portfolio => self.on_portfolio(action),
            Context::Interview => self.on_interview(action),
            Context::Scoring => self.on_scoring(action),
            Context::Review => self.on_review(action),
            Context::Dossier => self.on_dossier(action),
            Context::Cards => self.on_cards(action),
            Context::Global => {}
        }
    }

    fn on_resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        if self.screen() == Screen::Candidates {
            self.refresh_list();
        }
    }

    /// Persist-then-commit helper: shows the blocking "not saved" modal on failure.
    pub(crate) fn persisted<T, E: std::fmt::Display + 'static>(
        &mut self,
        what: &str,
        r: Result<T, E>,
    ) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                let store_error = (&e as &dyn std::any::Any).downcast_ref::<StoreError>();
                if self.store.read_only() {
                    // Expected, and said at the start: a line, not a box to dismiss.
                    let msg = self.read_only_message();
                    self.say(format!("{what} was not saved: {msg}."));
                    return None;
                }
                let remedy = store_error
                    .and_then(StoreError::remedy)
                    .map(|r| format!("\n{r}"))
                    .unwrap_or_default();
                self.overlay = Some(Overlay::NotSaved(format!(
                    "{what} was NOT saved.\n{e}{remedy}"
                )));
                None
            }
        }
    }

    pub(crate) fn say(&mut self, msg: impl Into<String>) {
        self.status = Some(msg.into());
    }

    /// A rule's refusal on the status line, as a sentence, with the key that helps where
    /// there is one.
    pub(crate) fn refuse(&mut self, why: crate::domain::DomainError) {
        let text = self.refusal(&why);
        self.say(text);
    }

    /// A rule's refusal as a sentence, with the key that helps where there is one.
    pub fn refusal(&self, why: &crate::domain::DomainError) -> String {
        let mut text = why.to_string();
        if matches!(why, crate::domain::DomainError::NotYourAssessment(_)) {
            let take = self.key(Context::Overview, Action::TakeOver);
            text.push_str(&format!(" ({take} on the overview takes it over)"));
        }
        let mut chars = text.chars();
        let sentence = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
            None => text,
        };
        format!("{}.", sentence.trim_end_matches('.'))
    }

    /// Whether the open assessment takes changes from whoever is working; says why not.
    /// The rule is the domain's (`AssessmentState::write_blocker`); this only asks it.
    pub(crate) fn writable(&mut self) -> bool {
        if self.store.read_only() {
            let msg = self.read_only_message();
            self.say(msg);
            return false;
        }
        let actor = self.actor();
        match &self.work {
            Some(w) => match w.write_blocker(&self.model, &actor) {
                Some(why) => {
                    self.refuse(why);
                    false
                }
                None => true,
            },
            None => {
                let key = self.key(Context::Overview, Action::StartAssessment);
                self.say(format!(
                    "No assessment started yet: press {key} on the overview to start one."
                ));
                false
            }
        }
    }

    /// The first key bound to `action` in `ctx` now, for texts that name keys.
    pub fn key(&self, ctx: Context, action: Action) -> String {
        super::keys::key_for(&self.bindings, ctx, action)
    }

    /// The key line under a form.
    pub fn form_keys(&self) -> String {
        format!(
            "{} next field · {} submit",
            self.key(Context::Form, Action::NextField),
            self.key(Context::Form, Action::Submit)
        )
    }

    /// The person working (empty before the first-run choice).
    pub(crate) fn actor(&self) -> String {
        self.session
            .as_ref()
            .map(|s| s.assessor_id.clone())
            .unwrap_or_default()
    }
}
