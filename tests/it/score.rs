//! `verband score` on tests/fixtures/cli/score/antwoorden.csv with the small instrument
//! klein.toml, checked against scores computed by hand; and Cronbach's α against psych::alpha
//! (crates/verband-stats/tests/fixtures/alpha/, made by tests/fixtures/make_fixtures.R).
//!
//! klein.toml: scale eens5 (1–5, 9 = "Weet niet" → missing).
//!   samenwerking = mean(s1, s2, 6 − s3), at least 2 valid items (min_valid_items = 2).
//!   klimaat      = mean(k1, k2, k3, 6 − k4), at least 1 valid item;
//!   dimensions openheid = mean(k1, k2), rust = mean(k3, 6 − k4).
//!
//! | row | resp | s1 s2 s3      | k1 k2 k3 k4   | samenwerking     | openheid | rust | klimaat          |
//! |-----|------|---------------|---------------|------------------|----------|------|------------------|
//! | 2   | r1   | 4  5  2→4     | 2  4  5  1→5  | 13/3             | 3        | 5    | 16/4 = 4         |
//! | 3   | r2   | 1  9  5→1     | 5  –  3  3→3  | 2/2 = 1          | 5        | 3    | 11/3             |
//! | 4   | r3   | 3  –  9       | 1  2  4  –    | null (1 valid)   | 1.5      | 4    | 7/3              |
//! | 5   | r4   | 2  4  "Helemaal eens"=5→1 | 4 4 2 2→4 | 7/3        | 4        | 3    | 14/4 = 3.5       |
//! | 6   | r5   | 5  5  1→5     | "Eens"=4 "Oneens"=2 5 5→1 | 5    | 3        | 3    | 12/4 = 3         |
//! | 7   | r6   | 4 only        |               | excluded: 1 of 7 items answered (4 needed)             |
//!
//! Items are exported as answered (s3 of r1 stays 2); missing codes are missing, never 9 or 0.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use polars::prelude::*;
use serde_json::Value;
use verband::ingest::{self, Options};
use verband::instrument;
use verband::score;

use crate::common::verband;

const INSTRUMENT: &str = "tests/fixtures/cli/score/klein.toml";
const ANSWERS: &str = "tests/fixtures/cli/score/antwoorden.csv";
/// Exports name the file without its folder.
const ANSWERS_NAME: &str = "antwoorden.csv";

const HEADER: [&str; 16] = [
    "file",
    "row",
    "respondent",
    "actortype",
    "organisatie",
    "s1",
    "s2",
    "s3",
    "k1",
    "k2",
    "k3",
    "k4",
    "samenwerking",
    "openheid",
    "rust",
    "klimaat",
];

/// One expected row: text columns exactly as read, numbers (None = empty).
struct Expected {
    row: f64,
    respondent: &'static str,
    actortype: &'static str,
    organisatie: &'static str,
    items: [Option<f64>; 7],
    scores: [Option<f64>; 4],
}

fn expected() -> Vec<Expected> {
    let n = |v: f64| Some(v);
    vec![
        Expected {
            row: 2.0,
            respondent: "r1",
            actortype: "PO",
            organisatie: "=HYPERLINK(\"http://example.com\")",
            items: [n(4.0), n(5.0), n(2.0), n(2.0), n(4.0), n(5.0), n(1.0)],
            scores: [n(13.0 / 3.0), n(3.0), n(5.0), n(4.0)],
        },
        Expected {
            row: 3.0,
            respondent: "r2",
            actortype: "WT",
            organisatie: "+31 6 12345678",
            items: [n(1.0), None, n(5.0), n(5.0), None, n(3.0), n(3.0)],
            scores: [n(1.0), n(5.0), n(3.0), n(11.0 / 3.0)],
        },
        Expected {
            row: 4.0,
            respondent: "r3",
            actortype: "PO",
            organisatie: "-Basisschool De Wilg",
            items: [n(3.0), None, None, n(1.0), n(2.0), n(4.0), None],
            scores: [None, n(1.5), n(4.0), n(7.0 / 3.0)],
        },
        Expected {
            row: 5.0,
            respondent: "r4",
            actortype: "WT",
            organisatie: "@Wijkteam Noord",
            items: [n(2.0), n(4.0), n(5.0), n(4.0), n(4.0), n(2.0), n(2.0)],
            scores: [n(7.0 / 3.0), n(4.0), n(3.0), n(3.5)],
        },
        Expected {
            row: 6.0,
            respondent: "r5",
            actortype: "PO",
            organisatie: "Basisschool Het Anker",
            items: [n(5.0), n(5.0), n(1.0), n(4.0), n(2.0), n(5.0), n(5.0)],
            scores: [n(5.0), n(3.0), n(3.0), n(3.0)],
        },
    ]
}

/// Scores the fixture into `dir/name` and returns the written path.
fn score_to(dir: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let out = dir.path().join(name);
    let run = verband(&[
        "score",
        "--instrument",
        INSTRUMENT,
        "--responses",
        ANSWERS,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(
        run.stdout,
        format!("wrote {} (5 respondents)\n", out.display())
    );
    assert_eq!(run.stderr, "", "the fixture has no findings");
    out
}

#[track_caller]
fn same(what: &str, got: Option<f64>, want: Option<f64>) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-12, "{what}: got {g}, want {w}"),
        _ => assert_eq!(got, want, "{what}"),
    }
}

/// A minimal RFC 4180 reader (quoted fields, doubled quotes), enough for polars' output.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn num(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| {
        s.parse()
            .unwrap_or_else(|e| panic!("{s:?} is not a number: {e}"))
    })
}

#[test]
fn csv_scores_equal_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(score_to(&dir, "x.csv")).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(rows[0], HEADER);
    let want = expected();
    assert_eq!(rows.len() - 1, want.len(), "r6 is excluded:\n{text}");
    for (got, w) in rows[1..].iter().zip(&want) {
        let who = w.respondent;
        assert_eq!(got.len(), HEADER.len(), "{who}");
        assert_eq!(got[0], ANSWERS_NAME, "{who}");
        same(&format!("{who} row"), num(&got[1]), Some(w.row));
        assert_eq!(
            (got[2].as_str(), got[3].as_str()),
            (w.respondent, w.actortype)
        );
        for (i, v) in w.items.iter().enumerate() {
            same(&format!("{who} {}", HEADER[5 + i]), num(&got[5 + i]), *v);
        }
        for (i, v) in w.scores.iter().enumerate() {
            same(&format!("{who} {}", HEADER[12 + i]), num(&got[12 + i]), *v);
        }
    }
}

/// Text cells that a spreadsheet would run as a formula get a leading quote in CSV; others not.
#[test]
fn csv_neutralises_formula_cells_in_text_columns() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(score_to(&dir, "x.csv")).unwrap();
    let organisatie: Vec<String> = parse_csv(&text)[1..].iter().map(|r| r[4].clone()).collect();
    assert_eq!(
        organisatie,
        [
            "'=HYPERLINK(\"http://example.com\")",
            "'+31 6 12345678",
            "'-Basisschool De Wilg",
            "'@Wijkteam Noord",
            "Basisschool Het Anker"
        ]
    );
    // And as the bytes stand in the file: the quoted field keeps its quote inside the quotes.
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://example.com\"\")\","),
        "{text}"
    );
    assert!(text.contains(",'+31 6 12345678,"), "{text}");
}

#[test]
fn xlsx_scores_equal_hand_computed_values_and_text_is_never_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let out = score_to(&dir, "x.xlsx");
    let mut wb = open_workbook_auto(&out).expect("an xlsx calamine can open");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(header, HEADER);
    let want = expected();
    assert_eq!(rows.len() - 1, want.len());
    let cell_num = |d: &Data| match d {
        Data::Empty => None,
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        other => panic!("not a number: {other:?}"),
    };
    for (got, w) in rows[1..].iter().zip(&want) {
        let who = w.respondent;
        assert_eq!(got[0], Data::String(ANSWERS_NAME.into()));
        same(&format!("{who} row"), cell_num(&got[1]), Some(w.row));
        assert_eq!(got[2], Data::String(w.respondent.into()));
        assert_eq!(got[3], Data::String(w.actortype.into()));
        // A string cell is text in xlsx, but a copy of it into another program is not: text that
        // a spreadsheet would run gets the quote here too.
        let neutral = if w.organisatie.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{}", w.organisatie)
        } else {
            w.organisatie.to_string()
        };
        assert_eq!(got[4], Data::String(neutral), "{who}");
        for (i, v) in w.items.iter().enumerate() {
            same(
                &format!("{who} {}", HEADER[5 + i]),
                cell_num(&got[5 + i]),
                *v,
            );
        }
        for (i, v) in w.scores.iter().enumerate() {
            same(
                &format!("{who} {}", HEADER[12 + i]),
                cell_num(&got[12 + i]),
                *v,
            );
        }
    }
    let formulas = wb.worksheet_formula(&name).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the sheet holds formulas: {formulas:?}"
    );
}

#[test]
fn json_scores_equal_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(score_to(&dir, "x.json")).unwrap();
    let json: Value = serde_json::from_str(&text).expect("valid JSON");
    let records = json.as_array().expect("an array of respondents");
    let want = expected();
    assert_eq!(records.len(), want.len());
    for (got, w) in records.iter().zip(&want) {
        let who = w.respondent;
        let obj = got.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut header = HEADER.to_vec();
        header.sort_unstable();
        assert_eq!(keys, header, "{who}");
        assert_eq!(got["file"], ANSWERS_NAME);
        same(&format!("{who} row"), got["row"].as_f64(), Some(w.row));
        assert_eq!(
            (got["respondent"].as_str(), got["actortype"].as_str()),
            (Some(w.respondent), Some(w.actortype))
        );
        // JSON is not a spreadsheet: text stays as written.
        assert_eq!(got["organisatie"], w.organisatie);
        for (i, v) in w.items.iter().enumerate() {
            let key = HEADER[5 + i];
            assert!(
                got[key].is_null() == v.is_none(),
                "{who} {key}: {}",
                got[key]
            );
            same(&format!("{who} {key}"), got[key].as_f64(), *v);
        }
        for (i, v) in w.scores.iter().enumerate() {
            let key = HEADER[12 + i];
            assert!(
                got[key].is_null() == v.is_none(),
                "{who} {key}: {}",
                got[key]
            );
            same(&format!("{who} {key}"), got[key].as_f64(), *v);
        }
    }
}

#[test]
fn the_three_formats_carry_the_same_scores() {
    let dir = tempfile::tempdir().unwrap();
    let csv = parse_csv(&std::fs::read_to_string(score_to(&dir, "x.csv")).unwrap());
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(score_to(&dir, "x.json")).unwrap()).unwrap();
    for (r, record) in json.as_array().unwrap().iter().enumerate() {
        for (c, key) in HEADER.iter().enumerate().skip(5) {
            assert_eq!(
                num(&csv[r + 1][c]),
                record[*key].as_f64(),
                "row {r} {key}: csv vs json"
            );
        }
    }
}

#[test]
fn an_unknown_output_format_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.txt");
    let run = verband(&[
        "score",
        "--instrument",
        INSTRUMENT,
        "--responses",
        ANSWERS,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("verband: {}: write .csv, .xlsx or .json\n", out.display())
    );
    assert!(!out.exists());
}

// ------------------------------------------------------------------------------ Cronbach's α

const ALPHA_TOL: f64 = 1e-9;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// psych::alpha on the complete cases of items.csv.
fn psych_complete_cases() -> Value {
    let text = std::fs::read_to_string(
        root().join("crates/verband-stats/tests/fixtures/alpha/alpha.json"),
    )
    .unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["complete_cases"].clone()
}

/// items.csv as columns of Option (empty cell = missing).
fn items_csv() -> (Vec<String>, Vec<Vec<Option<f64>>>) {
    let text =
        std::fs::read_to_string(root().join("crates/verband-stats/tests/fixtures/alpha/items.csv"))
            .unwrap();
    let mut lines = text.lines();
    let ids: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let mut columns = vec![Vec::new(); ids.len()];
    for line in lines.filter(|l| !l.is_empty()) {
        for (col, cell) in columns.iter_mut().zip(line.split(',')) {
            col.push(num(cell));
        }
    }
    (ids, columns)
}

#[track_caller]
fn close(what: &str, got: Option<f64>, want: &Value) {
    let want = want
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: reference {want}"));
    let got = got.unwrap_or_else(|| panic!("{what}: not computed, psych says {want}"));
    assert!(
        (got - want).abs() <= ALPHA_TOL,
        "{what}: got {got:.17}, psych {want:.17} (|d| = {:e})",
        (got - want).abs()
    );
}

#[track_caller]
fn assert_matches_psych(r: &score::Reliability) {
    let psych = psych_complete_cases();
    assert_eq!(
        r.n as u64,
        psych["n_rows"].as_u64().unwrap(),
        "complete cases"
    );
    assert_eq!(r.items.len() as u64, psych["n_items"].as_u64().unwrap());
    let alpha = r.alpha.as_ref().expect("alpha computed");
    close("alpha", Some(alpha.alpha), &psych["raw_alpha"]);
    let items = psych["items"].as_array().unwrap();
    assert_eq!(alpha.per_item.len(), items.len());
    for ((id, got), want) in r.items.iter().zip(&alpha.per_item).zip(items) {
        assert_eq!(id, want["item"].as_str().unwrap());
        close(&format!("{id} r.drop"), got.item_rest_r, &want["r_drop"]);
        close(
            &format!("{id} alpha if deleted"),
            got.alpha_if_deleted,
            &want["raw_alpha_if_dropped"],
        );
    }
}

/// `cronbach` drops incomplete respondents itself (listwise), from a frame with nulls.
#[test]
fn cronbach_on_a_frame_with_missing_cells_equals_psych_complete_cases() {
    let inst = instrument::load(&root().join("tests/fixtures/cli/score/alpha-items.toml")).unwrap();
    let (ids, columns) = items_csv();
    let frame = DataFrame::new_infer_height(
        ids.iter()
            .zip(&columns)
            .map(|(id, c)| {
                Column::new(
                    id.as_str().into(),
                    c.iter().map(|v| v.map(|x| x as i64)).collect::<Vec<_>>(),
                )
            })
            .collect(),
    )
    .unwrap();
    let items: Vec<&instrument::Item> = inst.constructs[0].all_items().collect();
    let r = score::cronbach(&frame, &inst, &items).unwrap();
    assert_matches_psych(&r);
}

/// The whole way: items.csv read by ingest, scored, α in `Scores::reliability`.
#[test]
fn alpha_through_ingest_and_score_equals_psych() {
    let inst = instrument::load(&root().join("tests/fixtures/cli/score/alpha-items.toml")).unwrap();
    let responses = ingest::ingest(
        &[root().join("crates/verband-stats/tests/fixtures/alpha/items.csv")],
        &inst,
        &Options::default(),
    )
    .unwrap();
    assert!(responses.findings.is_empty(), "{:?}", responses.findings);
    assert_eq!((responses.read, responses.data.height()), (40, 40));
    let scores = score::score(&responses, &inst).unwrap();
    let by_construct: BTreeMap<&str, &score::Reliability> = scores
        .reliability
        .iter()
        .map(|(c, r)| (c.as_str(), r))
        .collect();
    assert_eq!(by_construct.keys().copied().collect::<Vec<_>>(), ["schaal"]);
    assert_matches_psych(by_construct["schaal"]);
}

/// Reverse coding enters α: reversing an item of a scale 1–5 (6 − x) leaves its variance and
/// flips its covariances, so α must be computed on the reversed codes. Reversing every item
/// changes nothing.
#[test]
fn alpha_uses_reverse_coded_items() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/cli/score/alpha-items.toml")).unwrap();
    let reversed = text.replace("scale = \"vijf\"", "scale = \"vijf\"\n  reverse = true");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alle-omgekeerd.toml");
    std::fs::write(&path, reversed).unwrap();
    let inst = instrument::load(&path).unwrap();
    assert!(inst.constructs[0].all_items().all(|i| i.reverse));
    let responses = ingest::ingest(
        &[root().join("crates/verband-stats/tests/fixtures/alpha/items.csv")],
        &inst,
        &Options::default(),
    )
    .unwrap();
    let scores = score::score(&responses, &inst).unwrap();
    assert_matches_psych(&scores.reliability["schaal"]);
    // And the construct score is the mean of the reversed codes: row 2 of items.csv is 2,3,2,2,3.
    let first = scores
        .data
        .column("schaal")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert!(
        (first - (4.0 + 3.0 + 4.0 + 4.0 + 3.0) / 5.0).abs() < 1e-12,
        "{first}"
    );
}

/// What is read does not depend on how many rows are read at a time: every survey tool's
/// export, and a csv with what breaks a naive split (a line end, a separator and quotes inside
/// a quoted field, runs of empty rows, a repeated id, text among the codes of one part
/// only, trailing rows of separators), read whole and 1, 2 and 7 rows at a time; two exports
/// with several header rows 3 rows at a time.
#[test]
fn reading_a_part_at_a_time_reads_what_reading_whole_does() {
    let exports = root().join("tests/fixtures/exports");
    let template = std::fs::read_to_string(exports.join("template.csv")).unwrap();
    // The template's records: a line that starts with a respondent number starts one (open
    // answers hold line ends).
    let mut records: Vec<String> = Vec::new();
    for line in template.lines() {
        match records.last_mut() {
            Some(last)
                if line.split(',').next().unwrap().parse::<u32>().is_err()
                    && !line.starts_with("respondent") =>
            {
                last.push('\n');
                last.push_str(line);
            }
            _ => records.push(line.to_string()),
        }
    }
    let with_field = |record: &str, index: usize, value: &str| {
        let mut fields: Vec<&str> = record.splitn(index + 2, ',').collect();
        fields[index] = value;
        fields.join(",")
    };
    let first = records[1].clone();
    records[3] = with_field(&records[3], 3, "\"Rijn, \"\"stad\"\"\nnoord\"");
    records[6] = with_field(&records[6], 4, "twee");
    records.insert(5, String::new());
    records.insert(5, String::new());
    records.insert(9, first);
    records.extend([",,,,".to_string(), ",,".to_string()]);
    let lines = records;
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.csv");
    std::fs::write(&messy, lines.join("\r\n")).unwrap();
    let inst = instrument::load(&root().join("instruments/netwerk-effectiviteit.toml")).unwrap();
    let mut files = vec![messy];
    for name in ["qualtrics_text.csv", "surveymonkey.xlsx"] {
        files.push(exports.join(name));
    }
    for file in &files {
        let read = |chunk_rows: usize| {
            let options = Options {
                year: Some(2025),
                chunk_rows,
                ..Options::default()
            };
            ingest::ingest(std::slice::from_ref(file), &inst, &options)
                .unwrap_or_else(|e| panic!("{} at {chunk_rows}: {e:?}", file.display()))
        };
        let whole = read(usize::MAX);
        assert!(whole.read > 30, "{}: {} rows", file.display(), whole.read);
        let sizes: &[usize] = if file == &files[0] { &[1, 2, 7] } else { &[3] };
        for &chunk_rows in sizes {
            let parts = read(chunk_rows);
            let at = format!("{} at {chunk_rows} rows", file.display());
            assert!(parts.data.equals_missing(&whole.data), "{at}");
            assert_eq!(parts.read, whole.read, "{at}");
            assert_eq!(parts.excluded, whole.excluded, "{at}");
            assert_eq!(parts.findings, whole.findings, "{at}");
        }
        if file.ends_with("messy.csv") {
            let reasons: Vec<String> = whole
                .excluded
                .iter()
                .map(|x| format!("{} {:?}", x.rows_text(), x.reason))
                .collect();
            assert!(reasons.contains(&"6–7 EmptyRow".to_string()), "{reasons:?}");
            assert!(
                reasons.contains(&"10 DuplicateId".to_string()),
                "{reasons:?}"
            );
            let organisations = whole
                .data
                .column("gemeente")
                .unwrap()
                .str()
                .unwrap()
                .clone();
            let texts: Vec<&str> = organisations.iter().flatten().collect();
            assert!(texts.contains(&"Rijn, \"stad\"\nnoord"), "{texts:?}");
        }
    }
}

/// Scores written a part at a time are the file written whole, byte for byte, in every format.
#[test]
fn scores_written_in_parts_equal_scores_written_whole() {
    let inst = instrument::load(&root().join(INSTRUMENT)).unwrap();
    let files = [root().join(ANSWERS)];
    let responses = ingest::ingest(&files, &inst, &Options::default()).unwrap();
    let scores = score::score(&responses, &inst).unwrap().data;
    assert!(scores.height() >= 4);
    let dir = tempfile::tempdir().unwrap();
    for ext in ["csv", "xlsx", "json"] {
        let write = |name: &str, rows: usize| {
            let out = dir.path().join(format!("{name}.{ext}"));
            let written = score::write_scores(&out, &inst, &responses.files, |sink| {
                for from in (0..scores.height()).step_by(rows) {
                    sink.write(scores.slice(from as i64, rows))?;
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(written, scores.height());
            std::fs::read(out).unwrap()
        };
        let whole = write("whole", usize::MAX);
        for rows in [1, 2, 3] {
            assert!(
                write(&format!("parts{rows}"), rows) == whole,
                "{ext}, {rows} rows a part"
            );
        }
    }
}
