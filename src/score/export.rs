//! Writing scores per respondent as csv, xlsx or json: source row, attributes, item codes as
//! answered, and the dimension and construct scores. Open answers stay out: free text can
//! identify a person.

use std::path::Path;

use polars::prelude::*;
use polars_io::SerWriter;
use polars_io::prelude::CsvWriter;

use crate::error::{Error, Result};
use crate::ingest::{FILE_COL, ROW_COL, file_name};
use crate::instrument::{Column as Spec, Instrument};
use crate::xlsx::neutral;

use super::Scores;

/// Rows written at a time: an output of a million respondents is never held whole.
const CHUNK_ROWS: usize = 20_000;

/// The most data rows an xlsx sheet holds (Excel's limit, less the header row).
const XLSX_MAX_ROWS: usize = 1_048_575;

/// Writes every respondent's scores; `files` name the response files in `_file` order and are
/// written by file name only, never with their folders.
pub fn write_scores(
    scores: &Scores,
    inst: &Instrument,
    files: &[String],
    out: &Path,
) -> Result<()> {
    let frame = export_frame(scores, inst, files)?;
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let fail = |e: &dyn std::fmt::Display| {
        Error::Unwritable(format!("{}: cannot write: {e}", out.display()))
    };
    match ext.as_str() {
        "csv" => {
            let mut neutral = neutralise(frame)?;
            crate::files::write_with(out, |file| {
                CsvWriter::new(std::io::BufWriter::new(file))
                    .include_header(true)
                    .finish(&mut neutral)
                    .map_err(|e| fail(&e))
            })
        }
        "xlsx" if frame.height() > XLSX_MAX_ROWS => Err(Error::usage(format!(
            "{}: {} respondents do not fit in one xlsx sheet ({XLSX_MAX_ROWS} rows); write .csv",
            out.display(),
            frame.height()
        ))),
        "xlsx" => {
            crate::files::write_with(out, |file| write_xlsx(&frame, file).map_err(|e| fail(&e)))
        }
        "json" => crate::files::write_with(out, |file| {
            write_json(&frame, &mut std::io::BufWriter::new(file)).map_err(|e| fail(&e))
        }),
        _ => Err(Error::usage(format!(
            "{}: write .csv, .xlsx or .json",
            out.display()
        ))),
    }
}

/// The exported columns: file and row, attributes, items, relational answers, scores.
fn export_frame(scores: &Scores, inst: &Instrument, files: &[String]) -> Result<DataFrame> {
    let names = Series::new(
        "names".into(),
        files.iter().map(|f| file_name(f)).collect::<Vec<_>>(),
    );
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
                    .filter(|d| scores.data.column(&d.id).is_ok())
                    .map(|d| col(d.id.as_str())),
            );
        }
        if scores.data.column(&c.id).is_ok() {
            select.push(col(c.id.as_str()));
        }
    }
    Ok(scores.data.clone().lazy().select(select).collect()?)
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

/// The sheet row by row in constant memory: rust_xlsxwriter flushes each finished row.
fn write_xlsx(
    frame: &DataFrame,
    file: &mut std::fs::File,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let mut wb = crate::xlsx::workbook()?;
    let sheet = wb.add_worksheet_with_constant_memory()?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, column) in frame.columns().iter().enumerate() {
        // Strings are written as text, never as formulas; the quote keeps a copy-paste safe.
        sheet.write_string_with_format(0, c as u16, neutral(column.name()), &bold)?;
    }
    for from in (0..frame.height()).step_by(CHUNK_ROWS) {
        let cells = chunk(frame, from)?;
        for r in 0..(frame.height() - from).min(CHUNK_ROWS) {
            let row = (from + r + 1) as u32;
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
    wb.save_to_writer(file)?;
    Ok(())
}

/// A JSON array of one object per respondent, written a chunk of rows at a time.
fn write_json(
    frame: &DataFrame,
    out: &mut impl std::io::Write,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    out.write_all(b"[")?;
    let mut first = true;
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
    out.write_all(b"\n]\n")?;
    Ok(())
}
