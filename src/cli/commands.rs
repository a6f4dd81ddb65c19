//! One function per command: read, call the stages, print.

use std::path::Path;

use super::{Command, InputArgs, InstrumentCommand};
use crate::Failure;
use crate::ingest::{self, Responses};
use crate::instrument::{self, Instrument, Lang};

pub(super) fn run(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Instrument(InstrumentCommand::Check { files }) => check(&files),
        Command::Instrument(InstrumentCommand::Show { file, json, lang }) => {
            show(&file, json, lang)
        }
        Command::Instrument(InstrumentCommand::List) => list(),
        Command::Template {
            instrument,
            out,
            lang,
        } => {
            let inst = instrument::load(&instrument)?;
            instrument::write_template(&inst, lang, &out)?;
            outln!("wrote {} ({} columns)", out.display(), inst.columns().len());
            Ok(0)
        }
        Command::Validate(input) => validate(&input),
        Command::Score { input, out } => {
            let (inst, responses) = read_input(&input)?;
            print_findings(&responses);
            let scores = crate::score::score(&responses, &inst)?;
            crate::score::write_scores(&scores, &inst, &responses.files, &out)?;
            outln!(
                "wrote {} ({} respondents)",
                out.display(),
                scores.data.height()
            );
            Ok(0)
        }
        Command::Compare(args) => super::compare::run(args),
        Command::Report(args) => super::report::run(args),
    }
}

fn check(files: &[std::path::PathBuf]) -> anyhow::Result<i32> {
    let mut bad = 0;
    for file in files {
        let problems = match instrument::parse(file) {
            Ok(inst) => instrument::check(&inst)
                .into_iter()
                .map(|p| format!("{}: {p}", file.display()))
                .collect(),
            // The reader's message already names the file.
            Err(e) => vec![e.to_string()],
        };
        if problems.is_empty() {
            outln!("{}: ok", file.display());
        } else {
            bad += 1;
            for p in problems {
                outln!("{p}");
            }
        }
    }
    if bad > 0 {
        return Err(Failure::Findings(format!(
            "{bad} of {} instruments have problems",
            files.len()
        ))
        .into());
    }
    Ok(0)
}

fn show(file: &Path, json: bool, lang: Lang) -> anyhow::Result<i32> {
    let inst = instrument::load(file)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&inst)?);
        return Ok(0);
    }
    outln!(
        "{} (version {}): {}",
        inst.id,
        inst.version,
        inst.title.get(lang)
    );
    outln!("{}\n", inst.description.get(lang));
    for c in &inst.constructs {
        outln!("{} [{}]", c.label.get(lang), c.id);
        for item in c.all_items() {
            let reverse = if item.reverse { " (reversed)" } else { "" };
            let text = instrument::pick(lang, &item.nl, &item.en);
            outln!("  {:<16} {text} [{}]{reverse}", item.id, item.scale);
        }
    }
    for r in inst.relational_columns() {
        outln!("  {:<16} {} [{}]", r.id, r.text(lang), r.scale.id);
    }
    for s in &inst.scales {
        let points: Vec<String> = s
            .points
            .iter()
            .map(|p| format!("{} {}", p.code, instrument::pick(lang, &p.nl, &p.en)))
            .collect();
        outln!("scale {}: {}", s.id, points.join(" · "));
    }
    Ok(0)
}

fn list() -> anyhow::Result<i32> {
    for file in instrument::list(Path::new(instrument::SHIPPED_DIR))? {
        match instrument::parse(&file) {
            Ok(inst) => outln!(
                "{:<40} {} v{}: {}",
                file.display(),
                inst.id,
                inst.version,
                inst.title.nl
            ),
            Err(e) => outln!("{:<40} unreadable: {e}", file.display()),
        }
    }
    Ok(0)
}

pub(super) fn read_input(input: &InputArgs) -> anyhow::Result<(Instrument, Responses)> {
    let inst = instrument::load(&input.instrument)?;
    let opts = ingest::Options {
        sheet: input.sheet.clone(),
        min_answered: input.min_answered,
    };
    let responses = ingest::ingest(&input.responses, &inst, &opts)?;
    Ok((inst, responses))
}

pub(super) fn print_findings(responses: &Responses) {
    for f in &responses.findings {
        eprintln!("{f}");
    }
}

fn validate(input: &InputArgs) -> anyhow::Result<i32> {
    let (_, responses) = read_input(input)?;
    for f in &responses.findings {
        outln!("{f}");
    }
    for x in &responses.excluded {
        outln!("{}, row {}: excluded: {}", x.file, x.row, x.reason);
    }
    let analysed = responses.data.height();
    outln!(
        "read {} rows: {analysed} analysed, {} excluded; {} findings",
        responses.read,
        responses.excluded.len(),
        responses.findings.len()
    );
    for ignored in &responses.ignored_columns {
        outln!("ignored export column {ignored}");
    }
    if responses.findings.is_empty() {
        Ok(0)
    } else {
        Ok(1)
    }
}
