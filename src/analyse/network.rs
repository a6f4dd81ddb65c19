//! The relational blocks: who rates whom. A matrix of rater group × partner, the perception
//! gaps between each pair of groups, and, where the partners are named organisations, the
//! organisation network.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;
use verband_stats::{Tie, describe, graph_measures, welch_t};

use super::GroupRows;
use super::disclosure::Disclosure;
use super::family;
use crate::error::Result;
use crate::ingest;
use crate::instrument::{
    Attribute, AttributeRole, Category, Instrument, RelationalBlock, RelationalMeasure,
    RelationalQuestion, Text,
};
use crate::results::{
    Cell, Gap, GapResult, GraphTie, Network, Note, Organisation, OrganisationGraph, PartnerBlock,
    Party, QuestionInfo, Shown,
};

/// Every relational block of the instrument; `None` when it has none.
pub(super) fn network(
    inst: &Instrument,
    data: &DataFrame,
    disclosure: Disclosure,
) -> Result<Option<Network>> {
    if inst.relational.is_empty() {
        return Ok(None);
    }
    let blocks = inst
        .relational
        .iter()
        .map(|block| partner_block(inst, data, disclosure, block))
        .collect::<Result<_>>()?;
    Ok(Some(Network { blocks }))
}

fn category_text(c: &Category) -> Text {
    Text {
        nl: c.nl.clone(),
        en: c.en.clone(),
    }
}

fn partner_block(
    inst: &Instrument,
    data: &DataFrame,
    disclosure: Disclosure,
    block: &RelationalBlock,
) -> Result<PartnerBlock> {
    let mut out = PartnerBlock {
        id: block.id.clone(),
        label: block.label.clone(),
        questions: block
            .questions
            .iter()
            .filter_map(|q| {
                let s = inst.scale(&q.scale)?;
                Some(QuestionInfo {
                    id: q.id.clone(),
                    measure: q.measure,
                    scale: s.id.clone(),
                    label: s.label.clone(),
                    min: s.min(),
                    max: s.max(),
                    points: super::measures::scale_info(s).points,
                })
            })
            .collect(),
        raters: vec![],
        partners: block
            .partners
            .iter()
            .map(|p| Party {
                code: p.code.clone(),
                label: category_text(p),
                suppressed: false,
            })
            .collect(),
        matrix: vec![],
        gaps: vec![],
        graph: None,
        notes: vec![],
    };
    let attribute = match &block.partner_attribute {
        Some(id) => inst.attribute(id),
        None => inst.grouping(),
    };
    match attribute {
        None => {}
        Some(a) if a.role == AttributeRole::Organisation => {
            out.graph = organisation_graph(inst, data, block, &a.id, disclosure)?;
            if out.graph.is_none() {
                out.notes.push(Note::NoIntensityQuestion);
            }
        }
        Some(a) => rater_matrix(data, disclosure, block, a, &mut out)?,
    }
    Ok(out)
}

/// Who rates whom: a cell per question, rater group and partner, and the gaps between pairs.
fn rater_matrix(
    data: &DataFrame,
    disclosure: Disclosure,
    block: &RelationalBlock,
    attribute: &Attribute,
    out: &mut PartnerBlock,
) -> Result<()> {
    let sizes: HashMap<String, usize> = ingest::value_counts(data, &attribute.id)?
        .into_iter()
        .collect();
    let rules = Rules { sizes, disclosure };
    out.raters = attribute
        .values
        .iter()
        .map(|v| Party {
            code: v.code.clone(),
            label: category_text(v),
            suppressed: !rules.shown(&v.code),
        })
        .collect();
    let raters: Vec<&str> = attribute.values.iter().map(|v| v.code.as_str()).collect();
    let by_rater = GroupRows::new(data, &attribute.id)?;
    for q in &block.questions {
        let mut ratings = Ratings::default();
        for p in block.partners_of(q) {
            let column = q.column(&p.code);
            let by_rater = by_rater.values(col(column.as_str()))?;
            ratings.0.insert(p.code.clone(), by_rater);
        }
        for r in &raters {
            for p in block.partners_of(q) {
                let v = ratings.get(r, &p.code);
                out.matrix.push(Cell {
                    question: q.id.clone(),
                    rater: r.to_string(),
                    partner: p.code.clone(),
                    stats: Shown::when(rules.visible(v, r), || describe(v, 0.0)),
                });
            }
        }
        out.gaps.extend(gaps(q, &raters, block, &ratings, &rules));
    }
    Ok(())
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

/// A rater group is shown from the minimum size up, and so is each of its cells.
struct Rules {
    sizes: HashMap<String, usize>,
    disclosure: Disclosure,
}

impl Rules {
    fn shown(&self, group: &str) -> bool {
        self.disclosure
            .shows(self.sizes.get(group).copied().unwrap_or(0))
    }

    fn visible(&self, answers: &[f64], rater: &str) -> bool {
        self.shown(rater) && self.disclosure.shows(answers.len())
    }
}

/// Every pair of rater groups that are also partners of the question: a's view of b against
/// b's view of a, Holm over the pairs of the question.
fn gaps(
    q: &RelationalQuestion,
    raters: &[&str],
    block: &RelationalBlock,
    ratings: &Ratings,
    rules: &Rules,
) -> Vec<Gap> {
    let both: Vec<&str> = raters
        .iter()
        .copied()
        .filter(|r| block.partners_of(q).any(|p| p.code == *r))
        .collect();
    let mut pairs = Vec::new();
    for (i, a) in both.iter().enumerate() {
        for b in &both[i + 1..] {
            let (ab, ba) = (ratings.get(a, b), ratings.get(b, a));
            let visible = rules.visible(ab, a) && rules.visible(ba, b);
            pairs.push((*a, *b, ab, ba, visible));
        }
    }
    let tests = pairs
        .iter()
        .filter(|p| p.4)
        .map(|(_, _, ab, ba, _)| welch_t(ab, ba))
        .collect();
    let mut compared = family::compare_family(tests).into_iter();
    pairs
        .into_iter()
        .map(|(a, b, ab, ba, visible)| Gap {
            question: q.id.clone(),
            a: a.to_string(),
            b: b.to_string(),
            result: Shown::when(visible, || GapResult {
                a_about_b: describe(ab, 0.0),
                b_about_a: describe(ba, 0.0),
                comparison: compared.next().expect("one comparison per shown pair"),
            }),
        })
        .collect()
}

/// Named organisations as nodes; a tie where anyone from one organisation placed the other on
/// the intensity scale ("no contact" is a missing code, so every step counts as contact).
fn organisation_graph(
    inst: &Instrument,
    data: &DataFrame,
    block: &RelationalBlock,
    organisation: &str,
    disclosure: Disclosure,
) -> Result<Option<OrganisationGraph>> {
    let Some(q) = block
        .questions
        .iter()
        .find(|q| q.measure == RelationalMeasure::Intensity)
    else {
        return Ok(None);
    };
    let max = inst.scale(&q.scale).map_or(1, |s| s.max()) as f64;
    let key = |s: &str| s.trim().to_lowercase();
    let index: HashMap<String, usize> = block
        .partners
        .iter()
        .enumerate()
        .flat_map(|(i, p)| [(key(&p.code), i), (key(&p.nl), i), (key(&p.en), i)])
        .collect();
    let node = |name: &str| index.get(&key(name)).copied();
    let ties = ties(data, block, q, organisation, &node)?;
    // A tie's weight is published only from enough answers (it would be one person's answer
    // otherwise); strength and weighted density count those weights alone.
    let weighed = |answers: usize| disclosure.shows(answers);
    let edges = |all: bool| -> Vec<Tie> {
        ties.iter()
            .filter(|t| all || weighed(t.2))
            .map(|&((a, b), weight, _)| Tie { a, b, weight })
            .collect()
    };
    let mut measures = graph_measures(block.partners.len(), &edges(true), max);
    let weighted = graph_measures(block.partners.len(), &edges(false), max);
    measures.weighted_density = weighted.weighted_density;
    for (node, w) in measures.per_node.iter_mut().zip(weighted.per_node) {
        node.strength = w.strength;
    }
    let (groups, unmatched) = organisation_groups(inst, data, organisation, &node)?;
    let organisations = block
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| Organisation {
            code: p.code.clone(),
            label: category_text(p),
            group: groups.get(&i).cloned(),
        })
        .collect();
    Ok(Some(OrganisationGraph {
        question: q.id.clone(),
        organisations,
        ties: ties
            .into_iter()
            .map(|((a, b), weight, answers)| GraphTie {
                a,
                b,
                weight: Shown::when(weighed(answers), || weight),
                answers,
            })
            .collect(),
        measures,
        unmatched_respondents: unmatched,
    }))
}

/// Per unordered pair of organisations (in order): the mean answer from either side about the
/// other, and how many answers it rests on.
type WeighedTie = ((usize, usize), f64, usize);

fn ties(
    data: &DataFrame,
    block: &RelationalBlock,
    q: &RelationalQuestion,
    organisation: &str,
    node: &dyn Fn(&str) -> Option<usize>,
) -> Result<Vec<WeighedTie>> {
    // Sum and count of answers per unordered pair.
    let mut pairs: HashMap<(usize, usize), (f64, usize)> = HashMap::new();
    let by_organisation = GroupRows::new(data, organisation)?;
    for (j, p) in block.partners.iter().enumerate() {
        if !block.partners_of(q).any(|x| x.code == p.code) {
            continue;
        }
        let column = q.column(&p.code);
        for (org, values) in by_organisation.values(col(column.as_str()))? {
            let Some(i) = node(&org).filter(|&i| i != j) else {
                continue;
            };
            let e = pairs.entry((i.min(j), i.max(j))).or_default();
            e.0 += values.iter().sum::<f64>();
            e.1 += values.len();
        }
    }
    let mut ties: Vec<WeighedTie> = pairs
        .into_iter()
        .map(|(pair, (sum, n))| (pair, sum / n as f64, n))
        .collect();
    ties.sort_by_key(|t| t.0);
    Ok(ties)
}

/// The modal actor type of each organisation's respondents, and how many respondents named an
/// organisation that is not in the block.
fn organisation_groups(
    inst: &Instrument,
    data: &DataFrame,
    organisation: &str,
    node: &dyn Fn(&str) -> Option<usize>,
) -> Result<(HashMap<usize, String>, usize)> {
    let Some(by) = inst.grouping() else {
        return Ok((HashMap::new(), 0));
    };
    let counts = data
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
