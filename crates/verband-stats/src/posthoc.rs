//! Pairwise comparisons after a one-way ANOVA: Bonferroni (as SPSS), Tukey HSD
//! (Tukey–Kramer for unequal n) and Games–Howell.

use crate::descriptive::{mean, variance};
use crate::ptukey::{StudentizedRange, ptukey_upper};
use crate::ttest::t_two_sided;
use crate::{Groups, NotTestable, Tested};

/// One pair: `diff` is mean(a) − mean(b), groups in display order with a before b.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub diff: f64,
    pub se: f64,
    /// t for Bonferroni and Games–Howell, the studentized range q for Tukey, z for Dunn.
    pub stat: f64,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub df: Option<f64>,
    /// Adjusted for the number of pairs by the method itself.
    pub p: f64,
    /// 95% family-wise confidence interval of the difference (Tukey).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub ci95: Option<[f64; 2]>,
}

impl Pair {
    /// The pair of groups i and j with the difference and its standard error; the statistic,
    /// its df and p are set by the caller.
    pub(crate) fn of(groups: &Groups, i: usize, j: usize, diff: f64, se: f64) -> Pair {
        Pair {
            a: groups.names[i].clone(),
            b: groups.names[j].clone(),
            diff,
            se,
            stat: diff / se,
            df: None,
            p: f64::NAN,
            ci95: None,
        }
    }
}

/// Every pair (i, j) with i < j.
pub(crate) fn pairs(k: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..k).flat_map(move |i| (i + 1..k).map(move |j| (i, j)))
}

/// A group's size, mean and variance: computed once, used by every pair the group is in.
struct Moments {
    n: f64,
    mean: f64,
    variance: f64,
}

fn moments(groups: &Groups) -> Vec<Moments> {
    groups
        .values
        .iter()
        .map(|v| Moments {
            n: v.len() as f64,
            mean: mean(v),
            variance: variance(v),
        })
        .collect()
}

/// The pooled within-group mean square and its df, as the classic ANOVA has them.
fn pooled(groups: &Groups, m: &[Moments]) -> (f64, f64) {
    let df = (groups.total() - groups.values.len()) as f64;
    let ss: f64 = m.iter().map(|g| g.variance * (g.n - 1.0)).sum();
    (ss / df, df)
}

/// The groups' moments, once the groups can be compared at all.
fn guard(groups: &Groups) -> Tested<Vec<Moments>> {
    if let Some(why) = groups.unusable() {
        return Err(why);
    }
    let m = moments(groups);
    if pooled(groups, &m).0 == 0.0 {
        return Err(NotTestable::NoVariance);
    }
    Ok(m)
}

/// Bonferroni as SPSS does it: t on the pooled MS_within with df = N − k, p × pairs, capped at 1.
pub fn bonferroni(groups: &Groups) -> Tested<Vec<Pair>> {
    let g = guard(groups)?;
    let (ms, df) = pooled(groups, &g);
    let k = groups.values.len();
    let m = (k * (k - 1) / 2) as f64;
    Ok(pairs(k)
        .map(|(i, j)| {
            let (a, b) = (&g[i], &g[j]);
            let se = (ms * (1.0 / a.n + 1.0 / b.n)).sqrt();
            let pair = Pair::of(groups, i, j, a.mean - b.mean, se);
            Pair {
                df: Some(df),
                p: (t_two_sided(pair.stat, df) * m).min(1.0),
                ..pair
            }
        })
        .collect())
}

/// Tukey HSD (Tukey–Kramer for unequal n): q = |diff| / √(MS_within/2 · (1/na + 1/nb)).
pub fn tukey(groups: &Groups) -> Tested<Vec<Pair>> {
    let g = guard(groups)?;
    let (ms, df) = pooled(groups, &g);
    let k = groups.values.len();
    // One df for every pair: the distribution is set up once.
    let dist = StudentizedRange::new(k, df);
    let critical = dist.quantile(0.95);
    Ok(pairs(k)
        .map(|(i, j)| {
            let (a, b) = (&g[i], &g[j]);
            let se = (ms / 2.0 * (1.0 / a.n + 1.0 / b.n)).sqrt();
            let pair = Pair::of(groups, i, j, a.mean - b.mean, se);
            let q = pair.diff.abs() / se;
            Pair {
                stat: q,
                df: Some(df),
                p: dist.upper(q),
                ci95: Some([pair.diff - critical * se, pair.diff + critical * se]),
                ..pair
            }
        })
        .collect())
}

/// Games–Howell: Welch's t per pair, referred to the studentized range with Welch's df.
pub fn games_howell(groups: &Groups) -> Tested<Vec<Pair>> {
    let g = guard(groups)?;
    let k = groups.values.len();
    let mut out = Vec::new();
    for (i, j) in pairs(k) {
        let (a, b) = (&g[i], &g[j]);
        let (va, vb) = (a.variance / a.n, b.variance / b.n);
        if va + vb == 0.0 {
            return Err(NotTestable::FlatPair {
                a: groups.names[i].clone(),
                b: groups.names[j].clone(),
            });
        }
        let pair = Pair::of(groups, i, j, a.mean - b.mean, (va + vb).sqrt());
        let df = (va + vb).powi(2) / (va * va / (a.n - 1.0) + vb * vb / (b.n - 1.0));
        let p = ptukey_upper(pair.stat.abs() * std::f64::consts::SQRT_2, k, df);
        out.push(Pair {
            df: Some(df),
            p,
            ..pair
        });
    }
    Ok(out)
}
