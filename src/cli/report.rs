//! `verband report`: ingest, score, analyse and render; with no arguments, the bundled example.

use std::path::PathBuf;

use super::ReportArgs;
use crate::analyse;
use crate::ingest;
use crate::instrument::{self, Lang};
use crate::report;

const EXAMPLE_INSTRUMENT: &str = "instruments/netwerk-effectiviteit.toml";
const EXAMPLE_RESPONSES: &str = "data/netwerk-effectiviteit-2025.xlsx";
const EXAMPLE_OUT: &str = "reports/out/voorbeeld";
const DEFAULT_MIN_GROUP: usize = 5;

pub(super) fn run(args: ReportArgs) -> anyhow::Result<i32> {
    if let Some(config) = &args.config {
        return Err(crate::unreadable(format!(
            "{}: monitor configurations (verband.toml) are not supported yet; give --instrument and --responses",
            config.display()
        )));
    }
    let example = args.instrument.is_none() && args.responses.is_empty();
    let instrument_path = args
        .instrument
        .clone()
        .unwrap_or_else(|| PathBuf::from(EXAMPLE_INSTRUMENT));
    let responses = if example {
        vec![PathBuf::from(EXAMPLE_RESPONSES)]
    } else {
        args.responses.clone()
    };
    if responses.is_empty() {
        return Err(crate::unreadable(
            "--instrument needs at least one --responses file",
        ));
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(EXAMPLE_OUT));
    let lang = args.lang.unwrap_or(Lang::Nl);
    let inst = instrument::load(&instrument_path)?;
    let opts = ingest::Options {
        sheet: args.sheet.clone(),
        min_answered: args.min_answered.unwrap_or(0.5),
    };
    let responses = ingest::ingest(&responses, &inst, &opts)?;
    if !args.quiet {
        super::commands::print_findings(&responses);
    }
    let scores = crate::score::score(&responses, &inst)?;
    let analysis = analyse::Options {
        by: args.by.clone(),
        min_group: args.min_group.unwrap_or(DEFAULT_MIN_GROUP),
        lang,
        item_posthoc: false,
    };
    let results = analyse::analyse(&scores, &responses, &inst, &analysis)?;
    let gemeente = args
        .gemeente
        .clone()
        .or_else(|| example.then(|| "Voorbeeldstad".to_string()));
    let render = report::Options {
        out: out.clone(),
        templates: args.templates.clone(),
        date: args.date.clone(),
        gemeente,
    };
    report::render(&results, &render)?;
    crate::score::write_scores(&scores, &inst, &responses.files, &out.join("scores.csv"))?;
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
