//! What the council reads first, decided by `analyse` and worded by the report: who took part,
//! how much each part is agreed with, and the headline findings. The headlines repeat numbers
//! published elsewhere in results.json (so the summary can be read on its own); the response
//! rates and agreement shares are computed for the summary.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Form, PkContingency, PointInfo, RelationalMeasure, Shown, Text};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub response: Response,
    /// One per scored construct, in questionnaire order.
    pub parts: Vec<Part>,
    /// In reading order: change, benchmark, group difference, partner asymmetry, governance
    /// fit, contrasts, then each part that needs attention. A kind is absent when the run has
    /// no such finding.
    pub headlines: Vec<Headline>,
}

impl Summary {
    /// The share agreeing on a construct's items, when it has one.
    pub fn agreement(&self, construct: &str) -> Option<&Agreement> {
        self.parts
            .iter()
            .find(|p| p.construct == construct)
            .and_then(|p| p.agree.as_ref())
    }
}

/// Who took part, against who was asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Forms in the response files (`respondents.read`).
    pub returned: usize,
    /// Respondents analysed (`respondents.analysed`).
    pub analysed: usize,
    /// Invited, from the configuration's `[invited]`; none when it does not give every group
    /// that has respondents.
    pub invited: Option<usize>,
    /// Analysed respondents per 100 invited.
    pub rate: Option<f64>,
    /// The groups the configuration gives an invited count for.
    pub groups: Vec<GroupResponse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupResponse {
    pub group: String,
    pub label: Text,
    pub invited: usize,
    /// Analysed respondents of the group per 100 invited; withheld below the minimum group.
    pub rate: Shown<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub construct: String,
    /// The answers to the construct's scored items that lie above the middle of the scale, after
    /// reverse coding: "% eens" on an agreement scale. Over the respondents the construct's
    /// total holds; none when nobody answered.
    pub agree: Option<Agreement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Percent of `answers`.
    pub percent: f64,
    /// Answers to the construct's items in their published totals.
    pub answers: usize,
    /// The codes counted as agreeing (above the scale's middle).
    pub codes: Vec<i64>,
}

/// One finding for the council, as a typed code with its values; the report words it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Headline {
    /// Judged parts whose total changed since the year before (Holm over the constructs), and
    /// how many changed too little to tell.
    Change {
        from: String,
        to: String,
        better: Vec<Moved>,
        worse: Vec<Moved>,
        unclear: usize,
    },
    /// Judged parts on which this municipality differs from the pooled others.
    Benchmark {
        municipality: String,
        higher: Vec<Versus>,
        lower: Vec<Versus>,
        alike: usize,
    },
    /// The largest difference between two groups that holds after correction, and on how many
    /// other parts the groups do not clearly differ.
    GroupDifference {
        construct: String,
        label: Text,
        high: GroupMean,
        low: GroupMean,
        /// Constructs whose groups were compared, and those of them that differ.
        tested: usize,
        differing: usize,
    },
    /// The pair of groups that see their collaboration most differently (largest Hedges' g
    /// among the asymmetric pairs of every question).
    PartnerAsymmetry {
        block: String,
        question: String,
        /// What the question asks about a partner; the sentence depends on it.
        measure: RelationalMeasure,
        scale_label: Text,
        min: i64,
        max: i64,
        /// How a rates b, and how b rates a.
        a: Rating,
        b: Rating,
        hedges_g: f64,
    },
    /// Whether the governance form most respondents see is one the conditions point to.
    GovernanceFit {
        fits: Option<bool>,
        perceived: Option<Form>,
        predicted: Vec<Form>,
        drivers: Vec<PkContingency>,
    },
    /// Respondents rate the two sides of a contrast clearly differently over all its
    /// statements (parents: the school against the care worker).
    Contrast { contrast: String },
    /// A judged part below the lower threshold, or lower than the year before.
    Attention {
        construct: String,
        label: Text,
        mean: f64,
        red: bool,
        /// Last year's mean, when the part declined.
        declined_from: Option<f64>,
        /// At most two answers to the questions about problems and improvements, from the
        /// respondents (in shown groups) who rate this part furthest below their own mean over
        /// the other judged parts.
        quotes: Vec<String>,
    },
}

impl Headline {
    /// The kind's name, as results.json spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Headline::Change { .. } => "change",
            Headline::Benchmark { .. } => "benchmark",
            Headline::GroupDifference { .. } => "group_difference",
            Headline::PartnerAsymmetry { .. } => "partner_asymmetry",
            Headline::GovernanceFit { .. } => "governance_fit",
            Headline::Contrast { .. } => "contrast",
            Headline::Attention { .. } => "attention",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moved {
    pub construct: String,
    pub label: Text,
    pub before: f64,
    pub now: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Versus {
    pub construct: String,
    pub label: Text,
    pub this: f64,
    pub others: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupMean {
    pub group: String,
    pub label: Text,
    pub mean: f64,
}

/// A group's mean rating of the other, and the scale point nearest to it (a rung of a ladder).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub group: String,
    pub label: Text,
    pub mean: f64,
    pub nearest: Option<PointInfo>,
}

/// What the configuration says about the survey beyond its files: printed on the first page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub municipality: Option<String>,
    /// The report's date, as given (an ISO date is written out in the report's language).
    pub date: Option<String>,
    pub fieldwork: Option<Fieldwork>,
    /// Whom to ask about the report.
    pub contact: Option<String>,
    /// The municipality's own explanation of the results (`[duiding]`).
    pub commentary: Commentary,
    /// What the municipality will do or proposes (`[aanbevelingen]`).
    pub actions: Commentary,
}

/// When the survey was open, as ISO dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fieldwork {
    pub from: String,
    pub to: String,
}

/// Texts written by the municipality: one about the whole, and one per construct id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commentary {
    pub general: Option<String>,
    pub parts: BTreeMap<String, String>,
}
