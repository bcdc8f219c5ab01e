//! Reads and checks one `competences/<id>.toml` file against the clusters and key
//! competences that `model.toml` declares.

use toml::Spanned;

use super::model_file::{Refs, check_id, outcome_levels, unique};
use super::walk::{Fields, FileCx};
use crate::diagnostics::did_you_mean;
use crate::domain::model::{Competence, EscoLink, Indicator, Question};

pub(crate) const MIN_INDICATORS: usize = 5;
pub(crate) const QUESTIONS: std::ops::RangeInclusive<usize> = 3..=4;
pub(crate) const ESCO_PREFIX: &str = "http://data.europa.eu/esco/skill/";

/// A competence with the positions of the values other files are checked against.
pub(crate) struct ReadCompetence {
    pub competence: Competence,
    pub id: Spanned<String>,
    pub code: Spanned<String>,
}

/// `stem` is the file name without `.toml`. References are checked only against the parts
/// of `model.toml` that could be read.
pub(crate) fn read(cx: &mut FileCx, stem: &str, refs: &Refs) -> Option<ReadCompetence> {
    let mut root = cx.parse()?;
    let id = root.text(cx, "id");
    let code = root.text(cx, "code");
    let name = root.text(cx, "name");
    let cluster = root.text(cx, "cluster");
    let description = root.text(cx, "description");
    let key_competences = root.texts(cx, "key_competences", 1);
    let activities = root.texts(cx, "activities", 1);
    let evidence_examples = root.texts(cx, "evidence_examples", 1);
    let outcomes = root
        .table(cx, "outcomes")
        .and_then(|t| outcome_levels(cx, t));
    let indicators = root
        .tables(cx, "indicators")
        .and_then(|t| indicators(cx, t, root.span()));
    let esco = root
        .tables(cx, "esco")
        .and_then(|t| esco(cx, t, root.span()));
    let questions = root
        .tables(cx, "questions")
        .and_then(|t| questions(cx, t, root.span()));
    root.finish(cx);

    let id_ok = id
        .as_ref()
        .is_some_and(|id| check_id(cx, id, "competence id") && id_matches_file(cx, id, stem));
    let code_ok = code.as_ref().is_some_and(|c| check_code(cx, c));
    let cluster_ok = cluster.as_ref().is_some_and(|c| check_cluster(cx, c, refs));
    let kc_ok = key_competences
        .as_ref()
        .is_some_and(|k| check_key_competences(cx, k, refs));
    if !(id_ok && code_ok && cluster_ok && kc_ok) {
        return None;
    }
    let (id, code) = (id?, code?);
    let competence = Competence {
        id: id.get_ref().clone(),
        code: code.get_ref().clone(),
        name: name?.into_inner(),
        cluster: cluster?.into_inner(),
        description: description?.into_inner(),
        outcomes: outcomes?,
        indicators: indicators?,
        activities: strings(activities?),
        evidence_examples: strings(evidence_examples?),
        key_competences: strings(key_competences?),
        esco: esco?,
        questions: questions?,
    };
    Some(ReadCompetence {
        competence,
        id,
        code,
    })
}

fn strings(v: Vec<Spanned<String>>) -> Vec<String> {
    v.into_iter().map(Spanned::into_inner).collect()
}

fn id_matches_file(cx: &mut FileCx, id: &Spanned<String>, stem: &str) -> bool {
    if id.get_ref() == stem {
        return true;
    }
    let msg = format!(
        "id \"{}\" does not match the file name \"{stem}.toml\"",
        id.get_ref()
    );
    let hint = format!(
        "rename the file to \"{}.toml\" or set id = \"{stem}\"",
        id.get_ref()
    );
    cx.error_hint(id.span(), msg, Some(hint));
    false
}

fn check_code(cx: &mut FileCx, code: &Spanned<String>) -> bool {
    let s = code.get_ref();
    let ok = s.len() == 3 && s.starts_with('C') && s[1..].chars().all(|c| c.is_ascii_digit());
    if !ok {
        cx.error_hint(
            code.span(),
            format!("code \"{s}\" is not of the form C01"),
            None,
        );
    }
    ok
}

fn check_cluster(cx: &mut FileCx, cluster: &Spanned<String>, refs: &Refs) -> bool {
    let Some(known) = &refs.clusters else {
        return true;
    };
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    if known.contains(&cluster.get_ref().as_str()) {
        return true;
    }
    let msg = format!(
        "cluster \"{}\" is not declared in model.toml",
        cluster.get_ref()
    );
    let hint = did_you_mean(cluster.get_ref(), known.iter().copied())
        .unwrap_or_else(|| format!("known clusters: {}", known.join(", ")));
    cx.error_hint(cluster.span(), msg, Some(hint));
    false
}

fn check_key_competences(cx: &mut FileCx, ids: &[Spanned<String>], refs: &Refs) -> bool {
    let mut ok = unique(cx, ids.iter(), "key competence", "`key_competences`");
    let Some(known) = &refs.key_competences else {
        return ok;
    };
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    for id in ids {
        if known.contains(&id.get_ref().as_str()) {
            continue;
        }
        let msg = format!(
            "key competence \"{}\" is not declared in model.toml",
            id.get_ref()
        );
        let hint = did_you_mean(id.get_ref(), known.iter().copied())
            .unwrap_or_else(|| format!("known key competences: {}", known.join(", ")));
        cx.error_hint(id.span(), msg, Some(hint));
        ok = false;
    }
    ok
}

fn indicators(
    cx: &mut FileCx,
    tables: Vec<Fields>,
    file_span: std::ops::Range<usize>,
) -> Option<Vec<Indicator>> {
    let count = tables.len();
    let at = tables.first().map_or(file_span, Fields::span);
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let mut ok = true;
    for mut t in tables {
        let id = t.text(cx, "id");
        let text = t.text(cx, "text");
        t.finish(cx);
        let (Some(id), Some(text)) = (id, text) else {
            ok = false;
            continue;
        };
        ok &= check_id(cx, &id, "indicator id");
        out.push(Indicator {
            id: id.get_ref().clone(),
            text: text.into_inner(),
        });
        ids.push(id);
    }
    ok &= unique(cx, ids.iter(), "indicator id", "[[indicators]]");
    if count < MIN_INDICATORS {
        let msg =
            format!("a competence needs at least {MIN_INDICATORS} [[indicators]], found {count}");
        cx.error(at, msg);
        ok = false;
    }
    ok.then_some(out)
}

fn esco(
    cx: &mut FileCx,
    tables: Vec<Fields>,
    file_span: std::ops::Range<usize>,
) -> Option<Vec<EscoLink>> {
    let mut out = Vec::new();
    let mut ok = true;
    for mut t in tables {
        let uri = t.text(cx, "uri");
        let label = t.text(cx, "label");
        t.finish(cx);
        let (Some(uri), Some(label)) = (uri, label) else {
            ok = false;
            continue;
        };
        let rest = uri.get_ref().strip_prefix(ESCO_PREFIX).unwrap_or("");
        if rest.is_empty() || rest.contains(char::is_whitespace) {
            let msg = format!("ESCO uri \"{}\" is not an ESCO skill", uri.get_ref());
            cx.error_hint(
                uri.span(),
                msg,
                Some(format!("ESCO skill URIs start with {ESCO_PREFIX}")),
            );
            ok = false;
            continue;
        }
        out.push(EscoLink {
            uri: uri.into_inner(),
            label: label.into_inner(),
        });
    }
    if ok && out.is_empty() {
        cx.error(file_span, "a competence needs at least one [[esco]] link");
        ok = false;
    }
    ok.then_some(out)
}

fn questions(
    cx: &mut FileCx,
    tables: Vec<Fields>,
    file_span: std::ops::Range<usize>,
) -> Option<Vec<Question>> {
    let count = tables.len();
    let at = tables.first().map_or(file_span, Fields::span);
    let mut out = Vec::new();
    let mut ok = true;
    for mut t in tables {
        let text = t.text(cx, "text");
        let probes = t.texts(cx, "probes", 1);
        t.finish(cx);
        match (text, probes) {
            (Some(text), Some(probes)) => out.push(Question {
                text: text.into_inner(),
                probes: strings(probes),
            }),
            _ => ok = false,
        }
    }
    if !QUESTIONS.contains(&count) {
        let msg = format!(
            "a competence needs {} to {} [[questions]], found {count}",
            QUESTIONS.start(),
            QUESTIONS.end()
        );
        cx.error(at, msg);
        ok = false;
    }
    ok.then_some(out)
}
