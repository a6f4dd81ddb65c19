//! Many tests at once: the one significance level, and p-values adjusted within each family
//! of tests before anything is called a difference.

use verband_stats::{Adjust, Pair, TTest, Tested, adjust};

use crate::results::{Adjusted, Compared, Direction, Outcome};

/// The level an adjusted p-value must be below to count as a difference.
pub const SIGNIFICANCE: f64 = 0.05;

/// Holm and Benjamini–Hochberg over the p-values of one family, in the order given.
pub fn adjust_family(p: &[f64]) -> Vec<Adjusted> {
    let (holm, bh) = (adjust(p, Adjust::Holm), adjust(p, Adjust::Bh));
    holm.into_iter()
        .zip(bh)
        .map(|(holm, bh)| Adjusted {
            holm,
            bh,
            differs: holm < SIGNIFICANCE,
        })
        .collect()
}

/// Two-sample tests that form one family: Holm over those that ran, then a direction for each
/// (the sign of the difference, or `Same` when the adjusted p does not reach the level).
pub fn compare_family(tests: Vec<Tested<TTest>>) -> Vec<Outcome<Compared>> {
    let p: Vec<f64> = tests.iter().flatten().map(|t| t.p).collect();
    let mut holm = adjust(&p, Adjust::Holm).into_iter();
    tests
        .into_iter()
        .map(|t| match t {
            Ok(test) => {
                let p_holm = holm.next().unwrap_or(f64::NAN);
                let differs = p_holm < SIGNIFICANCE;
                let direction = if !differs {
                    Direction::Same
                } else if test.diff > 0.0 {
                    Direction::Up
                } else {
                    Direction::Down
                };
                Outcome::Run(Compared {
                    test,
                    p_holm,
                    direction,
                })
            }
            Err(why) => Outcome::NotRun(why),
        })
        .collect()
}

/// The pairs a post hoc test finds different at the significance level.
pub fn differing(pairs: &[Pair]) -> Vec<[String; 2]> {
    pairs
        .iter()
        .filter(|p| p.p < SIGNIFICANCE)
        .map(|p| [p.a.clone(), p.b.clone()])
        .collect()
}
