//! Two independent samples: Welch's t with Hedges' g. Used where two groups are set against
//! each other: perception gaps between partners, this year against last, one municipality
//! against the others.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::function::gamma::ln_gamma;

use super::oneway::{Groups, Tested, Why, mean, t_two_sided, unusable, variance};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TTest {
    /// mean(x) − mean(y)
    pub diff: f64,
    pub se: f64,
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    pub p: f64,
    pub ci95: [f64; 2],
    /// Cohen's d on the pooled SD with Hedges' exact small-sample correction.
    pub hedges_g: f64,
    /// Holm-adjusted p over the family the caller tests together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_holm: Option<f64>,
}

/// Welch's t-test of x against y (R's `t.test(x, y)`): no equal-variance assumption.
pub fn welch_t(x: &[f64], y: &[f64]) -> Tested<TTest> {
    let groups = Groups {
        names: vec!["x".into(), "y".into()],
        values: vec![x.to_vec(), y.to_vec()],
        offset: 0.0,
    };
    if let Some(why) = unusable(&groups) {
        return Err(why);
    }
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    let (vx, vy) = (variance(x), variance(y));
    let (ax, ay) = (vx / nx, vy / ny);
    let se2 = ax + ay;
    if se2 == 0.0 {
        return Err(Why::NoVariance);
    }
    let diff = mean(x) - mean(y);
    let se = se2.sqrt();
    let df = se2 * se2 / (ax * ax / (nx - 1.0) + ay * ay / (ny - 1.0));
    let t = diff / se;
    let crit = StudentsT::new(0.0, 1.0, df)
        .map(|d| d.inverse_cdf(0.975))
        .unwrap_or(f64::NAN);
    let m = nx + ny - 2.0;
    let pooled = (((nx - 1.0) * vx + (ny - 1.0) * vy) / m).sqrt();
    // J(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)), in logs so that large m does not overflow.
    let j = (ln_gamma(m / 2.0) - ln_gamma((m - 1.0) / 2.0)).exp() / (m / 2.0).sqrt();
    Ok(TTest {
        diff,
        se,
        t,
        df,
        p: t_two_sided(t, df),
        ci95: [diff - crit * se, diff + crit * se],
        hedges_g: if pooled > 0.0 {
            diff / pooled * j
        } else {
            f64::NAN
        },
        p_holm: None,
    })
}
