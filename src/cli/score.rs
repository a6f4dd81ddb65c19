//! `verband score`: every respondent's dimension and construct scores, as csv, xlsx or json.

use std::path::PathBuf;

use clap::Args;

use super::{InputArgs, Run, finding_line};
use crate::error::Error;
use crate::ingest;
use crate::instrument;
use crate::score;

#[derive(Args)]
pub(super) struct ScoreArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Where to write: .csv, .xlsx or .json.
    #[arg(long)]
    out: PathBuf,
}

pub(super) fn run(args: &ScoreArgs) -> Run {
    let inst = instrument::load(&args.input.instrument)?;
    let responses = ingest::ingest(&args.input.responses, &inst, &args.input.ingest_options())?;
    for f in &responses.findings {
        eprintln!("{}", finding_line(f));
    }
    if responses.data.height() == 0 {
        return Err(Error::Rejected(ingest::nothing_to_analyse(&responses, &inst)).into());
    }
    let scores = score::score(&responses, &inst)?;
    score::write_scores(&scores, &inst, &responses.files, &args.out)?;
    outln!(
        "wrote {} ({} respondents)",
        args.out.display(),
        scores.data.height()
    );
    Ok(0)
}
