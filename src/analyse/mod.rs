//! The `analyse` stage: scored responses → `Results`. Descriptives and the one-way ANOVA family
//! per measure, the partner network and governance fit, the trend over the years and the
//! benchmark, all under one disclosure rule and one significance level.

mod contrast;
pub mod disclosure;
pub mod family;
mod governance;
mod measures;
mod monitor;
mod network;
mod summary;

pub use disclosure::{DEFAULT_MIN_GROUP, Disclosure};
pub use measures::plain_measure;

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;
use verband_stats::Groups;

use crate::error::{Error, Result};
use crate::ingest::{self, Responses};
use crate::instrument::{AttributeKind, AttributeRole, Instrument, Text};
use crate::results::{
    About, GroupCount, Grouping, InstrumentInfo, OpenAnswers, OpenGroup, Policy, Problem,
    Respondents, Results, SCHEMA_VERSION, Shown, Summary, ThresholdInfo,
};
use crate::score::Scores;

/// How to analyse: settled by the pipeline from flags, configuration and defaults.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The grouping column; the instrument's actor type when `None`.
    pub by: Option<String>,
    pub min_group: usize,
    /// Pairwise tests for items too, not only for constructs and dimensions.
    pub item_posthoc: bool,
    /// Invited per group code, for the response rates.
    pub invited: BTreeMap<String, usize>,
    /// What the report says about the survey beyond its numbers, carried into the results.
    pub about: About,
}

/// One survey round: what was read and how it scored.
pub struct Wave<'a> {
    /// The survey year; none for a single survey without one.
    pub year: Option<String>,
    pub instrument: &'a Instrument,
    pub responses: &'a Responses,
    pub scores: &'a Scores,
}

/// Answers from several municipalities, to set this one against.
pub struct Pool<'a> {
    pub scores: &'a Scores,
    /// The column that names the municipality.
    pub attribute: String,
    pub municipality: String,
}

/// Everything one analysis looks at: the rounds in ascending order, the last being the one
/// the report is about, and a benchmark pool.
pub struct Data<'a> {
    pub waves: Vec<Wave<'a>>,
    pub benchmark: Option<Pool<'a>>,
}

/// A group's code and how the report names it.
#[derive(Debug, Clone)]
pub struct GroupName {
    pub code: String,
    pub label: Text,
}

pub fn analyse(data: &Data, plan: &Plan) -> Result<Results> {
    let current = data
        .waves
        .last()
        .ok_or_else(|| Error::Internal("an analysis without data".into()))?;
    let inst = current.instrument;
    let frame = &current.scores.data;
    let by = grouping(inst, plan, frame)?;
    let names = group_names(inst, frame, &by)?;
    let disclosure = Disclosure::new(plan.min_group);
    let rows = GroupRows::new(frame, &by)?;
    let measures = measures::measures(
        &measures::Context {
            inst,
            scores: current.scores,
            rows: &rows,
            names: &names,
            disclosure,
        },
        plan.item_posthoc,
    )?;
    let network = network::network(inst, frame, disclosure)?;
    let governance = governance::governance_fit(inst, &measures, network.as_ref());
    let trend = monitor::trend(&data.waves, &by, &names, disclosure)?;
    let benchmark = match &data.benchmark {
        Some(pool) => Some(monitor::benchmark(inst, pool, &by, disclosure)?),
        None => None,
    };
    let sizes: HashMap<String, usize> = ingest::value_counts(frame, &by)?.into_iter().collect();
    let grouping_label = inst
        .attribute(&by)
        .map_or_else(|| Text::same(&by), |a| a.label.clone());
    let inputs = summary::Inputs {
        inst,
        frame,
        by: &by,
        names: &names,
        sizes: &sizes,
        disclosure,
        invited: &plan.invited,
    };
    let mut results = Results {
        schema_version: SCHEMA_VERSION,
        about: plan.about.clone(),
        summary: Summary {
            response: summary::response(&inputs, current.responses.read)?,
            parts: summary::parts(&inputs, &measures),
            headlines: vec![],
        },
        instrument: instrument_info(inst),
        grouping: Grouping {
            id: by.clone(),
            label: grouping_label,
        },
        years: survey_years(current)?,
        policy: Policy {
            min_group: plan.min_group,
            significance: family::SIGNIFICANCE,
            min_answered: current.responses.min_answered,
        },
        respondents: respondents(current.responses, frame, &names, &sizes, disclosure),
        measures,
        contrasts: contrast::contrasts(inst, frame, disclosure)?,
        network,
        governance,
        trend,
        benchmark,
        open: open_answers(frame, inst, &by, &names, &sizes, disclosure)?,
        findings: findings(current.responses),
    };
    results.summary.headlines = summary::headlines(&inputs, &results)?;
    Ok(results)
}

/// The input's problems as published: files without their folders, and no respondent ids (the
/// row a duplicate id left out is among the excluded rows; `validate` names the id).
fn findings(responses: &Responses) -> Vec<crate::ingest::Finding> {
    responses
        .findings
        .iter()
        .filter(|f| !matches!(f.problem, Problem::DuplicateId { .. }))
        .map(|f| crate::ingest::Finding {
            file: ingest::file_name(&f.file),
            ..f.clone()
        })
        .collect()
}

/// The grouping column: `--by`, or the instrument's actor type.
fn grouping(inst: &Instrument, plan: &Plan, frame: &DataFrame) -> Result<String> {
    let by = match &plan.by {
        Some(b) => b.clone(),
        None => inst.grouping().map(|a| a.id.clone()).ok_or_else(|| {
            Error::usage(format!(
                "instrument {} has no actor type attribute; name a column with --by",
                inst.id
            ))
        })?,
    };
    if frame.column(&by).is_err() {
        return Err(Error::usage(format!(
            "--by {by}: no such column in instrument {}",
            inst.id
        )));
    }
    Ok(by)
}

fn instrument_info(inst: &Instrument) -> InstrumentInfo {
    InstrumentInfo {
        id: inst.id.clone(),
        version: inst.version.clone(),
        title: inst.title.clone(),
        description: inst.description.clone(),
        sources: inst.sources.iter().fold(Vec::new(), |mut out, s| {
            // Merged instrument parts cite some sources twice.
            if !out.contains(&s.citation) {
                out.push(s.citation.clone());
            }
            out
        }),
        thresholds: inst
            .thresholds
            .iter()
            .map(|t| ThresholdInfo {
                scale: t.scale.clone(),
                scale_label: inst
                    .scale(&t.scale)
                    .map_or_else(|| Text::same(""), |s| s.label.clone()),
                amber: t.amber,
                green: t.green,
            })
            .collect(),
    }
}

fn respondents(
    responses: &Responses,
    frame: &DataFrame,
    names: &[GroupName],
    sizes: &HashMap<String, usize>,
    disclosure: Disclosure,
) -> Respondents {
    Respondents {
        read: responses.read,
        analysed: frame.height(),
        // Outputs name files without their folders.
        excluded: responses
            .excluded
            .iter()
            .map(|x| crate::ingest::Exclusion {
                file: ingest::file_name(&x.file),
                ..x.clone()
            })
            .collect(),
        groups: names
            .iter()
            .map(|name| {
                let n = sizes.get(&name.code).copied().unwrap_or(0);
                GroupCount {
                    group: name.code.clone(),
                    label: name.label.clone(),
                    n: Shown::when(disclosure.shows(n), || n),
                }
            })
            .collect(),
    }
}

/// The rows of each group of one column, found once and used for every measure: grouping a
/// million rows by a text column is the costly part, gathering a column's values is not.
pub(super) struct GroupRows<'a> {
    data: &'a DataFrame,
    rows: Vec<(String, Vec<IdxSize>)>,
}

impl<'a> GroupRows<'a> {
    pub(super) fn new(data: &'a DataFrame, by: &str) -> Result<Self> {
        let grouped = data
            .clone()
            .lazy()
            .select([col(by).cast(DataType::String).alias("g")])
            .with_row_index("row", None)
            .drop_nulls(None)
            .group_by([col("g")])
            .agg([col("row")])
            .collect()?;
        let keys = grouped.column("g")?.str()?;
        let lists = grouped.column("row")?.list()?;
        let mut rows = Vec::with_capacity(grouped.height());
        for (key, list) in keys.iter().zip(lists.series_iter()) {
            if let (Some(key), Some(list)) = (key, list) {
                rows.push((key.to_string(), list.idx()?.into_no_null_iter().collect()));
            }
        }
        Ok(GroupRows { data, rows })
    }

    /// A numeric column's non-missing values per group code, in row order; a group without
    /// any is left out.
    pub(super) fn values(&self, column: Expr) -> Result<HashMap<String, Vec<f64>>> {
        let selected = self
            .data
            .clone()
            .lazy()
            .select([column.cast(DataType::Float64)])
            .collect()?;
        let values = selected.columns()[0].as_materialized_series().rechunk();
        let mut out = HashMap::with_capacity(self.rows.len());
        for (key, rows) in &self.rows {
            let picked = values.take_slice(rows)?;
            let picked: Vec<f64> = picked.f64()?.iter().flatten().collect();
            if !picked.is_empty() {
                out.insert(key.clone(), picked);
            }
        }
        Ok(out)
    }
}

/// One column's values per group, where a grouping serves a single column.
fn values_by_group(data: &DataFrame, by: &str, column: Expr) -> Result<HashMap<String, Vec<f64>>> {
    GroupRows::new(data, by)?.values(column)
}

/// The groups in display order: an attribute's listed values, else sorted codes.
fn group_names(inst: &Instrument, data: &DataFrame, by: &str) -> Result<Vec<GroupName>> {
    if let Some(a) = inst
        .attribute(by)
        .filter(|a| a.kind == AttributeKind::Category)
    {
        return Ok(a
            .values
            .iter()
            .map(|v| GroupName {
                code: v.code.clone(),
                label: Text {
                    nl: v.nl.clone(),
                    en: v.en.clone(),
                },
            })
            .collect());
    }
    let codes = ingest::value_counts(data, by)?;
    Ok(codes
        .into_iter()
        .filter(|(c, _)| !c.is_empty())
        .map(|(c, _)| GroupName {
            label: Text::same(&c),
            code: c,
        })
        .collect())
}

/// The values per group, in the order of `names`.
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

/// Distinct values of the year attribute, as written ("2025", not "2025.0").
fn survey_years(wave: &Wave) -> Result<Vec<String>> {
    let Some(year) = wave
        .instrument
        .attributes
        .iter()
        .find(|a| a.role == AttributeRole::Year)
    else {
        return Ok(wave.year.iter().cloned().collect());
    };
    let counts = ingest::value_counts(&wave.scores.data, &year.id)?;
    Ok(counts
        .into_iter()
        .filter(|(y, _)| !y.is_empty())
        .map(|(y, _)| y.strip_suffix(".0").map_or(y.clone(), str::to_string))
        .collect())
}

/// Open answers per question and group, withheld for groups below the minimum size.
fn open_answers(
    data: &DataFrame,
    inst: &Instrument,
    by: &str,
    names: &[GroupName],
    sizes: &HashMap<String, usize>,
    disclosure: Disclosure,
) -> Result<Vec<OpenAnswers>> {
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
                Some(OpenGroup {
                    group: name.code.clone(),
                    label: name.label.clone(),
                    answers: Shown::when(disclosure.shows(size), || list),
                })
            })
            .collect();
        out.push(OpenAnswers {
            id: q.id.clone(),
            text: Text {
                nl: q.nl.clone(),
                en: q.en.clone(),
            },
            about: q.about.clone(),
            groups,
        });
    }
    Ok(out)
}
