//! Commands on a candidate's dossier (the tutor's side), applied purely: the new dossier
//! and what changed, or the rule that refused it. The store commits the change against the
//! revision it was decided on.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::change::change;
pub use super::change::{DossierChange, DossierEdit};
use super::fields;
use super::{Consent, Dossier, Evidence, Goal, Profile, Referee, Request, Story};
use crate::domain::error::DomainError;
use crate::domain::model::Model;
use crate::domain::people::Staff;
use crate::domain::process::{PathStatus, Step};
use crate::domain::self_assessment::Rate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierCommand {
    SetProfile(Profile),
    RecordConsent {
        given_on: NaiveDate,
    },
    /// Take the candidate on, or hand them to another of the centre's tutors.
    AssignTutor {
        tutor: Staff,
    },
    Claim {
        competence: String,
    },
    Withdraw {
        competence: String,
    },
    QuickRate {
        competence: String,
        rate: Rate,
    },
    DetailRate {
        competence: String,
        indicator: String,
        rate: Rate,
    },
    /// `number` None adds a referee.
    SaveReferee {
        number: Option<u32>,
        referee: Referee,
    },
    RemoveReferee {
        number: u32,
    },
    SaveStory {
        number: Option<u32>,
        story: Story,
    },
    RemoveStory {
        number: u32,
    },
    SaveEvidence {
        number: Option<u32>,
        evidence: Evidence,
    },
    RemoveEvidence {
        number: u32,
    },
    /// Hand the candidate to an assessor of the centre, or (None) to the centre's queue.
    RequestAssessment {
        assessor: Option<Staff>,
    },
    WithdrawRequest,
    SaveGoal {
        number: Option<u32>,
        goal: Goal,
    },
    RemoveGoal {
        number: u32,
    },
    /// Looking ahead is done: the plan is made.
    FinishPlan,
}

fn illegal(why: impl Into<String>) -> DomainError {
    DomainError::IllegalMove(why.into())
}

/// The steps in which the tutor builds the portfolio with the candidate.
const PORTFOLIO_STEPS: [Step; 3] = [Step::Awareness, Step::Identification, Step::Documentation];
/// The steps in which the development plan is made.
const PLAN_STEPS: [Step; 2] = [Step::Certification, Step::LookingAhead];

/// Whether `actor` may change the dossier at all, and why not: the check every command
/// makes first, for anyone who must say beforehand whether a key will work.
pub fn may_change(d: &Dossier, actor: &str) -> Result<(), DomainError> {
    if let PathStatus::Stopped { .. } = d.path.status {
        return Err(DomainError::PathStopped(d.path.step.label()));
    }
    // The tutor's dossier is the tutor's: an assessor (or another tutor) reads it. A
    // candidate without a tutor is taken on by whoever assigns themselves first.
    if let Some(tutor) = &d.tutor_id
        && tutor != actor
    {
        return Err(illegal(
            "only the candidate's tutor changes the dossier (and hands it to another tutor)",
        ));
    }
    Ok(())
}

/// Whether `actor` may hand the candidate to a tutor now (to whom is `AssignTutor`'s to
/// check): the candidate's tutor (or anyone, while there is none), before the assessment.
pub fn may_hand_over(d: &Dossier, actor: &str) -> Result<(), DomainError> {
    may_change(d, actor)?;
    tutor_changeable(d)
}

/// Whether `actor` may add to the portfolio now (an evidence item, a claim, a story): the
/// checks `SaveEvidence` makes before it looks at the item itself.
pub fn may_add_evidence(d: &Dossier, actor: &str) -> Result<(), DomainError> {
    may_change(d, actor)?;
    portfolio_open(d)
}

/// Whether `person` may take the candidate on as their tutor now: the checks
/// `AssignTutor` makes about who and when (the assessor named is checked on the command).
pub fn may_take_on(d: &Dossier, person: &Staff) -> Result<(), DomainError> {
    may_hand_over(d, &person.id)?;
    person.must_tutor()
}

/// The tutor is named by the assessment: changed before it starts, or not at all.
fn tutor_changeable(d: &Dossier) -> Result<(), DomainError> {
    if signed_off(d) || d.path.step == Step::Assessment {
        return Err(illegal(
            "the assessment names the candidate's tutor; the tutor changes before it \
             starts or not at all",
        ));
    }
    Ok(())
}

/// Applies `cmd` by `actor` on `today`.
pub fn apply(
    d: &Dossier,
    cmd: &DossierCommand,
    model: &Model,
    actor: &str,
    today: NaiveDate,
) -> Result<DossierChange, DomainError> {
    may_change(d, actor)?;
    let mut n = d.clone();
    use DossierCommand as C;
    match cmd {
        C::SetProfile(p) => {
            // The signed-off assessment sealed the candidate's name as it stood.
            if p.name.trim() != d.profile.name && signed_off(d) {
                return Err(illegal(
                    "the name was sealed with the signed-off assessment; a correction is a \
                     reissue of the certificate",
                ));
            }
            n.profile = Profile {
                name: fields::required("name", &p.name)?,
                email: fields::email(p.email.as_deref().unwrap_or(""))?,
                language: fields::language(p.language.as_deref().unwrap_or(""))?,
                goal: p.goal.clone(),
            };
        }
        C::RecordConsent { given_on } => {
            if *given_on > today {
                return Err(DomainError::Field {
                    field: "consent date",
                    reason: format!("{given_on} is in the future"),
                });
            }
            n.consent = Some(Consent {
                given_on: *given_on,
                recorded_by: actor.to_string(),
            });
        }
        C::AssignTutor { tutor } => {
            tutor.must_tutor()?;
            let tutor_id = &tutor.id;
            let assessor = d
                .assessor_id
                .as_deref()
                .or(d.request.as_ref().and_then(|r| r.assessor_id.as_deref()));
            if assessor == Some(tutor_id.as_str()) {
                return Err(DomainError::AssessorIsTutor);
            }
            tutor_changeable(d)?;
            n.tutor_id = Some(tutor_id.clone());
        }
        C::Claim { competence } => {
            portfolio_open(d)?;
            known(model, competence)?;
            if !n.claimed.contains(competence) {
                n.claimed.push(competence.clone());
            }
        }
        C::Withdraw { competence } => {
            portfolio_open(d)?;
            let items = d.evidence_for(competence).count();
            if items > 0 {
                let what = if items == 1 {
                    "1 evidence item still supports".to_string()
                } else {
                    format!("{items} evidence items still support")
                };
                return Err(illegal(format!(
                    "{what} {competence}; remove or re-tag them first"
                )));
            }
            n.claimed.retain(|c| c != competence);
        }
        C::QuickRate { competence, rate } => {
            portfolio_open(d)?;
            known(model, competence)?;
            n.quick.insert(competence.clone(), *rate);
        }
        C::DetailRate {
            competence,
            indicator,
            rate,
        } => {
            portfolio_open(d)?;
            let c = known(model, competence)?;
            if !c.indicators.iter().any(|i| &i.id == indicator) {
                return Err(DomainError::Invalid(format!(
                    "{competence} has no indicator {indicator}"
                )));
            }
            n.detailed
                .insert((competence.clone(), indicator.clone()), *rate);
        }
        C::SaveReferee { number, referee } => {
            portfolio_open(d)?;
            let r = Referee {
                name: fields::required("name", &referee.name)?,
                relation: fields::required("relation", &referee.relation)?,
                contact: referee.contact.trim().to_string(),
                rated_on: not_future("date", referee.rated_on, today)?,
                ratings: referee.ratings.clone(),
            };
            for c in r.ratings.keys() {
                known(model, c)?;
            }
            save(&mut n.referees, *number, r)?;
        }
        C::RemoveReferee { number } => {
            portfolio_open(d)?;
            remove(&mut n.referees, *number, "referee")?;
        }
        C::SaveStory { number, story } => {
            portfolio_open(d)?;
            let mut s = story.clone();
            s.title = fields::required("title", &s.title)?;
            tagged(model, &s.competences)?;
            save(&mut n.stories, *number, s)?;
        }
        C::RemoveStory { number } => {
            portfolio_open(d)?;
            remove(&mut n.stories, *number, "story")?;
        }
        C::SaveEvidence { number, evidence } => {
            portfolio_open(d)?;
            let mut e = evidence.clone();
            e.title = fields::required("title", &e.title)?;
            e.kind = fields::required("kind", &e.kind)?;
            if let Some(date) = e.dated {
                not_future("date", date, today)?;
            }
            e.witness = e.witness.as_deref().and_then(fields::optional);
            tagged(model, &e.competences)?;
            let unclaimed: Vec<&str> = e
                .competences
                .iter()
                .filter(|c| !d.claimed.contains(c))
                .map(String::as_str)
                .collect();
            if !unclaimed.is_empty() {
                return Err(DomainError::Field {
                    field: "competences",
                    reason: format!(
                        "{} not claimed; evidence supports claimed competences",
                        unclaimed.join(", ")
                    ),
                });
            }
            save(&mut n.evidence, *number, e)?;
        }
        C::RemoveEvidence { number } => {
            portfolio_open(d)?;
            remove(&mut n.evidence, *number, "evidence item")?;
        }
        C::RequestAssessment { assessor } => request(d, &mut n, assessor.as_ref(), today)?,
        C::WithdrawRequest => {
            if d.request.is_none() {
                return Err(illegal("no assessment was requested"));
            }
            if d.path.step != Step::Documentation {
                return Err(illegal(
                    "the assessment has started; it cannot be withdrawn",
                ));
            }
            n.request = None;
        }
        C::SaveGoal { number, goal } => {
            plan_open(d)?;
            let g = Goal {
                competence: goal.competence.clone(),
                goal: fields::required("goal", &goal.goal)?,
                actions: fields::required("actions", &goal.actions)?,
                review_on: goal.review_on,
                source: goal.source,
            };
            if g.review_on < today {
                return Err(DomainError::Field {
                    field: "review date",
                    reason: format!("{} is already past", g.review_on),
                });
            }
            if let Some(c) = &g.competence {
                known(model, c)?;
            }
            save(&mut n.plan, *number, g)?;
        }
        C::RemoveGoal { number } => {
            plan_open(d)?;
            remove(&mut n.plan, *number, "goal")?;
        }
        C::FinishPlan => {
            if d.path.step != Step::LookingAhead {
                return Err(illegal("the plan is finished at Looking ahead"));
            }
            if d.plan.is_empty() {
                return Err(illegal(
                    "add at least one goal to the development plan first",
                ));
            }
            n.path.status = PathStatus::Completed;
        }
    }
    Ok(change(d, n))
}

fn request(
    d: &Dossier,
    n: &mut Dossier,
    assessor: Option<&Staff>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if let Some(a) = assessor {
        a.must_assess()?;
    }
    let assessor_id = assessor.map(|a| a.id.clone());
    let refuse = |why: String| Err(DomainError::CannotStart(why));
    if d.path.step != Step::Documentation {
        return refuse(format!(
            "an assessment is requested at Documentation; the candidate is at {}",
            d.path.step.label()
        ));
    }
    if d.consent.is_none() {
        return refuse("the candidate's consent is not recorded".into());
    }
    if d.claimed.is_empty() {
        return refuse("no competence is claimed".into());
    }
    let undocumented: Vec<&str> = d
        .claimed
        .iter()
        .filter(|c| d.evidence_for(c).next().is_none())
        .map(String::as_str)
        .collect();
    if !undocumented.is_empty() {
        return refuse(format!(
            "no evidence for {}; add at least one item per claimed competence",
            undocumented.join(", ")
        ));
    }
    if assessor_id.is_some() && assessor_id == d.tutor_id {
        return Err(DomainError::AssessorIsTutor);
    }
    n.request = Some(Request {
        assessor_id,
        requested_on: today,
    });
    Ok(())
}

/// An assessment of this candidate was signed off (its seal names them and their tutor).
fn signed_off(d: &Dossier) -> bool {
    matches!(d.path.step, Step::Certification | Step::LookingAhead)
}

fn portfolio_open(d: &Dossier) -> Result<(), DomainError> {
    if !PORTFOLIO_STEPS.contains(&d.path.step) {
        return Err(illegal(format!(
            "the portfolio is closed at {}: the assessment judged it as it stood",
            d.path.step.label()
        )));
    }
    if d.request.is_some() {
        return Err(illegal(
            "an assessment was requested; withdraw the request to change the portfolio",
        ));
    }
    if d.consent.is_none() {
        return Err(illegal(
            "record the candidate's consent to the processing of their data first",
        ));
    }
    Ok(())
}

fn plan_open(d: &Dossier) -> Result<(), DomainError> {
    if !PLAN_STEPS.contains(&d.path.step) {
        return Err(illegal(format!(
            "the development plan is made after the assessment; the candidate is at {}",
            d.path.step.label()
        )));
    }
    if d.path.status == PathStatus::Completed {
        return Err(DomainError::PathComplete);
    }
    Ok(())
}

fn known<'m>(
    model: &'m Model,
    competence: &str,
) -> Result<&'m crate::domain::model::Competence, DomainError> {
    model
        .competences
        .iter()
        .find(|c| c.id == competence)
        .ok_or_else(|| DomainError::Invalid(format!("the model has no competence {competence}")))
}

fn tagged(model: &Model, competences: &[String]) -> Result<(), DomainError> {
    if competences.is_empty() {
        return Err(DomainError::Field {
            field: "competences",
            reason: "name at least one competence".into(),
        });
    }
    for c in competences {
        known(model, c)?;
    }
    Ok(())
}

fn not_future(
    field: &'static str,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, DomainError> {
    if date > today {
        return Err(DomainError::Field {
            field,
            reason: format!("{date} is in the future"),
        });
    }
    Ok(date)
}

fn save<T>(
    records: &mut BTreeMap<u32, T>,
    number: Option<u32>,
    value: T,
) -> Result<(), DomainError> {
    let n = match number {
        None => Dossier::next_number(records),
        Some(n) if records.contains_key(&n) => n,
        Some(n) => return Err(DomainError::Invalid(format!("there is no record {n}"))),
    };
    records.insert(n, value);
    Ok(())
}

fn remove<T>(records: &mut BTreeMap<u32, T>, number: u32, what: &str) -> Result<(), DomainError> {
    records
        .remove(&number)
        .map(|_| ())
        .ok_or_else(|| DomainError::Invalid(format!("there is no {what} {number}")))
}

/// Applies `cmds` one after the other as one change (registration: consent and claims
/// together); refused as a whole when any one is.
pub fn apply_all(
    d: &Dossier,
    cmds: &[DossierCommand],
    model: &Model,
    actor: &str,
    today: NaiveDate,
) -> Result<DossierChange, DomainError> {
    let mut now = d.clone();
    for cmd in cmds {
        now = apply(&now, cmd, model, actor, today)?.state;
    }
    // Intermediate revisions are not revisions: one commit is one step.
    now.revision = d.revision;
    Ok(change(d, now))
}
