//! Who rates whom, the organisation network, and the Provan–Kenis governance fit.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Compared, Descriptives, GraphMeasures, Note, Outcome, PkContingency, PointInfo,
    RelationalMeasure, Shown, Text,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub blocks: Vec<PartnerBlock>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerBlock {
    pub id: String,
    pub label: Text,
    pub questions: Vec<QuestionInfo>,
    /// The rows of the matrix: the rater groups, in the attribute's order.
    pub raters: Vec<Party>,
    /// The columns: the partners as the block lists them.
    pub partners: Vec<Party>,
    /// One cell per question, rater and partner the question is asked about.
    pub matrix: Vec<Cell>,
    /// How each pair of groups rates the other, per question.
    pub gaps: Vec<Gap>,
    /// The organisation network, for blocks whose partners are named organisations.
    pub graph: Option<OrganisationGraph>,
    pub notes: Vec<Note>,
}

impl PartnerBlock {
    /// A rater group's label; its code as text when the block does not list it.
    pub fn rater_label(&self, code: &str) -> Text {
        self.raters
            .iter()
            .find(|r| r.code == code)
            .map_or_else(|| Text::same(code), |r| r.label.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionInfo {
    pub id: String,
    pub measure: RelationalMeasure,
    /// The answer scale's id and label.
    pub scale: String,
    pub label: Text,
    pub min: i64,
    pub max: i64,
    /// The scale's answers: the rungs of the ladder, say.
    pub points: Vec<PointInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub code: String,
    pub label: Text,
    /// A rater group below the minimum size: none of its cells is shown.
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    pub question: String,
    pub rater: String,
    pub partner: String,
    pub stats: Shown<Descriptives>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    pub question: String,
    pub a: String,
    pub b: String,
    pub result: Shown<GapResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GapResult {
    /// How a rates b, and how b rates a.
    pub a_about_b: Descriptives,
    pub b_about_a: Descriptives,
    /// Welch's t of a's ratings of b against b's ratings of a, Holm over the pairs of the
    /// question; a direction other than `same` means the two sides see it differently.
    pub comparison: Outcome<Compared>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationGraph {
    /// The question whose answers weigh the ties.
    pub question: String,
    pub organisations: Vec<Organisation>,
    pub ties: Vec<GraphTie>,
    pub measures: GraphMeasures,
    /// Respondents whose organisation is not one of the block's partners.
    pub unmatched_respondents: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub code: String,
    pub label: Text,
    /// The actor type most of its respondents gave; none when nobody from it answered.
    pub group: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GraphTie {
    /// Indices into `organisations`.
    pub a: usize,
    pub b: usize,
    /// Mean intensity over every answer about the pair, from either side.
    pub weight: Shown<f64>,
    pub answers: usize,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Shared,
    Lead,
    Nao,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Moderate,
    High,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GovernanceFit {
    pub contingencies: Vec<Contingency>,
    /// Share of shown rater × partner cells whose mean trust reaches the trust scale's green
    /// threshold (its midpoint when it has none).
    pub trust_density: Option<TrustDensity>,
    /// Votes per form: each contingency votes for the form(s) its level favours.
    pub votes: Vec<FormVotes>,
    /// The form(s) with the most votes.
    pub predicted: Vec<Form>,
    /// Answer shares of the perceived-form question over all shown respondents.
    pub perceived: Vec<FormShare>,
    /// The form most respondents see; none on a tie or without answers.
    pub perceived_form: Option<Form>,
    /// The perceived form per shown group.
    pub perceived_by_group: Vec<GroupForms>,
    pub preferred: Vec<FormShare>,
    /// Whether the perceived form is among the predicted; none when either is unknown.
    pub fits: Option<bool>,
    /// Contingencies that do not favour the perceived form.
    pub drivers: Vec<PkContingency>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contingency {
    pub contingency: PkContingency,
    pub construct: String,
    pub label: Text,
    pub mean: Option<f64>,
    pub level: Option<Level>,
    pub basis: Basis,
    pub favours: Vec<Form>,
}

/// Where a contingency's level comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The construct's mean on its scale.
    Construct,
    /// Trust density in the relational block (for trust, when it is measured).
    TrustDensity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormVotes {
    pub form: Form,
    pub votes: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormShare {
    pub form: Form,
    /// Percent of the valid answers.
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupForms {
    pub group: String,
    pub label: Text,
    /// Answers naming one of the forms (not "don't know").
    pub n: usize,
    pub shares: Vec<FormShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustDensity {
    pub share: f64,
    pub cells: usize,
    pub cut: f64,
    pub level: Level,
}
