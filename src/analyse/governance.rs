//! Provan & Kenis (2008) governance fit: the form the four contingencies predict to be
//! effective, set against the form respondents see. verband's own indicator, built on the
//! propositions (their Table 2), not a validated scale.

use crate::instrument::{Instrument, PkContingency, RelationalMeasure};
use crate::results::{
    Basis, Contingency, Form, FormShare, FormVotes, Frequencies, GovernanceFit, GroupForms, Kind,
    Level, Measure, Network, TrustDensity,
};

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

pub(super) fn governance_fit(
    inst: &Instrument,
    measures: &[Measure],
    network: Option<&Network>,
) -> Option<GovernanceFit> {
    let g = inst.governance.as_ref()?;
    let trust_density = network.and_then(|n| trust_density(inst, n));
    let contingencies = contingencies(inst, measures, trust_density.as_ref());
    let forms = Forms([
        (Form::Shared, g.shared),
        (Form::Lead, g.lead),
        (Form::Nao, g.nao),
    ]);
    let votes: Vec<FormVotes> = forms
        .0
        .iter()
        .map(|(f, _)| FormVotes {
            form: *f,
            votes: contingencies
                .iter()
                .filter(|c| c.favours.contains(f))
                .count(),
        })
        .collect();
    let top = votes.iter().map(|v| v.votes).max().unwrap_or(0);
    let predicted: Vec<Form> = votes
        .iter()
        .filter(|v| top > 0 && v.votes == top)
        .map(|v| v.form)
        .collect();
    let item = |id: &str| measures.iter().find(|m| m.kind == Kind::Item && m.id == id);
    let shares = |id: &str| -> Vec<FormShare> {
        item(id)
            .and_then(|m| m.total.frequencies.as_ref())
            .map_or(vec![], |f| forms.shares(f))
    };
    let perceived = shares(&g.perceived);
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
        perceived_by_group: item(&g.perceived).map_or(vec![], |m| by_group(m, &forms)),
        perceived,
        perceived_form,
        preferred: g.preferred.as_deref().map_or(vec![], shares),
        fits,
        drivers,
    })
}

/// Each Provan–Kenis contingency with its level and the forms that level favours.
fn contingencies(
    inst: &Instrument,
    measures: &[Measure],
    trust_density: Option<&TrustDensity>,
) -> Vec<Contingency> {
    let mut out = Vec::new();
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
        let mean = m.and_then(|m| m.total.stats.as_ref()?.mean);
        let by_density = pk == PkContingency::Trust && trust_density.is_some();
        let level = if by_density {
            trust_density.map(|d| d.level)
        } else {
            m.zip(mean)
                .map(|(m, x)| level_on_scale(x, m.scale.min as f64, m.scale.max as f64))
        };
        out.push(Contingency {
            contingency: pk,
            construct: c.id.clone(),
            label: c.label.clone(),
            mean,
            level,
            basis: if by_density {
                Basis::TrustDensity
            } else {
                Basis::Construct
            },
            favours: level.map_or(vec![], |l| favours(pk, l)),
        });
    }
    out
}

/// The three forms and their codes on the governance questions' scale.
struct Forms([(Form, i64); 3]);

impl Forms {
    /// The percent of the valid answers per form.
    fn shares(&self, freq: &Frequencies) -> Vec<FormShare> {
        self.0
            .iter()
            .map(|(f, code)| FormShare {
                form: *f,
                percent: freq
                    .counts
                    .iter()
                    .find(|c| c.code == *code)
                    .map_or(0.0, |c| c.percent),
            })
            .collect()
    }
}

/// The perceived form per group, as the item's frequencies show them: withheld for small
/// groups, left out for groups without an answer.
fn by_group(item: &Measure, forms: &Forms) -> Vec<GroupForms> {
    item.groups
        .iter()
        .filter_map(|gs| {
            let freq = gs.summary.shown()?.frequencies.as_ref()?;
            Some(GroupForms {
                group: gs.group.clone(),
                label: gs.label.clone(),
                n: freq.counts.iter().map(|c| c.n).sum(),
                shares: forms.shares(freq),
            })
        })
        .filter(|g| g.n > 0)
        .collect()
}

/// The form with the largest share, if one form has it alone.
fn modal(shares: &[FormShare]) -> Option<Form> {
    let top = shares.iter().map(|s| s.percent).fold(0.0, f64::max);
    let at_top: Vec<Form> = shares
        .iter()
        .filter(|s| s.percent == top)
        .map(|s| s.form)
        .collect();
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
            .filter_map(|c| c.stats.shown()?.mean)
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
