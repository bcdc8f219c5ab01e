//! Handlers for the candidate list, the overview, and the jump menu and confirmation
//! overlays. Forms and pickers are in `app_forms.rs`.
//!
//! Must not touch the terminal.

use super::app::{App, ConfirmKind, Overlay, Screen};
use super::form::Form;
use super::keys::Action;
use crate::domain::process::PathCommand;

impl App {
    pub(crate) fn on_candidates(&mut self, action: Action) {
        let page = self.list_page_size();
        // A capped count is a lower bound: the end of the list needs the real one.
        let to_end = match action {
            Action::Bottom => true,
            Action::Down | Action::PageDown => self
                .view
                .list()
                .is_some_and(|l| l.cursor + page + 1 >= l.total),
            _ => false,
        };
        if to_end {
            self.count_list_exactly();
        }
        let Some(list) = self.view.list_mut() else {
            return;
        };
        let last = list.total.saturating_sub(1);
        let before = list.cursor;
        let c = &mut list.cursor;
        match action {
            Action::Up => *c = c.saturating_sub(1),
            Action::Down => *c = (*c + 1).min(last),
            Action::PageUp => *c = c.saturating_sub(page),
            Action::PageDown => *c = (*c + page).min(last),
            Action::Top => *c = 0,
            Action::Bottom => *c = last,
            Action::Filter => list.filtering = true,
            Action::CycleStatusFilter => {
                list.query.status = list.query.status.next();
                list.cursor = 0;
                return self.refresh_list();
            }
            Action::NewCandidate => {
                let today = self.today().format("%Y-%m-%d").to_string();
                return self.overlay = Some(Overlay::Form(Form::new_candidate(today)));
            }
            Action::LoadDemo => return self.ask_load_demo(),
            Action::SwitchPerson => return self.switch_person(),
            Action::Mine => {
                list.query.tutor = match list.query.tutor {
                    Some(_) => None,
                    None => self.session.as_ref().map(|s| s.assessor_id.clone()),
                };
                list.cursor = 0;
                return self.refresh_list();
            }
            Action::Open => {
                let id = list
                    .cursor
                    .checked_sub(list.offset)
                    .and_then(|r| list.rows.get(r))
                    .map(|r| r.id.clone());
                if let Some(id) = id
                    && self.load_candidate(&id)
                {
                    let screen = self.first_screen();
                    self.go(screen);
                }
                return;
            }
            _ => {}
        }
        if list.cursor != before {
            self.follow_cursor();
        }
    }

    /// `D`: only where the demo cannot mix with real candidates (asked of the database
    /// now, not of the last list read), and only after a yes.
    fn ask_load_demo(&mut self) {
        if self.session.is_none() {
            return;
        }
        self.demo_offered = super::queries::demo_allowed(&self.store);
        if !self.demo_offered {
            self.say(
                "This database holds real candidates: the demo goes only into a new or demo \
                 database (`leverup demo --db demo.db`).",
            );
            return;
        }
        self.overlay = Some(Overlay::Confirm(ConfirmKind::LoadDemo));
    }

    fn load_demo(&mut self) {
        if self.session.is_none() {
            return;
        }
        let now = self.now();
        let r = match self.demo_hook.as_mut() {
            Some(fill) => fill(&mut self.store, &self.model, now),
            None => Err("the demo is not available here: run `leverup demo`".into()),
        };
        if self.persisted("The demo", r).is_some() {
            self.say("Demo candidates loaded.");
            self.refresh_list();
        }
    }

    pub(crate) fn on_overview(&mut self, action: Action) {
        let n = self.candidate.as_ref().map_or(0, |c| c.claimed.len());
        match action {
            Action::Up => self.competence = self.competence.saturating_sub(1),
            Action::Down => {
                self.competence = (self.competence + 1).min(n.saturating_sub(1));
            }
            Action::StartAssessment => self.start_assessment(),
            Action::AdvanceStep => {
                self.path_command(PathCommand::Advance { validated: false });
            }
            Action::StopPath => {
                self.overlay = Some(Overlay::Form(Form::stop_path()));
            }
            Action::ResumePath => {
                self.path_command(PathCommand::Resume);
            }
            Action::AddEvidence => {
                // Asked first, so nothing is typed for a refusal.
                if let Err(e) = self.add_evidence_verdict() {
                    return self.refuse(e);
                }
                let codes = self.candidate.as_ref().map_or(String::new(), |c| {
                    c.claimed
                        .iter()
                        .filter_map(|id| self.model.competence(id))
                        .map(|m| m.code.clone())
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                self.overlay = Some(Overlay::Form(Form::add_evidence(codes)));
            }
            Action::TakeOver => self.ask_take_over(),
            Action::Dossier => self.go(Screen::Dossier),
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

    pub(crate) fn on_jump(&mut self, action: Action) {
        if matches!(self.overlay, Some(Overlay::PickPerson { .. })) {
            return self.on_pick(action);
        }
        if matches!(self.overlay, Some(Overlay::PickAssessor { .. })) {
            return self.on_pick_assessor(action);
        }
        if matches!(self.overlay, Some(Overlay::PickTutor { .. })) {
            return self.on_pick_tutor(action);
        }
        let n = self.work.as_ref().map_or(0, |w| w.competences.len());
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
                cursor: self.competence,
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
            (ConfirmKind::LoadDemo, Action::Yes) => self.load_demo(),
            (ConfirmKind::LoadDemo, _) => self.say("The demo was not loaded."),
            (ConfirmKind::PutBack, action) => self.answer_put_back(action == Action::Yes),
            (ConfirmKind::IssueRecords, Action::Yes) => self.issue_records(),
            (ConfirmKind::OverwriteTheirs { then_quit }, Action::Yes) => {
                if self.save_editor() {
                    self.view.set_editor(None);
                    self.say("Your text was saved over theirs (theirs stays in the audit log).");
                    if then_quit {
                        self.request_quit();
                    }
                }
            }
            (ConfirmKind::OverwriteTheirs { then_quit }, _) => {
                self.view.set_editor(None);
                self.say("Your text was dropped; the screen shows theirs.");
                if then_quit {
                    self.request_quit();
                }
            }
            (ConfirmKind::IssueRecords, _) => {
                let key = self.key(super::keys::Context::Review, Action::IssueRecords);
                self.say(format!(
                    "Records not issued; press {key} on review to issue them."
                ));
            }
        }
    }
}
