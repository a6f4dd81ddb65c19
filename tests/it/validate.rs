//! `verband validate` against instruments/zwolle-2014.toml (and a small instrument with a
//! respondent id) on the fixtures in tests/fixtures/cli/validate/: hand-written csv files, and
//! xlsx files and survey-tool exports made by make_fixtures.py in that folder.
//!
//! Every output line is asserted exactly: findings as `FILE[, sheet S][, CELL]: message`,
//! exclusions as `FILE, row N: excluded: reason`, and the summary
//! `read N rows: A analysed, E excluded; F findings` with N = A + E.

use std::path::{Path, PathBuf};

use verband::ingest::{self, Options};
use verband::instrument;

use crate::common::{Run, verband};

const ZWOLLE: &str = "instruments/zwolle-2014.toml";
const DIR: &str = "tests/fixtures/cli/validate";

/// Zwolle's 19 items in questionnaire order (columns F–X of the csv fixtures, z31 in P).
const ITEMS: [&str; 19] = [
    "z05", "z07", "z09", "z11", "z13", "z15", "z17", "z19", "z21", "z25", "z31", "z23a", "z23b",
    "z23c", "z23d", "z23e", "z23f", "z27", "z29",
];
/// The item codes of the first two respondents of every clean fixture.
const R1: [i32; 19] = [3, 3, 2, 2, 3, 2, 3, 4, 3, 2, 3, 4, 4, 3, 2, 1, 3, 3, 2];
const R2: [i32; 19] = [4, 3, 3, 3, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 2, 2, 4, 3];

fn validate(instrument: &str, responses: &str) -> Run {
    verband(&[
        "validate",
        "--instrument",
        instrument,
        "--responses",
        responses,
    ])
}

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// Parses the summary line and checks that every row read was analysed or excluded.
#[track_caller]
fn summary(stdout: &str) -> (usize, usize, usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("read "))
        .unwrap_or_else(|| panic!("no summary line in:\n{stdout}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    let [read, analysed, excluded, findings] = nums[..] else {
        panic!("summary line {line:?}")
    };
    assert_eq!(
        line,
        format!("read {read} rows: {analysed} analysed, {excluded} excluded; {findings} findings")
    );
    assert_eq!(
        read,
        analysed + excluded,
        "every row is analysed or excluded: {line}"
    );
    let exclusion_lines = stdout
        .lines()
        .filter(|l| l.contains(": excluded: "))
        .count();
    assert_eq!(exclusion_lines, excluded, "one line per excluded row");
    (read, analysed, excluded, findings)
}

/// `validate` on one Zwolle fixture with one header row: exit code and the exact output.
#[track_caller]
fn assert_validate(name: &str, code: i32, lines: &[String]) {
    let run = validate(ZWOLLE, &path(name));
    let sheet = if name.ends_with(".xlsx") {
        ", sheet Antwoorden"
    } else {
        ""
    };
    let layout = format!("{}{sheet}: header row 1\n", path(name));
    let expected: String = layout + &lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    assert_eq!(run.stdout, expected, "{name}: stderr:\n{}", run.stderr);
    assert_eq!(run.code, code, "{name}");
    assert_eq!(run.stderr, "", "{name}");
    summary(&run.stdout);
}

/// The recoded item codes per respondent, through the library (what `score` would use).
fn item_codes(instrument: &str, responses: &str) -> Vec<Vec<Option<i32>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inst = instrument::load(&root.join(instrument)).expect("instrument loads");
    let files = [root.join(responses)];
    let r = ingest::ingest(&files, &inst, &Options::default()).expect("ingest reads the file");
    let height = r.data.height();
    let columns: Vec<Vec<Option<i32>>> = ITEMS
        .iter()
        .map(|id| {
            r.data
                .column(id)
                .unwrap()
                .i32()
                .expect("item codes are Int32")
                .iter()
                .collect()
        })
        .collect();
    (0..height)
        .map(|row| columns.iter().map(|c| c[row]).collect())
        .collect()
}

fn some(codes: [i32; 19]) -> Vec<Option<i32>> {
    codes.iter().map(|c| Some(*c)).collect()
}

// ------------------------------------------------------------------------------- clean input

#[test]
fn clean_csv_with_semicolons_and_bom_has_0_findings() {
    assert_validate(
        "clean_semicolon_bom.csv",
        0,
        &["read 4 rows: 4 analysed, 0 excluded; 0 findings".into()],
    );
}

#[test]
fn clean_csv_with_commas_without_bom_has_0_findings() {
    assert_validate(
        "clean_comma.csv",
        0,
        &["read 4 rows: 4 analysed, 0 excluded; 0 findings".into()],
    );
}

#[test]
fn clean_xlsx_has_0_findings() {
    assert_validate(
        "clean.xlsx",
        0,
        &["read 4 rows: 4 analysed, 0 excluded; 0 findings".into()],
    );
}

/// Codes, labels in any case, a BOM, `;` or `,`, and xlsx, xls and ods cells all come out as the
/// same codes. clean.xls and clean.ods are clean.xlsx saved by LibreOffice (see
/// make_fixtures.py), so the older formats are read through calamine's own readers.
#[test]
fn clean_files_recode_to_the_same_codes() {
    let r3 = [3, 2, 3, 3, 3, 2, 2, 3, 3, 3, 3, 4, 4, 3, 3, 2, 2, 4, 3];
    let r4 = [4, 4, 4, 4, 4, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 1, 3, 4, 4];
    let expected = vec![some(R1), some(R2), some(r3), some(r4)];
    let names = [
        "clean_semicolon_bom.csv",
        "clean_comma.csv",
        "clean.xlsx",
        "clean.xls",
        "clean.ods",
    ];
    for name in names {
        assert_eq!(item_codes(ZWOLLE, &path(name)), expected, "{name}");
    }
}

// ------------------------------------------------------------------------ one problem per file

#[test]
fn unknown_answer_label() {
    let f = path("unknown_label.csv");
    assert_validate(
        "unknown_label.csv",
        1,
        &[
            format!("{f}, G3: \"vaak\" is not an answer on scale mate4 (1–4)"),
            "read 2 rows: 2 analysed, 0 excluded; 1 findings".into(),
        ],
    );
}

#[test]
fn out_of_range_code() {
    let f = path("out_of_range.csv");
    assert_validate(
        "out_of_range.csv",
        1,
        &[
            format!("{f}, H3: 7 is not a code on scale mate4 (1–4)"),
            "read 2 rows: 2 analysed, 0 excluded; 1 findings".into(),
        ],
    );
}

#[test]
fn text_in_a_numeric_attribute() {
    let f = path("text_in_number.csv");
    assert_validate(
        "text_in_number.csv",
        1,
        &[
            format!("{f}, B3: \"veertig\" is not a usable number (leeftijd)"),
            "read 2 rows: 2 analysed, 0 excluded; 1 findings".into(),
        ],
    );
}

#[test]
fn required_attribute_missing_excludes_the_row() {
    let f = path("required_missing.csv");
    assert_validate(
        "required_missing.csv",
        1,
        &[
            format!("{f}, D3: pilot is missing"),
            format!("{f}, row 3: excluded: pilot is missing"),
            "read 2 rows: 1 analysed, 1 excluded; 1 findings".into(),
        ],
    );
}

#[test]
fn attribute_value_not_allowed_excludes_the_row() {
    let f = path("value_not_allowed.csv");
    assert_validate(
        "value_not_allowed.csv",
        1,
        &[
            format!(
                "{f}, E3: \"HBO\" is not a value of onderwijstype (PO, VO, MBO); did you mean \"MBO\"?"
            ),
            format!("{f}, row 3: excluded: \"HBO\" is not a valid value of onderwijstype"),
            "read 2 rows: 1 analysed, 1 excluded; 1 findings".into(),
        ],
    );
}

#[test]
fn column_matching_no_item() {
    let f = path("unknown_column.csv");
    assert_validate(
        "unknown_column.csv",
        1,
        &[
            format!("{f}, Z1: column \"tevredenheid\" matches no item of instrument zwolle-2014"),
            "read 2 rows: 2 analysed, 0 excluded; 1 findings".into(),
        ],
    );
}

#[test]
fn item_without_a_column() {
    let f = path("missing_item_column.csv");
    assert_validate(
        "missing_item_column.csv",
        1,
        &[
            format!(
                "{f}: no column for z31 (\"To what extent has fast and integrated follow-up outside school taken place?\")"
            ),
            "read 2 rows: 2 analysed, 0 excluded; 1 findings".into(),
        ],
    );
}

#[test]
fn duplicate_respondent_id() {
    let f = path("duplicate_id.csv");
    let run = validate(&path("met-id.toml"), &f);
    assert_eq!(
        run.stdout,
        format!(
            "{f}: header row 1\n\
             {f}, A4: respondent id \"r01\" also on row 2\n\
             {f}, row 4: excluded: duplicate respondent id\n\
             read 4 rows: 3 analysed, 1 excluded; 1 findings\n"
        )
    );
    assert_eq!(run.code, 1);
    summary(&run.stdout);
}

/// Rows without findings can still be excluded: an empty row, and a respondent who answered
/// fewer than half of the items (the default --min-answered 0.5: 10 of 19). Exit 0.
#[test]
fn empty_rows_and_too_few_answers_are_excluded_without_findings() {
    let f = path("exclusions.csv");
    assert_validate(
        "exclusions.csv",
        0,
        &[
            format!("{f}, row 3: excluded: empty row"),
            format!("{f}, row 5: excluded: answered 3 of 19 items; at least 10 needed"),
            "read 4 rows: 2 analysed, 2 excluded; 0 findings".into(),
        ],
    );
}

/// All problems at once, in an xlsx whose table starts at B3 under a title in B1: every problem
/// is listed (not only the first), with file, sheet and the cell as the spreadsheet shows it,
/// sorted by row and column.
#[test]
fn xlsx_lists_every_problem_with_sheet_and_cell() {
    let f = path("problems.xlsx");
    let place = format!("{f}, sheet Antwoorden");
    let run = validate(ZWOLLE, &f);
    let expected = [
        format!("{place}: header rows 1–3"),
        format!(
            "{place}: no column for z31 (\"To what extent has fast and integrated follow-up outside school taken place?\")"
        ),
        format!(
            "{place}, AA3: column \"Tevredenheid (0-10)\" matches no item of instrument zwolle-2014"
        ),
        format!("{place}, H5: \"vaak\" is not an answer on scale mate4 (1–4)"),
        format!("{place}, I6: 7 is not a code on scale mate4 (1–4)"),
        format!("{place}, C7: \"veertig\" is not a usable number (leeftijd)"),
        format!("{place}, E8: pilot is missing"),
        format!(
            "{place}, F9: \"HBO\" is not a value of onderwijstype (PO, VO, MBO); did you mean \"MBO\"?"
        ),
        format!("{f}, row 8: excluded: pilot is missing"),
        format!("{f}, row 9: excluded: \"HBO\" is not a valid value of onderwijstype"),
        "read 6 rows: 4 analysed, 2 excluded; 7 findings".to_string(),
    ];
    let got: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(got, expected, "stderr:\n{}", run.stderr);
    assert_eq!(run.code, 1);
    summary(&run.stdout);
}

/// The same, for the cells of data rows only: these references do not depend on where the
/// header row is found.
#[test]
fn xlsx_data_cells_are_named_by_sheet_row_and_column() {
    let f = path("problems.xlsx");
    let place = format!("{f}, sheet Antwoorden");
    let run = validate(ZWOLLE, &f);
    for line in [
        format!("{place}, H5: \"vaak\" is not an answer on scale mate4 (1–4)"),
        format!("{place}, I6: 7 is not a code on scale mate4 (1–4)"),
        format!("{place}, C7: \"veertig\" is not a usable number (leeftijd)"),
        format!("{place}, E8: pilot is missing"),
        format!(
            "{place}, F9: \"HBO\" is not a value of onderwijstype (PO, VO, MBO); did you mean \"MBO\"?"
        ),
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "missing {line:?} in:\n{}",
            run.stdout
        );
    }
    assert_eq!(summary(&run.stdout), (6, 4, 2, 7));
}

/// Two files at once: findings of both, rows of both counted.
#[test]
fn several_files_are_read_together() {
    let (a, b) = (path("unknown_label.csv"), path("required_missing.csv"));
    let run = verband(&[
        "validate",
        "--instrument",
        ZWOLLE,
        "--responses",
        &a,
        "--responses",
        &b,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!(
            "{a}, G3: \"vaak\" is not an answer on scale mate4 (1–4)\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("{b}, D3: pilot is missing\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("{b}, row 3: excluded: pilot is missing\n")),
        "{}",
        run.stdout
    );
    assert_eq!(summary(&run.stdout), (4, 3, 1, 2));
}

// ------------------------------------------------------------------------------ unreadable

#[test]
fn missing_file_exits_2_naming_it() {
    let f = path("bestaat-niet.csv");
    let run = validate(ZWOLLE, &f);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with(&format!("verband: {f}: cannot read: ")),
        "{}",
        run.stderr
    );
}

#[test]
fn corrupt_xlsx_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("antwoorden.xlsx");
    // 4 KiB of xorshift noise: not a zip, let alone a workbook.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&file, bytes).unwrap();
    let f = file.to_str().unwrap();
    let run = validate(ZWOLLE, f);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with(&format!("verband: {f}: cannot open as a spreadsheet (")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .trim_end()
            .ends_with("is it encrypted or damaged?"),
        "{}",
        run.stderr
    );
}

#[test]
fn pdf_exits_2_naming_it() {
    let f = path("antwoorden.pdf");
    let run = validate(ZWOLLE, &f);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!("verband: {f}: not a spreadsheet (expected .xlsx, .xls, .ods or .csv)\n")
    );
}

#[test]
fn empty_csv_exits_2_naming_it() {
    let f = path("empty.csv");
    assert_eq!(
        std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join(&f))
            .unwrap()
            .len(),
        0
    );
    let run = validate(ZWOLLE, &f);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("verband: {f}: the sheet is empty\n"));
}

// --------------------------------------------------------------------- survey-tool exports

/// Google Forms: "Tijdstempel" and "E-mailadres" first, the Dutch question texts as headers
/// with other case, punctuation and spacing, the grid question as "question [row]", answers as
/// labels. Every column is matched and the metadata columns are reported as ignored.
#[test]
fn google_forms_export_matches_every_item() {
    let f = path("google_forms.csv");
    let run = validate(ZWOLLE, &f);
    assert_eq!(
        run.stdout,
        format!(
            "{f}: header row 1\n\
             {f}: ignored (survey-tool metadata): Tijdstempel, E-mailadres\n\
             read 3 rows: 3 analysed, 0 excluded; 0 findings\n"
        )
    );
    assert_eq!(run.code, 0);
    let r3 = [1, 2, 2, 1, 2, 1, 2, 2, 1, 2, 2, 3, 4, 2, 2, 1, 2, 3, 2];
    assert_eq!(item_codes(ZWOLLE, &f), vec![some(R1), some(R2), some(r3)]);
}

/// Attributes in a Google Forms export are labels too: they become the instrument's codes.
#[test]
fn google_forms_attribute_labels_become_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inst = instrument::load(&root.join(ZWOLLE)).unwrap();
    let r = ingest::ingest(
        &[root.join(path("google_forms.csv"))],
        &inst,
        &Options::default(),
    )
    .unwrap();
    let strings = |id: &str| -> Vec<Option<String>> {
        r.data
            .column(id)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    };
    let s = |v: &str| Some(v.to_string());
    assert_eq!(strings("geslacht"), [s("V"), s("M"), s("V")]);
    assert_eq!(
        strings("pilot"),
        [s("holtenbroek"), s("diezerpoort"), s("deltion_landstede")]
    );
    assert_eq!(strings("onderwijstype"), [s("PO"), s("VO"), s("MBO")]);
    assert_eq!(
        strings("z33_succesfactoren"),
        [s("Korte lijnen, snel schakelen"), None, None]
    );
    let ages: Vec<Option<f64>> = r
        .data
        .column("leeftijd")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(ages, [Some(52.0), Some(41.0), Some(38.0)]);
}

/// LimeSurvey with "Question code & question text" headings ("z05. In welke mate …"),
/// semicolons, and its metadata columns first.
#[test]
fn limesurvey_export_with_code_and_text_headings() {
    let f = path("limesurvey_code_text.csv");
    let run = validate(ZWOLLE, &f);
    let ignored = "Response ID, Date submitted, Last page, Start language, Seed";
    assert_eq!(
        run.stdout,
        format!(
            "{f}: header row 1\n{f}: ignored (survey-tool metadata): {ignored}\n\
             read 2 rows: 2 analysed, 0 excluded; 0 findings\n"
        )
    );
    assert_eq!(run.code, 0);
    assert_eq!(item_codes(ZWOLLE, &f), vec![some(R1), some(R2)]);
}

/// LimeSurvey with codes in row 1 and question texts in row 2: both rows are headers, and a
/// metadata column is recognised by either of its header cells ("id" over "Response ID").
#[test]
fn limesurvey_export_with_codes_over_texts() {
    let f = path("limesurvey_two_rows.csv");
    let run = validate(ZWOLLE, &f);
    let ignored = "id, submitdate, lastpage, startlanguage, seed";
    assert_eq!(
        run.stdout,
        format!(
            "{f}: header rows 1–2\n{f}: ignored (survey-tool metadata): {ignored}\n\
             read 2 rows: 2 analysed, 0 excluded; 0 findings\n"
        )
    );
    assert_eq!(run.code, 0);
    // Data start in row 3: the question texts in row 2 are not a respondent.
    assert_eq!(item_codes(ZWOLLE, &f), vec![some(R1), some(R2)]);
}

/// A respondent whose answers equal column names (actor type "gemeente", the id of the
/// municipality attribute) is a respondent, not a second header row: the bundled example's
/// 2024 sheet has 198 data rows, RS24-0001 (gemeente) first among them.
#[test]
fn a_row_whose_cells_equal_column_names_is_a_respondent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inst = instrument::load_merged(&[
        root.join("voorbeeld/netwerk-effectiviteit-v1.toml"),
        root.join("voorbeeld/samenwerkingsladder-v1.toml"),
    ])
    .unwrap();
    let file = root.join("voorbeeld/antwoorden-2024.xlsx");
    let r = ingest::ingest(&[file], &inst, &Options::default()).unwrap();
    assert_eq!((r.read, r.data.height()), (198, 198));
    let first = |id: &str| {
        let column = r.data.column(id).unwrap().str().unwrap().clone();
        column.get(0).map(str::to_string)
    };
    assert_eq!(first("respondent").as_deref(), Some("RS24-0001"));
    assert_eq!(first("actortype").as_deref(), Some("gemeente"));
    assert_eq!(r.layouts[0].header_rows, (1, 1));
}
