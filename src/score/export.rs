//! Writing scores per respondent as csv, xlsx or json: source row, attributes, item codes as
//! answered, and the dimension and construct scores. Open answers stay out: free text can
//! identify a person.

use std::io::Write;
use std::path::Path;

use polars::prelude::*;
use polars_io::SerWriter;
use polars_io::prelude::CsvWriter;

use crate::error::{Error, Result};
use crate::ingest::{FILE_COL, ROW_COL, file_name};
use crate::instrument::{Column as Spec, Instrument};
use crate::xlsx::neutral;

/// Rows turned into cells at a time.
const CHUNK_ROWS: usize = 20_000;

/// The most data rows an xlsx sheet holds (Excel's limit, less the header row).
const XLSX_MAX_ROWS: usize = 1_048_575;

/// How scores are written, from the output's extension.
#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
    Json,
}

/// Writes every respondent's scores to `out`, as `produce` hands them to the sink a part at a
/// time; returns how many rows were written. The parts are written on a thread of their own,
/// so that the next part is read and scored meanwhile, and held no longer than that. `files`
/// name the response files in `_file` order and are written by file name only, never with
/// their folders. Nothing is left at `out` when `produce` or the writing fails.
pub fn write_scores(
    out: &Path,
    inst: &Instrument,
    files: &[String],
    produce: impl FnOnce(&mut ScoreSink) -> Result<()>,
) -> Result<usize> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let format = match ext.as_str() {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        "json" => Format::Json,
        _ => {
            return Err(Error::usage(format!(
                "{}: write .csv, .xlsx or .json",
                out.display()
            )));
        }
    };
    let names: Vec<String> = files.iter().map(|f| file_name(f)).collect();
    let mut written = 0;
    crate::files::write_with(out, |file| {
        std::thread::scope(|scope| {
            let (parts, received) = std::sync::mpsc::sync_channel(1);
            let writer = scope.spawn(|| {
                let mut writer = PartWriter::new(format, file, out)?;
                for scores in received {
                    writer.write(&export_frame(&scores, inst, &names)?)?;
                }
                writer.finish()
            });
            let mut sink = ScoreSink { parts, rows: 0 };
            let produced = produce(&mut sink);
            written = sink.rows;
            drop(sink);
            let wrote = writer
                .join()
                .unwrap_or_else(|_| Err(Error::Internal("the scores writer stopped".into())));
            // When the writer failed, its error is why a part could not be handed over.
            wrote.and(produced)
        })
    })?;
    Ok(written)
}

fn fail(out: &Path, e: &dyn std::fmt::Display) -> Error {
    Error::Unwritable(format!("{}: cannot write: {e}", out.display()))
}

/// Where `write_scores` writes: takes scored rows a part at a time.
pub struct ScoreSink {
    parts: std::sync::mpsc::SyncSender<DataFrame>,
    rows: usize,
}

impl ScoreSink {
    /// Respondents handed over so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes the respondents of `scores` (the responses' columns with their score columns,
    /// as `score::score_rows` gives them), after those written before.
    pub fn write(&mut self, scores: DataFrame) -> Result<()> {
        self.rows += scores.height();
        self.parts
            .send(scores)
            .map_err(|_| Error::Internal("the scores writer stopped".into()))
    }
}

/// The output being written, a part at a time.
struct PartWriter<'a> {
    out: &'a Path,
    /// Respondents written so far.
    rows: usize,
    /// Whether the header (and a JSON array's opening) is written.
    started: bool,
    writer: Writer<'a>,
}

enum Writer<'a> {
    Csv(std::io::BufWriter<&'a mut std::fs::File>),
    Xlsx(Box<rust_xlsxwriter::Workbook>, &'a mut std::fs::File),
    Json(std::io::BufWriter<&'a mut std::fs::File>),
}

impl<'a> PartWriter<'a> {
    fn new(format: Format, file: &'a mut std::fs::File, out: &'a Path) -> Result<Self> {
        let writer = match format {
            Format::Csv => Writer::Csv(std::io::BufWriter::new(file)),
            Format::Xlsx => Writer::Xlsx(
                Box::new(crate::xlsx::workbook().map_err(|e| fail(out, &e))?),
                file,
            ),
            Format::Json => Writer::Json(std::io::BufWriter::new(file)),
        };
        Ok(PartWriter {
            out,
            rows: 0,
            started: false,
            writer,
        })
    }

    /// Writes the exported columns of a part after the parts written before.
    fn write(&mut self, frame: &DataFrame) -> Result<()> {
        let (before, started, out) = (self.rows, self.started, self.out);
        self.rows += frame.height();
        self.started = true;
        match &mut self.writer {
            Writer::Csv(w) => {
                let mut neutral = neutralise(frame.clone())?;
                CsvWriter::new(w)
                    .include_header(!started)
                    .finish(&mut neutral)
                    .map_err(|e| fail(out, &e))
            }
            Writer::Xlsx(..) if self.rows > XLSX_MAX_ROWS => Err(Error::usage(format!(
                "{}: more respondents than one xlsx sheet holds ({XLSX_MAX_ROWS} rows); write .csv",
                out.display()
            ))),
            Writer::Xlsx(wb, _) => {
                write_xlsx(wb, frame, started, before).map_err(|e| fail(out, &*e))
            }
            Writer::Json(w) => write_json(frame, w, started, before).map_err(|e| fail(out, &*e)),
        }
    }

    /// Closes the output: the xlsx package, the JSON array's end.
    fn finish(self) -> Result<()> {
        let out = self.out;
        match self.writer {
            Writer::Csv(mut w) => w.flush().map_err(|e| fail(out, &e)),
            Writer::Xlsx(mut wb, file) => wb.save_to_writer(file).map_err(|e| fail(out, &e)),
            Writer::Json(mut w) => {
                let end: &[u8] = if self.started { b"\n]\n" } else { b"[\n]\n" };
                w.write_all(end)
                    .and_then(|()| w.flush())
                    .map_err(|e| fail(out, &e))
            }
        }
    }
}

/// The exported columns: file and row, attributes, items, relational answers, scores.
fn export_frame(scores: &DataFrame, inst: &Instrument, names: &[String]) -> Result<DataFrame> {
    let files = names;
    let names = Series::new("names".into(), names);
    let mut select = vec![
        col(FILE_COL)
            .replace_strict(
                lit(Series::new(
                    "i".into(),
                    (0..files.len() as u32).collect::<Vec<u32>>(),
                )),
                lit(names),
                None::<Expr>,
                Some(DataType::String),
            )
            .alias("file"),
        col(ROW_COL).alias("row"),
    ];
    for spec in inst.columns() {
        if !matches!(spec, Spec::Open(_)) {
            select.push(col(spec.id()));
        }
    }
    for c in &inst.constructs {
        if c.scores_dimensions() {
            select.extend(
                c.dimensions
                    .iter()
                    .filter(|d| scores.column(&d.id).is_ok())
                    .map(|d| col(d.id.as_str())),
            );
        }
        if scores.column(&c.id).is_ok() {
            select.push(col(c.id.as_str()));
        }
    }
    Ok(scores.clone().lazy().select(select).collect()?)
}

/// Prefixes every text cell, and every column name, that a spreadsheet would run as a formula
/// with a quote.
fn neutralise(frame: DataFrame) -> Result<DataFrame> {
    let exprs: Vec<Expr> = frame
        .columns()
        .iter()
        .filter(|c| c.dtype() == &DataType::String)
        .map(|c| {
            let name = c.name().as_str();
            let risky = crate::xlsx::FORMULA_STARTS
                .iter()
                .map(|p| col(name).str().starts_with(lit(p.to_string())))
                .reduce(|a, b| a.or(b))
                .unwrap_or(lit(false));
            when(risky)
                .then(lit("'") + col(name))
                .otherwise(col(name))
                .alias(name)
        })
        .collect();
    let mut frame = frame.lazy().with_columns(exprs).collect()?;
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| neutral(n).into_owned())
        .collect();
    frame.set_column_names(&names)?;
    Ok(frame)
}

/// A column of a chunk as the cells a spreadsheet or JSON shows: text, number or empty.
enum Cells {
    Text(Vec<Option<String>>),
    Numbers(Vec<Option<f64>>),
}

/// The columns of rows `from..from + CHUNK_ROWS`, materialised.
fn chunk(frame: &DataFrame, from: usize) -> PolarsResult<Vec<Cells>> {
    let part = frame.slice(from as i64, CHUNK_ROWS);
    part.columns()
        .iter()
        .map(|c| {
            Ok(if c.dtype() == &DataType::String {
                Cells::Text(c.str()?.iter().map(|v| v.map(str::to_string)).collect())
            } else {
                Cells::Numbers(c.cast(&DataType::Float64)?.f64()?.iter().collect())
            })
        })
        .collect()
}

/// The rows of `frame` into the sheet after the `before` rows written already, the header
/// first when `started` is false. Row by row in constant memory: rust_xlsxwriter flushes each
/// finished row.
fn write_xlsx(
    wb: &mut rust_xlsxwriter::Workbook,
    frame: &DataFrame,
    started: bool,
    before: usize,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let sheet = if started {
        wb.worksheet_from_index(0)?
    } else {
        let sheet = wb.add_worksheet_with_constant_memory()?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, column) in frame.columns().iter().enumerate() {
            // Strings are written as text, never as formulas; the quote keeps a copy-paste safe.
            sheet.write_string_with_format(0, c as u16, neutral(column.name()), &bold)?;
        }
        sheet
    };
    for from in (0..frame.height()).step_by(CHUNK_ROWS) {
        let cells = chunk(frame, from)?;
        for r in 0..(frame.height() - from).min(CHUNK_ROWS) {
            let row = (before + from + r + 1) as u32;
            for (c, column) in cells.iter().enumerate() {
                match column {
                    Cells::Text(v) => {
                        if let Some(text) = &v[r] {
                            sheet.write_string(row, c as u16, neutral(text))?;
                        }
                    }
                    Cells::Numbers(v) => {
                        if let Some(x) = v[r] {
                            sheet.write_number(row, c as u16, x)?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// The rows of `frame` as objects of a JSON array, after the `before` written already (the
/// array opened first when `started` is false), a chunk of rows at a time.
fn write_json(
    frame: &DataFrame,
    out: &mut impl std::io::Write,
    started: bool,
    before: usize,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    if !started {
        out.write_all(b"[")?;
    }
    let mut first = before == 0;
    for from in (0..frame.height()).step_by(CHUNK_ROWS) {
        let cells = chunk(frame, from)?;
        let rows = (frame.height() - from).min(CHUNK_ROWS);
        for r in 0..rows {
            let record: serde_json::Map<String, serde_json::Value> = names
                .iter()
                .zip(&cells)
                .map(|(name, column)| {
                    let value = match column {
                        Cells::Text(v) => v[r].clone().map_or(serde_json::Value::Null, Into::into),
                        Cells::Numbers(v) => v[r]
                            .and_then(serde_json::Number::from_f64)
                            .map_or(serde_json::Value::Null, Into::into),
                    };
                    (name.clone(), value)
                })
                .collect();
            out.write_all(if first { b"\n  " } else { b",\n  " })?;
            serde_json::to_writer(&mut *out, &record)?;
            first = false;
        }
    }
    Ok(())
}
