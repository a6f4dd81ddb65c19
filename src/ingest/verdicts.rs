//! Which rows are analysed and why the others are not, with a finding at every cell that is not
//! an answer. The checks run on one part of a sheet at a time, while its cells as written are
//! at hand; only the respondent ids seen are kept from part to part, for the duplicates. One
//! reason per row: the first check that excludes it.

use std::collections::HashMap;
use std::fmt::Write;
use std::hash::BuildHasher;

use polars::prelude::*;

use super::recode::bad_lookup;
use super::{
    AttributeRole, BadValues, Exclusion, ExclusionReason, Finding, PARTIAL_COL, Problem, ROW_COL,
    Spec, year_fill,
};
use crate::error::Result;
use crate::instrument::Instrument;

/// Where a sheet is and where each of its column ids sits, for cell references.
pub(super) struct Origin {
    pub file: String,
    pub sheet: Option<String>,
    pub letters: HashMap<String, String>,
}

/// The sheet row of the first respondent with each (year, id), over all files read so far: a
/// million respondents in about 50 MB. Each key is `{year's length}:{year}{id}` (so that no
/// year and id run into another pair), its text kept end to end in `keys`.
#[derive(Default)]
pub(super) struct SeenIds {
    keys: Vec<u8>,
    /// (start of the key in `keys`, its length, the first row).
    table: hashbrown::HashTable<(usize, u32, u32)>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl SeenIds {
    /// The first row seen with `key`; else notes `row` as the first and gives none.
    fn first(&mut self, key: &[u8], row: u32) -> Option<u32> {
        let hash = self.hasher.hash_one(key);
        let keys = &self.keys;
        let text = |&(start, len, _): &(usize, u32, u32)| &keys[start..start + len as usize];
        if let Some(&(_, _, first)) = self.table.find(hash, |e| text(e) == key) {
            return Some(first);
        }
        let entry = (self.keys.len(), key.len() as u32, row);
        self.keys.extend_from_slice(key);
        let (keys, hasher) = (&self.keys, &self.hasher);
        self.table.insert_unique(hash, entry, |e| {
            hasher.hash_one(&keys[e.0..e.0 + e.1 as usize])
        });
        None
    }
}

/// Per row of a part of a sheet, in order: its sheet row, why it is excluded if it is, and how
/// many of the scored items it answered; and every finding with its cell.
pub(super) struct Verdicts<'a> {
    origin: &'a Origin,
    rows: Vec<u32>,
    partial: Vec<bool>,
    pub reasons: Vec<Option<ExclusionReason>>,
    /// (answered, total) scored items, for the min-answered rule; none when the instrument
    /// has nothing to answer.
    answered: Vec<Option<(usize, usize)>>,
    pub findings: Vec<Finding>,
}

/// Per partner of a relational question, which rows answered it as written ("geen contact"
/// included, which the codes make missing).
pub(super) struct WrittenAnswers(Vec<(String, BooleanChunked)>);

impl<'a> Verdicts<'a> {
    /// The rows of `raw` (with `_row` and `_partial`), none excluded yet.
    pub fn new(raw: &DataFrame, origin: &'a Origin) -> Result<Self> {
        let rows: Vec<u32> = raw.column(ROW_COL)?.u32()?.into_no_null_iter().collect();
        let partial = raw.column(PARTIAL_COL)?.bool()?;
        Ok(Verdicts {
            origin,
            partial: partial.iter().map(|p| p == Some(true)).collect(),
            reasons: vec![None; rows.len()],
            answered: Vec::with_capacity(rows.len()),
            rows,
            findings: Vec::new(),
        })
    }

    /// The checks on what was written: empty rows and values that are not answers; `year` is
    /// the run's, which fills a year column's empty cells.
    pub fn add_written(
        &mut self,
        raw: &DataFrame,
        inst: &Instrument,
        bad: &BadValues,
        year: Option<i32>,
    ) -> Result<WrittenAnswers> {
        let supplied = year_fill(inst, year).map(|(id, _)| id);
        self.empty_rows(raw, &inst.columns(), supplied)?;
        self.bad_values(raw, inst, bad)?;
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

    /// The checks on the codes: a year that is not the round's, missing required attributes;
    /// and how many of the scored items each row answered.
    pub fn add_coded(
        &mut self,
        coded: &DataFrame,
        inst: &Instrument,
        written: WrittenAnswers,
        year: Option<i32>,
    ) -> Result<()> {
        self.other_years(coded, inst, year)?;
        self.missing_required(coded, inst)?;
        self.answered.extend(count_answers(coded, inst, written)?);
        Ok(())
    }

    /// The excluded rows in order, with their reasons.
    pub fn exclusions(&self) -> impl Iterator<Item = Exclusion> + '_ {
        self.reasons.iter().enumerate().filter_map(|(i, reason)| {
            Some(Exclusion {
                file: self.origin.file.clone(),
                row: self.rows[i],
                through: None,
                reason: reason.clone()?,
                partial: self.partial[i],
            })
        })
    }

    /// Whether the sheet has a column for `id`.
    fn has_column(&self, id: &str) -> bool {
        self.origin.letters.contains_key(id)
    }

    /// A finding at row `i`'s cell in column `id`.
    fn find(&mut self, i: usize, id: &str, problem: Problem) {
        let letter = self.origin.letters.get(id).map_or("", String::as_str);
        self.findings.push(Finding {
            file: self.origin.file.clone(),
            sheet: self.origin.sheet.clone(),
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
    /// The year the run supplies fills every row, so it makes no row non-empty.
    fn empty_rows(&mut self, raw: &DataFrame, specs: &[Spec], year: Option<&str>) -> Result<()> {
        let nulls: Vec<Expr> = specs
            .iter()
            .filter(|s| Some(s.id()) != year)
            .map(|s| col(s.id()).is_null())
            .collect();
        let empty = raw
            .clone()
            .lazy()
            .select([all_horizontal(nulls)?.alias("empty")])
            .collect()?;
        for (j, empty) in empty.column("empty")?.bool()?.iter().enumerate() {
            if empty == Some(true) {
                self.exclude(j, ExclusionReason::EmptyRow);
            }
        }
        Ok(())
    }

    /// Every cell whose value is not an answer is a finding; in a required attribute it also
    /// excludes the row.
    fn bad_values(&mut self, raw: &DataFrame, inst: &Instrument, bad: &BadValues) -> Result<()> {
        for (id, values) in bad {
            // Written values as text: codes read as integers too.
            let cells = raw.column(id)?.cast(&DataType::String)?;
            let why = bad_lookup(values);
            let required = inst.attribute(id).is_some_and(|a| a.required);
            for (i, cell) in cells.str()?.iter().enumerate() {
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
                    if self.has_column(&a.id) {
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

    /// A respondent id seen before in the same year, in this part or in any file read before.
    pub fn duplicate_ids(
        &mut self,
        coded: &DataFrame,
        inst: &Instrument,
        seen: &mut SeenIds,
    ) -> Result<()> {
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
        let mut key = String::new();
        for (i, (id, year)) in ids.str()?.iter().zip(years.str()?.iter()).enumerate() {
            let Some(id) = id else { continue };
            let year = year.unwrap_or_default();
            key.clear();
            // Infallible: writing to a String.
            let _ = write!(key, "{}:{year}{id}", year.len());
            let Some(first_row) = seen.first(key.as_bytes(), self.rows[i]) else {
                continue;
            };
            let problem = Problem::DuplicateId {
                id: id.to_string(),
                first_row,
            };
            self.find(i, &id_attr.id, problem);
            self.exclude(i, ExclusionReason::DuplicateId);
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
