//! Which rows are analysed and why the others are not, with a finding at every cell that is not
//! an answer. The checks that look at one row run per file, while its cells as written are at
//! hand (then those are dropped); the checks across files (duplicate ids, the share answered)
//! run once all files are read. One reason per row: the first check that excludes it.

use std::collections::HashMap;

use polars::prelude::*;

use super::recode::bad_lookup;
use super::{
    AttributeRole, BadValues, ExclusionReason, FILE_COL, Finding, PARTIAL_COL, Problem, ROW_COL,
    Spec, year_fill,
};
use crate::error::Result;
use crate::instrument::Instrument;

/// Where each file's sheet is and where each of its column ids sits, for cell references.
#[derive(Default)]
pub(super) struct Origins {
    pub places: Vec<(String, Option<String>)>,
    pub letters: Vec<HashMap<String, String>>,
}

/// Per row read, in file order: where it came from, why it is excluded if it is, and how many
/// of the scored items it answered; and every finding with its cell.
#[derive(Default)]
pub(super) struct Verdicts {
    pub file_idx: Vec<u32>,
    pub rows: Vec<u32>,
    pub partial: Vec<bool>,
    pub reasons: Vec<Option<ExclusionReason>>,
    /// (answered, total) scored items, for the min-answered rule; none when the instrument
    /// has nothing to answer.
    pub answered: Vec<Option<(usize, usize)>>,
    pub findings: Vec<Finding>,
    pub origins: Origins,
}

/// One file's coded rows within `Verdicts`: row `j` of the file is row `offset + j` of all.
pub(super) struct FileRows<'a> {
    pub coded: &'a DataFrame,
    pub offset: usize,
}

/// Per partner of a relational question, which rows answered it as written ("geen contact"
/// included, which the codes make missing).
pub(super) struct WrittenAnswers(Vec<(String, BooleanChunked)>);

impl Verdicts {
    /// Adds a file's rows as written (with `_file`, `_row` and `_partial`) and runs the checks
    /// on what was written: empty rows and values that are not answers.
    pub fn add_written(
        &mut self,
        raw: &DataFrame,
        inst: &Instrument,
        bad: &BadValues,
    ) -> Result<WrittenAnswers> {
        let offset = self.rows.len();
        self.file_idx
            .extend(raw.column(FILE_COL)?.u32()?.into_no_null_iter());
        self.rows
            .extend(raw.column(ROW_COL)?.u32()?.into_no_null_iter());
        let partial = raw.column(PARTIAL_COL)?.bool()?;
        self.partial.extend(partial.iter().map(|p| p == Some(true)));
        self.reasons.resize(self.rows.len(), None);
        self.empty_rows(raw, offset, &inst.columns())?;
        self.bad_values(raw, offset, inst, bad)?;
        let answered = inst
            .relational_columns()
            .iter()
            .map(|r| {
                let answered = raw.column(r.id.as_str())?.is_not_null();
                Ok((r.partner.code.clone(), answered))
            })
            .collect::<Result<_>>()?;
        Ok(WrittenAnswers(answered))
    }

    /// The checks on a file's codes: a year that is not the round's, missing required
    /// attributes; and how many of the scored items each row answered.
    pub fn add_coded(
        &mut self,
        file: &FileRows,
        inst: &Instrument,
        written: WrittenAnswers,
        year: Option<i32>,
    ) -> Result<()> {
        self.other_years(file, inst, year)?;
        self.missing_required(file, inst)?;
        self.answered
            .extend(count_answers(file.coded, inst, written)?);
        Ok(())
    }

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

    /// A row with no value in any instrument column.
    fn empty_rows(&mut self, raw: &DataFrame, offset: usize, specs: &[Spec]) -> Result<()> {
        let nulls: Vec<Expr> = specs.iter().map(|s| col(s.id()).is_null()).collect();
        let empty = raw
            .clone()
            .lazy()
            .select([all_horizontal(nulls)?.alias("empty")])
            .collect()?;
        for (j, empty) in empty.column("empty")?.bool()?.iter().enumerate() {
            if empty == Some(true) {
                self.exclude(offset + j, ExclusionReason::EmptyRow);
            }
        }
        Ok(())
    }

    /// Every cell whose value is not an answer is a finding; in a required attribute it also
    /// excludes the row.
    fn bad_values(
        &mut self,
        raw: &DataFrame,
        offset: usize,
        inst: &Instrument,
        bad: &BadValues,
    ) -> Result<()> {
        for (id, values) in bad {
            // Written values as text: codes read as integers too.
            let cells = raw.column(id)?.cast(&DataType::String)?;
            let why = bad_lookup(values);
            let required = inst.attribute(id).is_some_and(|a| a.required);
            for (j, cell) in cells.str()?.iter().enumerate() {
                let Some((cell, problem)) = cell.and_then(|c| Some((c, *why.get(c)?))) else {
                    continue;
                };
                let i = offset + j;
                self.find(i, id, problem.clone());
                if required {
                    let value = cell.trim().to_string();
                    let attribute = id.clone();
                    self.exclude(i, ExclusionReason::Invalid { attribute, value });
                }
            }
        }
        Ok(())
    }

    /// Rows whose year column names another year than the round's.
    fn other_years(&mut self, file: &FileRows, inst: &Instrument, year: Option<i32>) -> Result<()> {
        let Some((id, year)) = year_fill(inst, year) else {
            return Ok(());
        };
        let values = file.coded.column(id)?.cast(&DataType::Float64)?;
        for (j, value) in values.f64()?.iter().enumerate() {
            let Some(value) = value.filter(|v| *v != f64::from(year)) else {
                continue;
            };
            let i = file.offset + j;
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

    fn missing_required(&mut self, file: &FileRows, inst: &Instrument) -> Result<()> {
        for a in inst.attributes.iter().filter(|a| a.required) {
            let missing = file.coded.column(&a.id)?.is_null();
            for (j, is_missing) in missing.iter().enumerate() {
                let i = file.offset + j;
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

    /// A respondent id seen before in the same year: every file's rows together.
    pub fn duplicate_ids(&mut self, coded: &DataFrame, inst: &Instrument) -> Result<()> {
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
        // Each row against the first row with its year and id; only the repeats come back.
        let repeats = DataFrame::new_infer_height(vec![
            ids.with_name("id".into()),
            years.with_name("year".into()),
        ])?
        .lazy()
        .with_row_index("row", None)
        .filter(col("id").is_not_null())
        .with_column(
            col("row")
                .min()
                .over([col("year"), col("id")])?
                .alias("first"),
        )
        .filter(col("row").neq(col("first")))
        .sort(["row"], SortMultipleOptions::default())
        .collect()?;
        let rows = repeats.column("row")?.idx()?;
        let firsts = repeats.column("first")?.idx()?;
        let repeated_ids = repeats.column("id")?.str()?;
        for ((row, first), id) in rows.iter().zip(firsts.iter()).zip(repeated_ids.iter()) {
            let (Some(row), Some(first), Some(id)) = (row, first, id) else {
                continue;
            };
            let (row, first_row) = (row as usize, self.rows[first as usize]);
            let problem = Problem::DuplicateId {
                id: id.to_string(),
                first_row,
            };
            self.find(row, &id_attr.id, problem);
            self.exclude(row, ExclusionReason::DuplicateId);
        }
        Ok(())
    }

    /// Excludes respondents who answered less than `min_answered` of the scored items.
    pub fn too_few_answers(&mut self, min_answered: f64) {
        for (reason, answered) in self.reasons.iter_mut().zip(&self.answered) {
            let Some((n, total)) = *answered else {
                continue;
            };
            let needed = ((min_answered * total as f64).ceil() as usize).max(1);
            if n < needed && reason.is_none() {
                *reason = Some(ExclusionReason::TooFewAnswers {
                    answered: n,
                    total,
                    needed,
                });
            }
        }
    }
}

/// Per row, (answered, total) scored items. For an instrument with only relational questions
/// it counts the partners other than the respondent's own type, and any answer as written,
/// "geen contact" included, counts as answered. Counted a column at a time, so that the
/// counts, not every column's flags, are what is held.
fn count_answers(
    coded: &DataFrame,
    inst: &Instrument,
    written: WrittenAnswers,
) -> Result<Vec<Option<(usize, usize)>>> {
    let height = coded.height();
    let scored: Vec<&str> = inst
        .items()
        .iter()
        .filter(|i| i.scale.is_scored())
        .map(|i| i.item.id.as_str())
        .collect();
    if scored.is_empty() && written.0.is_empty() {
        return Ok(vec![None; height]);
    }
    let zero = || UInt32Chunked::full("n".into(), 0, height);
    let add = |sum: UInt32Chunked, flags: &BooleanChunked| -> Result<UInt32Chunked> {
        let ones = flags.clone().into_series().cast(&DataType::UInt32)?;
        Ok(&sum + ones.u32()?)
    };
    let (mut n, mut total) = (zero(), zero());
    if !scored.is_empty() {
        for id in &scored {
            n = add(n, &coded.column(id)?.is_not_null())?;
        }
        total = UInt32Chunked::full("total".into(), scored.len() as u32, height);
    } else {
        let own = match inst.grouping() {
            Some(a) => coded.column(&a.id)?.cast(&DataType::String)?,
            None => Column::full_null("own".into(), height, &DataType::String),
        };
        for (partner, answered) in &written.0 {
            let other: BooleanChunked = own
                .str()?
                .iter()
                .map(|g| g != Some(partner.as_str()))
                .collect();
            n = add(n, &(answered & &other))?;
            total = add(total, &other)?;
        }
    }
    Ok(n.iter()
        .zip(total.iter())
        .map(|(n, t)| Some((n.unwrap_or(0) as usize, t.unwrap_or(0) as usize)))
        .collect())
}
