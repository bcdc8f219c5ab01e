//! `leverup export csv`: streams the results query into the long or wide CSV layout, to
//! standard output (`-`) or to `--out FILE` by the rules of `export::out_file` (a regular
//! file appears whole or not at all; a device or pipe is written directly; a symlink is
//! followed).

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use super::report::InputError;
use crate::cli::args::{CodebookFormat, Filters};
use crate::domain::model::{Model, PortfolioCheckRules};
use crate::domain::portfolio;
use crate::domain::results::{ResultRow, eqf_code};
use crate::domain::scales::{Complexity, ComplexityProfile, CriterionVerdict};
use crate::export::csv_columns;
use crate::export::csv_writer::{CsvOptions, LongWriter, ResultWriter, WideWriter, write_codebook};
use crate::export::out_file::OutFile;
use crate::store::{ResultFilter, ResultRecord, Store};

pub struct CsvRequest<'a> {
    pub out: &'a str,
    pub filters: &'a Filters,
    pub wide: bool,
    pub options: CsvOptions,
    pub codebook: Option<&'a Path>,
    pub codebook_format: Option<CodebookFormat>,
}

pub fn result_filter(f: &Filters) -> ResultFilter {
    ResultFilter {
        since: f.since.map(|d| d.to_string()),
        until: f.until.map(|d| d.to_string()),
        centre: f.centre.clone(),
        assessor: f.assessor.clone(),
        status: f.status.clone(),
        competence: f.competence.clone(),
    }
}

/// Turns stored codes into the exported row: names from the model, median, EQF band.
pub struct RowMaker<'m> {
    names: HashMap<&'m str, (&'m str, &'m str)>,
    portfolio: &'m PortfolioCheckRules,
}

impl<'m> RowMaker<'m> {
    pub fn new(model: &'m Model) -> Self {
        let names = model
            .competences
            .iter()
            .map(|c| (c.id.as_str(), (c.name.as_str(), c.cluster.as_str())))
            .collect();
        RowMaker {
            names,
            portfolio: &model.portfolio_check,
        }
    }

    pub fn fill(&self, out: &mut ResultRow, r: &ResultRecord) {
        let (name, cluster) = self
            .names
            .get(r.competence_id.as_str())
            .copied()
            .unwrap_or(("", ""));
        let overall = match (
            Complexity::from_code(&r.context),
            Complexity::from_code(&r.task),
            Complexity::from_code(&r.autonomy),
        ) {
            (Some(context), Some(task), Some(autonomy)) => ComplexityProfile {
                context,
                task,
                autonomy,
            }
            .overall()
            .code(),
            _ => "",
        };
        let set = |dst: &mut String, src: &str| {
            dst.clear();
            dst.push_str(src);
        };
        set(&mut out.assessment_id, &r.assessment_id);
        set(&mut out.candidate_id, &r.candidate_id);
        set(&mut out.candidate_name, &r.candidate_name);
        set(&mut out.centre, &r.centre);
        set(&mut out.assessor, &r.assessor);
        set(&mut out.tutor, &r.tutor);
        set(&mut out.competence_id, &r.competence_id);
        set(&mut out.competence_name, name);
        set(&mut out.cluster, cluster);
        let check = portfolio::status(self.portfolio, |id| recorded(&r.portfolio_verdicts, id));
        set(&mut out.portfolio_check, check.code());
        set(&mut out.suggested_level, &r.suggested);
        set(&mut out.outcome_level, &r.outcome_level);
        set(&mut out.level_overridden, &r.overridden);
        set(&mut out.context, &r.context);
        set(&mut out.task, &r.task);
        set(&mut out.autonomy, &r.autonomy);
        set(&mut out.complexity, overall);
        set(&mut out.eqf_comparable, eqf_code(overall));
        set(&mut out.decision, &r.decision);
        out.interview_minutes.clear();
        out.interview_minutes
            .push_str(&r.interview_minutes.to_string());
        set(&mut out.assessed_on, &r.assessed_on);
        set(&mut out.finalised_at, &r.finalised_at);
        set(&mut out.model_id, &r.model_id);
        set(&mut out.model_version, &r.model_version);
        set(&mut out.certificate_id, &r.certificate_id);
    }
}

/// Where output goes: a file by the `out_file` rules, or standard output for `-`.
pub enum Sink {
    File(OutFile),
    Stdout(io::BufWriter<io::Stdout>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::File(f) => f.write(buf),
            Sink::Stdout(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::File(f) => f.flush(),
            Sink::Stdout(s) => s.flush(),
        }
    }
}

impl Sink {
    /// `-` is standard output; anything else a file (see `export::out_file`).
    pub fn open(out: &Path) -> anyhow::Result<Sink> {
        if out == Path::new("-") {
            return Ok(Sink::Stdout(io::BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            )));
        }
        let f = OutFile::create(out).with_context(|| format!("cannot write {}", out.display()))?;
        Ok(Sink::File(f))
    }

    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::File(f) => f.commit(),
            Sink::Stdout(mut s) => s.flush(),
        }
    }
}

/// The verdict recorded for `criterion` in the query's `criterion=verdict,…` list.
fn recorded(verdicts: &str, criterion: &str) -> Option<CriterionVerdict> {
    verdicts
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .find(|(id, _)| *id == criterion)
        .and_then(|(_, v)| CriterionVerdict::from_code(v))
}

/// Runs the export; returns the number of CSV data rows written.
pub fn export_csv(store: &Store, model: &Model, req: &CsvRequest<'_>) -> anyhow::Result<u64> {
    let filter = result_filter(req.filters);
    let ids: Vec<&str> = model.competences.iter().map(|c| c.id.as_str()).collect();
    if let Some(c) = &filter.competence
        && !ids.contains(&c.as_str())
    {
        anyhow::bail!(
            "--competence: unknown competence {c:?} (known: {})",
            ids.join(", ")
        );
    }
    if req.out == "-" && req.codebook == Some(Path::new("-")) {
        return Err(InputError::new(
            "--out - and --codebook - would mix the CSV and its codebook on standard output",
            "send one of them to a file",
        )
        .into());
    }
    let sink = Sink::open(Path::new(req.out))?;
    let progress = progress_bar();
    let maker = RowMaker::new(model);
    let mut row = ResultRow::default();
    let mut w = if req.wide {
        ResultWriter::Wide(WideWriter::new(sink, req.options, &ids)?)
    } else {
        ResultWriter::Long(LongWriter::new(sink, req.options)?)
    };
    let mut n = 0u64;
    store.for_each_result::<anyhow::Error>(&filter, |r| {
        maker.fill(&mut row, r);
        n += 1;
        if n.is_multiple_of(4096) {
            progress.set_position(n);
        }
        w.write(&row).map_err(anyhow::Error::from)
    })?;
    let (sink, written) = w.finish()?;
    sink.finish()
        .with_context(|| format!("cannot write {}", req.out))?;
    progress.finish_and_clear();
    if let Some(path) = req.codebook {
        let json = match req.codebook_format {
            Some(f) => f == CodebookFormat::Json,
            None => path.extension().is_some_and(|e| e == "json"),
        };
        let raw = req.options.raw;
        let entries = if req.wide {
            csv_columns::wide_codebook(&ids, raw)
        } else {
            csv_columns::long_codebook(raw)
        };
        let mut f = Sink::open(path)?;
        write_codebook(&mut f, &entries, json)?;
        f.finish()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(written)
}

/// Rows written and the rate, on stderr only when a person is watching; hidden (and free)
/// otherwise. No total: counting the rows first runs the whole join twice (1.4 times the
/// export's time at 100,000 candidates), which is more than the bar is worth.
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::no_length();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {human_pos} rows, {per_sec}, {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar
}

#[cfg(test)]
mod tests {
    use super::recorded;
    use crate::domain::portfolio::{CheckStatus, status};

    /// The column's status is the domain's reading of the recorded verdicts: none yet is
    /// pending, a criterion of the model not judged is pending whatever else is recorded
    /// (a criterion the model lacks does not stand in for it), any Not met fails.
    #[test]
    fn the_check_status_comes_from_the_recorded_verdicts() {
        let model = crate::ui::testing::fixture_model();
        let rules = &model.portfolio_check;
        let ids: Vec<&str> = rules.criteria.iter().map(|c| c.id.as_str()).collect();
        let list = |pairs: &[(&str, &str)]| {
            let v: Vec<String> = pairs.iter().map(|(c, v)| format!("{c}={v}")).collect();
            v.join(",")
        };
        let of = |l: &str| status(rules, |id| recorded(l, id));
        let all: Vec<(&str, &str)> = ids.iter().map(|id| (*id, "partly-met")).collect();
        assert_eq!(of(""), CheckStatus::Pending);
        assert_eq!(of(&list(&all)), CheckStatus::Passed);
        let mut short = all[1..].to_vec();
        short.push(("not-in-the-model", "met"));
        assert_eq!(of(&list(&short)), CheckStatus::Pending);
        short.push((ids[0], "not-met"));
        assert_eq!(of(&list(&short)), CheckStatus::Failed);
        assert_eq!(recorded("a=met,b=odd", "b"), None);
    }
}
