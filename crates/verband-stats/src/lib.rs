//! The statistics of verband, on plain numbers: no data frames, no languages, no file formats.
//!
//! Every function either returns its result or says, as a [`NotTestable`] code, why the data
//! do not allow it; wording those reasons is the caller's business. Each result is checked
//! against R, scipy, networkx and NIST StRD in `tests/`, with the scripts that made the
//! reference values beside the fixtures.
//!
//! With the `serde` feature the result types serialise as they are; with `schema` they also
//! describe themselves as JSON Schema.

pub mod adjust;
pub mod descriptive;
pub mod exact;
pub mod graph;
pub mod levene;
pub mod oneway;
pub mod posthoc;
pub mod ptukey;
pub mod rank;
pub mod reliability;
pub mod ttest;

pub use adjust::{Adjust, adjust};
pub use descriptive::{Descriptives, describe, mean, median, variance};
pub use exact::{Decimal, centre, parse_decimal};
pub use graph::{GraphMeasures, NodeMeasures, Tie, graph_measures};
pub use levene::{Center, Levene, levene};
pub use oneway::{Anova, FTest, anova, brown_forsythe, welch};
pub use posthoc::{Pair, bonferroni, games_howell, tukey};
pub use ptukey::{StudentizedRange, ptukey_upper, qtukey};
pub use rank::{Kruskal, dunn, kruskal};
pub use reliability::{Alpha, ItemAlpha, cronbach_alpha};
pub use ttest::{TTest, paired_t, welch_t};

/// Groups of values to compare, in display order.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    pub names: Vec<String>,
    /// Each value minus `offset` (see [`exact::centre`]): sums of squares are computed around
    /// the group means of these small numbers, and the offset is added back only to location
    /// statistics.
    pub values: Vec<Vec<f64>>,
    pub offset: f64,
}

/// Why a test could not be run on the data it was given.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "reason", rename_all = "snake_case"))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum NotTestable {
    /// Fewer than two groups.
    TooFewGroups,
    /// A value is NaN or infinite.
    NotFinite,
    /// Values so large that their sum of squares overflows a double.
    TooLarge,
    /// A group has fewer than two values.
    SmallGroup {
        group: String,
        n: usize,
    },
    /// A group has no values at all.
    EmptyGroup {
        group: String,
    },
    /// Every group is constant: there is no variance within the groups.
    NoVariance,
    /// One group is constant, and the test weighs groups by 1/variance.
    FlatGroup {
        group: String,
    },
    /// Both groups of a pair are constant.
    FlatPair {
        a: String,
        b: String,
    },
    /// All values are equal, so ranks carry no information.
    AllEqual,
    /// Every group has exactly the same spread, so a test of spread has nothing to compare.
    SameSpread,
    /// Fewer than two items, or fewer than two respondents who answered every item.
    TooFewItems,
    TooFewRespondents,
}

/// A result, or why there is none.
pub type Tested<T> = Result<T, NotTestable>;

impl Groups {
    /// Why a comparison of these groups cannot be run, if it cannot.
    pub fn unusable(&self) -> Option<NotTestable> {
        if self.values.len() < 2 {
            return Some(NotTestable::TooFewGroups);
        }
        // Every value small enough that the sum of all squares stays finite; NaN and ±∞ fail
        // the comparison too. One pass without branches, as every test of a measure asks.
        let limit = (f64::MAX / self.total().max(1) as f64).sqrt();
        let within = self
            .values
            .iter()
            .all(|v| v.iter().fold(true, |ok, x| ok & (x.abs() <= limit)));
        if !within {
            let finite = self.values.iter().flatten().all(|x| x.is_finite());
            return Some(if finite {
                NotTestable::TooLarge
            } else {
                NotTestable::NotFinite
            });
        }
        self.names
            .iter()
            .zip(&self.values)
            .find(|(_, v)| v.len() < 2)
            .map(|(name, v)| NotTestable::SmallGroup {
                group: name.clone(),
                n: v.len(),
            })
    }

    /// Every group's size.
    pub fn sizes(&self) -> Vec<usize> {
        self.values.iter().map(Vec::len).collect()
    }

    /// The number of values over all groups.
    pub fn total(&self) -> usize {
        self.values.iter().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(a: Vec<f64>) -> Groups {
        Groups {
            names: vec!["a".into(), "b".into()],
            values: vec![a, vec![1.0, 2.0, 3.0]],
            offset: 0.0,
        }
    }

    #[test]
    fn values_that_cannot_be_squared_or_summed_are_named() {
        assert_eq!(groups(vec![1.0, 2.0]).unusable(), None);
        assert_eq!(groups(vec![1e150, 2.0]).unusable(), None);
        assert_eq!(
            groups(vec![1e155, 2.0]).unusable(),
            Some(NotTestable::TooLarge)
        );
        assert_eq!(
            groups(vec![f64::MAX, 2.0]).unusable(),
            Some(NotTestable::TooLarge)
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(
                groups(vec![bad, 1e155]).unusable(),
                Some(NotTestable::NotFinite)
            );
        }
    }
}
