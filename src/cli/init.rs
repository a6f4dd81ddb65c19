//! `verband init DIR`: a new monitor folder with a starter `verband.toml`, a copy of the
//! instrument and the blank response template of the first year. Never overwrites a file.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Args;

use crate::config;
use crate::instrument::{self, Instrument, Lang};
use crate::unreadable;

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

pub(super) fn run(args: InitArgs) -> anyhow::Result<i32> {
    let year = match args.year {
        Some(y) => y,
        None => current_year()?,
    };
    let dir = &args.dir;
    let config_path = dir.join(config::FILE_NAME);
    let instrument_path = dir.join(INSTRUMENT_FILE);
    let template_path = dir.join(format!("antwoorden-{year}.xlsx"));

    if exists(&config_path) {
        return Err(unreadable(format!(
            "{} already exists; verband init never overwrites a configuration. \
             Edit that file, or choose a new folder",
            config_path.display()
        )));
    }
    if exists(dir) && !dir.is_dir() {
        return Err(unreadable(format!(
            "{}: exists and is not a folder",
            dir.display()
        )));
    }

    // Read and check the instrument before anything is written.
    let (text, inst, source) = match &args.instrument {
        Some(file) => {
            let inst = instrument::load(file)?;
            let text = fs::read_to_string(file)
                .map_err(|e| unreadable(format!("{}: cannot read: {e}", file.display())))?;
            (text, inst, file.display().to_string())
        }
        None => (SHIPPED.to_string(), shipped()?, SHIPPED_NAME.to_string()),
    };
    // `--instrument DIR/instrument.toml` is used where it is, not copied onto itself.
    let in_place = args
        .instrument
        .as_deref()
        .is_some_and(|f| same_file(f, &instrument_path));
    let mut ours = vec![&template_path];
    if !in_place {
        ours.push(&instrument_path);
    }
    for path in ours {
        if exists(path) {
            return Err(unreadable(format!(
                "{} already exists; verband init never overwrites a file. \
                 Move it away, or choose a new folder",
                path.display()
            )));
        }
    }

    let created_dir = !exists(dir);
    fs::create_dir_all(dir)
        .map_err(|e| unreadable(format!("{}: cannot create the folder: {e}", dir.display())))?;
    let mut written = Vec::new();
    let result = write_all(
        &args,
        year,
        &text,
        &inst,
        in_place,
        [&instrument_path, &template_path, &config_path],
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
        return Err(e);
    }

    if in_place {
        outln!(
            "using {} ({} version {})",
            instrument_path.display(),
            inst.id,
            inst.version
        );
    } else {
        outln!(
            "wrote {} (copy of {source}: {} version {})",
            instrument_path.display(),
            inst.id,
            inst.version
        );
    }
    outln!(
        "wrote {} (blank response template, {} columns)",
        template_path.display(),
        inst.columns().len()
    );
    outln!(
        "wrote {} (the monitor configuration)",
        config_path.display()
    );
    outln!();
    outln!("Next:");
    outln!(
        "  1. Fill in {}: one row per respondent (or save the survey tool's export under that name).",
        template_path.display()
    );
    outln!("  2. verband report --config {}", shell(&config_path));
    Ok(0)
}

fn write_all(
    args: &InitArgs,
    year: i32,
    text: &str,
    inst: &Instrument,
    in_place: bool,
    [instrument_path, template_path, config_path]: [&PathBuf; 3],
    written: &mut Vec<PathBuf>,
) -> anyhow::Result<()> {
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
fn shipped() -> anyhow::Result<Instrument> {
    let inst: Instrument = toml::from_str(SHIPPED).map_err(|e| {
        unreadable(format!(
            "the built-in {SHIPPED_NAME} does not parse (a bug): {e}"
        ))
    })?;
    let problems = instrument::check(&inst);
    if !problems.is_empty() {
        return Err(unreadable(format!(
            "the built-in {SHIPPED_NAME} is not valid (a bug):\n  {}",
            problems.join("\n  ")
        )));
    }
    Ok(inst)
}

/// Writes a file that must not exist yet.
fn create_new(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| unreadable(format!("{}: cannot create: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| unreadable(format!("{}: cannot write: {e}", path.display())))
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

/// This year (UTC) from the system clock.
fn current_year() -> anyhow::Result<i32> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| unreadable("the system clock is before 1970; give --year"))?
        .as_secs();
    Ok(civil_from_days((secs / 86_400) as i64).0)
}

/// (year, month, day) of a day counted from 1970-01-01, in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_from_days_matches_known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(59), (1970, 3, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(19_722), (2023, 12, 31));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_088), (2024, 12, 31));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
    }

    #[test]
    fn the_shipped_instrument_is_valid() {
        shipped().unwrap();
    }

    #[test]
    fn shell_quotes_only_when_needed() {
        assert_eq!(shell(Path::new("mon/verband.toml")), "mon/verband.toml");
        assert_eq!(shell(Path::new("my mon/v.toml")), "'my mon/v.toml'");
        assert_eq!(shell(Path::new("it's/v.toml")), r"'it'\''s/v.toml'");
    }
}
