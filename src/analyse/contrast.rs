//! Contrasts: the same statements asked about two sides (the school and the care worker), set
//! against each other within respondents with the paired t-test.

use polars::prelude::*;
use verband_stats::{describe, paired_t};

use super::disclosure::Disclosure;
use super::family;
use crate::error::{Error, Result};
use crate::instrument::{Contrast as Spec, Instrument, Text};
use crate::results::{Contrast, ContrastResult, ContrastRow, Shown};
use crate::score::item_expr;

pub(super) fn contrasts(
    inst: &Instrument,
    data: &DataFrame,
    disclosure: Disclosure,
) -> Result<Vec<Contrast>> {
    inst.contrasts
        .iter()
        .map(|c| contrast(inst, data, disclosure, c))
        .collect()
}

/// Each respondent's answers (reverse coded) to the items, one column per item.
fn answers(inst: &Instrument, data: &DataFrame, ids: &[&str]) -> Result<Vec<Vec<Option<f64>>>> {
    let exprs = ids
        .iter()
        .map(|id| {
            let item = inst
                .items()
                .into_iter()
                .find(|i| i.item.id == *id)
                .ok_or_else(|| Error::Internal(format!("contrast item {id} is not an item")))?;
            Ok(item_expr(inst, item.item).alias(*id))
        })
        .collect::<Result<Vec<_>>>()?;
    let frame = data.clone().lazy().select(exprs).collect()?;
    frame
        .columns()
        .iter()
        .map(|c| Ok(c.f64()?.iter().collect()))
        .collect()
}

/// The respondents who answered both sides, as (a, b) pairs of values.
fn paired(a: &[Option<f64>], b: &[Option<f64>]) -> (Vec<f64>, Vec<f64>) {
    a.iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .unzip()
}

/// Each respondent's mean over the items of one side that they answered.
fn side_means(columns: &[Vec<Option<f64>>]) -> Vec<Option<f64>> {
    let rows = columns.first().map_or(0, Vec::len);
    (0..rows)
        .map(|r| {
            let valid: Vec<f64> = columns.iter().filter_map(|c| c[r]).collect();
            (!valid.is_empty()).then(|| valid.iter().sum::<f64>() / valid.len() as f64)
        })
        .collect()
}

fn contrast(
    inst: &Instrument,
    data: &DataFrame,
    disclosure: Disclosure,
    spec: &Spec,
) -> Result<Contrast> {
    let a_ids: Vec<&str> = spec.pairs.iter().map(|[a, _]| a.as_str()).collect();
    let b_ids: Vec<&str> = spec.pairs.iter().map(|[_, b]| b.as_str()).collect();
    let (a_cols, b_cols) = (answers(inst, data, &a_ids)?, answers(inst, data, &b_ids)?);
    let statements: Vec<(Vec<f64>, Vec<f64>)> = a_cols
        .iter()
        .zip(&b_cols)
        .map(|(a, b)| paired(a, b))
        .collect();
    let overall = paired(&side_means(&a_cols), &side_means(&b_cols));
    let visible = |p: &(Vec<f64>, Vec<f64>)| disclosure.shows(p.0.len());
    let tests = statements
        .iter()
        .filter(|p| visible(p))
        .map(|(a, b)| paired_t(a, b))
        .collect();
    let mut compared = family::compare_family(tests).into_iter();
    let row = |items: Option<[String; 2]>, label: Option<Text>, p: &(Vec<f64>, Vec<f64>), c| {
        ContrastRow {
            items,
            label,
            result: Shown::when(visible(p), || ContrastResult {
                n: p.0.len(),
                a: describe(&p.0, 0.0),
                b: describe(&p.1, 0.0),
                comparison: c,
            }),
        }
    };
    let statement_rows = spec
        .pairs
        .iter()
        .zip(&statements)
        .map(|(pair, p)| {
            let label = inst
                .items()
                .into_iter()
                .find(|i| i.item.id == pair[0])
                .map(|i| Text {
                    nl: i.item.nl.clone(),
                    en: i.item.en.clone(),
                });
            let c = if visible(p) {
                compared.next().expect("one comparison per shown statement")
            } else {
                crate::results::Outcome::NotRun(verband_stats::NotTestable::TooFewRespondents)
            };
            row(Some(pair.clone()), label, p, c)
        })
        .collect();
    let overall_test = family::compare_family(vec![paired_t(&overall.0, &overall.1)])
        .pop()
        .expect("one comparison");
    Ok(Contrast {
        id: spec.id.clone(),
        label: spec.label.clone(),
        a: spec.a.clone(),
        b: spec.b.clone(),
        overall: row(None, None, &overall, overall_test),
        statements: statement_rows,
    })
}
