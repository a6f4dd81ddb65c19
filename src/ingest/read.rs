//! Reading a spreadsheet or csv into a grid of text cells, exactly as written.
//!
//! Every cell stays text here: recoding happens column-wise later, and numbers keep the digits
//! that were written, which the exact ANOVA needs.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use polars::prelude::*;
use polars_io::prelude::{CsvParseOptions, CsvReadOptions};

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
}

/// A1 reference from 0-based row and column.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        row + 1
    )
}

/// The largest response file read.
const MAX_FILE_BYTES: u64 = 512 << 20;

pub fn read_grid(path: &Path, sheet: Option<&str>) -> Result<Grid> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let grid = match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path)?,
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, sheet)?,
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

fn read_csv(path: &Path) -> Result<Grid> {
    let file = path.display().to_string();
    let mut bytes = crate::files::read_bytes(path, MAX_FILE_BYTES)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(Error::unreadable(format!(
            "{file}: not UTF-8 text (byte {}); save it as \"CSV UTF-8\"",
            e.valid_up_to() + 1
        )));
    }
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let separator = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|c| count(*c))
        .unwrap_or(b',');
    let cells = CsvReadOptions::default()
        .with_has_header(false)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .with_parse_options(
            CsvParseOptions::default()
                .with_separator(separator)
                .with_truncate_ragged_lines(true)
                .with_missing_is_null(true),
        )
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| Error::unreadable(format!("{file}: cannot read as csv: {e}")))?;
    let names: Vec<PlSmallStr> = (0..cells.width()).map(|i| format!("c{i}").into()).collect();
    let mut cells = cells;
    cells.set_column_names(&names)?;
    Ok(Grid {
        file,
        sheet: None,
        cells,
        first_row: 0,
        first_col: 0,
    })
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Grid> {
    let file = path.display().to_string();
    let mut wb = open_workbook_auto(path).map_err(|e| {
        Error::unreadable(format!(
            "{file}: cannot open as a spreadsheet ({e}); is it encrypted or damaged?"
        ))
    })?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_string(),
        Some(s) => {
            return Err(Error::unreadable(format!(
                "{file}: has no sheet \"{s}\" (sheets: {})",
                names.join(", ")
            )));
        }
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::unreadable(format!("{file}: has no sheets")))?,
    };
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| Error::unreadable(format!("{file}, sheet {name}: cannot read: {e}")))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(height); width];
    for row in range.rows() {
        for (col, cell) in columns.iter_mut().zip(row) {
            col.push(cell_text(cell));
        }
    }
    let cells = columns
        .into_iter()
        .enumerate()
        .map(|(i, v)| Column::new(format!("c{i}").into(), v))
        .collect();
    let cells = DataFrame::new_infer_height(cells)?;
    Ok(Grid {
        file,
        sheet: Some(name),
        cells,
        first_row,
        first_col,
    })
}

/// A cell as the text a person sees in it: `3` for the number 3.0, never `3.0000000001`.
fn cell_text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) => Some(s.clone()),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => Some(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => Some(format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::a1;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }
}
