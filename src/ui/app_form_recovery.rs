//! Forms are not lost either: a form with values typed into it that is still open when
//! leverup has to stop (SIGHUP, SIGTERM, a quit), or whose submit the database refused, goes
//! to the recovery file beside the database (`Store::keep_unsaved_form`), and the next start
//! offers to reopen it with those values (after any kept text). A form refused by the
//! database stays behind the "not saved" box and comes back when the box is closed.
//!
//! Must not touch the terminal.

use std::path::PathBuf;

use super::app::{App, Overlay, Screen};
use super::dossier_view::Tab;
use super::form::{Form, FormKind};
use crate::store::UnsavedForm;

impl App {
    /// The form typed into and not yet saved: the open one, else one waiting behind the
    /// "not saved" box.
    fn unsubmitted_form(&self) -> Option<&Form> {
        match &self.overlay {
            Some(Overlay::Form(f)) if f.touched => Some(f),
            _ => self.pending_form.as_ref(),
        }
    }

    /// Keeps the unsubmitted form in the recovery file. `Ok(None)`: there is none, or no
    /// file to keep it in (a database in memory).
    pub(crate) fn keep_open_form(&mut self) -> Result<Option<PathBuf>, String> {
        let Some(form) = self.unsubmitted_form() else {
            return Ok(None);
        };
        let Some((code, number)) = form.kind.code() else {
            return Ok(None);
        };
        if self.store.recovery_path().is_none() {
            return Ok(None);
        }
        let kept = UnsavedForm {
            candidate: self
                .candidate
                .as_ref()
                .filter(|_| form.kind != FormKind::NewCandidate)
                .map(|c| c.id.clone())
                .unwrap_or_default(),
            candidate_name: self
                .candidate
                .as_ref()
                .filter(|_| form.kind != FormKind::NewCandidate)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            form: code.to_string(),
            number,
            title: form.title.to_string(),
            person: self.actor(),
            fields: form
                .fields
                .iter()
                .map(|(label, _, value)| (label.to_string(), value.clone()))
                .collect(),
            time: self.now(),
        };
        self.store
            .keep_unsaved_form(kept)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// A submit the database refused: the form waits behind the "not saved" box, values
    /// and all, and comes back when the box is closed.
    pub(crate) fn hold_refused_form(&mut self, mut form: Form) {
        if form.kind == FormKind::FirstRun || !matches!(self.overlay, Some(Overlay::NotSaved(_))) {
            return;
        }
        let submit = self.key(super::keys::Context::Form, super::keys::Action::Submit);
        form.touched = true;
        form.error = Some(format!("Not saved yet: {submit} tries again."));
        self.pending_form = Some(form);
    }

    /// The "not saved" box was closed: the form it interrupted is back.
    pub(crate) fn restore_refused_form(&mut self) {
        if let Some(form) = self.pending_form.take() {
            self.overlay = Some(Overlay::Form(form));
        }
    }

    /// What the put-back box shows for the first kept form: whose form it is, the values
    /// typed (one `label: value` line each) and the file.
    pub(crate) fn offered_form(&self) -> Option<(String, String, String)> {
        let f = self.offered_forms.first()?;
        let when = f.time.format("%Y-%m-%d %H:%M UTC");
        let whose = match f.candidate_name.as_str() {
            "" => String::new(),
            name => format!("{name} · "),
        };
        let values = f
            .fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(label, v)| format!("{label}: {v}"))
            .collect::<Vec<_>>()
            .join("\n");
        let file = self
            .store
            .recovery_path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Some((format!("{whose}{} · {when}", f.title), values, file))
    }

    /// `yes` on the put-back box of a form: it opens again where it was, with the values
    /// typed, and leaves the file (it is now on screen, and kept again if leverup stops).
    pub(crate) fn answer_form_back(&mut self) {
        if self.offered_forms.is_empty() {
            return;
        }
        let kept = self.offered_forms.remove(0);
        let new_candidate =
            FormKind::from_code(&kept.form, kept.number) == Some(FormKind::NewCandidate);
        if !new_candidate && self.candidate_gone(&kept.candidate) {
            // Erased (or never merged here): what it holds about them goes too.
            let whose = match kept.candidate_name.as_str() {
                "" => "its candidate".to_string(),
                name => name.to_string(),
            };
            let said = match self.store.forget_unsaved_form(&kept) {
                Ok(()) => format!(
                    "The kept form ({}) was dropped: {whose} is no longer in the database.",
                    kept.title
                ),
                Err(e) => format!(
                    "{whose} is no longer in the database; the kept form ({}) could not be \
                     dropped from the recovery file ({e}).",
                    kept.title
                ),
            };
            self.say(said);
            return self.offer_next();
        }
        if !self.reopen_form(&kept) {
            let file = self
                .store
                .recovery_path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let why = self.status.take().unwrap_or_default();
            return self.say(
                format!("{why} The kept form stays in {file}.")
                    .trim()
                    .to_string(),
            );
        }
        let submit = self.key(super::keys::Context::Form, super::keys::Action::Submit);
        match self.store.forget_unsaved_form(&kept) {
            Ok(()) => self.say(format!(
                "The form is open again with what was typed: {submit} on its last field saves it."
            )),
            Err(e) => self.say(format!(
                "The form is open again; the recovery file could not be tidied ({e})."
            )),
        }
    }

    /// True when no candidate has the id any more (an erasure took them out); false when
    /// they are there or the database could not say.
    pub(crate) fn candidate_gone(&self, id: &str) -> bool {
        matches!(
            self.store.get_candidate(id),
            Err(crate::store::StoreError::NotFound { .. })
        )
    }

    /// Opens the kept form on its screen with its values. False (with a message) when its
    /// candidate or kind is gone.
    fn reopen_form(&mut self, kept: &UnsavedForm) -> bool {
        let Some(kind) = FormKind::from_code(&kept.form, kept.number) else {
            self.say(format!("leverup does not know the form {:?}.", kept.form));
            return false;
        };
        if kind != FormKind::NewCandidate && !self.load_candidate(&kept.candidate) {
            return false;
        }
        let (screen, tab) = match kind {
            FormKind::NewCandidate => (Screen::Candidates, None),
            FormKind::AddEvidence | FormKind::StopPath | FormKind::TakeOver => {
                (Screen::Overview, None)
            }
            FormKind::Registration => (Screen::Dossier, Some(Tab::Registration)),
            FormKind::Referee(_) => (Screen::Dossier, Some(Tab::SelfAssessment)),
            FormKind::Story => (Screen::Dossier, Some(Tab::Stories)),
            FormKind::Evidence(_) => (Screen::Dossier, Some(Tab::Evidence)),
            FormKind::Goal(_) => (Screen::Dossier, Some(Tab::Plan)),
            FormKind::FirstRun => return false,
        };
        let Some(mut form) = self.blank_form(kind) else {
            self.say("The candidate's dossier could not be read.");
            return false;
        };
        self.go(screen);
        if let (Some(tab), Some(v)) = (tab, self.view.dossier_mut()) {
            (v.tab, v.row, v.story) = (tab, 0, None);
        }
        for (label, value) in &kept.fields {
            if let Some(f) = form.fields.iter_mut().find(|f| f.0 == label) {
                f.2 = value.clone();
            }
        }
        form.touched = true;
        self.overlay = Some(Overlay::Form(form));
        self.check_form();
        true
    }

    /// The form of `kind` as it opens for the candidate loaded, before anything is typed.
    fn blank_form(&self, kind: FormKind) -> Option<Form> {
        use super::dossier_forms as forms;
        let today = self.today();
        let d = self.dossier.as_ref();
        Some(match kind {
            FormKind::FirstRun => return None,
            FormKind::NewCandidate => Form::new_candidate(today.format("%Y-%m-%d").to_string()),
            FormKind::AddEvidence => Form::add_evidence(String::new()),
            FormKind::StopPath => Form::stop_path(),
            FormKind::TakeOver => Form::take_over(),
            FormKind::Registration => forms::registration_form(d?, today),
            FormKind::Referee(n) => forms::referee_form(&self.model, d?, n),
            FormKind::Story => forms::story_form(&self.model, d?),
            FormKind::Evidence(n) => forms::evidence_form(&self.model, d?, n),
            FormKind::Goal(n) => forms::goal_form(&self.model, d?, n),
        })
    }
}
