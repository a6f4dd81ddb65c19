//! `verband compare`: groups of any table, or an instrument's constructs and items, in the
//! tables SPSS ONEWAY prints (or as JSON).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use verband_stats::{Decimal, Groups, centre, parse_decimal};

use super::{Run, finding_line};
use crate::analyse::{self, Data, Wave};
use crate::error::Error;
use crate::ingest::{self, Finding, Problem, normalize, read_grid};
use crate::instrument;
use crate::lang::Lang;
use crate::report::text;
use crate::results::Measure;
use polars::prelude::DataType;

#[derive(Args)]
pub(super) struct CompareArgs {
    /// A table (.csv, .xlsx, .xls, .ods).
    file: PathBuf,
    /// The grouping column.
    #[arg(long)]
    by: String,
    /// Numeric columns to compare.
    #[arg(long = "value", num_args = 1.., required_unless_present = "instrument", conflicts_with = "instrument")]
    values: Vec<String>,
    /// Compare every construct and item of this instrument instead.
    #[arg(long)]
    instrument: Option<PathBuf>,
    #[command(flatten)]
    reading: super::ReadArgs,
    /// Print the `measures` objects of results.json instead of tables.
    #[arg(long)]
    json: bool,
    #[arg(long, value_enum, default_value_t = Lang::Nl)]
    lang: Lang,
}

pub(super) fn run(args: &CompareArgs) -> Run {
    let measures = match &args.instrument {
        Some(path) => with_instrument(args, path)?,
        None => plain_table(args)?,
    };
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&measures).map_err(Error::from)?
        );
    } else {
        super::print(format_args!("{}", text::tables(&measures, args.lang)))?;
    }
    Ok(0)
}

fn with_instrument(args: &CompareArgs, path: &Path) -> Result<Vec<Measure>, Error> {
    let inst = instrument::load(path)?;
    let responses = ingest::ingest(
        std::slice::from_ref(&args.file),
        &inst,
        &args.reading.options(None),
    )?;
    for f in &responses.findings {
        eprintln!("{}", finding_line(f));
    }
    let scores = crate::score::score(&responses, &inst)?;
    let data = Data {
        waves: vec![Wave {
            year: None,
            instrument: &inst,
            responses: &responses,
            scores: &scores,
        }],
        benchmark: None,
    };
    let plan = analyse::Plan {
        by: Some(args.by.clone()),
        min_group: 0,
        item_posthoc: true,
        invited: Default::default(),
        about: Default::default(),
    };
    Ok(analyse::analyse(&data, &plan)?
        .measures
        .into_iter()
        .filter(|m| m.scale.ordinal)
        .collect())
}

/// A column's values as exact decimals per group; a cell that is not a number is a finding.
fn decimals_by_group(
    grid: &ingest::Grid,
    groups: &[Option<String>],
    values: &[Option<String>],
    (name, col): (&str, usize),
    findings: &mut Vec<Finding>,
) -> BTreeMap<String, Vec<Decimal>> {
    let mut by_group: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
    for (i, (group, value)) in groups.iter().zip(values).enumerate() {
        let (Some(group), Some(value)) = (group, value) else {
            continue;
        };
        // A number past a double's range (1e309) is no number to compare.
        match parse_decimal(value).filter(|d| d.to_f64().is_finite()) {
            Some(d) => by_group
                .entry(group.trim().to_string())
                .or_default()
                .push(d),
            None if value.trim().is_empty() => {}
            None => findings.push(grid.finding(
                Some(grid.cell_ref(i + 1, col)),
                Problem::NotANumber {
                    value: value.trim().to_string(),
                    attribute: name.to_string(),
                },
            )),
        }
    }
    by_group
}

/// The groups shifted together by their common centre, exactly (see `verband_stats::centre`).
fn centred(by_group: BTreeMap<String, Vec<Decimal>>) -> Groups {
    let all: Vec<Decimal> = by_group.values().flatten().copied().collect();
    let (shifted, offset) = centre(&all);
    let mut rest = shifted.into_iter();
    Groups {
        names: by_group.keys().cloned().collect(),
        values: by_group
            .values()
            .map(|v| rest.by_ref().take(v.len()).collect())
            .collect(),
        offset,
    }
}

/// Reads the named columns as exact decimals, grouped by the `--by` column.
fn plain_table(args: &CompareArgs) -> Result<Vec<Measure>, Error> {
    let opts = args.reading.options(None);
    let mut grid = read_grid(&args.file, opts.sheet.as_deref(), &opts.limits)?;
    let header: Vec<String> = (0..grid.cells.width())
        .map(|c| grid.text(0, c).unwrap_or_default())
        .collect();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| normalize(h) == normalize(name))
            .ok_or_else(|| {
                Error::usage(format!(
                    "{}: no column \"{name}\" (columns: {})",
                    grid.place(),
                    header.join(", ")
                ))
            })
    };
    let by = find(&args.by)?;
    let columns: Vec<usize> = args
        .values
        .iter()
        .map(|v| find(v))
        .collect::<Result<_, _>>()?;
    let mut wanted: Vec<(usize, DataType)> = std::iter::once(by)
        .chain(columns.iter().copied())
        .map(|c| (c, DataType::String))
        .collect();
    wanted.sort_by_key(|(c, _)| *c);
    wanted.dedup_by_key(|(c, _)| *c);
    let body = grid.rows_below(1, &wanted)?;
    let text = |c: usize| -> Result<Vec<Option<String>>, Error> {
        let column = body.column(&format!("c{c}"))?.str()?.clone();
        Ok(column.iter().map(|v| v.map(str::to_string)).collect())
    };
    let groups = text(by)?;
    // What the reader found in the columns compared (a formula without a saved value).
    let letters = |cell: &str| {
        cell.trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string()
    };
    let used: Vec<String> = wanted
        .iter()
        .map(|(c, _)| letters(&grid.cell_ref(0, *c)))
        .collect();
    let mut findings: Vec<Finding> = grid
        .findings
        .iter()
        .filter(|f| {
            f.cell
                .as_deref()
                .is_some_and(|c| used.contains(&letters(c)))
        })
        .cloned()
        .collect();
    let mut measures = Vec::new();
    for (name, &col) in args.values.iter().zip(&columns) {
        let by_group = decimals_by_group(&grid, &groups, &text(col)?, (name, col), &mut findings);
        measures.push(analyse::plain_measure(name, centred(by_group)));
    }
    if !findings.is_empty() {
        for f in &findings {
            eprintln!("{}", finding_line(f));
        }
        return Err(Error::Rejected(format!(
            "{} cells are not numbers",
            findings.len()
        )));
    }
    Ok(measures)
}
