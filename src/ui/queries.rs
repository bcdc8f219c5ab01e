//! The store reads the screens need, as display rows, and the set-up writes that are not
//! assessment work (the session, registering a candidate, the demo). The only UI file
//! besides `app.rs` that names the store. Must not touch the terminal.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::data::*;
use crate::domain::dossier::Dossier;
use crate::domain::dossier::command::{DossierCommand, apply_all};
use crate::domain::model::Model;
use crate::domain::people::Staff;
use crate::store::{
    CandidateFilter, CandidateKey, CandidateStatus, NewCandidate, PageAt, Role, Store,
};

/// The app_state key of the session (centre and person) chosen on first run.
const SESSION_KEY: &str = "ui.session";

pub type QResult<T> = Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn filter_of(q: &CandidateQuery) -> CandidateFilter {
    CandidateFilter {
        name: (!q.name.is_empty()).then(|| q.name.clone()),
        status: match q.status {
            StatusFilter::All => None,
            StatusFilter::Active => Some(CandidateStatus::Active),
            StatusFilter::InAssessment => Some(CandidateStatus::InAssessment),
            StatusFilter::Finalised => Some(CandidateStatus::Finalised),
            StatusFilter::Stopped => Some(CandidateStatus::Stopped),
        },
        tutor_id: q.tutor.clone(),
        ..CandidateFilter::default()
    }
}

fn status_of(s: CandidateStatus) -> StatusFilter {
    match s {
        CandidateStatus::Active => StatusFilter::Active,
        CandidateStatus::InAssessment => StatusFilter::InAssessment,
        CandidateStatus::Finalised => StatusFilter::Finalised,
        CandidateStatus::Stopped => StatusFilter::Stopped,
    }
}

/// The session recorded by an earlier run, if any.
pub fn session(store: &Store) -> QResult<Option<Session>> {
    let Some(raw) = store.get_state(SESSION_KEY).map_err(err)? else {
        return Ok(None);
    };
    let v: serde_json::Value = serde_json::from_str(&raw).map_err(err)?;
    let (Some(centre), Some(person)) = (v["centre"].as_str(), v["assessor"].as_str()) else {
        return Ok(None);
    };
    session_for(store, person, centre).map(Some)
}

fn session_for(store: &Store, person_id: &str, centre_id: &str) -> QResult<Session> {
    let centre_name = store
        .list_centres()
        .map_err(err)?
        .into_iter()
        .find(|c| c.id == centre_id)
        .map(|c| c.name)
        .unwrap_or_default();
    let roles = store.roles_of(person_id, centre_id).map_err(err)?;
    Ok(Session {
        centre_id: centre_id.to_string(),
        centre_name,
        assessor_id: person_id.to_string(),
        assessor_name: store.get_person(person_id).map_err(err)?.name,
        tutor: roles.contains(&Role::Tutor),
        assessor: roles.contains(&Role::Assessor),
    })
}

/// A centre's name, if the centre exists.
pub fn centre_name(store: &Store, centre_id: &str) -> Option<String> {
    store
        .list_centres()
        .ok()?
        .into_iter()
        .find(|c| c.id == centre_id)
        .map(|c| c.name)
}

fn remember(store: &mut Store, s: &Session) -> QResult<()> {
    let value = json!({ "centre": s.centre_id, "assessor": s.assessor_id }).to_string();
    store.set_state(SESSION_KEY, &value).map_err(err)
}

/// Tutors and assessors, each once, by name: the people who can say who they are.
fn workers(store: &Store) -> QResult<Vec<(crate::store::PersonRecord, String)>> {
    let mut all = store.people_with_centre(Role::Assessor).map_err(err)?;
    for (p, centre) in store.people_with_centre(Role::Tutor).map_err(err)? {
        if !all.iter().any(|(q, _)| q.id == p.id) {
            all.push((p, centre));
        }
    }
    all.sort_by(|a, b| (a.0.name.to_lowercase(), &a.0.id).cmp(&(b.0.name.to_lowercase(), &b.0.id)));
    Ok(all)
}

/// The tutors and assessors, who can say who they are: (person id, name, centre).
pub fn people(store: &Store) -> QResult<Vec<(String, String, String)>> {
    Ok(workers(store)?
        .into_iter()
        .map(|(p, centre)| (p.id, p.name, centre))
        .collect())
}

/// The assessors of `centre_id`, to hand a candidate to, with their roles there.
pub fn assessors(store: &Store, centre_id: &str) -> QResult<Vec<Staff>> {
    store
        .people_with_role(centre_id, Role::Assessor)
        .map_err(err)?
        .into_iter()
        .map(|p| staff(store, centre_id, p.id, p.name))
        .collect()
}

/// A person as the domain sees them at the centre: with the roles the store holds.
pub fn staff(store: &Store, centre_id: &str, id: String, name: String) -> QResult<Staff> {
    let roles = store.roles_of(&id, centre_id).map_err(err)?;
    Ok(Staff {
        id,
        name,
        assessor: roles.contains(&Role::Assessor),
        tutor: roles.contains(&Role::Tutor),
    })
}

/// The tutors of `centre_id`, to hand a candidate to, with their roles there.
pub fn tutors(store: &Store, centre_id: &str) -> QResult<Vec<Staff>> {
    store
        .people_with_role(centre_id, Role::Tutor)
        .map_err(err)?
        .into_iter()
        .map(|p| staff(store, centre_id, p.id, p.name))
        .collect()
}

/// `--as PERSON`: a tutor's or assessor's id, e-mail or exact name (case-insensitive).
/// Unknown or ambiguous names are refused with the names that exist.
pub fn resolve_person(store: &Store, query: &str) -> QResult<Session> {
    let q = query.trim();
    let all = workers(store)?;
    let found: Vec<_> = all
        .iter()
        .filter(|(p, _)| {
            p.id == q
                || p.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(q))
                || p.name.eq_ignore_ascii_case(q)
        })
        .collect();
    match found.as_slice() {
        // Not remembered: `--as` is for this run; a plain `leverup` opens as before.
        [(p, centre)] => session_for(store, &p.id, centre),
        [] => {
            let names: Vec<&str> = all.iter().map(|(p, _)| p.name.as_str()).take(10).collect();
            Err(if names.is_empty() {
                format!(
                    "--as {q:?}: this database has no people yet; run leverup without --as first"
                )
            } else {
                format!(
                    "--as {q:?}: nobody with that id, e-mail or name. Tutors and assessors: {}",
                    names.join(", ")
                )
            })
        }
        many => Err(format!(
            "--as {q:?}: {} people have that name; use the id or e-mail instead",
            many.len()
        )),
    }
}

/// Chooses an existing person as the one working.
pub fn pick(store: &mut Store, person_id: &str, centre_id: &str) -> QResult<Session> {
    let s = session_for(store, person_id, centre_id)?;
    remember(store, &s)?;
    Ok(s)
}

/// First run as an assessor (see [`first_run_as`]).
pub fn first_run(
    store: &mut Store,
    centre: &str,
    person: &str,
    now: DateTime<Utc>,
) -> QResult<Session> {
    first_run_as(store, centre, person, &[Role::Assessor], now)
}

/// First run: the centre (reused by name when it exists, e.g. after `leverup demo`) and the
/// person (reused by exact name rather than duplicated), recorded there in `roles`.
pub fn first_run_as(
    store: &mut Store,
    centre: &str,
    person: &str,
    roles: &[Role],
    now: DateTime<Utc>,
) -> QResult<Session> {
    let existing = store
        .list_centres()
        .map_err(err)?
        .into_iter()
        .find(|c| c.name.eq_ignore_ascii_case(centre));
    let centre_id = match existing {
        Some(c) => c.id,
        None => store.create_centre(centre, person, now).map_err(err)?,
    };
    let known = workers(store)?
        .into_iter()
        .find(|(p, _)| p.name.eq_ignore_ascii_case(person))
        .map(|(p, _)| p.id);
    let person_id = match known {
        Some(id) => id,
        None => store
            .create_person(person, None, person, now)
            .map_err(err)?,
    };
    for role in roles {
        store
            .add_role(&person_id, &centre_id, *role, &person_id, now)
            .map_err(err)?;
    }
    pick(store, &person_id, &centre_id)
}

/// Whether the demo may be loaded: no real candidates here. A database that cannot be
/// read is not offered the demo.
pub fn demo_allowed(store: &Store) -> bool {
    store.holds_real_data().is_ok_and(|real| !real)
}

/// How far a filtered list is counted: past this many matches the title says "1000+"
/// rather than testing every one of 100,000 rows on each keystroke.
pub const COUNT_CAP: usize = 1000;

/// How many candidates the list holds: `(count, exact)`. The whole list is counted exactly
/// (one walk of an index, a few milliseconds at 100,000); a filtered one stops at
/// [`COUNT_CAP`] unless `exact` is asked for (the cursor is going past the cap).
pub fn count_candidates(store: &Store, q: &CandidateQuery, exact: bool) -> QResult<(usize, bool)> {
    let f = filter_of(q);
    if exact || f == CandidateFilter::default() {
        let n = store.count_candidates(&f).map_err(err)?;
        return Ok((n as usize, true));
    }
    let cap = COUNT_CAP as u64;
    let n = store.count_candidates_up_to(&f, cap + 1).map_err(err)?;
    Ok(if n > cap {
        (COUNT_CAP, false)
    } else {
        (n as usize, true)
    })
}

/// Which page of the list to read, relative to a row already on screen.
#[derive(Debug, Clone, Copy)]
pub enum ListAt<'a> {
    First,
    Last,
    After(&'a CandidateRowVm),
    Before(&'a CandidateRowVm),
    /// This row and the ones after it (the page re-read in place).
    From(&'a CandidateRowVm),
}

/// One page only, read by key: the list never loads every row, and a page at the end costs
/// what one at the top does.
pub fn candidate_page(
    store: &Store,
    q: &CandidateQuery,
    at: ListAt<'_>,
    limit: usize,
) -> QResult<Vec<CandidateRowVm>> {
    let key = |r: &CandidateRowVm| CandidateKey {
        last_activity_at: r.last_activity,
        id: r.id.clone(),
    };
    let at = match at {
        ListAt::First => PageAt::First,
        ListAt::Last => PageAt::Last,
        ListAt::After(r) => PageAt::After(key(r)),
        ListAt::Before(r) => PageAt::Before(key(r)),
        ListAt::From(r) => PageAt::From(key(r)),
    };
    let limit = u32::try_from(limit).unwrap_or(u32::MAX);
    let rows = store
        .candidate_page(&filter_of(q), &at, limit)
        .map_err(err)?;
    Ok(rows
        .into_iter()
        .map(|r| CandidateRowVm {
            id: r.id,
            name: r.name,
            step: r.state,
            status: status_of(r.status),
            last_activity: r.last_activity_at,
        })
        .collect())
}

/// What registering a candidate records in their dossier: the consent, then the claims.
pub fn registration(consent_on: NaiveDate, claimed: &[String]) -> Vec<DossierCommand> {
    std::iter::once(DossierCommand::RecordConsent {
        given_on: consent_on,
    })
    .chain(claimed.iter().map(|c| DossierCommand::Claim {
        competence: c.clone(),
    }))
    .collect()
}

/// Registers a candidate at the session's centre (a tutor registering one becomes their
/// tutor). `first` is what the rules decided for their new dossier (`registration`),
/// committed right after the candidate row.
pub fn create_candidate(
    store: &mut Store,
    model: &Model,
    session: &Session,
    name: &str,
    first: &[DossierCommand],
    now: DateTime<Utc>,
) -> QResult<String> {
    let actor = session.assessor_id.as_str();
    // What the rules decide for a new candidate's dossier, committed with the row.
    let blank = Dossier::new("", &session.centre_id, name);
    let first = apply_all(&blank, first, model, actor, now.date_naive()).map_err(err)?;
    let new = NewCandidate {
        name: name.to_string(),
        email: None,
        centre_id: session.centre_id.clone(),
        tutor_id: session.tutor.then(|| session.assessor_id.clone()),
    };
    let id = store
        .register_candidate(&new, &first, actor, now)
        .map_err(err)?;
    Ok(id)
}

/// The candidate's file. Claims come in model order (unknown ones last), the order the
/// assessment screens use, so a row on the overview is the competence it opens.
pub fn candidate(store: &Store, model: &Model, id: &str) -> QResult<CandidateVm> {
    let c = store.get_candidate(id).map_err(err)?;
    let tutor_name = match &c.tutor_id {
        Some(t) => Some(store.get_person(t).map_err(err)?.name),
        None => None,
    };
    let evidence = store
        .list_evidence(id)
        .map_err(err)?
        .into_iter()
        .map(|e| EvidenceVm {
            competence_id: e.competence_id,
            title: e.title,
            kind: e.kind,
            dated: e.dated,
        })
        .collect();
    let latest = store.assessments_for(id).map_err(err)?.into_iter().next();
    let facts = store.candidate_facts(id).map_err(err)?;
    // Before an assessment starts, the tutor's request says who is to assess.
    let assessor_name = match (&latest, &facts.request) {
        (Some(a), _) => Some(store.get_person(&a.assessor_id).map_err(err)?.name),
        (None, Some(r)) => Some(match &r.assessor_id {
            Some(p) => format!("requested: {}", store.get_person(p).map_err(err)?.name),
            None => "requested: any (queue)".to_string(),
        }),
        (None, None) => None,
    };
    Ok(CandidateVm {
        id: c.id,
        name: c.name,
        tutor_id: c.tutor_id,
        tutor_name,
        step: c.state,
        stopped: c.exit_outcome,
        path: facts.path,
        claimed: {
            let mut claimed = store.claimed_competences(id).map_err(err)?;
            claimed.sort_by_key(|c| {
                model
                    .competences
                    .iter()
                    .position(|m| &m.id == c)
                    .unwrap_or(usize::MAX)
            });
            claimed
        },
        evidence,
        assessment_id: latest.map(|a| a.id),
        assessor_name,
    })
}
