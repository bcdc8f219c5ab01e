//! The portfolio summary as one self-contained HTML page for printing: the style sheet is
//! inline, and there are no scripts, images, fonts or links to fetch, so the file prints
//! the same offline, years later, and leaks nothing when opened.
//!
//! Every section is one small function that writes nothing when it has nothing to say.
//! Every text from the database passes through `esc` (the XML escape the badges use: its
//! five entities are HTML5's too); nothing else is interpolated.

use std::fmt::Write as _;
use std::io;

use super::badge::svg::xml_escape as esc;
use super::portfolio::{
    CompetencePart, EvidenceLine, PortfolioSummary, RecordSection, ResultLine, SelfRating,
};

/// A4, black on white, serif body text; tables and records are kept on one page where
/// they fit. `pre-line` keeps the line breaks typed into descriptions and reasons.
const STYLE: &str = "\
@page { size: A4; margin: 18mm 16mm 20mm; }
html { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #000; background: #fff; }
body { max-width: 48em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; margin: 1.6em 0 .5em; border-bottom: 1px solid #000; }
h3 { font-size: 12pt; margin: 1.2em 0 .3em; }
h4 { font-size: 11pt; margin: .8em 0 .2em; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
.subtitle { font-size: 13pt; margin: 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: .15em 1em; margin: .3em 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .3em 0; }
th, td { border: 1px solid #666; padding: .2em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
tr, dl, .record { break-inside: avoid; page-break-inside: avoid; }
.text { white-space: pre-line; }
.note { font-style: italic; }
footer { margin-top: 2em; font-size: 9pt; border-top: 1px solid #999; }
@media print { body { max-width: none; margin: 0; padding: 0; } th { background: none; } }
";

/// The page, whole.
pub fn write_html(doc: &PortfolioSummary, out: &mut impl io::Write) -> io::Result<()> {
    let mut h = String::with_capacity(16 * 1024);
    head(&mut h, doc);
    candidate(&mut h, doc);
    self_assessment(&mut h, &doc.self_assessment);
    competences(&mut h, &doc.competences);
    for section in &doc.records {
        records(&mut h, section);
    }
    footer(&mut h, doc);
    out.write_all(h.as_bytes())
}

fn head(h: &mut String, doc: &PortfolioSummary) {
    let name = esc(&doc.candidate);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Portfolio summary: {name}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>Portfolio summary</h1>\n<p class=\"subtitle\">{name}</p>\n</header>\n"
    );
}

/// A definition list of the fields that have a value.
fn fields(h: &mut String, pairs: &[(&str, &str)]) {
    h.push_str("<dl>\n");
    for (label, value) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd class=\"text\">{}</dd>",
            esc(label),
            esc(value)
        );
    }
    h.push_str("</dl>\n");
}

fn candidate(h: &mut String, doc: &PortfolioSummary) {
    h.push_str("<section id=\"candidate\">\n<h2>Candidate</h2>\n");
    fields(
        h,
        &[
            ("Name", &doc.candidate),
            ("E-mail", doc.email.as_deref().unwrap_or("")),
            ("Validation centre", &doc.centre),
            ("Tutor", doc.tutor.as_deref().unwrap_or("")),
            ("Step of the path", &doc.step),
            ("Stopped", doc.stopped.as_deref().unwrap_or("")),
            ("Assessment", doc.assessment.as_deref().unwrap_or("")),
        ],
    );
    h.push_str("</section>\n");
}

fn self_assessment(h: &mut String, rows: &[SelfRating]) {
    if rows.is_empty() {
        return;
    }
    h.push_str(
        "<section id=\"self-assessment\">\n<h2>Self-assessment</h2>\n<table>\n\
         <thead><tr><th>Competence</th><th>Quick (1–4)</th><th>Detailed</th></tr></thead>\n\
         <tbody>\n",
    );
    for r in rows {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.competence),
            esc(&r.quick),
            esc(&r.detailed)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn competences(h: &mut String, parts: &[CompetencePart]) {
    if parts.is_empty() {
        return;
    }
    h.push_str("<section id=\"competences\">\n<h2>Competences</h2>\n");
    for part in parts {
        competence(h, part);
    }
    h.push_str("</section>\n");
}

fn competence(h: &mut String, part: &CompetencePart) {
    let claim = if part.claimed { "" } else { " (not claimed)" };
    let _ = write!(
        h,
        "<article class=\"competence\">\n<h3>{}{claim}</h3>\n<p class=\"text\">{}</p>\n",
        esc(&part.title),
        esc(&part.description)
    );
    evidence(h, &part.evidence);
    if let Some(r) = &part.result {
        result(h, r);
    }
    h.push_str("</article>\n");
}

fn evidence(h: &mut String, items: &[EvidenceLine]) {
    if items.is_empty() {
        h.push_str("<p class=\"note\">No evidence recorded yet.</p>\n");
        return;
    }
    h.push_str(
        "<h4>Evidence</h4>\n<table>\n<thead><tr><th>Title</th><th>Kind</th><th>Date</th>\
         <th>Description</th></tr></thead>\n<tbody>\n",
    );
    for e in items {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
            esc(&e.title),
            esc(&e.kind),
            esc(&e.dated),
            esc(&e.description)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

fn result(h: &mut String, r: &ResultLine) {
    h.push_str("<h4>Assessment result</h4>\n");
    fields(
        h,
        &[
            ("Decision", &r.decision),
            ("Level", &r.level),
            ("Complexity", &r.complexity),
            ("Reasons", &r.reasons),
            ("Advice", &r.advice),
        ],
    );
}

fn records(h: &mut String, section: &RecordSection) {
    if section.records.is_empty() {
        return;
    }
    let _ = writeln!(h, "<section>\n<h2>{}</h2>", esc(&section.title));
    for record in &section.records {
        h.push_str("<div class=\"record\">\n");
        let pairs: Vec<(&str, &str)> = record
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        fields(h, &pairs);
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
}

fn footer(h: &mut String, doc: &PortfolioSummary) {
    let _ = write!(
        h,
        "<footer>\n<p>Written by leverup on {} from the {}.</p>\n</footer>\n</body>\n</html>\n",
        esc(&doc.written_on),
        esc(&doc.model)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_section_prints_each_record_escaped() {
        let doc = PortfolioSummary {
            candidate: "A".into(),
            records: vec![RecordSection {
                title: "Development plan".into(),
                records: vec![vec![
                    ("Goal".into(), "Lead a <team> & grow".into()),
                    ("Review on".into(), String::new()),
                ]],
            }],
            ..Default::default()
        };
        let mut out = Vec::new();
        write_html(&doc, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.contains("<h2>Development plan</h2>"));
        assert!(
            html.contains("<dt>Goal</dt><dd class=\"text\">Lead a &lt;team&gt; &amp; grow</dd>")
        );
        assert!(!html.contains("Review on"), "an empty field is left out");
    }

    #[test]
    fn a_part_with_nothing_to_say_is_left_out() {
        let doc = PortfolioSummary {
            candidate: "A".into(),
            records: vec![RecordSection {
                title: "Development plan".into(),
                records: vec![],
            }],
            ..Default::default()
        };
        let mut out = Vec::new();
        write_html(&doc, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(!html.contains("Self-assessment"));
        assert!(!html.contains("Development plan"));
        assert!(!html.contains("<dt>E-mail"));
        assert!(html.contains("<dt>Name</dt>"));
    }
}
