//! Issue 13: the exports of five survey tools, holding the same 41 respondents, read exactly as
//! verband's own template does. The files and the reference values are in
//! tests/fixtures/exports/ (README.md there cites each tool's format; expected.json is computed
//! with pandas from template.csv by make_expected.py, without verband).

use std::collections::BTreeMap;
use std::path::Path;

use polars_io::prelude::{SerReader, SerWriter};
use serde_json::Value;

use crate::common::{read_results, root, verband};

const INSTRUMENT: &str = "instruments/netwerk-effectiviteit.toml";
const DIR: &str = "tests/fixtures/exports";

/// Each export, the sheet rows its header takes, and whether the tool marks the stopped
/// response as incomplete (LimeSurvey by an empty submit date, Qualtrics by Finished).
struct Export {
    file: &'static str,
    header_rows: u32,
    marks_partial: bool,
}

const fn export(file: &'static str, header_rows: u32, marks_partial: bool) -> Export {
    Export {
        file,
        header_rows,
        marks_partial,
    }
}

const EXPORTS: [Export; 10] = [
    export("template.csv", 1, false),
    export("limesurvey_full.csv", 1, true),
    export("limesurvey_full.xlsx", 1, true),
    export("msforms.xlsx", 1, false),
    export("google_forms.csv", 1, false),
    export("google_forms_excel_nl.csv", 1, false),
    export("qualtrics_text.csv", 3, true),
    export("qualtrics_numeric.csv", 3, true),
    export("surveymonkey.csv", 2, false),
    export("surveymonkey.xlsx", 2, false),
];

fn expected() -> Value {
    let text = std::fs::read_to_string(root().join(DIR).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn path(file: &str) -> String {
    format!("{DIR}/{file}")
}

#[test]
fn every_export_validates_with_no_finding() {
    let expected = expected();
    let (read, analysed) = (&expected["rows_read"], &expected["rows_analysed"]);
    let x = &expected["excluded"][0];
    for e in &EXPORTS {
        let run = verband(&[
            "validate",
            "--instrument",
            INSTRUMENT,
            "--responses",
            &path(e.file),
            "--year",
            "2025",
        ]);
        assert_eq!(run.code, 0, "{}:\n{}{}", e.file, run.stdout, run.stderr);
        let summary = format!("read {read} rows: {analysed} analysed, 1 excluded; 0 findings");
        assert!(run.stdout.contains(&summary), "{}:\n{}", e.file, run.stdout);
        // The stopped respondent is the last data row, under the header rows.
        let row = e.header_rows + x["row"].as_u64().unwrap() as u32;
        let partial = if e.marks_partial {
            " (partial response)"
        } else {
            ""
        };
        let exclusion = format!(
            "{}, row {row}: excluded: answered {} of 70 items; at least {} needed{partial}",
            path(e.file),
            x["answered"],
            x["needed"]
        );
        assert!(
            run.stdout.contains(&exclusion),
            "{}:\n{}",
            e.file,
            run.stdout
        );
        let header = match e.header_rows {
            1 => "header row 1".to_string(),
            n => format!("header rows 1–{n}"),
        };
        assert!(run.stdout.contains(&header), "{}:\n{}", e.file, run.stdout);
        if e.file != "template.csv" {
            assert!(
                run.stdout.contains("ignored (survey-tool metadata): "),
                "{}: metadata columns listed once:\n{}",
                e.file,
                run.stdout
            );
        }
    }
}

/// Every analysed respondent's construct scores against pandas, in row order (the tools keep
/// the respondents in the template's order), to 1e-12.
#[test]
fn every_export_scores_as_pandas_computed_from_the_template() {
    let expected = expected();
    let reference: BTreeMap<u64, &serde_json::Map<String, Value>> = expected["respondent_scores"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.parse().unwrap(), v.as_object().unwrap()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    for e in &EXPORTS {
        let out = dir.path().join(format!("{}.json", e.file));
        let run = verband(&[
            "score",
            "--instrument",
            INSTRUMENT,
            "--responses",
            &path(e.file),
            "--year",
            "2025",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}: {}", e.file, run.stderr);
        let rows: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(rows.len(), reference.len(), "{}", e.file);
        let mut groups: BTreeMap<String, u64> = BTreeMap::new();
        for (row, (respondent, scores)) in rows.iter().zip(&reference) {
            *groups
                .entry(row["actortype"].as_str().unwrap().to_string())
                .or_default() += 1;
            for (construct, want) in scores.iter() {
                let got = &row[construct.as_str()];
                match want.as_f64() {
                    None => assert!(got.is_null(), "{} {respondent} {construct}", e.file),
                    Some(want) => {
                        let got = got.as_f64().unwrap();
                        assert!(
                            (got - want).abs() <= 1e-12,
                            "{} respondent {respondent} {construct}: {got} vs {want}",
                            e.file
                        );
                    }
                }
            }
        }
        let sizes: BTreeMap<String, u64> = expected["group_sizes"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .collect();
        assert_eq!(groups, sizes, "{}", e.file);
    }
}

/// The report of each export equals the template's: results.json, index.html and every chart
/// byte for byte, the file's name aside, and the stopped respondent's sheet row (under more
/// header rows) and partial mark aside.
#[test]
fn every_export_reports_as_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let report = |e: &Export| {
        let out = dir.path().join(e.file);
        let run = verband(&[
            "report",
            "--instrument",
            INSTRUMENT,
            "--responses",
            &path(e.file),
            "--year",
            "2025",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(run.code, 0, "{}: {}", e.file, run.stderr);
        out
    };
    let template = report(&EXPORTS[0]);
    let normalised = |out: &Path, file: &str| {
        let mut results = read_results(out);
        for x in &mut results.respondents.excluded {
            (x.file, x.row, x.partial) = ("FILE".into(), 0, false);
        }
        serde_json::to_string(&results)
            .unwrap()
            .replace(file, "FILE")
    };
    let want = normalised(&template, "template.csv");
    // The page, less the line that lists the stopped respondent by sheet row.
    let page = |out: &Path, file: &str| -> String {
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(html.matches("vragen beantwoord;").count(), 1, "{file}");
        html.replace(file, "FILE")
            .lines()
            .filter(|l| !l.contains("vragen beantwoord;"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let want_page = page(&template, "template.csv");
    for e in &EXPORTS[1..] {
        let out = report(e);
        assert_eq!(normalised(&out, e.file), want, "{}: results.json", e.file);
        assert!(page(&out, e.file) == want_page, "{}: index.html", e.file);
        for chart in std::fs::read_dir(template.join("figures")).unwrap() {
            let chart = chart.unwrap().path();
            let name = chart.file_name().unwrap();
            assert_eq!(
                std::fs::read(&chart).unwrap(),
                std::fs::read(out.join("figures").join(name)).unwrap(),
                "{}: {name:?}",
                e.file
            );
        }
    }
}

#[test]
fn without_a_year_the_error_names_the_reason_and_the_mend() {
    let run = verband(&[
        "report",
        "--instrument",
        INSTRUMENT,
        "--responses",
        &path("limesurvey_full.csv"),
        "--out",
        "/dev/null/never",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "41 of 41 rows excluded: jaar is missing (no year column; pass --year or set [[years]].year)"
        ),
        "{}",
        run.stderr
    );
    // One finding for the absent column, not one per row.
    let findings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("jaar")).collect();
    assert_eq!(findings.len(), 2, "{}", run.stderr);
    assert!(findings[0].ends_with("no column for jaar (\"Year of the survey\")"));
}

#[test]
fn a_year_column_that_disagrees_with_the_run_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut frame = polars_io::prelude::CsvReadOptions::default()
        .with_infer_schema_length(Some(0))
        .try_into_reader_with_file_path(Some(root().join(DIR).join("template.csv")))
        .unwrap()
        .finish()
        .unwrap();
    // The third respondent (sheet row 4) says 2024.
    let years: Vec<&str> = (0..frame.height())
        .map(|i| if i == 2 { "2024" } else { "2025" })
        .collect();
    frame
        .insert_column(0, polars::prelude::Column::new("jaar".into(), years))
        .unwrap();
    let file = dir.path().join("with-year.csv");
    let mut out = std::fs::File::create(&file).unwrap();
    polars_io::prelude::CsvWriter::new(&mut out)
        .finish(&mut frame)
        .unwrap();
    let run = verband(&[
        "validate",
        "--instrument",
        INSTRUMENT,
        "--responses",
        file.to_str().unwrap(),
        "--year",
        "2025",
    ]);
    assert_eq!(run.code, 1);
    let shown = file.display();
    assert!(
        run.stdout.contains(&format!(
            "{shown}, A4: year 2024 in the file, but this round is 2025"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "{shown}, row 4: excluded: year 2024 does not belong to round 2025"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("read 41 rows: 39 analysed, 2 excluded; 1 findings")
    );
}

/// Read as the instrument's codes, Qualtrics' position 6 ("Weet niet") is no code on a 5-point
/// scale: the flag decides, and the findings say so.
#[test]
fn qualtrics_numbers_read_as_codes_are_findings() {
    let run = verband(&[
        "validate",
        "--instrument",
        INSTRUMENT,
        "--responses",
        &path("qualtrics_numeric.csv"),
        "--year",
        "2025",
        "--answer-codes",
        "instrument",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("6 is not a code on scale eens5 (1–5)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("read as positions"));
}

/// A header cell that matches an item twice is read from neither column, and the finding names
/// both cells.
#[test]
fn two_columns_for_one_item_are_read_from_neither() {
    let dir = tempfile::tempdir().unwrap();
    let template = std::fs::read_to_string(root().join(DIR).join("template.csv")).unwrap();
    let csv: String = template
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let extra = if i == 0 { "com_freq_1" } else { "1" };
            format!("{line},{extra}\n")
        })
        .collect();
    let file = dir.path().join("twice.csv");
    std::fs::write(&file, csv).unwrap();
    let run = verband(&[
        "validate",
        "--instrument",
        INSTRUMENT,
        "--responses",
        file.to_str().unwrap(),
        "--year",
        "2025",
    ]);
    assert_eq!(run.code, 1);
    let columns = template.lines().next().unwrap().split(',').count();
    let last = verband::ingest::a1(0, columns as u32);
    let first = template
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "com_freq_1")
        .unwrap();
    let first = verband::ingest::a1(0, first as u32);
    assert!(
        run.stdout.contains(&format!(
            "{}, {first}: columns {first}, {last} all match com_freq_1; none of them is read",
            file.display()
        )),
        "{}",
        run.stdout
    );
}
