//! The whole computation, from files to `Results`: instrument → ingest → score → analyse, for
//! one survey or for a monitor over several years with a benchmark. The command line only
//! turns flags and a configuration into a `Plan`; everything after that happens here.

use std::path::PathBuf;

use crate::analyse::{self, Data, Pool, Wave};
use crate::error::{Error, Result};
use crate::ingest::{self, Finding, Responses};
use crate::instrument::{self, AttributeRole, Instrument, Threshold};
use crate::results::Results;
use crate::score::{self, Scores};

/// Everything a run needs, settled: flags over configuration over defaults.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Instrument files, merged in this order.
    pub instrument: Vec<PathBuf>,
    /// Traffic lights that replace the instrument's, per scale.
    pub thresholds: Vec<Threshold>,
    /// The survey rounds, ascending; the last is the one the report is about.
    pub rounds: Vec<Round>,
    pub benchmark: Option<BenchmarkPlan>,
    pub ingest: ingest::Options,
    pub analysis: analyse::Plan,
}

#[derive(Debug, Clone)]
pub struct Round {
    /// None for a single survey that does not say.
    pub year: Option<i32>,
    pub responses: Vec<PathBuf>,
    /// The instrument version of this round, when it is not the current one.
    pub instrument: Option<Vec<PathBuf>>,
}

#[derive(Debug, Clone)]
pub struct BenchmarkPlan {
    pub responses: Vec<PathBuf>,
    /// The column naming municipalities; the instrument's municipality attribute by default.
    pub attribute: Option<String>,
    /// The municipality to set against the others.
    pub municipality: String,
}

/// One round as read and scored.
pub struct Read {
    pub instrument: Instrument,
    pub responses: Responses,
    pub scores: Scores,
}

pub struct Outcome {
    pub results: Results,
    /// The round the report is about, for score exports.
    pub current: Read,
}

/// What a run tells whoever watches it.
pub trait Progress {
    /// A file or step begins.
    fn step(&self, what: &str);
    /// The findings of the files just read.
    fn findings(&self, findings: &[Finding]);
    /// A step is done.
    fn done(&self);
}

/// How many steps `run` reports: each round, the benchmark, and the analysis.
pub fn steps(plan: &Plan) -> usize {
    plan.rounds.len() + usize::from(plan.benchmark.is_some()) + 1
}

pub fn run(plan: &Plan, progress: &dyn Progress) -> Result<Outcome> {
    let current_instrument = instrument_of(plan, None)?;
    let benchmark_column = match &plan.benchmark {
        Some(b) => Some(benchmark_attribute(&current_instrument, b)?),
        None => None,
    };
    let mut rounds = Vec::new();
    for round in &plan.rounds {
        let inst = match &round.instrument {
            Some(paths) => instrument_of(plan, Some(paths))?,
            None => current_instrument.clone(),
        };
        let label = round.year.map_or(String::new(), |y| format!("{y}: "));
        rounds.push(read(
            &round.responses,
            inst,
            plan,
            round.year,
            progress,
            &label,
        )?);
    }
    let pooled = match (&plan.benchmark, benchmark_column) {
        (Some(b), Some(attribute)) => {
            // The benchmark is of the round the report is about.
            let year = plan.rounds.last().and_then(|r| r.year);
            let read = read(
                &b.responses,
                current_instrument.clone(),
                plan,
                year,
                progress,
                "benchmark: ",
            )?;
            Some((read, attribute, b.municipality.clone()))
        }
        _ => None,
    };
    progress.step("analysing");
    let data = Data {
        waves: plan
            .rounds
            .iter()
            .zip(&rounds)
            .map(|(round, r)| Wave {
                year: round.year.map(|y| y.to_string()),
                instrument: &r.instrument,
                responses: &r.responses,
                scores: &r.scores,
            })
            .collect(),
        benchmark: pooled.as_ref().map(|(r, attribute, municipality)| Pool {
            scores: &r.scores,
            attribute: attribute.clone(),
            municipality: municipality.clone(),
        }),
    };
    let results = analyse::analyse(&data, &plan.analysis)?;
    progress.done();
    let current = rounds
        .pop()
        .ok_or_else(|| Error::usage("no survey round to report on"))?;
    Ok(Outcome { results, current })
}

/// The merged instrument with the plan's traffic lights; `paths` for an earlier version.
fn instrument_of(plan: &Plan, paths: Option<&Vec<PathBuf>>) -> Result<Instrument> {
    let mut inst = instrument::load_merged(paths.unwrap_or(&plan.instrument))?;
    if plan.thresholds.is_empty() {
        return Ok(inst);
    }
    for t in &plan.thresholds {
        inst.thresholds.retain(|x| x.scale != t.scale);
        inst.thresholds.push(t.clone());
    }
    let problems = instrument::check(&inst);
    if problems.is_empty() {
        Ok(inst)
    } else {
        Err(Error::usage(format!("thresholds: {}", problems.join("; "))))
    }
}

/// The column that names municipalities in the benchmark's files, known before any is read.
fn benchmark_attribute(inst: &Instrument, b: &BenchmarkPlan) -> Result<String> {
    match &b.attribute {
        Some(a) => Ok(a.clone()),
        None => inst
            .attributes
            .iter()
            .find(|a| a.role == AttributeRole::Municipality)
            .map(|a| a.id.clone())
            .ok_or_else(|| {
                Error::usage(format!(
                    "[benchmark]: instrument {} has no attribute with role \"municipality\"; name the column with benchmark.attribute",
                    inst.id
                ))
            }),
    }
}

fn read(
    files: &[PathBuf],
    instrument: Instrument,
    plan: &Plan,
    year: Option<i32>,
    progress: &dyn Progress,
    label: &str,
) -> Result<Read> {
    let names: Vec<String> = files
        .iter()
        .map(|f| ingest::file_name(&f.display().to_string()))
        .collect();
    progress.step(&format!("reading {label}{}", names.join(", ")));
    let options = ingest::Options {
        year,
        ..plan.ingest.clone()
    };
    let responses = ingest::ingest(files, &instrument, &options)?;
    progress.findings(&responses.findings);
    if responses.data.height() == 0 {
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        return Err(Error::Rejected(format!(
            "{}: {}",
            files.join(", "),
            ingest::nothing_to_analyse(&responses, &instrument)
        )));
    }
    let scores = score::score(&responses, &instrument)?;
    progress.done();
    Ok(Read {
        instrument,
        responses,
        scores,
    })
}
