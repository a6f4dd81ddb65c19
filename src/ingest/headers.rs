//! Matching a sheet's header row(s) to the instrument's columns, by id or by question text,
//! the way exports from LimeSurvey, Microsoft Forms, Google Forms and Qualtrics arrive.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::instrument::{Column, Instrument};
use crate::lang::Lang;

use super::read::Grid;

/// Rows at the top of a sheet that may hold headers (Qualtrics writes three).
const MAX_HEADER_ROWS: usize = 3;

/// Columns that survey tools add and that carry no answer: ignored, not reported as unknown.
const EXPORT_METADATA: &[&str] = &[
    "timestamp",
    "tijdstempel",
    "ip address",
    "ipaddress",
    "ip adres",
    "response id",
    "responseid",
    "date submitted",
    "datum ingediend",
    "start date",
    "startdate",
    "end date",
    "enddate",
    "startdatum",
    "einddatum",
    "duration",
    "duration in seconds",
    "recorded date",
    "recordeddate",
    "progress",
    "finished",
    "status",
    "last page",
    "start language",
    "seed",
    "token",
    "email address",
    "e mailadres",
    "e mail",
    "begintijd",
    "tijd van voltooien",
    "laatst gewijzigd",
    "last modified time",
    "start time",
    "completion time",
    "distribution channel",
    "user language",
    "userlanguage",
    "location latitude",
    "location longitude",
    "locationlatitude",
    "locationlongitude",
    "recipient last name",
    "recipient first name",
    "recipient email",
    "external reference",
    "externalreference",
    "date last action",
    "referrer url",
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

pub struct HeaderMatch {
    /// Rows at the top of the grid that are headers.
    pub header_rows: usize,
    /// The grid row of the header that named the most columns: where findings point.
    pub header_row: usize,
    /// (grid column, instrument column id).
    pub matched: Vec<(usize, String)>,
    /// (grid column, header text) of columns that match nothing.
    pub unmatched: Vec<(usize, String)>,
    /// Header texts of export metadata columns.
    pub ignored: Vec<String>,
    /// (grid column, id) where a second column matched an id already taken.
    pub duplicates: Vec<(usize, String)>,
}

/// Every way a header may name a column; a text shared by two columns names neither.
fn lookup(inst: &Instrument) -> HashMap<String, Option<String>> {
    let mut keys: HashMap<String, Option<String>> = HashMap::new();
    for column in inst.columns() {
        let id = column.id().to_string();
        let mut names = vec![normalize(&id)];
        // A file from an earlier year may still carry an item's old id.
        if let Column::Item(item) = &column {
            names.extend(item.item.renamed_from.iter().map(|old| normalize(old)));
        }
        for lang in [Lang::Nl, Lang::En] {
            let text = column.text(lang);
            names.push(normalize(&text));
            names.push(normalize(&format!("{id} {text}")));
        }
        names.sort();
        names.dedup();
        for name in names.into_iter().filter(|n| !n.is_empty()) {
            keys.entry(name)
                .and_modify(|owner| {
                    if owner.as_deref() != Some(id.as_str()) {
                        *owner = None;
                    }
                })
                .or_insert_with(|| Some(id.clone()));
        }
    }
    keys
}

pub fn match_headers(grid: &Grid, inst: &Instrument) -> Result<HeaderMatch> {
    let keys = lookup(inst);
    let width = grid.cells.width();
    let top = grid.cells.head(Some(MAX_HEADER_ROWS));
    let text_at = |row: usize, col: usize| -> Option<String> {
        top.columns()[col]
            .str()
            .ok()
            .and_then(|s| s.get(row))
            .map(str::to_string)
    };
    let matches_in_row = |row: usize| -> Vec<Option<String>> {
        (0..width)
            .map(|col| text_at(row, col).and_then(|t| keys.get(&normalize(&t)).cloned().flatten()))
            .collect()
    };
    let rows: Vec<Vec<Option<String>>> = (0..top.height()).map(matches_in_row).collect();
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
    // Rows right below the header that also name columns (question texts under codes, or
    // Qualtrics' ImportId row) are headers too.
    let mut header_rows = header_row + 1;
    let mut by_col = rows[header_row].clone();
    while header_rows < rows.len() {
        let r = header_rows;
        let import_ids =
            (0..width).any(|c| text_at(r, c).is_some_and(|t| t.starts_with("{\"ImportId\"")));
        if score(&rows[r]) == 0 && !import_ids {
            break;
        }
        for (slot, m) in by_col.iter_mut().zip(&rows[r]) {
            if slot.is_none() {
                slot.clone_from(m);
            }
        }
        header_rows += 1;
    }

    let mut result = HeaderMatch {
        header_rows,
        header_row,
        matched: vec![],
        unmatched: vec![],
        ignored: vec![],
        duplicates: vec![],
    };
    for (col, m) in by_col.into_iter().enumerate() {
        let header = (0..header_rows)
            .find_map(|r| text_at(r, col))
            .unwrap_or_default();
        let m = m.or_else(|| comment_after(inst, &result.matched, col, &header));
        match m {
            Some(id) if result.matched.iter().any(|(_, taken)| *taken == id) => {
                result.duplicates.push((col, id))
            }
            Some(id) => result.matched.push((col, id)),
            None if (0..header_rows)
                .filter_map(|r| text_at(r, col))
                .any(|h| EXPORT_METADATA.contains(&normalize(&h).as_str())) =>
            {
                result.ignored.push(header)
            }
            None if header.trim().is_empty() && column_is_empty(grid, col) => {}
            None => result.unmatched.push((col, header)),
        }
    }
    Ok(result)
}

/// An open question shares its text with others ("Toelichting" after every item), so its text
/// names no column; it is matched by standing right after the item it comments on.
fn comment_after(
    inst: &Instrument,
    matched: &[(usize, String)],
    col: usize,
    header: &str,
) -> Option<String> {
    let (prev_col, prev_id) = matched.last()?;
    if *prev_col + 1 != col {
        return None;
    }
    let header = normalize(header);
    inst.open
        .iter()
        .find(|o| {
            o.about.as_deref() == Some(prev_id.as_str())
                && (normalize(&o.nl) == header || normalize(&o.en) == header)
                && !matched.iter().any(|(_, id)| *id == o.id)
        })
        .map(|o| o.id.clone())
}

fn column_is_empty(grid: &Grid, col: usize) -> bool {
    grid.cells.columns()[col].null_count() == grid.cells.height()
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalize_ignores_case_space_and_punctuation() {
        assert_eq!(
            normalize("  Is er   regelmatig overleg?  "),
            "is er regelmatig overleg"
        );
        assert_eq!(
            normalize("VT1. Partners zijn open:"),
            "vt1 partners zijn open"
        );
        assert_eq!(normalize("kind−ouder−school"), "kind ouder school");
        assert_eq!(
            normalize("In redelijke mate"),
            normalize("in REDELIJKE mate.")
        );
    }
}
