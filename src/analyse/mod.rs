//! The `analyse` stage: descriptives, the one-way ANOVA family and post hoc tests per measure,
//! with disclosure control, into `Results`.

mod benchmark;
mod governance;
mod graph;
mod network;
mod oneway;
mod posthoc;
mod ptukey;
mod results;
mod trend;
mod twosample;

pub use benchmark::{Benchmark, BenchmarkRow, benchmark};
pub use governance::{Contingency, Form, GovernanceFit, Level, TrustDensity};
pub use graph::{GraphMeasures, NodeMeasures, Tie, graph_measures};
pub use network::{
    Cell, Gap, GraphTie, Network, Organisation, OrganisationGraph, PartnerBlock, Party,
    QuestionInfo,
};
pub use oneway::{
    Anova, Center, Descriptives, FTest, Groups, Levene, Why, anova, brown_forsythe, describe,
    levene, welch,
};
pub use posthoc::{Adjust, Kruskal, Pair, adjust, bonferroni, games_howell, kruskal, tukey};
pub use ptukey::{ptukey_upper, qtukey};
pub use results::*;
pub use trend::{Change, ConstructTrend, Direction, Series, Trend, Wave, YearStat, trend};
pub use twosample::{TTest, welch_t};

use std::collections::HashMap;

use polars::prelude::*;

use crate::ingest::Responses;
use crate::instrument::{AttributeKind, Construct, Instrument, Lang, Scale, pick};
use crate::score::Scores;
use crate::unreadable;

#[derive(Debug, Clone)]
pub struct Options {
    /// The grouping column; the instrument's actor type when `None`.
    pub by: Option<String>,
    /// Groups smaller than this are suppressed (0 shows every group).
    pub min_group: usize,
    pub lang: Lang,
    /// Pairwise tests for items too, not only for constructs and dimensions.
    pub item_posthoc: bool,
}

/// Every test of one measure, each with the reason when it could not be run.
pub struct Tests {
    pub anova: Option<Anova>,
    pub welch: Option<FTest>,
    pub brown_forsythe: Option<FTest>,
    pub levene: Option<Levene>,
    pub levene_median: Option<Levene>,
    pub kruskal: Option<KruskalSummary>,
    pub posthoc: Option<Posthoc>,
    pub notes: Vec<String>,
}

/// Notes on tests that could not be run, each said once.
struct Notes(Vec<String>, Lang);

impl Notes {
    fn keep<T>(&mut self, name: &str, r: Result<T, Why>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(why) => {
                let not = pick(self.1, "niet berekend", "not computed");
                let note = format!("{name}: {not}: {}", why.text(self.1));
                if !self.0.contains(&note) {
                    self.0.push(note);
                }
                None
            }
        }
    }
}

/// Runs the whole family on groups that are all shown; the pairwise tests only when asked.
pub fn run_tests(groups: &Groups, pairwise: bool, lang: Lang) -> Tests {
    let mut n = Notes(Vec::new(), lang);
    let anova = n.keep("ANOVA", oneway::anova(groups));
    let welch = n.keep("Welch", oneway::welch(groups));
    let brown_forsythe = n.keep("Brown–Forsythe", oneway::brown_forsythe(groups));
    let levene = n.keep("Levene", oneway::levene(groups, Center::Mean));
    let levene_median = n.keep("Levene (median)", oneway::levene(groups, Center::Median));
    let kw = n.keep("Kruskal–Wallis", posthoc::kruskal(groups));
    let posthoc = (pairwise && groups.values.len() >= 2).then(|| Posthoc {
        bonferroni: n.keep("Bonferroni", posthoc::bonferroni(groups)),
        tukey: n.keep("Tukey", posthoc::tukey(groups)),
        games_howell: n.keep("Games–Howell", posthoc::games_howell(groups)),
        dunn_bonferroni: kw.as_ref().map(|k| k.dunn_bonferroni.clone()),
        dunn_holm: kw.as_ref().map(|k| k.dunn_holm.clone()),
    });
    Tests {
        anova,
        welch,
        brown_forsythe,
        levene,
        levene_median,
        kruskal: kw.map(|k| k.summary()),
        posthoc,
        notes: n.0,
    }
}

/// A group's code and how the report names it.
#[derive(Debug, Clone)]
pub struct GroupName {
    pub code: String,
    pub label: String,
}

/// One measure from groups of values (display order), with suppression of small groups.
#[allow(clippy::too_many_arguments)]
pub fn measure(
    id: &str,
    kind: Kind,
    label: String,
    scale: ScaleInfo,
    names: &[GroupName],
    groups: &Groups,
    min_group: usize,
    pairwise: bool,
    lang: Lang,
) -> Measure {
    let (all, restricted) = overall_values(groups, min_group);
    let shown: Vec<usize> = (0..names.len())
        .filter(|&i| groups.values[i].len() >= min_group.max(1))
        .collect();
    let hidden: Vec<&str> = (0..names.len())
        .filter(|i| !shown.contains(i) && !groups.values[*i].is_empty())
        .map(|i| names[i].label.as_str())
        .collect();
    let group_stats = names
        .iter()
        .zip(&groups.values)
        .enumerate()
        .map(|(i, (name, v))| {
            let suppressed = !shown.contains(&i);
            GroupStats {
                group: name.code.clone(),
                label: name.label.clone(),
                suppressed,
                n: (!suppressed).then_some(v.len()),
                stats: (!suppressed && scale.ordinal).then(|| describe(v, groups.offset)),
                frequencies: None,
                light: None,
            }
        })
        .collect();
    let tested = Groups {
        names: shown.iter().map(|&i| names[i].code.clone()).collect(),
        values: shown.iter().map(|&i| groups.values[i].clone()).collect(),
        offset: groups.offset,
    };
    let mut tests = if scale.ordinal {
        run_tests(&tested, pairwise, lang)
    } else {
        no_tests(lang)
    };
    if !hidden.is_empty() && scale.ordinal {
        tests.notes.insert(
            0,
            match lang {
                Lang::Nl => format!(
                    "niet meegenomen in de toetsen (minder dan {min_group} respondenten): {}",
                    hidden.join(", ")
                ),
                Lang::En => format!(
                    "left out of the tests (fewer than {min_group} respondents): {}",
                    hidden.join(", ")
                ),
            },
        );
    }
    if restricted {
        tests.notes.push(match lang {
            Lang::Nl => format!(
                "het totaal omvat alleen de getoonde groepen: de verborgen groepen (samen minder dan {min_group}) zouden er anders uit af te leiden zijn"
            ),
            Lang::En => format!(
                "the total covers the shown groups only: the hidden ones, together fewer than {min_group}, could otherwise be worked out from it"
            ),
        });
    }
    let mut overall = describe(&all, groups.offset);
    if !scale.ordinal {
        overall = Descriptives {
            n: overall.n,
            ..describe(&[], 0.0)
        };
    }
    Measure {
        id: id.to_string(),
        kind,
        label,
        construct: None,
        text: None,
        reversed: false,
        framework: None,
        scale,
        overall: Overall {
            stats: overall,
            frequencies: None,
            light: None,
        },
        groups: group_stats,
        reliability: None,
        anova: tests.anova,
        welch: tests.welch,
        brown_forsythe: tests.brown_forsythe,
        levene: tests.levene,
        levene_median: tests.levene_median,
        kruskal: tests.kruskal,
        posthoc: tests.posthoc,
        notes: tests.notes,
    }
}

/// The values the total is made of. Where the suppressed groups together are still too small
/// to show, the total leaves them out: total minus the shown groups would reveal them.
fn overall_values(groups: &Groups, min_group: usize) -> (Vec<f64>, bool) {
    let kept = kept_in_total(groups, min_group);
    let values = groups
        .values
        .iter()
        .zip(&kept)
        .filter(|(_, keep)| **keep)
        .flat_map(|(v, _)| v.iter().copied())
        .collect();
    (values, kept.contains(&false))
}

/// Which groups the total holds: all, unless the small ones together are still too few to
/// shield; then only the groups shown.
fn kept_in_total(groups: &Groups, min_group: usize) -> Vec<bool> {
    let hidden: usize = groups
        .values
        .iter()
        .map(Vec::len)
        .filter(|&n| n > 0 && n < min_group)
        .sum();
    let restricted = hidden > 0 && hidden < min_group;
    groups
        .values
        .iter()
        .map(|v| !restricted || v.len() >= min_group)
        .collect()
}

fn no_tests(lang: Lang) -> Tests {
    Tests {
        anova: None,
        welch: None,
        brown_forsythe: None,
        levene: None,
        levene_median: None,
        kruskal: None,
        posthoc: None,
        notes: vec![
            pick(
                lang,
                "nominale antwoorden: alleen frequenties",
                "nominal answers: frequencies only",
            )
            .into(),
        ],
    }
}

pub fn scale_info(scale: &Scale, lang: Lang) -> ScaleInfo {
    ScaleInfo {
        id: scale.id.clone(),
        ordinal: scale.is_scored(),
        min: scale.min(),
        max: scale.max(),
        points: scale
            .points
            .iter()
            .map(|p| (p.code, pick(lang, &p.nl, &p.en).to_string()))
            .collect(),
    }
}

/// A numeric column's non-missing values per group code.
fn values_by_group(
    data: &DataFrame,
    by: &str,
    column: Expr,
) -> anyhow::Result<HashMap<String, Vec<f64>>> {
    let grouped = data
        .clone()
        .lazy()
        .select([
            col(by).cast(DataType::String).alias("g"),
            column.cast(DataType::Float64).alias("v"),
        ])
        .drop_nulls(None)
        .group_by([col("g")])
        .agg([col("v")])
        .collect()?;
    let keys = grouped.column("g")?.str()?;
    let lists = grouped.column("v")?.list()?;
    let mut out = HashMap::new();
    for (k, v) in keys.iter().zip(lists.series_iter()) {
        if let (Some(k), Some(v)) = (k, v) {
            out.insert(k.to_string(), v.f64()?.into_no_null_iter().collect());
        }
    }
    Ok(out)
}

/// The groups in display order: an attribute's listed values, else sorted codes.
fn group_names(
    inst: &Instrument,
    data: &DataFrame,
    by: &str,
    lang: Lang,
) -> anyhow::Result<Vec<GroupName>> {
    if let Some(a) = inst
        .attribute(by)
        .filter(|a| a.kind == AttributeKind::Category)
    {
        return Ok(a
            .values
            .iter()
            .map(|v| GroupName {
                code: v.code.clone(),
                label: pick(lang, &v.nl, &v.en).to_string(),
            })
            .collect());
    }
    let codes = crate::ingest::value_counts(data, by)?;
    Ok(codes
        .into_iter()
        .filter(|(c, _)| !c.is_empty())
        .map(|(c, _)| GroupName {
            label: c.clone(),
            code: c,
        })
        .collect())
}

fn ordered(names: &[GroupName], mut by_group: HashMap<String, Vec<f64>>) -> Groups {
    Groups {
        names: names.iter().map(|n| n.code.clone()).collect(),
        values: names
            .iter()
            .map(|n| by_group.remove(&n.code).unwrap_or_default())
            .collect(),
        offset: 0.0,
    }
}

fn frequencies(values: &[f64], missing: usize, scale: &ScaleInfo) -> Frequencies {
    let valid = values.len().max(1) as f64;
    let counts = scale
        .points
        .iter()
        .map(|(code, label)| {
            let n = values.iter().filter(|v| **v == *code as f64).count();
            Count {
                code: *code,
                label: label.clone(),
                n,
                percent: 100.0 * n as f64 / valid,
            }
        })
        .collect();
    Frequencies { counts, missing }
}

fn light(mean: Option<f64>, t: Option<&crate::instrument::Threshold>) -> Option<Light> {
    let (m, t) = (mean?, t?);
    Some(if m < t.amber {
        Light::Red
    } else if m < t.green {
        Light::Amber
    } else {
        Light::Green
    })
}

/// Whether a construct is judged good or bad at all: Provan–Kenis contingencies describe the
/// network's situation, not its quality, so they get no traffic light.
fn judged(c: &Construct) -> bool {
    c.framework.pk.is_none()
}

pub fn analyse(
    scores: &Scores,
    responses: &Responses,
    inst: &Instrument,
    opts: &Options,
) -> anyhow::Result<Results> {
    let lang = opts.lang;
    let by = match &opts.by {
        Some(b) => b.clone(),
        None => inst.grouping().map(|a| a.id.clone()).ok_or_else(|| {
            unreadable(format!(
                "instrument {} has no actor type attribute; name a column with --by",
                inst.id
            ))
        })?,
    };
    if scores.data.column(&by).is_err() {
        return Err(unreadable(format!(
            "--by {by}: no such column in instrument {}",
            inst.id
        )));
    }
    let names = group_names(inst, &scores.data, &by, lang)?;
    let data = &scores.data;
    let mut measures = Vec::new();
    for c in &inst.constructs {
        let Some(scale) = inst.construct_scale(c) else {
            continue;
        };
        let info = scale_info(scale, lang);
        let threshold = inst.threshold(&scale.id).filter(|_| judged(c));
        let framework = Some(c.framework.clone());
        if scale.is_scored() {
            let groups = ordered(&names, values_by_group(data, &by, col(c.id.as_str()))?);
            let mut m = measure(
                &c.id,
                Kind::Construct,
                c.label.get(lang).to_string(),
                info.clone(),
                &names,
                &groups,
                opts.min_group,
                true,
                lang,
            );
            m.reliability = scores
                .reliability
                .iter()
                .find(|r| r.construct == c.id)
                .cloned();
            m.framework = framework.clone();
            m.overall.light = light(m.overall.stats.mean, threshold);
            for g in &mut m.groups {
                g.light = light(g.stats.as_ref().and_then(|s| s.mean), threshold);
            }
            measures.push(m);
            if c.scores_dimensions() {
                for d in &c.dimensions {
                    let groups = ordered(&names, values_by_group(data, &by, col(d.id.as_str()))?);
                    let mut m = measure(
                        &d.id,
                        Kind::Dimension,
                        d.label.get(lang).to_string(),
                        info.clone(),
                        &names,
                        &groups,
                        opts.min_group,
                        true,
                        lang,
                    );
                    m.construct = Some(c.id.clone());
                    measures.push(m);
                }
            }
        }
        for item in c.all_items() {
            let groups = ordered(&names, values_by_group(data, &by, col(item.id.as_str()))?);
            let mut m = measure(
                &item.id,
                Kind::Item,
                item.id.clone(),
                info.clone(),
                &names,
                &groups,
                opts.min_group,
                opts.item_posthoc,
                lang,
            );
            m.construct = Some(c.id.clone());
            m.text = Some(pick(lang, &item.nl, &item.en).to_string());
            m.reversed = item.reverse;
            if scale.is_scored() {
                m.label = m.text.clone().unwrap_or_default();
            } else {
                m.framework = framework.clone();
            }
            let all = overall_values(&groups, opts.min_group).0;
            let missing = data.height() - groups.values.iter().map(Vec::len).sum::<usize>();
            m.overall.frequencies = Some(frequencies(&all, missing, &info));
            for (g, v) in m.groups.iter_mut().zip(&groups.values) {
                if !g.suppressed {
                    g.frequencies = Some(frequencies(v, 0, &info));
                }
            }
            measures.push(m);
        }
    }
    adjust_across_constructs(&mut measures);
    let network = network::network(&network::Context {
        inst,
        data,
        min_group: opts.min_group,
        lang,
    })?;
    let governance = governance::governance_fit(inst, &measures, network.as_ref());
    let sizes: HashMap<String, usize> = crate::ingest::value_counts(data, &by)?
        .into_iter()
        .collect();
    let size = |code: &str| sizes.get(code).copied().unwrap_or(0);
    let by_group = names
        .iter()
        .map(|name| {
            let n = size(&name.code);
            let suppressed = n < opts.min_group;
            GroupCount {
                group: name.code.clone(),
                label: name.label.clone(),
                n: (!suppressed).then_some(n),
                suppressed,
            }
        })
        .collect();
    let grouping_label = inst
        .attribute(&by)
        .map_or(by.clone(), |a| a.label.get(lang).to_string());
    Ok(Results {
        instrument: InstrumentInfo {
            id: inst.id.clone(),
            version: inst.version.clone(),
            title: inst.title.get(lang).to_string(),
            description: inst.description.get(lang).to_string(),
            sources: inst.sources.clone(),
            thresholds: inst
                .thresholds
                .iter()
                .map(|t| ThresholdInfo {
                    scale: t.scale.clone(),
                    scale_label: inst
                        .scale(&t.scale)
                        .map_or(String::new(), |s| s.label.get(lang).to_string()),
                    amber: t.amber,
                    green: t.green,
                })
                .collect(),
        },
        grouping: by.clone(),
        grouping_label,
        years: survey_years(inst, data)?,
        lang,
        min_group: opts.min_group,
        respondents: Respondents {
            read: responses.read,
            analysed: data.height(),
            excluded: responses.excluded.clone(),
            by_group,
            min_answered: responses.min_answered,
        },
        measures,
        network,
        governance,
        trend: None,
        benchmark: None,
        open: open_answers(data, inst, &by, &names, &sizes, opts.min_group, lang)?,
        findings: responses.findings.iter().map(ToString::to_string).collect(),
    })
}

/// Distinct values of the year attribute, as written ("2025", not "2025.0").
fn survey_years(inst: &Instrument, data: &DataFrame) -> anyhow::Result<Vec<String>> {
    let Some(year) = inst
        .attributes
        .iter()
        .find(|a| a.role == crate::instrument::AttributeRole::Year)
    else {
        return Ok(vec![]);
    };
    let counts = crate::ingest::value_counts(data, &year.id)?;
    Ok(counts
        .into_iter()
        .filter(|(y, _)| !y.is_empty())
        .map(|(y, _)| y.strip_suffix(".0").map_or(y.clone(), str::to_string))
        .collect())
}

/// Holm and Benjamini–Hochberg over the ANOVA p-values of all constructs of the report.
fn adjust_across_constructs(measures: &mut [Measure]) {
    let idx: Vec<usize> = (0..measures.len())
        .filter(|&i| measures[i].kind == Kind::Construct && measures[i].anova.is_some())
        .collect();
    let p: Vec<f64> = idx
        .iter()
        .filter_map(|&i| measures[i].anova.as_ref().map(|a| a.p))
        .collect();
    let (holm, bh) = (adjust(&p, Adjust::Holm), adjust(&p, Adjust::Bh));
    for (j, &i) in idx.iter().enumerate() {
        if let Some(a) = measures[i].anova.as_mut() {
            a.p_holm = Some(holm[j]);
            a.p_bh = Some(bh[j]);
        }
    }
}

/// Open answers per question and group, withheld for groups below the minimum size.
fn open_answers(
    data: &DataFrame,
    inst: &Instrument,
    by: &str,
    names: &[GroupName],
    sizes: &HashMap<String, usize>,
    min_group: usize,
    lang: Lang,
) -> anyhow::Result<Vec<OpenAnswers>> {
    let mut out = Vec::new();
    for q in &inst.open {
        let answers = data
            .clone()
            .lazy()
            .select([
                col(by).cast(DataType::String).alias("g"),
                col(q.id.as_str()).alias("a"),
            ])
            .drop_nulls(None)
            .sort(["g", "a"], SortMultipleOptions::default())
            .collect()?;
        let (g, a) = (answers.column("g")?.str()?, answers.column("a")?.str()?);
        let groups = names
            .iter()
            .filter_map(|name| {
                let list: Vec<String> = g
                    .iter()
                    .zip(a.iter())
                    .filter(|(gg, _)| *gg == Some(name.code.as_str()))
                    .filter_map(|(_, a)| a.map(str::to_string))
                    .collect();
                if list.is_empty() {
                    return None;
                }
                let size = sizes.get(&name.code).copied().unwrap_or(0);
                let suppressed = size < min_group;
                Some(OpenGroup {
                    group: name.code.clone(),
                    label: name.label.clone(),
                    suppressed,
                    answers: if suppressed { vec![] } else { list },
                })
            })
            .collect();
        out.push(OpenAnswers {
            id: q.id.clone(),
            text: pick(lang, &q.nl, &q.en).to_string(),
            about: q.about.clone(),
            groups,
        });
    }
    Ok(out)
}
