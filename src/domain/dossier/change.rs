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
    DossierChange {
        base_revision: before.revision,
        base_path: before.path.clone(),
        edits,
        state: after,
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
