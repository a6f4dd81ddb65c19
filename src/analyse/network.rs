//! The relational blocks: who rates whom. A matrix of rater group × partner, the perception
//! gaps between each pair of groups, and, where the partners are named organisations, the
//! organisation network.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;
use serde::Serialize;

use super::graph::{GraphMeasures, Tie, graph_measures};
use super::oneway::{Descriptives, describe};
use super::twosample::{TTest, welch_t};
use super::{GroupName, adjust, posthoc::Adjust, values_by_group};
use crate::instrument::{
    AttributeRole, Instrument, Lang, RelationalBlock, RelationalMeasure, RelationalQuestion, pick,
};

/// Holm-adjusted p below which a pair's two sides are called asymmetric.
const ALPHA: f64 = 0.05;

#[derive(Debug, Clone, Serialize)]
pub struct Network {
    pub blocks: Vec<PartnerBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerBlock {
    pub id: String,
    pub label: String,
    pub questions: Vec<QuestionInfo>,
    /// The rows of the matrix: the rater groups, in the attribute's order.
    pub raters: Vec<Party>,
    /// The columns: the partners as the block lists them.
    pub partners: Vec<Party>,
    /// One cell per question, rater and partner; statistics withheld below the minimum.
    pub matrix: Vec<Cell>,
    /// How each pair of groups rates the other, per question.
    pub gaps: Vec<Gap>,
    /// The organisation network, for blocks whose partners are named organisations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph: Option<OrganisationGraph>,
    pub notes: Vec<String>,
}

impl PartnerBlock {
    /// How the report names a rater group; its code when the block does not list it.
    pub fn rater_label(&self, code: &str) -> String {
        self.raters
            .iter()
            .find(|r| r.code == code)
            .map_or(code.to_string(), |r| r.label.clone())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionInfo {
    pub id: String,
    pub measure: RelationalMeasure,
    /// The answer scale's id and label.
    pub scale: String,
    pub label: String,
    pub min: i64,
    pub max: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub code: String,
    pub label: String,
    /// A rater group below the minimum size is not shown at all.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub question: String,
    pub rater: String,
    pub partner: String,
    pub suppressed: bool,
    #[serde(flatten)]
    pub stats: Option<Descriptives>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub question: String,
    pub a: String,
    pub b: String,
    /// How a rates b, and how b rates a.
    pub a_about_b: Option<Descriptives>,
    pub b_about_a: Option<Descriptives>,
    /// Welch's t of a's ratings of b against b's ratings of a, Holm-adjusted over the pairs of
    /// the question.
    pub test: Option<TTest>,
    pub asymmetric: bool,
    pub suppressed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationGraph {
    /// The question whose answers weigh the ties.
    pub question: String,
    pub organisations: Vec<Organisation>,
    pub ties: Vec<GraphTie>,
    #[serde(flatten)]
    pub measures: GraphMeasures,
    /// Respondents whose organisation is not one of the block's partners.
    pub unmatched_respondents: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub code: String,
    pub label: String,
    /// The actor type most of its respondents gave; none when nobody from it answered.
    pub group: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GraphTie {
    pub a: usize,
    pub b: usize,
    /// Mean intensity over every answer about the pair, from either side.
    pub weight: f64,
    pub answers: usize,
}

pub struct Context<'a> {
    pub inst: &'a Instrument,
    pub data: &'a DataFrame,
    pub min_group: usize,
    pub lang: Lang,
}

/// Every relational block of the instrument; `None` when it has none.
pub fn network(cx: &Context) -> anyhow::Result<Option<Network>> {
    if cx.inst.relational.is_empty() {
        return Ok(None);
    }
    let mut blocks = Vec::new();
    for block in &cx.inst.relational {
        blocks.push(partner_block(cx, block)?);
    }
    Ok(Some(Network { blocks }))
}

fn partner_block(cx: &Context, block: &RelationalBlock) -> anyhow::Result<PartnerBlock> {
    let lang = cx.lang;
    let attribute = match &block.partner_attribute {
        Some(id) => cx.inst.attribute(id),
        None => cx.inst.grouping(),
    };
    let questions = block
        .questions
        .iter()
        .filter_map(|q| {
            let s = cx.inst.scale(&q.scale)?;
            Some(QuestionInfo {
                id: q.id.clone(),
                measure: q.measure,
                scale: s.id.clone(),
                label: s.label.get(lang).to_string(),
                min: s.min(),
                max: s.max(),
            })
        })
        .collect();
    let partners: Vec<Party> = block
        .partners
        .iter()
        .map(|p| Party {
            code: p.code.clone(),
            label: pick(lang, &p.nl, &p.en).to_string(),
            suppressed: false,
        })
        .collect();
    let mut out = PartnerBlock {
        id: block.id.clone(),
        label: block.label.get(lang).to_string(),
        questions,
        raters: vec![],
        partners,
        matrix: vec![],
        gaps: vec![],
        graph: None,
        notes: vec![],
    };
    let Some(attribute) = attribute else {
        return Ok(out);
    };
    if attribute.role == AttributeRole::Organisation {
        out.graph = organisation_graph(cx, block, &attribute.id)?;
        if out.graph.is_none() {
            out.notes.push(
                pick(
                    lang,
                    "geen netwerk: het blok vraagt niet naar intensiteit",
                    "no network: the block does not ask for intensity",
                )
                .into(),
            );
        }
        return Ok(out);
    }
    let sizes: HashMap<String, usize> = crate::ingest::value_counts(cx.data, &attribute.id)?
        .into_iter()
        .collect();
    let raters: Vec<GroupName> = attribute
        .values
        .iter()
        .map(|v| GroupName {
            code: v.code.clone(),
            label: pick(lang, &v.nl, &v.en).to_string(),
        })
        .collect();
    let rules = Rules {
        sizes,
        min: cx.min_group.max(1),
    };
    out.raters = raters
        .iter()
        .map(|r| Party {
            code: r.code.clone(),
            label: r.label.clone(),
            suppressed: !rules.shown(&r.code),
        })
        .collect();
    for q in &block.questions {
        let mut ratings = Ratings::default();
        for p in &block.partners {
            let column = format!("{}_{}", q.id, p.code);
            let by_rater = values_by_group(cx.data, &attribute.id, col(column.as_str()))?;
            ratings.0.insert(p.code.clone(), by_rater);
        }
        for r in &raters {
            for p in &block.partners {
                let v = ratings.get(&r.code, &p.code);
                let ok = rules.visible(v, &r.code);
                out.matrix.push(Cell {
                    question: q.id.clone(),
                    rater: r.code.clone(),
                    partner: p.code.clone(),
                    suppressed: !ok,
                    stats: ok.then(|| describe(v, 0.0)),
                });
            }
        }
        out.gaps.extend(gaps(q, &raters, block, &ratings, &rules));
    }
    Ok(out)
}

/// The answers of each rater group about each partner: `[partner][rater]`.
#[derive(Default)]
struct Ratings(HashMap<String, HashMap<String, Vec<f64>>>);

impl Ratings {
    fn get(&self, rater: &str, partner: &str) -> &[f64] {
        self.0
            .get(partner)
            .and_then(|m| m.get(rater))
            .map_or(&[], Vec::as_slice)
    }
}

/// Disclosure control: a rater group and a cell are shown from the minimum size up.
struct Rules {
    sizes: HashMap<String, usize>,
    min: usize,
}

impl Rules {
    fn shown(&self, group: &str) -> bool {
        self.sizes.get(group).copied().unwrap_or(0) >= self.min
    }

    fn visible(&self, answers: &[f64], rater: &str) -> bool {
        self.shown(rater) && answers.len() >= self.min
    }
}

/// Every pair of rater groups that are also partners: a's view of b against b's view of a.
fn gaps(
    q: &RelationalQuestion,
    raters: &[GroupName],
    block: &RelationalBlock,
    ratings: &Ratings,
    rules: &Rules,
) -> Vec<Gap> {
    let both: Vec<&str> = raters
        .iter()
        .map(|r| r.code.as_str())
        .filter(|r| block.partners.iter().any(|p| p.code == *r))
        .collect();
    let mut out = Vec::new();
    for (i, a) in both.iter().enumerate() {
        for b in &both[i + 1..] {
            let (ab, ba) = (ratings.get(a, b), ratings.get(b, a));
            let ok = rules.visible(ab, a) && rules.visible(ba, b);
            out.push(Gap {
                question: q.id.clone(),
                a: a.to_string(),
                b: b.to_string(),
                a_about_b: ok.then(|| describe(ab, 0.0)),
                b_about_a: ok.then(|| describe(ba, 0.0)),
                test: ok.then(|| welch_t(ab, ba).ok()).flatten(),
                asymmetric: false,
                suppressed: !ok,
            });
        }
    }
    let p: Vec<f64> = out
        .iter()
        .filter_map(|g| g.test.as_ref().map(|t| t.p))
        .collect();
    let holm = adjust(&p, Adjust::Holm);
    for (g, h) in out.iter_mut().filter(|g| g.test.is_some()).zip(holm) {
        if let Some(t) = g.test.as_mut() {
            t.p_holm = Some(h);
        }
        g.asymmetric = h < ALPHA;
    }
    out
}

/// Named organisations as nodes; a tie where anyone from one organisation placed the other on
/// the intensity scale ("no contact" is a missing code, so every step counts as contact).
fn organisation_graph(
    cx: &Context,
    block: &RelationalBlock,
    organisation: &str,
) -> anyhow::Result<Option<OrganisationGraph>> {
    let Some(q) = block
        .questions
        .iter()
        .find(|q| q.measure == RelationalMeasure::Intensity)
    else {
        return Ok(None);
    };
    let max = cx.inst.scale(&q.scale).map_or(1, |s| s.max()) as f64;
    let key = |s: &str| s.trim().to_lowercase();
    let index: HashMap<String, usize> = block
        .partners
        .iter()
        .enumerate()
        .flat_map(|(i, p)| [(key(&p.code), i), (key(&p.nl), i), (key(&p.en), i)])
        .collect();
    let node = |name: &str| index.get(&key(name)).copied();
    // Sum and count of answers per unordered pair.
    let mut pairs: HashMap<(usize, usize), (f64, usize)> = HashMap::new();
    for (j, p) in block.partners.iter().enumerate() {
        let column = format!("{}_{}", q.id, p.code);
        for (org, values) in values_by_group(cx.data, organisation, col(column.as_str()))? {
            let Some(i) = node(&org).filter(|&i| i != j) else {
                continue;
            };
            let e = pairs.entry((i.min(j), i.max(j))).or_default();
            e.0 += values.iter().sum::<f64>();
            e.1 += values.len();
        }
    }
    let mut ties: Vec<GraphTie> = pairs
        .into_iter()
        .map(|((a, b), (sum, n))| GraphTie {
            a,
            b,
            weight: sum / n as f64,
            answers: n,
        })
        .collect();
    ties.sort_by_key(|t| (t.a, t.b));
    let edges: Vec<Tie> = ties
        .iter()
        .map(|t| Tie {
            a: t.a,
            b: t.b,
            weight: t.weight,
        })
        .collect();
    let measures = graph_measures(block.partners.len(), &edges, max);
    let (groups, unmatched) = organisation_groups(cx, organisation, &node)?;
    let organisations = block
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| Organisation {
            code: p.code.clone(),
            label: pick(cx.lang, &p.nl, &p.en).to_string(),
            group: groups.get(&i).cloned(),
        })
        .collect();
    Ok(Some(OrganisationGraph {
        question: q.id.clone(),
        organisations,
        ties,
        measures,
        unmatched_respondents: unmatched,
    }))
}

/// The modal actor type of each organisation's respondents, and how many respondents named an
/// organisation that is not in the block.
fn organisation_groups(
    cx: &Context,
    organisation: &str,
    node: &dyn Fn(&str) -> Option<usize>,
) -> anyhow::Result<(HashMap<usize, String>, usize)> {
    let Some(by) = cx.inst.grouping() else {
        return Ok((HashMap::new(), 0));
    };
    let counts = cx
        .data
        .clone()
        .lazy()
        .group_by([
            col(organisation).cast(DataType::String).alias("org"),
            col(by.id.as_str()).cast(DataType::String).alias("g"),
        ])
        .agg([len().alias("n")])
        .sort(["org", "g"], SortMultipleOptions::default())
        .collect()?;
    let (orgs, gs, ns) = (
        counts.column("org")?.str()?,
        counts.column("g")?.str()?,
        counts.column("n")?.u32()?,
    );
    // Counted per organisation, not per spelling: "Gemeente X" and "gemeente x" are one.
    let mut by_type: BTreeMap<(usize, String), u32> = BTreeMap::new();
    let mut unmatched = 0;
    for ((org, g), n) in orgs.iter().zip(gs.iter()).zip(ns.iter()) {
        let n = n.unwrap_or(0);
        // A respondent who named no organisation is not unmatched.
        let Some(org) = org else { continue };
        match node(org) {
            Some(i) => {
                *by_type
                    .entry((i, g.unwrap_or_default().to_string()))
                    .or_default() += n
            }
            None => unmatched += n as usize,
        }
    }
    // The most frequent type; on a tie the first code in byte order (the map's order).
    let mut best: HashMap<usize, (u32, String)> = HashMap::new();
    for ((i, g), n) in by_type {
        let e = best.entry(i).or_insert((0, String::new()));
        if n > e.0 {
            *e = (n, g);
        }
    }
    Ok((
        best.into_iter().map(|(i, (_, g))| (i, g)).collect(),
        unmatched,
    ))
}
