//! The one-way ANOVA family: the classic F (SPSS ONEWAY), Welch's F and Brown–Forsythe's F*.
//!
//! Sums of squares are computed in two passes around the group means of the shifted values
//! (see [`crate::exact::centre`]), so nothing cancels catastrophically.

use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use crate::descriptive::{mean, variance};
use crate::{Groups, NotTestable, Tested};

/// An F test: statistic, degrees of freedom and upper-tail p.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FTest {
    pub f: f64,
    pub df1: f64,
    pub df2: f64,
    pub p: f64,
}

/// The classic one-way ANOVA with its table and effect sizes.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Anova {
    pub f: f64,
    pub df1: f64,
    pub df2: f64,
    pub p: f64,
    pub ss_between: f64,
    pub ss_within: f64,
    pub ss_total: f64,
    pub ms_between: f64,
    pub ms_within: f64,
    pub eta_sq: f64,
    /// May be negative when the groups differ less than chance would make them.
    pub omega_sq: f64,
}

/// Classic one-way ANOVA (SPSS ONEWAY): F from the pooled within-group variance.
pub fn anova(groups: &Groups) -> Tested<Anova> {
    if let Some(why) = groups.unusable() {
        return Err(why);
    }
    let (k, n) = (groups.values.len(), groups.total());
    let means: Vec<f64> = groups.values.iter().map(|v| mean(v)).collect();
    let grand = groups.values.iter().flatten().sum::<f64>() / n as f64;
    let ss_between: f64 = groups
        .values
        .iter()
        .zip(&means)
        .map(|(v, m)| v.len() as f64 * (m - grand).powi(2))
        .sum();
    let ss_within: f64 = groups
        .values
        .iter()
        .zip(&means)
        .map(|(v, m)| v.iter().map(|x| (x - m).powi(2)).sum::<f64>())
        .sum();
    if ss_within == 0.0 {
        return Err(NotTestable::NoVariance);
    }
    let ss_total = ss_between + ss_within;
    let (df1, df2) = ((k - 1) as f64, (n - k) as f64);
    let (ms_between, ms_within) = (ss_between / df1, ss_within / df2);
    let f = ms_between / ms_within;
    Ok(Anova {
        f,
        df1,
        df2,
        p: f_upper(f, df1, df2),
        ss_between,
        ss_within,
        ss_total,
        ms_between,
        ms_within,
        eta_sq: ss_between / ss_total,
        omega_sq: (ss_between - df1 * ms_within) / (ss_total + ms_within),
    })
}

/// Welch's (1951) ANOVA for unequal variances.
pub fn welch(groups: &Groups) -> Tested<FTest> {
    if let Some(why) = groups.unusable() {
        return Err(why);
    }
    let k = groups.values.len() as f64;
    let stats: Vec<(f64, f64, f64)> = groups
        .values
        .iter()
        .map(|v| (v.len() as f64, mean(v), variance(v)))
        .collect();
    if let Some(i) = stats.iter().position(|s| s.2 == 0.0) {
        return Err(NotTestable::FlatGroup {
            group: groups.names[i].clone(),
        });
    }
    let w: Vec<f64> = stats.iter().map(|(n, _, v)| n / v).collect();
    let sw: f64 = w.iter().sum();
    let mw = stats
        .iter()
        .zip(&w)
        .map(|((_, m, _), w)| w * m)
        .sum::<f64>()
        / sw;
    let a = stats
        .iter()
        .zip(&w)
        .map(|((_, m, _), w)| w * (m - mw).powi(2))
        .sum::<f64>()
        / (k - 1.0);
    let tmp: f64 = stats
        .iter()
        .zip(&w)
        .map(|((n, _, _), w)| (1.0 - w / sw).powi(2) / (n - 1.0))
        .sum();
    let b = 1.0 + 2.0 * (k - 2.0) / (k * k - 1.0) * tmp;
    let (f, df1, df2) = (a / b, k - 1.0, (k * k - 1.0) / (3.0 * tmp));
    Ok(FTest {
        f,
        df1,
        df2,
        p: f_upper(f, df1, df2),
    })
}

/// Brown & Forsythe's (1974) F* for means, with df1 = k − 1 and Satterthwaite's df2.
pub fn brown_forsythe(groups: &Groups) -> Tested<FTest> {
    if let Some(why) = groups.unusable() {
        return Err(why);
    }
    let n = groups.total() as f64;
    let grand = groups.values.iter().flatten().sum::<f64>() / n;
    let ss_between: f64 = groups
        .values
        .iter()
        .map(|v| v.len() as f64 * (mean(v) - grand).powi(2))
        .sum();
    let parts: Vec<(f64, f64)> = groups
        .values
        .iter()
        .map(|v| {
            (
                (1.0 - v.len() as f64 / n) * variance(v),
                v.len() as f64 - 1.0,
            )
        })
        .collect();
    let denom: f64 = parts.iter().map(|p| p.0).sum();
    if denom == 0.0 {
        return Err(NotTestable::NoVariance);
    }
    let inv_df2: f64 = parts.iter().map(|(c, dfi)| (c / denom).powi(2) / dfi).sum();
    let (f, df1, df2) = (
        ss_between / denom,
        groups.values.len() as f64 - 1.0,
        1.0 / inv_df2,
    );
    Ok(FTest {
        f,
        df1,
        df2,
        p: f_upper(f, df1, df2),
    })
}

/// Upper tail of F, with statrs' survival function (never 1 − cdf).
pub fn f_upper(f: f64, df1: f64, df2: f64) -> f64 {
    // statrs panics on NaN.
    if f.is_nan() {
        return f64::NAN;
    }
    FisherSnedecor::new(df1, df2)
        .map(|d| d.sf(f))
        .unwrap_or(f64::NAN)
}
