//! The instrument as it stands in a TOML file. Field names are the file's keys.
//!
//! `note` fields hold remarks for the instrument's maintainers (provenance, caveats): they are
//! never shown to respondents and never printed in a report.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::{Lang, pick};

/// A text in both report languages.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        pick(lang, &self.nl, &self.en)
    }

    /// The same words in both languages: a name, a code.
    pub fn same(s: &str) -> Text {
        Text {
            nl: s.to_string(),
            en: s.to_string(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub description: Text,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Fewest valid items for a dimension or construct score, unless the construct says otherwise.
    #[serde(default = "one")]
    pub min_valid_items: usize,
    #[serde(default)]
    pub scales: Vec<Scale>,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    #[serde(default)]
    pub constructs: Vec<Construct>,
    #[serde(default)]
    pub relational: Vec<RelationalBlock>,
    #[serde(default)]
    pub open: Vec<OpenQuestion>,
    #[serde(default)]
    pub thresholds: Vec<Threshold>,
    /// Which items ask the network's governance form, for the Provan–Kenis fit.
    #[serde(default)]
    pub governance: Option<Governance>,
    /// Pairs of items that ask the same thing about two sides (the school and the care
    /// worker), compared within respondents.
    #[serde(default)]
    pub contrasts: Vec<Contrast>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The same statements asked about side a and about side b: each respondent's two answers are
/// compared (a paired test per statement, and over all statements together).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contrast {
    pub id: String,
    pub label: Text,
    /// How the report names the two sides.
    pub a: Text,
    pub b: Text,
    /// (item about a, item about b) per statement.
    pub pairs: Vec<[String; 2]>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The governance-form questions and the codes of the three Provan & Kenis (2008) forms on
/// their scale. The contingencies come from the constructs tagged `framework.pk`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// The item asking which form the network has now.
    pub perceived: String,
    /// The item asking which form would fit best, if asked.
    #[serde(default)]
    pub preferred: Option<String>,
    pub shared: i64,
    pub lead: i64,
    pub nao: i64,
}

fn one() -> usize {
    1
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The reference as it would stand in a bibliography.
    pub citation: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScaleKind {
    /// Ordered codes; a mean is meaningful.
    Ordinal,
    /// Unordered categories; only frequencies are reported.
    Nominal,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub id: String,
    pub kind: ScaleKind,
    pub label: Text,
    pub points: Vec<Point>,
    /// Answers that mean "no answer" ("weet niet", "n.v.t."): they become missing, never zero.
    #[serde(default)]
    pub missing: Vec<Point>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub code: i64,
    pub nl: String,
    pub en: String,
    /// Other labels survey tools print for this point ("Helemaal mee eens").
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AttributeRole {
    /// The respondent's own id; duplicates are findings.
    Id,
    /// The actor type: the default grouping for comparisons.
    ActorType,
    Education,
    Organisation,
    Pilot,
    /// The municipality a respondent works in (`gemeente` is accepted as well).
    #[serde(alias = "gemeente")]
    Municipality,
    Year,
    Other,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    #[default]
    Category,
    Text,
    Number,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    pub id: String,
    pub role: AttributeRole,
    #[serde(default)]
    pub kind: AttributeKind,
    pub label: Text,
    #[serde(default)]
    pub required: bool,
    /// Allowed values of a category attribute.
    #[serde(default)]
    pub values: Vec<Category>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub code: String,
    pub nl: String,
    pub en: String,
}

/// Where a construct sits in the theories the instrument operationalises.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Emerson, Nabatchi & Balogh (2012) component.
    #[serde(default)]
    pub enb: Option<EnbComponent>,
    /// Provan & Kenis (2008) contingency or governance form.
    #[serde(default)]
    pub pk: Option<PkContingency>,
    /// Klijn & Koppenjan: process or structure variable.
    #[serde(default)]
    pub kk: Option<KkVariable>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnbComponent {
    PrincipledEngagement,
    SharedMotivation,
    CapacityForJointAction,
    SystemContext,
    Outcomes,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PkContingency {
    /// Higher = more, more widely shared trust.
    Trust,
    /// Higher = a more manageable number of participants (fewer).
    Participants,
    /// Higher = more agreement on the network's goals.
    GoalConsensus,
    /// Higher = more need for network-level competencies.
    Competencies,
    GovernanceForm,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KkVariable {
    Process,
    Structure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Construct {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub definition: Option<Text>,
    #[serde(default)]
    pub framework: Framework,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub min_valid_items: Option<usize>,
    /// Items straight under the construct, for constructs without named dimensions.
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// Ids this construct had in earlier versions of the instrument.
    #[serde(default)]
    pub renamed_from: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub source: Option<String>,
    pub items: Vec<Item>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub nl: String,
    pub en: String,
    pub scale: String,
    /// Scored as (min + max − code), so that higher always means better.
    #[serde(default)]
    pub reverse: bool,
    #[serde(default)]
    pub source: Option<String>,
    /// Ids this item had in earlier versions of the instrument.
    #[serde(default)]
    pub renamed_from: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationalMeasure {
    Intensity,
    Trust,
    Value,
    Other,
}

/// One or more questions asked about each partner; a column per (question, partner).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelationalBlock {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub source: Option<String>,
    /// The respondent attribute whose values the partners are, so that who rates whom can be
    /// crossed: the actor type when not given. Partners that are the organisation attribute's
    /// named organisations make an organisation network.
    #[serde(default)]
    pub partner_attribute: Option<String>,
    pub partners: Vec<Category>,
    pub questions: Vec<RelationalQuestion>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelationalQuestion {
    pub id: String,
    pub measure: RelationalMeasure,
    /// Question text; `{partner}` is replaced by the partner's label.
    pub nl: String,
    pub en: String,
    pub scale: String,
    #[serde(default)]
    pub source: Option<String>,
    /// The codes of the block's partners this question is asked about; all when not given
    /// (a case-level question does not apply to a partner that works on no cases).
    #[serde(default)]
    pub partners: Option<Vec<String>>,
    #[serde(default)]
    pub note: Option<String>,
}

impl RelationalQuestion {
    /// The response column of this question about one partner.
    pub fn column(&self, partner: &str) -> String {
        format!("{}_{partner}", self.id)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpenQuestion {
    pub id: String,
    pub nl: String,
    pub en: String,
    /// The item this comment belongs to ("Toelichting"), if any.
    #[serde(default)]
    pub about: Option<String>,
    /// The answers name problems or what should improve: the summary may quote them beside a
    /// part that scores low or declines.
    #[serde(default)]
    pub concerns: bool,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Traffic light for construct means on one scale: red below `amber`, green from `green`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub scale: String,
    pub amber: f64,
    pub green: f64,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}
