//! How much a response file may hold before it is refused: a huge or hostile file must hit a
//! limit with its name in the message, never the machine's memory. The defaults keep every
//! input well under 1 GB of memory; `--max-file-mb` and `--max-cells` raise them for big
//! surveys (docs in README.md, "Limits").

/// The limits one run reads with.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of any one file read.
    pub max_file_bytes: u64,
    /// Bytes a workbook may unpack to (all its parts together).
    pub max_unpacked_bytes: u64,
    /// Cells with a value in one sheet, and rows × columns of the table they span.
    pub max_cells: usize,
    /// The last row and column a value may stand in (1-based, as a spreadsheet counts).
    pub max_rows: u32,
    pub max_columns: u32,
    /// Characters in one cell (Excel's own limit).
    pub max_cell_chars: usize,
}

/// 64 MB of csv is about 300,000 respondents of a 70-item survey.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;
/// 10 million cells is about 140,000 respondents × 70 items.
pub const DEFAULT_MAX_CELLS: usize = 10_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits::new(DEFAULT_MAX_FILE_MB, DEFAULT_MAX_CELLS)
    }
}

impl Limits {
    /// Limits for files up to `max_file_mb` MB and `max_cells` cells; a workbook may unpack
    /// to four times its file limit (xlsx compresses about that well).
    pub fn new(max_file_mb: u64, max_cells: usize) -> Limits {
        let max_file_bytes = max_file_mb.saturating_mul(1 << 20);
        Limits {
            max_file_bytes,
            max_unpacked_bytes: max_file_bytes.saturating_mul(4),
            max_cells,
            max_rows: 1_048_576,
            max_columns: 16_384,
            max_cell_chars: 32_767,
        }
    }
}
