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

/// Scores a part of the respondents at a time as the reader hands them over, and writes them
/// as they come: a million respondents in little more memory than the file.
pub(super) fn run(args: &ScoreArgs) -> Run {
    let inst = instrument::load(&args.input.instrument)?;
    let files = &args.input.responses;
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let written = score::write_scores(&args.out, &inst, &names, |sink| {
        let responses = ingest::ingest_with(files, &inst, &args.input.ingest_options(), |rows| {
            sink.write(score::score_rows(rows, &inst)?)
        })?;
        for f in &responses.findings {
            eprintln!("{}", finding_line(f));
        }
        if sink.rows() == 0 {
            return Err(Error::Rejected(ingest::nothing_to_analyse(
                &responses, &inst,
            )));
        }
        Ok(())
    })?;
    outln!("wrote {} ({written} respondents)", args.out.display());
    Ok(0)
}
