//! `leverup model check [DIR]` and `leverup model show ID`: validate the competence model
//! and print one competence in a form an assessor can read on screen or on paper.

use std::io::Write;
use std::path::Path;

use crate::datafile;
use crate::diagnostics;
use crate::domain::model::{Competence, Model};
use crate::domain::scales::OutcomeLevel;

const WIDTH: usize = 78;

/// Checks the model in `dir` (or the embedded one) and prints a summary to `out`, or every
/// problem to `err`. Returns the exit code: 0 valid, 2 invalid data.
pub fn check(dir: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let (source, loaded) = match dir {
        Some(d) => (d.display().to_string(), datafile::load_dir(d)),
        None => (
            "the embedded model".to_string(),
            Ok(datafile::load_embedded()),
        ),
    };
    match loaded {
        Ok(model) => {
            // Write errors on stdout (a closed pipe) are not worth a different exit code.
            let _ = write_summary(&model, &source, out);
            0
        }
        Err(diags) => {
            for d in &diags {
                let _ = writeln!(err, "{d}");
            }
            let n = diagnostics::count(diags.len() as u64, "problem", "problems");
            let _ = writeln!(err, "{n} in {source}");
            2
        }
    }
}

fn write_summary(model: &Model, source: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let indicators: usize = model.competences.iter().map(|c| c.indicators.len()).sum();
    let questions: usize = model.competences.iter().map(|c| c.questions.len()).sum();
    let probes: usize = model
        .competences
        .iter()
        .flat_map(|c| &c.questions)
        .map(|q| q.probes.len())
        .sum();
    writeln!(
        out,
        "{source}: model {} version {} is valid",
        model.id, model.version
    )?;
    let n = |k: usize, one: &str, many: &str| diagnostics::count(k as u64, one, many);
    writeln!(
        out,
        "  {} in {}",
        n(model.competences.len(), "competence", "competences"),
        n(model.clusters.len(), "cluster", "clusters")
    )?;
    writeln!(out, "  {}", n(indicators, "indicator", "indicators"))?;
    writeln!(
        out,
        "  {} with {}",
        n(questions, "interview question", "interview questions"),
        n(probes, "probe", "probes")
    )?;
    Ok(())
}

/// Prints competence `id` readably; an unknown id is an error naming the known ids.
pub fn show(model: &Model, id: &str, out: &mut dyn Write) -> Result<(), String> {
    let Some(c) = model.competence(id) else {
        let ids: Vec<&str> = model.competences.iter().map(|c| c.id.as_str()).collect();
        let mut msg = format!("unknown competence \"{id}\"");
        if let Some(close) = diagnostics::closest(id, ids.iter().copied()) {
            msg.push_str(&format!("; did you mean \"{close}\"?"));
        }
        msg.push_str(&format!("\nknown competences: {}", ids.join(", ")));
        return Err(msg);
    };
    write_competence(model, c, out).map_err(|e| format!("cannot write: {e}"))
}

fn write_competence(model: &Model, c: &Competence, out: &mut dyn Write) -> std::io::Result<()> {
    let cluster = model
        .cluster(&c.cluster)
        .map_or(c.cluster.as_str(), |k| k.name.as_str());
    writeln!(out, "{} {} ({})", c.code, c.name, c.id)?;
    writeln!(out, "Cluster: {cluster}")?;
    writeln!(out)?;
    para(out, "", &c.description)?;

    heading(out, "Learning outcomes")?;
    for level in OutcomeLevel::ALL {
        writeln!(out, "  {}:", level.label())?;
        para(out, "    ", c.outcome(*level))?;
    }

    heading(out, "Indicators")?;
    for (i, ind) in c.indicators.iter().enumerate() {
        item(out, &format!("  {:>2}. ", i + 1), &ind.text)?;
    }

    heading(out, "Typical volunteering activities")?;
    for a in &c.activities {
        item(out, "  - ", a)?;
    }

    heading(out, "Evidence examples")?;
    for e in &c.evidence_examples {
        item(out, "  - ", e)?;
    }

    heading(out, "EU key competences")?;
    for (i, kc) in c.key_competences.iter().enumerate() {
        let name = model.key_competence(kc).map_or("", |k| k.name.as_str());
        let primary = if i == 0 { " (primary)" } else { "" };
        item(out, "  - ", &format!("{kc} {name}{primary}"))?;
    }

    heading(out, "ESCO skills")?;
    for e in &c.esco {
        item(out, "  - ", &format!("{}: {}", e.label, e.uri))?;
    }

    heading(out, "Interview questions")?;
    for (i, q) in c.questions.iter().enumerate() {
        item(out, &format!("  {}. ", i + 1), &q.text)?;
        for p in &q.probes {
            item(out, "       > ", p)?;
        }
    }
    Ok(())
}

fn heading(out: &mut dyn Write, title: &str) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{title}")?;
    writeln!(out, "{}", "-".repeat(title.chars().count()))
}

/// A paragraph indented by `indent` on every line.
fn para(out: &mut dyn Write, indent: &str, text: &str) -> std::io::Result<()> {
    item(out, indent, text)
}

/// `first` starts the first line; following lines are indented to line up under the text.
fn item(out: &mut dyn Write, first: &str, text: &str) -> std::io::Result<()> {
    let hang = " ".repeat(first.chars().count());
    for (i, line) in wrap(text, WIDTH.saturating_sub(hang.len()).max(20))
        .iter()
        .enumerate()
    {
        let lead = if i == 0 { first } else { hang.as_str() };
        writeln!(out, "{lead}{line}")?;
    }
    Ok(())
}

/// Greedy word wrap; a word longer than the width (a URI) gets a line of its own.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let lines = wrap("one two three four five six", 9);
        assert_eq!(lines, ["one two", "three", "four five", "six"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
    }

    #[test]
    fn show_prints_every_section_within_width() {
        let model = datafile::load_embedded();
        let mut out = Vec::new();
        show(&model, "teamwork", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for part in [
            "C08 Teamwork",
            "Cluster: Social",
            "Expert:",
            "  5. ",
            "KC5",
            "esco/skill",
            "> ",
        ] {
            assert!(text.contains(part), "missing {part:?} in\n{text}");
        }
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
    }

    #[test]
    fn show_unknown_id_suggests_close_one() {
        let model = datafile::load_embedded();
        let err = show(&model, "temwork", &mut Vec::new()).unwrap_err();
        assert!(err.contains("did you mean \"teamwork\"?"), "{err}");
        assert!(err.contains("responsibility"));
    }

    #[test]
    fn check_embedded_prints_summary() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(check(None, &mut out, &mut err), 0);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("leverup-standard version 1.0.0"), "{text}");
        assert!(text.contains("15 competences in 4 clusters"), "{text}");
    }
}
