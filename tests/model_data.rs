//! The shipped model loads, and each kind of broken competence file is reported with its
//! file, line and a clear message. Broken copies are made in a temporary folder from `data/`.

mod data_fixture;

use std::fs;

use data_fixture::{copy_data, data_dir, edit, expect, problems};
use leverup::cli::model_cmd;
use leverup::datafile::{load_dir, load_embedded};

#[test]
fn shipped_model_loads_from_disk_and_embedded() {
    let model = load_dir(&data_dir()).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(model, load_embedded());
    assert_eq!(model.id, "leverup-standard");
    assert_eq!(model.version, "1.0.0");
    assert_eq!(model.competences.len(), 15);
    assert_eq!(model.clusters.len(), 4);
    assert_eq!(model.key_competences.len(), 8);
    assert_eq!(model.portfolio_check.criteria.len(), 5);
    for (i, c) in model.competences.iter().enumerate() {
        assert_eq!(c.code, format!("C{:02}", i + 1), "order of {}", c.id);
        assert!(c.indicators.len() >= 5, "{}", c.id);
        assert!((3..=4).contains(&c.questions.len()), "{}", c.id);
        assert!(model.cluster(&c.cluster).is_some());
        assert_eq!(c.outcomes.len(), 3);
    }
    assert_eq!(model.competences[7].id, "teamwork");
    assert_eq!(model.competences[7].cluster, "social");
}

#[test]
fn syntax_error_is_reported_with_position() {
    let dir = copy_data();
    let line = edit(
        &dir,
        "competences/empathy.toml",
        "name = \"Empathy\"",
        "name = \"Empathy",
    );
    let d = expect(
        &problems(&dir),
        "competences/empathy.toml",
        line,
        "TOML syntax error",
    );
    assert!(d.to_string().contains("empathy.toml:"));
}

#[test]
fn unknown_field_gets_a_suggestion() {
    let dir = copy_data();
    let line = edit(
        &dir,
        "competences/teamwork.toml",
        "description =",
        "descripton =",
    );
    let d = expect(
        &problems(&dir),
        "competences/teamwork.toml",
        line,
        "unknown field `descripton`",
    );
    assert_eq!(d.col, 1);
    assert_eq!(d.hint.as_deref(), Some("did you mean \"description\"?"));
}

#[test]
fn missing_field_is_reported() {
    let dir = copy_data();
    edit(
        &dir,
        "competences/leadership.toml",
        "name = \"Leadership\"\n",
        "",
    );
    expect(
        &problems(&dir),
        "competences/leadership.toml",
        1,
        "missing field `name`",
    );
}

#[test]
fn unknown_cluster_names_known_ones() {
    let dir = copy_data();
    let line = edit(
        &dir,
        "competences/teamwork.toml",
        "cluster = \"social\"",
        "cluster = \"socail\"",
    );
    let d = expect(
        &problems(&dir),
        "competences/teamwork.toml",
        line,
        "cluster \"socail\" is not declared in model.toml",
    );
    assert_eq!(d.col, 11);
    assert_eq!(d.hint.as_deref(), Some("did you mean \"social\"?"));

    let dir = copy_data();
    edit(
        &dir,
        "competences/teamwork.toml",
        "cluster = \"social\"",
        "cluster = \"people\"",
    );
    let d = expect(
        &problems(&dir),
        "competences/teamwork.toml",
        line,
        "cluster \"people\"",
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("known clusters: personal, social, organisational, methodological")
    );
}

#[test]
fn unknown_key_competence() {
    let dir = copy_data();
    let line = edit(&dir, "competences/empathy.toml", "\"KC6\"", "\"KC9\"");
    expect(
        &problems(&dir),
        "competences/empathy.toml",
        line,
        "key competence \"KC9\" is not declared",
    );
}

#[test]
fn id_must_match_file_name() {
    let dir = copy_data();
    let line = edit(
        &dir,
        "competences/empathy.toml",
        "id = \"empathy\"",
        "id = \"teamwork\"",
    );
    let diags = problems(&dir);
    let d = expect(
        &diags,
        "competences/empathy.toml",
        line,
        "does not match the file name \"empathy.toml\"",
    );
    assert!(d.hint.unwrap().contains("rename the file"));
}

#[test]
fn duplicate_indicator_id() {
    let dir = copy_data();
    let line = edit(
        &dir,
        "competences/teamwork.toml",
        "id = \"shares-information\"",
        "id = \"does-own-share\"",
    );
    expect(
        &problems(&dir),
        "competences/teamwork.toml",
        line,
        "indicator id \"does-own-share\" appears twice",
    );
}

#[test]
fn missing_outcome_level() {
    let dir = copy_data();
    let text = fs::read_to_string(dir.path().join("competences/initiative.toml")).unwrap();
    let expert = text
        .lines()
        .find(|l| l.starts_with("expert ="))
        .unwrap()
        .to_string();
    let line = edit(
        &dir,
        "competences/initiative.toml",
        "[outcomes]",
        "[outcomes]",
    );
    edit(
        &dir,
        "competences/initiative.toml",
        &format!("{expert}\n"),
        "",
    );
    expect(
        &problems(&dir),
        "competences/initiative.toml",
        line,
        "missing field `expert` in [outcomes]",
    );
}

#[test]
fn empty_texts_and_probes() {
    let dir = copy_data();
    let line_q = edit(
        &dir,
        "competences/engagement.toml",
        "text = \"How has your",
        "text = \" \"\nx = \"",
    );
    let line_p = edit(
        &dir,
        "competences/engagement.toml",
        "\"Why did you stay?\"",
        "\"\"",
    );
    let diags = problems(&dir);
    expect(
        &diags,
        "competences/engagement.toml",
        line_q,
        "field `text` in [[questions]] entry 1 is empty",
    );
    expect(
        &diags,
        "competences/engagement.toml",
        line_p,
        "entry 1 of `probes` in [[questions]] entry 2 is empty",
    );
}

#[test]
fn too_few_indicators_and_wrong_question_count() {
    let dir = copy_data();
    let path = dir.path().join("competences/communication.toml");
    let text = fs::read_to_string(&path).unwrap();
    // Drop the last indicator and the last two questions.
    let cut_ind = text.rfind("[[indicators]]").unwrap();
    let after_ind = cut_ind + text[cut_ind..].find("\n\n").unwrap();
    let mut text = format!("{}{}", &text[..cut_ind], &text[after_ind + 2..]);
    for _ in 0..2 {
        let q = text.rfind("[[questions]]").unwrap();
        text.truncate(q);
    }
    let line_of = |t: &str, s: &str| t[..t.find(s).unwrap()].matches('\n').count() + 1;
    let (ind, quest) = (
        line_of(&text, "[[indicators]]"),
        line_of(&text, "[[questions]]"),
    );
    fs::write(&path, text).unwrap();
    let diags = problems(&dir);
    expect(
        &diags,
        "competences/communication.toml",
        ind,
        "at least 5 [[indicators]], found 4",
    );
    expect(
        &diags,
        "competences/communication.toml",
        quest,
        "3 to 4 [[questions]], found 2",
    );
}

#[test]
fn esco_uri_must_be_an_esco_skill() {
    let dir = copy_data();
    let line = edit(
        &dir,
        "competences/teamwork.toml",
        "http://data.europa.eu/esco/skill/60c7",
        "https://esco.example/60c7",
    );
    let d = expect(
        &problems(&dir),
        "competences/teamwork.toml",
        line,
        "is not an ESCO skill",
    );
    assert!(
        d.hint
            .unwrap()
            .contains("http://data.europa.eu/esco/skill/")
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = copy_data();
    let a = edit(
        &dir,
        "competences/teamwork.toml",
        "cluster = \"social\"",
        "cluster = \"socail\"",
    );
    let b = edit(
        &dir,
        "competences/teamwork.toml",
        "label = \"work in teams\"",
        "lable = \"work in teams\"",
    );
    let c = edit(&dir, "competences/empathy.toml", "\"KC5\"", "\"KC0\"");
    let d = edit(
        &dir,
        "model.toml",
        "recommended_minutes = 40",
        "recommended_minutes = \"forty\"",
    );
    let diags = problems(&dir);
    expect(&diags, "competences/teamwork.toml", a, "cluster \"socail\"");
    expect(
        &diags,
        "competences/teamwork.toml",
        b,
        "unknown field `lable`",
    );
    expect(
        &diags,
        "competences/teamwork.toml",
        b - 2,
        "missing field `label`",
    );
    expect(
        &diags,
        "competences/empathy.toml",
        c,
        "key competence \"KC0\"",
    );
    expect(&diags, "model.toml", d, "recommended_minutes");
    assert!(diags.len() >= 5);
}

#[test]
fn check_command_reports_problems_and_exit_code() {
    let dir = copy_data();
    edit(
        &dir,
        "competences/teamwork.toml",
        "cluster = \"social\"",
        "cluster = \"socail\"",
    );
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(model_cmd::check(Some(dir.path()), &mut out, &mut err), 2);
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("teamwork.toml:4:11: cluster \"socail\" is not declared in model.toml"),
        "{err}"
    );
    assert!(err.contains("\n  hint: did you mean \"social\"?"), "{err}");
    assert!(
        err.trim_end()
            .ends_with(&format!("1 problem in {}", dir.path().display())),
        "{err}"
    );

    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(model_cmd::check(Some(&data_dir()), &mut out, &mut err), 0);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("15 competences in 4 clusters"), "{out}");
    assert!(out.contains("75 indicators"), "{out}");
}
