//! `Results`: everything the report shows, and nothing it may not. Serialised as results.json.

use serde::Serialize;

use super::oneway::{Anova, Descriptives, FTest, Levene};
use super::posthoc::{Kruskal, Pair};
use crate::ingest::Exclusion;
use crate::instrument::{Framework, Lang, Source};
use crate::score::Reliability;

#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub instrument: InstrumentInfo,
    pub grouping: String,
    pub grouping_label: String,
    /// The survey year(s) of the analysed respondents, from the year attribute.
    pub years: Vec<String>,
    pub lang: Lang,
    pub min_group: usize,
    pub respondents: Respondents,
    pub measures: Vec<Measure>,
    /// Who rates whom: partner matrices, perception gaps, the organisation network.
    pub network: Option<super::Network>,
    /// Provan–Kenis governance fit (verband's own indicator).
    pub governance: Option<super::GovernanceFit>,
    /// Scores per year and the change since last year (a monitor over several years).
    pub trend: Option<super::Trend>,
    /// This municipality against the pooled others.
    pub benchmark: Option<super::Benchmark>,
    pub open: Vec<OpenAnswers>,
    /// Validation findings that did not stop the analysis (bad cells count as missing).
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstrumentInfo {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: String,
    pub sources: Vec<Source>,
    /// The traffic-light rule per scale, as stated in the report.
    pub thresholds: Vec<ThresholdInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThresholdInfo {
    pub scale: String,
    pub scale_label: String,
    pub amber: f64,
    pub green: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Respondents {
    pub read: usize,
    pub analysed: usize,
    pub excluded: Vec<Exclusion>,
    /// Analysed respondents per group; the count is withheld below the minimum group size.
    pub by_group: Vec<GroupCount>,
    pub min_answered: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupCount {
    pub group: String,
    pub label: String,
    pub n: Option<usize>,
    pub suppressed: bool,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Item,
    Dimension,
    Construct,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Red,
    Amber,
    Green,
}

#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub id: String,
    pub kind: Kind,
    pub label: String,
    /// The construct a dimension or item belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub construct: Option<String>,
    /// The question text of an item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reversed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<Framework>,
    pub scale: ScaleInfo,
    pub overall: Overall,
    pub groups: Vec<GroupStats>,
    pub reliability: Option<Reliability>,
    pub anova: Option<Anova>,
    pub welch: Option<FTest>,
    pub brown_forsythe: Option<FTest>,
    pub levene: Option<Levene>,
    pub levene_median: Option<Levene>,
    pub kruskal: Option<KruskalSummary>,
    pub posthoc: Option<Posthoc>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScaleInfo {
    pub id: String,
    pub ordinal: bool,
    pub min: i64,
    pub max: i64,
    pub points: Vec<(i64, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overall {
    #[serde(flatten)]
    pub stats: Descriptives,
    /// Answer counts per code (items only), with the missing answers.
    pub frequencies: Option<Frequencies>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub light: Option<Light>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Frequencies {
    pub counts: Vec<Count>,
    pub missing: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub code: i64,
    pub label: String,
    pub n: usize,
    /// Of the valid answers.
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupStats {
    pub group: String,
    pub label: String,
    pub suppressed: bool,
    /// Withheld (with every statistic) when the group is below the minimum size.
    pub n: Option<usize>,
    #[serde(flatten)]
    pub stats: Option<Descriptives>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequencies: Option<Frequencies>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub light: Option<Light>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KruskalSummary {
    pub h: f64,
    pub df: f64,
    pub p: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Posthoc {
    pub bonferroni: Option<Vec<Pair>>,
    pub tukey: Option<Vec<Pair>>,
    pub games_howell: Option<Vec<Pair>>,
    pub dunn_bonferroni: Option<Vec<Pair>>,
    pub dunn_holm: Option<Vec<Pair>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpenAnswers {
    pub id: String,
    pub text: String,
    /// The item the question comments on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    pub groups: Vec<OpenGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpenGroup {
    pub group: String,
    pub label: String,
    pub suppressed: bool,
    pub answers: Vec<String>,
}

impl Kruskal {
    pub fn summary(&self) -> KruskalSummary {
        KruskalSummary {
            h: self.h,
            df: self.df,
            p: self.p,
        }
    }
}
