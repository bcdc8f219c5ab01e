//! CSV writers for results: the long layout (one row per assessment × competence) and the
//! wide layout (one row per assessment). Rows stream through; nothing is collected, so
//! memory stays flat however many rows there are. RFC 4180 quoting always applies, and
//! the free-text columns are guarded against formula injection unless `raw`
//! (`csv_columns` says which and why).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::csv_columns::{self, CodebookEntry};
use crate::domain::results::ResultRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    pub delimiter: u8,
    /// A UTF-8 byte-order mark first, so Excel picks the right encoding.
    pub bom: bool,
    /// Values exactly as stored: no `'` before a cell that starts like a formula.
    pub raw: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            bom: false,
            raw: false,
        }
    }
}

/// The fields of one line, each neutralised where its column is guarded. Bytes, because
/// that is what the csv crate takes; only a neutralised value is copied.
pub(super) fn guarded<'a, S: AsRef<str> + ?Sized + 'a>(
    fields: impl IntoIterator<Item = &'a S>,
    guards: &'a [bool],
) -> impl Iterator<Item = Cow<'a, [u8]>> {
    fields.into_iter().zip(guards).map(|(f, &g)| {
        let f = f.as_ref();
        match g {
            true => match csv_columns::neutralise(f) {
                Cow::Borrowed(b) => Cow::Borrowed(b.as_bytes()),
                Cow::Owned(o) => Cow::Owned(o.into_bytes()),
            },
            false => Cow::Borrowed(f.as_bytes()),
        }
    })
}

pub(super) fn csv_writer<W: Write>(mut out: W, opts: CsvOptions) -> io::Result<csv::Writer<W>> {
    if opts.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    Ok(csv::WriterBuilder::new()
        .delimiter(opts.delimiter)
        // CRLF as RFC 4180 says; Excel and LibreOffice both expect it.
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

/// Keeps the underlying I/O error (a closed pipe, a full disk) visible to callers.
pub(super) fn io_err(e: csv::Error) -> io::Error {
    if e.is_io_error()
        && let csv::ErrorKind::Io(io) = e.into_kind()
    {
        return io;
    }
    io::Error::other("CSV record could not be written")
}

/// Flushes and hands back the sink. Flushing first keeps a failure's io::ErrorKind (a
/// closed pipe, a full disk); `into_inner` alone would only give its text.
pub(super) fn into_sink<W: Write>(mut csv: csv::Writer<W>) -> io::Result<W> {
    csv.flush()?;
    csv.into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

pub struct LongWriter<W: Write> {
    csv: csv::Writer<W>,
    guards: [bool; 25],
    rows: u64,
}

impl<W: Write> LongWriter<W> {
    pub fn new(out: W, opts: CsvOptions) -> io::Result<Self> {
        let mut csv = csv_writer(out, opts)?;
        csv.write_record(csv_columns::long_header())
            .map_err(io_err)?;
        Ok(LongWriter {
            csv,
            guards: csv_columns::long_guards(opts.raw),
            rows: 0,
        })
    }

    pub fn write(&mut self, row: &ResultRow) -> io::Result<()> {
        self.rows += 1;
        let fields = row.fields();
        self.csv
            .write_record(guarded(fields, &self.guards))
            .map_err(io_err)
    }

    /// Flushes and hands back the sink and the number of data rows written.
    pub fn finish(self) -> io::Result<(W, u64)> {
        Ok((into_sink(self.csv)?, self.rows))
    }
}

pub use super::csv_wide::WideWriter;

/// Either layout behind one interface, chosen at run time.
pub enum ResultWriter<W: Write> {
    Long(LongWriter<W>),
    Wide(WideWriter<W>),
}

impl<W: Write> ResultWriter<W> {
    pub fn write(&mut self, row: &ResultRow) -> io::Result<()> {
        match self {
            ResultWriter::Long(w) => w.write(row),
            ResultWriter::Wide(w) => w.write(row),
        }
    }

    pub fn finish(self) -> io::Result<(W, u64)> {
        match self {
            ResultWriter::Long(w) => w.finish(),
            ResultWriter::Wide(w) => w.finish(),
        }
    }
}

/// Writes the codebook as CSV (column, meaning, values) or as a JSON array.
pub fn write_codebook<W: Write>(out: W, entries: &[CodebookEntry], json: bool) -> io::Result<()> {
    if json {
        #[derive(Serialize)]
        struct Doc<'a> {
            columns: &'a [CodebookEntry],
        }
        serde_json::to_writer_pretty(out, &Doc { columns: entries }).map_err(io::Error::other)
    } else {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["column", "meaning", "values", "formula_guard"])
            .map_err(io_err)?;
        for e in entries {
            let guard = if e.formula_guard { "true" } else { "false" };
            csv.write_record([e.column.as_str(), e.meaning, e.values, guard])
                .map_err(io_err)?;
        }
        csv.flush()
    }
}
