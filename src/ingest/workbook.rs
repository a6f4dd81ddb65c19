//! Workbooks (xlsx, ods, xls) read with calamine, after checks that keep a damaged or hostile
//! file from taking the machine's memory: calamine reserves what a file declares (a string
//! count, a sheet's dimensions) and unpacks whatever a zip holds, so every declared size and
//! count is checked first, xlsx is read cell by cell, and a panic inside calamine becomes an
//! error naming the file.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, DataRef, ExcelDateTime, Ods, Reader, Xls, Xlsx};
use quick_xml::events::{BytesStart, Event};

use super::Problem;
use super::limits::Limits;
use super::read::{Grid, a1, with_hint};
use crate::error::{Error, Result};

/// Most parts an xlsx or ods may have: real workbooks have a few dozen.
const MAX_ZIP_ENTRIES: usize = 10_000;

pub(super) fn read(path: &Path, ext: &str, sheet: Option<&str>, limits: &Limits) -> Result<Grid> {
    let shown = path.display().to_string();
    let mut file = crate::files::open_regular(path)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limits.max_file_bytes {
        return Err(with_hint(
            crate::files::too_large(path, limits.max_file_bytes),
            "--max-file-mb",
        ));
    }
    match ext {
        "xls" => xls_precheck(&mut file, &shown, limits)?,
        _ => zip_precheck(&mut file, &shown, limits)?,
    }
    if ext == "ods" {
        ods_precheck(&mut file, &shown, limits)?;
    }
    guarded(&shown, || match ext {
        "xls" => read_range(Xls::new(BufReader::new(file)), &shown, sheet, limits),
        "ods" => read_range(Ods::new(BufReader::new(file)), &shown, sheet, limits),
        _ => read_xlsx(file, &shown, sheet, limits),
    })
}

/// Runs a read that may panic inside calamine (on malformed numbers in a debug build, say) and
/// turns the panic into an error; the panic message is not shown.
fn guarded(shown: &str, read: impl FnOnce() -> Result<Grid>) -> Result<Grid> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|_| {
        Err(Error::unreadable(format!(
            "{shown}: cannot read this spreadsheet; it is damaged or not what its name says"
        )))
    })
}

fn damaged(shown: &str, e: impl std::fmt::Display) -> Error {
    Error::unreadable(format!(
        "{shown}: cannot open as a spreadsheet ({e}); is it encrypted or damaged?"
    ))
}

fn unpacked_limit(shown: &str, what: &str, size: u64, limits: &Limits) -> Error {
    Error::unreadable(format!(
        "{shown}: {what} unpacks to {}, more than the limit of {} (raise it with --max-file-mb)",
        crate::files::megabytes(size),
        crate::files::megabytes(limits.max_unpacked_bytes)
    ))
}

/// Every part's declared size, and the string count calamine reserves room for, before
/// calamine opens the zip; the zip reader refuses to unpack more than a part declares.
fn zip_precheck(file: &mut File, shown: &str, limits: &Limits) -> Result<()> {
    let mut zip = zip::ZipArchive::new(&mut *file).map_err(|e| damaged(shown, e))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(damaged(shown, format!("{} parts", zip.len())));
    }
    let mut total = 0u64;
    let mut shared_strings = None;
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(|e| damaged(shown, e))?;
        let name = entry.name().map_err(|e| damaged(shown, e))?.into_owned();
        if entry.size() > limits.max_unpacked_bytes {
            return Err(unpacked_limit(shown, &name, entry.size(), limits));
        }
        total = total.saturating_add(entry.size());
        if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            shared_strings = Some(i);
        }
    }
    if total > limits.max_unpacked_bytes {
        return Err(unpacked_limit(shown, "the workbook", total, limits));
    }
    if let Some(i) = shared_strings {
        let part = zip.by_index(i).map_err(|e| damaged(shown, e))?;
        let declared = first_attribute(part.take(1 << 20), "sst", "uniqueCount");
        if declared.is_some_and(|n| n > limits.max_cells as u64) {
            return Err(Error::unreadable(format!(
                "{shown}: declares {} distinct texts, more than the limit of {}; it is damaged or not a response file",
                declared.unwrap_or(0),
                limits.max_cells
            )));
        }
    }
    drop(zip);
    file.seek(SeekFrom::Start(0))
        .map_err(|e| damaged(shown, e))?;
    Ok(())
}

/// The number in attribute `attribute` of the first element `element` of an XML stream.
fn first_attribute(xml: impl Read, element: &str, attribute: &str) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(xml));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == element => {
                return number_attribute(&e, attribute);
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// A whole number attribute, saturating rather than overflowing.
fn number_attribute(e: &BytesStart, name: &str) -> Option<u64> {
    let value = e.try_get_attribute(name).ok()??.value;
    let digits = value.trim();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| {
        digits.bytes().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        })
    })
}

fn sheet_name(names: Vec<String>, wanted: Option<&str>, shown: &str) -> Result<String> {
    match wanted {
        Some(s) if names.iter().any(|n| n == s) => Ok(s.to_string()),
        Some(s) => Err(Error::unreadable(format!(
            "{shown}: has no sheet \"{s}\" (sheets: {})",
            names.join(", ")
        ))),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::unreadable(format!("{shown}: has no sheets"))),
    }
}

/// The sheet's cells as they stream in, so that memory follows what the sheet holds, not what
/// its dimensions claim; limits are checked as each cell arrives.
fn read_xlsx(file: File, shown: &str, sheet: Option<&str>, limits: &Limits) -> Result<Grid> {
    let mut wb: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(|e| damaged(shown, e))?;
    let name = sheet_name(wb.sheet_names(), sheet, shown)?;
    let place = format!("{shown}, sheet {name}");
    let cannot = |e: calamine::XlsxError| Error::unreadable(format!("{place}: cannot read: {e}"));
    let mut reader = wb.worksheet_cells_reader(&name).map_err(cannot)?;
    let mut cells = Vec::new();
    let mut findings = Vec::new();
    while let Some(record) = reader.next_cell_with_formula_metadata().map_err(cannot)? {
        let (row, col) = record.pos;
        let text = match &record.value {
            DataRef::Empty => {
                if let Some(formula) = &record.formula {
                    findings.push((row, col, formula_text(formula)));
                }
                continue;
            }
            value => text_of_ref(value),
        };
        let Some(text) = text else { continue };
        check_cell(&place, row, col, &text, cells.len(), limits)?;
        cells.push((row, col, text));
    }
    drop(reader);
    let mut grid = Grid::from_cells(shown.to_string(), Some(name), cells, limits)?;
    grid.findings = findings
        .into_iter()
        .map(|(row, col, formula)| {
            grid.finding(Some(a1(row, col)), Problem::FormulaWithoutValue { formula })
        })
        .collect();
    Ok(grid)
}

fn formula_text(formula: &calamine::XlsxFormulaMetadata) -> String {
    match formula {
        calamine::XlsxFormulaMetadata::Normal { formula }
        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => formula.clone(),
        _ => String::new(),
    }
}

/// A value beyond the limits ends the read with the cell named.
fn check_cell(
    place: &str,
    row: u32,
    col: u32,
    text: &str,
    kept: usize,
    limits: &Limits,
) -> Result<()> {
    if row >= limits.max_rows || col >= limits.max_columns {
        return Err(Error::unreadable(format!(
            "{place}, {}: a value beyond row {} or column {}; delete what lies below or right of the table",
            a1(row, col),
            limits.max_rows,
            limits.max_columns
        )));
    }
    if text.chars().count() > limits.max_cell_chars {
        return Err(Error::unreadable(format!(
            "{place}, {}: a text of more than {} characters",
            a1(row, col),
            limits.max_cell_chars
        )));
    }
    if kept >= limits.max_cells {
        return Err(Error::unreadable(format!(
            "{place}: more than {} cells with a value (raise it with --max-cells)",
            limits.max_cells
        )));
    }
    Ok(())
}

/// ods and xls have no cell reader: they are read whole, after their checks made sure that
/// whole is small.
fn read_range<R, E>(
    opened: std::result::Result<R, E>,
    shown: &str,
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<Grid>
where
    R: Reader<BufReader<File>, Error = E>,
    E: std::fmt::Display,
{
    let mut wb = opened.map_err(|e| damaged(shown, e))?;
    let name = sheet_name(wb.sheet_names(), sheet, shown)?;
    let place = format!("{shown}, sheet {name}");
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| Error::unreadable(format!("{place}: cannot read: {e}")))?;
    let formulas = wb.worksheet_formula(&name).ok();
    let mut cells = Vec::new();
    let mut findings = Vec::new();
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.cells() {
        let (row, col) = (top + r as u32, left + c as u32);
        let formula = formulas
            .as_ref()
            .and_then(|f| f.get_value((row, col)))
            .filter(|f| !f.is_empty());
        match (text_of(value), formula) {
            (None, Some(f)) if matches!(value, Data::Empty) => findings.push((row, col, f.clone())),
            (Some(text), _) => {
                check_cell(&place, row, col, &text, cells.len(), limits)?;
                cells.push((row, col, text));
            }
            (None, _) => {}
        }
    }
    let mut grid = Grid::from_cells(shown.to_string(), Some(name), cells, limits)?;
    grid.findings = findings
        .into_iter()
        .map(|(row, col, formula)| {
            grid.finding(Some(a1(row, col)), Problem::FormulaWithoutValue { formula })
        })
        .collect();
    Ok(grid)
}

/// A cell as the text a person sees in it: `3` for the number 3.0, a date as 2025-03-10.
fn text_of(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) => non_blank(s),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => Some(date_text(d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => non_blank(s),
        Data::Error(e) => Some(format!("#{e:?}")),
    }
}

fn text_of_ref(cell: &DataRef) -> Option<String> {
    match cell {
        DataRef::Empty => None,
        DataRef::String(s) => non_blank(s),
        DataRef::SharedString(s) => non_blank(s),
        DataRef::Float(f) => Some(f.to_string()),
        DataRef::Int(i) => Some(i.to_string()),
        DataRef::Bool(b) => Some(b.to_string()),
        DataRef::DateTime(d) => Some(date_text(d)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => non_blank(s),
        DataRef::Error(e) => Some(format!("#{e:?}")),
    }
}

fn non_blank(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

/// A date-formatted number as the date it shows, never as its serial (26056).
fn date_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        let secs = (d.as_f64() * 86_400.0).round() as i64;
        return format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// Extent of the tables an ods spreads out: what calamine would build from repeated rows,
/// repeated cells and runs of spaces, counted from content.xml before it does.
#[derive(Default)]
struct OdsExtent {
    rows: u64,
    pending_empty: u64,
    row_repeat: u64,
    row_has_value: bool,
    column: u64,
    width: u64,
    cells: u64,
    cell_chars: u64,
}

impl OdsExtent {
    fn element(&mut self, e: &BytesStart, start: bool, limits: &Limits) -> bool {
        let repeat = |name| number_attribute(e, name).unwrap_or(1).max(1);
        match e.name().as_ref() {
            "table:table" if start => {
                self.cells = self
                    .cells
                    .saturating_add(self.rows.saturating_mul(self.width));
                (self.rows, self.pending_empty, self.width) = (0, 0, 0);
            }
            "table:table-row" => {
                (self.row_repeat, self.row_has_value, self.column) =
                    (repeat("table:number-rows-repeated"), false, 0);
                if !start {
                    self.end_row();
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let span = repeat("table:number-columns-repeated").min(16_384);
                self.column = self.column.saturating_add(span);
                self.cell_chars = 0;
                let valued = e
                    .try_get_attribute("office:value-type")
                    .ok()
                    .flatten()
                    .is_some()
                    || e.try_get_attribute("table:formula")
                        .ok()
                        .flatten()
                        .is_some();
                if valued {
                    self.row_has_value = true;
                    self.width = self.width.max(self.column);
                }
            }
            "text:s" => {
                self.cell_chars = self.cell_chars.saturating_add(repeat("text:c"));
                return self.cell_chars <= limits.max_cell_chars as u64;
            }
            _ => {}
        }
        true
    }

    fn end_row(&mut self) {
        if self.row_has_value {
            self.rows = self
                .rows
                .saturating_add(self.pending_empty)
                .saturating_add(self.row_repeat);
            self.pending_empty = 0;
        } else {
            self.pending_empty = self.pending_empty.saturating_add(self.row_repeat);
        }
    }

    fn within(&self, limits: &Limits) -> bool {
        let cells = self
            .cells
            .saturating_add(self.rows.saturating_mul(self.width));
        self.rows <= u64::from(limits.max_rows)
            && self.width <= u64::from(limits.max_columns)
            && cells <= limits.max_cells as u64
    }
}

fn ods_precheck(file: &mut File, shown: &str, limits: &Limits) -> Result<()> {
    let too_big = || {
        Error::unreadable(format!(
            "{shown}: its tables would spread out to more than the limits (rows, columns, {} cells (--max-cells), {} characters a cell)",
            limits.max_cells, limits.max_cell_chars
        ))
    };
    let mut zip = zip::ZipArchive::new(&mut *file).map_err(|e| damaged(shown, e))?;
    let content = zip.by_name("content.xml").map_err(|e| damaged(shown, e))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let (mut buf, mut extent) = (Vec::new(), OdsExtent::default());
    loop {
        let ok = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => extent.element(&e, true, limits),
            Ok(Event::Empty(e)) => extent.element(&e, false, limits),
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => {
                extent.end_row();
                true
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(damaged(shown, e)),
            _ => true,
        };
        if !ok || !extent.within(limits) {
            return Err(too_big());
        }
        buf.clear();
    }
    drop(reader);
    file.seek(SeekFrom::Start(0))
        .map_err(|e| damaged(shown, e))?;
    Ok(())
}

/// The records of an xls workbook, before calamine reserves room for what its DIMENSIONS say:
/// every sheet's declared and used extent must fit the limits.
fn xls_precheck(file: &mut File, shown: &str, limits: &Limits) -> Result<()> {
    let mut book = cfb::CompoundFile::open(&mut *file).map_err(|e| damaged(shown, e))?;
    let mut stream = book
        .open_stream("/Workbook")
        .or_else(|_| book.open_stream("/Book"))
        .map_err(|e| damaged(shown, e))?;
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(shown, e))?;
    drop(stream);
    drop(book);
    if !xls_within(&bytes, limits) {
        return Err(Error::unreadable(format!(
            "{shown}: a sheet spans more than the limit of {} cells (--max-cells); it is damaged or not a response file",
            limits.max_cells
        )));
    }
    file.seek(SeekFrom::Start(0))
        .map_err(|e| damaged(shown, e))?;
    Ok(())
}

/// BIFF records: (type, length, data). A sheet starts at BOF; DIMENSIONS declares its extent
/// and each cell record names its row and column.
fn xls_within(bytes: &[u8], limits: &Limits) -> bool {
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4).map_or(0, |b| {
            u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        })
    };
    let (mut at, mut cells, mut extent) = (0usize, 0u64, (0u64, 0u64));
    while at + 4 <= bytes.len() {
        let kind = u16_at(bytes, at);
        let len = u16_at(bytes, at + 2) as usize;
        let data = &bytes[(at + 4).min(bytes.len())..(at + 4 + len).min(bytes.len())];
        match kind {
            0x0809 => {
                cells = cells.saturating_add(extent.0.saturating_mul(extent.1));
                extent = (0, 0);
            }
            0x0200 if data.len() >= 12 => {
                let (first, last) = (u32_at(data, 0), u32_at(data, 4));
                let (left, right) = (u16_at(data, 8), u16_at(data, 10));
                if last < first
                    || right < left
                    || (last - first).saturating_mul(right - left) > limits.max_cells as u64
                {
                    return false;
                }
            }
            0x0203 | 0x0204 | 0x00FD | 0x027E | 0x00BD | 0x0205 | 0x0006 | 0x00D6 | 0x0201 => {
                extent.0 = extent.0.max(u16_at(data, 0) + 1);
                extent.1 = extent.1.max(u16_at(data, 2) + 1);
            }
            _ => {}
        }
        at += 4 + len;
    }
    cells.saturating_add(extent.0.saturating_mul(extent.1)) <= limits.max_cells as u64
}
