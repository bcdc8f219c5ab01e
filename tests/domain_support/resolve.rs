//! Turns the abstract case of `generate` into facts and commands: the candidate into
//! `CandidateFacts` at the start date, each step into a `Command` against the current state.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use leverup::domain::assessment::AssessmentState;
use leverup::domain::command::Command;
use leverup::domain::decision;
use leverup::domain::model::Model;
use leverup::domain::path_rules::CandidateFacts;
use leverup::domain::portfolio::{self, EvidenceFacts};
use leverup::domain::process::{CandidatePath, PathStatus};
use leverup::domain::scales::{Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating};
use leverup::domain::scoring::Outcome;

use super::generate::{Act, CandidateGen, DateGen, Level, Pick, Text, TutorGen};
use super::{ASSESSOR, CRITERIA, PEOPLE, TUTOR};
use leverup::domain::people::Staff;

const WORDS: [&str; 4] = [
    "Coordinated 40 volunteers during the 2025 floods.",
    "Reference letter confirms the role; the rota is her own work.",
    "Chose a level above the ratings: the interview showed more.",
    "Planned the food drive and reviewed it with the team",
];

fn resolve_text(t: Text) -> String {
    match t {
        Text::Empty => String::new(),
        Text::Blank => "  \n ".to_string(),
        Text::Words(i) => WORDS[i as usize % WORDS.len()].to_string(),
    }
}

pub fn start_of(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 30, 0)
        .single()
        .expect("time")
        + Duration::days(i64::from(day))
}

pub fn resolve_candidate(model: &Model, g: &CandidateGen, today: NaiveDate) -> CandidateFacts {
    let cutoff = portfolio::years_before(today, model.portfolio_check.currency_years);
    let mut claimed = Vec::new();
    let mut evidence = Vec::new();
    for (i, m) in model.competences.iter().enumerate().take(3) {
        if !g.claimed[i] {
            continue;
        }
        claimed.push(m.id.clone());
        for item in &g.evidence[i] {
            let dated = match item.date {
                DateGen::Undated => None,
                DateGen::DaysAgo(d) => Some(today - Duration::days(i64::from(d))),
                DateGen::AroundCutoff(d) => Some(cutoff + Duration::days(i64::from(d))),
            };
            evidence.push((
                m.id.clone(),
                EvidenceFacts {
                    kind: item.kind.to_string(),
                    dated,
                },
            ));
        }
    }
    if g.unknown_claim {
        claimed.push("c99".to_string());
    }
    CandidateFacts {
        id: "cand-1".into(),
        consent: true,
        dossier_revision: 1,
        // The tutor handed the candidate to the centre's queue.
        request: Some(leverup::domain::dossier::Request {
            assessor_id: None,
            requested_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        }),
        tutor_id: match g.tutor {
            TutorGen::Other => Some(TUTOR.to_string()),
            TutorGen::None => None,
            TutorGen::IsAssessor => Some(ASSESSOR.0.to_string()),
        },
        path: CandidatePath {
            step: g.step,
            status: if g.stopped {
                PathStatus::Stopped {
                    reason: "moved abroad".into(),
                }
            } else {
                PathStatus::Active
            },
        },
        claimed,
        evidence,
        open_assessment: g.open,
    }
}

fn resolve_pick(model: &Model, state: &AssessmentState, p: Pick) -> String {
    match p {
        Pick::Claimed(i) if !state.competences.is_empty() => state.competences
            [i as usize % state.competences.len()]
        .competence_id
        .clone(),
        Pick::Claimed(i) | Pick::Any(i) => model
            .competences
            .get(i as usize)
            .map_or_else(|| "c99".to_string(), |c| c.id.clone()),
    }
}

pub fn resolve_command(
    model: &Model,
    state: &AssessmentState,
    act: &Act,
    today: NaiveDate,
) -> Command {
    let id = |p: Pick| resolve_pick(model, state, p);
    match *act {
        Act::Verdict {
            c,
            criterion,
            verdict,
            note,
        } => Command::Verdict {
            competence: id(c),
            criterion: CRITERIA
                .get(criterion)
                .copied()
                .unwrap_or("bogus")
                .to_string(),
            verdict,
            note: resolve_text(note),
        },
        Act::Note { c, question, text } => Command::Note {
            competence: id(c),
            question,
            text: resolve_text(text),
        },
        Act::Time { c, seconds } => Command::AddInterviewTime {
            competence: id(c),
            seconds,
        },
        Act::Rate {
            c,
            indicator,
            rating,
        } => Command::Rate {
            competence: id(c),
            indicator,
            rating,
        },
        Act::ChooseLevel {
            c,
            chosen,
            justification,
        } => {
            let competence = id(c);
            let suggested = state
                .competence(&competence)
                .and_then(|s| s.suggestion(model).outcome());
            Command::ChooseLevel {
                chosen: match chosen {
                    Level::Suggested => suggested.unwrap_or(Outcome::NotAssessable),
                    Level::Fixed(o) => o,
                },
                competence,
                justification: resolve_text(justification),
            }
        }
        Act::Complexity {
            c,
            dimension,
            value,
        } => Command::Complexity {
            competence: id(c),
            dimension,
            value,
        },
        Act::Decide { c, decision } => {
            let competence = id(c);
            let decision = decision.unwrap_or_else(|| {
                state
                    .competence(&competence)
                    .map_or(Decision::Pending, |s| {
                        decision::proposed(&s.facts(model, today, state.assessor_is_tutor()))
                    })
            });
            Command::Decide {
                competence,
                decision,
            }
        }
        Act::Reasons { c, text } => Command::Reasons {
            competence: id(c),
            text: resolve_text(text),
        },
        Act::Finalise => Command::Finalise,
        Act::Progress { c, r } => progress(model, state, &id(c), r, today),
        Act::Reassign { to, reason } => {
            let (to, to_name) = match to {
                Some(i) => PEOPLE[i as usize % PEOPLE.len()],
                None => PEOPLE
                    .iter()
                    .copied()
                    .find(|p| p.0 == state.assessor_id)
                    .unwrap_or(PEOPLE[0]),
            };
            Command::Reassign {
                to: Staff {
                    name: to_name.to_string(),
                    ..super::staff(to)
                },
                reason: resolve_text(reason),
            }
        }
    }
}

/// The next piece of work on `competence`, with values chosen by `r` (mostly favourable).
fn progress(
    model: &Model,
    state: &AssessmentState,
    competence: &str,
    r: u8,
    today: NaiveDate,
) -> Command {
    let Some(c) = state.competence(competence) else {
        return Command::Finalise;
    };
    let id = competence.to_string();
    if let Some(j) = c.portfolio.iter().find(|j| j.verdict.is_none()) {
        return Command::Verdict {
            competence: id,
            criterion: j.criterion_id.clone(),
            verdict: if r.is_multiple_of(5) {
                CriterionVerdict::PartlyMet
            } else {
                CriterionVerdict::Met
            },
            note: String::new(),
        };
    }
    if let Some(k) = c.ratings.iter().position(Option::is_none) {
        use IndicatorRating::*;
        let ratings = [
            Expert,
            Accomplished,
            Basic,
            Expert,
            Accomplished,
            Expert,
            NotApplicable,
        ];
        return Command::Rate {
            competence: id,
            indicator: k,
            rating: ratings[r as usize % ratings.len()],
        };
    }
    if c.level.is_none()
        && let Some(o) = c.suggestion(model).outcome()
    {
        return Command::ChooseLevel {
            competence: id,
            chosen: o,
            justification: String::new(),
        };
    }
    if !c.interviewed() {
        return Command::Note {
            competence: id,
            question: u32::from(r % 3),
            text: WORDS[r as usize % WORDS.len()].to_string(),
        };
    }
    let cx = &c.complexity;
    for (dimension, value) in [
        (Dimension::Context, cx.context),
        (Dimension::Task, cx.task),
        (Dimension::Autonomy, cx.autonomy),
    ] {
        if value.is_none() {
            return Command::Complexity {
                competence: id,
                dimension,
                value: Some(Complexity::ALL[r as usize % 4]),
            };
        }
    }
    if c.reasons.trim().is_empty() {
        return Command::Reasons {
            competence: id,
            text: WORDS[r as usize % WORDS.len()].to_string(),
        };
    }
    if c.decision == Decision::Pending {
        return Command::Decide {
            competence: id,
            decision: decision::proposed(&c.facts(model, today, state.assessor_is_tutor())),
        };
    }
    Command::Finalise
}
