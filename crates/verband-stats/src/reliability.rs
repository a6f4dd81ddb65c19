//! Cronbach's α with item-rest correlations and α if an item is deleted, from the complete
//! answers (listwise, as SPSS RELIABILITY does), through the items' covariance matrix.

use crate::{NotTestable, Tested};

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Alpha {
    pub alpha: f64,
    /// In the order of the columns.
    pub per_item: Vec<ItemAlpha>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemAlpha {
    /// Correlation of the item with the sum of the other items; None when either is constant.
    pub item_rest_r: Option<f64>,
    /// None with fewer than three items (α needs two) or a constant rest.
    pub alpha_if_deleted: Option<f64>,
}

/// α from complete columns: one Vec per item, all of the same length.
pub fn cronbach_alpha(columns: &[Vec<f64>]) -> Tested<Alpha> {
    let k = columns.len();
    let n = columns.first().map_or(0, Vec::len);
    if k < 2 {
        return Err(NotTestable::TooFewItems);
    }
    if n < 2 {
        return Err(NotTestable::TooFewRespondents);
    }
    let cov = covariance(columns);
    let total: f64 = cov.iter().flatten().sum();
    let trace: f64 = (0..k).map(|i| cov[i][i]).sum();
    if total <= 0.0 {
        return Err(NotTestable::NoVariance);
    }
    let alpha = k as f64 / (k as f64 - 1.0) * (1.0 - trace / total);
    let per_item = (0..k)
        .map(|i| {
            let row: f64 = cov[i].iter().sum();
            let rest_var = total - 2.0 * row + cov[i][i];
            let rest_cov = row - cov[i][i];
            let denom = (cov[i][i] * rest_var).sqrt();
            let m = k - 1;
            ItemAlpha {
                item_rest_r: (denom > 0.0).then(|| rest_cov / denom),
                alpha_if_deleted: (m >= 2 && rest_var > 0.0)
                    .then(|| m as f64 / (m as f64 - 1.0) * (1.0 - (trace - cov[i][i]) / rest_var)),
            }
        })
        .collect();
    Ok(Alpha { alpha, per_item })
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
