//! Gathers one candidate's portfolio summary from the store: the candidate's own records
//! from `Store::candidate_data` (the reading behind `leverup candidate export`, so a table
//! added there reaches the summary too), the signed-off results from `load_assessment`,
//! the tutor's records from the candidate's dossier (`portfolio_records`), and the words
//! (competence descriptions, labels) from the model.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::dossier::Dossier;
use crate::domain::model::Model;
use crate::domain::process::Step;
use crate::domain::scales::Decision;
use crate::export::portfolio::{
    CompetencePart, EvidenceLine, PortfolioSummary, ResultLine, SelfRating,
};
use crate::store::{AssessmentRecord, AssessmentStatus, Store};

pub fn gather(
    store: &Store,
    model: &Model,
    candidate_id: &str,
    today: NaiveDate,
) -> anyhow::Result<PortfolioSummary> {
    let doc = store.candidate_data(candidate_id)?;
    let dossier = store.load_dossier(candidate_id)?;
    let data = &doc["data"];
    let cand = &data["candidate"];
    let centre_id = text(cand, "centre_id");
    let centre = store
        .list_centres()?
        .into_iter()
        .find(|c| c.id == centre_id)
        .map_or(centre_id, |c| c.name);
    let step = Step::from_code(&text(cand, "state"))
        .map(|s| format!("{} {}", s.shown_as(), s.label()))
        .unwrap_or_else(|| text(cand, "state"));
    let (assessment, result) = assessment(store, candidate_id)?;
    Ok(PortfolioSummary {
        candidate: text(cand, "name"),
        email: some(text(cand, "email")),
        centre,
        tutor: some(text(&data["tutor"], "name")),
        step,
        stopped: some(text(cand, "exit_outcome")),
        assessment,
        model: format!(
            "{} (model {}, version {})",
            model.title, model.id, model.version
        ),
        written_on: today.format("%Y-%m-%d").to_string(),
        self_assessment: self_ratings(model, &dossier),
        competences: competences(model, data, result.as_ref()),
        records: super::portfolio_records::record_sections(model, &dossier),
    })
}

/// A column of a row as text: strings as they are, numbers written out, null as "".
fn text(row: &Value, column: &str) -> String {
    match &row[column] {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn some(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

fn rows<'a>(data: &'a Value, table: &str) -> &'a [Value] {
    data[table].as_array().map_or(&[], Vec::as_slice)
}

/// "C07 Communication", or the stored id of a competence the model does not know.
fn competence_title(model: &Model, id: &str) -> String {
    model
        .competence(id)
        .map_or_else(|| id.to_string(), |c| format!("{} {}", c.code, c.name))
}

/// Model order; competences the model does not know come last, by id.
fn model_order(model: &Model, ids: &BTreeSet<String>) -> Vec<String> {
    let mut ordered: Vec<String> = model
        .competences
        .iter()
        .filter(|c| ids.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    ordered.extend(
        ids.iter()
            .filter(|id| model.competence(id).is_none())
            .cloned(),
    );
    ordered
}

/// The candidate's self-assessment per competence, in model order: the quick rating and
/// the detailed outcome by the LEVER rule (or how far the detailed one got).
fn self_ratings(model: &Model, d: &Dossier) -> Vec<SelfRating> {
    model
        .competences
        .iter()
        .filter_map(|c| {
            let indicators: Vec<String> = c.indicators.iter().map(|i| i.id.clone()).collect();
            let p = d.self_profile(&c.id, &indicators);
            let quick = match d.quick.get(&c.id).map(|r| r.number()) {
                None => String::new(),
                Some(None) => "not applicable".into(),
                Some(Some(n)) => format!("{n} of 4"),
            };
            let detailed = match p.detailed {
                Some(outcome) => outcome.label().to_string(),
                None if p.rated_indicators > 0 => format!(
                    "{} of {} indicators rated",
                    p.rated_indicators,
                    indicators.len()
                ),
                None => String::new(),
            };
            (!quick.is_empty() || !detailed.is_empty()).then(|| SelfRating {
                competence: competence_title(model, &c.id),
                quick,
                detailed,
            })
        })
        .collect()
}

/// The claimed competences, and any other competence with evidence, in model order.
fn competences(
    model: &Model,
    data: &Value,
    result: Option<&AssessmentRecord>,
) -> Vec<CompetencePart> {
    let claimed: BTreeSet<String> = rows(data, "claimed_competences")
        .iter()
        .map(|r| text(r, "competence_id"))
        .collect();
    // One line per item and competence it supports.
    let register = rows(data, "evidence_register");
    let evidence: Vec<Value> = rows(data, "evidence_competences")
        .iter()
        .filter_map(|link| {
            let number = link.get("number");
            let item = register.iter().find(|r| r.get("number") == number)?;
            let mut line = item.clone();
            line["competence_id"] = link["competence_id"].clone();
            Some(line)
        })
        .collect();
    let mut ids = claimed.clone();
    ids.extend(evidence.iter().map(|r| text(r, "competence_id")));
    model_order(model, &ids)
        .into_iter()
        .map(|id| {
            let mut items: Vec<&Value> = evidence
                .iter()
                .filter(|r| text(r, "competence_id") == id)
                .collect();
            // Newest first, undated last: the order a reader checks currency in.
            items.sort_by_key(|r| std::cmp::Reverse(text(r, "dated")));
            CompetencePart {
                title: competence_title(model, &id),
                description: model
                    .competence(&id)
                    .map(|c| c.description.clone())
                    .unwrap_or_default(),
                claimed: claimed.contains(&id),
                evidence: items
                    .into_iter()
                    .map(|r| EvidenceLine {
                        title: text(r, "title"),
                        kind: text(r, "kind").replace('-', " "),
                        dated: text(r, "dated"),
                        description: text(r, "description"),
                    })
                    .collect(),
                result: result.and_then(|a| result_line(model, a, &id)),
            }
        })
        .collect()
}

/// Where the assessment stands, in words, and the latest signed-off one (whose results
/// are printed; an assessment still in progress has none yet that count).
fn assessment(
    store: &Store,
    candidate_id: &str,
) -> anyhow::Result<(Option<String>, Option<AssessmentRecord>)> {
    let all = store.assessments_for(candidate_id)?;
    let Some(latest) = all.first() else {
        return Ok((None, None));
    };
    let assessor = store.get_person(&latest.assessor_id)?.name;
    let line = match latest.finalised_at {
        Some(at) => format!("signed off on {} by {assessor}", at.format("%Y-%m-%d")),
        None => format!(
            "in progress since {} with {assessor}; its results are printed once it is \
             signed off",
            latest.started_at.format("%Y-%m-%d")
        ),
    };
    let signed = all
        .iter()
        .find(|a| a.status == AssessmentStatus::Finalised)
        .map(|a| store.load_assessment(&a.id))
        .transpose()?;
    let line = match (&signed, latest.status) {
        (Some(s), AssessmentStatus::InProgress) => format!(
            "{line} (the results below are from the one signed off on {})",
            s.summary
                .finalised_at
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        ),
        _ => line,
    };
    Ok((Some(line), signed))
}

fn result_line(model: &Model, a: &AssessmentRecord, competence: &str) -> Option<ResultLine> {
    let score = a
        .scores
        .iter()
        .find(|s| s.input.competence_id == competence);
    let decision = a.decisions.iter().find(|d| d.competence_id == competence);
    if score.is_none() && decision.is_none() {
        return None;
    }
    let complexity = score
        .and_then(|s| s.input.complexity.complete())
        .map(|p| {
            format!(
                "{} (context {}, task {}, autonomy {}), {}",
                p.overall(),
                p.context,
                p.task,
                p.autonomy,
                model.eqf_band(p.overall())
            )
        })
        .unwrap_or_default();
    Some(ResultLine {
        level: score
            .and_then(|s| s.input.outcome_level)
            .map(|o| o.label().to_string())
            .unwrap_or_default(),
        complexity,
        decision: decision
            .map_or(Decision::Pending, |d| d.decision)
            .label()
            .to_string(),
        reasons: decision.map(|d| d.reasons.clone()).unwrap_or_default(),
        advice: decision.map(|d| d.advice.clone()).unwrap_or_default(),
    })
}

/// One section of records from a table the candidate data holds: every column but keys and
/// bookkeeping, named in words, a competence id as its title.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_and_detailed_ratings_share_a_row_in_model_order() {
        use crate::domain::self_assessment::Rate;
        let model = crate::ui::testing::fixture_model();
        let c01 = model.competence("c01").unwrap();
        let mut d = Dossier::new("x", "k", "Giulia");
        d.quick.insert("c08".into(), Rate::NotApplicable);
        d.quick.insert("c01".into(), Rate::Poor);
        for i in &c01.indicators {
            d.detailed.insert(("c01".into(), i.id.clone()), Rate::Good);
        }
        d.detailed.insert(
            (
                "c07".into(),
                model.competence("c07").unwrap().indicators[0].id.clone(),
            ),
            Rate::Fair,
        );
        let got = self_ratings(&model, &d);
        assert_eq!(got[0].competence, format!("{} {}", c01.code, c01.name));
        assert_eq!(
            (got[0].quick.as_str(), got[0].detailed.as_str()),
            ("2 of 4", "good")
        );
        let c07 = model.competence("c07").unwrap();
        assert_eq!(
            (got[1].quick.as_str(), got[1].detailed.as_str()),
            (
                "",
                format!("1 of {} indicators rated", c07.indicators.len()).as_str()
            )
        );
        assert_eq!(
            (got[2].quick.as_str(), got[2].detailed.as_str()),
            ("not applicable", "")
        );
    }
}
