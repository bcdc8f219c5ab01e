//! Text the database refused, never dropped: at quit or shutdown it goes to the recovery
//! file beside the database (`Store::keep_unsaved`), and the next start offers it back.
//! Accepted, it is put back into its field through the normal write path, so it is saved
//! (and audited) like anything typed; declined, the file stays for later.
//!
//! Forms typed into and not submitted are kept the same way (`app_form_recovery.rs`).
//!
//! Must not touch the terminal.

use std::path::PathBuf;

use super::app::{App, ConfirmKind, Overlay, Screen};
use super::editor::Field;
use crate::store::UnsavedText;

impl App {
    /// Keeps the open field's unsaved text in the recovery file; the file's path, or why
    /// that failed too.
    pub(crate) fn keep_unsaved(&mut self) -> Result<PathBuf, String> {
        let Some(ed) = self.view.editor().filter(|e| e.changed_at.is_some()) else {
            return Err("nothing to keep".into());
        };
        let (field, competence, question, criterion) = field_parts(&ed.field);
        let kept = UnsavedText {
            candidate: self
                .candidate
                .as_ref()
                .map(|c| c.id.clone())
                .unwrap_or_default(),
            candidate_name: self
                .candidate
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            assessment: self.work.as_ref().map(|w| w.id.clone()).unwrap_or_default(),
            field: field.to_string(),
            competence,
            question,
            criterion,
            text: ed.text(),
            person: Some(self.actor()),
            time: self.now(),
        };
        self.store.keep_unsaved(kept).map_err(|e| e.to_string())
    }

    /// At start: texts an earlier run could not save are offered back, one box each.
    pub(crate) fn offer_unsaved(&mut self) {
        if self.store.read_only() || self.overlay.is_some() {
            return;
        }
        // Each person's own: several tutors may work on one database. A text kept before
        // texts named their person comes from a single-user file, so it goes to whoever
        // opens; every kept form names its person.
        let me = self.actor();
        match self.store.unsaved_texts() {
            Ok(texts) => {
                self.offered = texts
                    .into_iter()
                    .filter(|t| t.person.as_ref().is_none_or(|p| *p == me))
                    .collect();
            }
            Err(e) => self.say(format!("Could not read the kept unsaved text: {e}")),
        }
        if let Ok(forms) = self.store.unsaved_forms() {
            self.offered_forms = forms.into_iter().filter(|f| f.person == me).collect();
        }
        self.offer_next();
    }

    pub(crate) fn offer_next(&mut self) {
        if !self.offered.is_empty() || !self.offered_forms.is_empty() {
            self.overlay = Some(Overlay::Confirm(ConfirmKind::PutBack));
        }
    }

    /// The put-back box offers a form (the texts come first).
    pub fn offering_form(&self) -> bool {
        self.offered.is_empty() && !self.offered_forms.is_empty()
    }

    /// What the put-back box shows: where the text belongs, the text, and the file.
    pub fn offered_text(&self) -> Option<(String, String, String)> {
        let Some(t) = self.offered.first() else {
            return self.offered_form();
        };
        let what = match (t.field.as_str(), t.question, &t.criterion) {
            ("note", Some(q), _) => format!("interview note, question {}", q + 1),
            ("criterion_note", _, Some(c)) => format!("portfolio note on {c}"),
            ("justification", ..) => "justification of the level".to_string(),
            ("reasons", ..) => "reasons for the decision".to_string(),
            (other, ..) => other.to_string(),
        };
        let when = t.time.format("%Y-%m-%d %H:%M UTC");
        let file = self
            .store
            .recovery_path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Some((
            format!("{} · {} · {what} · {when}", t.candidate_name, t.competence),
            t.text.clone(),
            file,
        ))
    }

    /// The answer to the put-back box: `yes` saves the first offered text into its field,
    /// `no` leaves every kept text (or, on a form, every kept form) in the file for a later
    /// start and goes on to the other kind.
    pub(crate) fn answer_put_back(&mut self, yes: bool) {
        let file = self
            .store
            .recovery_path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        if !yes {
            let what = if self.offered.is_empty() {
                self.offered_forms.clear();
                "form"
            } else {
                // Only the texts: the kept forms are still to be offered.
                self.offered.clear();
                "text"
            };
            self.say(format!("The kept {what} stays in {file}."));
            return self.offer_next();
        }
        if self.offered.is_empty() {
            return self.answer_form_back();
        }
        let kept = self.offered.remove(0);
        if self.candidate_gone(&kept.candidate) {
            let said = match self.store.forget_unsaved(&kept) {
                Ok(()) => format!(
                    "The kept text was dropped: {} is no longer in the database.",
                    kept.candidate_name
                ),
                Err(e) => format!(
                    "{} is no longer in the database; the kept text could not be dropped from \
                     {file} ({e}).",
                    kept.candidate_name
                ),
            };
            self.say(said);
            return self.offer_next();
        }
        if self.put_back(&kept) {
            match self.store.forget_unsaved(&kept) {
                Ok(()) => self.say("The kept text is back in its field and saved."),
                Err(e) => self.say(format!(
                    "The kept text is saved; {file} could not be tidied ({e})."
                )),
            }
            self.offer_next();
        } else if !matches!(self.overlay, Some(Overlay::NotSaved(_))) {
            // A refusal is on the status line already; say the text is safe too.
            let why = self.status.take().unwrap_or_default();
            self.say(
                format!("{why} The kept text stays in {file}.")
                    .trim()
                    .to_string(),
            );
        } else if let Some(Overlay::NotSaved(msg)) = &mut self.overlay {
            msg.push_str(&format!("\nThe kept text stays in {file}."));
        }
    }

    /// Opens the assessment the text belongs to, on the screen of its field, and saves it
    /// there through the normal write path. True when it is in the database.
    fn put_back(&mut self, kept: &UnsavedText) -> bool {
        let Some(field) = field_from_parts(kept) else {
            self.say(format!("leverup does not know the field {:?}.", kept.field));
            return false;
        };
        if !self.load_candidate(&kept.candidate) {
            return false;
        }
        let tab = match &field {
            Field::Story { .. } => Some(super::dossier_view::Tab::Stories),
            Field::Description { .. } => Some(super::dossier_view::Tab::Evidence),
            Field::Actions { .. } => Some(super::dossier_view::Tab::Plan),
            _ => None,
        };
        if let Some(tab) = tab {
            // The tutor's texts belong to the dossier, not to an assessment.
            self.go(Screen::Dossier);
            if let Some(v) = self.view.dossier_mut() {
                v.tab = tab;
                if let Field::Story { number, .. } = &field {
                    v.story = Some(*number);
                }
            }
            return self.save_field(field, &kept.text);
        }
        let Some(index) = self.work.as_ref().and_then(|w| {
            (w.id == kept.assessment)
                .then(|| {
                    w.competences
                        .iter()
                        .position(|c| c.competence_id == kept.competence)
                })
                .flatten()
        }) else {
            self.say("Its assessment is no longer the candidate's current one.");
            return false;
        };
        self.competence = index;
        self.go(match field {
            Field::Note { .. } => Screen::Interview,
            Field::CriterionNote { .. } => Screen::Portfolio,
            Field::Justification { .. } | Field::Reasons { .. } => Screen::Scoring,
            Field::Story { .. } | Field::Description { .. } | Field::Actions { .. } => {
                Screen::Dossier
            }
        });
        if let Field::Note { question, .. } = &field {
            self.view.set_question(*question as usize);
        }
        self.writable() && self.save_field(field, &kept.text)
    }
}

/// How a field is named in the recovery file: kind, competence, question, criterion.
fn field_parts(field: &Field) -> (&'static str, String, Option<u32>, Option<String>) {
    match field {
        Field::Note {
            competence,
            question,
        } => ("note", competence.clone(), Some(*question), None),
        Field::CriterionNote {
            competence,
            criterion,
        } => (
            "criterion_note",
            competence.clone(),
            None,
            Some(criterion.clone()),
        ),
        Field::Justification { competence } => ("justification", competence.clone(), None, None),
        Field::Reasons { competence } => ("reasons", competence.clone(), None, None),
        Field::Story { number, part } => (
            "story",
            String::new(),
            Some(*number),
            Some(part.label().to_string()),
        ),
        Field::Description { number } => ("description", String::new(), Some(*number), None),
        Field::Actions { number } => ("actions", String::new(), Some(*number), None),
    }
}

fn field_from_parts(t: &UnsavedText) -> Option<Field> {
    let competence = t.competence.clone();
    Some(match (t.field.as_str(), t.question, &t.criterion) {
        ("note", Some(question), _) => Field::Note {
            competence,
            question,
        },
        ("criterion_note", _, Some(criterion)) => Field::CriterionNote {
            competence,
            criterion: criterion.clone(),
        },
        ("justification", ..) => Field::Justification { competence },
        ("reasons", ..) => Field::Reasons { competence },
        ("description", Some(number), _) => Field::Description { number },
        ("actions", Some(number), _) => Field::Actions { number },
        ("story", Some(number), Some(part)) => Field::Story {
            number,
            part: *super::dossier_view::StoryPart::ALL
                .iter()
                .find(|p| p.label() == part)?,
        },
        _ => return None,
    })
}
