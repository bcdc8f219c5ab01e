//! The tutor's forms: registration and consent, a referee's ratings, a new story, an
//! evidence item, a goal of the plan, a new candidate. As each key is typed the field's
//! value is checked with the domain's field rules (`dossier::fields`) and the reason shown
//! next to it; submitting turns the form into dossier commands, which the domain decides.
//!
//! Must not touch the terminal.

use std::collections::BTreeMap;

use super::app::{App, Overlay};
use super::dossier_view::Tab;
use super::form::{Form, FormKind};
use crate::domain::DomainError;
use crate::domain::dossier::command::DossierCommand as C;
use crate::domain::dossier::{
    Evidence, Goal, GoalSource, PathGoal, Profile, Referee, Story, fields,
};
use crate::domain::self_assessment::Rate;
/// The reason of a refused value, without the field's name (it stands next to the field).
fn why<T>(r: Result<T, DomainError>) -> Option<String> {
    match r {
        Ok(_) => None,
        Err(DomainError::Field { reason, .. }) => Some(reason),
        Err(e) => Some(e.to_string()),
    }
}

/// "C01=3 C08=5" as competence id → rate.
fn ratings(app: &App, text: &str) -> Result<BTreeMap<String, Rate>, String> {
    let mut out = BTreeMap::new();
    for item in text.split([',', ' ']).filter(|s| !s.is_empty()) {
        let Some((code, n)) = item.split_once(['=', ':']) else {
            return Err(format!("{item:?}: write code=rating, e.g. C01=3"));
        };
        let id = app.codes_to_ids(code)?.pop().unwrap_or_default();
        let rate = n
            .parse::<u8>()
            .ok()
            .and_then(Rate::from_number)
            .ok_or_else(|| format!("{item:?}: a rating is 1 to 4, or 5 for not applicable"))?;
        out.insert(id, rate);
    }
    Ok(out)
}

impl App {
    /// Re-checks every field of the open form: a blank field is not refused until the
    /// form is submitted (`strict`), so an empty form is not all red.
    pub(crate) fn check_form(&mut self) {
        self.check_form_fields(false);
    }

    fn check_form_fields(&mut self, strict: bool) -> bool {
        let Some(Overlay::Form(form)) = &self.overlay else {
            return true;
        };
        let today = self.now().date_naive();
        let v: Vec<String> = form.fields.iter().map(|f| f.2.trim().to_string()).collect();
        let codes_ok = |t: &str, need: bool| match self.codes_to_ids(t) {
            Ok(ids) if need && ids.is_empty() => Some("name at least one competence".into()),
            Ok(_) => None,
            Err(e) => Some(e),
        };
        let reasons: Vec<Option<String>> = match form.kind {
            FormKind::NewCandidate => vec![
                why(fields::required("name", &v[0])),
                codes_ok(&v[1], false),
                why(fields::past_date("consent date", &v[2], today)),
            ],
            FormKind::Registration => vec![
                why(fields::required("name", &v[0])),
                why(fields::email(&v[1])),
                why(fields::language(&v[2])),
                None,
                why(fields::optional_past_date("consent date", &v[4], today)),
            ],
            FormKind::Referee(_) => vec![
                why(fields::required("name", &v[0])),
                why(fields::required("relation", &v[1])),
                None,
                why(fields::past_date("date", &v[3], today)),
                ratings(self, &v[4]).err(),
            ],
            FormKind::Story => vec![why(fields::required("title", &v[0])), codes_ok(&v[1], true)],
            FormKind::Evidence(_) => vec![
                why(fields::required("title", &v[0])),
                why(fields::required("kind", &v[1])),
                why(fields::optional_past_date("date", &v[2], today)),
                codes_ok(&v[3], true),
                None,
                (!v[5].is_empty())
                    .then(|| super::file_ref::check(&v[5]))
                    .flatten(),
                None,
            ],
            FormKind::Goal(_) => vec![
                codes_ok(&v[0], false),
                why(fields::required("goal", &v[1])),
                why(fields::required("actions", &v[2])),
                why(fields::date("review date", &v[3])),
                GoalSource::from_code(&v[4])
                    .is_none()
                    .then(|| "not-validated, advice or wish".to_string()),
            ],
            _ => return true,
        };
        // Blank fields wait for the submit before they are refused.
        let reasons: Vec<Option<String>> = reasons
            .into_iter()
            .zip(&v)
            .map(|(r, value)| r.filter(|_| strict || !value.is_empty()))
            .collect();
        let ok = reasons.iter().all(Option::is_none);
        if let Some(Overlay::Form(form)) = &mut self.overlay {
            form.reasons = reasons;
        }
        ok
    }

    /// The open story part's reason, as it is typed.
    pub(crate) fn check_editor(&mut self) {
        use super::dossier_view::StoryPart;
        use super::editor::Field;
        let Some(ed) = self.view.editor() else {
            return;
        };
        let reason = match &ed.field {
            Field::Story {
                part: StoryPart::Title,
                ..
            } => why(fields::required("title", &ed.text())),
            Field::Story {
                part: StoryPart::Competences,
                ..
            } => match self.codes_to_ids(&ed.text()) {
                Ok(ids) if ids.is_empty() => Some("name at least one competence".into()),
                Ok(_) => None,
                Err(e) => Some(e),
            },
            _ => None,
        };
        if let Some(ed) = self.view.editor_mut() {
            ed.reason = reason;
        }
    }

    pub(crate) fn submit_dossier_form(&mut self, form: &Form) {
        if !self.check_form_fields(true) {
            return self.set_form_error("Correct the fields marked first.".into());
        }
        let today = self.now().date_naive();
        let v = |i: usize| form.value(i).to_string();
        let cmds = match form.kind {
            FormKind::Registration => {
                let mut cmds = vec![C::SetProfile(Profile {
                    name: v(0),
                    email: Some(v(1)),
                    language: Some(v(2)),
                    goal: fields::optional(&v(3)).map(|g| PathGoal::from_code(&g)),
                })];
                if let Ok(Some(given_on)) = fields::optional_past_date("consent date", &v(4), today)
                {
                    cmds.push(C::RecordConsent { given_on });
                }
                cmds
            }
            FormKind::Referee(number) => {
                let Ok(rated_on) = fields::past_date("date", &v(3), today) else {
                    return;
                };
                let Ok(ratings) = ratings(self, &v(4)) else {
                    return;
                };
                vec![C::SaveReferee {
                    number,
                    referee: Referee {
                        name: v(0),
                        relation: v(1),
                        contact: v(2),
                        rated_on,
                        ratings,
                    },
                }]
            }
            FormKind::Story => vec![C::SaveStory {
                number: None,
                story: Story {
                    title: v(0),
                    competences: self.codes_to_ids(&v(1)).unwrap_or_default(),
                    ..Story::default()
                },
            }],
            FormKind::Evidence(number) => {
                let file = match fields::optional(&v(5)) {
                    None => None,
                    Some(path) => match super::file_ref::inspect(&path) {
                        Ok(f) => Some(f),
                        Err(e) => {
                            if let Some(Overlay::Form(f)) = &mut self.overlay {
                                f.reasons.resize(7, None);
                                f.reasons[5] = Some(e);
                            }
                            return self.set_form_error(
                                "The file was not read: no hash is recorded.".into(),
                            );
                        }
                    },
                };
                vec![C::SaveEvidence {
                    number,
                    evidence: Evidence {
                        title: v(0),
                        kind: v(1),
                        dated: fields::optional_past_date("date", &v(2), today)
                            .ok()
                            .flatten(),
                        description: v(4),
                        competences: self.codes_to_ids(&v(3)).unwrap_or_default(),
                        file,
                        witness: fields::optional(&v(6)),
                    },
                }]
            }
            FormKind::Goal(number) => {
                let Ok(review_on) = fields::date("review date", &v(3)) else {
                    return;
                };
                vec![C::SaveGoal {
                    number,
                    goal: Goal {
                        competence: self.codes_to_ids(&v(0)).unwrap_or_default().pop(),
                        goal: v(1),
                        actions: v(2),
                        review_on,
                        source: GoalSource::from_code(&v(4)).unwrap_or(GoalSource::CandidateWish),
                    },
                }]
            }
            _ => return,
        };
        // One form, one change: the profile and the consent are saved together or not.
        match self.try_dossier_commands(&cmds) {
            Ok(()) => {}
            Err(Some(e)) => return self.form_refused(form, e),
            Err(None) => return,
        }
        self.overlay = None;
        if form.kind == FormKind::Story {
            // The story's parts are written next, one text field each.
            let newest = self
                .dossier
                .as_ref()
                .and_then(|d| d.stories.keys().next_back().copied());
            if let Some(v) = self.view.dossier_mut() {
                (v.tab, v.story, v.row) = (Tab::Stories, newest, 2);
            }
        }
        self.say("Saved.");
    }

    /// A refusal goes next to the field it names, else under the form.
    fn form_refused(&mut self, form: &Form, e: DomainError) {
        let field = match &e {
            DomainError::Field { field, .. } => Some(*field),
            _ => None,
        };
        let at = field.and_then(|name| {
            form.fields.iter().position(|(label, _, _)| {
                let label = label.to_lowercase();
                label == name || name.starts_with(&label) || label.starts_with(name)
            })
        });
        match (at, &mut self.overlay) {
            (Some(i), Some(Overlay::Form(f))) => {
                f.reasons.resize(f.fields.len(), None);
                f.reasons[i] = why::<()>(Err(e));
                f.error = Some("Correct the field marked.".into());
            }
            _ => self.set_form_error(format!("{e}.")),
        }
    }
}
