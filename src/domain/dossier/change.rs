//! What a dossier command changed: the edits the store writes, part by part, and the
//! state after them with its next revision. Made only by `command::apply`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Consent, Dossier, Evidence, Goal, Profile, Referee, Request, Story};
use crate::domain::process::CandidatePath;
use crate::domain::self_assessment::Rate;

/// One changed part of the dossier, as the store writes it (`None`: removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DossierEdit {
    Profile(Profile),
    Consent(Option<Consent>),
    Tutor {
        from: Option<String>,
        to: Option<String>,
    },
    Claim {
        competence: String,
        claimed: bool,
    },
    Quick {
        competence: String,
        rate: Option<Rate>,
    },
    Detailed {
        competence: String,
        indicator: String,
        rate: Option<Rate>,
    },
    Referee {
        number: u32,
        referee: Option<Referee>,
    },
    Story {
        number: u32,
        story: Option<Story>,
    },
    Evidence {
        number: u32,
        evidence: Option<Evidence>,
    },
    Goal {
        number: u32,
        goal: Option<Goal>,
    },
    Request(Option<Request>),
    Path {
        from: CandidatePath,
        to: CandidatePath,
    },
}

/// What one command changed. Only `command::apply` makes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierChange {
    base_revision: i64,
    base_path: CandidatePath,
    edits: Vec<DossierEdit>,
    /// For each edit, the edit that would put its part back as it was (the old value).
    undo: Vec<DossierEdit>,
    pub(super) state: Dossier,
}

impl DossierChange {
    pub fn candidate_id(&self) -> &str {
        &self.state.candidate_id
    }

    pub fn base_revision(&self) -> i64 {
        self.base_revision
    }

    pub fn base_path(&self) -> &CandidatePath {
        &self.base_path
    }

    pub fn edits(&self) -> &[DossierEdit] {
        &self.edits
    }

    /// Each edit with the edit that would undo it: the part as it stood before the change
    /// (`None` inside: it did not exist), for the audit log's old value.
    pub fn edits_with_old(&self) -> impl Iterator<Item = (&DossierEdit, &DossierEdit)> {
        self.edits.iter().zip(&self.undo)
    }

    pub fn state(&self) -> &Dossier {
        &self.state
    }

    pub fn into_state(self) -> Dossier {
        self.state
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

/// The change that turns `before` into `after`, part by part.
pub(super) fn change(before: &Dossier, mut after: Dossier) -> DossierChange {
    let mut edits = Vec::new();
    if before.profile != after.profile {
        edits.push(DossierEdit::Profile(after.profile.clone()));
    }
    if before.consent != after.consent {
        edits.push(DossierEdit::Consent(after.consent.clone()));
    }
    if before.tutor_id != after.tutor_id {
        edits.push(DossierEdit::Tutor {
            from: before.tutor_id.clone(),
            to: after.tutor_id.clone(),
        });
    }
    for c in &after.claimed {
        if !before.claimed.contains(c) {
            edits.push(DossierEdit::Claim {
                competence: c.clone(),
                claimed: true,
            });
        }
    }
    for c in &before.claimed {
        if !after.claimed.contains(c) {
            edits.push(DossierEdit::Claim {
                competence: c.clone(),
                claimed: false,
            });
        }
    }
    for (c, rate) in diff_map(&before.quick, &after.quick) {
        edits.push(DossierEdit::Quick {
            competence: c,
            rate,
        });
    }
    for ((c, i), rate) in diff_map(&before.detailed, &after.detailed) {
        edits.push(DossierEdit::Detailed {
            competence: c,
            indicator: i,
            rate,
        });
    }
    for (number, referee) in diff_map(&before.referees, &after.referees) {
        edits.push(DossierEdit::Referee { number, referee });
    }
    for (number, story) in diff_map(&before.stories, &after.stories) {
        edits.push(DossierEdit::Story { number, story });
    }
    for (number, evidence) in diff_map(&before.evidence, &after.evidence) {
        edits.push(DossierEdit::Evidence { number, evidence });
    }
    for (number, goal) in diff_map(&before.plan, &after.plan) {
        edits.push(DossierEdit::Goal { number, goal });
    }
    if before.request != after.request {
        edits.push(DossierEdit::Request(after.request.clone()));
    }
    if before.path != after.path {
        edits.push(DossierEdit::Path {
            from: before.path.clone(),
            to: after.path.clone(),
        });
    }
    if !edits.is_empty() {
        after.revision = before.revision + 1;
    }
    let undo = edits.iter().map(|e| e.undo(before)).collect();
    DossierChange {
        base_revision: before.revision,
        base_path: before.path.clone(),
        edits,
        undo,
        state: after,
    }
}

impl DossierEdit {
    /// The edit that puts this edit's part back as it stands in `before`.
    fn undo(&self, before: &Dossier) -> DossierEdit {
        use DossierEdit as E;
        match self {
            E::Profile(_) => E::Profile(before.profile.clone()),
            E::Consent(_) => E::Consent(before.consent.clone()),
            E::Tutor { from, to } => E::Tutor {
                from: to.clone(),
                to: from.clone(),
            },
            E::Claim { competence, .. } => E::Claim {
                competence: competence.clone(),
                claimed: before.claimed.contains(competence),
            },
            E::Quick { competence, .. } => E::Quick {
                competence: competence.clone(),
                rate: before.quick.get(competence).copied(),
            },
            E::Detailed {
                competence,
                indicator,
                ..
            } => E::Detailed {
                competence: competence.clone(),
                indicator: indicator.clone(),
                rate: before
                    .detailed
                    .get(&(competence.clone(), indicator.clone()))
                    .copied(),
            },
            E::Referee { number, .. } => E::Referee {
                number: *number,
                referee: before.referees.get(number).cloned(),
            },
            E::Story { number, .. } => E::Story {
                number: *number,
                story: before.stories.get(number).cloned(),
            },
            E::Evidence { number, .. } => E::Evidence {
                number: *number,
                evidence: before.evidence.get(number).cloned(),
            },
            E::Goal { number, .. } => E::Goal {
                number: *number,
                goal: before.plan.get(number).cloned(),
            },
            E::Request(_) => E::Request(before.request.clone()),
            E::Path { from, to } => E::Path {
                from: to.clone(),
                to: from.clone(),
            },
        }
    }
}

/// Keys whose value changed, with the new value (`None`: removed).
fn diff_map<K: Ord + Clone, V: PartialEq + Clone>(
    before: &BTreeMap<K, V>,
    after: &BTreeMap<K, V>,
) -> Vec<(K, Option<V>)> {
    let mut out: Vec<(K, Option<V>)> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect();
    out.extend(
        before
            .keys()
            .filter(|k| !after.contains_key(*k))
            .map(|k| (k.clone(), None)),
    );
    out
}
