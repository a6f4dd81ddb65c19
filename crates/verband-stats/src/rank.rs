//! The Kruskal–Wallis test, corrected for ties, and Dunn's (1964) pairwise z tests.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

use crate::adjust::{Adjust, adjust};
use crate::posthoc::{Pair, pairs};
use crate::{Groups, NotTestable, Tested};

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Kruskal {
    pub h: f64,
    pub df: f64,
    pub p: f64,
}

/// The pooled mid-ranks per group, with what both tests need from them.
struct Ranked {
    n: f64,
    mean_ranks: Vec<f64>,
    sizes: Vec<f64>,
    tie_sum: f64,
}

fn ranked(groups: &Groups) -> Tested<Ranked> {
    if groups.values.len() < 2 {
        return Err(NotTestable::TooFewGroups);
    }
    if let Some((name, _)) = groups
        .names
        .iter()
        .zip(&groups.values)
        .find(|(_, v)| v.is_empty())
    {
        return Err(NotTestable::EmptyGroup {
            group: name.clone(),
        });
    }
    let (mean_ranks, tie_sum) = mean_ranks(&groups.values);
    let n = groups.total() as f64;
    if 1.0 - tie_sum / (n * n * n - n) <= 0.0 {
        return Err(NotTestable::AllEqual);
    }
    Ok(Ranked {
        n,
        mean_ranks,
        sizes: groups.values.iter().map(|v| v.len() as f64).collect(),
        tie_sum,
    })
}

/// Kruskal–Wallis H, corrected for ties.
pub fn kruskal(groups: &Groups) -> Tested<Kruskal> {
    let r = ranked(groups)?;
    let n = r.n;
    let h0 = 12.0 / (n * (n + 1.0))
        * r.sizes
            .iter()
            .zip(&r.mean_ranks)
            .map(|(size, m)| size * m * m)
            .sum::<f64>()
        - 3.0 * (n + 1.0);
    let h = h0 / (1.0 - r.tie_sum / (n * n * n - n));
    let df = (groups.values.len() - 1) as f64;
    let p = if h.is_nan() {
        f64::NAN
    } else {
        ChiSquared::new(df).map(|d| d.sf(h)).unwrap_or(f64::NAN)
    };
    Ok(Kruskal { h, df, p })
}

/// Dunn's (1964) pairwise z tests on the pooled mid-ranks, two-sided, adjusted over the pairs;
/// `diff` is the mean-rank difference.
pub fn dunn(groups: &Groups, method: Adjust) -> Tested<Vec<Pair>> {
    let r = ranked(groups)?;
    let n = r.n;
    let spread = n * (n + 1.0) / 12.0 - r.tie_sum / (12.0 * (n - 1.0));
    let normal = Normal::standard();
    let raw: Vec<Pair> = pairs(groups.values.len())
        .map(|(i, j)| {
            let se = (spread * (1.0 / r.sizes[i] + 1.0 / r.sizes[j])).sqrt();
            let pair = Pair::of(groups, i, j, r.mean_ranks[i] - r.mean_ranks[j], se);
            Pair {
                p: 2.0 * normal.sf(pair.stat.abs()),
                ..pair
            }
        })
        .collect();
    let p_raw: Vec<f64> = raw.iter().map(|p| p.p).collect();
    Ok(raw
        .into_iter()
        .zip(adjust(&p_raw, method))
        .map(|(pair, p)| Pair { p, ..pair })
        .collect())
}

/// Each group's mean of the mid-ranks of all values pooled, and Σ(t³ − t) over tie groups.
fn mean_ranks(values: &[Vec<f64>]) -> (Vec<f64>, f64) {
    // Each value with its group; -0.0 is 0.0, so equal values sort and tie alike.
    let mut all: Vec<(f64, u32)> = values
        .iter()
        .zip(0u32..)
        .flat_map(|(v, g)| v.iter().map(move |x| (x + 0.0, g)))
        .collect();
    // Tied values share a mid-rank, so their order does not matter.
    all.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    // Rank sums are sums of half-integers: exact in any order.
    let mut sums = vec![0.0; values.len()];
    let mut tie_sum = 0.0;
    let mut start = 0;
    for run in all.chunk_by(|a, b| a.0.total_cmp(&b.0).is_eq()) {
        let t = run.len() as f64;
        let mid_rank = (2 * start + run.len() + 1) as f64 / 2.0;
        for &(_, g) in run {
            sums[g as usize] += mid_rank;
        }
        tie_sum += t * t * t - t;
        start += run.len();
    }
    let means = sums
        .iter()
        .zip(values)
        .map(|(sum, v)| sum / v.len() as f64)
        .collect();
    (means, tie_sum)
}
