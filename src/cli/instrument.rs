//! `verband instrument check | show | list | export`.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::Run;
use crate::error::Error;
use crate::instrument::export::Tool;
use crate::instrument::{self, SHIPPED_DIR};
use crate::lang::{Lang, pick};

#[derive(Subcommand)]
pub(super) enum InstrumentCommand {
    /// Check instrument files; every problem names the file and the key.
    #[command(after_help = "Example:\n  verband instrument check instruments/*.toml")]
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show an instrument readably, or as JSON.
    #[command(
        after_help = "Example:\n  verband instrument show instruments/zwolle-2014.toml --json"
    )]
    Show {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t = Lang::Nl)]
        lang: Lang,
    },
    /// List the shipped instruments.
    #[command(after_help = "Example:\n  verband instrument list")]
    List,
    /// Write the survey for LimeSurvey (.txt), Qualtrics (.txt) or Google Forms (.gs), with
    /// codes that read back to the instrument's columns (docs/survey-tools.md).
    #[command(
        after_help = "Example:\n  verband instrument export instruments/netwerk-effectiviteit.toml \
        --to limesurvey --out enquete.txt"
    )]
    Export {
        /// The instrument (TOML).
        file: PathBuf,
        /// The survey tool to write for.
        #[arg(long, value_enum)]
        to: Tool,
        /// The survey's language; a LimeSurvey file holds both, with this one as the base.
        #[arg(long, value_enum, default_value_t = Lang::Nl)]
        lang: Lang,
        /// Where to write the definition (.txt for LimeSurvey and Qualtrics, .gs for Google).
        #[arg(long)]
        out: PathBuf,
    },
}

pub(super) fn run(command: InstrumentCommand) -> Run {
    match command {
        InstrumentCommand::Check { files } => check(&files),
        InstrumentCommand::Show { file, json, lang } => show(&file, json, lang),
        InstrumentCommand::List => list(),
        InstrumentCommand::Export {
            file,
            to,
            lang,
            out,
        } => export(&file, to, lang, &out),
    }
}

fn check(files: &[PathBuf]) -> Run {
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
        return Err(Error::Rejected(format!(
            "{bad} of {} instruments have problems",
            files.len()
        ))
        .into());
    }
    Ok(0)
}

fn show(file: &Path, json: bool, lang: Lang) -> Run {
    let inst = instrument::load(file)?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&inst).map_err(Error::from)?
        );
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
            let text = pick(lang, &item.nl, &item.en);
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
            .map(|p| format!("{} {}", p.code, pick(lang, &p.nl, &p.en)))
            .collect();
        outln!("scale {}: {}", s.id, points.join(" · "));
    }
    Ok(0)
}

fn list() -> Run {
    for file in instrument::list(Path::new(SHIPPED_DIR))? {
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

fn export(file: &Path, to: Tool, lang: Lang, out: &Path) -> Run {
    let inst = instrument::load(file)?;
    let text = instrument::export::export(&inst, to, lang)?;
    crate::files::write(out, text.as_bytes())?;
    outln!(
        "wrote {} ({} survey for {})",
        out.display(),
        to.name(),
        inst.id
    );
    let by_hand = instrument::export::required_by_hand(&inst, to);
    if !by_hand.is_empty() {
        // Qualtrics' Advanced Format has no comments and no required flag: say it here.
        eprintln!(
            "note: {} cannot mark answers as required in this format; after import, set \
             \"Force response\" on: {}",
            to.name(),
            by_hand.join(", ")
        );
    }
    Ok(0)
}
