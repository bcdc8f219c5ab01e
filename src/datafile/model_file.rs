//! Reads and checks `model.toml`: clusters, scales, key competences, thresholds and the
//! list of competence ids. Everything except the competences themselves.

use toml::Spanned;

use super::rules::{interview, portfolio, scoring};
use super::walk::{Fields, FileCx};
use crate::domain::model::{
    Cluster, DimensionScale, EqfBand, InterviewGuide, KeyCompetence, LevelDescriptor,
    PortfolioCheckRules, ScoringRules,
};
use crate::domain::scales::{Complexity, Dimension, OutcomeLevel};

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
