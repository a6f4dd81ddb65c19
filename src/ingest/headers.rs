//! Which rows of a sheet are headers, and which instrument column each sheet column is.
//!
//! Survey tools head their exports in their own ways: one row of ids (verband's template) or
//! question texts (Microsoft Forms), `Question [statement]` (LimeSurvey, Google Forms),
//! `Question - statement` under a row of ids and above a row of ImportIds (Qualtrics), the
//! question over a matrix's first column with the statements under it (SurveyMonkey), or
//! LimeSurvey's codes (`QCODE[SQCODE]`, with or without the question text). The header row is
//! the row that names the most columns; the rows above it are headers too, and so is a row
//! below it that holds no answer at all. A row with a single valid answer is a respondent.

use std::collections::HashMap;

use super::AnswerCodes;
use super::read::Grid;
use super::recode::{Numbering, is_answer};
use crate::error::{Error, Result};
use crate::instrument::{Column, Instrument, codes, export};
use crate::lang::Lang;

/// Rows at the top of a sheet that may hold headers.
const MAX_HEADER_ROWS: usize = 10;

/// Columns that survey tools add and that carry no answer, as their headers read (normalised),
/// in English and Dutch: LimeSurvey, Microsoft Forms, Google Forms, Qualtrics, SurveyMonkey.
const EXPORT_METADATA: &[&str] = &[
    // LimeSurvey (codes and full text)
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "token",
    "response id",
    "date submitted",
    "last page",
    "start language",
    "date started",
    "date last action",
    "ip address",
    "referrer url",
    "antwoord id",
    "antwoord id s",
    "datum ingediend",
    "datum verstuurd",
    "laatste pagina",
    "starttaal",
    "datum gestart",
    "datum laatste actie",
    "ip adres",
    "verwijzende url",
    // Microsoft Forms
    "begintijd",
    "tijd van voltooien",
    "e mail",
    "naam",
    "tijd van laatste wijziging",
    "start time",
    "completion time",
    "email",
    "name",
    "last modified time",
    // Google Forms
    "tijdstempel",
    "timestamp",
    "e mailadres",
    "email address",
    // Qualtrics
    "enddate",
    "status",
    "ipaddress",
    "progress",
    "duration in seconds",
    "finished",
    "recordeddate",
    "responseid",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "locationlatitude",
    "locationlongitude",
    "distributionchannel",
    "userlanguage",
    "start date",
    "end date",
    "response type",
    "recorded date",
    "recipient last name",
    "recipient first name",
    "recipient email",
    "external data reference",
    "location latitude",
    "location longitude",
    "distribution channel",
    "user language",
    // SurveyMonkey
    "respondent id",
    "collector id",
    "first name",
    "last name",
    "custom data 1",
];

/// Lowercase, every run of non-alphanumeric characters one space, trimmed: so that case,
/// white space and punctuation never decide a match.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// How a tool says a response is incomplete.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Completion {
    /// LimeSurvey: the submit date is empty.
    Submitted(usize),
    /// Qualtrics: `Finished` is False or 0.
    Finished(usize),
}

pub struct HeaderMatch {
    /// Rows at the top of the grid that are headers.
    pub header_rows: usize,
    /// The grid row of the header that named the most columns: where findings point.
    pub header_row: usize,
    /// (grid column, instrument column id).
    pub matched: Vec<(usize, String)>,
    /// (grid column, header text) of columns that match nothing.
    pub unmatched: Vec<(usize, String)>,
    /// Header texts of survey-tool metadata columns.
    pub ignored: Vec<String>,
    /// Ids that several columns match, with those columns: none of them is read.
    pub ambiguous: Vec<(String, Vec<usize>)>,
    /// Columns without a header and without a value in the rows read so far: a value further
    /// down makes them unknown columns.
    pub blank: Vec<usize>,
    /// What numbers in answer cells mean: positions in a Qualtrics export (known by its
    /// ImportId row), unless the run says otherwise.
    pub numbering: Numbering,
    pub completion: Option<Completion>,
}

/// Every way a header may name a column; a text shared by two columns names neither.
struct Keys(HashMap<String, Option<String>>);

impl Keys {
    fn add(&mut self, key: String, id: &str) {
        if key.is_empty() {
            return;
        }
        self.0
            .entry(key)
            .and_modify(|owner| {
                if owner.as_deref() != Some(id) {
                    *owner = None;
                }
            })
            .or_insert_with(|| Some(id.to_string()));
    }

    fn get(&self, text: &str) -> Option<String> {
        self.0.get(&normalize(text)).cloned().flatten()
    }
}

fn keys(inst: &Instrument, exported: &[(String, String)]) -> Keys {
    let mut keys = Keys(HashMap::new());
    for column in inst.columns() {
        let id = column.id().to_string();
        let mut names = vec![id.clone(), tool_code(&column)];
        // A file from an earlier year may still carry an item's old id.
        if let Column::Item(item) = &column {
            names.extend(item.item.renamed_from.iter().cloned());
        }
        for lang in [Lang::Nl, Lang::En] {
            let text = column.text(lang);
            names.push(format!("{id} {text}"));
            names.push(text);
        }
        let mut names: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        names.sort();
        names.dedup();
        for name in names {
            keys.add(name, &id);
        }
    }
    // What the exports of verband's own survey definitions write: grid rows under the grid's
    // question (partners too), open questions under their Google Forms titles.
    let mut exported: Vec<(String, String)> = exported
        .iter()
        .map(|(heading, id)| (normalize(heading), id.clone()))
        .collect();
    exported.sort();
    exported.dedup();
    for (heading, id) in exported {
        keys.add(heading, &id);
    }
    keys
}

/// The code a LimeSurvey export from the instrument heads the column with.
fn tool_code(column: &Column) -> String {
    match column {
        Column::Item(i) => codes::subquestion_code(&i.item.id),
        Column::Relational(r) => format!(
            "{}[{}]",
            codes::question_code(&r.question.id),
            codes::subquestion_code(&r.partner.code)
        ),
        other => codes::question_code(other.id()),
    }
}

/// Qualtrics heads a matrix's rows `ID_1`, `ID_2`, … with ID the question's export tag.
fn qualtrics_keys(exported: Vec<(String, String)>) -> HashMap<String, String> {
    exported
        .into_iter()
        .map(|(heading, id)| (normalize(&heading), id))
        .collect()
}

/// The instrument column a header cell names, trying the whole text, its statement part
/// (`Question [statement]`, `Question - statement`), its code part (`CODE. text`) and
/// LimeSurvey's `QCODE[SQCODE]`.
fn match_cell(keys: &Keys, text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(id) = keys.get(text) {
        return Some(id);
    }
    if let Some((code, _)) = text.split_once(". ")
        && !code.contains(' ')
        && let Some(id) = match_cell(keys, code)
    {
        return Some(id);
    }
    if let Some((_, inner)) = text.strip_suffix(']').and_then(|t| t.rsplit_once('['))
        && let Some(id) = keys.get(inner)
    {
        return Some(id);
    }
    text.rsplit_once(" - ")
        .and_then(|(_, statement)| keys.get(statement))
}

pub fn match_headers(grid: &Grid, inst: &Instrument, codes: AnswerCodes) -> Result<HeaderMatch> {
    let headings = export::headings(inst);
    let keys = keys(inst, &headings.texts);
    let width = grid.cells.width();
    let top = grid.cells.height().min(MAX_HEADER_ROWS);
    let rows: Vec<Vec<Option<String>>> = (0..top)
        .map(|r| {
            (0..width)
                .map(|c| grid.text(r, c).and_then(|t| match_cell(&keys, &t)))
                .collect()
        })
        .collect();
    let score = |r: &Vec<Option<String>>| r.iter().filter(|m| m.is_some()).count();
    let header_row = (0..rows.len())
        .max_by_key(|&r| (score(&rows[r]), std::cmp::Reverse(r)))
        .unwrap_or(0);
    if rows.is_empty() || score(&rows[header_row]) == 0 {
        return Err(Error::Rejected(format!(
            "{}: no column header matches an item id or question of instrument {}",
            grid.place(),
            inst.id
        )));
    }
    let qualtrics = (0..top).any(|r| {
        (0..width).any(|c| {
            grid.text(r, c)
                .is_some_and(|t| t.starts_with("{\"ImportId\""))
        })
    });
    let numbering = codes.numbering(qualtrics);
    let specs = inst.columns();
    let header_rows = header_block(grid, &rows, header_row, &specs, numbering);
    let mut by_col: Vec<Option<String>> = rows[header_row].clone();
    for r in (0..header_rows).filter(|&r| r != header_row && r < rows.len()) {
        for (slot, m) in by_col.iter_mut().zip(&rows[r]) {
            if slot.is_none() {
                slot.clone_from(m);
            }
        }
    }
    if qualtrics {
        let positional = qualtrics_keys(headings.qualtrics);
        for (c, slot) in by_col.iter_mut().enumerate().filter(|(_, s)| s.is_none()) {
            *slot = (0..header_rows)
                .filter_map(|r| grid.text(r, c))
                .find_map(|t| positional.get(&normalize(&t)).cloned());
        }
    }
    Ok(sort_columns(
        grid,
        by_col,
        header_row,
        header_rows,
        numbering,
    ))
}

/// How many rows at the top are headers: every row down to the header row, and after it every
/// row that holds something but no answer to any column the header names (question texts under
/// codes, Qualtrics' ImportId row). The first row with an answer is a respondent.
fn header_block(
    grid: &Grid,
    rows: &[Vec<Option<String>>],
    header_row: usize,
    specs: &[Column],
    numbering: Numbering,
) -> usize {
    let by_id: HashMap<&str, &Column> = specs.iter().map(|s| (s.id(), s)).collect();
    let mapping = &rows[header_row];
    let mut end = header_row + 1;
    while end < grid.cells.height().min(MAX_HEADER_ROWS) {
        let cells: Vec<(usize, String)> = (0..grid.cells.width())
            .filter_map(|c| Some((c, grid.text(end, c)?)))
            .collect();
        let answers = cells.iter().any(|(c, text)| {
            let spec = mapping[*c].as_deref().and_then(|id| by_id.get(id));
            spec.is_some_and(|s| is_answer(s, text, numbering))
        });
        if cells.is_empty() || answers {
            break;
        }
        end += 1;
    }
    end
}

fn sort_columns(
    grid: &Grid,
    by_col: Vec<Option<String>>,
    header_row: usize,
    header_rows: usize,
    numbering: Numbering,
) -> HeaderMatch {
    let header_texts = |col: usize| -> Vec<String> {
        (0..header_rows).filter_map(|r| grid.text(r, col)).collect()
    };
    let mut result = HeaderMatch {
        header_rows,
        header_row,
        matched: vec![],
        unmatched: vec![],
        ignored: vec![],
        ambiguous: vec![],
        blank: vec![],
        numbering,
        completion: None,
    };
    let mut claims: HashMap<String, Vec<usize>> = HashMap::new();
    for (col, m) in by_col.iter().enumerate() {
        let texts = header_texts(col);
        let header = texts.first().cloned().unwrap_or_default();
        match m {
            Some(id) => claims.entry(id.clone()).or_default().push(col),
            None if texts
                .iter()
                .any(|h| EXPORT_METADATA.contains(&normalize(h).as_str())) =>
            {
                result.completion = result.completion.or_else(|| completion(&texts, col));
                result.ignored.push(header);
            }
            None if texts.is_empty() && column_is_empty(grid, col, header_rows) => {
                result.blank.push(col)
            }
            None => result.unmatched.push((col, header)),
        }
    }
    for (id, cols) in claims {
        if cols.len() == 1 {
            result.matched.push((cols[0], id));
        } else {
            result.ambiguous.push((id, cols));
        }
    }
    result.matched.sort();
    result.ambiguous.sort();
    result
}

/// The column that says whether a response was completed, if this metadata column is one.
fn completion(texts: &[String], col: usize) -> Option<Completion> {
    let names: Vec<String> = texts.iter().map(|t| normalize(t)).collect();
    let is = |list: &[&str]| names.iter().any(|n| list.contains(&n.as_str()));
    if is(&[
        "submitdate",
        "date submitted",
        "datum ingediend",
        "datum verstuurd",
    ]) {
        Some(Completion::Submitted(col))
    } else if is(&["finished"]) {
        Some(Completion::Finished(col))
    } else {
        None
    }
}

fn column_is_empty(grid: &Grid, col: usize, from: usize) -> bool {
    (from..grid.cells.height()).all(|r| grid.text(r, col).is_none())
}
