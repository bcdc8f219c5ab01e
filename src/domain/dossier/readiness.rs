//! Is the portfolio ready for assessment? Per claimed competence, against the criteria the
//! model sets (items, kinds, currency: the countable part of the Portfolio Quality Check
//! List, judged the way the assessor's check pre-fills them) and the STARRTT story the
//! LEVER form asks for per claimed competence. Advice for the tutor: the assessor decides.

use chrono::NaiveDate;

use super::Dossier;
use crate::domain::model::Model;
use crate::domain::portfolio::{EvidenceFacts, suggest_countable};
use crate::domain::scales::CriterionVerdict;

/// One claimed competence's readiness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub competence: String,
    pub items: usize,
    pub stories: usize,
    /// What is missing, in words; empty when ready.
    pub missing: Vec<String>,
}

impl Readiness {
    pub fn ready(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Readiness of every claimed competence, in the order claimed.
pub fn readiness(d: &Dossier, model: &Model, today: NaiveDate) -> Vec<Readiness> {
    d.claimed
        .iter()
        .map(|c| {
            let facts: Vec<EvidenceFacts> = d
                .evidence_for(c)
                .map(|e| EvidenceFacts {
                    kind: e.kind.clone(),
                    dated: e.dated,
                })
                .collect();
            let stories = d
                .stories
                .values()
                .filter(|s| s.competences.iter().any(|x| x == c))
                .count();
            let mut missing: Vec<String> = suggest_countable(&model.portfolio_check, &facts, today)
                .into_iter()
                .filter(|(_, verdict, _)| *verdict != CriterionVerdict::Met)
                .map(|(criterion, _, reason)| format!("{criterion}: {reason}"))
                .collect();
            if stories == 0 {
                missing.push("a STARRTT story about it".to_string());
            }
            Readiness {
                competence: c.clone(),
                items: facts.len(),
                stories,
                missing,
            }
        })
        .collect()
}
