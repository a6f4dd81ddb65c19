//! `verband init DIR`: a new monitor folder with a starter `verband.toml`, a copy of the
//! instrument and the blank response template of the first year. Never overwrites a file.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use clap::Args;

use super::{Run, Stop};
use crate::config;
use crate::error::{Error, Result};
use crate::instrument::{self, Instrument};
use crate::lang::Lang;

/// The default instrument, built in so that `init` works from any folder.
const SHIPPED: &str = include_str!("../../instruments/netwerk-effectiviteit.toml");
const SHIPPED_NAME: &str = "instruments/netwerk-effectiviteit.toml";
/// The name of the instrument's copy in the monitor folder.
const INSTRUMENT_FILE: &str = "instrument.toml";

#[derive(Args)]
pub(super) struct InitArgs {
    /// The monitor folder; created when needed, and must not contain verband.toml yet.
    dir: PathBuf,
    /// The instrument to copy into the folder (default: the shipped netwerk-effectiviteit.toml).
    #[arg(long)]
    instrument: Option<PathBuf>,
    /// Name of the municipality, shown on the report.
    #[arg(long)]
    municipality: Option<String>,
    /// Year of the first survey round (default: the current year).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=2999))]
    year: Option<i32>,
}

/// The three files that `init` writes.
struct Paths {
    config: PathBuf,
    instrument: PathBuf,
    template: PathBuf,
}

pub(super) fn run(args: &InitArgs) -> Run {
    let year = args.year.unwrap_or_else(|| chrono::Utc::now().year());
    let dir = &args.dir;
    let paths = Paths {
        config: dir.join(config::FILE_NAME),
        instrument: dir.join(INSTRUMENT_FILE),
        template: dir.join(format!("antwoorden-{year}.xlsx")),
    };

    if exists(&paths.config) {
        return Err(Error::usage(format!(
            "{} already exists; verband init never overwrites a configuration. \
             Edit that file, or choose a new folder",
            paths.config.display()
        ))
        .into());
    }
    if exists(dir) && !dir.is_dir() {
        return Err(Error::usage(format!("{}: exists and is not a folder", dir.display())).into());
    }

    // Read and check the instrument before anything is written.
    let (text, inst, source) = read_instrument(args)?;
    // `--instrument DIR/instrument.toml` is used where it is, not copied onto itself.
    let in_place = args
        .instrument
        .as_deref()
        .is_some_and(|f| same_file(f, &paths.instrument));
    let mut ours = vec![&paths.template];
    if !in_place {
        ours.push(&paths.instrument);
    }
    refuse_existing(&ours)?;

    let created_dir = !exists(dir);
    crate::files::create_folder(dir)?;
    let mut written = Vec::new();
    let result = write_all(
        args,
        year,
        &text,
        &inst,
        in_place,
        [&paths.instrument, &paths.template, &paths.config],
        &mut written,
    );
    if let Err(e) = result {
        // Leave the folder as it was.
        for path in written.iter().rev() {
            let _ = fs::remove_file(path);
        }
        if created_dir {
            let _ = fs::remove_dir(dir);
        }
        return Err(e.into());
    }
    report_written(&paths, &inst, in_place, &source)?;
    Ok(0)
}

/// The instrument's text, the instrument, and where it came from: the file given, or the
/// built-in one.
fn read_instrument(args: &InitArgs) -> Result<(String, Instrument, String)> {
    Ok(match &args.instrument {
        Some(file) => {
            let inst = instrument::load(file)?;
            let text = crate::files::read_text(file, instrument::MAX_FILE_BYTES)?;
            (text, inst, file.display().to_string())
        }
        None => (SHIPPED.to_string(), shipped()?, SHIPPED_NAME.to_string()),
    })
}

/// Refuses when any of the files to be written exists already.
fn refuse_existing(paths: &[&PathBuf]) -> Result<()> {
    for path in paths {
        if exists(path) {
            return Err(Error::usage(format!(
                "{} already exists; verband init never overwrites a file. \
                 Move it away, or choose a new folder",
                path.display()
            )));
        }
    }
    Ok(())
}

/// What was written, and what to do next.
fn report_written(
    paths: &Paths,
    inst: &Instrument,
    in_place: bool,
    source: &str,
) -> std::result::Result<(), Stop> {
    if in_place {
        outln!(
            "using {} ({} version {})",
            paths.instrument.display(),
            inst.id,
            inst.version
        );
    } else {
        outln!(
            "wrote {} (copy of {source}: {} version {})",
            paths.instrument.display(),
            inst.id,
            inst.version
        );
    }
    outln!(
        "wrote {} (blank response template, {} columns)",
        paths.template.display(),
        inst.columns().len()
    );
    outln!(
        "wrote {} (the monitor configuration)",
        paths.config.display()
    );
    outln!();
    outln!("Next:");
    outln!(
        "  1. Fill in {}: one row per respondent (or save the survey tool's export under that name).",
        paths.template.display()
    );
    outln!("  2. verband report --config {}", shell(&paths.config));
    Ok(())
}

fn write_all(
    args: &InitArgs,
    year: i32,
    text: &str,
    inst: &Instrument,
    in_place: bool,
    [instrument_path, template_path, config_path]: [&PathBuf; 3],
    written: &mut Vec<PathBuf>,
) -> Result<()> {
    if !in_place {
        create_new(instrument_path, text)?;
        written.push(instrument_path.clone());
    }
    instrument::write_template(inst, Lang::Nl, template_path)?;
    written.push(template_path.clone());
    let starter = config::starter(INSTRUMENT_FILE, year, args.municipality.as_deref());
    create_new(config_path, &starter)?;
    written.push(config_path.clone());
    Ok(())
}

/// The built-in instrument, parsed and checked.
fn shipped() -> Result<Instrument> {
    let inst: Instrument = toml::from_str(SHIPPED)
        .map_err(|e| Error::Internal(format!("the built-in {SHIPPED_NAME} does not parse: {e}")))?;
    let problems = instrument::check(&inst);
    if !problems.is_empty() {
        return Err(Error::Internal(format!(
            "the built-in {SHIPPED_NAME} is not valid:\n  {}",
            problems.join("\n  ")
        )));
    }
    Ok(inst)
}

/// Writes a file that must not exist yet.
fn create_new(path: &Path, text: &str) -> Result<()> {
    let fail =
        |e: std::io::Error| Error::Unwritable(format!("{}: cannot write: {e}", path.display()));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)
}

/// True also for a dangling symlink, which a write would follow.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A path as a shell word: quoted when it holds anything but plain characters.
fn shell(path: &Path) -> String {
    let s = path.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:,".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
