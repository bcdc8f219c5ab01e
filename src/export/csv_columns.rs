//! The CSV columns: their order, meaning and allowed values. The header, the wide layout
//! and the codebook are all generated from this one table so they cannot drift apart.
//!
//! Formula injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with
//! `=`, `+`, `-`, `@`, tab or carriage return as a formula. The columns that carry text a
//! person typed (names) or an editable model file supplied (competence name, model id and
//! version) are `guarded`: such a value gets a leading `'`. Ids, codes, dates and counts are
//! written by leverup itself, cannot start that way, and are never changed, so no number is
//! ever turned into text.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub meaning: &'static str,
    /// Allowed values, `|`-separated codes, or a format description.
    pub values: &'static str,
    /// Free text that may start like a formula: neutralised unless `--raw`.
    pub guarded: bool,
}

const fn col(name: &'static str, meaning: &'static str, values: &'static str) -> Column {
    Column {
        name,
        meaning,
        values,
        guarded: false,
    }
}

/// A free-text column: typed by a person or taken from an editable model file.
const fn text(name: &'static str, meaning: &'static str) -> Column {
    Column {
        name,
        meaning,
        values: "text",
        guarded: true,
    }
}

/// What the codebook says about a guarded column, with and without `--raw`.
const GUARDED_TEXT: &str = "text; a value starting with =, +, -, @, tab or carriage return is \
     written with a leading ' so spreadsheets do not run it as a formula (OWASP CSV-injection \
     rule); strip that one ' to get the stored value";
const RAW_TEXT: &str = "text, exactly as stored (exported with --raw: no formula-injection guard)";

/// The first characters that make a spreadsheet treat a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `value`, with a leading `'` when it would start a formula.
pub fn neutralise(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(FORMULA_START) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

const LEVEL: &str =
    "basic|accomplished|expert|not_validated|not_assessable; empty when not yet scored";
const COMPLEXITY: &str = "low|mid-low|mid-high|high; empty when not yet rated";

/// The long format: one row per assessment × claimed competence, in this order.
pub const LONG: [Column; 25] = [
    col(
        "assessment_id",
        "Stable id of the formal assessment",
        "UUID",
    ),
    col("candidate_id", "Stable id of the candidate", "UUID"),
    text("candidate_name", "Candidate's full name"),
    text("centre", "Validation centre that ran the assessment"),
    text(
        "assessor",
        "Assessor who conducted the interview and signs off",
    ),
    text("tutor", "Tutor who guided the candidate; empty if none"),
    col(
        "competence_id",
        "LEVER UP competence",
        "responsibility|empathy|initiative|flexibility-adaptability|engagement|leadership|communication|teamwork|intercultural-diversity|result-orientation|organisation-planning|digital-thinking|problem-solving|learning-to-learn|innovation-creativity",
    ),
    text("competence_name", "Competence name (English)"),
    col(
        "cluster",
        "Competence cluster",
        "personal|social|organisational|methodological",
    ),
    col(
        "portfolio_check",
        "Portfolio Quality Check for this competence: any criterion not met fails it",
        "passed|failed|pending",
    ),
    col(
        "suggested_level",
        "Learning-outcome level the scoring tool suggested from the indicator ratings",
        LEVEL,
    ),
    col(
        "outcome_level",
        "Learning-outcome level the assessor confirmed or chose",
        LEVEL,
    ),
    col(
        "level_overridden",
        "Whether the assessor overrode the suggestion (with a written justification)",
        "true|false; empty when not yet scored",
    ),
    col(
        "context",
        "Complexity of the context where the competence was shown",
        COMPLEXITY,
    ),
    col("task", "Complexity of the task", COMPLEXITY),
    col(
        "autonomy",
        "Autonomy with which the candidate acted",
        COMPLEXITY,
    ),
    col(
        "complexity",
        "Overall complexity: the median of context, task and autonomy",
        COMPLEXITY,
    ),
    col(
        "eqf_comparable",
        "EQF band the overall complexity is comparable to (never equal to)",
        "eqf-1-2|eqf-3|eqf-4|eqf-5-plus; empty when complexity is incomplete",
    ),
    col(
        "decision",
        "Decision for this competence",
        "validated|not_validated|not_assessable|pending",
    ),
    col(
        "interview_minutes",
        "Interview time spent on this competence, whole minutes",
        "integer >= 0",
    ),
    col(
        "assessed_on",
        "Day the assessment started",
        "ISO 8601 date YYYY-MM-DD",
    ),
    col(
        "finalised_at",
        "When the assessor signed off; empty while in progress",
        "ISO 8601 UTC timestamp YYYY-MM-DDTHH:MM:SSZ",
    ),
    text("model_id", "Id of the competence model the assessment used"),
    text("model_version", "Version of that model"),
    col(
        "certificate_id",
        "Certificate record issued for the assessment; empty if none",
        "UUID",
    ),
];

/// Columns that describe the assessment and repeat unchanged across its competences; the
/// wide format keeps them once per row.
pub const WIDE_SHARED: [&str; 13] = [
    "assessment_id",
    "candidate_id",
    "candidate_name",
    "centre",
    "assessor",
    "tutor",
    "interview_minutes_total",
    "assessed_on",
    "finalised_at",
    "model_id",
    "model_version",
    "certificate_id",
    "competences_claimed",
];

/// Per-competence columns of the wide format, each prefixed `<competence_id>.`.
pub const WIDE_GROUP: [&str; 10] = [
    "portfolio_check",
    "suggested_level",
    "outcome_level",
    "level_overridden",
    "context",
    "task",
    "autonomy",
    "complexity",
    "decision",
    "interview_minutes",
];

pub fn long_header() -> Vec<&'static str> {
    LONG.iter().map(|c| c.name).collect()
}

/// The wide header for the given competence ids (model order).
pub fn wide_header(competences: &[&str]) -> Vec<String> {
    let mut h: Vec<String> = WIDE_SHARED.iter().map(|s| s.to_string()).collect();
    for c in competences {
        h.extend(WIDE_GROUP.iter().map(|g| format!("{c}.{g}")));
    }
    h
}

/// Per long column, whether it is guarded; all false under `--raw`.
pub fn long_guards(raw: bool) -> [bool; 25] {
    LONG.map(|c| c.guarded && !raw)
}

/// Per shared wide column, whether it is guarded (the per-competence groups are all codes).
pub fn wide_shared_guards(raw: bool) -> [bool; 13] {
    WIDE_SHARED.map(|n| !raw && LONG.iter().any(|c| c.name == n && c.guarded))
}

/// One codebook line: a column, what it means, which values it may hold, and whether the
/// formula-injection guard applies to it in this file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodebookEntry {
    pub column: String,
    pub meaning: &'static str,
    pub values: &'static str,
    pub formula_guard: bool,
}

fn entry(column: impl Into<String>, c: &Column, raw: bool) -> CodebookEntry {
    let values = match (c.guarded, raw) {
        (true, false) => GUARDED_TEXT,
        (true, true) => RAW_TEXT,
        (false, _) => c.values,
    };
    CodebookEntry {
        column: column.into(),
        meaning: c.meaning,
        values,
        formula_guard: c.guarded && !raw,
    }
}

/// The codebook of the long layout; `raw` as given to the export.
pub fn long_codebook(raw: bool) -> Vec<CodebookEntry> {
    LONG.iter().map(|c| entry(c.name, c, raw)).collect()
}

/// Codebook entries for the wide layout, derived from the long ones.
pub fn wide_codebook(competences: &[&str], raw: bool) -> Vec<CodebookEntry> {
    let find = |n: &str| LONG.iter().find(|c| c.name == n);
    let mut out = Vec::new();
    for name in WIDE_SHARED {
        let own = match name {
            "interview_minutes_total" => col(
                name,
                "Interview time over all competences, whole minutes",
                "integer >= 0",
            ),
            "competences_claimed" => col(
                name,
                "Number of competences claimed in the assessment",
                "integer >= 1",
            ),
            other => find(other).copied().unwrap_or(col(name, "", "")),
        };
        out.push(entry(name, &own, raw));
    }
    for c in competences {
        for g in WIDE_GROUP {
            if let Some(base) = find(g) {
                out.push(entry(format!("{c}.{g}"), base, raw));
            }
        }
    }
    out
}
