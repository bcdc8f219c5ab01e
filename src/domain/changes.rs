//! What a command changed, as the store must write it: the difference between the state
//! before and after, cascades included. Pure data.

use serde::{Deserialize, Serialize};

use super::assessment::{AssessmentState, CompetenceState, PartialComplexity};
use super::model::Model;
use super::process::CandidatePath;
use super::scales::{CriterionVerdict, Decision, IndicatorRating};
use super::scoring::LevelChoice;

/// One row-level change inside an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Verdict {
        competence: String,
        criterion: String,
        verdict: CriterionVerdict,
        note: String,
    },
    Note {
        competence: String,
        question: u32,
        text: String,
    },
    /// Seconds to add (interview time only grows).
    InterviewTime {
        competence: String,
        seconds: i64,
    },
    Rating {
        competence: String,
        indicator: String,
        rating: IndicatorRating,
    },
    /// The level choice (or none, when reopened) and the complexity given so far.
    Score {
        competence: String,
        level: Option<LevelChoice>,
        complexity: PartialComplexity,
    },
    Decision {
        competence: String,
        decision: Decision,
        reasons: String,
    },
    Finalised,
    Assessor {
        from: String,
        to: String,
    },
    /// The candidate's path moved (finalising).
    Path {
        from: CandidatePath,
        to: CandidatePath,
    },
}

impl Change {
    /// Adding interview time commutes with every other write, so it needs no revision check.
    pub fn commutes(&self) -> bool {
        matches!(self, Change::InterviewTime { .. })
    }
}

/// Everything one command changed, against the revision it was applied to. Only the
/// domain makes one (its fields are private to it), so the store cannot be handed a change
/// the rules did not decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    pub(in crate::domain) assessment_id: String,
    pub(in crate::domain) candidate_id: String,
    /// The revision the command was applied to; the store refuses the write if the
    /// database has moved on.
    pub(in crate::domain) base_revision: i64,
    /// The candidate's path the command was decided against (a stop elsewhere blocks it).
    pub(in crate::domain) base_path: CandidatePath,
    pub(in crate::domain) changes: Vec<Change>,
    /// The state after the change (with the revision it will have once committed).
    pub(in crate::domain) state: AssessmentState,
    /// Cascades the user should be told about.
    pub(in crate::domain) notice: Option<String>,
    /// Why (reassignment), for the audit log.
    pub(in crate::domain) reason: Option<String>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// True when every change commutes: no revision check, no new revision.
    pub fn commutes(&self) -> bool {
        self.changes.iter().all(Change::commutes)
    }

    pub fn assessment_id(&self) -> &str {
        &self.assessment_id
    }

    pub fn candidate_id(&self) -> &str {
        &self.candidate_id
    }

    pub fn base_revision(&self) -> i64 {
        self.base_revision
    }

    pub fn base_path(&self) -> &CandidatePath {
        &self.base_path
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    pub fn state(&self) -> &AssessmentState {
        &self.state
    }

    /// The state once committed, for the caller to keep.
    pub fn into_state(self) -> AssessmentState {
        self.state
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
}

/// The changes that turn `before` into `after`, in the order they are written. Public so
/// that a test can check a command's change set is the whole difference and nothing else;
/// a [`ChangeSet`], the only thing the store commits, comes from a command alone.
pub fn diff(model: &Model, before: &AssessmentState, after: &AssessmentState) -> Vec<Change> {
    let mut changes = Vec::new();
    for (old, new) in before.competences.iter().zip(&after.competences) {
        competence_changes(model, old, new, &mut changes);
    }
    if before.assessor_id != after.assessor_id {
        changes.push(Change::Assessor {
            from: before.assessor_id.clone(),
            to: after.assessor_id.clone(),
        });
    }
    if before.path != after.path {
        changes.push(Change::Path {
            from: before.path.clone(),
            to: after.path.clone(),
        });
    }
    if !before.finalised && after.finalised {
        changes.push(Change::Finalised);
    }
    changes
}

/// The change set a command made: `before` moved to `after`, the revision bumped unless
/// every change commutes.
pub(in crate::domain) fn change_set(
    model: &Model,
    before: &AssessmentState,
    mut after: AssessmentState,
    notice: Option<String>,
) -> ChangeSet {
    let changes = diff(model, before, &after);
    let cs_commutes = changes.iter().all(Change::commutes);
    after.revision = if changes.is_empty() || cs_commutes {
        before.revision
    } else {
        before.revision + 1
    };
    ChangeSet {
        assessment_id: before.id.clone(),
        candidate_id: before.candidate_id.clone(),
        base_revision: before.revision,
        base_path: before.path.clone(),
        changes,
        state: after,
        notice,
        reason: None,
    }
}

fn competence_changes(
    model: &Model,
    old: &CompetenceState,
    new: &CompetenceState,
    out: &mut Vec<Change>,
) {
    let id = || new.competence_id.clone();
    let indicators = model
        .competence(&new.competence_id)
        .map(|c| c.indicators.as_slice())
        .unwrap_or_default();
    for (o, n) in old.portfolio.iter().zip(&new.portfolio) {
        if let Some(verdict) = n.verdict
            && (o.verdict != n.verdict || o.note != n.note)
        {
            out.push(Change::Verdict {
                competence: id(),
                criterion: n.criterion_id.clone(),
                verdict,
                note: n.note.clone(),
            });
        }
    }
    for (q, text) in &new.notes {
        if old.notes.get(q) != Some(text) {
            out.push(Change::Note {
                competence: id(),
                question: *q,
                text: text.clone(),
            });
        }
    }
    if new.seconds > old.seconds {
        out.push(Change::InterviewTime {
            competence: id(),
            seconds: new.seconds - old.seconds,
        });
    }
    for ((o, n), indicator) in old.ratings.iter().zip(&new.ratings).zip(indicators) {
        if let Some(rating) = n
            && o != n
        {
            out.push(Change::Rating {
                competence: id(),
                indicator: indicator.id.clone(),
                rating: *rating,
            });
        }
    }
    if old.level != new.level || old.complexity != new.complexity {
        out.push(Change::Score {
            competence: id(),
            level: new.level.clone(),
            complexity: new.complexity.clone(),
        });
    }
    if old.decision != new.decision || old.reasons != new.reasons {
        out.push(Change::Decision {
            competence: id(),
            decision: new.decision,
            reasons: new.reasons.clone(),
        });
    }
}
