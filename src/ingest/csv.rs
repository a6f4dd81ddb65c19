//! A csv read a block at a time: however large the file, only the records not yet handed out
//! are held. Each block has its line ends normalised (CRLF and a lone CR become LF, a UTF-8
//! BOM goes) and is checked as UTF-8; records are cut where polars ends them. Blank lines
//! before the table count in the row numbers but are not rows; lines at the end that hold only
//! separators, spaces or quotes (as a spreadsheet saves rows it once formatted) are not rows
//! either.

use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;

use polars::prelude::*;
use polars_io::prelude::{CsvParseOptions, CsvReadOptions};

use super::limits::Limits;
use crate::error::{Error, Result};

/// Bytes read from the file at a time.
const BLOCK: usize = 4 << 20;

pub struct CsvSource {
    pub file: String,
    /// Bytes read at a time (`BLOCK`; small in tests of the seams between blocks).
    block: usize,
    reader: std::io::Take<std::fs::File>,
    max_file_bytes: u64,
    max_cells: usize,
    eof: bool,
    /// Raw bytes held back for the next block: a CR that may be half of a CRLF, the first
    /// bytes of a character cut by the block's end.
    carry: Vec<u8>,
    /// Whether the next block is the file's first (which may start with a BOM).
    first_block: bool,
    /// Normalised bytes before `buf`, for the position of a byte that is not UTF-8.
    before: usize,
    /// Normalised text not yet handed out; it starts at a record.
    buf: Vec<u8>,
    /// Where each complete record scanned in `buf` ends (after its line end).
    ends: VecDeque<usize>,
    /// How many of `ends` are certainly rows: up to the last record that is not filler.
    certain: usize,
    pub separator: u8,
    /// The width of the first line, for the limit on cells.
    width: usize,
    /// Lines handed out so far, for the limit on cells.
    lines: usize,
    /// Blank lines before the first line, and records handed out: the sheet row (from 0) of
    /// the first record in `buf` is their sum.
    leading: usize,
    handed_out: usize,
    /// (sheet row and column from 0, line ends read into the cell) of every stray quote found.
    stray_quotes: Vec<(u32, u32, usize)>,
}

impl CsvSource {
    /// Opens the csv and reads up to its first line: the blank lines before it (counted, not
    /// held) and the separator it uses most of `;`, tab and `,`.
    pub fn open(path: &Path, limits: &Limits) -> Result<(CsvSource, u32)> {
        CsvSource::open_with_block(path, limits, BLOCK)
    }

    fn open_with_block(path: &Path, limits: &Limits, block: usize) -> Result<(CsvSource, u32)> {
        let file = crate::files::open_regular(path)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limits.max_file_bytes {
            return Err(super::read::with_hint(
                crate::files::too_large(path, limits.max_file_bytes),
                "--max-file-mb",
            ));
        }
        let mut source = CsvSource {
            file: path.display().to_string(),
            block,
            reader: file.take(limits.max_file_bytes.saturating_add(1)),
            max_file_bytes: limits.max_file_bytes,
            max_cells: limits.max_cells,
            eof: false,
            carry: Vec::new(),
            first_block: true,
            before: 0,
            buf: Vec::new(),
            ends: VecDeque::new(),
            certain: 0,
            separator: b',',
            width: 0,
            lines: 0,
            leading: 0,
            handed_out: 0,
            stray_quotes: Vec::new(),
        };
        let mut leading = 0;
        loop {
            let blank = source.buf.iter().take_while(|b| **b == b'\n').count();
            leading += blank;
            source.drop_front(blank);
            if source.buf.contains(&b'\n') || source.eof {
                break;
            }
            source.fill()?;
        }
        let first_line = source.buf.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
        source.separator = [b';', b'\t', b',']
            .into_iter()
            .max_by_key(|c| count(*c))
            .unwrap_or(b',');
        source.width = count(source.separator) + 1;
        source.leading = leading;
        Ok((source, leading as u32))
    }

    /// The first `rows` records (fewer if the file has fewer), as text, left to be handed out.
    pub fn peek(&mut self, rows: usize) -> Result<&[u8]> {
        let n = self.read_certain(rows)?;
        let end = if n == 0 { 0 } else { self.ends[n - 1] };
        Ok(&self.buf[..end])
    }

    /// The next `rows` records (fewer at the end; none once all are handed out) as text, with
    /// their line ends.
    pub fn next_records(&mut self, rows: usize) -> Result<Option<Vec<u8>>> {
        let n = self.read_certain(rows)?;
        if n == 0 {
            return Ok(None);
        }
        let end = self.ends[n - 1];
        let records = self.buf[..end].to_vec();
        self.lines += records.iter().filter(|b| **b == b'\n').count().max(1);
        if self.lines.saturating_mul(self.width) > self.max_cells {
            return Err(Error::unreadable(format!(
                "{}: more than {} lines of {} columns, more than the limit of {} cells (raise it with --max-cells)",
                self.file, self.lines, self.width, self.max_cells
            )));
        }
        self.ends.drain(..n);
        self.certain -= n;
        self.handed_out += n;
        self.drop_front(end);
        Ok(Some(records))
    }

    /// The stray quotes found so far (sheet row and column from 0, and how many line ends they
    /// made part of the cell), each once.
    pub fn take_stray_quotes(&mut self) -> Vec<(u32, u32, usize)> {
        std::mem::take(&mut self.stray_quotes)
    }

    /// The first stray quote found and not yet taken.
    pub fn first_stray_quote(&self) -> Option<(u32, u32, usize)> {
        self.stray_quotes.first().copied()
    }

    /// Reads until `rows` records are certainly rows, or to the end of the file, where filler
    /// after the last real record goes. How many records are there, up to `rows`.
    fn read_certain(&mut self, rows: usize) -> Result<usize> {
        let rows = rows.max(1);
        while self.certain < rows && !self.eof {
            self.fill()?;
            self.scan();
        }
        if self.eof {
            self.scan();
            self.ends.truncate(self.certain);
            let end = self.ends.back().copied().unwrap_or(0);
            self.buf.truncate(end);
        }
        Ok(rows.min(self.certain))
    }

    /// Removes `n` bytes from the front of `buf`.
    fn drop_front(&mut self, n: usize) {
        if n == self.buf.len() {
            // Frees a buffer that held a whole file read at once.
            self.buf = Vec::new();
        } else {
            self.buf.drain(..n);
        }
        self.before += n;
        for end in &mut self.ends {
            *end -= n;
        }
    }

    /// Finds the records that the text read so far completes; at the end of the file, a last
    /// record without a line end is one too.
    fn scan(&mut self) {
        let mut at = self.ends.back().copied().unwrap_or(0);
        while at < self.buf.len() {
            let (end, stray) = match record_end(&self.buf, at, self.separator) {
                (Some(end), stray) => (end, stray),
                (None, stray) if self.eof => (self.buf.len(), stray),
                (None, _) => break,
            };
            // The record's place among all the file's records; the first is the header line.
            let index = self.handed_out + self.ends.len();
            if let Some(quote) = stray {
                let column = column_at(&self.buf, at, quote.at, self.separator);
                self.stray_quotes
                    .push(((self.leading + index) as u32, column as u32, quote.lines));
            }
            self.ends.push_back(end);
            // The header line is never filler, whatever it holds.
            if index == 0 || !is_filler(&self.buf[at..end], self.separator) {
                self.certain = self.ends.len();
            }
            at = end;
        }
    }

    /// Reads a block, normalises its line ends, checks it is UTF-8 and adds it to `buf`.
    fn fill(&mut self) -> Result<()> {
        let mut block = std::mem::take(&mut self.carry);
        let start = block.len();
        block.resize(start + self.block, 0);
        let mut got = start;
        while got < block.len() {
            match self.reader.read(&mut block[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(Error::unreadable(format!(
                        "{}: cannot read: {e}",
                        self.file
                    )));
                }
            }
        }
        block.truncate(got);
        self.eof = got < start + self.block;
        if self.eof && self.reader.limit() == 0 {
            return Err(super::read::with_hint(
                crate::files::too_large(Path::new(&self.file), self.max_file_bytes),
                "--max-file-mb",
            ));
        }
        // A BOM needs its three bytes together.
        if self.first_block && block.len() < 3 && !self.eof {
            self.carry = block;
            return Ok(());
        }
        // A CR at the end may be half of a CRLF: it waits for the next block.
        if !self.eof && block.last() == Some(&b'\r') {
            self.carry.push(b'\r');
            block.pop();
        }
        normalise_line_ends(&mut block, std::mem::take(&mut self.first_block));
        let valid = match std::str::from_utf8(&block) {
            Ok(_) => block.len(),
            // A character cut by the block's end is completed by the next block.
            Err(e) if e.error_len().is_none() && !self.eof => e.valid_up_to(),
            Err(e) => {
                return Err(Error::unreadable(format!(
                    "{}: not UTF-8 text (byte {}); save it as \"CSV UTF-8\"",
                    self.file,
                    self.before + self.buf.len() + e.valid_up_to() + 1
                )));
            }
        };
        let mut rest = block.split_off(valid);
        rest.append(&mut self.carry);
        self.carry = rest;
        self.buf.append(&mut block);
        Ok(())
    }
}

/// A quote inside a cell of a csv (not at its start, nor doubled) that opened quoted text
/// holding line ends: polars reads the lines up to the closing quote as part of that cell.
#[derive(Debug, Clone, Copy, PartialEq)]
struct StrayQuote {
    /// Where the quote is.
    at: usize,
    /// The line ends inside the text it opened.
    lines: usize,
}

/// Where the record that starts at `from` ends (after its line end), as polars finds records:
/// a line end after an odd number of quotes is inside a quoted field; none when the text ends
/// first. Also the first quote inside a cell that made a line end part of the record.
fn record_end(bytes: &[u8], from: usize, separator: u8) -> (Option<usize>, Option<StrayQuote>) {
    let (mut at, mut quoted) = (from, false);
    // The quote that opened the quoted text we are in, when it stood inside a cell.
    let mut opened_inside = None;
    let mut stray: Option<StrayQuote> = None;
    loop {
        let Some(found) = memchr::memchr2(b'"', b'\n', &bytes[at..]) else {
            return (None, stray);
        };
        let pos = at + found;
        if bytes[pos] == b'"' {
            quoted = !quoted;
            let cell_start = pos == from || [separator, b'\n', b'"'].contains(&bytes[pos - 1]);
            opened_inside = (quoted && !cell_start).then_some(pos);
        } else if !quoted {
            return (Some(pos + 1), stray);
        } else if let Some(quote) = opened_inside {
            stray
                .get_or_insert(StrayQuote {
                    at: quote,
                    lines: 0,
                })
                .lines += 1;
        }
        at = pos + 1;
    }
}

/// The column (from 0) of the cell at `at` in the record that starts at `from`.
fn column_at(bytes: &[u8], from: usize, at: usize, separator: u8) -> usize {
    let mut quoted = false;
    let mut column = 0;
    for &b in &bytes[from..at] {
        if b == b'"' {
            quoted = !quoted;
        } else if b == separator && !quoted {
            column += 1;
        }
    }
    column
}

/// A record of separators, spaces and quotes only (or a blank line).
fn is_filler(record: &[u8], separator: u8) -> bool {
    record
        .iter()
        .all(|b| [separator, b' ', b'\t', b'"', b'\n'].contains(b))
}

/// Records as a frame, columns `c0, c1, …`; `types` gives the columns to read and their types
/// (all, as text, when none).
pub fn parse(
    bytes: &[u8],
    separator: u8,
    file: &str,
    types: Option<&[(usize, DataType)]>,
) -> Result<DataFrame> {
    let width = types
        .and_then(|t| t.iter().map(|(c, _)| c + 1).max())
        .unwrap_or(0);
    let mut options = CsvReadOptions::default()
        .with_has_header(false)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
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
        .into_reader_with_file_handle(std::io::Cursor::new(bytes))
        .finish()
        .map_err(|e| Error::unreadable(format!("{file}: cannot read as csv: {e}")))?;
    if types.is_none() {
        let names: Vec<PlSmallStr> = (0..frame.width()).map(|i| format!("c{i}").into()).collect();
        frame.set_column_names(&names)?;
    }
    Ok(frame)
}

/// CRLF and lone CR (Excel for Mac's "CSV (Macintosh)") become LF, and a UTF-8 BOM goes when
/// `first`, in place: the write position never passes the read position, so one buffer is
/// enough.
fn normalise_line_ends(buf: &mut Vec<u8>, first: bool) {
    let start = if first && buf.starts_with(b"\xEF\xBB\xBF") {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record, read `block` bytes at a time, `rows` records at a time; and the stray
    /// quotes found.
    type Read = (u32, u8, Vec<Vec<u8>>, Vec<(u32, u32, usize)>);
    fn records(path: &Path, block: usize, rows: usize) -> Result<Read> {
        let (mut source, leading) = CsvSource::open_with_block(path, &Limits::default(), block)?;
        let mut all = Vec::new();
        while let Some(part) = source.next_records(rows)? {
            all.push(part);
        }
        Ok((leading, source.separator, all, source.take_stray_quotes()))
    }

    /// The seams between blocks change nothing: a CRLF, a character of several bytes and a
    /// quoted field with line ends cut anywhere read as when read whole.
    #[test]
    fn blocks_of_any_size_read_as_the_whole() {
        let dir = std::env::temp_dir().join(format!("verband-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("seams.csv");
        let text = "\u{feff}\r\n\r\nid;naam;v1\r\nr1;\"Café \"\"€\"\"\r\nlang\";4\r\n\r\nr2;ëï;5\rr3;\"a;b\";\r\n;;\r\n \";\"\"\r\n";
        std::fs::write(&path, text).unwrap();
        let whole = records(&path, BLOCK, usize::MAX).unwrap();
        let joined: Vec<u8> = whole.2.concat();
        assert_eq!(whole.0, 2, "two blank lines before the table");
        assert_eq!(
            whole.3,
            [],
            "doubled quotes and a quoted line end are no stray quote"
        );
        assert_eq!(whole.1, b';');
        assert_eq!(
            String::from_utf8(joined.clone()).unwrap(),
            "id;naam;v1\nr1;\"Café \"\"€\"\"\nlang\";4\n\nr2;ëï;5\nr3;\"a;b\";\n"
        );
        for block in 1..=9 {
            for rows in [1, 2, 3] {
                let parts = records(&path, block, rows).unwrap();
                assert_eq!((parts.0, parts.1), (whole.0, whole.1), "block {block}");
                assert_eq!(parts.2.concat(), joined, "block {block}, rows {rows}");
                assert!(
                    parts
                        .2
                        .iter()
                        .all(|p| p.iter().filter(|b| **b == b'\n').count() >= 1)
                );
            }
        }
        // A quote inside a cell that runs over a line end is found at its cell (B4: row 3 and
        // column 1 from 0), however the file is cut.
        std::fs::write(&path, "\r\nid;v;w\r\nr1;1;2\r\nr2;5\" x;3\r\nr3;4;\"\"\r\n").unwrap();
        for block in [1, 3, BLOCK] {
            let read = records(&path, block, 1).unwrap();
            assert_eq!(read.3, [(3, 1, 1)], "block {block}");
        }
        // A byte that is not UTF-8 is named at the same place however the file is cut.
        std::fs::write(&path, b"id;v\r\nr1;\xff\r\n").unwrap();
        for block in [1, 2, 5, BLOCK] {
            let e = records(&path, block, 1).unwrap_err().to_string();
            assert!(e.contains("(byte 9)"), "block {block}: {e}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
