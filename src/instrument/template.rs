//! The blank response spreadsheet for an instrument: one header row of ids, the question as a
//! cell note, drop-down lists of the answer labels, and sheets that explain questions and scales.

use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, Formula, Note, Workbook, Worksheet, XlsxError};

use super::{AttributeKind, Column, Instrument};
use crate::error::{Error, Result};
use crate::lang::{Lang, pick};
use crate::xlsx::neutral;

/// Rows that get drop-down validation below the header.
const ANSWER_ROWS: u32 = 2000;

pub fn write_template(inst: &Instrument, lang: Lang, out: &Path) -> Result<()> {
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(Error::usage(format!(
            "{}: the template is written as .xlsx",
            out.display()
        )));
    }
    let fail = |e: XlsxError| {
        Error::Unwritable(format!("{}: cannot write the template: {e}", out.display()))
    };
    let bytes = build(inst, lang)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(fail)?;
    crate::files::write(out, &bytes)
}

fn build(inst: &Instrument, lang: Lang) -> std::result::Result<Workbook, XlsxError> {
    let [answers, questions, scales, lists] =
        ["answers", "questions", "scales", "lists"].map(|k| word(k, lang));
    let bold = Format::new().set_bold();
    let columns = inst.columns();
    let mut wb = crate::xlsx::workbook()?;
    let (list_sheet, list_ranges) = list_sheet(&columns, lists, lang)?;
    wb.push_worksheet(answers_sheet(&columns, answers, &list_ranges, &bold, lang)?);
    wb.push_worksheet(questions_sheet(&columns, questions, &bold, lang)?);
    wb.push_worksheet(scales_sheet(inst, scales, &bold, lang)?);
    wb.push_worksheet(list_sheet);
    Ok(wb)
}

/// The drop-down lists live on a hidden sheet: a list of labels may exceed the 255
/// characters that an inline list allows. Returns the sheet and, per column, the formula of
/// its list's range (none for a column without labels).
fn list_sheet(
    columns: &[Column],
    name: &str,
    lang: Lang,
) -> std::result::Result<(Worksheet, Vec<Option<String>>), XlsxError> {
    let mut list_sheet = Worksheet::new();
    list_sheet.set_name(name)?.set_hidden(true);
    let mut list_ranges = Vec::new();
    for (col, column) in columns.iter().enumerate() {
        let labels = answer_labels(column, lang);
        if labels.is_empty() {
            list_ranges.push(None);
            continue;
        }
        let col = col as u16;
        list_sheet.write_string(0, col, column.id())?;
        for (row, label) in labels.iter().enumerate() {
            list_sheet.write_string(row as u32 + 1, col, label)?;
        }
        let letter = rust_xlsxwriter::utility::column_number_to_name(col);
        list_ranges.push(Some(format!(
            "={name}!${letter}$2:${letter}${}",
            labels.len() + 1
        )));
    }
    Ok((list_sheet, list_ranges))
}

/// The sheet respondents fill in: a header row of ids with the question as a note, and a
/// drop-down list below each header that has labels.
fn answers_sheet(
    columns: &[Column],
    name: &str,
    list_ranges: &[Option<String>],
    bold: &Format,
    lang: Lang,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?.set_freeze_panes(1, 0)?;
    for (col, column) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, column.id(), bold)?;
        sheet.set_column_width(col, 14)?;
        let note = Note::new(column.text(lang))
            .add_author_prefix(false)
            .set_width(320)
            .set_height(120);
        sheet.insert_note(0, col, &note)?;
        if let Some(range) = &list_ranges[col as usize] {
            let validation = DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .ignore_blank(true);
            sheet.add_data_validation(1, col, ANSWER_ROWS, col, &validation)?;
        }
    }
    Ok(sheet)
}

/// Every column with its question, its scale and whether it is reversed.
fn questions_sheet(
    columns: &[Column],
    name: &str,
    bold: &Format,
    lang: Lang,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut q = Worksheet::new();
    q.set_name(name)?;
    let head = ["column", "question", "scale", "reversed"].map(|k| word(k, lang));
    for (c, h) in head.iter().enumerate() {
        q.write_string_with_format(0, c as u16, *h, bold)?;
    }
    for (row, column) in columns.iter().enumerate() {
        let row = row as u32 + 1;
        q.write_string(row, 0, column.id())?;
        q.write_string(row, 1, neutral(&column.text(lang)))?;
        if let Some(scale) = column.scale() {
            q.write_string(row, 2, &scale.id)?;
        }
        if let Column::Item(i) = column
            && i.item.reverse
        {
            q.write_string(row, 3, word("yes", lang))?;
        }
    }
    q.set_column_width(0, 18)?
        .set_column_width(1, 90)?
        .set_column_width(2, 12)?;
    Ok(q)
}

/// Every scale's codes and answers, the missing codes included, and how to fill in.
fn scales_sheet(
    inst: &Instrument,
    name: &str,
    bold: &Format,
    lang: Lang,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut s = Worksheet::new();
    s.set_name(name)?;
    let head = ["scale", "code", "answer", "meaning"].map(|k| word(k, lang));
    for (c, h) in head.iter().enumerate() {
        s.write_string_with_format(0, c as u16, *h, bold)?;
    }
    let mut row = 1;
    for scale in &inst.scales {
        let (answered, missing) = (word("answer", lang), word("counts_as_missing", lang));
        let points = scale.points.iter().map(|p| (p, answered));
        for (p, meaning) in points.chain(scale.missing.iter().map(|p| (p, missing))) {
            s.write_string(row, 0, format!("{} ({})", scale.id, scale.label.get(lang)))?;
            s.write_number(row, 1, p.code as f64)?;
            s.write_string(row, 2, neutral(pick(lang, &p.nl, &p.en)))?;
            s.write_string(row, 3, meaning)?;
            row += 1;
        }
    }
    s.write_string(row + 1, 0, word("instructions", lang))?;
    s.set_column_width(0, 36)?
        .set_column_width(2, 36)?
        .set_column_width(3, 22)?;
    Ok(s)
}

/// A word of the template, from the catalogue.
fn word(key: &str, lang: Lang) -> &'static str {
    crate::i18n::t(&format!("template.{key}"), lang)
}

/// The labels a respondent can pick in a column: scale answers, or an attribute's values.
fn answer_labels(column: &Column, lang: Lang) -> Vec<String> {
    match column {
        Column::Attribute(a) if a.kind == AttributeKind::Category => a
            .values
            .iter()
            .map(|v| pick(lang, &v.nl, &v.en).to_string())
            .collect(),
        _ => column
            .scale()
            .map(|s| {
                s.points
                    .iter()
                    .chain(&s.missing)
                    .map(|p| pick(lang, &p.nl, &p.en).to_string())
                    .collect()
            })
            .unwrap_or_default(),
    }
}
