//! `Results`: the one hand-over between computing and presenting, written as results.json.
//!
//! This is a public contract with its own version. It holds codes, numbers and the
//! instrument's texts in both languages, never a sentence of the report: the same run gives the
//! same results.json in every report language. Every number a report prints comes from here.
//! Withheld numbers are `"suppressed"` (never a flag beside a value), a test that could not run
//! says why as a code, and p-values adjusted within a family are set when the result is made.
//! The JSON Schema generated from these types is `docs/results.schema.json`.

mod measure;
mod monitor;
mod network;
mod summary;

pub use measure::*;
pub use monitor::*;
pub use network::*;
pub use summary::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::ingest::{Exclusion, ExclusionReason, Finding, Problem};
pub use crate::instrument::{Framework, PkContingency, RelationalMeasure, Text};
pub use verband_stats::{
    Alpha, Anova, Center, Descriptives, FTest, GraphMeasures, ItemAlpha, Kruskal, Levene,
    NodeMeasures, NotTestable, Pair, TTest,
};

/// Bumped whenever a field changes meaning, is renamed or removed, or is added where readers
/// deny unknown fields. 2: `about` and `summary`; `findings` no longer holds duplicate
/// respondent ids (the excluded rows say which rows). 3: an exclusion's `through` (a run of
/// empty rows), a network question's `points`, the `contrast` headline, the `too_large`
/// reason, and `summary.parts[].agree` counted from the items' published totals. 4: the
/// `stray_quote` problem.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Results {
    pub schema_version: u32,
    /// The survey as the configuration describes it: municipality, date, fieldwork, contact
    /// and the municipality's own words.
    pub about: About,
    /// What the council reads first.
    pub summary: Summary,
    pub instrument: InstrumentInfo,
    /// The attribute the groups are formed by.
    pub grouping: Grouping,
    /// The survey year(s) of the analysed respondents.
    pub years: Vec<String>,
    /// The rules the numbers were made under.
    pub policy: Policy,
    pub respondents: Respondents,
    /// Constructs, their dimensions and items, in questionnaire order.
    pub measures: Vec<Measure>,
    /// Statements asked about two sides, compared within respondents.
    pub contrasts: Vec<Contrast>,
    /// Who rates whom: partner matrices, perception gaps, the organisation network.
    pub network: Option<Network>,
    /// Provan–Kenis governance fit (verband's own indicator).
    pub governance: Option<GovernanceFit>,
    /// Scores per year and the change since the year before.
    pub trend: Option<Trend>,
    /// This municipality against the pooled others.
    pub benchmark: Option<Benchmark>,
    pub open: Vec<OpenAnswers>,
    /// Problems in the input that did not stop the analysis (a bad cell counts as missing).
    /// Duplicate respondent ids are not among them: the row left out is in
    /// `respondents.excluded`, and only `verband validate` names the id.
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentInfo {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub description: Text,
    /// Bibliographic citations, each once.
    pub sources: Vec<String>,
    /// The traffic-light rule per scale.
    pub thresholds: Vec<ThresholdInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdInfo {
    pub scale: String,
    pub scale_label: Text,
    /// Red below this mean, amber from it.
    pub amber: f64,
    /// Green from this mean.
    pub green: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grouping {
    pub id: String,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Groups smaller than this are withheld.
    pub min_group: usize,
    /// The level below which an adjusted p-value counts as a difference.
    pub significance: f64,
    /// The share of the scored items a respondent had to answer to be analysed.
    pub min_answered: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Respondents {
    /// Data rows read from the files.
    pub read: usize,
    pub analysed: usize,
    pub excluded: Vec<Exclusion>,
    /// Analysed respondents per group.
    pub groups: Vec<GroupCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupCount {
    pub group: String,
    pub label: Text,
    pub n: Shown<usize>,
}

/// A number or table that is published, or withheld to protect respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Shown<T> {
    Shown(T),
    Suppressed,
}

impl<T> Shown<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Shown::Shown(v) => Some(v),
            Shown::Suppressed => None,
        }
    }

    pub fn is_suppressed(&self) -> bool {
        matches!(self, Shown::Suppressed)
    }

    /// Shown when `visible`, with the value made only then.
    pub fn when(visible: bool, make: impl FnOnce() -> T) -> Shown<T> {
        if visible {
            Shown::Shown(make())
        } else {
            Shown::Suppressed
        }
    }
}

/// A test's result, or the reason it could not be run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome<T> {
    Run(T),
    NotRun(NotTestable),
}

impl<T> Outcome<T> {
    pub fn run(&self) -> Option<&T> {
        match self {
            Outcome::Run(v) => Some(v),
            Outcome::NotRun(_) => None,
        }
    }
}

impl<T> From<verband_stats::Tested<T>> for Outcome<T> {
    fn from(t: verband_stats::Tested<T>) -> Outcome<T> {
        match t {
            Ok(v) => Outcome::Run(v),
            Err(why) => Outcome::NotRun(why),
        }
    }
}

/// Two sides set against each other with a t-test, Holm-adjusted within its family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compared {
    pub test: TTest,
    pub p_holm: f64,
    /// `same` when the adjusted p is at or above the significance level.
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Same,
    Down,
}

/// Whom a row of a table is about: every group together, or one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Total,
    Group { code: String, label: Text },
}

/// Why some numbers are missing or do not compare like for like; worded by the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum Note {
    /// These groups have respondents, but fewer than the minimum: they are left out of the tests.
    LeftOutOfTests { groups: Vec<Text> },
    /// Nominal answers have frequencies only.
    NominalFrequenciesOnly,
    /// The construct was not asked in that year.
    NotInQuestionnaire { year: String },
    /// That year asked other items for the construct.
    OtherQuestions {
        year: String,
        added: Vec<String>,
        dropped: Vec<String>,
    },
    /// Respondents of that year whose group the current questionnaire does not know.
    UnknownGroups { year: String, respondents: usize },
    /// Groups left out of the total in every year, because they were too small in some year.
    TotalLeavesOut { groups: Vec<Text> },
    /// The municipality does not appear in the benchmark's column.
    MunicipalityNotFound {
        municipality: String,
        attribute: String,
    },
    /// The benchmark pool holds fewer other municipalities than it needs.
    TooFewOthers { min: usize },
    /// An organisation block without an intensity question draws no network.
    NoIntensityQuestion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Item,
    Dimension,
    Construct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Red,
    Amber,
    Green,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenAnswers {
    pub id: String,
    pub text: Text,
    /// The item the question comments on.
    pub about: Option<String>,
    pub groups: Vec<OpenGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenGroup {
    pub group: String,
    pub label: Text,
    pub answers: Shown<Vec<String>>,
}

/// The JSON Schema of results.json, as published in docs/.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Results)
}
