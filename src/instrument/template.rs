//! The blank response spreadsheet for an instrument: one header row of ids, the question as a
//! cell note, drop-down lists of the answer labels, and sheets that explain questions and scales.

use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, Formula, Note, Workbook, Worksheet, XlsxError};

use super::{AttributeKind, Column, Instrument};
use crate::error::{Error, Result};
use crate::lang::{Lang, pick};

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
    let (answers, questions, scales, lists) = match lang {
        Lang::Nl => ("Antwoorden", "Vragen", "Schalen", "Lijsten"),
        Lang::En => ("Answers", "Questions", "Scales", "Lists"),
    };
    let bold = Format::new().set_bold();
    let columns = inst.columns();
    let mut wb = crate::xlsx::workbook()?;

    // The drop-down lists live on a hidden sheet: a list of labels may exceed the 255
    // characters that an inline list allows.
    let mut list_sheet = Worksheet::new();
    list_sheet.set_name(lists)?.set_hidden(true);
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
            "={lists}!${letter}$2:${letter}${}",
            labels.len() + 1
        )));
    }

    let mut sheet = Worksheet::new();
    sheet.set_name(answers)?.set_freeze_panes(1, 0)?;
    for (col, column) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, column.id(), &bold)?;
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
    wb.push_worksheet(sheet);

    let mut q = Worksheet::new();
    q.set_name(questions)?;
    let head = match lang {
        Lang::Nl => ["kolom", "vraag", "schaal", "omgekeerd"],
        Lang::En => ["column", "question", "scale", "reversed"],
    };
    for (c, h) in head.iter().enumerate() {
        q.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (row, column) in columns.iter().enumerate() {
        let row = row as u32 + 1;
        q.write_string(row, 0, column.id())?;
        q.write_string(row, 1, column.text(lang))?;
        if let Some(scale) = column.scale() {
            q.write_string(row, 2, &scale.id)?;
        }
        if let Column::Item(i) = column
            && i.item.reverse
        {
            q.write_string(row, 3, pick(lang, "ja", "yes"))?;
        }
    }
    q.set_column_width(0, 18)?
        .set_column_width(1, 90)?
        .set_column_width(2, 12)?;
    wb.push_worksheet(q);

    let mut s = Worksheet::new();
    s.set_name(scales)?;
    let head = match lang {
        Lang::Nl => ["schaal", "code", "antwoord", "betekenis"],
        Lang::En => ["scale", "code", "answer", "meaning"],
    };
    for (c, h) in head.iter().enumerate() {
        s.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut row = 1;
    for scale in &inst.scales {
        let answered = pick(lang, "antwoord", "answer");
        let missing = pick(lang, "telt als ontbrekend", "counts as missing");
        let points = scale.points.iter().map(|p| (p, answered));
        for (p, meaning) in points.chain(scale.missing.iter().map(|p| (p, missing))) {
            s.write_string(row, 0, format!("{} ({})", scale.id, scale.label.get(lang)))?;
            s.write_number(row, 1, p.code as f64)?;
            s.write_string(row, 2, pick(lang, &p.nl, &p.en))?;
            s.write_string(row, 3, meaning)?;
            row += 1;
        }
    }
    let note = match lang {
        Lang::Nl => {
            "Vul per antwoord de code of het antwoord in; beide worden herkend. Leeg telt als ontbrekend."
        }
        Lang::En => {
            "Enter the code or the answer text; both are recognised. Empty counts as missing."
        }
    };
    s.write_string(row + 1, 0, note)?;
    s.set_column_width(0, 36)?
        .set_column_width(2, 36)?
        .set_column_width(3, 22)?;
    wb.push_worksheet(s);
    wb.push_worksheet(list_sheet);
    Ok(wb)
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
