//! `verband validate`: every problem in the response files, by file, sheet and cell.

use super::{InputArgs, Run, finding_line};
use crate::i18n::phrase;
use crate::ingest;
use crate::instrument;
use crate::lang::Lang;

pub(super) fn run(args: &InputArgs) -> Run {
    let inst = instrument::load(&args.instrument)?;
    let responses = ingest::ingest(&args.responses, &inst, &args.ingest_options())?;
    for f in &responses.findings {
        outln!("{}", finding_line(f));
    }
    for x in &responses.excluded {
        let reason = phrase("exclusion", &x.reason, Lang::En);
        outln!("{}, row {}: excluded: {reason}", x.file, x.row);
    }
    outln!(
        "read {} rows: {} analysed, {} excluded; {} findings",
        responses.read,
        responses.data.height(),
        responses.excluded.len(),
        responses.findings.len()
    );
    for ignored in &responses.ignored_columns {
        outln!("ignored export column {ignored}");
    }
    Ok(i32::from(!responses.findings.is_empty()))
}
