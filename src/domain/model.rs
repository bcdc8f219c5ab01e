//! The LEVER UP competence model as plain data (DOMAIN.md D3).
//!
//! Built by `datafile` from `data/`; read by every other layer. Pure: no I/O here.

use serde::{Deserialize, Serialize};

use super::scales::{Complexity, Dimension, OutcomeLevel};

/// The whole model: clusters, scales, thresholds and the 15 competences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub id: String,
    pub version: String,
    pub title: String,
    pub clusters: Vec<Cluster>,
    pub outcome_scale: Vec<LevelDescriptor>,
    pub complexity_scale: Vec<DimensionScale>,
    pub eqf_bands: Vec<EqfBand>,
    pub key_competences: Vec<KeyCompetence>,
    pub portfolio_check: PortfolioCheckRules,
    pub scoring: ScoringRules,
    pub interview: InterviewGuide,
    pub competences: Vec<Competence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// What Basic / Accomplished / Expert mean in general (DOMAIN.md 2.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelDescriptor {
    pub level: OutcomeLevel,
    pub descriptor: String,
}

/// One complexity dimension (context, task, autonomy) with an anchor per value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScale {
    pub dimension: Dimension,
    pub name: String,
    pub question: String,
    /// Exactly one anchor per `Complexity` value, low to high.
    pub anchors: Vec<(Complexity, String)>,
}

/// "Comparable to EQF n" label for an overall complexity value (DOMAIN.md 4.3(4)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EqfBand {
    pub complexity: Complexity,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyCompetence {
    pub id: String,
    pub name: String,
    pub framework: String,
    pub url: String,
}

/// Portfolio Quality Check List (DOMAIN.md D6, 5.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioCheckRules {
    /// Evidence older than this many years does not count as current.
    pub currency_years: u32,
    /// Fewer evidence items than this is not sufficient.
    pub min_items: u32,
    /// Fewer distinct evidence types than this lacks variety.
    pub min_types: u32,
    pub criteria: Vec<CheckCriterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckCriterion {
    pub id: String,
    pub name: String,
    pub question: String,
}

/// Thresholds of the suggestion rule (DOMAIN.md 4.3(2)), as exact fractions so that
/// threshold edges never depend on floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringRules {
    /// At least this share of the indicators must be applicable (default 1/2).
    pub min_applicable: Fraction,
    /// A level is reached when at least this share of the applicable indicators is at or
    /// above it (default 2/3).
    pub level_share: Fraction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fraction {
    pub num: u32,
    pub den: u32,
}

impl Fraction {
    /// `count / total >= self`, in integers.
    pub fn reached(self, count: usize, total: usize) -> bool {
        count as u64 * self.den as u64 >= total as u64 * self.num as u64
    }
}

/// Recommended interview length and STARR prompts (DOMAIN.md D7, 6.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewGuide {
    pub recommended_minutes: u32,
    pub recommended_competences: u32,
    pub starr_prompts: Vec<StarrPrompt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StarrPrompt {
    pub letter: String,
    pub name: String,
    pub probes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Competence {
    pub id: String,
    pub code: String,
    pub name: String,
    pub cluster: String,
    pub description: String,
    /// Learning outcome per level, Basic first.
    pub outcomes: Vec<LevelDescriptor>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<String>,
    pub evidence_examples: Vec<String>,
    /// Key-competence ids; the first is the primary link.
    pub key_competences: Vec<String>,
    pub esco: Vec<EscoLink>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscoLink {
    pub uri: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub text: String,
    pub probes: Vec<String>,
}

impl Model {
    pub fn competence(&self, id: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.id == id)
    }

    pub fn cluster(&self, id: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.id == id)
    }

    pub fn key_competence(&self, id: &str) -> Option<&KeyCompetence> {
        self.key_competences.iter().find(|k| k.id == id)
    }

    pub fn eqf_band(&self, c: Complexity) -> &str {
        self.eqf_bands
            .iter()
            .find(|b| b.complexity == c)
            .map(|b| b.label.as_str())
            .unwrap_or("")
    }

    pub fn level_descriptor(&self, level: OutcomeLevel) -> &str {
        self.outcome_scale
            .iter()
            .find(|d| d.level == level)
            .map(|d| d.descriptor.as_str())
            .unwrap_or("")
    }

    pub fn dimension(&self, d: Dimension) -> Option<&DimensionScale> {
        self.complexity_scale.iter().find(|s| s.dimension == d)
    }
}

impl Competence {
    pub fn outcome(&self, level: OutcomeLevel) -> &str {
        self.outcomes
            .iter()
            .find(|d| d.level == level)
            .map(|d| d.descriptor.as_str())
            .unwrap_or("")
    }
}
