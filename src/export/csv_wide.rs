//! The wide CSV layout: one line per assessment, a group of columns per competence of the
//! model. The rows of an assessment arrive one after another (the export query orders
//! them so) and are gathered into buffers kept from one assessment to the next, then
//! written field by field: no row is cloned and no line is built, so the layout costs about
//! what the long one does (it must keep up with `sqlite3 -csv` on the same rows).

use std::collections::HashMap;
use std::io::{self, Write};

use super::csv_columns::{self, WIDE_GROUP};
use super::csv_writer::{CsvOptions, csv_writer, guarded, into_sink, io_err};
use crate::domain::results::ResultRow;

/// Columns shared by the whole line, in header order.
const SHARED: usize = 13;

pub struct WideWriter<W: Write> {
    csv: csv::Writer<W>,
    /// Column group of each competence of the model, by id.
    position: HashMap<String, usize>,
    /// The assessment being gathered: its shared fields (from its first row) …
    shared: Vec<String>,
    /// … and its competences' fields, with which of them it has.
    groups: Vec<[String; WIDE_GROUP.len()]>,
    present: Vec<bool>,
    /// Rows of the assessment (every claimed competence, known to the model or not) and
    /// their interview minutes.
    rows_in: usize,
    minutes: u64,
    shared_guards: [bool; SHARED],
    rows: u64,
}

impl<W: Write> WideWriter<W> {
    pub fn new(out: W, opts: CsvOptions, competences: &[&str]) -> io::Result<Self> {
        let mut csv = csv_writer(out, opts)?;
        csv.write_record(csv_columns::wide_header(competences))
            .map_err(io_err)?;
        Ok(WideWriter {
            csv,
            position: competences
                .iter()
                .enumerate()
                .map(|(i, c)| (c.to_string(), i))
                .collect(),
            shared: vec![String::new(); SHARED],
            groups: vec![Default::default(); competences.len()],
            present: vec![false; competences.len()],
            rows_in: 0,
            minutes: 0,
            shared_guards: csv_columns::wide_shared_guards(opts.raw),
            rows: 0,
        })
    }

    /// Rows must be grouped by assessment (the export query orders them so).
    pub fn write(&mut self, row: &ResultRow) -> io::Result<()> {
        if self.rows_in > 0 && self.shared[0] != row.assessment_id {
            self.flush_assessment()?;
        }
        if self.rows_in == 0 {
            let from = [
                &row.assessment_id,
                &row.candidate_id,
                &row.candidate_name,
                &row.centre,
                &row.assessor,
                &row.tutor,
                &row.interview_minutes, // replaced by the sum when written
                &row.assessed_on,
                &row.finalised_at,
                &row.model_id,
                &row.model_version,
                &row.certificate_id,
                &row.interview_minutes, // replaced by the count when written
            ];
            for (dst, src) in self.shared.iter_mut().zip(from) {
                dst.clone_from(src);
            }
        }
        self.rows_in += 1;
        self.minutes += row.interview_minutes.parse::<u64>().unwrap_or(0);
        if let Some(&i) = self.position.get(row.competence_id.as_str()) {
            let from = [
                &row.portfolio_check,
                &row.suggested_level,
                &row.outcome_level,
                &row.level_overridden,
                &row.context,
                &row.task,
                &row.autonomy,
                &row.complexity,
                &row.decision,
                &row.interview_minutes,
            ];
            for (dst, src) in self.groups[i].iter_mut().zip(from) {
                dst.clone_from(src);
            }
            self.present[i] = true;
        }
        Ok(())
    }

    fn flush_assessment(&mut self) -> io::Result<()> {
        if self.rows_in == 0 {
            return Ok(());
        }
        self.shared[6] = self.minutes.to_string();
        self.shared[12] = self.rows_in.to_string();
        for field in guarded(&self.shared, &self.shared_guards) {
            self.csv.write_field(field).map_err(io_err)?;
        }
        for (group, present) in self.groups.iter().zip(&mut self.present) {
            for field in group {
                let value: &[u8] = if *present { field.as_bytes() } else { b"" };
                self.csv.write_field(value).map_err(io_err)?;
            }
            *present = false;
        }
        self.csv.write_record(None::<&[u8]>).map_err(io_err)?;
        self.rows += 1;
        self.rows_in = 0;
        self.minutes = 0;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<(W, u64)> {
        self.flush_assessment()?;
        Ok((into_sink(self.csv)?, self.rows))
    }
}
