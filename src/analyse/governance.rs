//! Provan & Kenis (2008) governance fit: the form the four contingencies predict to be
//! effective, set against the form respondents see. verband's own indicator, built on the
//! propositions (their Table 2), not a validated scale.

use serde::Serialize;

use super::network::Network;
use super::results::{Frequencies, Kind, Measure};
use crate::instrument::{Instrument, PkContingency, RelationalMeasure};

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Shared,
    Lead,
    Nao,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Moderate,
    High,
}

#[derive(Debug, Clone, Serialize)]
pub struct GovernanceFit {
    pub contingencies: Vec<Contingency>,
    /// Share of shown rater × partner cells whose mean trust reaches the trust scale's green
    /// threshold (its midpoint when it has none).
    pub trust_density: Option<TrustDensity>,
    /// Votes per form: each contingency votes for the form(s) its level favours.
    pub votes: Vec<(Form, usize)>,
    /// The form(s) with the most votes.
    pub predicted: Vec<Form>,
    /// Answer shares of the perceived-form question over all shown respondents.
    pub perceived: Vec<(Form, f64)>,
    /// The form most respondents see; none on a tie or without answers.
    pub perceived_form: Option<Form>,
    /// The perceived form per shown group.
    pub perceived_by_group: Vec<GroupForms>,
    pub preferred: Vec<(Form, f64)>,
    /// Whether the perceived form is among the predicted; none when either is unknown.
    pub fits: Option<bool>,
    /// Contingencies that do not favour the perceived form.
    pub drivers: Vec<PkContingency>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contingency {
    pub contingency: PkContingency,
    pub construct: String,
    pub label: String,
    pub mean: Option<f64>,
    pub level: Option<Level>,
    /// Where the level comes from: "construct", or "trust_density" for trust when the
    /// relational block measures it.
    pub basis: &'static str,
    pub favours: Vec<Form>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupForms {
    pub group: String,
    pub label: String,
    /// Answers naming one of the forms (not "don't know").
    pub n: usize,
    /// Percent of the group's valid answers per form.
    pub shares: Vec<(Form, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrustDensity {
    pub share: f64,
    pub cells: usize,
    pub cut: f64,
    pub level: Level,
}

/// Provan & Kenis's Table 2, per contingency and level, in the orientation of
/// `PkContingency` (participants: higher = fewer).
fn favours(c: PkContingency, level: Level) -> Vec<Form> {
    use Form::*;
    use Level::*;
    match (c, level) {
        (PkContingency::Trust, High) => vec![Shared],
        (PkContingency::Trust, Moderate) => vec![Nao],
        (PkContingency::Trust, Low) => vec![Lead],
        (PkContingency::Participants, High) => vec![Shared],
        (PkContingency::Participants, Moderate) => vec![Lead, Nao],
        (PkContingency::Participants, Low) => vec![Nao],
        (PkContingency::GoalConsensus, High) => vec![Shared],
        (PkContingency::GoalConsensus, Moderate) => vec![Nao],
        (PkContingency::GoalConsensus, Low) => vec![Lead],
        (PkContingency::Competencies, Low) => vec![Shared],
        (PkContingency::Competencies, Moderate) => vec![Lead],
        (PkContingency::Competencies, High) => vec![Nao],
        (PkContingency::GovernanceForm, _) => vec![],
    }
}

/// Thirds of the scale: low in the bottom third, high in the top third.
fn level_on_scale(mean: f64, min: f64, max: f64) -> Level {
    let third = (max - min) / 3.0;
    if mean < min + third {
        Level::Low
    } else if mean > max - third {
        Level::High
    } else {
        Level::Moderate
    }
}

fn level_of_share(share: f64) -> Level {
    level_on_scale(share, 0.0, 1.0)
}

pub fn governance_fit(
    inst: &Instrument,
    measures: &[Measure],
    network: Option<&Network>,
) -> Option<GovernanceFit> {
    let g = inst.governance.as_ref()?;
    let trust_density = network.and_then(|n| trust_density(inst, n));
    let mut contingencies = Vec::new();
    for c in &inst.constructs {
        let Some(pk) = c
            .framework
            .pk
            .filter(|p| *p != PkContingency::GovernanceForm)
        else {
            continue;
        };
        let m = measures
            .iter()
            .find(|m| m.kind == Kind::Construct && m.id == c.id);
        let mean = m.and_then(|m| m.overall.stats.mean);
        let by_density = pk == PkContingency::Trust && trust_density.is_some();
        let level = if by_density {
            trust_density.as_ref().map(|d| d.level)
        } else {
            m.zip(mean)
                .map(|(m, x)| level_on_scale(x, m.scale.min as f64, m.scale.max as f64))
        };
        contingencies.push(Contingency {
            contingency: pk,
            construct: c.id.clone(),
            label: m.map_or(c.id.clone(), |m| m.label.clone()),
            mean,
            level,
            basis: if by_density {
                "trust_density"
            } else {
                "construct"
            },
            favours: level.map_or(vec![], |l| favours(pk, l)),
        });
    }
    let forms = [
        (Form::Shared, g.shared),
        (Form::Lead, g.lead),
        (Form::Nao, g.nao),
    ];
    let votes: Vec<(Form, usize)> = forms
        .iter()
        .map(|(f, _)| {
            let n = contingencies
                .iter()
                .filter(|c| c.favours.contains(f))
                .count();
            (*f, n)
        })
        .collect();
    let top = votes.iter().map(|v| v.1).max().unwrap_or(0);
    let predicted: Vec<Form> = if top == 0 {
        vec![]
    } else {
        votes.iter().filter(|v| v.1 == top).map(|v| v.0).collect()
    };
    let form_shares = |freq: &Frequencies| -> Vec<(Form, f64)> {
        forms
            .iter()
            .map(|(f, code)| {
                let pct = freq
                    .counts
                    .iter()
                    .find(|c| c.code == *code)
                    .map_or(0.0, |c| c.percent);
                (*f, pct)
            })
            .collect()
    };
    let item = |id: &str| measures.iter().find(|m| m.kind == Kind::Item && m.id == id);
    let shares = |id: &str| -> Vec<(Form, f64)> {
        item(id)
            .and_then(|m| m.overall.frequencies.as_ref())
            .map_or(vec![], form_shares)
    };
    let perceived = shares(&g.perceived);
    let preferred = g.preferred.as_deref().map_or(vec![], shares);
    // Per group, as the item's frequencies show them: withheld for small groups.
    let perceived_by_group = item(&g.perceived).map_or(vec![], |m| {
        m.groups
            .iter()
            .filter(|gs| !gs.suppressed)
            .filter_map(|gs| {
                let freq = gs.frequencies.as_ref()?;
                Some(GroupForms {
                    group: gs.group.clone(),
                    label: gs.label.clone(),
                    n: freq.counts.iter().map(|c| c.n).sum(),
                    shares: form_shares(freq),
                })
            })
            .filter(|g| g.n > 0)
            .collect()
    });
    let perceived_form = modal(&perceived);
    let fits = perceived_form
        .filter(|_| !predicted.is_empty())
        .map(|f| predicted.contains(&f));
    let drivers = match (fits, perceived_form) {
        (Some(false), Some(f)) => contingencies
            .iter()
            .filter(|c| !c.favours.is_empty() && !c.favours.contains(&f))
            .map(|c| c.contingency)
            .collect(),
        _ => vec![],
    };
    Some(GovernanceFit {
        contingencies,
        trust_density,
        votes,
        predicted,
        perceived,
        perceived_form,
        perceived_by_group,
        preferred,
        fits,
        drivers,
    })
}

/// The form with the largest share, if one form has it alone.
fn modal(shares: &[(Form, f64)]) -> Option<Form> {
    let top = shares.iter().map(|s| s.1).fold(0.0, f64::max);
    let at_top: Vec<Form> = shares.iter().filter(|s| s.1 == top).map(|s| s.0).collect();
    (top > 0.0 && at_top.len() == 1).then(|| at_top[0])
}

/// Provan & Kenis speak of trust *density*: how many of the relations carry trust. Here: the
/// shown cells of a relational trust question whose mean reaches the cut.
fn trust_density(inst: &Instrument, network: &Network) -> Option<TrustDensity> {
    for block in &network.blocks {
        let Some(q) = block
            .questions
            .iter()
            .find(|q| q.measure == RelationalMeasure::Trust)
        else {
            continue;
        };
        let cut = inst
            .threshold(&q.scale)
            .map_or((q.min + q.max) as f64 / 2.0, |t| t.green);
        let means: Vec<f64> = block
            .matrix
            .iter()
            .filter(|c| c.question == q.id)
            .filter_map(|c| c.stats.as_ref().and_then(|s| s.mean))
            .collect();
        if means.is_empty() {
            continue;
        }
        let share = means.iter().filter(|&&m| m >= cut).count() as f64 / means.len() as f64;
        return Some(TrustDensity {
            share,
            cells: means.len(),
            cut,
            level: level_of_share(share),
        });
    }
    None
}
