//! `verband validate`: how each response file was read (its header rows, the survey tool's
//! metadata columns passed over), then every problem by file, sheet and cell.

use super::{InputArgs, Run, finding_line};
use crate::ingest::{self, Numbering};
use crate::instrument;
use crate::lang::Lang;
use crate::report::exclusion_text;

pub(super) fn run(args: &InputArgs) -> Run {
    let inst = instrument::load(&args.instrument)?;
    // Only how many rows are kept matters here, not the rows.
    let mut analysed = 0;
    let responses = ingest::ingest_with(&args.responses, &inst, &args.ingest_options(), |rows| {
        analysed += rows.height();
        Ok(())
    })?;
    for layout in &responses.layouts {
        let (first, last) = layout.header_rows;
        let rows = if first == last {
            format!("row {first}")
        } else {
            format!("rows {first}–{last}")
        };
        let numbers = match layout.numbering {
            Numbering::Codes => "",
            Numbering::Positions => "; numbers in answers read as positions in the option list",
            Numbering::CodesThenPositions => {
                "; numbers in answers read as Qualtrics writes them: a category by its position, \
                 a scale answer by its code or else its position"
            }
        };
        outln!("{}: header {rows}{numbers}", layout.place);
        if !layout.metadata.is_empty() {
            let columns = layout.metadata.join(", ");
            outln!(
                "{}: ignored (survey-tool metadata): {columns}",
                layout.place
            );
        }
    }
    for f in &responses.findings {
        outln!("{}", finding_line(f));
    }
    for x in &responses.excluded {
        let reason = exclusion_text(x, Lang::En);
        let rows = if x.through.is_some() { "rows" } else { "row" };
        outln!("{}, {rows} {}: excluded: {reason}", x.file, x.rows_text());
    }
    outln!(
        "read {} rows: {} analysed, {} excluded; {} findings",
        responses.read,
        analysed,
        ingest::excluded_rows(&responses.excluded),
        responses.findings.len()
    );
    if analysed == 0 {
        outln!("{}", ingest::nothing_to_analyse(&responses, &inst));
    }
    Ok(i32::from(!responses.findings.is_empty()))
}
