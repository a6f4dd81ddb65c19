//! The studentized range distribution (Tukey HSD, Games–Howell), which statrs lacks.
//!
//! The upper tail is computed directly, never as 1 − cdf, so small p-values keep their
//! digits. For k normal samples the range R exceeds w with probability
//!
//!   P(R > w) = k ∫ φ(z) [Q(z)^(k−1) − (Q(z) − Q(z+w))^(k−1)] dz,
//!
//! where Q is the normal upper tail and z the sample minimum. The bracket is written as
//! Q(z)^(k−1) · (1 − (1 − r)^(k−1)) with r = Q(z+w)/Q(z), evaluated with expm1/ln1p so that
//! nothing cancels. The studentized range with ν degrees of freedom integrates that over the
//! distribution of s = χ_ν/√ν. Both integrals use 16-point Gauss–Legendre panels: the inner one
//! over where the minimum can lie, the outer one around the mode of its integrand, found by
//! golden-section search on its logarithm (which is concave) with the width read from the
//! curvature there.

use statrs::function::gamma::ln_gamma;

/// P(Q > q) for the studentized range of `k` means with `df` degrees of freedom
/// (`f64::INFINITY` for a known variance).
pub fn ptukey_upper(q: f64, k: usize, df: f64) -> f64 {
    if q.is_nan() || df.is_nan() || k < 2 || df <= 0.0 {
        return f64::NAN;
    }
    if q <= 0.0 {
        return 1.0;
    }
    if q.is_infinite() {
        return 0.0;
    }
    if df.is_infinite() {
        return range_upper(q, k);
    }
    let ln_c = df / 2.0 * df.ln() - ln_gamma(df / 2.0) - (df / 2.0 - 1.0) * std::f64::consts::LN_2;
    let ln_h = |s: f64| ln_c + (df - 1.0) * s.ln() - df * s * s / 2.0 + range_upper(q * s, k).ln();
    let spread = 1.0 / (2.0 * df).sqrt();
    let upper = 1.0 + 14.0 * spread.max(0.25);
    let mode = golden_max(&ln_h, 1e-6, upper, 0.1 * spread);
    let step = 1e-3 * spread.min(mode);
    let curvature = (ln_h(mode + step) - 2.0 * ln_h(mode) + ln_h(mode - step)) / (step * step);
    let sigma = if curvature.is_finite() && curvature < 0.0 {
        (-curvature).sqrt().recip()
    } else {
        spread
    };
    let (lo, hi) = ((mode - 12.0 * sigma).max(0.0), mode + 12.0 * sigma);
    gauss_legendre(|s| if s <= 0.0 { 0.0 } else { ln_h(s).exp() }, lo, hi, 4)
}

/// The maximum of a unimodal function on [a, b], to within `precision`.
fn golden_max(f: &impl Fn(f64) -> f64, mut a: f64, mut b: f64, precision: f64) -> f64 {
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (b - ratio * (b - a), a + ratio * (b - a));
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..80 {
        if (b - a) < precision {
            break;
        }
        // A tie is at −∞, where the range's tail has underflowed: the mode lies to the left.
        if fc >= fd || fd.is_nan() {
            b = d;
            d = c;
            fd = fc;
            c = b - ratio * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + ratio * (b - a);
            fd = f(d);
        }
    }
    (a + b) / 2.0
}

/// The q with P(Q ≤ q) = p: the critical value for a confidence level p.
pub fn qtukey(p: f64, k: usize, df: f64) -> f64 {
    if !(0.0..1.0).contains(&p) || k < 2 || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.0 {
        return 0.0;
    }
    let target = 1.0 - p;
    let gap = |q: f64| ptukey_upper(q, k, df).ln() - target.ln();
    let (mut lo, mut hi) = (0.0, 1.0);
    while gap(hi) > 0.0 {
        lo = hi;
        hi *= 2.0;
        if hi > 1e6 {
            return f64::NAN;
        }
    }
    // Bisection narrows the bracket, then the secant on ln P finishes: ln P is nearly linear in q.
    let (mut g_lo, mut g_hi) = (if lo == 0.0 { f64::INFINITY } else { gap(lo) }, gap(hi));
    for _ in 0..200 {
        let mid = if g_lo.is_finite() && (hi - lo) < 0.5 {
            let m = hi - g_hi * (hi - lo) / (g_hi - g_lo);
            if m > lo && m < hi { m } else { (lo + hi) / 2.0 }
        } else {
            (lo + hi) / 2.0
        };
        let g = gap(mid);
        if g == 0.0 || (hi - lo) < 1e-14 * hi {
            return mid;
        }
        if g > 0.0 {
            lo = mid;
            g_lo = g;
        } else {
            hi = mid;
            g_hi = g;
        }
        if (hi - lo).abs() < 1e-13 * hi {
            break;
        }
    }
    (lo + hi) / 2.0
}

/// P(R > w) for the range of k standard normal variables.
fn range_upper(w: f64, k: usize) -> f64 {
    if w <= 0.0 {
        return 1.0;
    }
    let m = (k - 1) as f64;
    let integrand = |z: f64| {
        let qz = normal_upper(z);
        if qz == 0.0 {
            return 0.0;
        }
        let r = normal_upper(z + w) / qz;
        let bracket = -(m * (-r).ln_1p()).exp_m1();
        k as f64 * normal_density(z) * qz.powf(m) * bracket
    };
    // The mass lies between the minimum near −w/2 and where φ vanishes; panels of width ≤ 2.5
    // keep a 16-point rule exact to rounding on these Gaussian-shaped integrands.
    let lo = (-w / 2.0 - 8.0).min(-8.0);
    let hi = 8.0;
    gauss_legendre(integrand, lo, hi, ((hi - lo) / 2.5).ceil() as usize)
}

fn normal_upper(z: f64) -> f64 {
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

fn normal_density(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// ∫ f over [a, b] with a 16-point Gauss–Legendre rule on each of `panels` equal panels.
fn gauss_legendre(f: impl Fn(f64) -> f64, a: f64, b: f64, panels: usize) -> f64 {
    const X: [f64; 8] = [
        0.095_012_509_837_637_44,
        0.281_603_550_779_258_9,
        0.458_016_777_657_227_4,
        0.617_876_244_402_643_7,
        0.755_404_408_355_003,
        0.865_631_202_387_831_7,
        0.944_575_023_073_232_6,
        0.989_400_934_991_649_9,
    ];
    const W: [f64; 8] = [
        0.189_450_610_455_068_5,
        0.182_603_415_044_923_6,
        0.169_156_519_395_002_5,
        0.149_595_988_816_576_7,
        0.124_628_971_255_533_9,
        0.095_158_511_682_492_8,
        0.062_253_523_938_647_9,
        0.027_152_459_411_754_1,
    ];
    let width = (b - a) / panels as f64;
    (0..panels)
        .map(|i| {
            let centre = a + (i as f64 + 0.5) * width;
            let half = width / 2.0;
            half * X
                .iter()
                .zip(W)
                .map(|(x, w)| w * (f(centre - half * x) + f(centre + half * x)))
                .sum::<f64>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_of_two_is_a_scaled_normal() {
        // For k = 2 the range is |X1 − X2| ~ √2·|N(0,1)|, so P(R > w) = 2 Q(w/√2).
        for w in [0.1, 1.0, 2.5, 5.0, 10.0, 20.0] {
            let exact = 2.0 * normal_upper(w / std::f64::consts::SQRT_2);
            let got = range_upper(w, 2);
            assert!(
                ((got - exact) / exact).abs() < 1e-10,
                "w={w}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn qtukey_inverts_ptukey() {
        for (k, df) in [(3, 10.0), (6, 403.0), (20, 2.0)] {
            let q = qtukey(0.95, k, df);
            assert!((ptukey_upper(q, k, df) - 0.05).abs() < 1e-12);
        }
    }
}
