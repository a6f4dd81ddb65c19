//! `verband compare`: groups of any table, or an instrument's constructs and items.

use std::collections::BTreeMap;

use super::CompareArgs;
use crate::analyse::{self, GroupName, Groups, Kind, ScaleInfo};
use crate::ingest::{self, Finding, normalize, parse_decimal, read_grid, shift_exactly};
use crate::instrument;
use crate::report::text;
use crate::{Failure, unreadable};

pub(super) fn run(args: CompareArgs) -> anyhow::Result<i32> {
    let measures = match &args.instrument {
        Some(path) => with_instrument(&args, path)?,
        None => plain_table(&args)?,
    };
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&measures)?);
    } else {
        out!("{}", text::tables(&measures, args.lang));
    }
    Ok(0)
}

fn with_instrument(
    args: &CompareArgs,
    path: &std::path::Path,
) -> anyhow::Result<Vec<analyse::Measure>> {
    let inst = instrument::load(path)?;
    let opts = ingest::Options {
        sheet: args.sheet.clone(),
        ..Default::default()
    };
    let responses = ingest::ingest(std::slice::from_ref(&args.file), &inst, &opts)?;
    super::commands::print_findings(&responses);
    let scores = crate::score::score(&responses, &inst)?;
    let options = analyse::Options {
        by: Some(args.by.clone()),
        min_group: 0,
        lang: args.lang,
        item_posthoc: true,
    };
    Ok(analyse::analyse(&scores, &responses, &inst, &options)?
        .measures
        .into_iter()
        .filter(|m| m.scale.ordinal)
        .collect())
}

/// Reads the named columns as exact decimals, grouped by the `--by` column.
fn plain_table(args: &CompareArgs) -> anyhow::Result<Vec<analyse::Measure>> {
    let grid = read_grid(&args.file, args.sheet.as_deref())?;
    let header: Vec<String> = grid
        .cells
        .columns()
        .iter()
        .map(|c| {
            c.str()
                .ok()
                .and_then(|s| s.get(0))
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| normalize(h) == normalize(name))
            .ok_or_else(|| {
                unreadable(format!(
                    "{}: no column \"{name}\" (columns: {})",
                    grid.place(),
                    header.join(", ")
                ))
            })
    };
    let by = find(&args.by)?;
    let cell = |col: usize, row: usize| {
        grid.cells.columns()[col]
            .str()
            .ok()
            .and_then(|s| s.get(row))
            .map(str::to_string)
    };
    let mut findings = Vec::new();
    let mut measures = Vec::new();
    for name in &args.values {
        let col = find(name)?;
        let mut by_group: BTreeMap<String, Vec<ingest::Decimal>> = BTreeMap::new();
        for row in 1..grid.cells.height() {
            let (Some(group), Some(value)) = (cell(by, row), cell(col, row)) else {
                continue;
            };
            match parse_decimal(&value) {
                Some(d) => by_group
                    .entry(group.trim().to_string())
                    .or_default()
                    .push(d),
                None if value.trim().is_empty() => {}
                None => findings.push(Finding {
                    place: grid.place(),
                    cell: Some(grid.cell_ref(row, col)),
                    message: format!("\"{}\" is not a number", value.trim()),
                }),
            }
        }
        let all: Vec<ingest::Decimal> = by_group.values().flatten().copied().collect();
        let (shifted, offset) = shift_exactly(&all).unwrap_or_default();
        let mut rest = shifted.into_iter();
        let groups = Groups {
            names: by_group.keys().cloned().collect(),
            values: by_group
                .values()
                .map(|v| rest.by_ref().take(v.len()).collect())
                .collect(),
            offset,
        };
        let names: Vec<GroupName> = groups
            .names
            .iter()
            .map(|n| GroupName {
                code: n.clone(),
                label: n.clone(),
            })
            .collect();
        let scale = ScaleInfo {
            id: String::new(),
            ordinal: true,
            min: 0,
            max: 0,
            points: vec![],
        };
        measures.push(analyse::measure(
            name,
            Kind::Item,
            name.clone(),
            scale,
            &names,
            &groups,
            0,
            true,
            args.lang,
        ));
    }
    if !findings.is_empty() {
        for f in &findings {
            eprintln!("{f}");
        }
        return Err(Failure::Findings(format!("{} cells are not numbers", findings.len())).into());
    }
    Ok(measures)
}
