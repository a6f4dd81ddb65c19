//! The `ingest` stage: response files → one polars DataFrame of codes, with every problem
//! reported by file, sheet and cell, and every row either kept or listed as excluded.

mod decimal;
mod headers;
mod read;
mod recode;

pub use decimal::{Decimal, parse_decimal, shift_exactly};
pub use headers::normalize;
pub use read::{Grid, a1, read_grid};
pub use recode::parse_number;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use polars::prelude::*;
use serde::Serialize;

use crate::instrument::{AttributeKind, AttributeRole, Column as Spec, Instrument};
use recode::{
    Recoded, attribute_dtype, category_meaning, number_meaning, recode_column, scale_meaning,
};

/// Columns every `Responses` frame starts with: where the row came from.
pub const FILE_COL: &str = "_file";
pub const ROW_COL: &str = "_row";

#[derive(Debug, Clone)]
pub struct Options {
    pub sheet: Option<String>,
    /// Share of the scored items a respondent must have answered to be analysed.
    pub min_answered: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sheet: None,
            min_answered: 0.5,
        }
    }
}

/// A problem in the input, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// "file" or "file, sheet S".
    pub place: String,
    pub cell: Option<String>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cell {
            Some(c) => write!(f, "{}, {c}: {}", self.place, self.message),
            None => write!(f, "{}: {}", self.place, self.message),
        }
    }
}

/// A row that was read but not analysed.
#[derive(Debug, Clone, Serialize)]
pub struct Exclusion {
    pub file: String,
    /// The row number in the sheet, as a spreadsheet shows it.
    pub row: u32,
    pub reason: String,
}

pub struct Responses {
    /// One row per analysed respondent: `_file` (index into `files`), `_row`, then every
    /// instrument column by id: attributes, item codes (Int64, not yet reversed), relational
    /// codes, open answers.
    pub data: DataFrame,
    pub files: Vec<String>,
    pub read: usize,
    pub excluded: Vec<Exclusion>,
    pub findings: Vec<Finding>,
    /// Export metadata columns (timestamps, IP addresses) that were passed over.
    pub ignored_columns: Vec<String>,
    /// The stated rule for respondents with too few answers.
    pub min_answered: f64,
}

/// Where each (file, column id) sits in its sheet, for cell references.
struct Origins {
    places: Vec<String>,
    letters: Vec<HashMap<String, String>>,
}

impl Origins {
    fn finding(&self, file: u32, row: u32, id: &str, message: String) -> Finding {
        let f = file as usize;
        let letter = self.letters[f].get(id).cloned().unwrap_or_default();
        Finding {
            place: self.places[f].clone(),
            cell: Some(format!("{letter}{row}")),
            message,
        }
    }
}

pub fn ingest(files: &[PathBuf], inst: &Instrument, opts: &Options) -> anyhow::Result<Responses> {
    let specs = inst.columns();
    let mut findings = Vec::new();
    let mut ignored = Vec::new();
    let mut frames = Vec::new();
    let mut origins = Origins {
        places: vec![],
        letters: vec![],
    };
    for (index, path) in files.iter().enumerate() {
        let grid = read_grid(path, opts.sheet.as_deref())?;
        let header = headers::match_headers(&grid, inst)?;
        let place = grid.place();
        for (col, text) in &header.unmatched {
            findings.push(Finding {
                place: place.clone(),
                cell: Some(grid.cell_ref(header.header_row, *col)),
                message: format!(
                    "column \"{text}\" matches no item of instrument {}",
                    inst.id
                ),
            });
        }
        for (col, id) in &header.duplicates {
            findings.push(Finding {
                place: place.clone(),
                cell: Some(grid.cell_ref(header.header_row, *col)),
                message: format!("a second column for {id}; only the first is read"),
            });
        }
        let present: HashSet<&str> = header.matched.iter().map(|(_, id)| id.as_str()).collect();
        for spec in &specs {
            let required = match spec {
                Spec::Item(_) => true,
                Spec::Attribute(a) => a.required,
                Spec::Relational(_) | Spec::Open(_) => false,
            };
            if required && !present.contains(spec.id()) {
                findings.push(Finding {
                    place: place.clone(),
                    cell: None,
                    message: format!(
                        "no column for {} (\"{}\")",
                        spec.id(),
                        spec.text(crate::instrument::Lang::Nl)
                    ),
                });
            }
        }
        ignored.extend(header.ignored.iter().map(|h| format!("{place}: {h}")));
        frames.push(file_frame(&grid, &header, &specs, index as u32)?);
        origins.letters.push(
            header
                .matched
                .iter()
                .map(|(col, id)| {
                    let cell = grid.cell_ref(header.header_row, *col);
                    (
                        id.clone(),
                        cell.trim_end_matches(|c: char| c.is_ascii_digit())
                            .to_string(),
                    )
                })
                .collect(),
        );
        origins.places.push(place);
    }
    let raw = concat_frames(frames)?;
    let read = raw.height();
    let (coded, bad) = recode_all(&raw, inst)?;
    let mut reasons: Vec<Option<String>> = vec![None; read];
    let file_idx: Vec<u32> = raw.column(FILE_COL)?.u32()?.into_no_null_iter().collect();
    let rows: Vec<u32> = raw.column(ROW_COL)?.u32()?.into_no_null_iter().collect();

    mark_empty_rows(&raw, &specs, &mut reasons)?;
    for (id, values) in &bad {
        let cells = raw.column(id)?.str()?;
        let why = recode::bad_lookup(values);
        let attribute = inst.attribute(id).filter(|a| a.required);
        for (i, cell) in cells.iter().enumerate() {
            if let Some(message) = cell.and_then(|c| why.get(c)) {
                findings.push(origins.finding(file_idx[i], rows[i], id, message.to_string()));
                if attribute.is_some() && reasons[i].is_none() {
                    reasons[i] = Some(message.to_string());
                }
            }
        }
    }
    mark_missing_required(
        &coded,
        inst,
        &origins,
        &file_idx,
        &rows,
        &mut reasons,
        &mut findings,
    )?;
    mark_duplicate_ids(
        &coded,
        inst,
        &origins,
        &file_idx,
        &rows,
        &mut reasons,
        &mut findings,
    )?;
    mark_too_few_answers(&raw, &coded, inst, opts.min_answered, &mut reasons)?;

    let keep: BooleanChunked = reasons.iter().map(|r| r.is_none()).collect();
    let data = coded.filter(&keep)?;
    let names = files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>();
    let excluded = reasons
        .into_iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.map(|reason| Exclusion {
                file: names[file_idx[i] as usize].clone(),
                row: rows[i],
                reason,
            })
        })
        .collect();
    findings.sort_by(|a, b| (&a.place, cell_order(&a.cell)).cmp(&(&b.place, cell_order(&b.cell))));
    Ok(Responses {
        data,
        files: names,
        read,
        excluded,
        findings,
        ignored_columns: ignored,
        min_answered: opts.min_answered,
    })
}

/// Sorts cell references by row, then column ("B10" after "C9").
fn cell_order(cell: &Option<String>) -> (u32, usize, String) {
    let Some(c) = cell else {
        return (0, 0, String::new());
    };
    let split = c.find(|ch: char| ch.is_ascii_digit()).unwrap_or(c.len());
    let (letters, digits) = c.split_at(split);
    (
        digits.parse().unwrap_or(0),
        letters.len(),
        letters.to_string(),
    )
}

/// The data rows of one sheet, columns renamed to instrument ids, absent columns as nulls.
fn file_frame(
    grid: &Grid,
    header: &headers::HeaderMatch,
    specs: &[Spec],
    index: u32,
) -> anyhow::Result<DataFrame> {
    let body = grid
        .cells
        .slice(header.header_rows as i64, grid.cells.height());
    let height = body.height();
    let by_id: HashMap<&str, usize> = header
        .matched
        .iter()
        .map(|(c, id)| (id.as_str(), *c))
        .collect();
    let first_row = grid.first_row + header.header_rows as u32 + 1;
    let mut columns = vec![
        Column::new(FILE_COL.into(), vec![index; height]),
        Column::new(
            ROW_COL.into(),
            (first_row..first_row + height as u32).collect::<Vec<u32>>(),
        ),
    ];
    for spec in specs {
        let column = match by_id.get(spec.id()) {
            Some(&c) => body.columns()[c].clone().with_name(spec.id().into()),
            None => Column::full_null(spec.id().into(), height, &DataType::String),
        };
        columns.push(column);
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

fn concat_frames(frames: Vec<DataFrame>) -> anyhow::Result<DataFrame> {
    let mut frames = frames.into_iter();
    let mut all = frames
        .next()
        .ok_or_else(|| crate::unreadable("no response files given"))?;
    for f in frames {
        all.vstack_mut(&f)?;
    }
    all.rechunk_mut();
    Ok(all)
}

/// Recodes every instrument column in one polars pass. Returns the coded frame and, per
/// column, the distinct values that were not answers.
#[allow(clippy::type_complexity)]
fn recode_all(
    raw: &DataFrame,
    inst: &Instrument,
) -> anyhow::Result<(DataFrame, Vec<(String, Vec<(String, String)>)>)> {
    let mut exprs = Vec::new();
    let mut bad = Vec::new();
    for spec in inst.columns() {
        let id = spec.id();
        let cells = raw.column(id)?;
        let recoded: Option<Recoded> = match &spec {
            Spec::Item(i) => Some(recode_column(cells, id, DataType::Int64, |v| {
                scale_meaning(v, i.scale)
            })?),
            Spec::Relational(r) => Some(recode_column(cells, id, DataType::Int64, |v| {
                scale_meaning(v, r.scale)
            })?),
            Spec::Attribute(a) => match a.kind {
                AttributeKind::Category => {
                    Some(recode_column(cells, id, attribute_dtype(a), |v| {
                        category_meaning(v, a)
                    })?)
                }
                AttributeKind::Number => Some(recode_column(cells, id, attribute_dtype(a), |v| {
                    number_meaning(v, a)
                })?),
                AttributeKind::Text => None,
            },
            Spec::Open(_) => None,
        };
        match recoded {
            Some(r) => {
                exprs.push(r.expr);
                if !r.bad.is_empty() {
                    bad.push((id.to_string(), r.bad));
                }
            }
            None => exprs.push(recode::text_expr(id)),
        }
    }
    let coded = raw.clone().lazy().with_columns(exprs).collect()?;
    Ok((coded, bad))
}

fn mark_empty_rows(
    raw: &DataFrame,
    specs: &[Spec],
    reasons: &mut [Option<String>],
) -> anyhow::Result<()> {
    let nulls: Vec<Expr> = specs.iter().map(|s| col(s.id()).is_null()).collect();
    let empty = raw
        .clone()
        .lazy()
        .select([all_horizontal(nulls)?.alias("empty")])
        .collect()?;
    for (reason, empty) in reasons
        .iter_mut()
        .zip(empty.column("empty")?.bool()?.iter())
    {
        if empty == Some(true) && reason.is_none() {
            *reason = Some("empty row".into());
        }
    }
    Ok(())
}

fn mark_missing_required(
    coded: &DataFrame,
    inst: &Instrument,
    origins: &Origins,
    file_idx: &[u32],
    rows: &[u32],
    reasons: &mut [Option<String>],
    findings: &mut Vec<Finding>,
) -> anyhow::Result<()> {
    for a in inst.attributes.iter().filter(|a| a.required) {
        let missing = coded.column(&a.id)?.is_null();
        for (i, is_missing) in missing.iter().enumerate() {
            // Rows already excluded as empty, or with a bad value reported, need no second word.
            if is_missing == Some(true) && reasons[i].is_none() {
                let message = format!("{} is missing", a.id);
                findings.push(origins.finding(file_idx[i], rows[i], &a.id, message.clone()));
                reasons[i] = Some(message);
            }
        }
    }
    Ok(())
}

fn mark_duplicate_ids(
    coded: &DataFrame,
    inst: &Instrument,
    origins: &Origins,
    file_idx: &[u32],
    rows: &[u32],
    reasons: &mut [Option<String>],
    findings: &mut Vec<Finding>,
) -> anyhow::Result<()> {
    let Some(id_attr) = inst.attributes.iter().find(|a| a.role == AttributeRole::Id) else {
        return Ok(());
    };
    let ids = coded.column(&id_attr.id)?.cast(&DataType::String)?;
    // Ids repeat from year to year (R0001 every wave): they must be unique within a year.
    let years = match inst
        .attributes
        .iter()
        .find(|a| a.role == AttributeRole::Year)
    {
        Some(y) => coded.column(&y.id)?.cast(&DataType::String)?,
        None => Column::full_null("year".into(), coded.height(), &DataType::String),
    };
    let mut first_seen: HashMap<(Option<&str>, &str), usize> = HashMap::new();
    for (i, (id, year)) in ids.str()?.iter().zip(years.str()?.iter()).enumerate() {
        let Some(id) = id else { continue };
        if let Some(&first) = first_seen.get(&(year, id)) {
            let message = format!("respondent id \"{id}\" also on row {}", rows[first]);
            findings.push(origins.finding(file_idx[i], rows[i], &id_attr.id, message.clone()));
            if reasons[i].is_none() {
                reasons[i] = Some(format!("duplicate respondent id \"{id}\""));
            }
        } else {
            first_seen.insert((year, id), i);
        }
    }
    Ok(())
}

/// Excludes respondents who answered less than `min_answered` of the scored items. For an
/// instrument with only relational questions it counts the partners other than the
/// respondent's own type, and any answer, "geen contact" included, counts as answered.
fn mark_too_few_answers(
    raw: &DataFrame,
    coded: &DataFrame,
    inst: &Instrument,
    min_answered: f64,
    reasons: &mut [Option<String>],
) -> anyhow::Result<()> {
    let scored: Vec<Expr> = inst
        .items()
        .iter()
        .filter(|i| i.scale.is_scored())
        .map(|i| col(i.item.id.as_str()))
        .collect();
    let (frame, answered, totals) = if !scored.is_empty() {
        let total = lit(scored.len() as u32);
        let answered: Vec<Expr> = scored
            .into_iter()
            .map(|e| e.is_not_null().cast(DataType::UInt32))
            .collect();
        (coded.clone(), answered, vec![total])
    } else {
        let own = inst.grouping().map(|a| a.id.as_str());
        let mut frame = raw.clone();
        let own_type = match own {
            Some(id) => coded.column(id)?.clone().with_name("_own".into()),
            None => Column::full_null("_own".into(), raw.height(), &DataType::String),
        };
        frame.with_column(own_type)?;
        let (mut answered, mut totals) = (Vec::new(), Vec::new());
        for r in inst.relational_columns() {
            let other = col("_own")
                .neq(lit(r.partner.code.as_str()))
                .fill_null(lit(true));
            totals.push(other.clone().cast(DataType::UInt32));
            answered.push((col(r.id.as_str()).is_not_null().and(other)).cast(DataType::UInt32));
        }
        (frame, answered, totals)
    };
    if answered.is_empty() {
        return Ok(());
    }
    let counts = frame
        .lazy()
        .select([
            polars::lazy::dsl::sum_horizontal(answered, true)?.alias("n"),
            polars::lazy::dsl::sum_horizontal(totals, true)?
                .cast(DataType::UInt32)
                .alias("total"),
        ])
        .collect()?;
    let (n, total) = (counts.column("n")?.u32()?, counts.column("total")?.u32()?);
    for (reason, (n, total)) in reasons.iter_mut().zip(n.iter().zip(total.iter())) {
        let (n, total) = (n.unwrap_or(0) as usize, total.unwrap_or(0) as usize);
        let needed = ((min_answered * total as f64).ceil() as usize).max(1);
        if n < needed && reason.is_none() {
            *reason = Some(format!(
                "answered {n} of {total} items; at least {needed} needed"
            ));
        }
    }
    Ok(())
}

/// How many rows carry each value of a column, sorted by value.
pub fn value_counts(data: &DataFrame, column: &str) -> anyhow::Result<Vec<(String, usize)>> {
    let counts = data
        .clone()
        .lazy()
        .group_by([col(column)])
        .agg([len().alias("n")])
        .sort([column], SortMultipleOptions::default())
        .collect()?;
    let keys = counts.column(column)?.cast(&DataType::String)?;
    let keys = keys.str()?;
    let n = counts.column("n")?.u32()?;
    Ok(keys
        .iter()
        .zip(n.iter())
        .map(|(k, n)| (k.unwrap_or("").to_string(), n.unwrap_or(0) as usize))
        .collect())
}
