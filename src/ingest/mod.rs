//! The `ingest` stage: response files → one polars DataFrame of codes, with every problem
//! reported by file, sheet and cell, and every row either kept or listed as excluded.

mod csv;
mod headers;
mod limits;
mod read;
mod recode;
mod verdicts;
mod workbook;

pub use headers::normalize;
pub use limits::{DEFAULT_MAX_CELLS, DEFAULT_MAX_FILE_MB, Limits};
pub use read::{Grid, a1, read_grid};
pub use recode::{Numbering, parse_number};

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use polars::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::instrument::{AttributeKind, AttributeRole, Column as Spec, Instrument, Text};
use recode::{
    Recoded, attribute_dtype, category_meaning, number_meaning, recode_column, scale_meaning,
};
use verdicts::{Origin, SeenIds, Verdicts};

/// Columns every `Responses` frame starts with: where the row came from.
pub const FILE_COL: &str = "_file";
pub const ROW_COL: &str = "_row";
/// Whether the survey tool marked the response as not completed (read, then dropped).
const PARTIAL_COL: &str = "_partial";

/// The share of the scored items a respondent must answer to be analysed, unless set.
pub const DEFAULT_MIN_ANSWERED: f64 = 0.5;

#[derive(Debug, Clone)]
pub struct Options {
    pub sheet: Option<String>,
    /// Share of the scored items a respondent must have answered to be analysed.
    pub min_answered: f64,
    /// The year of the round these files are from: fills the year column where a file has
    /// none, and a file that has one must agree.
    pub year: Option<i32>,
    pub answer_codes: AnswerCodes,
    pub limits: Limits,
    /// Rows read, recoded and judged at a time; what is read does not depend on it.
    pub chunk_rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sheet: None,
            min_answered: DEFAULT_MIN_ANSWERED,
            year: None,
            answer_codes: AnswerCodes::default(),
            limits: Limits::default(),
            chunk_rows: CHUNK_ROWS,
        }
    }
}

/// What a number in an answer cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum AnswerCodes {
    /// The instrument's codes; in a Qualtrics export, a category by its position and a scale
    /// answer by its code, or by its position where the number is no code.
    #[default]
    Auto,
    /// The instrument's codes, everywhere.
    Instrument,
    /// The option's position in the instrument's list, from 1, "don't know" options last (a
    /// survey built by hand in Qualtrics, numbered as Qualtrics does).
    Positional,
}

impl AnswerCodes {
    fn numbering(self, qualtrics: bool) -> Numbering {
        match self {
            AnswerCodes::Positional => Numbering::Positions,
            AnswerCodes::Auto if qualtrics => Numbering::CodesThenPositions,
            AnswerCodes::Auto | AnswerCodes::Instrument => Numbering::Codes,
        }
    }
}

/// A problem in the input, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The file as it was named.
    pub file: String,
    /// The sheet of a workbook; none for csv.
    pub sheet: Option<String>,
    /// The A1 reference of the cell, or none when the problem is the whole sheet's.
    pub cell: Option<String>,
    pub problem: Problem,
}

/// What is wrong, with what the message needs; worded in the report's and the command line's
/// language from the code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum Problem {
    UnknownColumn {
        header: String,
        instrument: String,
    },
    /// Several columns that match one instrument column; none of them is read.
    AmbiguousColumns {
        id: String,
        cells: Vec<String>,
    },
    MissingColumn {
        id: String,
        question: Text,
    },
    NotAnAnswer {
        value: String,
        scale: String,
        min: i64,
        max: i64,
        /// The scale's label nearest to the value, if one is near.
        closest: Option<String>,
    },
    NotAWholeNumber {
        value: String,
        scale: String,
        min: i64,
        max: i64,
    },
    NotACode {
        value: i64,
        scale: String,
        min: i64,
        max: i64,
    },
    NotACategory {
        value: String,
        attribute: String,
        allowed: Vec<String>,
        closest: Option<String>,
    },
    NotANumber {
        value: String,
        attribute: String,
    },
    MissingRequired {
        attribute: String,
    },
    DuplicateId {
        id: String,
        first_row: u32,
    },
    /// A formula cell saved without its result (by a program, not a spreadsheet).
    FormulaWithoutValue {
        formula: String,
    },
    /// The file's year column says another year than the round it is read for.
    YearMismatch {
        value: String,
        year: i32,
    },
    /// A quote inside a cell of a csv (not at its start, nor doubled) opened quoted text, so
    /// that the next `lines` line ends, and the rows there, were read as part of this cell.
    StrayQuote {
        lines: usize,
    },
}

impl Problem {
    /// The known label a finding suggests for an unknown one.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Problem::NotAnAnswer { closest, .. } | Problem::NotACategory { closest, .. } => {
                closest.as_deref()
            }
            _ => None,
        }
    }
}

/// A row that was read but not analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// The file as it was named (results.json keeps its name only).
    pub file: String,
    /// The row number in the sheet, as a spreadsheet shows it.
    pub row: u32,
    /// The last row of a run of empty rows, which is listed once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<u32>,
    pub reason: ExclusionReason,
    /// The survey tool marked the response as not completed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum ExclusionReason {
    EmptyRow,
    MissingRequired {
        attribute: String,
    },
    /// A required attribute holds a value that is not allowed.
    Invalid {
        attribute: String,
        value: String,
    },
    /// The year column names another year than the round's.
    OtherYear {
        value: String,
        year: i32,
    },
    DuplicateId,
    TooFewAnswers {
        answered: usize,
        total: usize,
        needed: usize,
    },
}

pub struct Responses {
    /// One row per analysed respondent: `_file` (index into `files`), `_row`, then every
    /// instrument column by id: attributes, item codes (Int32, not yet reversed), relational
    /// codes, open answers. Empty from `ingest_with`, whose sink took the rows.
    pub data: DataFrame,
    /// The files as they were named, in `_file` order.
    pub files: Vec<String>,
    pub read: usize,
    pub excluded: Vec<Exclusion>,
    pub findings: Vec<Finding>,
    /// How each sheet was read: its header rows and what its numbers mean.
    pub layouts: Vec<Layout>,
    /// The stated rule for respondents with too few answers.
    pub min_answered: f64,
}

/// How one sheet was read.
#[derive(Debug, Clone)]
pub struct Layout {
    /// "file" or "file, sheet S".
    pub place: String,
    /// The sheet rows (1-based, first and last) read as headers.
    pub header_rows: (u32, u32),
    /// What the numbers in answer cells were read as.
    pub numbering: Numbering,
    /// The survey tool's metadata columns (timestamps, IP addresses), passed over.
    pub metadata: Vec<String>,
}

/// A file's name without its folder, as outputs name it.
pub fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Rows read, recoded and judged at a time, unless set: a large csv's cells are never all
/// held as text, and `ingest_with` holds no more than this many rows of codes.
pub const CHUNK_ROWS: usize = 65_536;

/// Reads every file: the kept rows in one frame, with what was excluded and found.
pub fn ingest(files: &[PathBuf], inst: &Instrument, opts: &Options) -> Result<Responses> {
    let mut kept = Vec::new();
    let mut responses = ingest_with(files, inst, opts, |rows| {
        kept.push(rows);
        Ok(())
    })?;
    responses.data = concat_frames(kept)?;
    Ok(responses)
}

/// As `ingest`, but the kept rows go to `sink` a part at a time, in file and row order, and are
/// not held (`data` is left empty): for an output written row by row, in little memory
/// however large the input.
pub fn ingest_with(
    files: &[PathBuf],
    inst: &Instrument,
    opts: &Options,
    mut sink: impl FnMut(DataFrame) -> Result<()>,
) -> Result<Responses> {
    let mut sheets = Sheets {
        inst,
        opts,
        read: 0,
        excluded: Vec::new(),
        findings: Vec::new(),
        layouts: Vec::new(),
        seen: SeenIds::default(),
    };
    for (index, path) in files.iter().enumerate() {
        sheets.read(path, index as u32, &mut sink)?;
    }
    let mut findings = sheets.findings;
    findings.sort_by(|a, b| {
        (&a.file, &a.sheet, cell_order(&a.cell)).cmp(&(&b.file, &b.sheet, cell_order(&b.cell)))
    });
    Ok(Responses {
        data: DataFrame::empty(),
        files: files.iter().map(|p| p.display().to_string()).collect(),
        read: sheets.read,
        excluded: sheets.excluded,
        findings,
        layouts: sheets.layouts,
        min_answered: opts.min_answered,
    })
}

/// Adds an excluded row; empty rows that follow each other are one entry, so that a stray
/// value far below a table costs one line, not a million.
fn push_exclusion(out: &mut Vec<Exclusion>, x: Exclusion) {
    if let Some(last) = out.last_mut()
        && x.reason == ExclusionReason::EmptyRow
        && last.reason == ExclusionReason::EmptyRow
        && last.file == x.file
        && last.through.unwrap_or(last.row) + 1 == x.row
    {
        last.through = Some(x.row);
        return;
    }
    out.push(x);
}

impl Exclusion {
    /// How many rows the entry stands for.
    pub fn rows(&self) -> usize {
        self.through
            .map_or(1, |last| (last - self.row) as usize + 1)
    }

    /// "12" or "12–999999", as a spreadsheet numbers rows.
    pub fn rows_text(&self) -> String {
        match self.through {
            Some(last) => format!("{}–{last}", self.row),
            None => self.row.to_string(),
        }
    }
}

/// How many rows a list of exclusions stands for.
pub fn excluded_rows(excluded: &[Exclusion]) -> usize {
    excluded.iter().map(Exclusion::rows).sum()
}

/// The reading so far: how each sheet was read, what was found and excluded, and the
/// respondent ids seen, which must not repeat within a year over all files.
struct Sheets<'a> {
    inst: &'a Instrument,
    opts: &'a Options,
    read: usize,
    excluded: Vec<Exclusion>,
    findings: Vec<Finding>,
    layouts: Vec<Layout>,
    seen: SeenIds,
}

impl Sheets<'_> {
    /// Reads one file's sheet a part at a time, the kept rows of each part to `sink`.
    fn read(
        &mut self,
        path: &std::path::Path,
        index: u32,
        sink: &mut impl FnMut(DataFrame) -> Result<()>,
    ) -> Result<()> {
        let (inst, opts) = (self.inst, self.opts);
        let mut grid = read_grid(path, opts.sheet.as_deref(), &opts.limits)?;
        let header = headers::match_headers(&grid, inst, opts.answer_codes)?;
        let specs = inst.columns();
        self.header_findings(&grid, &header, &specs);
        self.layouts.push(Layout {
            place: grid.place(),
            header_rows: (
                grid.first_row + 1,
                grid.first_row + header.header_rows as u32,
            ),
            numbering: header.numbering,
            metadata: header.ignored.clone(),
        });
        self.findings.append(&mut grid.findings);
        let origin = Origin {
            file: path.display().to_string(),
            sheet: grid.sheet.clone(),
            letters: header
                .matched
                .iter()
                .map(|(col, id)| (id.clone(), column_letter(&grid, header.header_row, *col)))
                .collect(),
        };
        let shape = FileShape::new(&header, &specs, index, year_fill(inst, opts.year));
        let mut next_row = grid.first_row + header.header_rows as u32 + 1;
        let mut stray = std::collections::BTreeSet::new();
        for body in grid.body(header.header_rows, &shape.wanted, opts.chunk_rows) {
            let body = body?;
            let raw = shape.frame(&body, next_row, &mut stray)?;
            next_row += raw.height() as u32;
            sink(self.judge(raw, &origin, header.numbering)?)?;
        }
        let quotes = grid.stray_quotes();
        self.findings.extend(quotes);
        for c in stray {
            let problem = Problem::UnknownColumn {
                header: String::new(),
                instrument: inst.id.clone(),
            };
            self.findings
                .push(grid.finding(Some(grid.cell_ref(header.header_row, c)), problem));
        }
        Ok(())
    }

    /// Recodes a part of a sheet, judges each of its rows, and returns the rows kept.
    fn judge(
        &mut self,
        raw: DataFrame,
        origin: &Origin,
        numbering: Numbering,
    ) -> Result<DataFrame> {
        let (inst, opts) = (self.inst, self.opts);
        let (recode, bad) = decide_all(&raw, inst, numbering)?;
        let mut verdicts = Verdicts::new(&raw, origin)?;
        let answers = verdicts.add_written(&raw, inst, &bad, opts.year)?;
        let coded = apply_all(raw, recode)?;
        verdicts.add_coded(&coded, inst, answers, opts.year)?;
        verdicts.duplicate_ids(&coded, inst, &mut self.seen)?;
        verdicts.too_few_answers(opts.min_answered);
        self.read += coded.height();
        let keep: BooleanChunked = verdicts.reasons.iter().map(|r| r.is_none()).collect();
        for x in verdicts.exclusions() {
            push_exclusion(&mut self.excluded, x);
        }
        self.findings.append(&mut verdicts.findings);
        keep_rows(coded.drop(PARTIAL_COL)?, &keep)
    }

    /// What the header rows say is wrong: columns that match nothing or one id twice, and
    /// required columns that are absent (a year the run supplies is not absent).
    fn header_findings(&mut self, grid: &Grid, header: &headers::HeaderMatch, specs: &[Spec]) {
        let (inst, year) = (self.inst, self.opts.year);
        let at = |col: usize| Some(grid.cell_ref(header.header_row, col));
        for (col, text) in &header.unmatched {
            let problem = Problem::UnknownColumn {
                header: text.clone(),
                instrument: inst.id.clone(),
            };
            self.findings.push(grid.finding(at(*col), problem));
        }
        for (id, cols) in &header.ambiguous {
            let problem = Problem::AmbiguousColumns {
                id: id.clone(),
                cells: cols.iter().filter_map(|c| at(*c)).collect(),
            };
            self.findings.push(grid.finding(at(cols[0]), problem));
        }
        let present: HashSet<&str> = header.matched.iter().map(|(_, id)| id.as_str()).collect();
        let supplied = year_fill(inst, year).map(|(id, _)| id);
        for spec in specs.iter().filter(|s| s.is_required()) {
            if !present.contains(spec.id()) && supplied != Some(spec.id()) {
                let problem = Problem::MissingColumn {
                    id: spec.id().to_string(),
                    question: spec.texts(),
                };
                self.findings.push(grid.finding(None, problem));
            }
        }
    }
}

/// The instrument's year column and the run's year, when both exist.
fn year_fill(inst: &Instrument, year: Option<i32>) -> Option<(&str, i32)> {
    let attribute = inst
        .attributes
        .iter()
        .find(|a| a.role == AttributeRole::Year)?;
    Some((attribute.id.as_str(), year?))
}

fn column_letter(grid: &Grid, row: usize, col: usize) -> String {
    let cell = grid.cell_ref(row, col);
    cell.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// Sorts cell references by row, then column ("B10" after "C9").
fn cell_order(cell: &Option<String>) -> (u32, usize, String) {
    let Some(c) = cell else {
        return (0, 0, String::new());
    };
    let split = c.find(|ch: char| ch.is_ascii_digit()).unwrap_or(c.len());
    let (letters, digits) = c.split_at(split);
    (
        digits.parse().unwrap_or(0),
        letters.len(),
        letters.to_string(),
    )
}

/// Answer codes as read and as recoded: small integers, not text.
const CODE_TYPE: DataType = DataType::Int32;

/// How a sheet's rows become a frame of instrument columns: which sheet columns to read, in
/// which type, and what each becomes.
struct FileShape<'a> {
    /// Each matched column in its type, the completion column, and every column without a
    /// header (to see whether it holds values after all).
    wanted: Vec<(usize, DataType)>,
    header: &'a headers::HeaderMatch,
    specs: &'a [Spec<'a>],
    index: u32,
    year: Option<(&'a str, i32)>,
}

impl<'a> FileShape<'a> {
    fn new(
        header: &'a headers::HeaderMatch,
        specs: &'a [Spec<'a>],
        index: u32,
        year: Option<(&'a str, i32)>,
    ) -> Self {
        let spec_of: HashMap<&str, &Spec> = specs.iter().map(|s| (s.id(), s)).collect();
        let mut wanted: Vec<(usize, DataType)> = header
            .matched
            .iter()
            .map(|(c, id)| {
                let dtype = match spec_of.get(id.as_str()) {
                    Some(Spec::Item(_) | Spec::Relational(_)) => CODE_TYPE,
                    _ => DataType::String,
                };
                (*c, dtype)
            })
            .collect();
        wanted.extend(completion_column(header).map(|c| (c, DataType::String)));
        wanted.extend(header.blank.iter().map(|c| (*c, DataType::String)));
        wanted.sort_by_key(|(c, _)| *c);
        wanted.dedup_by_key(|(c, _)| *c);
        FileShape {
            wanted,
            header,
            specs,
            index,
            year,
        }
    }

    /// Rows of the sheet (the first is sheet row `first_row`), columns renamed to instrument
    /// ids, absent columns as nulls, the run's year where the file gives none, and whether the
    /// tool marked each row incomplete. Adds to `stray` the columns without a header that hold
    /// values.
    fn frame(
        &self,
        body: &DataFrame,
        first_row: u32,
        stray: &mut std::collections::BTreeSet<usize>,
    ) -> Result<DataFrame> {
        let header = self.header;
        let column = |c: usize| body.column(&format!("c{c}"));
        let height = body.height();
        let mut columns = vec![
            Column::new(FILE_COL.into(), vec![self.index; height]),
            Column::new(
                ROW_COL.into(),
                (first_row..first_row + height as u32).collect::<Vec<u32>>(),
            ),
            partial_column(
                header.completion,
                completion_column(header).map(column).transpose()?,
                height,
            )?,
        ];
        let by_id: HashMap<&str, usize> = header
            .matched
            .iter()
            .map(|(c, id)| (id.as_str(), *c))
            .collect();
        for spec in self.specs {
            let column = match by_id.get(spec.id()) {
                Some(&c) => column(c)?.clone().with_name(spec.id().into()),
                None => Column::full_null(spec.id().into(), height, &DataType::String),
            };
            let column = match self.year {
                Some((id, year)) if id == spec.id() => {
                    let year = year.to_string();
                    let filled: StringChunked = column
                        .str()?
                        .iter()
                        .map(|v| Some(v.unwrap_or(&year)))
                        .collect();
                    filled.with_name(spec.id().into()).into_column()
                }
                _ => column,
            };
            columns.push(column);
        }
        for &c in &header.blank {
            if column(c)?.null_count() < height {
                stray.insert(c);
            }
        }
        Ok(DataFrame::new_infer_height(columns)?)
    }
}

/// The sheet column that says whether the tool saw the response completed.
fn completion_column(header: &headers::HeaderMatch) -> Option<usize> {
    header.completion.map(|c| match c {
        headers::Completion::Submitted(c) | headers::Completion::Finished(c) => c,
    })
}

/// Per row, whether the tool's completion column says the response was not completed.
fn partial_column(
    completion: Option<headers::Completion>,
    cells: Option<&Column>,
    height: usize,
) -> Result<Column> {
    let partial: Vec<bool> = match (completion, cells) {
        (Some(headers::Completion::Submitted(_)), Some(cells)) => {
            cells.str()?.iter().map(|v| v.is_none()).collect()
        }
        (Some(headers::Completion::Finished(_)), Some(cells)) => cells
            .str()?
            .iter()
            .map(|v| v.is_some_and(|v| matches!(normalize(v).as_str(), "false" | "0" | "onwaar")))
            .collect(),
        _ => vec![false; height],
    };
    Ok(Column::new(PARTIAL_COL.into(), partial))
}

/// The files' frames one under the other; a column read as codes in one file and as text in
/// another is text in all.
fn concat_frames(mut frames: Vec<DataFrame>) -> Result<DataFrame> {
    if let Some(first) = frames.first() {
        let types: Vec<(PlSmallStr, DataType)> = first
            .columns()
            .iter()
            .map(|c| (c.name().clone(), c.dtype().clone()))
            .collect();
        for (name, dtype) in types {
            let mixed = frames
                .iter()
                .any(|f| f.column(&name).is_ok_and(|c| c.dtype() != &dtype));
            if mixed {
                for f in &mut frames {
                    let text = f.column(&name)?.cast(&DataType::String)?;
                    f.replace(&name, text)?;
                }
            }
        }
    }
    let mut frames = frames.into_iter();
    let mut all = frames
        .next()
        .ok_or_else(|| Error::usage("no response files given"))?;
    for f in frames {
        all.vstack_mut(&f)?;
    }
    all.rechunk_mut();
    Ok(all)
}

/// The rows marked to keep, one column at a time: a large frame is never held twice.
fn keep_rows(frame: DataFrame, keep: &BooleanChunked) -> Result<DataFrame> {
    if keep.all() {
        return Ok(frame);
    }
    let height = keep.sum().unwrap_or(0) as usize;
    let columns = frame
        .into_columns()
        .into_iter()
        .map(|c| c.filter(keep))
        .collect::<PolarsResult<Vec<Column>>>()?;
    Ok(DataFrame::new(height, columns)?)
}

/// Per column, the distinct values that are not answers and why.
type BadValues = Vec<(String, Vec<(String, Problem)>)>;

/// How to recode every instrument column of one file: an expression per column, and per
/// column the distinct values that are not answers.
fn decide_all(
    raw: &DataFrame,
    inst: &Instrument,
    numbering: Numbering,
) -> Result<(Vec<Expr>, BadValues)> {
    let mut exprs = Vec::new();
    let mut bad = Vec::new();
    for spec in inst.columns() {
        let id = spec.id();
        let cells = raw.column(id)?;
        let recoded: Option<Recoded> = match &spec {
            Spec::Item(i) => Some(recode_column(cells, id, CODE_TYPE, |v| {
                scale_meaning(v, i.scale, numbering)
            })?),
            Spec::Relational(r) => Some(recode_column(cells, id, CODE_TYPE, |v| {
                scale_meaning(v, r.scale, numbering)
            })?),
            Spec::Attribute(a) => match a.kind {
                AttributeKind::Category => {
                    Some(recode_column(cells, id, attribute_dtype(a), |v| {
                        category_meaning(v, a, numbering)
                    })?)
                }
                AttributeKind::Number => Some(recode_column(cells, id, attribute_dtype(a), |v| {
                    number_meaning(v, a)
                })?),
                AttributeKind::Text => None,
            },
            Spec::Open(_) => None,
        };
        match recoded {
            Some(r) => {
                exprs.push(r.expr);
                if !r.bad.is_empty() {
                    bad.push((id.to_string(), r.bad));
                }
            }
            None => exprs.push(recode::text_expr(id)),
        }
    }
    Ok((exprs, bad))
}

/// The part with every column recoded in one pass.
fn apply_all(frame: DataFrame, exprs: Vec<Expr>) -> Result<DataFrame> {
    Ok(frame.lazy().with_columns(exprs).collect()?)
}

/// How many rows carry each value of a column, sorted by value.
pub fn value_counts(data: &DataFrame, column: &str) -> Result<Vec<(String, usize)>> {
    let counts = data
        .clone()
        .lazy()
        .group_by([col(column)])
        .agg([len().alias("n")])
        .sort([column], SortMultipleOptions::default())
        .collect()?;
    let keys = counts.column(column)?.cast(&DataType::String)?;
    let keys = keys.str()?;
    let n = counts.column("n")?.u32()?;
    Ok(keys
        .iter()
        .zip(n.iter())
        .map(|(k, n)| (k.unwrap_or("").to_string(), n.unwrap_or(0) as usize))
        .collect())
}

/// Why no row can be analysed, with what mends it: the reason most rows were excluded for.
pub fn nothing_to_analyse(responses: &Responses, inst: &Instrument) -> String {
    let (read, excluded) = (responses.read, &responses.excluded);
    if read == 0 {
        return "no data rows under the header; is the response sheet still blank?".into();
    }
    let mut counts: Vec<(String, usize, &ExclusionReason)> = Vec::new();
    for x in excluded {
        let code = exclusion_code(&x.reason);
        match counts.iter_mut().find(|(c, _, _)| *c == code) {
            Some(entry) => entry.1 += x.rows(),
            None => counts.push((code, x.rows(), &x.reason)),
        }
    }
    let Some((_, n, reason)) = counts.iter().max_by_key(|(_, n, _)| *n) else {
        return format!("no respondents to analyse ({read} rows read)");
    };
    let text = crate::i18n::phrase("exclusion", *reason, crate::lang::Lang::En);
    format!(
        "{n} of {read} rows excluded: {text} ({})",
        mend(reason, responses, inst)
    )
}

/// A reason and, for a missing or invalid attribute, which one: what one mend covers.
fn exclusion_code(reason: &ExclusionReason) -> String {
    let value = serde_json::to_value(reason).unwrap_or_default();
    let field = |k: &str| {
        value
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    format!("{}:{}", field("code"), field("attribute"))
}

fn mend(reason: &ExclusionReason, responses: &Responses, inst: &Instrument) -> String {
    let absent = |id: &str| {
        responses
            .findings
            .iter()
            .any(|f| matches!(&f.problem, Problem::MissingColumn { id: m, .. } if m == id))
    };
    let is_year = |id: &str| {
        inst.attribute(id)
            .is_some_and(|a| a.role == AttributeRole::Year)
    };
    match reason {
        ExclusionReason::MissingRequired { attribute } if is_year(attribute) && absent(attribute) => {
            "no year column; pass --year or set [[years]].year".into()
        }
        ExclusionReason::MissingRequired { attribute } if absent(attribute) => {
            format!("no column for {attribute}; verband validate lists the columns it did not recognise")
        }
        ExclusionReason::TooFewAnswers { .. } => {
            "verband validate shows which answers were not recognised; --min-answered sets the share".into()
        }
        ExclusionReason::OtherYear { .. } => {
            "these files belong to another round; check the year in the command or in [[years]]".into()
        }
        ExclusionReason::EmptyRow => "is the response sheet still blank?".into(),
        _ => "verband validate lists every cell".into(),
    }
}
