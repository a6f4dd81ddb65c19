//! `verband report`: ingest, score, analyse and render. From a monitor configuration
//! (`--config`, several years and a benchmark), or from one instrument and its response files.
//! With no arguments it renders the bundled example project.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use super::ReportArgs;
use crate::analyse::{self, Results};
use crate::config::{self, Config};
use crate::ingest::{self, Responses};
use crate::instrument::{self, AttributeRole, Instrument, Lang};
use crate::report;
use crate::score::{self, Scores};
use crate::unreadable;

const EXAMPLE_CONFIG: &str = "voorbeeld/verband.toml";
const DEFAULT_MIN_GROUP: usize = 5;
const DEFAULT_MIN_ANSWERED: f64 = 0.5;

pub(super) fn run(args: ReportArgs) -> anyhow::Result<i32> {
    let example = args.config.is_none() && args.instrument.is_none() && args.responses.is_empty();
    if example && !Path::new(EXAMPLE_CONFIG).exists() {
        return Err(unreadable(format!(
            "no arguments runs the bundled example ({EXAMPLE_CONFIG}), which is not here: run it \
             from the verband folder, or give --config or --instrument and --responses"
        )));
    }
    let config = match &args.config {
        Some(path) => Some(config::load(path)?),
        None if example => Some(config::load(Path::new(EXAMPLE_CONFIG))?),
        None => None,
    };
    match config {
        Some(cfg) => monitor(&args, &cfg),
        None => single(&args),
    }
}

/// One instrument and its response files: the report of one survey.
fn single(args: &ReportArgs) -> anyhow::Result<i32> {
    let Some(path) = &args.instrument else {
        return Err(unreadable(
            "--responses needs --instrument (or use --config)",
        ));
    };
    if args.responses.is_empty() {
        return Err(unreadable(
            "--instrument needs at least one --responses file",
        ));
    }
    let inst = instrument::load(path)?;
    let settings = Settings::new(args, None);
    let progress = Progress::new(2, args.quiet);
    let wave = read_wave(&args.responses, &inst, &settings, &progress, "")?;
    progress.show_step("analysing and drawing the report");
    let results = analyse::analyse(&wave.scores, &wave.responses, &inst, &settings.analysis)?;
    finish(args, &settings, &inst, &results, &wave, &progress)
}

/// A monitor: every year of the configuration, the last one in full, the change since the
/// year before, and the benchmark against other municipalities.
fn monitor(args: &ReportArgs, cfg: &Config) -> anyhow::Result<i32> {
    let mut inst = instrument::load_merged(&cfg.instruments)?;
    override_thresholds(&mut inst, cfg)?;
    let settings = Settings::new(args, Some(cfg));
    // Reading each year and the benchmark, then analysing and drawing.
    let steps = cfg.years.len() + usize::from(cfg.benchmark.is_some()) + 1;
    let progress = Progress::new(steps, args.quiet);
    // A year answered on an earlier instrument version names it; the others use the current one.
    let versions = cfg
        .years
        .iter()
        .map(|y| {
            y.instruments
                .as_deref()
                .map(instrument::load_merged)
                .transpose()
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let benchmark = match &cfg.benchmark {
        Some(b) => Some((b, benchmark_columns(&inst, cfg, b, &settings)?)),
        None => None,
    };
    let mut waves = Vec::new();
    for (y, version) in cfg.years.iter().zip(&versions) {
        let inst_y = version.as_ref().unwrap_or(&inst);
        let label = format!("{}: ", y.year);
        waves.push((
            y.year.to_string(),
            inst_y,
            read_wave(&y.responses, inst_y, &settings, &progress, &label)?,
        ));
    }
    let (_, current_inst, current) = waves.last().expect("config has a year");
    progress.show_step("analysing");
    let mut results = analyse::analyse(
        &current.scores,
        &current.responses,
        current_inst,
        &settings.analysis,
    )?;
    let trend_waves: Vec<analyse::Wave> = waves
        .iter()
        .map(|(year, inst, w)| analyse::Wave {
            year: year.clone(),
            instrument: inst,
            data: &w.scores.data,
        })
        .collect();
    results.trend = analyse::trend(&trend_waves, &results)?;
    if let Some((b, (municipality, attribute))) = &benchmark {
        let pooled = read_wave(&b.responses, &inst, &settings, &progress, "benchmark: ")?;
        results.benchmark = Some(analyse::benchmark(
            &inst,
            &pooled.scores.data,
            attribute,
            municipality,
            results.min_group,
            results.lang,
        )?);
    }
    progress.show_step("drawing the report");
    finish(args, &settings, current_inst, &results, current, &progress)
}

/// The municipality to set against the others and the column that names municipalities,
/// checked before any file is read.
fn benchmark_columns(
    inst: &Instrument,
    cfg: &Config,
    b: &config::Benchmark,
    settings: &Settings,
) -> anyhow::Result<(String, String)> {
    let municipality = settings.municipality.clone().ok_or_else(|| {
        unreadable(format!(
            "{}: [benchmark] needs municipality = \"…\" (which one to set against the others)",
            cfg.dir.join(config::FILE_NAME).display()
        ))
    })?;
    let attribute = match &b.attribute {
        Some(a) => a.clone(),
        None => inst
            .attributes
            .iter()
            .find(|a| a.role == AttributeRole::Gemeente)
            .map(|a| a.id.clone())
            .ok_or_else(|| {
                unreadable(format!(
                    "[benchmark]: instrument {} has no attribute with role \"gemeente\"; name the column with benchmark.attribute",
                    inst.id
                ))
            })?,
    };
    Ok((municipality, attribute))
}

/// Flags override the configuration, which overrides the defaults.
struct Settings {
    analysis: analyse::Options,
    ingest: ingest::Options,
    out: PathBuf,
    municipality: Option<String>,
}

impl Settings {
    fn new(args: &ReportArgs, cfg: Option<&Config>) -> Settings {
        let lang = args.lang.or(cfg.and_then(|c| c.lang)).unwrap_or(Lang::Nl);
        Settings {
            analysis: analyse::Options {
                by: args.by.clone().or(cfg.and_then(|c| c.by.clone())),
                min_group: args
                    .min_group
                    .or(cfg.and_then(|c| c.min_group))
                    .unwrap_or(DEFAULT_MIN_GROUP),
                lang,
                item_posthoc: false,
            },
            ingest: ingest::Options {
                sheet: args.sheet.clone().or(cfg.and_then(|c| c.sheet.clone())),
                min_answered: args
                    .min_answered
                    .or(cfg.and_then(|c| c.min_answered))
                    .unwrap_or(DEFAULT_MIN_ANSWERED),
            },
            out: args
                .out
                .clone()
                .or(cfg.map(|c| c.out.clone()))
                .unwrap_or_else(|| PathBuf::from(config::DEFAULT_OUT)),
            municipality: args
                .gemeente
                .clone()
                .or(cfg.and_then(|c| c.municipality.clone())),
        }
    }
}

/// The configuration's traffic lights replace the instrument's, per scale.
fn override_thresholds(inst: &mut Instrument, cfg: &Config) -> anyhow::Result<()> {
    // `instrument::check` below reports a threshold on a scale the instrument lacks.
    for t in &cfg.thresholds {
        inst.thresholds.retain(|x| x.scale != t.scale);
        inst.thresholds.push(t.clone());
    }
    let problems = instrument::check(inst);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(unreadable(format!(
            "{}: thresholds: {}",
            cfg.dir.join(config::FILE_NAME).display(),
            problems.join("; ")
        )))
    }
}

struct Wave {
    responses: Responses,
    scores: Scores,
}

fn read_wave(
    files: &[PathBuf],
    inst: &Instrument,
    settings: &Settings,
    progress: &Progress,
    label: &str,
) -> anyhow::Result<Wave> {
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name()
                .map_or(f.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect();
    progress.show(&format!("{label}{}", names.join(", ")));
    let responses = ingest::ingest(files, inst, &settings.ingest)?;
    if !progress.quiet {
        progress
            .bar
            .suspend(|| super::commands::print_findings(&responses));
    }
    if responses.data.height() == 0 {
        progress.done();
        return Err(crate::Failure::Findings(format!(
            "{}: no respondents to analyse ({} rows read); is the response sheet still blank?",
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            responses.read
        ))
        .into());
    }
    let scores = score::score(&responses, inst)?;
    progress.step();
    Ok(Wave { responses, scores })
}

fn finish(
    args: &ReportArgs,
    settings: &Settings,
    inst: &Instrument,
    results: &Results,
    wave: &Wave,
    progress: &Progress,
) -> anyhow::Result<i32> {
    let out = &settings.out;
    let render = report::Options {
        out: out.clone(),
        templates: args.templates.clone(),
        date: args.date.clone(),
        gemeente: settings.municipality.clone(),
    };
    report::render(results, &render)?;
    score::write_scores(
        &wave.scores,
        inst,
        &wave.responses.files,
        &out.join("scores.csv"),
    )?;
    progress.done();
    if !args.quiet {
        outln!(
            "wrote {} ({} of {} respondents analysed)",
            out.join("index.html").display(),
            results.respondents.analysed,
            results.respondents.read
        );
    }
    Ok(0)
}

/// A progress bar on stderr while files are read; hidden with --quiet and when stderr is not a
/// terminal (indicatif draws nothing then).
struct Progress {
    bar: ProgressBar,
    quiet: bool,
}

impl Progress {
    fn new(steps: usize, quiet: bool) -> Progress {
        let bar = if quiet || steps < 2 {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new(steps as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
                bar.set_style(style);
            }
            bar
        };
        Progress { bar, quiet }
    }

    fn show(&self, message: &str) {
        self.show_step(&format!("reading {message}"));
    }

    fn show_step(&self, message: &str) {
        self.bar.set_message(message.to_string());
    }

    fn step(&self) {
        self.bar.inc(1);
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}
