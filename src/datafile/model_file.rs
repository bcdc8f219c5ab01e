//! Reads and checks `model.toml`: clusters, scales, key competences, thresholds and the
//! list of competence ids. Everything except the competences themselves.

use toml::Spanned;

use super::walk::{Fields, FileCx};
use crate::domain::model::{
    CheckCriterion, Cluster, DimensionScale, EqfBand, Fraction, InterviewGuide, KeyCompetence,
    LevelDescriptor, PortfolioCheckRules, ScoringRules, StarrPrompt,
};
use crate::domain::scales::{Complexity, Dimension, OutcomeLevel};

/// The five Portfolio Quality Check criteria the procedure relies on (DOMAIN D6).
pub(crate) const CRITERIA: [&str; 5] = [
    "relevance",
    "authenticity",
    "currency",
    "sufficiency",
    "variety",
];

/// `model.toml` once read: the model without its competences, plus the declared order of
/// competence ids (with their positions, to point at them in messages).
pub(crate) struct ModelHead {
    pub id: String,
    pub version: String,
    pub title: String,
    pub competence_ids: Vec<Spanned<String>>,
    pub clusters: Vec<Cluster>,
    pub outcome_scale: Vec<LevelDescriptor>,
    pub complexity_scale: Vec<DimensionScale>,
    pub eqf_bands: Vec<EqfBand>,
    pub key_competences: Vec<KeyCompetence>,
    pub portfolio_check: PortfolioCheckRules,
    pub scoring: ScoringRules,
    pub interview: InterviewGuide,
}

/// The ids competence files may refer to. Kept apart from `ModelHead` so a competence
/// file can still be checked against the clusters when another part of model.toml is broken.
#[derive(Default)]
pub(crate) struct Refs {
    pub clusters: Option<Vec<String>>,
    pub key_competences: Option<Vec<String>>,
}

pub(crate) fn read(cx: &mut FileCx, refs: &mut Refs) -> Option<ModelHead> {
    let mut root = cx.parse()?;
    let id = root.text(cx, "id");
    let version = root.text(cx, "version");
    let title = root.text(cx, "title");
    let competence_ids = root.texts(cx, "competences", 1);
    if let Some(ids) = &competence_ids {
        unique(cx, ids.iter(), "competence id", "`competences`");
    }
    let clusters = root.tables(cx, "clusters").and_then(|t| clusters(cx, t));
    let outcome_scale = root
        .table(cx, "outcome_scale")
        .and_then(|t| outcome_levels(cx, t));
    let complexity_scale = root.table(cx, "complexity").and_then(|t| complexity(cx, t));
    let eqf_bands = root.table(cx, "eqf").and_then(|t| eqf(cx, t));
    let key_competences = root
        .tables(cx, "key_competences")
        .and_then(|t| key_competences(cx, t));
    refs.clusters = clusters
        .as_ref()
        .map(|v| v.iter().map(|c| c.id.clone()).collect());
    refs.key_competences = key_competences
        .as_ref()
        .map(|v| v.iter().map(|k| k.id.clone()).collect());
    let portfolio_check = root
        .table(cx, "portfolio_check")
        .and_then(|t| portfolio(cx, t));
    let scoring = root.table(cx, "scoring").and_then(|t| scoring(cx, t));
    let interview = root.table(cx, "interview").and_then(|t| interview(cx, t));
    root.finish(cx);
    Some(ModelHead {
        id: id?.into_inner(),
        version: version?.into_inner(),
        title: title?.into_inner(),
        competence_ids: competence_ids?,
        clusters: clusters?,
        outcome_scale: outcome_scale?,
        complexity_scale: complexity_scale?,
        eqf_bands: eqf_bands?,
        key_competences: key_competences?,
        portfolio_check: portfolio_check?,
        scoring: scoring?,
        interview: interview?,
    })
}

/// Reports the second and later occurrences of a value.
pub(crate) fn unique<'a>(
    cx: &mut FileCx,
    items: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    place: &str,
) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut ok = true;
    for s in items {
        if seen.contains(&s.get_ref().as_str()) {
            cx.error(
                s.span(),
                format!("{what} \"{}\" appears twice in {place}", s.get_ref()),
            );
            ok = false;
        } else {
            seen.push(s.get_ref());
        }
    }
    ok
}

/// Ids are stable codes stored in databases and exports, so keep them simple.
pub(crate) fn check_id(cx: &mut FileCx, id: &Spanned<String>, what: &str) -> bool {
    let s = id.get_ref();
    let ok = s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-');
    if !ok {
        let msg =
            format!("{what} \"{s}\" must be kebab-case (lowercase letters, digits and dashes)");
        cx.error(id.span(), msg);
    }
    ok
}

fn clusters(cx: &mut FileCx, tables: Vec<Fields>) -> Option<Vec<Cluster>> {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for mut t in tables {
        let id = t.text(cx, "id");
        let name = t.text(cx, "name");
        let description = t.text(cx, "description");
        t.finish(cx);
        let (Some(id), Some(name), Some(description)) = (id, name, description) else {
            continue;
        };
        check_id(cx, &id, "cluster id");
        out.push(Cluster {
            id: id.get_ref().clone(),
            name: name.into_inner(),
            description: description.into_inner(),
        });
        ids.push(id);
    }
    unique(cx, ids.iter(), "cluster id", "[[clusters]]").then_some(out)
}

/// `basic`, `accomplished`, `expert`: used for the general scale and for each competence.
pub(crate) fn outcome_levels(cx: &mut FileCx, mut t: Fields) -> Option<Vec<LevelDescriptor>> {
    let mut out = Vec::new();
    let mut ok = true;
    for level in OutcomeLevel::ALL {
        match t.text(cx, level.code()) {
            Some(text) => out.push(LevelDescriptor {
                level: *level,
                descriptor: text.into_inner(),
            }),
            None => ok = false,
        }
    }
    t.finish(cx);
    ok.then_some(out)
}

fn complexity(cx: &mut FileCx, mut t: Fields) -> Option<Vec<DimensionScale>> {
    let mut out = Vec::new();
    let mut ok = true;
    for dim in Dimension::ALL {
        match t.table(cx, dim.code()).and_then(|d| dimension(cx, d, *dim)) {
            Some(scale) => out.push(scale),
            None => ok = false,
        }
    }
    t.finish(cx);
    ok.then_some(out)
}

fn dimension(cx: &mut FileCx, mut t: Fields, dimension: Dimension) -> Option<DimensionScale> {
    let name = t.text(cx, "name");
    let question = t.text(cx, "question");
    let anchors = complexity_texts(cx, &mut t);
    t.finish(cx);
    Some(DimensionScale {
        dimension,
        name: name?.into_inner(),
        question: question?.into_inner(),
        anchors: anchors?,
    })
}

/// One text per complexity value, low to high.
fn complexity_texts(cx: &mut FileCx, t: &mut Fields) -> Option<Vec<(Complexity, String)>> {
    let mut out = Vec::new();
    let mut ok = true;
    for c in Complexity::ALL {
        match t.text(cx, c.code()) {
            Some(text) => out.push((*c, text.into_inner())),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn eqf(cx: &mut FileCx, mut t: Fields) -> Option<Vec<EqfBand>> {
    let texts = complexity_texts(cx, &mut t);
    t.finish(cx);
    let bands = texts?
        .into_iter()
        .map(|(complexity, label)| EqfBand { complexity, label });
    Some(bands.collect())
}

fn key_competences(cx: &mut FileCx, tables: Vec<Fields>) -> Option<Vec<KeyCompetence>> {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for mut t in tables {
        let id = t.text(cx, "id");
        let name = t.text(cx, "name");
        let framework = t.text(cx, "framework");
        let url = t.text(cx, "url");
        t.finish(cx);
        if let Some(url) = &url
            && !url.get_ref().starts_with("http://")
            && !url.get_ref().starts_with("https://")
        {
            cx.error(
                url.span(),
                format!(
                    "url \"{}\" must start with http:// or https://",
                    url.get_ref()
                ),
            );
            continue;
        }
        let (Some(id), Some(name), Some(framework), Some(url)) = (id, name, framework, url) else {
            continue;
        };
        out.push(KeyCompetence {
            id: id.get_ref().clone(),
            name: name.into_inner(),
            framework: framework.into_inner(),
            url: url.into_inner(),
        });
        ids.push(id);
    }
    unique(cx, ids.iter(), "key competence id", "[[key_competences]]").then_some(out)
}

/// A count that must lie in `min..=max`.
fn bounded(cx: &mut FileCx, t: &mut Fields, key: &'static str, min: i64, max: i64) -> Option<u32> {
    let v: Spanned<i64> = t.value(cx, key)?;
    let n = *v.get_ref();
    if n < min || n > max {
        cx.error(
            v.span(),
            format!("`{key}` is {n}, but must be between {min} and {max}"),
        );
        return None;
    }
    u32::try_from(n).ok()
}

fn portfolio(cx: &mut FileCx, mut t: Fields) -> Option<PortfolioCheckRules> {
    let currency_years = bounded(cx, &mut t, "currency_years", 1, 50);
    let min_items = bounded(cx, &mut t, "min_items", 1, 100);
    let min_types = bounded(cx, &mut t, "min_types", 1, 100);
    let criteria = t
        .tables(cx, "criteria")
        .and_then(|c| criteria(cx, c, t.span()));
    t.finish(cx);
    Some(PortfolioCheckRules {
        currency_years: currency_years?,
        min_items: min_items?,
        min_types: min_types?,
        criteria: criteria?,
    })
}

fn criteria(
    cx: &mut FileCx,
    tables: Vec<Fields>,
    table_span: std::ops::Range<usize>,
) -> Option<Vec<CheckCriterion>> {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let mut ok = true;
    for mut t in tables {
        let id = t.text(cx, "id");
        let name = t.text(cx, "name");
        let question = t.text(cx, "question");
        t.finish(cx);
        if let Some(id) = &id
            && !CRITERIA.contains(&id.get_ref().as_str())
        {
            let hint = crate::diagnostics::did_you_mean(id.get_ref(), CRITERIA)
                .unwrap_or_else(|| format!("the criteria are: {}", CRITERIA.join(", ")));
            let msg = format!(
                "portfolio criterion \"{}\" is not one of the five the procedure uses",
                id.get_ref()
            );
            cx.error_hint(id.span(), msg, Some(hint));
            ok = false;
            continue;
        }
        let (Some(id), Some(name), Some(question)) = (id, name, question) else {
            ok = false;
            continue;
        };
        out.push(CheckCriterion {
            id: id.get_ref().clone(),
            name: name.into_inner(),
            question: question.into_inner(),
        });
        ids.push(id);
    }
    ok &= unique(cx, ids.iter(), "portfolio criterion", "[portfolio_check]");
    let missing: Vec<&str> = CRITERIA
        .iter()
        .copied()
        .filter(|c| !ids.iter().any(|i| i.get_ref() == c))
        .collect();
    if ok && !missing.is_empty() {
        let msg = format!(
            "[portfolio_check] lacks the criteria: {}",
            missing.join(", ")
        );
        cx.error(table_span, msg);
        ok = false;
    }
    ok.then_some(out)
}

fn fraction(
    cx: &mut FileCx,
    t: &mut Fields,
    key: &'static str,
    allow_zero: bool,
) -> Option<Fraction> {
    let v: Spanned<Vec<i64>> = t.value(cx, key)?;
    let bad = |why: &str| {
        format!(
            "`{key}` = {:?} {why}; write [numerator, denominator], e.g. [2, 3]",
            v.get_ref()
        )
    };
    let msg = match v.get_ref().as_slice() {
        [_, 0] => bad("has a zero denominator"),
        [n, d] if *n < 0 || *d < 0 => bad("has a negative number"),
        [n, d] if n > d => bad("is more than 1"),
        [0, _] if !allow_zero => bad("is zero, so every level would always be reached"),
        [n, d] => {
            let (num, den) = (u32::try_from(*n).ok()?, u32::try_from(*d).ok()?);
            return Some(Fraction { num, den });
        }
        _ => bad("is not a fraction"),
    };
    cx.error(v.span(), msg);
    None
}

fn scoring(cx: &mut FileCx, mut t: Fields) -> Option<ScoringRules> {
    let min_applicable = fraction(cx, &mut t, "min_applicable", true);
    let level_share = fraction(cx, &mut t, "level_share", false);
    t.finish(cx);
    Some(ScoringRules {
        min_applicable: min_applicable?,
        level_share: level_share?,
    })
}

fn interview(cx: &mut FileCx, mut t: Fields) -> Option<InterviewGuide> {
    let recommended_minutes = bounded(cx, &mut t, "recommended_minutes", 5, 240);
    let recommended_competences = bounded(cx, &mut t, "recommended_competences", 1, 15);
    let starr = t.tables(cx, "starr");
    let span = t.span();
    t.finish(cx);
    let mut prompts = Vec::new();
    let mut ok = true;
    for mut s in starr? {
        let letter = s.text(cx, "letter");
        let name = s.text(cx, "name");
        let probes = s.text(cx, "probes");
        s.finish(cx);
        match (letter, name, probes) {
            (Some(l), Some(n), Some(p)) => prompts.push(StarrPrompt {
                letter: l.into_inner(),
                name: n.into_inner(),
                probes: p.into_inner(),
            }),
            _ => ok = false,
        }
    }
    if ok && prompts.is_empty() {
        cx.error(
            span,
            "[interview] needs at least one [[interview.starr]] prompt",
        );
        ok = false;
    }
    ok.then_some(InterviewGuide {
        recommended_minutes: recommended_minutes?,
        recommended_competences: recommended_competences?,
        starr_prompts: prompts,
    })
}
