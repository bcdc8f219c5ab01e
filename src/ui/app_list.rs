//! Handlers for the screens before the assessment proper: first run, candidate list,
//! overview, and the shared overlays (forms, jump menu, confirmation).
//!
//! Must not touch the terminal.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, ConfirmKind, Overlay, Screen};
use super::form::{Form, FormKind};
use super::keys::Action;
use crate::domain::DomainError;

impl App {
    pub(crate) fn on_form_action(&mut self, action: Action) {
        if self.screen == Screen::Candidates && self.list.filtering && self.overlay.is_none() {
            // Enter or Esc ends filter typing; the filter stays applied.
            if matches!(action, Action::Submit | Action::Cancel | Action::Back) {
                self.list.filtering = false;
            }
            return;
        }
        let form = match &mut self.overlay {
            Some(Overlay::NewCandidate(f)) => f,
            _ => &mut self.first_run,
        };
        match action {
            Action::NextField => form.next(),
            Action::PrevField => form.prev(),
            Action::Submit if !form.on_last() => form.next(),
            Action::Submit => self.submit_form(),
            Action::Cancel | Action::Back if form.kind == FormKind::NewCandidate => {
                self.overlay = None;
            }
            _ => {}
        }
    }

    pub(crate) fn on_form_key(&mut self, key: KeyEvent) {
        if self.screen == Screen::Candidates && self.list.filtering && self.overlay.is_none() {
            match key.code {
                KeyCode::Char(c) => self.list.query.name.push(c),
                KeyCode::Backspace => {
                    self.list.query.name.pop();
                }
                _ => return,
            }
            self.list.cursor = 0;
            self.refresh_list();
            return;
        }
        let form = match &mut self.overlay {
            Some(Overlay::NewCandidate(f)) => f,
            _ => &mut self.first_run,
        };
        match key.code {
            KeyCode::Char(c) => form.push(&c.to_string()),
            KeyCode::Backspace => form.backspace(),
            _ => {}
        }
    }

    fn submit_form(&mut self) {
        let form = match &self.overlay {
            Some(Overlay::NewCandidate(f)) => f.clone(),
            _ => self.first_run.clone(),
        };
        match form.kind {
            FormKind::FirstRun => self.submit_first_run(&form),
            FormKind::NewCandidate => self.submit_new_candidate(&form),
        }
    }

    fn set_form_error(&mut self, msg: String) {
        match &mut self.overlay {
            Some(Overlay::NewCandidate(f)) => f.error = Some(msg),
            _ => self.first_run.error = Some(msg),
        }
    }

    fn submit_first_run(&mut self, form: &Form) {
        let (centre, assessor) = (form.value(0).to_string(), form.value(1).to_string());
        if centre.is_empty() || assessor.is_empty() {
            return self.set_form_error("Both names are needed.".into());
        }
        let now = self.now();
        let r = self.backend.first_run(&centre, &assessor, now);
        if let Some(s) = self.persisted("The centre and assessor", r) {
            self.session = Some(s);
            self.go(Screen::Candidates);
        }
    }

    fn submit_new_candidate(&mut self, form: &Form) {
        let name = form.value(0).to_string();
        if name.is_empty() {
            return self.set_form_error("The name is needed.".into());
        }
        let mut claimed = Vec::new();
        for code in form.value(1).split([',', ' ']).filter(|s| !s.is_empty()) {
            match self
                .model
                .competences
                .iter()
                .find(|c| c.code.eq_ignore_ascii_case(code) || c.id.eq_ignore_ascii_case(code))
            {
                Some(c) if !claimed.contains(&c.id) => claimed.push(c.id.clone()),
                Some(_) => {}
                None => return self.set_form_error(format!("Unknown competence code {code:?}.")),
            }
        }
        let Some(session) = self.session.clone() else {
            return;
        };
        let now = self.now();
        let r = self
            .backend
            .create_candidate(&session, &name, &claimed, now);
        if let Some(id) = self.persisted("The new candidate", r) {
            self.overlay = None;
            if self.load_candidate(&id) {
                self.go(Screen::Overview);
            }
        }
    }

    pub(crate) fn on_candidates(&mut self, action: Action) {
        let page = self.list_page_size();
        let last = self.list.total.saturating_sub(1);
        let before = self.list.cursor;
        let c = &mut self.list.cursor;
        match action {
            Action::Up => *c = c.saturating_sub(1),
            Action::Down => *c = (*c + 1).min(last),
            Action::PageUp => *c = c.saturating_sub(page),
            Action::PageDown => *c = (*c + page).min(last),
            Action::Top => *c = 0,
            Action::Bottom => *c = last,
            Action::Filter => self.list.filtering = true,
            Action::CycleStatusFilter => {
                self.list.query.status = self.list.query.status.next();
                self.list.cursor = 0;
                self.refresh_list();
            }
            Action::NewCandidate => {
                self.overlay = Some(Overlay::NewCandidate(Form::new_candidate()))
            }
            Action::LoadDemo => self.load_demo(),
            Action::Open => {
                let row = self.list.cursor.checked_sub(self.list.offset);
                let id = row
                    .and_then(|r| self.list.rows.get(r))
                    .map(|r| r.id.clone());
                if let Some(id) = id
                    && self.load_candidate(&id)
                {
                    self.go(Screen::Overview);
                }
            }
            _ => {}
        }
        let moved = self.list.cursor != before;
        if moved && self.list.cursor / page * page != self.list.offset {
            self.refresh_list();
        }
    }

    fn load_demo(&mut self) {
        let Some(session) = self.session.clone() else {
            return;
        };
        let now = self.now();
        let r = self.backend.load_demo(&self.model, &session, now);
        if self.persisted("The demo", r).is_some() {
            self.say("Demo candidates loaded.");
            self.refresh_list();
        }
    }

    pub(crate) fn on_overview(&mut self, action: Action) {
        let n = self.candidate.as_ref().map_or(0, |c| c.claimed.len());
        match action {
            Action::Up => self.cursor.competence = self.cursor.competence.saturating_sub(1),
            Action::Down => {
                self.cursor.competence = (self.cursor.competence + 1).min(n.saturating_sub(1));
            }
            Action::StartAssessment => self.start_assessment(),
            Action::Portfolio => self.go(Screen::Portfolio),
            Action::Interview => self.go(Screen::Interview),
            Action::Scoring => self.go(Screen::Scoring),
            Action::Review => self.go(Screen::Review),
            // Enter continues where the work is: the interview once an assessment exists.
            Action::Open => self.go(Screen::Interview),
            Action::Back => self.go(Screen::Candidates),
            _ => {}
        }
    }

    /// Starts the formal assessment, refusing when the assessor is the candidate's tutor.
    fn start_assessment(&mut self) {
        if self.work.is_some() {
            return self.say("The formal assessment has already started.");
        }
        if self.assessor_is_tutor() {
            return self.say(DomainError::AssessorIsTutor.to_string());
        }
        let (Some(session), Some(cand)) = (self.session.clone(), self.candidate.clone()) else {
            return;
        };
        if cand.claimed.is_empty() {
            return self.say("The candidate has not claimed any competence yet.");
        }
        let now = self.now();
        let r = self
            .backend
            .start_assessment(&session, &cand.id, &self.model, now);
        if self.persisted("The new assessment", r).is_some() && self.load_candidate(&cand.id) {
            self.go(Screen::Portfolio);
        }
    }

    pub(crate) fn on_jump(&mut self, action: Action) {
        let n = self.work.as_ref().map_or(0, |w| w.states.len());
        let Some(Overlay::Jump { cursor }) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(n.saturating_sub(1)),
            Action::Select => {
                let target = *cursor;
                self.overlay = None;
                self.go_competence(target);
            }
            Action::Close | Action::Back => self.overlay = None,
            _ => {}
        }
    }

    pub(crate) fn open_jump(&mut self) {
        if self.close_editor() {
            self.overlay = Some(Overlay::Jump {
                cursor: self.cursor.competence,
            });
        }
    }

    pub(crate) fn on_confirm(&mut self, action: Action) {
        let Some(Overlay::Confirm(kind)) = self.overlay else {
            self.overlay = None;
            return;
        };
        self.overlay = None;
        match (kind, action) {
            (ConfirmKind::Finalise, Action::Yes) => self.finalise(),
            (ConfirmKind::Finalise, _) => self.say("Not finalised."),
            (ConfirmKind::IssueRecords, Action::Yes) => self.issue_records(),
            (ConfirmKind::IssueRecords, _) => {
                let key = super::keys::key_for(
                    &self.bindings,
                    super::keys::Context::Review,
                    Action::IssueRecords,
                );
                self.say(format!(
                    "Records not issued; press {key} on review to issue them."
                ));
            }
        }
    }
}
