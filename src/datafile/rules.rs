//! The procedure rules in `model.toml`: Portfolio Quality Check criteria and thresholds,
//! scoring fractions and the interview guide. Numbers here drive decisions, so each is
//! range-checked with a message that says what a sensible value looks like.

use std::ops::Range;

use toml::Spanned;

use super::model_file::unique;
use super::walk::{Fields, FileCx};
use crate::domain::model::{
    CheckCriterion, Fraction, InterviewGuide, PortfolioCheckRules, ScoringRules, StarrPrompt,
};

/// The five Portfolio Quality Check criteria the procedure relies on (DOMAIN D6).
pub(crate) const CRITERIA: [&str; 5] = [
    "relevance",
    "authenticity",
    "currency",
    "sufficiency",
    "variety",
];

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

pub(crate) fn portfolio(cx: &mut FileCx, mut t: Fields) -> Option<PortfolioCheckRules> {
    let currency_years = bounded(cx, &mut t, "currency_years", 1, 50);
    let min_items = bounded(cx, &mut t, "min_items", 1, 100);
    let min_types = bounded(cx, &mut t, "min_types", 1, 100);
    let criteria = t
        .tables(cx, "criteria")
        .and_then(|c| criteria(cx, c, t.span()));
    if let (Some(items), Some(types)) = (min_items, min_types)
        && types > items
    {
        let msg = format!(
            "`min_types` ({types}) is larger than `min_items` ({items}), so no portfolio could pass"
        );
        cx.error(t.span(), msg);
    }
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
    table_span: Range<usize>,
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

pub(crate) fn scoring(cx: &mut FileCx, mut t: Fields) -> Option<ScoringRules> {
    let min_applicable = fraction(cx, &mut t, "min_applicable", true);
    let level_share = fraction(cx, &mut t, "level_share", false);
    t.finish(cx);
    Some(ScoringRules {
        min_applicable: min_applicable?,
        level_share: level_share?,
    })
}

pub(crate) fn interview(cx: &mut FileCx, mut t: Fields) -> Option<InterviewGuide> {
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
