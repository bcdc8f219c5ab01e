//! Reading a candidate's dossier (the tutor's side, migration 0012) into the domain's
//! `Dossier`, and the codes its parts are stored under. Writing is `dossier_commit`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::commit::read_path;
use super::{Result, Store, StoreError, require};
use crate::domain::dossier::{
    Consent, Dossier, Evidence, FileRef, Goal, GoalSource, PathGoal, Profile, Referee, Request,
    Story,
};
use crate::domain::self_assessment::Rate;

/// A rating as stored: `1`..`4`, or `n/a`.
pub(crate) fn rate_code(rate: Rate) -> &'static str {
    match rate {
        Rate::VeryPoor => "1",
        Rate::Poor => "2",
        Rate::Fair => "3",
        Rate::Good => "4",
        Rate::NotApplicable => "n/a",
    }
}

fn rate_from(code: &str) -> Option<Rate> {
    match code {
        "n/a" => Some(Rate::NotApplicable),
        n => n.parse().ok().and_then(Rate::from_number),
    }
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn bad(column: &'static str, value: &str) -> StoreError {
    super::bad(0, column, value.to_string()).into()
}

fn parse_day(column: &'static str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad(column, s))
}

fn rate(column: &'static str, s: &str) -> Result<Rate> {
    rate_from(s).ok_or_else(|| bad(column, s))
}

impl Store {
    /// The candidate's dossier as it stands.
    pub fn load_dossier(&self, candidate_id: &str) -> Result<Dossier> {
        load(&self.conn, candidate_id)
    }
}

pub(crate) fn load(c: &Connection, id: &str) -> Result<Dossier> {
    require(c, "candidates", "candidate", id)?;
    let (name, email, centre, tutor, revision): (String, Option<String>, String, Option<String>, i64) =
        c.prepare_cached(
            "SELECT name, email, centre_id, tutor_id, dossier_revision FROM candidates WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    let mut d = Dossier::new(id, &centre, &name);
    d.revision = revision;
    d.tutor_id = tutor;
    d.path = read_path(c, id)?;
    d.assessor_id = c
        .prepare_cached(
            "SELECT assessor_id FROM assessments WHERE candidate_id = ?1 AND finalised_at IS NULL",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    type ProfileRow = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let profile: Option<ProfileRow> = c
        .prepare_cached(
            "SELECT language, goal, consent_on, consent_by, requested_on, requested_assessor
             FROM candidate_profiles WHERE candidate_id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let (language, goal, consent_on, consent_by, requested_on, requested_assessor) =
        profile.unwrap_or_default();
    d.profile = Profile {
        name,
        email,
        language,
        goal: goal.as_deref().map(PathGoal::from_code),
    };
    if let (Some(on), Some(by)) = (consent_on, consent_by) {
        d.consent = Some(Consent {
            given_on: parse_day("candidate_profiles.consent_on", &on)?,
            recorded_by: by,
        });
    }
    d.request = request_of(requested_on, requested_assessor)?;
    d.claimed = strings(
        c,
        "SELECT competence_id FROM claimed_competences WHERE candidate_id = ?1
         ORDER BY claimed_at, competence_id",
        id,
    )?;
    for (competence, code) in pairs(
        c,
        "SELECT competence_id, rating FROM self_assessments
         WHERE candidate_id = ?1 AND mode = 'quick'",
        id,
    )? {
        d.quick
            .insert(competence, rate("self_assessments.rating", &code)?);
    }
    let mut stmt = c.prepare_cached(
        "SELECT competence_id, indicator_id, rating FROM self_ratings WHERE candidate_id = ?1",
    )?;
    let rows = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<(String, String, String)>>>()?;
    for (competence, indicator, code) in rows {
        d.detailed
            .insert((competence, indicator), rate("self_ratings.rating", &code)?);
    }
    d.referees = referees(c, id)?;
    d.stories = stories(c, id)?;
    d.evidence = evidence(c, id)?;
    d.plan = goals(c, id)?;
    Ok(d)
}

fn request_of(on: Option<String>, assessor_id: Option<String>) -> Result<Option<Request>> {
    on.map(|on| {
        Ok(Request {
            assessor_id,
            requested_on: parse_day("candidate_profiles.requested_on", &on)?,
        })
    })
    .transpose()
}

/// Whether the candidate's consent is recorded, and the tutor's request if made: what the
/// path rules need of the profile (`CandidateFacts`).
pub(crate) fn consent_and_request(c: &Connection, id: &str) -> Result<(bool, Option<Request>)> {
    let row: Option<(bool, Option<String>, Option<String>)> = c
        .prepare_cached(
            "SELECT consent_on IS NOT NULL, requested_on, requested_assessor
             FROM candidate_profiles WHERE candidate_id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((consent, on, assessor)) = row else {
        return Ok((false, None));
    };
    Ok((consent, request_of(on, assessor)?))
}

fn strings(c: &Connection, sql: &str, id: &str) -> Result<Vec<String>> {
    Ok(c.prepare_cached(sql)?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn pairs(c: &Connection, sql: &str, id: &str) -> Result<Vec<(String, String)>> {
    Ok(c.prepare_cached(sql)?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// `(number, competence)` rows of a table that tags numbered records with competences.
fn tags(c: &Connection, table: &str, id: &str) -> Result<BTreeMap<u32, Vec<String>>> {
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let sql = format!(
        "SELECT number, competence_id FROM {table} WHERE candidate_id = ?1
         ORDER BY number, competence_id"
    );
    for (n, competence) in c
        .prepare_cached(&sql)?
        .query_map([id], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
    {
        out.entry(n).or_default().push(competence);
    }
    Ok(out)
}

fn referees(c: &Connection, id: &str) -> Result<BTreeMap<u32, Referee>> {
    let mut ratings: BTreeMap<u32, BTreeMap<String, Rate>> = BTreeMap::new();
    let rows = c
        .prepare_cached(
            "SELECT number, competence_id, rating FROM referee_ratings WHERE candidate_id = ?1",
        )?
        .query_map([id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (n, competence, code) in rows {
        ratings
            .entry(n)
            .or_default()
            .insert(competence, rate("referee_ratings.rating", &code)?);
    }
    let rows = c
        .prepare_cached(
            "SELECT number, name, relation, contact, rated_on FROM referees
             WHERE candidate_id = ?1",
        )?
        .query_map([id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = BTreeMap::new();
    for (n, name, relation, contact, on) in rows {
        out.insert(
            n,
            Referee {
                name,
                relation,
                contact,
                rated_on: parse_day("referees.rated_on", &on)?,
                ratings: ratings.remove(&n).unwrap_or_default(),
            },
        );
    }
    Ok(out)
}

fn stories(c: &Connection, id: &str) -> Result<BTreeMap<u32, Story>> {
    let mut tagged = tags(c, "story_competences", id)?;
    let rows = c
        .prepare_cached(
            "SELECT number, title, situation, task, activities, result, reflection, transfer,
                    counter_example
             FROM starrtt_stories WHERE candidate_id = ?1",
        )?
        .query_map([id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                Story {
                    title: r.get(1)?,
                    competences: Vec::new(),
                    situation: r.get(2)?,
                    task: r.get(3)?,
                    activities: r.get(4)?,
                    result: r.get(5)?,
                    reflection: r.get(6)?,
                    transfer: r.get(7)?,
                    counter_example: r.get(8)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(n, mut s)| {
            s.competences = tagged.remove(&n).unwrap_or_default();
            (n, s)
        })
        .collect())
}

fn evidence(c: &Connection, id: &str) -> Result<BTreeMap<u32, Evidence>> {
    let mut tagged = tags(c, "evidence_competences", id)?;
    type Row = (
        u32,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let rows = c
        .prepare_cached(
            "SELECT number, title, kind, dated, description, file_path, file_size, file_sha256,
                    witness
             FROM evidence_register WHERE candidate_id = ?1",
        )?
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<Row>>>()?;
    let mut out = BTreeMap::new();
    for (n, title, kind, dated, description, path, size, sha256, witness) in rows {
        let file = match (path, sha256) {
            (Some(path), Some(sha256)) => Some(FileRef {
                path,
                size: size.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
                sha256,
            }),
            _ => None,
        };
        out.insert(
            n,
            Evidence {
                title,
                kind,
                dated: dated
                    .map(|d| parse_day("evidence_register.dated", &d))
                    .transpose()?,
                description,
                competences: tagged.remove(&n).unwrap_or_default(),
                file,
                witness,
            },
        );
    }
    Ok(out)
}

fn goals(c: &Connection, id: &str) -> Result<BTreeMap<u32, Goal>> {
    let rows = c
        .prepare_cached(
            "SELECT number, competence_id, goal, actions, review_on, source
             FROM development_goals WHERE candidate_id = ?1",
        )?
        .query_map([id], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = BTreeMap::new();
    for (n, competence, goal, actions, review_on, source) in rows {
        out.insert(
            n,
            Goal {
                competence,
                goal,
                actions,
                review_on: parse_day("development_goals.review_on", &review_on)?,
                source: GoalSource::from_code(&source)
                    .ok_or_else(|| bad("development_goals.source", &source))?,
            },
        );
    }
    Ok(out)
}
