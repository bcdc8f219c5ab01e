//! The printable portfolio summary as plain values: what `portfolio_html` prints, already
//! in words (labels, dates as text), so the writer only lays it out and escapes it.
//!
//! Filled by the CLI from the store; no SQL and no terminal here. A part the candidate does
//! not have yet is empty (or `None`), and its section is left out of the page.

/// One candidate's portfolio, ready to print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortfolioSummary {
    pub candidate: String,
    pub email: Option<String>,
    pub centre: String,
    pub tutor: Option<String>,
    /// The step of the path, as users see it: "3 Documentation".
    pub step: String,
    /// Why the candidate stopped, when they did (an outcome, D1).
    pub stopped: Option<String>,
    /// Where the formal assessment stands, in one sentence; `None` before it starts.
    pub assessment: Option<String>,
    /// "LEVER UP model lever-up 1.0", the model the descriptions come from.
    pub model: String,
    /// The day the page was written (YYYY-MM-DD).
    pub written_on: String,
    pub self_assessment: Vec<SelfRating>,
    pub competences: Vec<CompetencePart>,
    /// Records other parts of leverup keep about the candidate (STARRTT forms, 360°
    /// ratings, the development plan), each its own section when there are any.
    pub records: Vec<RecordSection>,
}

/// The candidate's own ratings of one competence (DOMAIN.md D8).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelfRating {
    pub competence: String,
    /// Quick: "3 of 4" or "not applicable"; empty when not given.
    pub quick: String,
    /// Detailed: the LEVER outcome ("good", "to improve"…); empty when not given.
    pub detailed: String,
}

/// A competence the candidate claims (or documents): the model's description, the evidence
/// for it and the assessor's result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompetencePart {
    /// "C07 Communication".
    pub title: String,
    pub description: String,
    pub claimed: bool,
    pub evidence: Vec<EvidenceLine>,
    pub result: Option<ResultLine>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceLine {
    pub title: String,
    pub kind: String,
    /// YYYY-MM-DD, or empty when the item has no date.
    pub dated: String,
    pub description: String,
}

/// The signed-off result for one competence (DOMAIN.md D4, D5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultLine {
    /// The learning-outcome level, or "Not validated" / "Not assessable"; empty if none.
    pub level: String,
    /// "mid-high (context low, task mid-high, autonomy high), comparable to EQF 4".
    pub complexity: String,
    pub decision: String,
    /// The assessor's reasons for the decision.
    pub reasons: String,
    /// The assessor's advice (what to develop), mostly for Not validated.
    pub advice: String,
}

/// A titled list of records, each a list of (field, value) pairs in print order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordSection {
    pub title: String,
    pub records: Vec<Vec<(String, String)>>,
}
