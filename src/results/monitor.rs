//! Across years and across municipalities.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Compared, Descriptives, Note, Outcome, Shown, Text, Who};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trend {
    /// Ascending; the last is the report's year.
    pub years: Vec<String>,
    pub constructs: Vec<ConstructTrend>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConstructTrend {
    pub id: String,
    pub label: Text,
    /// Whether higher is better (not so for Provan–Kenis contingencies).
    pub judged: bool,
    /// The total per year (the first row) and each group per year.
    pub series: Vec<Series>,
    /// Since the year before, for the total and each group; Holm over the constructs, per row.
    pub changes: Vec<Change>,
    /// Why some years do not compare like for like.
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub who: Who,
    pub years: Vec<YearStat>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearStat {
    pub year: String,
    pub stats: Shown<Descriptives>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub who: Who,
    pub from: String,
    pub to: String,
    /// Welch's t of this year against the year before.
    pub result: Shown<Outcome<Compared>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Benchmark {
    pub municipality: String,
    /// How many other municipalities the pool holds.
    pub others: Shown<usize>,
    pub rows: Vec<BenchmarkRow>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkRow {
    pub construct: String,
    pub label: Text,
    pub judged: bool,
    pub result: Shown<BenchmarkResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkResult {
    pub this: Descriptives,
    pub others: Descriptives,
    /// Welch's t of this municipality against the others; Holm over the constructs.
    pub comparison: Outcome<Compared>,
}
