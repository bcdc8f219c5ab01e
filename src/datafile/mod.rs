//! The only code that reads `data/`: `model.toml` plus one file per competence, checked
//! thoroughly and turned into a `domain::model::Model`.
//!
//! Every problem in every file is collected and reported at once, as `file:line:col`
//! diagnostics, because the people fixing these files are centre staff, not programmers,
//! and one-error-per-run is a slow way to repair a file.

mod competence_file;
mod embedded;
mod model_file;
mod rules;
mod walk;

use std::path::Path;

use crate::diagnostics::{self, Diagnostic};
use crate::domain::model::Model;
use competence_file::ReadCompetence;
use walk::FileCx;

pub use embedded::EMBEDDED_FILES;

/// Loads and checks the model in `dir` (`dir/model.toml`, `dir/competences/*.toml`).
/// Diagnostics name files as `dir/...`, so they can be opened as shown.
pub fn load_dir(dir: &Path) -> Result<Model, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let model_path = dir.join("model.toml");
    match std::fs::read_to_string(&model_path) {
        Ok(text) => files.push((model_path.display().to_string(), text)),
        // Without model.toml nothing else can be checked meaningfully.
        Err(e) => {
            let name = model_path.display().to_string();
            let d = Diagnostic::whole_file(&name, format!("cannot read the model file: {e}"))
                .with_hint("a model folder holds model.toml and a competences/ folder");
            return Err(vec![d]);
        }
    }
    let comp_dir = dir.join("competences");
    match std::fs::read_dir(&comp_dir) {
        Ok(entries) => {
            let mut paths: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            for p in paths {
                let name = p.display().to_string();
                match std::fs::read_to_string(&p) {
                    Ok(text) => files.push((name, text)),
                    Err(e) => {
                        diags.push(Diagnostic::whole_file(&name, format!("cannot read: {e}")))
                    }
                }
            }
        }
        Err(e) => diags.push(Diagnostic::whole_file(
            &comp_dir.display().to_string(),
            format!("cannot read the competences folder: {e}"),
        )),
    }
    match load_sources(&files) {
        Ok(model) if diags.is_empty() => Ok(model),
        Ok(_) => Err(diags),
        Err(mut more) => {
            diags.append(&mut more);
            Err(diags)
        }
    }
}

/// The model shipped inside the binary. The test `embedded_model_is_valid` guarantees it
/// loads, so a failure here is a build defect, not bad user input.
pub fn load_embedded() -> Model {
    let files: Vec<(String, String)> = EMBEDDED_FILES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    match load_sources(&files) {
        Ok(model) => model,
        Err(diags) => {
            let report: Vec<String> = diags.iter().map(ToString::to_string).collect();
            panic!("the embedded model is invalid:\n{}", report.join("\n"))
        }
    }
}

/// Checks a set of files given as (display name, text). The file called `model.toml`
/// outside a `competences` folder is the model; files inside `competences/` are
/// competences, in the order `model.toml` lists them.
pub fn load_sources(files: &[(String, String)]) -> Result<Model, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut model_src = None;
    let mut comp_srcs = Vec::new();
    for (name, text) in files {
        let path = Path::new(name);
        let in_competences = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|d| d == "competences");
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if in_competences && path.extension().is_some_and(|x| x == "toml") {
            comp_srcs.push((name.as_str(), stem, text.as_str()));
        } else if path.file_name().is_some_and(|f| f == "model.toml") && model_src.is_none() {
            model_src = Some((name.as_str(), text.as_str()));
        } else {
            diags.push(Diagnostic::whole_file(
                name,
                "not a model file or a competence file",
            ));
        }
    }
    let Some((model_name, model_text)) = model_src else {
        diags.push(Diagnostic::whole_file(
            "model.toml",
            "model.toml is missing",
        ));
        return Err(diags);
    };

    let mut cx = FileCx::new(model_name, model_text);
    let mut refs = model_file::Refs::default();
    let head = model_file::read(&mut cx, &mut refs);
    let model_diags = cx.diags;
    diags.extend(model_diags);

    let mut read = Vec::new();
    let mut comp_ok = true;
    for (name, stem, text) in &comp_srcs {
        let mut cx = FileCx::new(name, text);
        let c = competence_file::read(&mut cx, stem, &refs);
        comp_ok &= c.is_some() && cx.diags.is_empty();
        diags.extend(cx.diags);
        if let Some(c) = c {
            read.push((*name, *text, c));
        }
    }
    cross_file_checks(
        model_name,
        model_text,
        head.as_ref(),
        &comp_srcs,
        &read,
        &mut diags,
    );

    match head {
        Some(head) if diags.is_empty() && comp_ok => Ok(assemble(head, read)),
        _ => {
            diagnostics::sort(&mut diags);
            Err(diags)
        }
    }
}

type Src<'a> = (&'a str, String, &'a str);

/// Checks that need more than one file: every listed competence has a file, every file is
/// listed, and ids and codes are unique across files.
fn cross_file_checks(
    model_name: &str,
    model_text: &str,
    head: Option<&model_file::ModelHead>,
    srcs: &[Src],
    read: &[(&str, &str, ReadCompetence)],
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(head) = head {
        for id in &head.competence_ids {
            if !srcs.iter().any(|(_, stem, _)| stem == id.get_ref()) {
                let msg = format!(
                    "competence \"{}\" is listed but competences/{}.toml does not exist",
                    id.get_ref(),
                    id.get_ref()
                );
                diags.push(Diagnostic::at_span(model_name, model_text, id.span(), msg));
            }
        }
        let listed: Vec<&str> = head
            .competence_ids
            .iter()
            .map(|s| s.get_ref().as_str())
            .collect();
        for (name, stem, _) in srcs {
            if !listed.contains(&stem.as_str()) {
                let d = Diagnostic::whole_file(
                    name,
                    format!(
                        "competence file \"{stem}\" is not listed in `competences` of model.toml"
                    ),
                )
                .with_optional_hint(
                    diagnostics::did_you_mean(stem, listed.iter().copied()).or_else(|| {
                        Some(format!(
                            "add \"{stem}\" to `competences` in model.toml, or remove the file"
                        ))
                    }),
                );
                diags.push(d);
            }
        }
    }
    for (i, (name, text, c)) in read.iter().enumerate() {
        for (other_name, _, other) in &read[..i] {
            if other.id.get_ref() == c.id.get_ref() {
                let msg = format!(
                    "competence id \"{}\" is also used by {other_name}",
                    c.id.get_ref()
                );
                diags.push(Diagnostic::at_span(name, text, c.id.span(), msg));
            }
            if other.code.get_ref() == c.code.get_ref() {
                let msg = format!("code \"{}\" is also used by {other_name}", c.code.get_ref());
                diags.push(Diagnostic::at_span(name, text, c.code.span(), msg));
            }
        }
    }
}

fn assemble(head: model_file::ModelHead, read: Vec<(&str, &str, ReadCompetence)>) -> Model {
    let mut competences: Vec<_> = read.into_iter().map(|(_, _, c)| c.competence).collect();
    let order = |id: &str| head.competence_ids.iter().position(|c| c.get_ref() == id);
    competences.sort_by_key(|c| order(&c.id));
    Model {
        id: head.id,
        version: head.version,
        title: head.title,
        clusters: head.clusters,
        outcome_scale: head.outcome_scale,
        complexity_scale: head.complexity_scale,
        eqf_bands: head.eqf_bands,
        key_competences: head.key_competences,
        portfolio_check: head.portfolio_check,
        scoring: head.scoring,
        interview: head.interview,
        competences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Vec<String> {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        match load_sources(&files) {
            Ok(_) => Vec::new(),
            Err(d) => d.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn wrong_types_and_missing_fields_are_all_reported() {
        let out = run(&[("m/model.toml", "id = 1\nclusters = \"x\"\nscoring = 3\n")]);
        let has = |s: &str| out.iter().any(|l| l.contains(s));
        assert!(
            has("m/model.toml:1:6: field `id`: invalid type: integer"),
            "{out:#?}"
        );
        assert!(
            has("m/model.toml:2:12: `clusters` at the top level must be a list of tables"),
            "{out:#?}"
        );
        assert!(
            has("m/model.toml:3:11: `scoring` at the top level must be a table, found integer"),
            "{out:#?}"
        );
        assert!(has("missing field `version`"), "{out:#?}");
        assert!(has("missing field `interview`"), "{out:#?}");
    }

    #[test]
    fn stray_and_missing_files() {
        let out = run(&[("m/notes.toml", "")]);
        assert_eq!(
            out,
            [
                "m/notes.toml: not a model file or a competence file",
                "model.toml: model.toml is missing"
            ]
        );
    }

    #[test]
    fn embedded_shape_matches_disk() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        assert_eq!(load_dir(&dir), Ok(load_embedded()));
    }
}
