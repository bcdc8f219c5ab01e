//! The CSV writers: quoting survives a round trip, `;` and BOM work, the codebook matches.

use leverup::domain::results::ResultRow;
use leverup::export::csv_columns::{self, long_codebook, wide_codebook};
use leverup::export::csv_writer::{CsvOptions, LongWriter, WideWriter, write_codebook};

fn row(assessment: &str, competence: &str, name: &str) -> ResultRow {
    ResultRow {
        assessment_id: assessment.into(),
        candidate_id: "c-1".into(),
        candidate_name: name.into(),
        centre: "CSV Milano; sede \"Nord\"".into(),
        assessor: "Ana López".into(),
        competence_id: competence.into(),
        decision: "validated".into(),
        interview_minutes: "12".into(),
        ..ResultRow::default()
    }
}

fn long_csv(rows: &[ResultRow], opts: CsvOptions) -> Vec<u8> {
    let mut w = LongWriter::new(Vec::new(), opts).expect("header");
    for r in rows {
        w.write(r).expect("row");
    }
    let (bytes, n) = w.finish().expect("finish");
    assert_eq!(n, rows.len() as u64);
    bytes
}

#[test]
fn awkward_text_survives_a_round_trip() {
    let names = [
        "Zoë, \"Zo\" O'Neil",
        "line one\nline two",
        "tab\tand ; semicolon",
        "  padded  ",
        "Łukasz Żółć",
    ];
    let rows: Vec<_> = names.iter().map(|n| row("a-1", "teamwork", n)).collect();
    for delimiter in [b',', b';'] {
        let bytes = long_csv(
            &rows,
            CsvOptions {
                delimiter,
                bom: false,
            },
        );
        let mut rd = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(&bytes[..]);
        let header: Vec<String> = rd
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, csv_columns::long_header());
        let back: Vec<csv::StringRecord> = rd.records().collect::<Result<_, _>>().expect("parse");
        assert_eq!(back.len(), names.len());
        for (rec, r) in back.iter().zip(&rows) {
            assert_eq!(rec.iter().collect::<Vec<_>>(), r.fields().to_vec());
        }
    }
}

#[test]
fn bom_and_crlf_for_spreadsheets() {
    let bytes = long_csv(
        &[row("a", "teamwork", "x")],
        CsvOptions {
            delimiter: b';',
            bom: true,
        },
    );
    assert!(bytes.starts_with("\u{feff}assessment_id;candidate_id;".as_bytes()));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let plain = long_csv(&[], CsvOptions::default());
    assert!(plain.starts_with(b"assessment_id,"));
}

#[test]
fn wide_layout_groups_consecutive_rows_per_assessment() {
    let comps = ["teamwork", "communication", "empathy"];
    let mut w = WideWriter::new(Vec::new(), CsvOptions::default(), &comps).expect("header");
    for r in [
        row("a-1", "teamwork", "A"),
        row("a-1", "empathy", "A"),
        row("a-2", "communication", "B"),
    ] {
        w.write(&r).expect("row");
    }
    let (bytes, n) = w.finish().expect("finish");
    assert_eq!(n, 2);
    let mut rd = csv::Reader::from_reader(&bytes[..]);
    let header = rd.headers().expect("h").clone();
    assert_eq!(header.len(), csv_columns::wide_header(&comps).len());
    let recs: Vec<csv::StringRecord> = rd.records().collect::<Result<_, _>>().expect("parse");
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert_eq!(&recs[0][col("teamwork.decision")], "validated");
    assert_eq!(
        &recs[0][col("communication.decision")],
        "",
        "not claimed: empty"
    );
    assert_eq!(&recs[0][col("interview_minutes_total")], "24");
    assert_eq!(&recs[0][col("competences_claimed")], "2");
    assert_eq!(&recs[1][col("communication.decision")], "validated");
}

#[test]
fn codebook_lists_every_header_column_in_order() {
    let mut out = Vec::new();
    write_codebook(&mut out, &long_codebook(), false).expect("csv codebook");
    let mut rd = csv::Reader::from_reader(&out[..]);
    let cols: Vec<String> = rd
        .records()
        .map(|r| r.expect("rec")[0].to_string())
        .collect();
    assert_eq!(cols, csv_columns::long_header());
    let comps = ["teamwork", "empathy"];
    let mut json = Vec::new();
    write_codebook(&mut json, &wide_codebook(&comps), true).expect("json codebook");
    let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
    let names: Vec<&str> = v["columns"]
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["column"].as_str().expect("s"))
        .collect();
    assert_eq!(names, csv_columns::wide_header(&comps));
    assert!(
        v["columns"]
            .as_array()
            .expect("a")
            .iter()
            .all(|c| !c["meaning"].as_str().expect("m").is_empty())
    );
}
