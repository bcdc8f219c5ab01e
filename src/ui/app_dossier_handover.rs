//! Handing a candidate to another tutor of the centre: `hand_over` opens a picker of the
//! centre's other tutors, and the choice becomes the dossier command `AssignTutor`, which the
//! domain decides and the store commits with its audit row in one transaction. The key is
//! offered (hint bar, help) only where the domain would let the person working hand over.
//!
//! Must not touch the terminal.

use super::app::{App, Overlay};
use super::keys::Action;
use crate::domain::DomainError;
use crate::domain::dossier::command::{
    DossierCommand as C, apply, may_add_evidence, may_hand_over, may_take_on,
};

impl App {
    /// Whether the person working may hand the open candidate to another tutor now: the
    /// domain's verdict (`dossier::command::may_hand_over`).
    pub fn hand_over_verdict(&self) -> Result<(), DomainError> {
        let Some(d) = self.dossier.as_ref() else {
            return Err(DomainError::Invalid("no candidate is open".into()));
        };
        may_hand_over(d, &self.actor())
    }

    /// Whether the person working may take the open candidate on as their tutor: the
    /// domain's verdict (`dossier::command::may_take_on`); no when they already are.
    pub fn take_on_verdict(&self) -> Result<(), DomainError> {
        let (Some(d), Some(me)) = (self.dossier.as_ref(), self.session.as_ref()) else {
            return Err(DomainError::Invalid("no candidate is open".into()));
        };
        if d.tutor_id.as_deref() == Some(me.assessor_id.as_str()) {
            return Err(DomainError::Invalid(
                "you are this candidate's tutor".into(),
            ));
        }
        may_take_on(d, &me.staff())
    }

    /// Whether the person working may add an evidence item to the open candidate's
    /// portfolio: the domain's verdict (`dossier::command::may_add_evidence`).
    pub fn add_evidence_verdict(&self) -> Result<(), DomainError> {
        let Some(d) = self.dossier.as_ref() else {
            return Err(DomainError::Invalid("no candidate is open".into()));
        };
        may_add_evidence(d, &self.actor())
    }

    /// `hand_over`: the centre's other tutors to choose from, once the domain says the
    /// candidate may be handed over at all (so nobody is picked in vain).
    pub(crate) fn ask_hand_over(&mut self) {
        if let Err(e) = self.hand_over_verdict() {
            return self.refuse(e);
        }
        let Some(d) = self.dossier.as_ref() else {
            return;
        };
        let (centre, current) = (d.centre_id.clone(), d.tutor_id.clone());
        let (actor, today) = (self.actor(), self.now().date_naive());
        // Only those the domain would hand the candidate to (not the assessor the request
        // names, for one).
        let tutors = match super::queries::tutors(&self.store, &centre) {
            Ok(t) => t
                .into_iter()
                .filter(|t| Some(&t.id) != current.as_ref())
                .filter(|t| {
                    let cmd = C::AssignTutor { tutor: t.clone() };
                    apply(d, &cmd, &self.model, &actor, today).is_ok()
                })
                .collect::<Vec<_>>(),
            Err(e) => return self.say(format!("Could not read the centre's tutors: {e}")),
        };
        if tutors.is_empty() {
            return self.say("No other tutor at this centre to hand the candidate to.");
        }
        self.overlay = Some(Overlay::PickTutor { tutors, cursor: 0 });
    }

    pub(crate) fn on_pick_tutor(&mut self, action: Action) {
        let Some(Overlay::PickTutor { tutors, cursor }) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Up => *cursor = cursor.saturating_sub(1),
            Action::Down => *cursor = (*cursor + 1).min(tutors.len().saturating_sub(1)),
            Action::Select => {
                let chosen = tutors.get(*cursor).cloned();
                self.overlay = None;
                let Some(tutor) = chosen else {
                    return;
                };
                let name = tutor.name.clone();
                let candidate = self
                    .candidate
                    .as_ref()
                    .map_or(String::new(), |c| c.name.clone());
                if self.dossier_command(C::AssignTutor { tutor }) {
                    self.say(format!(
                        "{candidate} is now {name}'s candidate; you can still read the dossier."
                    ));
                }
            }
            Action::Close | Action::Back => self.overlay = None,
            _ => {}
        }
    }
}
