//! One measure (a construct, dimension or item): descriptives per group and the tests that
//! compare the groups; and the within-respondent contrasts.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Alpha, Anova, Compared, Descriptives, FTest, Framework, Kind, Kruskal, Levene, Light, Note,
    Outcome, Pair, Shown, Text,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: String,
    pub kind: Kind,
    /// The construct's or dimension's name, or the item's question.
    pub label: Text,
    /// The construct a dimension or item belongs to.
    pub construct: Option<String>,
    /// An item scored as (min + max − code).
    pub reversed: bool,
    pub framework: Option<Framework>,
    pub scale: ScaleInfo,
    pub total: Total,
    /// In the grouping attribute's order.
    pub groups: Vec<GroupResult>,
    /// Constructs with two or more scored items.
    pub reliability: Option<Reliability>,
    /// None for nominal answers.
    pub tests: Option<Tests>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleInfo {
    pub id: String,
    pub label: Text,
    /// Ordered codes whose mean means something; nominal scales have frequencies only.
    pub ordinal: bool,
    pub min: i64,
    pub max: i64,
    pub points: Vec<PointInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PointInfo {
    pub code: i64,
    pub label: Text,
}

/// All respondents together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Total {
    /// Which groups the total holds.
    pub covers: Coverage,
    /// Valid answers or scores in the total.
    pub n: usize,
    /// None for nominal answers.
    pub stats: Option<Descriptives>,
    /// Answer counts per code (items only).
    pub frequencies: Option<Frequencies>,
    pub light: Option<Light>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Every respondent.
    All,
    /// The shown groups only: the hidden ones together are too few to shield each other, so
    /// the total minus the shown groups would reveal them.
    ShownGroups,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupResult {
    pub group: String,
    pub label: Text,
    pub summary: Shown<GroupSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupSummary {
    pub n: usize,
    /// None for nominal answers.
    pub stats: Option<Descriptives>,
    pub frequencies: Option<Frequencies>,
    pub light: Option<Light>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Frequencies {
    pub counts: Vec<Count>,
    /// Respondents without a valid answer.
    pub missing: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub code: i64,
    pub label: Text,
    pub n: usize,
    /// Of the valid answers.
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reliability {
    /// The construct's scored items, in order.
    pub items: Vec<String>,
    /// Respondents who answered every item (α is computed on them, listwise).
    pub n: usize,
    pub alpha: Outcome<Alpha>,
}

/// The tests run on the shown groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tests {
    pub anova: Outcome<Anova>,
    /// The ANOVA's p adjusted over the constructs of the report (constructs only).
    pub anova_adjusted: Option<Adjusted>,
    pub welch: Outcome<FTest>,
    pub brown_forsythe: Outcome<FTest>,
    pub levene: Outcome<Levene>,
    pub levene_median: Outcome<Levene>,
    pub kruskal: Outcome<Kruskal>,
    /// Pairwise tests, where they were asked for.
    pub posthoc: Option<Posthoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjusted {
    pub holm: f64,
    /// Benjamini–Hochberg.
    pub bh: f64,
    /// Whether the groups differ: the Holm-adjusted p is below the significance level.
    pub differs: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Posthoc {
    pub bonferroni: Outcome<Vec<Pair>>,
    pub tukey: Outcome<Vec<Pair>>,
    pub games_howell: Outcome<Vec<Pair>>,
    pub dunn_bonferroni: Outcome<Vec<Pair>>,
    pub dunn_holm: Outcome<Vec<Pair>>,
    /// The pairs that differ: Games–Howell p below the significance level (robust to unequal
    /// variances and group sizes).
    pub differing: Vec<[String; 2]>,
}

/// The same statements about side a and side b, compared within respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contrast {
    pub id: String,
    pub label: Text,
    pub a: Text,
    pub b: Text,
    /// Over all statements: each respondent's mean about a against the mean about b.
    pub overall: ContrastRow,
    /// Per statement; Holm over the statements.
    pub statements: Vec<ContrastRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContrastRow {
    /// The items about a and about b (none for the overall row).
    pub items: Option<[String; 2]>,
    /// The statement about a.
    pub label: Option<Text>,
    pub result: Shown<ContrastResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContrastResult {
    /// Respondents who answered both.
    pub n: usize,
    pub a: Descriptives,
    pub b: Descriptives,
    /// The paired t-test of a against b.
    pub comparison: Outcome<Compared>,
}
