//! Two samples set against each other: Welch's t for independent samples and the paired t for
//! two answers of the same respondents, each with Hedges' small-sample corrected effect size.

use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::function::gamma::ln_gamma;

use crate::descriptive::{mean, variance};
use crate::{Groups, NotTestable, Tested};

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TTest {
    /// mean(x) − mean(y); for paired samples the mean of the differences.
    pub diff: f64,
    pub se: f64,
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom; n − 1 for paired samples.
    pub df: f64,
    pub p: f64,
    pub ci95: [f64; 2],
    /// Welch: Cohen's d on the pooled SD. Paired: d_z, the mean difference over the SD of the
    /// differences. Both with Hedges' exact small-sample correction.
    pub hedges_g: f64,
}

/// Two-sided p of a t statistic.
pub fn t_two_sided(t: f64, df: f64) -> f64 {
    // statrs panics on NaN.
    if t.is_nan() {
        return f64::NAN;
    }
    StudentsT::new(0.0, 1.0, df)
        .map(|d| 2.0 * d.sf(t.abs()))
        .unwrap_or(f64::NAN)
}

fn t_critical(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df)
        .map(|d| d.inverse_cdf(0.975))
        .unwrap_or(f64::NAN)
}

/// Hedges' J(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)), in logs so that large m does not overflow.
fn hedges_j(m: f64) -> f64 {
    (ln_gamma(m / 2.0) - ln_gamma((m - 1.0) / 2.0)).exp() / (m / 2.0).sqrt()
}

/// Welch's t-test of x against y (R's `t.test(x, y)`): no equal-variance assumption.
pub fn welch_t(x: &[f64], y: &[f64]) -> Tested<TTest> {
    let groups = Groups {
        names: vec!["x".into(), "y".into()],
        values: vec![x.to_vec(), y.to_vec()],
        offset: 0.0,
    };
    if let Some(why) = groups.unusable() {
        return Err(why);
    }
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    let (vx, vy) = (variance(x), variance(y));
    let (ax, ay) = (vx / nx, vy / ny);
    let se2 = ax + ay;
    if se2 == 0.0 {
        return Err(NotTestable::NoVariance);
    }
    let diff = mean(x) - mean(y);
    let se = se2.sqrt();
    let df = se2 * se2 / (ax * ax / (nx - 1.0) + ay * ay / (ny - 1.0));
    let t = diff / se;
    let crit = t_critical(df);
    let m = nx + ny - 2.0;
    let pooled = (((nx - 1.0) * vx + (ny - 1.0) * vy) / m).sqrt();
    Ok(TTest {
        diff,
        se,
        t,
        df,
        p: t_two_sided(t, df),
        ci95: [diff - crit * se, diff + crit * se],
        hedges_g: if pooled > 0.0 {
            diff / pooled * hedges_j(m)
        } else {
            f64::NAN
        },
    })
}

/// The paired t-test of x against y (R's `t.test(x, y, paired = TRUE)`): `x[i]` and `y[i]` are
/// the same respondent's two answers.
pub fn paired_t(x: &[f64], y: &[f64]) -> Tested<TTest> {
    debug_assert_eq!(x.len(), y.len(), "paired samples of unequal length");
    let d: Vec<f64> = x.iter().zip(y).map(|(a, b)| a - b).collect();
    if d.len() < 2 {
        return Err(NotTestable::TooFewRespondents);
    }
    if d.iter().any(|v| !v.is_finite()) {
        return Err(NotTestable::NotFinite);
    }
    let n = d.len() as f64;
    let sd = variance(&d).sqrt();
    if sd == 0.0 {
        return Err(NotTestable::NoVariance);
    }
    let diff = mean(&d);
    let se = sd / n.sqrt();
    let (t, df) = (diff / se, n - 1.0);
    let crit = t_critical(df);
    Ok(TTest {
        diff,
        se,
        t,
        df,
        p: t_two_sided(t, df),
        ci95: [diff - crit * se, diff + crit * se],
        hedges_g: diff / sd * hedges_j(df),
    })
}
