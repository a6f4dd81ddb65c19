//! The report's network and governance sections: numbers formatted, sentences worded and
//! charts drawn from `Results.network` and `Results.governance`.

use serde::Serialize;

use super::format::{number, opt, p_value};
use super::{Image, Images, charts};
use crate::error::Result;
use crate::i18n::{fill, phrase, t};
use crate::lang::Lang;
use crate::results::{
    Basis, Direction, Form, GovernanceFit, OrganisationGraph, PartnerBlock, Party, Results,
};

/// How many organisations the bridging table lists.
const TOP_ORGANISATIONS: usize = 8;

#[derive(Serialize)]
pub(super) struct BlockView {
    id: String,
    label: String,
    heatmaps: Vec<Labelled>,
    gaps: Vec<GapsView>,
    graph: Option<GraphView>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct Labelled {
    label: String,
    image: Option<Image>,
    /// The answers the cells' means stand between: "0 op de hoogte zijn/houden · 1 informeren".
    scale: String,
}

#[derive(Serialize)]
struct GapsView {
    label: String,
    image: Option<Image>,
    rows: Vec<GapRow>,
}

#[derive(Serialize)]
struct GapRow {
    a: String,
    b: String,
    a_about_b: String,
    b_about_a: String,
    n_a: usize,
    n_b: usize,
    diff: String,
    g: String,
    p: String,
    asymmetric: bool,
}

#[derive(Serialize)]
struct GraphView {
    image: Option<Image>,
    organisations: usize,
    ties: usize,
    density: String,
    weighted_density: String,
    centralisation: String,
    top: Vec<NodeRow>,
    unmatched: usize,
}

#[derive(Serialize)]
struct NodeRow {
    label: String,
    degree: usize,
    strength: String,
    betweenness: String,
}

pub(super) fn network(results: &Results, lang: Lang, images: &Images) -> Result<Vec<BlockView>> {
    let Some(net) = &results.network else {
        return Ok(vec![]);
    };
    let mut out = Vec::new();
    for block in &net.blocks {
        let mut heatmaps = Vec::new();
        let mut gaps = Vec::new();
        for q in &block.questions {
            let label = q.label.get(lang).to_string();
            if !block.matrix.is_empty() {
                let name = format!("partners-{}-{}.png", block.id, q.id);
                let image = images.add(&name, charts::partner_heatmap(block, q, lang)?)?;
                heatmaps.push(Labelled {
                    label: label.clone(),
                    image,
                    scale: q
                        .points
                        .iter()
                        .map(|p| format!("{} {}", p.code, p.label.get(lang)))
                        .collect::<Vec<_>>()
                        .join(" · "),
                });
            }
            let name = format!("gaps-{}-{}.png", block.id, q.id);
            let image = images.add(&name, charts::gaps(block, q, lang)?)?;
            let rows = gap_rows(block, &q.id, lang);
            if !rows.is_empty() {
                gaps.push(GapsView { label, image, rows });
            }
        }
        let graph = match &block.graph {
            Some(g) => Some(graph_view(results, block, g, lang, images)?),
            None => None,
        };
        out.push(BlockView {
            id: block.id.clone(),
            label: block.label.get(lang).to_string(),
            heatmaps,
            gaps,
            graph,
            notes: block
                .notes
                .iter()
                .map(|n| phrase("note", n, lang))
                .collect(),
        });
    }
    Ok(out)
}

fn graph_view(
    results: &Results,
    block: &PartnerBlock,
    g: &OrganisationGraph,
    lang: Lang,
    images: &Images,
) -> Result<GraphView> {
    let max = block
        .questions
        .iter()
        .find(|q| q.id == g.question)
        .map_or(1.0, |q| q.max as f64);
    let groups = graph_groups(results, block);
    let name = format!("network-{}.png", block.id);
    let image = images.add(&name, charts::network(g, &groups, max, lang)?)?;
    let m = &g.measures;
    let mut ranked: Vec<usize> = (0..g.organisations.len()).collect();
    ranked.sort_by(|&a, &b| {
        let (x, y) = (&m.per_node[a], &m.per_node[b]);
        y.betweenness
            .total_cmp(&x.betweenness)
            .then(y.degree.cmp(&x.degree))
    });
    let top = ranked
        .iter()
        .take(TOP_ORGANISATIONS)
        .map(|&i| {
            let n = &m.per_node[i];
            NodeRow {
                label: g.organisations[i].label.get(lang).to_string(),
                degree: n.degree,
                strength: number(n.strength, 1, lang),
                betweenness: number(n.betweenness, 3, lang),
            }
        })
        .collect();
    Ok(GraphView {
        image,
        organisations: m.nodes,
        ties: m.tie_count,
        density: number(m.density, 2, lang),
        weighted_density: number(m.weighted_density, 2, lang),
        centralisation: opt(m.centralisation, 2, lang),
        top,
        unmatched: g.unmatched_respondents,
    })
}

/// The organisation graph colours organisations by the actor type of their respondents.
fn graph_groups(results: &Results, block: &PartnerBlock) -> Vec<Party> {
    if !block.raters.is_empty() {
        return block.raters.clone();
    }
    results
        .respondents
        .groups
        .iter()
        .map(|g| Party {
            code: g.group.clone(),
            label: g.label.clone(),
            suppressed: g.n.is_suppressed(),
        })
        .collect()
}

fn gap_rows(block: &PartnerBlock, question: &str, lang: Lang) -> Vec<GapRow> {
    let label = |code: &str| block.rater_label(code).get(lang).to_string();
    block
        .gaps
        .iter()
        .filter(|g| g.question == question)
        .filter_map(|g| {
            let r = g.result.shown()?;
            let test = r.comparison.run();
            Some(GapRow {
                a: label(&g.a),
                b: label(&g.b),
                a_about_b: opt(r.a_about_b.mean, 2, lang),
                b_about_a: opt(r.b_about_a.mean, 2, lang),
                n_a: r.a_about_b.n,
                n_b: r.b_about_a.n,
                diff: test.map_or("–".into(), |x| number(x.test.diff, 2, lang)),
                g: test.map_or("–".into(), |x| number(x.test.hedges_g, 2, lang)),
                p: test.map_or("–".into(), |x| p_value(x.p_holm, lang)),
                asymmetric: test.is_some_and(|x| x.direction != Direction::Same),
            })
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct GovernanceView {
    image: Option<Image>,
    rows: Vec<ContingencyRow>,
    forms: Vec<String>,
    by_group: Vec<GroupFormsRow>,
    statement: String,
}

#[derive(Serialize)]
struct ContingencyRow {
    label: String,
    mean: String,
    level: String,
    basis: String,
    favours: String,
}

#[derive(Serialize)]
struct GroupFormsRow {
    label: String,
    n: usize,
    shares: Vec<ShareCell>,
}

#[derive(Serialize)]
struct ShareCell {
    pct: String,
    top: bool,
}

pub(super) fn forms_text(forms: &[Form], lang: Lang) -> String {
    let names: Vec<String> = forms
        .iter()
        .map(|f| phrase("form_phrase", f, lang))
        .collect();
    names.join(t("governance.or", lang))
}

pub(super) fn governance(
    results: &Results,
    lang: Lang,
    images: &Images,
) -> Result<Option<GovernanceView>> {
    let Some(fit) = &results.governance else {
        return Ok(None);
    };
    let image = images.add("governance-fit.png", charts::governance(fit, lang)?)?;
    let rows = fit
        .contingencies
        .iter()
        .map(|c| ContingencyRow {
            label: c.label.get(lang).to_string(),
            mean: opt(c.mean, 2, lang),
            level: c.level.map_or("–".into(), |l| phrase("level", &l, lang)),
            basis: match (c.basis, &fit.trust_density) {
                (Basis::TrustDensity, Some(d)) => fill(
                    "governance.trust_density",
                    lang,
                    &[
                        ("share", number(100.0 * d.share, 0, lang)),
                        ("cells", d.cells.to_string()),
                        ("cut", number(d.cut, 1, lang)),
                    ],
                ),
                (Basis::TrustDensity, None) => String::new(),
                (Basis::Construct, _) => t("governance.scale_mean", lang).to_string(),
            },
            favours: forms_text(&c.favours, lang),
        })
        .collect();
    let by_group = fit
        .perceived_by_group
        .iter()
        .map(|g| {
            let top = g.shares.iter().map(|s| s.percent).fold(0.0, f64::max);
            GroupFormsRow {
                label: g.label.get(lang).to_string(),
                n: g.n,
                shares: g
                    .shares
                    .iter()
                    .map(|s| ShareCell {
                        pct: number(s.percent, 0, lang),
                        top: s.percent == top && top > 0.0,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Some(GovernanceView {
        image,
        rows,
        forms: [Form::Shared, Form::Lead, Form::Nao]
            .iter()
            .map(|f| phrase("form", f, lang))
            .collect(),
        by_group,
        statement: statement(fit, lang),
    }))
}

/// The fit in one or two sentences a council member can read.
pub(super) fn statement(fit: &GovernanceFit, lang: Lang) -> String {
    if fit.predicted.is_empty() {
        return t("governance.too_little", lang).to_string();
    }
    let first = fill(
        "governance.points_to",
        lang,
        &[("forms", forms_text(&fit.predicted, lang))],
    );
    let seen = fit.perceived_form.map(|f| phrase("form_phrase", &f, lang));
    let second = match (fit.fits, seen) {
        (Some(true), Some(seen)) => fill("governance.fits", lang, &[("seen", seen)]),
        (Some(false), Some(seen)) => {
            let drivers: Vec<String> = fit
                .drivers
                .iter()
                .map(|d| phrase("contingency", d, lang))
                .collect();
            fill(
                "governance.does_not_fit",
                lang,
                &[("seen", seen), ("drivers", drivers.join(", "))],
            )
        }
        _ => t("governance.no_plurality", lang).to_string(),
    };
    format!("{first} {second}")
}
