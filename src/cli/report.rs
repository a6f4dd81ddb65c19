//! `verband report`: flags and a monitor configuration become a `Plan`; the pipeline computes
//! the results and the report renders them. With no arguments it renders the bundled example.

use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::{ReadArgs, Run, finding_line};
use crate::analyse::{self, DEFAULT_MIN_GROUP};
use crate::config::{self, Config};
use crate::error::Error;
use crate::ingest::Finding;
use crate::instrument::Instrument;
use crate::lang::Lang;
use crate::pipeline::{self, BenchmarkPlan, Plan, Progress, Round};
use crate::report;
use crate::results::About;
use crate::score;

const EXAMPLE_CONFIG: &str = "voorbeeld/verband.toml";

pub(super) const HELP: &str = "Examples:\n  verband report                                  # the bundled example (voorbeeld/verband.toml)\n  \
    verband report --config monitor/verband.toml    # a monitor over several years\n  \
    verband report --instrument instruments/zwolle-2014.toml --responses data/zwolle-2014.csv \
    --by onderwijstype --out reports/out/zwolle --lang en\n\n\
    Flags override the keys of --config. The report folder holds no respondent-level data; \
    write the scores per respondent elsewhere with --scores.";

#[derive(Args)]
pub(super) struct ReportArgs {
    /// A monitor configuration (verband.toml): instrument, response files per year, benchmark.
    #[arg(long, conflicts_with_all = ["instrument", "responses", "year"])]
    config: Option<PathBuf>,
    /// The instrument (TOML), for a report of one survey.
    #[arg(long)]
    instrument: Option<PathBuf>,
    /// Response files (xlsx, xls, ods, csv); several are read as one survey.
    #[arg(long = "responses", num_args = 1..)]
    responses: Vec<PathBuf>,
    /// Column to compare groups by (default: the instrument's actor type).
    #[arg(long)]
    by: Option<String>,
    /// Output folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the report (default nl).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Smallest group whose statistics are shown.
    #[arg(long)]
    min_group: Option<usize>,
    /// Folder with tera templates that replace the built-in ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Date printed on the report (none by default, so runs are byte-identical; with --pdf,
    /// today). An ISO date (2026-06-12) is written out in the report's language.
    #[arg(long)]
    date: Option<String>,
    /// Also print the report to rapport.pdf (A4) beside index.html, through a Chromium, Chrome
    /// or Edge found on this machine.
    #[arg(long)]
    pdf: bool,
    /// Name of the municipality on the front page.
    #[arg(long, alias = "gemeente")]
    municipality: Option<String>,
    #[command(flatten)]
    reading: ReadArgs,
    /// Also write every respondent's scores (csv, xlsx or json) to this file, which should
    /// lie outside the report folder: the report is for publication, the scores are not.
    #[arg(long)]
    scores: Option<PathBuf>,
    /// No progress bar and no findings on stderr.
    #[arg(long)]
    quiet: bool,
}

pub(super) fn run(args: ReportArgs) -> Run {
    let example = args.config.is_none() && args.instrument.is_none() && args.responses.is_empty();
    if example && !Path::new(EXAMPLE_CONFIG).exists() {
        return Err(Error::usage(format!(
            "no arguments runs the bundled example ({EXAMPLE_CONFIG}), which is not here: run it \
             from the verband folder, or give --config or --instrument and --responses"
        ))
        .into());
    }
    let config = match &args.config {
        Some(path) => Some(config::load(path)?),
        None if example => Some(config::load(Path::new(EXAMPLE_CONFIG))?),
        None => None,
    };
    let (plan, settings) = plan(&args, config.as_ref())?;
    if let Some(scores) = &args.scores {
        refuse_inside(scores, &settings.out)?;
    }
    let progress = Bar::new(pipeline::steps(&plan), args.quiet);
    let outcome = pipeline::run(&plan, &progress);
    progress.bar.finish_and_clear();
    let outcome = outcome?;
    if let Some(c) = &config {
        known_parts(c, &outcome.current.instrument)?;
    }
    report::render(&outcome.results, &settings)?;
    if args.pdf {
        let pdf = report::pdf::print(&settings.out)?;
        if !args.quiet {
            outln!("wrote {}", pdf.display());
        }
    }
    if let Some(path) = &args.scores {
        let current = &outcome.current;
        score::write_scores(
            path,
            &current.instrument,
            &current.responses.files,
            |sink| sink.write(current.scores.data.clone()),
        )?;
    }
    if !args.quiet {
        let r = &outcome.results.respondents;
        outln!(
            "wrote {} ({} of {} respondents analysed)",
            settings.out.join("index.html").display(),
            r.analysed,
            r.read
        );
    }
    Ok(0)
}

/// Flags over the configuration over the defaults: what to compute and how to render it.
fn plan(args: &ReportArgs, cfg: Option<&Config>) -> Result<(Plan, report::Options), Error> {
    let from_cfg = |f: fn(&Config) -> Option<String>| cfg.and_then(f);
    let municipality = args
        .municipality
        .clone()
        .or(from_cfg(|c| c.municipality.clone()));
    let (instrument, rounds) = match cfg {
        Some(c) => (c.instruments.clone(), rounds(c)),
        None => single(args)?,
    };
    let benchmark = match cfg.and_then(|c| c.benchmark.as_ref()) {
        Some(b) => Some(BenchmarkPlan {
            responses: b.responses.clone(),
            attribute: b.attribute.clone(),
            municipality: municipality.clone().ok_or_else(|| {
                Error::usage(format!(
                    "{}: [benchmark] needs municipality = \"…\" (which one to set against the others)",
                    cfg.map_or(PathBuf::new(), |c| c.dir.join(config::FILE_NAME)).display()
                ))
            })?,
        }),
        None => None,
    };
    let plan = Plan {
        instrument,
        thresholds: cfg.map_or(vec![], |c| c.thresholds.clone()),
        rounds,
        benchmark,
        ingest: args.reading.options(cfg),
        analysis: analyse::Plan {
            by: args.by.clone().or(from_cfg(|c| c.by.clone())),
            min_group: args
                .min_group
                .or(cfg.and_then(|c| c.min_group))
                .unwrap_or(DEFAULT_MIN_GROUP),
            // Evaluators compare PO, VO and MBO item by item; the appendix shows the pairs.
            item_posthoc: true,
            invited: cfg.map_or_else(Default::default, |c| c.invited.clone()),
            about: About {
                municipality,
                date: args.date.clone().or_else(|| args.pdf.then(today)),
                fieldwork: cfg.and_then(|c| c.fieldwork.clone()),
                contact: cfg.and_then(|c| c.contact.clone()),
                commentary: cfg.map_or_else(Default::default, |c| c.commentary.clone()),
                actions: cfg.map_or_else(Default::default, |c| c.actions.clone()),
            },
        },
    };
    let render = report::Options {
        out: args
            .out
            .clone()
            .or(cfg.map(|c| c.out.clone()))
            .unwrap_or_else(|| PathBuf::from(config::DEFAULT_OUT)),
        lang: args.lang.or(cfg.and_then(|c| c.lang)).unwrap_or_default(),
        templates: args.templates.clone(),
    };
    Ok((plan, render))
}

/// Today as an ISO date: a printed report carries the day it was made.
fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

/// `[duiding]` and `[aanbevelingen]` name constructs of the instrument.
fn known_parts(cfg: &Config, inst: &Instrument) -> Result<(), Error> {
    let ids: Vec<&str> = inst
        .constructs
        .iter()
        .filter(|c| inst.is_scored(c))
        .map(|c| c.id.as_str())
        .collect();
    let file = cfg.dir.join(config::FILE_NAME);
    let unknown: Vec<String> = [
        ("duiding", &cfg.commentary),
        ("aanbevelingen", &cfg.actions),
    ]
    .iter()
    .flat_map(|(section, c)| c.parts.keys().map(move |k| (section, k)))
    .filter(|(_, k)| !ids.contains(&k.as_str()))
    .map(|(section, k)| {
        format!(
            "{}: {section}.{k}: no such part in the instrument; use \"{}\" or one of: {}",
            file.display(),
            config::GENERAL,
            ids.join(", ")
        )
    })
    .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Error::usage(unknown.join("\n")))
    }
}

type Survey = (Vec<PathBuf>, Vec<Round>);

/// One instrument and its response files: the report of one survey.
fn single(args: &ReportArgs) -> Result<Survey, Error> {
    let Some(path) = &args.instrument else {
        return Err(Error::usage(
            "--responses needs --instrument (or use --config)",
        ));
    };
    if args.responses.is_empty() {
        return Err(Error::usage(
            "--instrument needs at least one --responses file",
        ));
    }
    let round = Round {
        year: args.reading.year,
        responses: args.responses.clone(),
        instrument: None,
    };
    Ok((vec![path.clone()], vec![round]))
}

fn rounds(cfg: &Config) -> Vec<Round> {
    cfg.years
        .iter()
        .map(|y| Round {
            year: Some(y.year),
            responses: y.responses.clone(),
            instrument: y.instruments.clone(),
        })
        .collect()
}

/// A progress bar on stderr while files are read; hidden with --quiet and when stderr is not a
/// terminal (indicatif draws nothing then). Findings go to stderr unless --quiet.
struct Bar {
    bar: ProgressBar,
    quiet: bool,
}

impl Bar {
    fn new(steps: usize, quiet: bool) -> Bar {
        let bar = if quiet || steps < 2 {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new(steps as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
                bar.set_style(style);
            }
            bar
        };
        Bar { bar, quiet }
    }
}

impl Progress for Bar {
    fn step(&self, what: &str) {
        self.bar.set_message(what.to_string());
    }

    fn findings(&self, findings: &[Finding]) {
        if !self.quiet {
            self.bar.suspend(|| {
                for f in findings {
                    eprintln!("{}", finding_line(f));
                }
            });
        }
    }

    fn done(&self) {
        self.bar.inc(1);
    }
}

/// The report folder is for publication: respondent-level scores may not be written into it.
fn refuse_inside(scores: &Path, out: &Path) -> Result<(), Error> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if absolute(scores).starts_with(absolute(out)) {
        return Err(Error::usage(format!(
            "--scores {}: inside the report folder {}, which is published; write the scores \
             per respondent elsewhere",
            scores.display(),
            out.display()
        )));
    }
    Ok(())
}
