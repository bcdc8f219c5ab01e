//! Broken `model.toml` files (thresholds, scales, portfolio criteria) and problems spanning
//! several files are reported with file, line and a message that says how to fix them.

mod data_fixture;

use std::fs;

use data_fixture::{copy_data, edit, expect, problems};

#[test]
fn thresholds_out_of_range() {
    let dir = copy_data();
    let l1 = edit(
        &dir,
        "model.toml",
        "currency_years = 5",
        "currency_years = 0",
    );
    let l2 = edit(&dir, "model.toml", "min_items = 2", "min_items = 0");
    let l3 = edit(
        &dir,
        "model.toml",
        "level_share = [2, 3]",
        "level_share = [2, 0]",
    );
    let l4 = edit(
        &dir,
        "model.toml",
        "min_applicable = [1, 2]",
        "min_applicable = [3, 2]",
    );
    let diags = problems(&dir);
    expect(
        &diags,
        "model.toml",
        l1,
        "`currency_years` is 0, but must be between 1 and 50",
    );
    expect(&diags, "model.toml", l2, "`min_items` is 0");
    expect(&diags, "model.toml", l3, "zero denominator");
    expect(&diags, "model.toml", l4, "more than 1");
}

#[test]
fn complexity_anchor_missing() {
    let dir = copy_data();
    let line = edit(&dir, "model.toml", "[complexity.task]", "[complexity.task]");
    edit(
        &dir,
        "model.toml",
        "mid-high = \"Specific non-routine problems; develops solutions.\"\n",
        "",
    );
    expect(
        &problems(&dir),
        "model.toml",
        line,
        "missing field `mid-high` in [complexity.task]",
    );
}

#[test]
fn portfolio_criteria_must_be_the_five() {
    let dir = copy_data();
    let line = edit(&dir, "model.toml", "id = \"variety\"", "id = \"varietty\"");
    let d = expect(
        &problems(&dir),
        "model.toml",
        line,
        "portfolio criterion \"varietty\"",
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean \"variety\"?"));
}

#[test]
fn missing_model_file_is_one_clear_problem() {
    let dir = copy_data();
    fs::remove_file(dir.path().join("model.toml")).unwrap();
    let diags = problems(&dir);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = expect(&diags, "model.toml", 0, "cannot read the model file");
    assert!(
        d.to_string()
            .starts_with(&format!("{}: ", dir.path().join("model.toml").display()))
    );
}

#[test]
fn min_types_cannot_exceed_min_items() {
    let dir = copy_data();
    let line = edit(&dir, "model.toml", "[portfolio_check]", "[portfolio_check]");
    edit(&dir, "model.toml", "min_types = 2", "min_types = 3");
    expect(
        &problems(&dir),
        "model.toml",
        line,
        "`min_types` (3) is larger than `min_items` (2)",
    );
}

#[test]
fn competence_files_must_match_the_list() {
    let dir = copy_data();
    fs::remove_file(dir.path().join("competences/empathy.toml")).unwrap();
    fs::write(
        dir.path().join("competences/extra.toml"),
        "id = \"extra\"\n",
    )
    .unwrap();
    let model = fs::read_to_string(dir.path().join("model.toml")).unwrap();
    let line = model
        .lines()
        .position(|l| l.contains("\"empathy\""))
        .unwrap()
        + 1;
    let diags = problems(&dir);
    expect(
        &diags,
        "model.toml",
        line,
        "competences/empathy.toml does not exist",
    );
    expect(
        &diags,
        "competences/extra.toml",
        0,
        "is not listed in `competences`",
    );
}

#[test]
fn duplicate_code_across_files() {
    let dir = copy_data();
    let line = edit(
        &dir,
        "competences/teamwork.toml",
        "code = \"C08\"",
        "code = \"C07\"",
    );
    let d = expect(
        &problems(&dir),
        "competences/teamwork.toml",
        line,
        "code \"C07\" is also used by",
    );
    assert!(d.message.contains("communication.toml"));
}
