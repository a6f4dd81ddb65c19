//! The command line: parses arguments, calls the stages, maps errors to exit codes.

/// println! that does not panic when the reader has gone (`verband … | head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// print! with the same tolerance of a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

mod commands;
mod compare;
mod init;
mod report;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::Failure;
use crate::instrument::Lang;

#[derive(Parser)]
#[command(
    name = "verband",
    version,
    about = "Measure how well a network of public organisations works together."
)]
#[command(after_help = "Run `verband report` without arguments to render the bundled example.")]
pub struct Cli {
    #[command(subcommand)]
    command: TopCommand,
}

// `init` is dispatched here, every other command in `commands::run`.
#[derive(Subcommand)]
enum TopCommand {
    #[command(flatten)]
    Other(Command),
    /// Start a monitor: a folder with verband.toml, the instrument and a blank response sheet.
    #[command(
        after_help = "Example:\n  verband init monitor --municipality Rijnstad\n  \
        verband report --config monitor/verband.toml"
    )]
    Init(init::InitArgs),
}

#[derive(Subcommand)]
enum Command {
    /// Write the HTML report with charts, results.json and scores.csv.
    #[command(
        after_help = "Examples:\n  verband report                                  # the bundled example (voorbeeld/verband.toml)\n  \
        verband report --config monitor/verband.toml    # a monitor over several years\n  \
        verband report --instrument instruments/zwolle-2014.toml --responses data/zwolle-2014.csv \
        --by onderwijstype --out reports/out/zwolle --lang en\n\n\
        Flags override the keys of --config."
    )]
    Report(ReportArgs),
    /// Check response files against an instrument and list every problem (exit 1 if any).
    #[command(
        after_help = "Example:\n  verband validate --instrument instruments/netwerk-effectiviteit.toml \
        --responses data/netwerk-effectiviteit-2025.xlsx"
    )]
    Validate(InputArgs),
    /// Score respondents on dimensions and constructs and write them as csv, xlsx or json.
    #[command(
        after_help = "Example:\n  verband score --instrument instruments/netwerk-effectiviteit.toml \
        --responses data/netwerk-effectiviteit-2025.xlsx --out scores.csv"
    )]
    Score {
        #[command(flatten)]
        input: InputArgs,
        /// Where to write: .csv, .xlsx or .json.
        #[arg(long)]
        out: PathBuf,
    },
    /// Compare groups on numeric columns of any table: descriptives, Levene, ANOVA, Welch, post hoc.
    #[command(
        after_help = "Examples:\n  verband compare tests/fixtures/stats/plantgrowth.csv --by group --value value\n  \
        verband compare data/zwolle-2014.csv --by onderwijstype --instrument instruments/zwolle-2014.toml --json"
    )]
    Compare(CompareArgs),
    /// List, show or check instruments.
    #[command(subcommand)]
    Instrument(InstrumentCommand),
    /// Write a blank response spreadsheet for an instrument.
    #[command(
        after_help = "Example:\n  verband template --instrument instruments/zwolle-2014.toml --out antwoorden.xlsx"
    )]
    Template {
        #[arg(long)]
        instrument: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = Lang::Nl)]
        lang: Lang,
    },
}

#[derive(Args)]
struct InputArgs {
    /// The instrument (TOML).
    #[arg(long)]
    instrument: PathBuf,
    /// Response files (.xlsx, .xls, .ods, .csv); give the flag once per file.
    #[arg(long = "responses", required = true, num_args = 1..)]
    responses: Vec<PathBuf>,
    /// Sheet to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Share of the scored items a respondent must answer to be analysed.
    #[arg(long, default_value_t = 0.5, value_parser = share)]
    min_answered: f64,
}

#[derive(Args)]
struct ReportArgs {
    /// A monitor configuration (verband.toml): instrument, response files per year, benchmark.
    #[arg(long, conflicts_with_all = ["instrument", "responses"])]
    config: Option<PathBuf>,
    /// The instrument (TOML), for a report of one survey.
    #[arg(long)]
    instrument: Option<PathBuf>,
    /// Response files (xlsx, xls, ods, csv); several are read as one survey.
    #[arg(long = "responses", num_args = 1..)]
    responses: Vec<PathBuf>,
    /// Column to compare groups by (default: the instrument's actor type).
    #[arg(long)]
    by: Option<String>,
    /// Output folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the report (default nl).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Smallest group whose statistics are shown.
    #[arg(long)]
    min_group: Option<usize>,
    /// Folder with tera templates that replace the built-in ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Date printed on the report (none by default, so runs are byte-identical).
    #[arg(long)]
    date: Option<String>,
    /// Name of the municipality on the front page.
    #[arg(long)]
    gemeente: Option<String>,
    /// The sheet with the answers (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Share of the questions (0–1) a respondent must answer to be analysed (default 0.5).
    #[arg(long, value_parser = share)]
    min_answered: Option<f64>,
    /// No progress bar and no findings on stderr.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args)]
struct CompareArgs {
    /// A table (.csv, .xlsx, .xls, .ods).
    file: PathBuf,
    /// The grouping column.
    #[arg(long)]
    by: String,
    /// Numeric columns to compare.
    #[arg(long = "value", num_args = 1.., required_unless_present = "instrument", conflicts_with = "instrument")]
    values: Vec<String>,
    /// Compare every construct and item of this instrument instead.
    #[arg(long)]
    instrument: Option<PathBuf>,
    #[arg(long)]
    sheet: Option<String>,
    /// Print the `measures` objects of results.json instead of tables.
    #[arg(long)]
    json: bool,
    #[arg(long, value_enum, default_value_t = Lang::Nl)]
    lang: Lang,
}

#[derive(Subcommand)]
enum InstrumentCommand {
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
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s} is not a share between 0 and 1")),
    }
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let result = match cli.command {
        TopCommand::Init(args) => init::run(args),
        TopCommand::Other(command) => commands::run(command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("verband: {e:#}");
            e.downcast_ref::<Failure>().map_or(2, Failure::exit_code)
        }
    }
}
