//! Mean, sample variance, median and the descriptives of one group.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// One group's descriptives. Location statistics (mean, confidence interval, min, max, median)
/// include the offset the values were shifted by; spread statistics do not need it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Descriptives {
    pub n: usize,
    /// None when n is 0.
    pub mean: Option<f64>,
    /// Sample SD (n − 1); None when n < 2, as are `se` and `ci95`.
    pub sd: Option<f64>,
    pub se: Option<f64>,
    /// The t-based 95% confidence interval of the mean.
    pub ci95: Option<[f64; 2]>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub median: Option<f64>,
}

pub fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample variance (n − 1), two passes.
pub fn variance(v: &[f64]) -> f64 {
    let m = mean(v);
    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)
}

/// The median by selection, not a full sort: a million answers take a linear pass.
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    let n = s.len();
    if n == 0 {
        return f64::NAN;
    }
    let (lower, upper, _) = s.select_nth_unstable_by(n / 2, f64::total_cmp);
    let upper = *upper;
    if n % 2 == 1 {
        upper
    } else {
        let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (below + upper) / 2.0
    }
}

/// The descriptives of `values`, each of which is the true value minus `offset`.
pub fn describe(values: &[f64], offset: f64) -> Descriptives {
    let n = values.len();
    if n == 0 {
        return Descriptives {
            n,
            mean: None,
            sd: None,
            se: None,
            ci95: None,
            min: None,
            max: None,
            median: None,
        };
    }
    let m = mean(values);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (sd, se, ci95) = if n >= 2 {
        let sd = variance(values).sqrt();
        let se = sd / (n as f64).sqrt();
        let t = StudentsT::new(0.0, 1.0, n as f64 - 1.0)
            .map(|t| t.inverse_cdf(0.975))
            .unwrap_or(f64::NAN);
        (
            Some(sd),
            Some(se),
            Some([offset + m - t * se, offset + m + t * se]),
        )
    } else {
        (None, None, None)
    };
    Descriptives {
        n,
        mean: Some(offset + m),
        sd,
        se,
        ci95,
        min: Some(offset + min),
        max: Some(offset + max),
        median: Some(offset + median(values)),
    }
}
