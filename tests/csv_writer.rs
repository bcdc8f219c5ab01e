//! The CSV writers: quoting survives a round trip, `;` and BOM work, the codebook matches,
//! free text that starts like a formula is neutralised (and kept with `raw`).

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
                raw: false,
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
            raw: false,
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
    write_codebook(&mut out, &long_codebook(false), false).expect("csv codebook");
    let mut rd = csv::Reader::from_reader(&out[..]);
    let cols: Vec<String> = rd
        .records()
        .map(|r| r.expect("rec")[0].to_string())
        .collect();
    assert_eq!(cols, csv_columns::long_header());
    let comps = ["teamwork", "empathy"];
    let mut json = Vec::new();
    write_codebook(&mut json, &wide_codebook(&comps, false), true).expect("json codebook");
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

/// Values a spreadsheet would run as formulas (OWASP CSV injection), and one that is safe.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTabbed",
    "\rReturn",
];

fn records(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut rd = csv::Reader::from_reader(bytes);
    let header = rd.headers().expect("header").clone();
    (
        header,
        rd.records().collect::<Result<_, _>>().expect("parse"),
    )
}

fn hostile(name: &str) -> ResultRow {
    ResultRow {
        tutor: "=cmd|' /C calc'!A0".into(),
        // Not a text column: written by leverup itself, never touched by the guard.
        interview_minutes: "-1".into(),
        ..row("a-1", "teamwork", name)
    }
}

#[test]
fn formula_like_text_gets_a_leading_quote_and_numbers_do_not() {
    let rows: Vec<_> = FORMULAS.iter().map(|f| hostile(f)).collect();
    let (header, back) = records(&long_csv(&rows, CsvOptions::default()));
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    for (rec, f) in back.iter().zip(FORMULAS) {
        assert_eq!(&rec[col("candidate_name")], format!("'{f}"));
        assert_eq!(&rec[col("tutor")], "'=cmd|' /C calc'!A0");
        assert_eq!(&rec[col("interview_minutes")], "-1");
        assert_eq!(&rec[col("centre")], "CSV Milano; sede \"Nord\"");
    }
}

#[test]
fn raw_writes_text_exactly_as_stored() {
    let rows: Vec<_> = FORMULAS.iter().map(|f| hostile(f)).collect();
    let opts = CsvOptions {
        raw: true,
        ..CsvOptions::default()
    };
    let (header, back) = records(&long_csv(&rows, opts));
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    for (rec, f) in back.iter().zip(FORMULAS) {
        assert_eq!(&rec[col("candidate_name")], f);
        assert_eq!(&rec[col("tutor")], "=cmd|' /C calc'!A0");
    }
}

#[test]
fn the_wide_layout_guards_its_shared_text_columns() {
    let comps = ["teamwork"];
    let mut w = WideWriter::new(Vec::new(), CsvOptions::default(), &comps).expect("header");
    w.write(&hostile("@evil")).expect("row");
    let (bytes, _) = w.finish().expect("finish");
    let (header, back) = records(&bytes);
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    assert_eq!(&back[0][col("candidate_name")], "'@evil");
    assert_eq!(&back[0][col("tutor")], "'=cmd|' /C calc'!A0");
    assert_eq!(&back[0][col("teamwork.interview_minutes")], "-1");
}

#[test]
fn the_codebook_says_which_columns_the_guard_changes() {
    let guarded: Vec<String> = long_codebook(false)
        .into_iter()
        .filter(|e| e.formula_guard)
        .map(|e| e.column)
        .collect();
    assert_eq!(
        guarded,
        [
            "candidate_name",
            "centre",
            "assessor",
            "tutor",
            "competence_name",
            "model_id",
            "model_version"
        ]
    );
    let name = |raw| {
        long_codebook(raw)
            .into_iter()
            .find(|e| e.column == "candidate_name")
            .expect("column")
    };
    assert!(
        name(false).values.contains("leading '"),
        "{}",
        name(false).values
    );
    assert!(!name(true).formula_guard);
    assert!(name(true).values.contains("--raw"));
    let mut out = Vec::new();
    write_codebook(&mut out, &long_codebook(false), false).expect("csv codebook");
    let (header, back) = records(&out);
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["column", "meaning", "values", "formula_guard"]
    );
    assert_eq!(&back[2][3], "true");
    assert_eq!(&back[0][3], "false");
}
