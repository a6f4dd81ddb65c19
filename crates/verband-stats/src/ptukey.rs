//! The studentized range distribution (Tukey HSD, Games–Howell), which statrs lacks.
//!
//! Q = R/s, with R the range of k standard normal means and s = χ_ν/√ν independent of it, so
//!
//!   P(Q > q) = ∫ f_s(s) P(R > q s) ds.
//!
//! The upper tail is computed directly, never as 1 − cdf, so small p-values keep their digits.
//! ln P(R > w) comes from a table built once per k (see `range`), so the outer integral costs
//! one short Chebyshev sum per node. That integral runs over x = ln s, where its integrand is
//! log-concave, smooth and decays at least exponentially on both sides: the trapezoid rule on
//! a uniform grid around the mode (found by Newton's method) converges geometrically. The step
//! is a fraction of the integrand's width there, capped at 0.08 because the integrand is
//! analytic only in the strip |Im x| < π/4. The density of s is written with Stirling's
//! series for lnΓ, so no large logarithms cancel when ν is large; once ν is so large that
//! P(Q > q) equals its ν = ∞ limit to double precision, the limit P(R > q) is used. (R's
//! ptukey switches to that limit for every ν > 25000 and scipy for ν ≥ 1e5, which is off by
//! about q⁴/(16ν) relative: tests/ptukey.rs shows it against mpmath.)

mod range;

use std::sync::Arc;

use range::RangeTable;

/// The trapezoid step as a fraction of the outer integrand's width (1/√−(ln g)'' at the mode).
const STEP_PER_WIDTH: f64 = 0.4;
/// The largest trapezoid step in x = ln s: the integrand is analytic only in |Im x| < π/4, and
/// for large k the range's tail bends sharply. With 0.4 and 0.08 the discretisation error
/// stays below 3e-14 over the test grid (0.6 and 0.1 gave 2.4e-12 at k = 50, df = 20).
const MAX_STEP: f64 = 0.08;
/// Nodes are added until the integrand falls below e^−42 ≈ 6e-19 of its peak.
const CUTOFF: f64 = 42.0;

/// The studentized range distribution for k means and df degrees of freedom
/// (`f64::INFINITY` for a known variance), ready to be evaluated at many q.
///
/// The table of the range of k normals is shared by every instance with the same k, so
/// instances are cheap to make: Tukey needs one for all pairs, Games–Howell one per pair.
/// With k < 2, or df NaN or ≤ 0, every value is NaN.
#[derive(Clone)]
pub struct StudentizedRange {
    k: usize,
    df: f64,
    table: Option<Arc<RangeTable>>,
    /// ν/2, the shape of the χ² behind s.
    half_df: f64,
    /// ln of the density of x = ln s at its mode x = 0.
    ln_norm: f64,
}

impl std::fmt::Debug for StudentizedRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StudentizedRange")
            .field("k", &self.k)
            .field("df", &self.df)
            .finish()
    }
}

impl StudentizedRange {
    /// The first instance for a k in a process builds the table of the range of k normals
    /// (about 1.7 ms); every later one shares it.
    pub fn new(k: usize, df: f64) -> StudentizedRange {
        let valid = k >= 2 && df > 0.0;
        let half_df = df / 2.0;
        StudentizedRange {
            k,
            df,
            table: valid.then(|| RangeTable::shared(k)),
            half_df,
            // f(x) = e^x f_s(e^x) = 2 a^a e^(2a x − a e^(2x)) / Γ(a) with a = ν/2, and
            // lnΓ(a) = (a − ½) ln a − a + ½ ln 2π + μ(a).
            ln_norm: 0.5 * (df / std::f64::consts::PI).ln() - stirling_correction(half_df),
        }
    }

    pub fn k(&self) -> usize {
        self.k
    }

    pub fn df(&self) -> f64 {
        self.df
    }

    /// P(Q > q).
    pub fn upper(&self, q: f64) -> f64 {
        let Some(table) = &self.table else {
            return f64::NAN;
        };
        if q.is_nan() {
            return f64::NAN;
        }
        if q <= 0.0 {
            return 1.0;
        }
        if q.is_infinite() {
            return 0.0;
        }
        if self.is_limit(q) {
            return table.ln_upper(q).exp();
        }
        self.outer(table, q, false).0.exp()
    }

    /// The q with P(Q ≤ q) = p: the critical value for a confidence level p.
    pub fn quantile(&self, p: f64) -> f64 {
        if self.table.is_none() || !(0.0..1.0).contains(&p) {
            return f64::NAN;
        }
        if p == 0.0 {
            return 0.0;
        }
        let target = (-p).ln_1p();
        // Newton's method in y = ln q on ln P(Q > e^y), which is concave in y (a convolution
        // of log-concave functions), so the iterates approach the root monotonically from
        // above after at most one step up; the bracket guards against rounding.
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        let mut y = 1.2f64;
        for _ in 0..200 {
            let q = y.exp();
            let (ln_p, slope) = self.ln_upper_slope(q);
            let gap = ln_p - target;
            if gap == 0.0 {
                return q;
            }
            if gap > 0.0 {
                lo = y;
            } else {
                hi = y;
            }
            let step = gap / (q * slope);
            if step.abs() <= 4.0 * f64::EPSILON {
                return (y - step).exp();
            }
            // Only a step up (from below the root) can overshoot: it is limited to e² in q.
            let mut next = if step.is_finite() {
                y - step.max(-2.0)
            } else {
                y + 2.0
            };
            if next <= lo || next >= hi {
                next = if lo.is_finite() && hi.is_finite() {
                    (lo + hi) / 2.0
                } else if lo.is_finite() {
                    lo + 2.0
                } else {
                    hi - 2.0
                };
            }
            y = next;
        }
        y.exp()
    }

    /// Whether P(Q > q) equals its ν = ∞ limit to double precision: the relative difference
    /// is about q⁴/(16ν).
    fn is_limit(&self, q: f64) -> bool {
        self.df.is_infinite() || self.df > 1e17 * (1.0 + q * q).powi(2)
    }

    /// ln P(Q > q) and its derivative in q.
    fn ln_upper_slope(&self, q: f64) -> (f64, f64) {
        let table = self.table.as_ref().expect("checked by quantile");
        if self.is_limit(q) {
            let [l, d] = table.ln_upper_1(q);
            return (l, d);
        }
        self.outer(table, q, true)
    }

    /// ln P(Q > q) by the trapezoid rule in x = ln s, and (with `slope`) d/dq of it.
    fn outer(&self, table: &RangeTable, q: f64, slope: bool) -> (f64, f64) {
        let (centre, width) = self.mode(table, q);
        let h = (STEP_PER_WIDTH * width).min(MAX_STEP);
        // ln of the integrand at x, and d/dq of that (s · d/dw ln P(R > w)).
        let node = |x: f64| {
            let s = x.exp();
            let (l, dq) = if slope {
                let [l, d] = table.ln_upper_1(q * s);
                (l, s * d)
            } else {
                (table.ln_upper(q * s), 0.0)
            };
            (self.ln_norm - self.half_df * exp_m1_minus(2.0 * x) + l, dq)
        };
        let (peak, d0) = node(centre);
        if peak == f64::NEG_INFINITY {
            return (peak, 0.0);
        }
        let (mut sum, mut dsum) = (1.0, d0);
        for dir in [-1.0, 1.0] {
            for j in 1..1_000_000 {
                let (v, d) = node(centre + dir * j as f64 * h);
                let t = (v - peak).exp();
                sum += t;
                dsum += t * d;
                if v - peak < -CUTOFF {
                    break;
                }
            }
        }
        (peak + (h * sum).ln(), dsum / sum)
    }

    /// The mode of the outer integrand in x = ln s and its width 1/√−(ln g)'' there.
    fn mode(&self, table: &RangeTable, q: f64) -> (f64, f64) {
        let a = self.half_df;
        // Where the mode is when ln P(R > w) ≈ −w²/4 (the tail), then Newton's method.
        let mut x = -0.5 * (q * q / (4.0 * a)).ln_1p();
        let mut curvature = -4.0 * a;
        for _ in 0..60 {
            let e2 = (2.0 * x).exp();
            let w = q * x.exp();
            let [_, l1, l2] = table.ln_upper_2(w);
            let slope = -2.0 * a * (2.0 * x).exp_m1() + w * l1;
            // ln P(R > w) is decreasing and concave: terms of the wrong sign are rounding.
            curvature = (-4.0 * a * e2 + w * l1 + w * w * l2).min(-4.0 * a * e2);
            let step = (-slope / curvature).clamp(-1.0, 1.0);
            x += step;
            if step.abs() < 1e-3 / (-curvature).sqrt() || !step.is_finite() {
                break;
            }
        }
        (x, 1.0 / (-curvature).sqrt())
    }
}

/// e^t − 1 − t without cancellation near t = 0.
fn exp_m1_minus(t: f64) -> f64 {
    if t.abs() >= 0.5 {
        return t.exp_m1() - t;
    }
    let (mut term, mut sum) = (t * t / 2.0, t * t / 2.0);
    for n in 3..=19 {
        term *= t / n as f64;
        sum += term;
    }
    sum
}

/// μ(a) = lnΓ(a) − (a − ½) ln a + a − ½ ln 2π: by Stirling's series from a = 10 on (there it
/// has converged to rounding), directly below.
fn stirling_correction(a: f64) -> f64 {
    if a < 10.0 {
        return libm::lgamma(a) - (a - 0.5) * a.ln() + a - 0.5 * (2.0 * std::f64::consts::PI).ln();
    }
    // B_2n / (2n (2n − 1)) for n = 1..8.
    const C: [f64; 8] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
    ];
    let inv2 = 1.0 / (a * a);
    C.iter().rev().fold(0.0, |acc, c| acc * inv2 + c) / a
}

/// Builds the table of the range of k normals afresh (for the benchmark of its one-off cost).
#[doc(hidden)]
pub fn build_range_table(k: usize) -> impl Sized {
    RangeTable::new(k)
}

/// P(Q > q) for the studentized range of `k` means with `df` degrees of freedom
/// (`f64::INFINITY` for a known variance). For many q with the same k and df,
/// [`StudentizedRange`] avoids repeating the set-up.
pub fn ptukey_upper(q: f64, k: usize, df: f64) -> f64 {
    StudentizedRange::new(k, df).upper(q)
}

/// The q with P(Q ≤ q) = p: the critical value for a confidence level p.
pub fn qtukey(p: f64, k: usize, df: f64) -> f64 {
    StudentizedRange::new(k, df).quantile(p)
}

#[cfg(test)]
mod tests {
    use super::range::{RangeTable, range_upper};
    use super::*;

    fn normal_upper(z: f64) -> f64 {
        0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
    }

    #[test]
    fn range_of_two_is_a_scaled_normal() {
        // For k = 2 the range is |X1 − X2| ~ √2·|N(0,1)|, so P(R > w) = 2 Q(w/√2).
        let table = RangeTable::new(2);
        for w in [0.1, 1.0, 2.5, 5.0, 10.0, 19.9, 20.0, 25.0, 40.0] {
            let exact = 2.0 * normal_upper(w / std::f64::consts::SQRT_2);
            // The quadrature only feeds the table, below w = 20.
            let quadrature = if w < 20.0 { range_upper(w, 2) } else { exact };
            for (what, got) in [
                ("quadrature", quadrature),
                ("table", table.ln_upper(w).exp()),
            ] {
                // ln P ≈ −w²/4 carries an absolute rounding error of ~ulp(w²/4).
                let err = ((got - exact) / exact).abs();
                let tol = 1e-13f64.max(4e-16 * w * w);
                assert!(err < tol, "{what} w={w}: {got} vs {exact} ({err:e})");
            }
        }
    }

    #[test]
    fn stirling_correction_is_continuous() {
        let below =
            libm::lgamma(10.0) - 9.5 * 10f64.ln() + 10.0 - 0.5 * (2.0 * std::f64::consts::PI).ln();
        assert!((stirling_correction(10.0) - below).abs() < 1e-15);
    }

    #[test]
    fn qtukey_inverts_ptukey() {
        for (k, df) in [(3, 10.0), (6, 403.0), (20, 2.0)] {
            let q = qtukey(0.95, k, df);
            assert!((ptukey_upper(q, k, df) - 0.05).abs() < 1e-12);
        }
    }
}
