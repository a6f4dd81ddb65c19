//! The `score` stage: reverse coding, dimension and construct scores, and reliability.

mod export;

pub use export::{ScoreSink, write_scores};

use std::collections::HashMap;

use polars::prelude::*;
use verband_stats::{Alpha, Tested, cronbach_alpha};

use crate::error::Result;
use crate::ingest::Responses;
use crate::instrument::{Construct, Instrument, Item};

pub struct Scores {
    /// The responses' columns (item codes as answered), then a Float64 score column per
    /// dimension and construct, named by its id; null where too few items were valid.
    pub data: DataFrame,
    /// Per scored construct with two or more items, by construct id.
    pub reliability: HashMap<String, Reliability>,
}

/// Cronbach's α of a construct, on the respondents who answered every item (listwise, as SPSS
/// RELIABILITY does), from the reverse-coded items.
#[derive(Debug, Clone)]
pub struct Reliability {
    pub items: Vec<String>,
    /// Respondents with every item answered.
    pub n: usize,
    pub alpha: Tested<Alpha>,
}

/// The scored (ordinal) items of a construct.
fn scored_items<'a>(inst: &'a Instrument, c: &'a Construct) -> Vec<&'a Item> {
    c.all_items()
        .filter(|i| inst.scale(&i.scale).is_some_and(|s| s.is_scored()))
        .collect()
}

/// An item's code with reverse coding applied: (min + max − code) for reversed items.
pub fn item_expr(inst: &Instrument, item: &Item) -> Expr {
    let code = col(item.id.as_str()).cast(DataType::Float64);
    match inst.scale(&item.scale) {
        Some(s) if item.reverse => lit((s.min() + s.max()) as f64) - code,
        _ => code,
    }
}

/// Mean of the valid items when at least `min_valid` are valid, else null.
fn mean_score(exprs: Vec<Expr>, min_valid: usize, id: &str) -> PolarsResult<Expr> {
    let valid: Vec<Expr> = exprs
        .iter()
        .map(|e| e.clone().is_not_null().cast(DataType::UInt32))
        .collect();
    let count = polars::lazy::dsl::sum_horizontal(valid, true)?;
    let mean = polars::lazy::dsl::mean_horizontal(exprs, true)?;
    Ok(when(count.gt_eq(lit(min_valid as u32)))
        .then(mean)
        .otherwise(lit(NULL).cast(DataType::Float64))
        .alias(id))
}

/// Every respondent's scores and each construct's reliability.
pub fn score(responses: &Responses, inst: &Instrument) -> Result<Scores> {
    let data = score_rows(responses.data.clone(), inst)?;
    let mut reliability = HashMap::new();
    for c in &inst.constructs {
        let items = scored_items(inst, c);
        if items.len() >= 2 {
            reliability.insert(c.id.clone(), cronbach(&data, inst, &items)?);
        }
    }
    Ok(Scores { data, reliability })
}

/// The rows with a Float64 score column added per dimension and construct: each row on its
/// own, so a large input can be scored a part at a time.
pub fn score_rows(rows: DataFrame, inst: &Instrument) -> Result<DataFrame> {
    let mut exprs = Vec::new();
    for c in &inst.constructs {
        let items = scored_items(inst, c);
        if items.is_empty() {
            continue;
        }
        let min_valid = inst.min_valid(c);
        if c.scores_dimensions() {
            // A dimension asks no more valid items than it has.
            for d in &c.dimensions {
                let dim: Vec<Expr> = d.items.iter().map(|i| item_expr(inst, i)).collect();
                exprs.push(mean_score(dim, min_valid.min(d.items.len()), &d.id)?);
            }
        }
        let all: Vec<Expr> = items.iter().map(|i| item_expr(inst, i)).collect();
        exprs.push(mean_score(all, min_valid, &c.id)?);
    }
    Ok(rows.lazy().with_columns(exprs).collect()?)
}

/// α on the respondents who answered every item.
pub fn cronbach(data: &DataFrame, inst: &Instrument, items: &[&Item]) -> Result<Reliability> {
    let exprs: Vec<Expr> = items
        .iter()
        .map(|i| item_expr(inst, i).alias(i.id.as_str()))
        .collect();
    let complete = all_horizontal(
        exprs
            .iter()
            .map(|e| e.clone().is_not_null())
            .collect::<Vec<_>>(),
    )?;
    let frame = data
        .clone()
        .lazy()
        .select(exprs)
        .filter(complete)
        .collect()?;
    let columns: Vec<Vec<f64>> = frame
        .columns()
        .iter()
        .map(|c| c.f64().map(|v| v.into_no_null_iter().collect()))
        .collect::<PolarsResult<_>>()?;
    Ok(Reliability {
        items: items.iter().map(|i| i.id.clone()).collect(),
        n: frame.height(),
        alpha: cronbach_alpha(&columns),
    })
}
