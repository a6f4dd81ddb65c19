//! The `ingest` stage: response files → one polars DataFrame of codes, with every problem
//! reported by file, sheet and cell, and every row either kept or listed as excluded.

mod headers;
mod limits;
mod read;
mod recode;
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sheet: None,
            min_answered: DEFAULT_MIN_ANSWERED,
            year: None,
            answer_codes: AnswerCodes::default(),
            limits: Limits::default(),
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
    /// codes, open answers.
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

/// Where each (file, column id) sits in its sheet, for cell references.
#[derive(Default)]
struct Origins {
    places: Vec<(String, Option<String>)>,
    letters: Vec<HashMap<String, String>>,
}

/// A file's name without its folder, as outputs name it.
pub fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

pub fn ingest(files: &[PathBuf], inst: &Instrument, opts: &Options) -> Result<Responses> {
    let specs = inst.columns();
    let mut sheets = Sheets::default();
    for (index, path) in files.iter().enumerate() {
        sheets.read(path, index as u32, inst, &specs, opts)?;
    }
    let raw = concat_frames(std::mem::take(&mut sheets.raw))?;
    let coded = concat_frames(std::mem::take(&mut sheets.coded))?;
    let mut rows = Verdicts {
        file_idx: raw.column(FILE_COL)?.u32()?.into_no_null_iter().collect(),
        rows: raw.column(ROW_COL)?.u32()?.into_no_null_iter().collect(),
        partial: raw
            .column(PARTIAL_COL)?
            .bool()?
            .iter()
            .map(|p| p == Some(true))
            .collect(),
        reasons: vec![None; raw.height()],
        findings: std::mem::take(&mut sheets.findings),
        origins: std::mem::take(&mut sheets.origins),
    };
    mark_empty_rows(&raw, &specs, &mut rows.reasons)?;
    rows.bad_values(&raw, inst, &sheets.bad)?;
    rows.other_years(&coded, inst, opts.year)?;
    rows.missing_required(&coded, inst)?;
    rows.duplicate_ids(&coded, inst)?;
    mark_too_few_answers(&raw, &coded, inst, opts.min_answered, &mut rows.reasons)?;

    let keep: BooleanChunked = rows.reasons.iter().map(|r| r.is_none()).collect();
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let excluded = rows.excluded(&names);
    let mut findings = rows.findings;
    findings.sort_by(|a, b| {
        (&a.file, &a.sheet, cell_order(&a.cell)).cmp(&(&b.file, &b.sheet, cell_order(&b.cell)))
    });
    Ok(Responses {
        data: coded.drop(PARTIAL_COL)?.filter(&keep)?,
        files: names,
        read: raw.height(),
        excluded,
        findings,
        layouts: sheets.layouts,
        min_answered: opts.min_answered,
    })
}

/// The sheets read so far: their data rows as written and as coded, where their columns are,
/// and what their headers said.
#[derive(Default)]
struct Sheets {
    raw: Vec<DataFrame>,
    coded: Vec<DataFrame>,
    /// Per file, the values that are not answers.
    bad: Vec<BadValues>,
    origins: Origins,
    findings: Vec<Finding>,
    layouts: Vec<Layout>,
}

impl Sheets {
    fn read(
        &mut self,
        path: &std::path::Path,
        index: u32,
        inst: &Instrument,
        specs: &[Spec],
        opts: &Options,
    ) -> Result<()> {
        let grid = read_grid(path, opts.sheet.as_deref(), &opts.limits)?;
        let header = headers::match_headers(&grid, inst, opts.answer_codes)?;
        self.header_findings(&grid, &header, inst, specs, opts.year);
        self.layouts.push(Layout {
            place: grid.place(),
            header_rows: (
                grid.first_row + 1,
                grid.first_row + header.header_rows as u32,
            ),
            numbering: header.numbering,
            metadata: header.ignored.clone(),
        });
        let (raw, stray) = file_frame(&grid, &header, specs, index, year_fill(inst, opts.year))?;
        for c in stray {
            let problem = Problem::UnknownColumn {
                header: String::new(),
                instrument: inst.id.clone(),
            };
            self.findings
                .push(grid.finding(Some(grid.cell_ref(header.header_row, c)), problem));
        }
        let (coded, bad) = recode_all(&raw, inst, header.numbering)?;
        self.raw.push(raw);
        self.coded.push(coded);
        self.bad.push(bad);
        let letters = header
            .matched
            .iter()
            .map(|(col, id)| (id.clone(), column_letter(&grid, header.header_row, *col)))
            .collect();
        self.origins.letters.push(letters);
        self.origins
            .places
            .push((grid.file.clone(), grid.sheet.clone()));
        self.findings.extend(grid.findings);
        Ok(())
    }

    /// What the header rows say is wrong: columns that match nothing or one id twice, and
    /// required columns that are absent (a year the run supplies is not absent).
    fn header_findings(
        &mut self,
        grid: &Grid,
        header: &headers::HeaderMatch,
        inst: &Instrument,
        specs: &[Spec],
        year: Option<i32>,
    ) {
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

/// Per row read: why it is excluded, if it is; and every finding with its cell.
struct Verdicts {
    file_idx: Vec<u32>,
    rows: Vec<u32>,
    partial: Vec<bool>,
    reasons: Vec<Option<ExclusionReason>>,
    findings: Vec<Finding>,
    origins: Origins,
}

impl Verdicts {
    /// Whether row `i`'s file has a column for `id`.
    fn has_column(&self, i: usize, id: &str) -> bool {
        self.origins.letters[self.file_idx[i] as usize].contains_key(id)
    }

    /// A finding at row `i`'s cell in column `id`.
    fn find(&mut self, i: usize, id: &str, problem: Problem) {
        let f = self.file_idx[i] as usize;
        let letter = self.origins.letters[f].get(id).cloned().unwrap_or_default();
        let (file, sheet) = self.origins.places[f].clone();
        self.findings.push(Finding {
            file,
            sheet,
            cell: Some(format!("{letter}{}", self.rows[i])),
            problem,
        });
    }

    /// Excludes row `i`, unless an earlier reason already did: one reason per row.
    fn exclude(&mut self, i: usize, reason: ExclusionReason) {
        if self.reasons[i].is_none() {
            self.reasons[i] = Some(reason);
        }
    }

    /// Every cell whose value is not an answer is a finding; in a required attribute it also
    /// excludes the row.
    fn bad_values(&mut self, raw: &DataFrame, inst: &Instrument, bad: &[BadValues]) -> Result<()> {
        for (file, bad) in bad.iter().enumerate() {
            for (id, values) in bad {
                // Written values as text: codes read as integers too.
                let cells = raw.column(id)?.cast(&DataType::String)?;
                let cells = cells.str()?;
                let why = recode::bad_lookup(values);
                let required = inst.attribute(id).is_some_and(|a| a.required);
                for (i, cell) in cells.iter().enumerate() {
                    if self.file_idx[i] as usize != file {
                        continue;
                    }
                    let Some((cell, problem)) = cell.and_then(|c| Some((c, *why.get(c)?))) else {
                        continue;
                    };
                    self.find(i, id, problem.clone());
                    if required {
                        let value = cell.trim().to_string();
                        let attribute = id.clone();
                        self.exclude(i, ExclusionReason::Invalid { attribute, value });
                    }
                }
            }
        }
        Ok(())
    }

    /// Rows whose year column names another year than the round's.
    fn other_years(
        &mut self,
        coded: &DataFrame,
        inst: &Instrument,
        year: Option<i32>,
    ) -> Result<()> {
        let Some((id, year)) = year_fill(inst, year) else {
            return Ok(());
        };
        let values = coded.column(id)?.cast(&DataType::Float64)?;
        for (i, value) in values.f64()?.iter().enumerate() {
            let Some(value) = value.filter(|v| *v != f64::from(year)) else {
                continue;
            };
            let value = value.to_string();
            let problem = Problem::YearMismatch {
                value: value.clone(),
                year,
            };
            self.find(i, id, problem);
            self.exclude(i, ExclusionReason::OtherYear { value, year });
        }
        Ok(())
    }

    fn missing_required(&mut self, coded: &DataFrame, inst: &Instrument) -> Result<()> {
        for a in inst.attributes.iter().filter(|a| a.required) {
            let missing = coded.column(&a.id)?.is_null();
            for (i, is_missing) in missing.iter().enumerate() {
                // Rows already excluded as empty, or with a bad value reported, need no second
                // word; nor does each row of a file that lacks the column (one finding says so).
                if is_missing == Some(true) && self.reasons[i].is_none() {
                    let attribute = a.id.clone();
                    if self.has_column(i, &a.id) {
                        let problem = Problem::MissingRequired {
                            attribute: attribute.clone(),
                        };
                        self.find(i, &a.id, problem);
                    }
                    self.exclude(i, ExclusionReason::MissingRequired { attribute });
                }
            }
        }
        Ok(())
    }

    fn duplicate_ids(&mut self, coded: &DataFrame, inst: &Instrument) -> Result<()> {
        let Some(id_attr) = inst.attributes.iter().find(|a| a.role == AttributeRole::Id) else {
            return Ok(());
        };
        let ids = coded.column(&id_attr.id)?.cast(&DataType::String)?;
        // Ids repeat from year to year (R0001 every wave): they must be unique within a year.
        let years = match inst
            .attributes
            .iter()
            .find(|a| a.role == AttributeRole::Year)
        {
            Some(y) => coded.column(&y.id)?.cast(&DataType::String)?,
            None => Column::full_null("year".into(), coded.height(), &DataType::String),
        };
        let mut first_seen: HashMap<(Option<&str>, &str), usize> = HashMap::new();
        for (i, (id, year)) in ids.str()?.iter().zip(years.str()?.iter()).enumerate() {
            let Some(id) = id else { continue };
            match first_seen.get(&(year, id)) {
                Some(&first) => {
                    let first_row = self.rows[first];
                    let problem = Problem::DuplicateId {
                        id: id.to_string(),
                        first_row,
                    };
                    self.find(i, &id_attr.id, problem);
                    self.exclude(i, ExclusionReason::DuplicateId);
                }
                None => {
                    first_seen.insert((year, id), i);
                }
            }
        }
        Ok(())
    }

    /// The excluded rows, each with its file's name and its reason.
    fn excluded(&self, files: &[String]) -> Vec<Exclusion> {
        self.reasons
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                r.clone().map(|reason| Exclusion {
                    file: files[self.file_idx[i] as usize].clone(),
                    row: self.rows[i],
                    reason,
                    partial: self.partial[i],
                })
            })
            .collect()
    }
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

/// The data rows of one sheet, columns renamed to instrument ids, absent columns as nulls, the
/// run's year where the file gives none, and whether the tool marked each row incomplete.
/// Also the columns without a header that hold values below the rows read as headers.
fn file_frame(
    grid: &Grid,
    header: &headers::HeaderMatch,
    specs: &[Spec],
    index: u32,
    year: Option<(&str, i32)>,
) -> Result<(DataFrame, Vec<usize>)> {
    let spec_of: HashMap<&str, &Spec> = specs.iter().map(|s| (s.id(), s)).collect();
    // What to read: each matched column in its type, the completion column, and every column
    // without a header (to see whether it holds values after all).
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
    let completion = header.completion.map(|c| match c {
        headers::Completion::Submitted(c) | headers::Completion::Finished(c) => c,
    });
    wanted.extend(completion.map(|c| (c, DataType::String)));
    wanted.extend(header.blank.iter().map(|c| (*c, DataType::String)));
    wanted.sort_by_key(|(c, _)| *c);
    wanted.dedup_by_key(|(c, _)| *c);
    let body = grid.rows_below(header.header_rows, &wanted)?;
    let column = |c: usize| body.column(&format!("c{c}"));
    let height = body.height();
    let first_row = grid.first_row + header.header_rows as u32 + 1;
    let mut columns = vec![
        Column::new(FILE_COL.into(), vec![index; height]),
        Column::new(
            ROW_COL.into(),
            (first_row..first_row + height as u32).collect::<Vec<u32>>(),
        ),
        partial_column(
            header.completion,
            completion.map(column).transpose()?,
            height,
        )?,
    ];
    let by_id: HashMap<&str, usize> = header
        .matched
        .iter()
        .map(|(c, id)| (id.as_str(), *c))
        .collect();
    for spec in specs {
        let column = match by_id.get(spec.id()) {
            Some(&c) => column(c)?.clone().with_name(spec.id().into()),
            None => Column::full_null(spec.id().into(), height, &DataType::String),
        };
        let column = match year {
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
    let mut stray = Vec::new();
    for &c in &header.blank {
        if column(c)?.null_count() < height {
            stray.push(c);
        }
    }
    Ok((DataFrame::new_infer_height(columns)?, stray))
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

/// Per column, the distinct values that are not answers and why.
type BadValues = Vec<(String, Vec<(String, Problem)>)>;

/// Recodes every instrument column of one file in one polars pass. Returns the coded frame
/// and, per column, the distinct values that were not answers.
fn recode_all(
    raw: &DataFrame,
    inst: &Instrument,
    numbering: Numbering,
) -> Result<(DataFrame, BadValues)> {
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
    let coded = raw.clone().lazy().with_columns(exprs).collect()?;
    Ok((coded, bad))
}

fn mark_empty_rows(
    raw: &DataFrame,
    specs: &[Spec],
    reasons: &mut [Option<ExclusionReason>],
) -> Result<()> {
    let nulls: Vec<Expr> = specs.iter().map(|s| col(s.id()).is_null()).collect();
    let empty = raw
        .clone()
        .lazy()
        .select([all_horizontal(nulls)?.alias("empty")])
        .collect()?;
    for (reason, empty) in reasons
        .iter_mut()
        .zip(empty.column("empty")?.bool()?.iter())
    {
        if empty == Some(true) && reason.is_none() {
            *reason = Some(ExclusionReason::EmptyRow);
        }
    }
    Ok(())
}

/// Excludes respondents who answered less than `min_answered` of the scored items. For an
/// instrument with only relational questions it counts the partners other than the
/// respondent's own type, and any answer, "geen contact" included, counts as answered.
fn mark_too_few_answers(
    raw: &DataFrame,
    coded: &DataFrame,
    inst: &Instrument,
    min_answered: f64,
    reasons: &mut [Option<ExclusionReason>],
) -> Result<()> {
    let scored: Vec<Expr> = inst
        .items()
        .iter()
        .filter(|i| i.scale.is_scored())
        .map(|i| col(i.item.id.as_str()))
        .collect();
    let (frame, answered, totals) = if !scored.is_empty() {
        let total = lit(scored.len() as u32);
        let answered: Vec<Expr> = scored
            .into_iter()
            .map(|e| e.is_not_null().cast(DataType::UInt32))
            .collect();
        (coded.clone(), answered, vec![total])
    } else {
        let own = inst.grouping().map(|a| a.id.as_str());
        let mut frame = raw.clone();
        let own_type = match own {
            Some(id) => coded.column(id)?.clone().with_name("_own".into()),
            None => Column::full_null("_own".into(), raw.height(), &DataType::String),
        };
        frame.with_column(own_type)?;
        let (mut answered, mut totals) = (Vec::new(), Vec::new());
        for r in inst.relational_columns() {
            let other = col("_own")
                .neq(lit(r.partner.code.as_str()))
                .fill_null(lit(true));
            totals.push(other.clone().cast(DataType::UInt32));
            answered.push((col(r.id.as_str()).is_not_null().and(other)).cast(DataType::UInt32));
        }
        (frame, answered, totals)
    };
    if answered.is_empty() {
        return Ok(());
    }
    let counts = frame
        .lazy()
        .select([
            polars::lazy::dsl::sum_horizontal(answered, true)?.alias("n"),
            polars::lazy::dsl::sum_horizontal(totals, true)?
                .cast(DataType::UInt32)
                .alias("total"),
        ])
        .collect()?;
    let (n, total) = (counts.column("n")?.u32()?, counts.column("total")?.u32()?);
    for (reason, (n, total)) in reasons.iter_mut().zip(n.iter().zip(total.iter())) {
        let (n, total) = (n.unwrap_or(0) as usize, total.unwrap_or(0) as usize);
        let needed = ((min_answered * total as f64).ceil() as usize).max(1);
        if n < needed && reason.is_none() {
            *reason = Some(ExclusionReason::TooFewAnswers {
                answered: n,
                total,
                needed,
            });
        }
    }
    Ok(())
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
            Some(entry) => entry.1 += 1,
            None => counts.push((code, 1, &x.reason)),
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
