//! The command line: parses arguments, calls the library, prints, and is the one place where
//! an outcome becomes an exit code (0 success, 1 the input was read but has problems, 2
//! unreadable input or a usage error).

/// println! that stops the command quietly when the reader has gone (`verband … | head`) and
/// fails on any other write error.
macro_rules! outln {
    () => {
        $crate::cli::print(format_args!("\n"))?
    };
    ($($arg:tt)*) => {
        $crate::cli::print(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

mod compare;
mod init;
mod instrument;
mod report;
mod score;
mod template;
mod validate;

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::error::Error;
use crate::ingest::{
    self, AnswerCodes, DEFAULT_MAX_CELLS, DEFAULT_MAX_FILE_MB, DEFAULT_MIN_ANSWERED, Finding,
    Limits,
};
use crate::lang::Lang;

#[derive(Parser)]
#[command(
    name = "verband",
    version,
    about = "Measure how well a network of public organisations works together."
)]
#[command(after_help = "Run `verband report` without arguments to render the bundled example.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the HTML report with charts and results.json.
    #[command(after_help = report::HELP)]
    Report(report::ReportArgs),
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
    Score(score::ScoreArgs),
    /// Compare groups on numeric columns of any table: descriptives, Levene, ANOVA, Welch, post hoc.
    #[command(
        after_help = "Examples:\n  verband compare crates/verband-stats/tests/fixtures/stats/plantgrowth.csv --by group --value value\n  \
        verband compare data/zwolle-2014.csv --by onderwijstype --instrument instruments/zwolle-2014.toml --json"
    )]
    Compare(compare::CompareArgs),
    /// List, show or check instruments.
    #[command(subcommand)]
    Instrument(instrument::InstrumentCommand),
    /// Write a blank response spreadsheet for an instrument.
    #[command(
        after_help = "Example:\n  verband template --instrument instruments/zwolle-2014.toml --out antwoorden.xlsx"
    )]
    Template(template::TemplateArgs),
    /// Start a monitor: a folder with verband.toml, the instrument and a blank response sheet.
    #[command(
        after_help = "Example:\n  verband init monitor --municipality Rijnstad\n  \
        verband report --config monitor/verband.toml"
    )]
    Init(init::InitArgs),
}

/// The instrument and response files of `validate` and `score`.
#[derive(Args)]
struct InputArgs {
    /// The instrument (TOML).
    #[arg(long)]
    instrument: PathBuf,
    /// Response files (.xlsx, .xls, .ods, .csv); give the flag once per file.
    #[arg(long = "responses", required = true, num_args = 1..)]
    responses: Vec<PathBuf>,
    #[command(flatten)]
    reading: ReadArgs,
}

impl InputArgs {
    fn ingest_options(&self) -> ingest::Options {
        self.reading.options(None)
    }
}

/// How response files are read; every command that reads them takes these.
#[derive(Args)]
struct ReadArgs {
    /// The sheet with the answers (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Share of the scored items (0–1) a respondent must answer to be analysed (default 0.5).
    #[arg(long, value_parser = share)]
    min_answered: Option<f64>,
    /// The year of the survey, for files without a year column (survey-tool exports); a year
    /// column that says otherwise is a finding.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1900..3000))]
    year: Option<i32>,
    /// What a number in an answer cell means: the instrument's code, or the option's position
    /// (Qualtrics' numeric export). Default auto: positions in a Qualtrics export, else codes.
    #[arg(long, value_enum)]
    answer_codes: Option<AnswerCodes>,
    /// Largest response file read, in MB (default 64).
    #[arg(long)]
    max_file_mb: Option<u64>,
    /// Most cells read from one sheet (default 10,000,000).
    #[arg(long)]
    max_cells: Option<usize>,
}

impl ReadArgs {
    /// Flags over the configuration over the defaults.
    fn options(&self, cfg: Option<&Config>) -> ingest::Options {
        let limits = Limits::new(
            self.max_file_mb
                .or(cfg.and_then(|c| c.max_file_mb))
                .unwrap_or(DEFAULT_MAX_FILE_MB),
            self.max_cells
                .or(cfg.and_then(|c| c.max_cells))
                .unwrap_or(DEFAULT_MAX_CELLS),
        );
        ingest::Options {
            sheet: self.sheet.clone().or(cfg.and_then(|c| c.sheet.clone())),
            min_answered: self
                .min_answered
                .or(cfg.and_then(|c| c.min_answered))
                .unwrap_or(DEFAULT_MIN_ANSWERED),
            year: self.year,
            answer_codes: self
                .answer_codes
                .or(cfg.and_then(|c| c.answer_codes))
                .unwrap_or_default(),
            limits,
            ..Default::default()
        }
    }
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s} is not a share between 0 and 1")),
    }
}

/// Why a command stopped early.
enum Stop {
    Failed(Error),
    /// The reader of stdout has gone: stop without a word.
    PipeClosed,
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Failed(e)
    }
}

/// A command's exit code, or why it stopped.
type Run = Result<i32, Stop>;

/// Writes to stdout; a closed pipe ends the command quietly, any other failure is an error.
fn print(args: std::fmt::Arguments) -> Result<(), Stop> {
    let mut out = std::io::stdout().lock();
    match out.write_fmt(args) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Stop::PipeClosed),
        Err(e) => Err(Stop::Failed(Error::Unwritable(format!("stdout: {e}")))),
    }
}

/// Findings as the command line shows them: English, with file, sheet and cell.
fn finding_line(f: &Finding) -> String {
    crate::report::finding_text(f, Lang::En)
}

fn exit_code(e: &Error) -> i32 {
    match e {
        Error::Rejected(_) => 1,
        Error::Unreadable(_) | Error::Usage(_) | Error::Unwritable(_) | Error::Internal(_) => 2,
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
    let outcome = match cli.command {
        Command::Report(args) => report::run(args),
        Command::Validate(args) => validate::run(&args),
        Command::Score(args) => score::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Instrument(command) => instrument::run(command),
        Command::Template(args) => template::run(&args),
        Command::Init(args) => init::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(Stop::PipeClosed) => 0,
        Err(Stop::Failed(e)) => {
            eprintln!("verband: {e}");
            exit_code(&e)
        }
    }
}
