//! What every xlsx the tool writes has in common: fixed document properties, so that the same
//! input gives the same bytes, and text that a spreadsheet cannot run as a formula.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

/// A workbook whose creation time is fixed (2000-01-01), not the clock's.
pub fn workbook() -> Result<Workbook, XlsxError> {
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(wb)
}

/// Spreadsheet programs run a cell that starts with one of these as a formula (OWASP, "CSV
/// injection").
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The text with a leading quote when a spreadsheet would otherwise run it as a formula.
pub fn neutral(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}
