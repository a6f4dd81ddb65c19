//! The report's network and governance sections: numbers formatted, sentences written and
//! charts drawn from `Results.network` and `Results.governance`.

use serde_json::{Value, json};

use super::Images;
use super::format::{number, opt, p_value};
use super::network_charts::{self as charts, form_name, level_name};
use crate::analyse::{Form, GovernanceFit, PartnerBlock, Results};
use crate::instrument::{Lang, PkContingency, pick};

/// How many organisations the bridging table lists.
const TOP_ORGANISATIONS: usize = 8;

pub(super) fn network(results: &Results, images: &mut Images) -> anyhow::Result<Vec<Value>> {
    let Some(net) = &results.network else {
        return Ok(vec![]);
    };
    let lang = results.lang;
    let mut out = Vec::new();
    for block in &net.blocks {
        let mut heatmaps = Vec::new();
        let mut gaps = Vec::new();
        for q in &block.questions {
            let name = format!("partners-{}-{}.png", block.id, q.id);
            if !block.matrix.is_empty() {
                let image = images.make(&name, |p| charts::partner_heatmap(p, block, q, lang))?;
                heatmaps.push(json!({ "label": q.label, "image": image }));
            }
            let name = format!("verschillen-{}-{}.png", block.id, q.id);
            let image = images.make(&name, |p| charts::gaps(p, block, q, lang))?;
            let rows = gap_rows(block, &q.id, lang);
            if !rows.is_empty() {
                gaps.push(json!({ "label": q.label, "image": image, "rows": rows }));
            }
        }
        let graph = match &block.graph {
            Some(g) => {
                let max = block
                    .questions
                    .iter()
                    .find(|q| q.id == g.question)
                    .map_or(1.0, |q| q.max as f64);
                let groups = graph_groups(results, block);
                let name = format!("netwerk-{}.png", block.id);
                let image = images.make(&name, |p| charts::network(p, g, &groups, max, lang))?;
                let m = &g.measures;
                let mut ranked: Vec<usize> = (0..g.organisations.len()).collect();
                ranked.sort_by(|&a, &b| {
                    let (x, y) = (&m.per_node[a], &m.per_node[b]);
                    y.betweenness
                        .total_cmp(&x.betweenness)
                        .then(y.degree.cmp(&x.degree))
                });
                let top: Vec<Value> = ranked
                    .iter()
                    .take(TOP_ORGANISATIONS)
                    .map(|&i| {
                        let n = &m.per_node[i];
                        json!({
                            "label": g.organisations[i].label,
                            "degree": n.degree,
                            "strength": number(n.strength, 1, lang),
                            "betweenness": number(n.betweenness, 3, lang),
                        })
                    })
                    .collect();
                Some(json!({
                    "image": image,
                    "organisations": m.nodes,
                    "ties": m.tie_count,
                    "density": number(m.density, 2, lang),
                    "weighted_density": number(m.weighted_density, 2, lang),
                    "centralisation": opt(m.centralisation, 2, lang),
                    "top": top,
                    "unmatched": g.unmatched_respondents,
                }))
            }
            None => None,
        };
        out.push(json!({
            "id": block.id,
            "label": block.label,
            "heatmaps": heatmaps,
            "gaps": gaps,
            "graph": graph,
            "notes": block.notes,
        }));
    }
    Ok(out)
}

/// The organisation graph colours organisations by the actor type of their respondents.
fn graph_groups(results: &Results, block: &PartnerBlock) -> Vec<crate::analyse::Party> {
    if !block.raters.is_empty() {
        return block.raters.clone();
    }
    results
        .respondents
        .by_group
        .iter()
        .map(|g| crate::analyse::Party {
            code: g.group.clone(),
            label: g.label.clone(),
            suppressed: g.suppressed,
        })
        .collect()
}

fn gap_rows(block: &PartnerBlock, question: &str, lang: Lang) -> Vec<Value> {
    let label = |code: &str| block.rater_label(code);
    block
        .gaps
        .iter()
        .filter(|g| g.question == question && !g.suppressed)
        .map(|g| {
            let mean = |d: &Option<crate::analyse::Descriptives>| {
                opt(d.as_ref().and_then(|d| d.mean), 2, lang)
            };
            let n = |d: &Option<crate::analyse::Descriptives>| d.as_ref().map_or(0, |d| d.n);
            json!({
                "a": label(&g.a),
                "b": label(&g.b),
                "a_about_b": mean(&g.a_about_b),
                "b_about_a": mean(&g.b_about_a),
                "n_a": n(&g.a_about_b),
                "n_b": n(&g.b_about_a),
                "diff": g.test.as_ref().map_or("–".into(), |t| number(t.diff, 2, lang)),
                "g": g.test.as_ref().map_or("–".into(), |t| number(t.hedges_g, 2, lang)),
                "p": g.test.as_ref().and_then(|t| t.p_holm).map_or("–".into(), |p| p_value(p, lang)),
                "asymmetric": g.asymmetric,
            })
        })
        .collect()
}

fn contingency_name(c: PkContingency, lang: Lang) -> &'static str {
    match c {
        PkContingency::Trust => pick(lang, "vertrouwen", "trust"),
        PkContingency::Participants => pick(lang, "aantal deelnemers", "number of participants"),
        PkContingency::GoalConsensus => pick(lang, "doelconsensus", "goal consensus"),
        PkContingency::Competencies => pick(
            lang,
            "behoefte aan netwerksturing",
            "need for network-level competencies",
        ),
        PkContingency::GovernanceForm => pick(lang, "bestuursvorm", "governance form"),
    }
}

/// A form as it reads inside a sentence.
fn form_phrase(f: Form, lang: Lang) -> &'static str {
    match f {
        Form::Shared => pick(lang, "een gedeeld netwerk", "shared governance"),
        Form::Lead => pick(lang, "een leidende organisatie", "a lead organisation"),
        Form::Nao => pick(
            lang,
            "een netwerkorganisatie (NAO)",
            "a network administrative organisation (NAO)",
        ),
    }
}

fn forms_text(forms: &[Form], lang: Lang) -> String {
    let names: Vec<&str> = forms.iter().map(|f| form_phrase(*f, lang)).collect();
    names.join(pick(lang, " of ", " or "))
}

pub(super) fn governance(results: &Results, images: &mut Images) -> anyhow::Result<Value> {
    let Some(fit) = &results.governance else {
        return Ok(Value::Null);
    };
    let lang = results.lang;
    let image = images.make("bestuursvorm-fit.png", |p| charts::governance(p, fit, lang))?;
    let rows: Vec<Value> = fit
        .contingencies
        .iter()
        .map(|c| {
            let basis = if c.basis == "trust_density" {
                fit.trust_density
                    .as_ref()
                    .map_or(String::new(), |d| match lang {
                        Lang::Nl => format!(
                            "vertrouwensdichtheid {}% van {} relaties ≥ {}",
                            number(100.0 * d.share, 0, lang),
                            d.cells,
                            number(d.cut, 1, lang)
                        ),
                        Lang::En => format!(
                            "trust density {}% of {} relations ≥ {}",
                            number(100.0 * d.share, 0, lang),
                            d.cells,
                            number(d.cut, 1, lang)
                        ),
                    })
            } else {
                pick(lang, "schaalgemiddelde", "scale mean").to_string()
            };
            json!({
                "label": c.label,
                "mean": opt(c.mean, 2, lang),
                "level": c.level.map_or("–", |l| level_name(l, lang)),
                "basis": basis,
                "favours": forms_text(&c.favours, lang),
            })
        })
        .collect();
    let forms = [Form::Shared, Form::Lead, Form::Nao].map(|f| form_name(f, lang));
    let by_group: Vec<Value> = fit
        .perceived_by_group
        .iter()
        .map(|g| {
            let top = g.shares.iter().map(|s| s.1).fold(0.0, f64::max);
            json!({
                "label": g.label,
                "n": g.n,
                "shares": g.shares.iter().map(|(_, pct)| json!({
                    "pct": number(*pct, 0, lang),
                    "top": *pct == top && top > 0.0,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({
        "image": image,
        "rows": rows,
        "forms": forms,
        "by_group": by_group,
        "statement": statement(fit, lang),
    }))
}

/// The fit in one or two sentences a council member can read.
fn statement(fit: &GovernanceFit, lang: Lang) -> String {
    if fit.predicted.is_empty() {
        return pick(
            lang,
            "Te weinig gegevens over de omstandigheden om een passende bestuursvorm af te leiden.",
            "Too little data on the conditions to derive a fitting governance form.",
        )
        .into();
    }
    let predicted = forms_text(&fit.predicted, lang);
    let seen = fit.perceived_form.map(|f| form_phrase(f, lang));
    let first = match lang {
        Lang::Nl => format!(
            "De omstandigheden van het netwerk wijzen volgens Provan & Kenis op: {predicted}."
        ),
        Lang::En => format!("Per Provan & Kenis, the network's conditions point to: {predicted}."),
    };
    let second = match (fit.fits, seen) {
        (Some(true), Some(seen)) => match lang {
            Lang::Nl => format!("De meeste respondenten zien het netwerk als {seen}: dat past."),
            Lang::En => format!("Most respondents see the network as {seen}: that fits."),
        },
        (Some(false), Some(seen)) => {
            let drivers: Vec<&str> = fit
                .drivers
                .iter()
                .map(|d| contingency_name(*d, lang))
                .collect();
            match lang {
                Lang::Nl => format!(
                    "De meeste respondenten zien het netwerk als {seen}: dat past niet. Het verschil komt van: {}.",
                    drivers.join(", ")
                ),
                Lang::En => format!(
                    "Most respondents see the network as {seen}: that does not fit. The mismatch comes from: {}.",
                    drivers.join(", ")
                ),
            }
        }
        _ => pick(
            lang,
            "De respondenten zijn het niet eens over de huidige bestuursvorm (geen duidelijke meerderheid).",
            "Respondents do not agree on the current governance form (no clear plurality).",
        )
        .into(),
    };
    format!("{first} {second}")
}
