//! Reading a spreadsheet or csv into a grid of text cells, exactly as written, within limits.
//!
//! Every cell stays text here: recoding happens column-wise later, and numbers keep the digits
//! that were written, which the exact ANOVA needs. Leading and trailing empty rows and
//! columns are not part of the grid; a blank line at the end of a csv is not a row.

use std::path::Path;

use polars::prelude::*;

use super::csv::{self, CsvSource};
use super::limits::Limits;
use super::workbook;
use super::{Finding, Problem};
use crate::error::{Error, Result};

/// A sheet as read: String columns `c0, c1, …` holding every row, header rows included.
pub struct Grid {
    pub file: String,
    /// `None` for csv.
    pub sheet: Option<String>,
    pub cells: DataFrame,
    /// Sheet row (0-based) of the grid's first row and sheet column of its first column.
    pub first_row: u32,
    pub first_col: u32,
    /// Cells that could not be read as a person sees them (a formula without a saved result).
    pub findings: Vec<Finding>,
    /// For a csv, `cells` holds the first rows only; the rest is read by `body`.
    csv: Option<CsvSource>,
}

impl Grid {
    /// The A1 reference of a grid cell.
    pub fn cell_ref(&self, grid_row: usize, grid_col: usize) -> String {
        a1(
            self.first_row + grid_row as u32,
            self.first_col + grid_col as u32,
        )
    }

    /// The text of a grid cell, if it has any.
    pub fn text(&self, row: usize, col: usize) -> Option<String> {
        self.cells
            .columns()
            .get(col)?
            .str()
            .ok()?
            .get(row)
            .map(str::to_string)
    }

    /// "file, sheet S" or "file" for csv: how messages name where something is.
    pub fn place(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{}, sheet {s}", self.file),
            None => self.file.clone(),
        }
    }

    /// The rows below the `skip` header rows, columns `c{i}` for the wanted columns only, each
    /// in its type where every cell reads as one (answer codes as small integers, say), and
    /// else all as text. A workbook's cells are text already.
    pub fn rows_below(&mut self, skip: usize, wanted: &[(usize, DataType)]) -> Result<DataFrame> {
        let mut parts = self.body(skip, wanted, usize::MAX);
        let mut whole = parts.next().unwrap_or_else(|| Ok(DataFrame::empty()))?;
        for part in parts {
            whole.vstack_mut(&part?)?;
        }
        Ok(whole)
    }

    /// As `rows_below`, in parts of at most `rows` rows, read one at a time as they are asked
    /// for: a large csv is never held whole. At least one part, which may hold no row.
    pub fn body<'a>(
        &'a mut self,
        skip: usize,
        wanted: &'a [(usize, DataType)],
        rows: usize,
    ) -> Body<'a> {
        Body {
            grid: self,
            wanted,
            rows: rows.max(1),
            next: skip,
            started: false,
        }
    }

    /// A finding at every quote inside a cell of a csv that made the lines after it part of
    /// that cell, among the rows read so far.
    pub fn stray_quotes(&mut self) -> Vec<Finding> {
        let Some(source) = &mut self.csv else {
            return Vec::new();
        };
        let found = source.take_stray_quotes();
        found
            .into_iter()
            .map(|(row, column, lines)| Finding {
                file: self.file.clone(),
                sheet: None,
                cell: Some(a1(row, column)),
                problem: Problem::StrayQuote { lines },
            })
            .collect()
    }

    /// A finding at a grid cell.
    pub fn finding(&self, cell: Option<String>, problem: Problem) -> Finding {
        Finding {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            cell,
            problem,
        }
    }

    /// A grid from sparse cells (0-based sheet row, column, text), trimmed to the rows and
    /// columns that hold a value.
    pub(super) fn from_cells(
        file: String,
        sheet: Option<String>,
        cells: Vec<(u32, u32, String)>,
        limits: &Limits,
    ) -> Result<Grid> {
        let first_row = cells.iter().map(|c| c.0).min().unwrap_or(0);
        let first_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
        let height = cells.iter().map(|c| c.0 - first_row + 1).max().unwrap_or(0) as usize;
        let width = cells.iter().map(|c| c.1 - first_col + 1).max().unwrap_or(0) as usize;
        if height.saturating_mul(width) > limits.max_cells {
            return Err(Error::unreadable(format!(
                "{file}: its table spans {height} rows × {width} columns, more than the limit of {} cells (raise it with --max-cells)",
                limits.max_cells
            )));
        }
        let mut columns: Vec<Vec<Option<String>>> = vec![vec![None; height]; width];
        for (row, col, text) in cells {
            columns[(col - first_col) as usize][(row - first_row) as usize] = Some(text);
        }
        let cells = columns
            .into_iter()
            .enumerate()
            .map(|(i, v)| Column::new(format!("c{i}").into(), v))
            .collect();
        Ok(Grid {
            file,
            sheet,
            cells: DataFrame::new_infer_height(cells)?,
            first_row,
            first_col,
            findings: vec![],
            csv: None,
        })
    }
}

/// The parts of a sheet's rows, from `Grid::body`.
pub struct Body<'a> {
    grid: &'a mut Grid,
    wanted: &'a [(usize, DataType)],
    rows: usize,
    /// The next grid row of a workbook; of a csv, the header rows still to pass over.
    next: usize,
    started: bool,
}

impl Iterator for Body<'_> {
    type Item = Result<DataFrame>;

    fn next(&mut self) -> Option<Result<DataFrame>> {
        let first = !std::mem::replace(&mut self.started, true);
        let Some(source) = &mut self.grid.csv else {
            let height = self.grid.cells.height();
            if self.next >= height && !first {
                return None;
            }
            let part = self.grid.cells.slice(self.next as i64, self.rows);
            self.next = self.next.saturating_add(self.rows);
            let columns = self.wanted.iter().map(|(c, _)| part.columns()[*c].clone());
            return Some(DataFrame::new_infer_height(columns.collect()).map_err(Into::into));
        };
        let skip = std::mem::take(&mut self.next);
        next_part(source, skip, self.rows, self.wanted, first).transpose()
    }
}

/// The next `rows` records of a csv after passing over `skip`, in their types where every cell
/// reads as one and else all as text; an empty part when the first has no record.
fn next_part(
    source: &mut CsvSource,
    skip: usize,
    rows: usize,
    wanted: &[(usize, DataType)],
    first: bool,
) -> Result<Option<DataFrame>> {
    if skip > 0 {
        source.next_records(skip)?;
    }
    let records = match source.next_records(rows)? {
        Some(records) => records,
        None if first => Vec::new(),
        None => return Ok(None),
    };
    let parse = |types: &[(usize, DataType)]| {
        csv::parse(&records, source.separator, &source.file, Some(types))
    };
    let frame = match parse(wanted) {
        Ok(frame) => frame,
        Err(_) => {
            let text: Vec<(usize, DataType)> =
                wanted.iter().map(|(c, _)| (*c, DataType::String)).collect();
            parse(&text).map_err(|e| stray_quote_hint(e, source))?
        }
    };
    let text: Vec<PlSmallStr> = frame
        .columns()
        .iter()
        .filter(|c| c.dtype() == &DataType::String)
        .map(|c| c.name().clone())
        .collect();
    Ok(Some(
        frame.lazy().with_columns(blank_as_null(text)).collect()?,
    ))
}

/// A1 reference from 0-based row and column.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row as u64 + 1
    )
}

pub fn read_grid(path: &Path, sheet: Option<&str>, limits: &Limits) -> Result<Grid> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let grid = match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path, limits)?,
        "xlsx" | "xlsm" | "xls" | "ods" => workbook::read(path, &ext, sheet, limits)?,
        _ => {
            return Err(Error::unreadable(format!(
                "{}: not a spreadsheet (expected .xlsx, .xls, .ods or .csv)",
                path.display()
            )));
        }
    };
    if grid.cells.height() == 0 || grid.cells.width() == 0 {
        return Err(Error::unreadable(format!(
            "{}: the sheet is empty",
            grid.place()
        )));
    }
    Ok(grid)
}

/// Rows of a csv read as text before its header is known: enough for every tool's header.
const HEAD_ROWS: usize = 16;

fn read_csv(path: &Path, limits: &Limits) -> Result<Grid> {
    let (mut source, leading) = CsvSource::open(path, limits)?;
    let file = source.file.clone();
    let separator = source.separator;
    let head = csv::parse(source.peek(HEAD_ROWS)?, separator, &file, None)
        .map_err(|e| stray_quote_hint(e, &source))?;
    let names = head.get_column_names_owned();
    let head = head.lazy().with_columns(blank_as_null(names)).collect()?;
    Ok(Grid {
        file,
        sheet: None,
        cells: head,
        first_row: leading,
        first_col: 0,
        findings: vec![],
        csv: Some(source),
    })
}

/// A csv polars cannot read, with the quote inside a cell that most often is why.
fn stray_quote_hint(e: Error, source: &CsvSource) -> Error {
    match source.first_stray_quote() {
        Some((row, column, lines)) => Error::unreadable(format!(
            "{e}; a quote inside cell {} opens quoted text over {lines} line end(s): double it, or put the whole cell in quotes",
            a1(row, column)
        )),
        None => e,
    }
}

/// A quoted empty cell ("", as LimeSurvey writes) or one of spaces is as empty as an unquoted
/// one, as in a workbook: for the named text columns.
fn blank_as_null(names: Vec<PlSmallStr>) -> Vec<Expr> {
    names
        .into_iter()
        .map(|n| {
            let blank = col(n.clone()).str().strip_chars(lit(NULL)).eq(lit(""));
            when(blank)
                .then(lit(NULL).cast(DataType::String))
                .otherwise(col(n.clone()))
                .alias(n)
        })
        .collect()
}

/// The limit's flag in a limit's message, for response files.
pub(super) fn with_hint(e: Error, flag: &str) -> Error {
    match e {
        Error::Unreadable(m) if m.contains("limit") => {
            Error::Unreadable(format!("{m} (raise it with {flag})"))
        }
        other => other,
    }
}
