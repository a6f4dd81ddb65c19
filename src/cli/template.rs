//! `verband template`: a blank response spreadsheet for an instrument.

use std::path::PathBuf;

use clap::Args;

use super::Run;
use crate::instrument;
use crate::lang::Lang;

#[derive(Args)]
pub(super) struct TemplateArgs {
    #[arg(long)]
    instrument: PathBuf,
    #[arg(long)]
    out: PathBuf,
    #[arg(long, value_enum, default_value_t = Lang::Nl)]
    lang: Lang,
}

pub(super) fn run(args: &TemplateArgs) -> Run {
    let inst = instrument::load(&args.instrument)?;
    instrument::write_template(&inst, args.lang, &args.out)?;
    outln!(
        "wrote {} ({} columns)",
        args.out.display(),
        inst.columns().len()
    );
    Ok(0)
}
