//! Cronbach's α with item-rest correlations and α if an item is deleted.
//!
//! Computed on the respondents who answered every item of the construct (listwise, as SPSS
//! RELIABILITY does), from the covariance matrix of the reverse-coded items.

use polars::prelude::*;
use serde::Serialize;

use crate::instrument::{Instrument, Item};

use super::item_expr;

#[derive(Debug, Clone, Serialize)]
pub struct Reliability {
    pub construct: String,
    pub alpha: Option<f64>,
    /// Items in the construct.
    pub items: usize,
    /// Respondents with every item answered.
    pub n: usize,
    pub per_item: Vec<ItemReliability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemReliability {
    pub item: String,
    /// Correlation of the item with the sum of the other items.
    pub item_rest_r: Option<f64>,
    pub alpha_if_deleted: Option<f64>,
}

pub fn cronbach(
    data: &DataFrame,
    inst: &Instrument,
    construct: &str,
    items: &[&Item],
) -> anyhow::Result<Reliability> {
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
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    Ok(alpha_from_columns(construct, &ids, &columns))
}

/// α and its item statistics from complete columns (one Vec per item, equal lengths).
pub fn alpha_from_columns(construct: &str, ids: &[String], columns: &[Vec<f64>]) -> Reliability {
    let k = columns.len();
    let n = columns.first().map_or(0, Vec::len);
    let empty = |note: &str| Reliability {
        construct: construct.to_string(),
        alpha: None,
        items: k,
        n,
        per_item: ids
            .iter()
            .map(|id| ItemReliability {
                item: id.clone(),
                item_rest_r: None,
                alpha_if_deleted: None,
            })
            .collect(),
        note: Some(note.to_string()),
    };
    if k < 2 {
        return empty("α needs at least two items");
    }
    if n < 2 {
        return empty("α needs at least two respondents who answered every item");
    }
    let cov = covariance(columns);
    let total: f64 = cov.iter().flatten().sum();
    let trace: f64 = (0..k).map(|i| cov[i][i]).sum();
    if total <= 0.0 {
        return empty("the items do not vary, so α is undefined");
    }
    let alpha = k as f64 / (k as f64 - 1.0) * (1.0 - trace / total);
    let per_item = (0..k)
        .map(|i| {
            let row: f64 = cov[i].iter().sum();
            let rest_var = total - 2.0 * row + cov[i][i];
            let rest_cov = row - cov[i][i];
            let denom = (cov[i][i] * rest_var).sqrt();
            let item_rest_r = (denom > 0.0).then(|| rest_cov / denom);
            let m = k - 1;
            let alpha_if_deleted = (m >= 2 && rest_var > 0.0)
                .then(|| m as f64 / (m as f64 - 1.0) * (1.0 - (trace - cov[i][i]) / rest_var));
            ItemReliability {
                item: ids[i].clone(),
                item_rest_r,
                alpha_if_deleted,
            }
        })
        .collect();
    Reliability {
        construct: construct.to_string(),
        alpha: Some(alpha),
        items: k,
        n,
        per_item,
        note: None,
    }
}

/// Sample covariance matrix (n − 1), two passes around the means.
fn covariance(columns: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = columns[0].len() as f64;
    let centred: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| {
            let mean = c.iter().sum::<f64>() / n;
            c.iter().map(|x| x - mean).collect()
        })
        .collect();
    centred
        .iter()
        .map(|a| {
            centred
                .iter()
                .map(|b| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>() / (n - 1.0))
                .collect()
        })
        .collect()
}
