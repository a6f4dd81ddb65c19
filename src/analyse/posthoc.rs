//! Pairwise comparisons after a one-way ANOVA, the Kruskal–Wallis test with Dunn's pairs, and
//! p-value adjustment for many tests.

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

use super::oneway::{Groups, Tested, Why, mean, t_two_sided, unusable, variance};
use super::ptukey::{ptukey_upper, qtukey};

/// One pair: `diff` is mean(a) − mean(b), groups in display order with a before b.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub diff: f64,
    pub se: f64,
    /// t for Bonferroni and Games–Howell, the studentized range q for Tukey, z for Dunn.
    pub stat: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub df: Option<f64>,
    pub p: f64,
    /// 95% family-wise confidence interval of the difference (Tukey).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci95: Option<[f64; 2]>,
}

fn pairs(k: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..k).flat_map(move |i| (i + 1..k).map(move |j| (i, j)))
}

/// The pooled within-group mean square and its df, as the classic ANOVA has them.
fn pooled(groups: &Groups) -> (f64, f64) {
    let n: usize = groups.values.iter().map(Vec::len).sum();
    let df = (n - groups.values.len()) as f64;
    let ss: f64 = groups
        .values
        .iter()
        .map(|v| variance(v) * (v.len() as f64 - 1.0))
        .sum();
    (ss / df, df)
}

fn guard(groups: &Groups) -> Tested<()> {
    match unusable(groups) {
        Some(why) => Err(why),
        None if pooled(groups).0 == 0.0 => Err(Why::NoVariance),
        None => Ok(()),
    }
}

/// Bonferroni as SPSS does it: t on the pooled MS_within with df = N − k, p × pairs, capped at 1.
pub fn bonferroni(groups: &Groups) -> Tested<Vec<Pair>> {
    guard(groups)?;
    let (ms, df) = pooled(groups);
    let k = groups.values.len();
    let m = (k * (k - 1) / 2) as f64;
    Ok(pairs(k)
        .map(|(i, j)| {
            let (a, b) = (&groups.values[i], &groups.values[j]);
            let diff = mean(a) - mean(b);
            let se = (ms * (1.0 / a.len() as f64 + 1.0 / b.len() as f64)).sqrt();
            let t = diff / se;
            let p = (t_two_sided(t, df) * m).min(1.0);
            pair(groups, i, j, diff, se, t, Some(df), p, None)
        })
        .collect())
}

/// Tukey HSD (Tukey–Kramer for unequal n): q = |diff| / √(MS_within/2 · (1/na + 1/nb)).
pub fn tukey(groups: &Groups) -> Tested<Vec<Pair>> {
    guard(groups)?;
    let (ms, df) = pooled(groups);
    let k = groups.values.len();
    let critical = qtukey(0.95, k, df);
    Ok(pairs(k)
        .map(|(i, j)| {
            let (a, b) = (&groups.values[i], &groups.values[j]);
            let diff = mean(a) - mean(b);
            let se = (ms / 2.0 * (1.0 / a.len() as f64 + 1.0 / b.len() as f64)).sqrt();
            let q = diff.abs() / se;
            let ci = [diff - critical * se, diff + critical * se];
            pair(
                groups,
                i,
                j,
                diff,
                se,
                q,
                Some(df),
                ptukey_upper(q, k, df),
                Some(ci),
            )
        })
        .collect())
}

/// Games–Howell: Welch's t per pair, referred to the studentized range with Welch's df.
pub fn games_howell(groups: &Groups) -> Tested<Vec<Pair>> {
    guard(groups)?;
    let k = groups.values.len();
    let mut out = Vec::new();
    for (i, j) in pairs(k) {
        let (a, b) = (&groups.values[i], &groups.values[j]);
        let (va, vb) = (variance(a) / a.len() as f64, variance(b) / b.len() as f64);
        if va + vb == 0.0 {
            return Err(Why::FlatPair(
                groups.names[i].clone(),
                groups.names[j].clone(),
            ));
        }
        let diff = mean(a) - mean(b);
        let se = (va + vb).sqrt();
        let t = diff / se;
        let df = (va + vb).powi(2)
            / (va * va / (a.len() as f64 - 1.0) + vb * vb / (b.len() as f64 - 1.0));
        let p = ptukey_upper(t.abs() * std::f64::consts::SQRT_2, k, df);
        out.push(pair(groups, i, j, diff, se, t, Some(df), p, None));
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn pair(
    g: &Groups,
    i: usize,
    j: usize,
    diff: f64,
    se: f64,
    stat: f64,
    df: Option<f64>,
    p: f64,
    ci95: Option<[f64; 2]>,
) -> Pair {
    Pair {
        a: g.names[i].clone(),
        b: g.names[j].clone(),
        diff,
        se,
        stat,
        df,
        p,
        ci95,
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Kruskal {
    pub h: f64,
    pub df: f64,
    pub p: f64,
    /// Dunn's pairs, two-sided, Bonferroni- and Holm-adjusted; `diff` is the mean-rank difference.
    pub dunn_bonferroni: Vec<Pair>,
    pub dunn_holm: Vec<Pair>,
}

/// Kruskal–Wallis H, corrected for ties, with Dunn's (1964) pairwise z tests.
pub fn kruskal(groups: &Groups) -> Tested<Kruskal> {
    if groups.values.len() < 2 {
        return Err(Why::TooFewGroups);
    }
    if let Some((name, _)) = groups
        .names
        .iter()
        .zip(&groups.values)
        .find(|(_, v)| v.is_empty())
    {
        return Err(Why::EmptyGroup(name.clone()));
    }
    let (ranks, tie_sum) = rank_all(&groups.values);
    let n: f64 = ranks.iter().map(Vec::len).sum::<usize>() as f64;
    let correction = 1.0 - tie_sum / (n * n * n - n);
    if correction <= 0.0 {
        return Err(Why::AllEqual);
    }
    let k = groups.values.len();
    let mean_ranks: Vec<f64> = ranks.iter().map(|r| mean(r)).collect();
    let h0 = 12.0 / (n * (n + 1.0))
        * ranks
            .iter()
            .zip(&mean_ranks)
            .map(|(r, m)| r.len() as f64 * m * m)
            .sum::<f64>()
        - 3.0 * (n + 1.0);
    let h = h0 / correction;
    let df = (k - 1) as f64;
    let p = ChiSquared::new(df).map(|d| d.sf(h)).unwrap_or(f64::NAN);
    let spread = n * (n + 1.0) / 12.0 - tie_sum / (12.0 * (n - 1.0));
    let normal = Normal::standard();
    let raw: Vec<Pair> = pairs(k)
        .map(|(i, j)| {
            let (na, nb) = (ranks[i].len() as f64, ranks[j].len() as f64);
            let diff = mean_ranks[i] - mean_ranks[j];
            let se = (spread * (1.0 / na + 1.0 / nb)).sqrt();
            let z = diff / se;
            pair(
                groups,
                i,
                j,
                diff,
                se,
                z,
                None,
                2.0 * normal.sf(z.abs()),
                None,
            )
        })
        .collect();
    let p_raw: Vec<f64> = raw.iter().map(|p| p.p).collect();
    let with = |adjusted: Vec<f64>| {
        raw.iter()
            .zip(adjusted)
            .map(|(p, a)| Pair { p: a, ..p.clone() })
            .collect()
    };
    Ok(Kruskal {
        h,
        df,
        p,
        dunn_bonferroni: with(adjust(&p_raw, Adjust::Bonferroni)),
        dunn_holm: with(adjust(&p_raw, Adjust::Holm)),
    })
}

/// Mid-ranks of all values pooled, returned per group, and Σ(t³ − t) over tie groups.
fn rank_all(values: &[Vec<f64>]) -> (Vec<Vec<f64>>, f64) {
    let mut all: Vec<(f64, usize, usize)> = values
        .iter()
        .enumerate()
        .flat_map(|(g, v)| v.iter().enumerate().map(move |(i, x)| (*x, g, i)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks: Vec<Vec<f64>> = values.iter().map(|v| vec![0.0; v.len()]).collect();
    let mut tie_sum = 0.0;
    let mut start = 0;
    while start < all.len() {
        let end = all[start..]
            .iter()
            .position(|x| x.0 != all[start].0)
            .map_or(all.len(), |p| start + p);
        let t = (end - start) as f64;
        let mid_rank = (start + end + 1) as f64 / 2.0;
        for &(_, g, i) in &all[start..end] {
            ranks[g][i] = mid_rank;
        }
        tie_sum += t * t * t - t;
        start = end;
    }
    (ranks, tie_sum)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjust {
    Bonferroni,
    Holm,
    /// Benjamini–Hochberg false discovery rate.
    Bh,
}

/// Adjusted p-values in the order given, as R's p.adjust. NaN stays NaN and is not counted.
pub fn adjust(p: &[f64], method: Adjust) -> Vec<f64> {
    let idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let m = idx.len() as f64;
    let mut out = vec![f64::NAN; p.len()];
    let mut order = idx.clone();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    match method {
        Adjust::Bonferroni => idx.iter().for_each(|&i| out[i] = (p[i] * m).min(1.0)),
        Adjust::Holm => {
            let mut running: f64 = 0.0;
            for (rank, &i) in order.iter().enumerate() {
                running = running.max((m - rank as f64) * p[i]);
                out[i] = running.min(1.0);
            }
        }
        Adjust::Bh => {
            let mut running: f64 = 1.0;
            for (rank, &i) in order.iter().enumerate().rev() {
                running = running.min(m / (rank as f64 + 1.0) * p[i]);
                out[i] = running.min(1.0);
            }
        }
    }
    out
}
