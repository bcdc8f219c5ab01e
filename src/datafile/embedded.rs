//! The shipped model, compiled into the binary so `leverup` works without a `data/`
//! folder. Listed by hand because `include_str!` needs literal paths; a test keeps this
//! list and `data/competences/` in step.

/// (display name, text) of every shipped data file, `model.toml` first.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    ("data/model.toml", include_str!("../../data/model.toml")),
    (
        "data/competences/responsibility.toml",
        include_str!("../../data/competences/responsibility.toml"),
    ),
    (
        "data/competences/empathy.toml",
        include_str!("../../data/competences/empathy.toml"),
    ),
    (
        "data/competences/initiative.toml",
        include_str!("../../data/competences/initiative.toml"),
    ),
    (
        "data/competences/flexibility-adaptability.toml",
        include_str!("../../data/competences/flexibility-adaptability.toml"),
    ),
    (
        "data/competences/engagement.toml",
        include_str!("../../data/competences/engagement.toml"),
    ),
    (
        "data/competences/leadership.toml",
        include_str!("../../data/competences/leadership.toml"),
    ),
    (
        "data/competences/communication.toml",
        include_str!("../../data/competences/communication.toml"),
    ),
    (
        "data/competences/teamwork.toml",
        include_str!("../../data/competences/teamwork.toml"),
    ),
    (
        "data/competences/intercultural-diversity.toml",
        include_str!("../../data/competences/intercultural-diversity.toml"),
    ),
    (
        "data/competences/result-orientation.toml",
        include_str!("../../data/competences/result-orientation.toml"),
    ),
    (
        "data/competences/organisation-planning.toml",
        include_str!("../../data/competences/organisation-planning.toml"),
    ),
    (
        "data/competences/digital-thinking.toml",
        include_str!("../../data/competences/digital-thinking.toml"),
    ),
    (
        "data/competences/problem-solving.toml",
        include_str!("../../data/competences/problem-solving.toml"),
    ),
    (
        "data/competences/learning-to-learn.toml",
        include_str!("../../data/competences/learning-to-learn.toml"),
    ),
    (
        "data/competences/innovation-creativity.toml",
        include_str!("../../data/competences/innovation-creativity.toml"),
    ),
];

#[cfg(test)]
mod tests {
    use super::EMBEDDED_FILES;

    #[test]
    fn embedded_list_matches_data_folder() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/competences");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".toml"))
            .map(|n| format!("data/competences/{n}"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED_FILES[1..]
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        embedded.sort();
        assert_eq!(embedded, on_disk, "update src/datafile/embedded.rs");
    }

    #[test]
    fn embedded_model_is_valid() {
        let model = super::super::load_embedded();
        assert_eq!(model.competences.len(), 15);
    }
}
