//! Reading a spreadsheet or csv into a grid of text cells, exactly as written, within limits.
//!
//! Every cell stays text here: recoding happens column-wise later, and numbers keep the digits
//! that were written, which the exact ANOVA needs. Leading and trailing empty rows and
//! columns are not part of the grid; a blank line at the end of a csv is not a row.

use std::io::Cursor;
use std::path::Path;

use polars::prelude::*;
use polars_io::prelude::{CsvParseOptions, CsvReadOptions};

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
    /// For a csv, `cells` holds the first rows only; the rest is read by `rows_below`.
    csv: Option<Csv>,
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
    pub fn rows_below(&self, skip: usize, wanted: &[(usize, DataType)]) -> Result<DataFrame> {
        let mut chunks = self.chunks_below(skip, usize::MAX);
        let whole = chunks.remove(0);
        self.read_chunk(&whole, wanted)
    }

    /// The rows below the `skip` header rows in parts of at most `rows` rows each, to be read
    /// one at a time by `read_chunk`: a large csv is never held as cells whole. At least one
    /// part, which may hold no row.
    pub fn chunks_below(&self, skip: usize, rows: usize) -> Vec<Chunk> {
        match &self.csv {
            Some(csv) => csv.record_ranges(skip, rows),
            None => {
                let height = self.cells.height().saturating_sub(skip);
                let mut parts: Vec<Chunk> = (0..height)
                    .step_by(rows.max(1))
                    .map(|from| skip + from..skip + (from + rows).min(height))
                    .collect();
                if parts.is_empty() {
                    parts.push(skip..skip);
                }
                parts
            }
        }
    }

    /// One part of `chunks_below`, as `rows_below` reads the whole.
    pub fn read_chunk(&self, chunk: &Chunk, wanted: &[(usize, DataType)]) -> Result<DataFrame> {
        let Some(csv) = &self.csv else {
            let body = self
                .cells
                .slice(chunk.start as i64, chunk.end.saturating_sub(chunk.start));
            let columns = wanted
                .iter()
                .map(|(c, _)| body.columns()[*c].clone())
                .collect::<Vec<_>>();
            return Ok(DataFrame::new_infer_height(columns)?);
        };
        let bytes = &csv.bytes[chunk.clone()];
        let parse = |types: &[(usize, DataType)]| {
            Csv::parse_bytes(bytes, csv.separator, &self.file, None, 0, Some(types))
        };
        let frame = match parse(wanted) {
            Ok(frame) => frame,
            Err(_) => {
                let text: Vec<(usize, DataType)> =
                    wanted.iter().map(|(c, _)| (*c, DataType::String)).collect();
                parse(&text)?
            }
        };
        let text: Vec<PlSmallStr> = frame
            .columns()
            .iter()
            .filter(|c| c.dtype() == &DataType::String)
            .map(|c| c.name().clone())
            .collect();
        Ok(frame.lazy().with_columns(blank_as_null(text)).collect()?)
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
    let file = path.display().to_string();
    let mut bytes = crate::files::read_bytes(path, limits.max_file_bytes)
        .map_err(|e| with_hint(e, "--max-file-mb"))?;
    normalise_line_ends(&mut bytes);
    if let Err(e) = std::str::from_utf8(&bytes) {
        return Err(Error::unreadable(format!(
            "{file}: not UTF-8 text (byte {}); save it as \"CSV UTF-8\"",
            e.valid_up_to() + 1
        )));
    }
    // Trailing blank lines (LimeSurvey ends its export with one) are not rows; leading ones
    // are not either, but they count in the row numbers.
    while bytes.ends_with(b"\n\n") {
        bytes.pop();
    }
    let leading = bytes.iter().take_while(|b| **b == b'\n').count();
    bytes.drain(..leading);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let separator = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|c| count(*c))
        .unwrap_or(b',');
    let header_width = count(separator) + 1;
    // Trailing lines of separators alone (",,,,,", as a spreadsheet saves rows it once
    // formatted) are no rows either, just as trailing blank lines are not.
    let filler = |b: &u8| [separator, b' ', b'\t', b'"'].contains(b);
    loop {
        let body = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        // The header line is never trimmed.
        let Some(start) = body.iter().rposition(|b| *b == b'\n').map(|p| p + 1) else {
            break;
        };
        if !body[start..].iter().all(filler) {
            break;
        }
        bytes.truncate(start);
    }
    // Rows × columns of the header, before polars builds anything.
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    let cells = lines.saturating_mul(header_width);
    if cells > limits.max_cells {
        return Err(Error::unreadable(format!(
            "{file}: about {cells} cells, more than the limit of {} (raise it with --max-cells)",
            limits.max_cells
        )));
    }
    let csv = Csv { bytes, separator };
    // The head from the first lines alone: polars would otherwise go through the whole file.
    let prefix = csv
        .bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(HEAD_ROWS * 16)
        .map_or(csv.bytes.len(), |(at, _)| at + 1);
    let head = Csv::parse_bytes(
        &csv.bytes[..prefix],
        csv.separator,
        &file,
        Some(HEAD_ROWS),
        0,
        None,
    )
    .or_else(|_| csv.parse(&file, Some(HEAD_ROWS), 0, None))?;
    let names = head.get_column_names_owned();
    let head = head.lazy().with_columns(blank_as_null(names)).collect()?;
    Ok(Grid {
        file,
        sheet: None,
        cells: head,
        first_row: leading as u32,
        first_col: 0,
        findings: vec![],
        csv: Some(csv),
    })
}

/// A part of a sheet's rows: grid rows of a workbook, the bytes of whole records of a csv.
pub type Chunk = std::ops::Range<usize>;

/// A csv's text, line ends normalised, kept until its rows are read with their types.
pub struct Csv {
    bytes: Vec<u8>,
    separator: u8,
}

impl Csv {
    /// The byte ranges of the records after the first `skip`, `rows` records each, as polars
    /// reads records: a field that starts with a quote runs until a separator or line end
    /// outside quotes (so it may hold line ends); a quote inside a field is a character.
    fn record_ranges(&self, skip: usize, rows: usize) -> Vec<Chunk> {
        let (bytes, separator) = (&self.bytes[..], self.separator);
        let mut ends = Vec::new();
        let (mut at, mut records) = (0, 0);
        let mut start = None;
        while at < bytes.len() {
            if records == skip && start.is_none() {
                start = Some(at);
            }
            let Some(found) = memchr::memchr2(b'"', b'\n', &bytes[at..]) else {
                break;
            };
            let pos = at + found;
            let field_start =
                pos == 0 || matches!(bytes[pos - 1], b'\n') || bytes[pos - 1] == separator;
            if bytes[pos] == b'"' {
                at = if field_start {
                    quoted_field_end(bytes, pos, separator)
                } else {
                    pos + 1
                };
                continue;
            }
            records += 1;
            at = pos + 1;
            if records > skip && (records - skip).is_multiple_of(rows.max(1)) {
                ends.push(at);
            }
        }
        let start = start.unwrap_or(bytes.len());
        let mut parts = Vec::new();
        let mut from = start;
        for end in ends {
            parts.push(from..end);
            from = end;
        }
        if from < bytes.len() || parts.is_empty() {
            parts.push(from..bytes.len());
        }
        parts
    }

    fn parse(
        &self,
        file: &str,
        n_rows: Option<usize>,
        skip: usize,
        types: Option<&[(usize, DataType)]>,
    ) -> Result<DataFrame> {
        Csv::parse_bytes(&self.bytes, self.separator, file, n_rows, skip, types)
    }

    /// Rows from `skip` on (at most `n_rows`), columns `c0, c1, …`; `types` gives the columns to
    /// read and their types (all, as text, when none).
    fn parse_bytes(
        bytes: &[u8],
        separator: u8,
        file: &str,
        n_rows: Option<usize>,
        skip: usize,
        types: Option<&[(usize, DataType)]>,
    ) -> Result<DataFrame> {
        let width = types
            .and_then(|t| t.iter().map(|(c, _)| c + 1).max())
            .unwrap_or(0);
        let mut options = CsvReadOptions::default()
            .with_has_header(false)
            .with_infer_schema_length(Some(0))
            .with_raise_if_empty(false)
            .with_n_rows(n_rows)
            .with_skip_rows(skip)
            .with_parse_options(
                CsvParseOptions::default()
                    .with_separator(separator)
                    .with_truncate_ragged_lines(true)
                    .with_missing_is_null(true),
            );
        if let Some(types) = types {
            let mut schema = Schema::with_capacity(width);
            for c in 0..width {
                schema.insert(format!("c{c}").into(), DataType::String);
            }
            for (c, dtype) in types {
                schema.insert(format!("c{c}").into(), dtype.clone());
            }
            let projection: Vec<usize> = types.iter().map(|(c, _)| *c).collect();
            options = options
                .with_schema(Some(Arc::new(schema)))
                .with_projection(Some(Arc::new(projection)));
        }
        let mut frame = options
            .into_reader_with_file_handle(Cursor::new(bytes))
            .finish()
            .map_err(|e| Error::unreadable(format!("{file}: cannot read as csv: {e}")))?;
        if types.is_none() {
            let names: Vec<PlSmallStr> =
                (0..frame.width()).map(|i| format!("c{i}").into()).collect();
            frame.set_column_names(&names)?;
        }
        Ok(frame)
    }
}

/// Where a field that starts with a quote at `start` ends: at the first separator or line end
/// after an even number of quotes (a doubled quote is a quote in the text), as polars splits
/// fields. The position of that separator or line end, or the end of the text.
fn quoted_field_end(bytes: &[u8], start: usize, separator: u8) -> usize {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && (b == separator || b == b'\n') {
            return i;
        }
    }
    bytes.len()
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

/// CRLF and lone CR (Excel for Mac's "CSV (Macintosh)") become LF and a UTF-8 BOM goes, in
/// place: the write position never passes the read position, so one buffer is enough.
fn normalise_line_ends(buf: &mut Vec<u8>) {
    let start = if buf.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    if start == 0 && !buf.contains(&b'\r') {
        return;
    }
    let (mut read, mut write, n) = (start, 0, buf.len());
    while read < n {
        let next = buf[read..]
            .iter()
            .position(|&b| b == b'\r')
            .map_or(n, |i| read + i);
        buf.copy_within(read..next, write);
        write += next - read;
        read = next;
        if read < n {
            buf[write] = b'\n';
            write += 1;
            read += if buf.get(read + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
    }
    buf.truncate(write);
}
