//! The Portfolio Quality Check List per claimed competence (DOMAIN.md D6, 5.3).
//!
//! The assessor gives each criterion a verdict; any Not met fails the check, every Partly
//! met becomes a mandatory interview topic. The evidence facts can pre-fill the three
//! criteria that are countable (currency, sufficiency, variety); the assessor decides.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::PortfolioCheckRules;
use super::scales::CriterionVerdict;

/// One criterion as the assessor has judged it so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionJudgement {
    pub criterion_id: String,
    pub verdict: Option<CriterionVerdict>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CheckStatus {
    /// Some criteria are not judged yet.
    Pending,
    Passed,
    Failed,
}

impl CheckStatus {
    pub fn code(self) -> &'static str {
        match self {
            CheckStatus::Pending => "pending",
            CheckStatus::Passed => "passed",
            CheckStatus::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub status: CheckStatus,
    /// Names of the criteria judged Not met, with the assessor's note when given.
    pub failed: Vec<String>,
    /// The same, short: criterion names only, for sentences that must fit one line.
    pub failed_short: Vec<String>,
    /// Mandatory interview topics from Partly met criteria.
    pub interview_topics: Vec<String>,
}

impl CheckResult {
    /// One sentence explaining a failed or pending check; empty when passed.
    pub fn explanation(&self) -> String {
        match self.status {
            CheckStatus::Passed => String::new(),
            CheckStatus::Pending => "Some criteria are not judged yet.".to_string(),
            CheckStatus::Failed => format!("Not met: {}.", self.failed.join("; ")),
        }
    }
}

/// The check's status from the recorded verdicts (`verdict_of` a criterion id): any Not
/// met fails, a criterion of the model not judged yet leaves it pending, else it passes.
/// Verdicts of criteria the model does not list do not count.
pub fn status(
    rules: &PortfolioCheckRules,
    verdict_of: impl Fn(&str) -> Option<CriterionVerdict>,
) -> CheckStatus {
    let mut pending = false;
    for criterion in &rules.criteria {
        match verdict_of(&criterion.id) {
            Some(CriterionVerdict::NotMet) => return CheckStatus::Failed,
            Some(_) => {}
            None => pending = true,
        }
    }
    if pending {
        CheckStatus::Pending
    } else {
        CheckStatus::Passed
    }
}

/// Evaluates the judgements against the model's criteria. Criteria the model lists but the
/// judgements lack count as not judged; judgements of unknown criteria are ignored.
pub fn evaluate(rules: &PortfolioCheckRules, judgements: &[CriterionJudgement]) -> CheckResult {
    let mut failed = Vec::new();
    let mut failed_short = Vec::new();
    let mut topics = Vec::new();
    for criterion in &rules.criteria {
        let judged = judgements.iter().find(|j| j.criterion_id == criterion.id);
        let describe = |j: &CriterionJudgement| {
            if j.note.trim().is_empty() {
                criterion.name.clone()
            } else {
                format!("{} ({})", criterion.name, j.note.trim())
            }
        };
        match judged.and_then(|j| j.verdict.map(|v| (j, v))) {
            None | Some((_, CriterionVerdict::Met)) => {}
            Some((j, CriterionVerdict::PartlyMet)) => topics.push(describe(j)),
            Some((j, CriterionVerdict::NotMet)) => {
                failed.push(describe(j));
                failed_short.push(criterion.name.clone());
            }
        }
    }
    let status = status(rules, |id| {
        judgements
            .iter()
            .find(|j| j.criterion_id == id)
            .and_then(|j| j.verdict)
    });
    CheckResult {
        status,
        failed,
        failed_short,
        interview_topics: topics,
    }
}

/// What the check needs to know about one evidence item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFacts {
    pub kind: String,
    pub dated: Option<NaiveDate>,
}

/// Verdicts the countable criteria suggest, as (criterion id, verdict, reason).
pub fn suggest_countable(
    rules: &PortfolioCheckRules,
    evidence: &[EvidenceFacts],
    today: NaiveDate,
) -> Vec<(&'static str, CriterionVerdict, String)> {
    let n = evidence.len();
    let cutoff = years_before(today, rules.currency_years);
    let current = evidence
        .iter()
        .filter(|e| e.dated.is_some_and(|d| d >= cutoff))
        .count();
    let mut kinds: Vec<&str> = evidence.iter().map(|e| e.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let graded = |have: usize, need: usize| {
        if need > 0 && have >= need {
            CriterionVerdict::Met
        } else if have > 0 {
            CriterionVerdict::PartlyMet
        } else {
            CriterionVerdict::NotMet
        }
    };
    vec![
        (
            "currency",
            if n > 0 && current == n {
                CriterionVerdict::Met
            } else {
                graded(current, usize::MAX)
            },
            format!(
                "{current} of {} dated within {} years",
                count(n, "item"),
                rules.currency_years
            ),
        ),
        (
            "sufficiency",
            graded(n, rules.min_items as usize),
            format!(
                "{} (at least {} expected)",
                count(n, "item"),
                rules.min_items
            ),
        ),
        (
            "variety",
            graded(kinds.len(), rules.min_types as usize),
            format!(
                "{} of evidence (at least {} expected)",
                count(kinds.len(), "kind"),
                rules.min_types
            ),
        ),
    ]
}

/// "1 item", "2 items".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The same calendar day `years` earlier (29 February falls back to the 28th).
pub fn years_before(day: NaiveDate, years: u32) -> NaiveDate {
    let year = day.year() - years as i32;
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
        .unwrap_or(day)
}

/// Whether the evidence contradicts a verdict on a countable criterion: a Met needs the
/// evidence to reach the model's threshold. Returns why, in words, when it does not.
pub fn contradiction(
    rules: &PortfolioCheckRules,
    criterion_id: &str,
    verdict: CriterionVerdict,
    evidence: &[EvidenceFacts],
    today: NaiveDate,
) -> Option<String> {
    if verdict != CriterionVerdict::Met {
        return None;
    }
    suggest_countable(rules, evidence, today)
        .into_iter()
        .find(|(id, computed, _)| *id == criterion_id && *computed != CriterionVerdict::Met)
        .map(|(_, computed, reason)| format!("the evidence shows {reason} ({})", computed.label()))
}

/// The check as it stands against the evidence: the assessor's verdicts, where a Met the
/// evidence contradicts (items added or aged since) counts as Not met with the reason.
pub fn evaluate_with_evidence(
    rules: &PortfolioCheckRules,
    judgements: &[CriterionJudgement],
    evidence: &[EvidenceFacts],
    today: NaiveDate,
) -> CheckResult {
    let mut result = evaluate(rules, judgements);
    for j in judgements {
        let Some(verdict) = j.verdict else { continue };
        if let Some(why) = contradiction(rules, &j.criterion_id, verdict, evidence, today) {
            let name = rules
                .criteria
                .iter()
                .find(|c| c.id == j.criterion_id)
                .map_or(j.criterion_id.as_str(), |c| c.name.as_str());
            result.failed.push(format!("{name} judged Met, but {why}"));
            result.failed_short.push(format!("{name} judged Met"));
            result.status = CheckStatus::Failed;
        }
    }
    result
}
