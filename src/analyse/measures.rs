//! Every construct, dimension and item: descriptives per group, the one-way ANOVA family on the
//! groups that are shown, post hoc pairs, frequencies and the traffic light.

use polars::prelude::*;
use verband_stats::{self as stats, Adjust, Center, Groups};

use super::disclosure::Disclosure;
use super::family;
use super::{GroupName, GroupRows, ordered};
use crate::error::Result;
use crate::instrument::{Construct, Instrument, Scale, Text, Threshold};
use crate::results::{
    Adjusted, Count, Coverage, Frequencies, GroupResult, GroupSummary, Kind, Light, Measure, Note,
    PointInfo, Posthoc, Reliability, ScaleInfo, Shown, Tests, Total,
};
use crate::score::Scores;

pub(super) struct Context<'a> {
    pub inst: &'a Instrument,
    pub scores: &'a Scores,
    pub rows: &'a GroupRows<'a>,
    pub names: &'a [GroupName],
    pub disclosure: Disclosure,
}

/// What a measure is, before its numbers.
struct Spec {
    id: String,
    kind: Kind,
    label: Text,
    construct: Option<String>,
    reversed: bool,
    framework: Option<crate::instrument::Framework>,
    scale: ScaleInfo,
    pairwise: bool,
}

/// A measure whose tests have run, waiting for the adjustment over its family.
struct Draft {
    spec: Spec,
    groups: Groups,
    shown: Vec<bool>,
    tests: Option<Tests>,
    notes: Vec<Note>,
    light: Option<Threshold>,
    frequencies: bool,
    reliability: Option<Reliability>,
}

/// The measures of the instrument in questionnaire order, with the constructs' ANOVA p-values
/// adjusted over the constructs.
pub(super) fn measures(cx: &Context, item_posthoc: bool) -> Result<Vec<Measure>> {
    let mut drafts = Vec::new();
    for c in &cx.inst.constructs {
        let Some(scale) = cx.inst.construct_scale(c) else {
            continue;
        };
        construct_drafts(cx, c, scale, item_posthoc, &mut drafts)?;
    }
    let is_family = |d: &Draft| d.spec.kind == Kind::Construct;
    let p: Vec<f64> = drafts
        .iter()
        .filter(|d| is_family(d))
        .filter_map(|d| Some(d.tests.as_ref()?.anova.run()?.p))
        .collect();
    let mut adjusted = family::adjust_family(&p).into_iter();
    Ok(drafts
        .into_iter()
        .map(|d| {
            let ran = d.tests.as_ref().is_some_and(|t| t.anova.run().is_some());
            let adjusted = (is_family(&d) && ran).then(|| adjusted.next()).flatten();
            d.finish(cx, adjusted)
        })
        .collect())
}

fn construct_drafts(
    cx: &Context,
    c: &Construct,
    scale: &Scale,
    item_posthoc: bool,
    out: &mut Vec<Draft>,
) -> Result<()> {
    let info = scale_info(scale);
    // Provan–Kenis contingencies describe the network's situation, not its quality: no light.
    let threshold = cx
        .inst
        .threshold(&scale.id)
        .filter(|_| c.framework.pk.is_none())
        .cloned();
    let framework = Some(c.framework.clone());
    let spec = |id: &str, kind, label: &Text| Spec {
        id: id.to_string(),
        kind,
        label: label.clone(),
        construct: (kind != Kind::Construct).then(|| c.id.clone()),
        reversed: false,
        framework: None,
        scale: info.clone(),
        pairwise: true,
    };
    if scale.is_scored() {
        let mut d = draft(
            cx,
            spec(&c.id, Kind::Construct, &c.label),
            col(c.id.as_str()),
        )?;
        d.spec.framework = framework.clone();
        d.light = threshold;
        d.reliability = cx.scores.reliability.get(&c.id).map(|r| Reliability {
            items: r.items.clone(),
            n: r.n,
            alpha: r.alpha.clone().into(),
        });
        out.push(d);
        if c.scores_dimensions() {
            for dim in &c.dimensions {
                let s = spec(&dim.id, Kind::Dimension, &dim.label);
                out.push(draft(cx, s, col(dim.id.as_str()))?);
            }
        }
    }
    for item in c.all_items() {
        let label = Text {
            nl: item.nl.clone(),
            en: item.en.clone(),
        };
        let mut s = spec(&item.id, Kind::Item, &label);
        s.reversed = item.reverse;
        s.pairwise = item_posthoc;
        if !scale.is_scored() {
            s.framework = framework.clone();
        }
        let mut d = draft(cx, s, col(item.id.as_str()))?;
        d.frequencies = true;
        out.push(d);
    }
    Ok(())
}

/// The groups' values of one column, and the tests on the groups that are shown.
fn draft(cx: &Context, spec: Spec, column: Expr) -> Result<Draft> {
    let groups = ordered(cx.names, cx.rows.values(column)?);
    let shown: Vec<bool> = groups
        .values
        .iter()
        .map(|v| cx.disclosure.shows(v.len()))
        .collect();
    let hidden: Vec<Text> = cx
        .names
        .iter()
        .zip(&groups.values)
        .zip(&shown)
        .filter(|((_, v), shown)| !**shown && !v.is_empty())
        .map(|((n, _), _)| n.label.clone())
        .collect();
    let mut notes = Vec::new();
    let tests = if spec.scale.ordinal {
        if !hidden.is_empty() {
            notes.push(Note::LeftOutOfTests { groups: hidden });
        }
        let tested = Groups {
            names: only(&groups.names, &shown),
            values: only(&groups.values, &shown),
            offset: groups.offset,
        };
        Some(run_tests(&tested, spec.pairwise))
    } else {
        notes.push(Note::NominalFrequenciesOnly);
        None
    };
    Ok(Draft {
        spec,
        groups,
        shown,
        tests,
        notes,
        light: None,
        frequencies: false,
        reliability: None,
    })
}

fn only<T: Clone>(all: &[T], keep: &[bool]) -> Vec<T> {
    all.iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(v, _)| v.clone())
        .collect()
}

/// The whole family on groups that are all shown; the pairwise tests only when asked.
fn run_tests(groups: &Groups, pairwise: bool) -> Tests {
    let posthoc = (pairwise && groups.values.len() >= 2).then(|| {
        let games_howell = stats::games_howell(groups);
        Posthoc {
            bonferroni: stats::bonferroni(groups).into(),
            tukey: stats::tukey(groups).into(),
            differing: games_howell
                .as_ref()
                .map(|p| family::differing(p))
                .unwrap_or_default(),
            games_howell: games_howell.into(),
            dunn_bonferroni: stats::dunn(groups, Adjust::Bonferroni).into(),
            dunn_holm: stats::dunn(groups, Adjust::Holm).into(),
        }
    });
    Tests {
        anova: stats::anova(groups).into(),
        anova_adjusted: None,
        welch: stats::welch(groups).into(),
        brown_forsythe: stats::brown_forsythe(groups).into(),
        levene: stats::levene(groups, Center::Mean).into(),
        levene_median: stats::levene(groups, Center::Median).into(),
        kruskal: stats::kruskal(groups).into(),
        posthoc,
    }
}

impl Draft {
    fn finish(self, cx: &Context, adjusted: Option<Adjusted>) -> Measure {
        let d = cx.disclosure;
        let Draft { spec, groups, .. } = &self;
        let kept = d.kept_in_total(&groups.sizes());
        let total_values: Vec<f64> = only(&groups.values, &kept).concat();
        let ordinal = spec.scale.ordinal;
        let total_stats = ordinal.then(|| stats::describe(&total_values, groups.offset));
        let mean = total_stats.as_ref().and_then(|s| s.mean);
        let missing = cx.scores.data.height() - groups.total();
        let total = Total {
            covers: if kept.contains(&false) {
                Coverage::ShownGroups
            } else {
                Coverage::All
            },
            n: total_values.len(),
            frequencies: self
                .frequencies
                .then(|| frequencies(&total_values, missing, &spec.scale)),
            light: light(mean, self.light.as_ref()),
            stats: total_stats,
        };
        let group_results = cx
            .names
            .iter()
            .zip(&groups.values)
            .zip(&self.shown)
            .map(|((name, v), &shown)| GroupResult {
                group: name.code.clone(),
                label: name.label.clone(),
                summary: Shown::when(shown, || self.summary(v, groups.offset)),
            })
            .collect();
        let Draft {
            spec,
            tests,
            notes,
            reliability,
            ..
        } = self;
        Measure {
            id: spec.id,
            kind: spec.kind,
            label: spec.label,
            construct: spec.construct,
            reversed: spec.reversed,
            framework: spec.framework,
            scale: spec.scale,
            total,
            groups: group_results,
            reliability,
            tests: tests.map(|t| Tests {
                anova_adjusted: adjusted,
                ..t
            }),
            notes,
        }
    }

    fn summary(&self, values: &[f64], offset: f64) -> GroupSummary {
        let stats = self
            .spec
            .scale
            .ordinal
            .then(|| stats::describe(values, offset));
        let mean = stats.as_ref().and_then(|s| s.mean);
        GroupSummary {
            n: values.len(),
            stats,
            frequencies: self
                .frequencies
                .then(|| frequencies(values, 0, &self.spec.scale)),
            light: light(mean, self.light.as_ref()),
        }
    }
}

/// A measure of any table's column, grouped as given: what `compare` prints. Every group is
/// shown and every pair tested.
pub fn plain_measure(id: &str, groups: Groups) -> Measure {
    let label = Text::same(id);
    let tests = run_tests(&groups, true);
    let all = groups.values.concat();
    Measure {
        id: id.to_string(),
        kind: Kind::Item,
        label,
        construct: None,
        reversed: false,
        framework: None,
        scale: ScaleInfo {
            id: String::new(),
            label: Text::same(""),
            ordinal: true,
            min: 0,
            max: 0,
            points: vec![],
        },
        total: Total {
            covers: Coverage::All,
            n: all.len(),
            stats: Some(stats::describe(&all, groups.offset)),
            frequencies: None,
            light: None,
        },
        groups: groups
            .names
            .iter()
            .zip(&groups.values)
            .map(|(name, v)| GroupResult {
                group: name.clone(),
                label: Text::same(name),
                summary: Shown::Shown(GroupSummary {
                    n: v.len(),
                    stats: Some(stats::describe(v, groups.offset)),
                    frequencies: None,
                    light: None,
                }),
            })
            .collect(),
        reliability: None,
        tests: Some(tests),
        notes: vec![],
    }
}

pub(super) fn scale_info(scale: &Scale) -> ScaleInfo {
    ScaleInfo {
        id: scale.id.clone(),
        label: scale.label.clone(),
        ordinal: scale.is_scored(),
        min: scale.min(),
        max: scale.max(),
        points: scale
            .points
            .iter()
            .map(|p| PointInfo {
                code: p.code,
                label: Text {
                    nl: p.nl.clone(),
                    en: p.en.clone(),
                },
            })
            .collect(),
    }
}

fn frequencies(values: &[f64], missing: usize, scale: &ScaleInfo) -> Frequencies {
    let valid = values.len().max(1) as f64;
    let counts = scale
        .points
        .iter()
        .map(|p| {
            let n = values.iter().filter(|v| **v == p.code as f64).count();
            Count {
                code: p.code,
                label: p.label.clone(),
                n,
                percent: 100.0 * n as f64 / valid,
            }
        })
        .collect();
    Frequencies { counts, missing }
}

fn light(mean: Option<f64>, t: Option<&Threshold>) -> Option<Light> {
    let (m, t) = (mean?, t?);
    Some(if m < t.amber {
        Light::Red
    } else if m < t.green {
        Light::Amber
    } else {
        Light::Green
    })
}
