//! `certificate.html`: the printable certificate record of one assessment (DOMAIN.md D9),
//! one self-contained page with A4 print styles, every value HTML-escaped.
//!
//! States complexity as "comparable to EQF …", never "equals" (DOMAIN.md D4, 8.1).

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::scales::{ComplexityProfile, OutcomeLevel};

use super::svg::xml_escape as esc;

/// One validated competence on the certificate.
#[derive(Debug, Clone)]
pub struct CertificateLine {
    pub competence_id: String,
    pub competence_code: String,
    pub competence_name: String,
    pub cluster_name: String,
    pub level: OutcomeLevel,
    pub complexity: ComplexityProfile,
    /// "comparable to EQF …" label of the overall complexity.
    pub eqf_band: String,
    /// What the competence is (the model's description).
    pub description: String,
    /// What the validated level means for this competence (its learning outcome).
    pub level_descriptor: String,
    /// The assessor's reasons for validation.
    pub reasons: String,
}

#[derive(Debug, Clone)]
pub struct CertificatePage {
    pub certificate_id: String,
    pub candidate_name: String,
    pub centre_name: String,
    pub centre_url: String,
    pub assessor_name: String,
    pub assessed_on: NaiveDate,
    /// When the certificate was issued: the badges' validFrom, to the second.
    pub issued_at: DateTime<Utc>,
    /// Where the centre publishes its revocation status list and its public keys.
    pub status_list_url: String,
    pub jwks_url: String,
    pub model_id: String,
    pub model_version: String,
    /// RFC 7638 thumbprint of the centre's public key.
    pub key_fingerprint: String,
    /// The public JWK as JSON text, printed so a verifier can copy it.
    pub public_jwk: String,
    pub lines: Vec<CertificateLine>,
}

const STYLE: &str = "\
body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;color:#111;margin:2em auto;max-width:60em;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}
.meta{margin:0 0 1.5em 0}
.meta dt{font-weight:bold;float:left;clear:left;width:11em}
.meta dd{margin:0 0 .2em 11em}
table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #444;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#eee}
code,pre{font-family:'DejaVu Sans Mono',monospace;font-size:.85em;word-break:break-all;white-space:pre-wrap}
.verify{border-top:2px solid #444;margin-top:2em;padding-top:.5em;font-size:.9em}
@page{size:A4;margin:18mm}
@media print{body{margin:0;max-width:none;font-size:10.5pt}th{background:none}a{color:#111;text-decoration:none}
tr{page-break-inside:avoid}.verify{page-break-inside:avoid}}
";

fn row(label: &str, value: &str) -> String {
    format!("<dt>{}</dt><dd>{}</dd>\n", esc(label), esc(value))
}

/// The whole page.
pub fn render(page: &CertificatePage) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!(
        "<title>LEVER UP certificate – {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&page.candidate_name)
    ));
    h.push_str("<h1>LEVER UP – Certificate of validated competences</h1>\n");
    h.push_str(&format!(
        "<p>{} has had the transversal competences below validated through portfolio review \
         and a structured interview by an independent assessor, following the LEVER UP \
         process.</p>\n",
        esc(&page.candidate_name)
    ));
    h.push_str("<dl class=\"meta\">\n");
    h.push_str(&row("Candidate", &page.candidate_name));
    h.push_str(&format!(
        "<dt>Validation centre</dt><dd>{} (<a href=\"{}\">{}</a>)</dd>\n",
        esc(&page.centre_name),
        esc(&page.centre_url),
        esc(&page.centre_url)
    ));
    h.push_str(&row("Assessor", &page.assessor_name));
    h.push_str(&row(
        "Date of assessment",
        &page.assessed_on.format("%Y-%m-%d").to_string(),
    ));
    h.push_str(&row(
        "Date of issue",
        &page.issued_at.format("%Y-%m-%d").to_string(),
    ));
    h.push_str(&row("Certificate id", &page.certificate_id));
    h.push_str(&row(
        "Competence model",
        &format!("{} version {}", page.model_id, page.model_version),
    ));
    h.push_str("</dl>\n");

    h.push_str(
        "<table>\n<caption>Validated competences</caption>\n<thead><tr><th scope=\"col\">Competence</th>\
         <th scope=\"col\">Level</th><th scope=\"col\">Context</th><th scope=\"col\">Task</th>\
         <th scope=\"col\">Autonomy</th><th scope=\"col\">Overall complexity</th>\
         <th scope=\"col\">Badge file</th></tr></thead>\n<tbody>\n",
    );
    for l in &page.lines {
        let c = &l.complexity;
        h.push_str(&format!(
            "<tr><th scope=\"row\">{code} {name}<br><small>{cluster}</small></th><td>{level}</td>\
             <td>{cx}</td><td>{task}</td><td>{aut}</td><td>{overall}<br><small>{eqf}</small></td>\
             <td><code>{file}.svg</code></td></tr>\n",
            code = esc(&l.competence_code),
            name = esc(&l.competence_name),
            cluster = esc(&l.cluster_name),
            level = esc(l.level.label()),
            cx = esc(c.context.label()),
            task = esc(c.task.label()),
            aut = esc(c.autonomy.label()),
            overall = esc(c.overall().label()),
            eqf = esc(&l.eqf_band),
            file = esc(&l.competence_id),
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    h.push_str("<h2>What was validated, and why</h2>\n");
    for l in &page.lines {
        h.push_str(&format!(
            "<section class=\"competence\">\n<h3>{code} {name} – {level}</h3>\n\
             <p>{description}</p>\n<p><strong>{level} level:</strong> {descriptor}</p>\n\
             <p><strong>Reasons for validation:</strong> {reasons}</p>\n</section>\n",
            code = esc(&l.competence_code),
            name = esc(&l.competence_name),
            level = esc(l.level.label()),
            description = esc(&l.description),
            descriptor = esc(&l.level_descriptor),
            reasons = esc(&l.reasons),
        ));
    }
    h.push_str(
        "<p><small>Levels: Basic, Accomplished, Expert. Complexity of context, task and \
         autonomy: low, mid-low, mid-high, high; overall is their median. The EQF band is a \
         comparison only: LEVER UP validates single transversal competences, not \
         qualifications.</small></p>\n",
    );

    h.push_str("<section class=\"verify\">\n<h2>How to verify</h2>\n");
    h.push_str(
        "<p>Each competence is also issued as an Open Badges 3.0 credential signed by the \
         centre (VC-JWT): the files <code>.jwt</code>, <code>.json</code> (the credential in \
         clear) and the baked <code>.svg</code> and <code>.png</code> beside this page.</p>\n\
         <ol>\n<li>Download the centre's public keys and its revocation status list (links \
         below).</li>\n<li>Run <code>leverup verify FILE --jwks jwks.json --status-list \
         status-list.jwt</code>, or use any VC-JWT verifier with the keys.</li>\n\
         <li>Only <em>VALID</em> means the centre issued it and has not revoked it.</li>\n</ol>\n",
    );
    h.push_str(&format!(
        "<p>Public keys (JWK Set): <a href=\"{j}\">{j}</a><br>\nRevocation status list: \
         <a href=\"{s}\">{s}</a></p>\n",
        j = esc(&page.jwks_url),
        s = esc(&page.status_list_url),
    ));
    h.push_str(&format!(
        "<p>Public key fingerprint (RFC 7638 SHA-256 thumbprint): <code>{}</code></p>\n",
        esc(&page.key_fingerprint)
    ));
    h.push_str(&format!(
        "<p>Public key (JWK):</p>\n<pre>{}</pre>\n</section>\n</body>\n</html>\n",
        esc(&page.public_jwk)
    ));
    h
}
