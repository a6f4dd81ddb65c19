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

/// Writes every respondent's scores; `files` name the response files in `_file` order and are
/// written by file name only, never with their folders.
pub fn write_scores(
    scores: &Scores,
    inst: &Instrument,
    files: &[String],
    out: &Path,
) -> Result<()> {
    let mut frame = export_frame(scores, inst, files)?;
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let fail = |e: &dyn std::fmt::Display| {
        Error::Unwritable(format!("{}: cannot write: {e}", out.display()))
    };
    let bytes = match ext.as_str() {
        "csv" => {
            let mut neutral = neutralise(frame)?;
            let mut buffer = Vec::new();
            CsvWriter::new(&mut buffer)
                .include_header(true)
                .finish(&mut neutral)
                .map_err(|e| fail(&e))?;
            buffer
        }
        "xlsx" => xlsx_bytes(&frame).map_err(|e| fail(&e))?,
        "json" => serde_json::to_string_pretty(&to_json(&mut frame)?)?.into_bytes(),
        _ => {
            return Err(Error::usage(format!(
                "{}: write .csv, .xlsx or .json",
                out.display()
            )));
        }
    };
    crate::files::write(out, &bytes)
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

fn xlsx_bytes(frame: &DataFrame) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = crate::xlsx::workbook()?;
    let sheet = wb.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, column) in frame.columns().iter().enumerate() {
        let c = c as u16;
        // Strings are written as text, never as formulas; the quote keeps a copy-paste safe.
        sheet.write_string_with_format(0, c, neutral(column.name()), &bold)?;
        if column.dtype() == &DataType::String {
            for (r, v) in column.str().into_iter().flat_map(|s| s.iter()).enumerate() {
                if let Some(v) = v {
                    sheet.write_string(r as u32 + 1, c, neutral(v))?;
                }
            }
        } else if let Ok(values) = column.cast(&DataType::Float64) {
            for (r, v) in values.f64().into_iter().flat_map(|s| s.iter()).enumerate() {
                if let Some(v) = v {
                    sheet.write_number(r as u32 + 1, c, v)?;
                }
            }
        }
    }
    wb.save_to_buffer()
}

fn to_json(frame: &mut DataFrame) -> Result<serde_json::Value> {
    let columns: Vec<(String, Vec<serde_json::Value>)> = frame
        .columns()
        .iter()
        .map(|c| -> Result<_> {
            let values = match c.dtype() {
                DataType::String => c
                    .str()?
                    .iter()
                    .map(|v| v.map_or(serde_json::Value::Null, Into::into))
                    .collect(),
                _ => c
                    .cast(&DataType::Float64)?
                    .f64()?
                    .iter()
                    .map(|v| {
                        v.and_then(serde_json::Number::from_f64)
                            .map_or(serde_json::Value::Null, Into::into)
                    })
                    .collect(),
            };
            Ok((c.name().to_string(), values))
        })
        .collect::<Result<_>>()?;
    let rows = (0..frame.height())
        .map(|r| {
            let record: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .map(|(name, values)| (name.clone(), values[r].clone()))
                .collect();
            serde_json::Value::Object(record)
        })
        .collect();
    Ok(serde_json::Value::Array(rows))
}
