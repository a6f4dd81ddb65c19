//! The range R of k standard normal variables: ln P(R > w), tabulated once per k.
//!
//! P(R > w) = k ∫ φ(z) [Q(z)^(k−1) − (Q(z) − Q(z+w))^(k−1)] dz, with Q the normal upper tail
//! and z the sample minimum. The integrand is entire with Gaussian tails, so the trapezoid
//! rule on a uniform grid converges geometrically; the bracket is written as
//! Q(z)^(k−1) · (1 − (1 − r)^(k−1)), r = Q(z+w)/Q(z), through expm1/ln1p so nothing cancels.
//!
//! The studentized range needs this at every node of its outer integral, so ln P(R > w) is
//! tabulated as Chebyshev series on unit pieces of [0, 20) (with its first two derivatives, for
//! Newton steps), and the pieces are shared by every call with the same k. Past w = 20 the
//! range is that of one pair, P(R > w) = C(k, 2) · erfc(w/2), up to a relative
//! ~2(k − 2) Q(w/√6): ≤ 2e-14 for k ≤ 50, and only where P(R > w) < 1e-40.

use std::f64::consts::{FRAC_1_SQRT_2, PI};
use std::sync::{Arc, Mutex};

/// Degree of each Chebyshev piece: 16 keeps ln P(R > w) within ~4e-14 for k ≤ 50.
const DEGREE: usize = 16;
const NODES: usize = DEGREE + 1;
/// The table covers [0, TABLE_END) in pieces of width 1.
const TABLE_END: usize = 20;

/// ln P(R > w) on [0, 20) and its derivatives, for one k.
pub(crate) struct RangeTable {
    k: usize,
    /// ln C(k, 2), the number of pairs that can make the range past the table.
    ln_pairs: f64,
    /// Per piece: Chebyshev coefficients of M(w) = ln P(R > w) + w²/4, M' and M''. Taking out
    /// −w²/4 keeps the values small, so that Clenshaw's rounding stays near 1e-15.
    pieces: Vec<[[f64; NODES]; 3]>,
}

/// Every table built so far: a table depends on k only, and building one costs ~1.7 ms.
static TABLES: Mutex<Vec<Arc<RangeTable>>> = Mutex::new(Vec::new());

impl RangeTable {
    /// The table for k, built on first use and shared from then on.
    pub(crate) fn shared(k: usize) -> Arc<RangeTable> {
        let find = || {
            let tables = TABLES.lock().unwrap_or_else(|e| e.into_inner());
            tables.iter().find(|t| t.k == k).cloned()
        };
        if let Some(t) = find() {
            return t;
        }
        // Built outside the lock: another k need not wait, and a rare double build is harmless.
        let built = Arc::new(RangeTable::new(k));
        let mut tables = TABLES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = tables.iter().find(|t| t.k == k) {
            return t.clone();
        }
        tables.push(built.clone());
        built
    }

    /// Builds the table for k ≥ 2 from the direct quadrature at the Chebyshev nodes.
    pub(crate) fn new(k: usize) -> RangeTable {
        let t = nodes();
        let pieces = (0..TABLE_END)
            .map(|piece| {
                let values: [f64; NODES] = std::array::from_fn(|j| {
                    let w = piece as f64 + (t[j] + 1.0) / 2.0;
                    range_upper(w, k).ln() + w * w / 4.0
                });
                let c = fit(&values, &t);
                let d1 = derivative(&c);
                let d2 = derivative(&d1);
                [c, d1, d2]
            })
            .collect();
        let kf = k as f64;
        RangeTable {
            k,
            ln_pairs: (kf * (kf - 1.0) / 2.0).ln(),
            pieces,
        }
    }

    /// ln P(R > w) for w ≥ 0.
    pub(crate) fn ln_upper(&self, w: f64) -> f64 {
        match self.piece(w) {
            Some((i, t)) => clenshaw(&self.pieces[i][0], t) - w * w / 4.0,
            None => self.ln_pairs + ln_erfc_large(w / 2.0),
        }
    }

    /// ln P(R > w) and its first derivative in w.
    pub(crate) fn ln_upper_1(&self, w: f64) -> [f64; 2] {
        match self.piece(w) {
            Some((i, t)) => [
                clenshaw(&self.pieces[i][0], t) - w * w / 4.0,
                clenshaw(&self.pieces[i][1], t) - w / 2.0,
            ],
            None => {
                let [l, d1, _] = self.tail(w);
                [l, d1]
            }
        }
    }

    /// ln P(R > w) and its first two derivatives in w.
    pub(crate) fn ln_upper_2(&self, w: f64) -> [f64; 3] {
        match self.piece(w) {
            Some((i, t)) => [
                clenshaw(&self.pieces[i][0], t) - w * w / 4.0,
                clenshaw(&self.pieces[i][1], t) - w / 2.0,
                clenshaw(&self.pieces[i][2], t) - 0.5,
            ],
            None => self.tail(w),
        }
    }

    /// The piece holding w and w's position in it on [−1, 1]; None past the table.
    fn piece(&self, w: f64) -> Option<(usize, f64)> {
        if w < TABLE_END as f64 {
            let i = w.max(0.0) as usize;
            Some((i, 2.0 * (w - i as f64) - 1.0))
        } else {
            None
        }
    }

    /// ln(C(k,2) erfc(w/2)) and its derivatives, from the scaled erfcx(x) = e^(x²) erfc(x).
    fn tail(&self, w: f64) -> [f64; 3] {
        let x = w / 2.0;
        let e = erfcx_large(x);
        let sqrt_pi = PI.sqrt();
        [
            self.ln_pairs - x * x + e.ln(),
            -1.0 / (sqrt_pi * e),
            (x * e - 1.0 / sqrt_pi) / (sqrt_pi * e * e),
        ]
    }
}

/// P(R > w) for the range of k standard normal variables, by the trapezoid rule in u = z/√2
/// (so that erfc is evaluated at the grid points themselves).
pub(crate) fn range_upper(w: f64, k: usize) -> f64 {
    if w <= 0.0 {
        return 1.0;
    }
    let m = (k - 1) as f64;
    let v = w * FRAC_1_SQRT_2;
    let norm = k as f64 / PI.sqrt() / 2f64.powi(k as i32 - 1);
    // The minimum's density narrows as k grows; 1/8 is geometric-rate exact to ~1e-16 for
    // k ≤ 50 (checked against composite 32-point Gauss–Legendre).
    let step = 0.125 * (4.0 / (k as f64).ln()).min(1.0);
    let integrand = |u: f64| {
        let e = libm::erfc(u);
        if e == 0.0 {
            return 0.0;
        }
        let r = libm::erfc(u + v) / e;
        norm * (-u * u).exp() * e.powi(k as i32 - 1) * -(m * (-r).ln_1p()).exp_m1()
    };
    // Start inside the mass: at the midpoint −w/2 of a wide range, else near the minimum's mode.
    let start = (-v / 2.0).min(-(2.0 * (k as f64).ln()).sqrt() * FRAC_1_SQRT_2);
    let j0 = (start / step).round();
    let mut sum = integrand(j0 * step);
    for dir in [-1.0, 1.0] {
        let mut peak = sum;
        for j in 1..4000 {
            let t = integrand((j0 + dir * j as f64) * step);
            sum += t;
            peak = peak.max(t);
            if t <= 1e-19 * peak {
                break;
            }
        }
    }
    step * sum
}

/// The Chebyshev nodes cos(π (j + ½)/N) on [−1, 1].
fn nodes() -> [f64; NODES] {
    std::array::from_fn(|j| (PI * (j as f64 + 0.5) / NODES as f64).cos())
}

/// The coefficients of the polynomial through the values at the nodes: f = Σ c_m T_m(t).
fn fit(values: &[f64; NODES], t: &[f64; NODES]) -> [f64; NODES] {
    let mut c = [0.0; NODES];
    for (f, &t) in values.iter().zip(t) {
        let (mut prev, mut cur) = (1.0, t);
        c[0] += f;
        for cm in c.iter_mut().skip(1) {
            *cm += f * cur;
            (prev, cur) = (cur, 2.0 * t * cur - prev);
        }
    }
    let mut c = c.map(|x| 2.0 * x / NODES as f64);
    c[0] /= 2.0;
    c
}

/// The series of d/dw, for t = 2(w − piece) − 1 (so d/dw = 2 d/dt).
fn derivative(c: &[f64; NODES]) -> [f64; NODES] {
    let mut d = [0.0; NODES];
    for m in (1..NODES).rev() {
        let above = d.get(m + 1).copied().unwrap_or(0.0);
        d[m - 1] = above + 2.0 * m as f64 * c[m];
    }
    d[0] /= 2.0;
    d.map(|x| 2.0 * x)
}

/// Σ c_m T_m(t) by Clenshaw's recurrence.
fn clenshaw(c: &[f64; NODES], t: f64) -> f64 {
    let (mut b1, mut b2) = (0.0, 0.0);
    for &cm in c[1..].iter().rev() {
        (b1, b2) = (2.0 * t * b1 - b2 + cm, b1);
    }
    t * b1 - b2 + c[0]
}

/// erfcx(x) = e^(x²) erfc(x) for x ≥ 10 by its continued fraction, which has converged to
/// rounding after a dozen terms there; ln erfc(x) = ln erfcx(x) − x² then never underflows.
fn erfcx_large(x: f64) -> f64 {
    // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
    let mut tail = x;
    for n in (1..=24).rev() {
        tail = x + (n as f64 / 2.0) / tail;
    }
    1.0 / (PI.sqrt() * tail)
}

/// ln erfc(x) for x ≥ 10.
fn ln_erfc_large(x: f64) -> f64 {
    erfcx_large(x).ln() - x * x
}
