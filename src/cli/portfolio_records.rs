//! The tutor's records in the portfolio summary, from the candidate's dossier: STARRTT
//! stories, the referees' 360° ratings and the development plan, each a section of
//! labelled fields in reading order (empty parts left out).

use crate::domain::dossier::{Dossier, GoalSource};
use crate::domain::model::Model;
use crate::domain::self_assessment::Rate;
use crate::export::portfolio::RecordSection;

/// The three sections, in the order the summary prints them.
pub fn record_sections(model: &Model, d: &Dossier) -> Vec<RecordSection> {
    vec![stories(model, d), referees(model, d), plan(model, d)]
}

fn title(model: &Model, id: &str) -> String {
    model
        .competence(id)
        .map_or_else(|| id.to_string(), |c| format!("{} {}", c.code, c.name))
}

fn titles(model: &Model, ids: &[String]) -> String {
    ids.iter()
        .map(|id| title(model, id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Labelled fields, leaving out the empty ones.
fn fields(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

fn stories(model: &Model, d: &Dossier) -> RecordSection {
    RecordSection {
        title: "STARRTT experiences".into(),
        records: d
            .stories
            .values()
            .map(|s| {
                fields(&[
                    ("Title", s.title.clone()),
                    ("Competences", titles(model, &s.competences)),
                    ("Situation", s.situation.clone()),
                    ("Task", s.task.clone()),
                    ("Activities", s.activities.clone()),
                    ("Result", s.result.clone()),
                    ("Reflection", s.reflection.clone()),
                    ("Transfer", s.transfer.clone()),
                    ("Counter-example", s.counter_example.clone()),
                ])
            })
            .collect(),
    }
}

fn rating(rate: Rate) -> String {
    match rate.number() {
        Some(n) => format!("{n} of 4"),
        None => "not applicable".into(),
    }
}

fn referees(model: &Model, d: &Dossier) -> RecordSection {
    RecordSection {
        title: "360° ratings".into(),
        records: d
            .referees
            .values()
            .map(|r| {
                let mut out = fields(&[
                    ("Referee", r.name.clone()),
                    ("Relation", r.relation.clone()),
                    ("Contact", r.contact.clone()),
                    ("Rated on", r.rated_on.format("%Y-%m-%d").to_string()),
                ]);
                // In model order, as the self-assessment is printed.
                for c in &model.competences {
                    if let Some(rate) = r.ratings.get(&c.id) {
                        out.push((title(model, &c.id), rating(*rate)));
                    }
                }
                out
            })
            .collect(),
    }
}

fn plan(model: &Model, d: &Dossier) -> RecordSection {
    RecordSection {
        title: "Development plan".into(),
        records: d
            .plan
            .values()
            .map(|g| {
                fields(&[
                    ("Goal", g.goal.clone()),
                    (
                        "Competence",
                        g.competence
                            .as_deref()
                            .map(|c| title(model, c))
                            .unwrap_or_default(),
                    ),
                    ("Actions", g.actions.clone()),
                    ("Review on", g.review_on.format("%Y-%m-%d").to_string()),
                    (
                        "From",
                        match g.source {
                            GoalSource::NotValidated => "a competence not validated yet",
                            GoalSource::AssessorAdvice => "the assessor's advice",
                            GoalSource::CandidateWish => "the candidate's wish",
                        }
                        .into(),
                    ),
                ])
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dossier::{Goal, Referee, Story};
    use chrono::NaiveDate;

    #[test]
    fn each_section_reads_in_order_from_the_dossier() {
        let model = crate::ui::testing::fixture_model();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let mut d = Dossier::new("x", "k", "Giulia");
        d.stories.insert(
            1,
            Story {
                title: "Food bank rota".into(),
                competences: vec!["c07".into(), "c01".into()],
                situation: "Food bank".into(),
                task: "Cover 30 shifts".into(),
                activities: "Drew up a rota".into(),
                result: "No gaps for a year".into(),
                ..Story::default()
            },
        );
        d.referees.insert(
            1,
            Referee {
                name: "Marta Neri".into(),
                relation: "coordinator".into(),
                contact: String::new(),
                rated_on: day,
                ratings: [
                    ("c08".into(), Rate::NotApplicable),
                    ("c01".into(), Rate::Fair),
                ]
                .into(),
            },
        );
        d.plan.insert(
            1,
            Goal {
                competence: Some("c08".into()),
                goal: "Lead a team".into(),
                actions: "Coordinate the camp".into(),
                review_on: day,
                source: GoalSource::NotValidated,
            },
        );
        let s = record_sections(&model, &d);
        let text = |i: usize| -> Vec<(String, String)> { s[i].records[0].clone() };
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            text(0),
            [
                pair("Title", "Food bank rota"),
                pair("Competences", "C07 Communication, C01 Responsibility"),
                pair("Situation", "Food bank"),
                pair("Task", "Cover 30 shifts"),
                pair("Activities", "Drew up a rota"),
                pair("Result", "No gaps for a year"),
            ]
        );
        assert_eq!(
            text(1),
            [
                pair("Referee", "Marta Neri"),
                pair("Relation", "coordinator"),
                pair("Rated on", "2026-03-01"),
                pair("C01 Responsibility", "3 of 4"),
                pair("C08 Teamwork", "not applicable"),
            ]
        );
        assert_eq!(text(2)[4], pair("From", "a competence not validated yet"));
        assert!(
            record_sections(&model, &Dossier::new("y", "k", "Ana"))
                .iter()
                .all(|s| s.records.is_empty())
        );
    }
}
