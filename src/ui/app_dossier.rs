//! The tutor's side of one candidate: keys on the dossier become dossier commands, the
//! domain decides (`dossier::command::apply`), the store commits the change in one
//! transaction, and only then does the new dossier replace the old (as `app_command.rs`
//! does for the assessment). Refusals are status messages; a write against an older
//! revision reloads the dossier and says so.
//!
//! Must not touch the terminal.

use super::app::{App, Screen};
use super::data::CandidateVm;
use super::keys::{Action, Context};
use super::tutor_next::what_next;
use crate::domain::DomainError;
use crate::domain::dossier::Dossier;
use crate::domain::dossier::command::{DossierChange, DossierCommand as C, apply_all};
use crate::store::StoreError;

impl App {
    /// The candidate's dossier as the store has it; `None` (with a message) if unreadable.
    pub(crate) fn read_dossier(&mut self, cand: &CandidateVm) -> Option<Dossier> {
        let d = match self.store.load_dossier(&cand.id) {
            Ok(d) => d,
            Err(e) => {
                self.say(format!("Could not read the candidate's dossier: {e}"));
                return None;
            }
        };
        // Only an id is recorded for the request; the name is read once here.
        self.request_to = d
            .request
            .as_ref()
            .and_then(|r| r.assessor_id.as_deref())
            .and_then(|id| self.store.get_person(id).ok())
            .map(|p| p.name);
        Some(d)
    }

    /// Which screen a candidate opens on: the dossier for their tutor (and for a person
    /// who only tutors), the assessor's overview otherwise.
    pub(crate) fn first_screen(&self) -> Screen {
        let me = self.actor();
        let theirs = self
            .candidate
            .as_ref()
            .is_some_and(|c| c.tutor_id.as_deref() == Some(me.as_str()));
        let tutor_only = self
            .session
            .as_ref()
            .is_some_and(|s| s.tutor && !s.assessor);
        if theirs || tutor_only {
            Screen::Dossier
        } else {
            Screen::Overview
        }
    }

    /// A tutor's list starts with their own candidates (`m` shows everyone's); anyone
    /// else's with everyone's.
    pub(crate) fn start_tutor_list(&mut self) {
        let me = self
            .session
            .as_ref()
            .filter(|s| s.tutor)
            .map(|s| s.assessor_id.clone());
        self.list_memory.query.tutor = me.clone();
        if let Some(l) = self.view.list_mut() {
            l.query.tutor = me;
        }
    }

    /// In the tutor's list, what is next for each row of the page (read once a page).
    pub(crate) fn fill_next(&mut self) {
        let today = self.now().date_naive();
        let Some(list) = self.view.list() else {
            return;
        };
        if list.query.tutor.is_none() {
            return;
        }
        let next: Vec<String> = list
            .rows
            .iter()
            .map(|r| match self.store.load_dossier(&r.id) {
                Ok(d) => what_next(&d, &self.model, today),
                Err(_) => String::new(),
            })
            .collect();
        if let Some(list) = self.view.list_mut() {
            list.next = next;
        }
    }

    /// Applies `cmd` to the open dossier. True when it took effect (or changed nothing).
    pub(crate) fn dossier_command(&mut self, cmd: C) -> bool {
        let r = self.try_dossier_command(cmd);
        self.took_effect(r)
    }

    /// As `dossier_command`, handing a rule's refusal back; `Err(None)`: the write failed
    /// and the box says so.
    pub(crate) fn try_dossier_command(&mut self, cmd: C) -> Result<(), Option<DomainError>> {
        self.try_dossier_commands(std::slice::from_ref(&cmd))
    }

    /// As `try_dossier_command` for commands that belong together (a form's): decided in
    /// turn, committed as one change or not at all.
    pub(crate) fn try_dossier_commands(&mut self, cmds: &[C]) -> Result<(), Option<DomainError>> {
        if self.store.read_only() {
            let msg = self.read_only_message();
            self.say(msg);
            return Err(None);
        }
        let Some(d) = self.dossier.as_ref() else {
            self.say("No candidate is open.");
            return Err(None);
        };
        let (actor, now) = (self.actor(), self.now());
        let change = apply_all(d, cmds, &self.model, &actor, now.date_naive()).map_err(Some)?;
        if change.is_empty() {
            return Ok(());
        }
        self.commit_dossier(change)
    }

    fn commit_dossier(&mut self, change: DossierChange) -> Result<(), Option<DomainError>> {
        let (actor, now) = (self.actor(), self.now());
        match self.store.commit_dossier(&change, &actor, now) {
            Ok(()) => {
                let claims_or_items = change.edits().iter().any(|e| {
                    use crate::domain::dossier::command::DossierEdit as E;
                    matches!(e, E::Claim { .. } | E::Evidence { .. } | E::Tutor { .. })
                });
                self.dossier = Some(change.into_state());
                if claims_or_items {
                    self.refresh_candidate();
                }
                // A request made or withdrawn decides whether the assessment may start.
                self.refresh_start_verdict();
                Ok(())
            }
            Err(e @ (StoreError::Conflict { .. } | StoreError::Stale(_))) => {
                if let Some(cand) = self.candidate.clone() {
                    self.dossier = self.read_dossier(&cand);
                }
                self.write_conflicted(&e);
                Err(None)
            }
            Err(e) => {
                self.write_failed(&e);
                Err(None)
            }
        }
    }

    /// The candidate's display record again (claims and evidence feed the overview).
    fn refresh_candidate(&mut self) {
        let Some(id) = self.candidate.as_ref().map(|c| c.id.clone()) else {
            return;
        };
        if let Ok(c) = super::queries::candidate(&self.store, &self.model, &id) {
            self.candidate = Some(c);
        }
    }

    /// The key bound to `action` on the dossier, for hints.
    pub fn dossier_key(&self, action: Action) -> String {
        self.key(Context::Dossier, action)
    }
}
