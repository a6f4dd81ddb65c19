//! `verband template`: the blank response workbook, read back with calamine and (when it is
//! installed) converted by LibreOffice, as a municipality would open it.

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, SheetVisible, open_workbook_auto};

use crate::common::verband;

const ZWOLLE: &str = "instruments/zwolle-2014.toml";

/// Zwolle's columns in questionnaire order: attributes, items (construct by construct),
/// open questions. Written out from the TOML by hand, not derived by verband.
const ZWOLLE_IDS: [&str; 40] = [
    "geslacht",
    "leeftijd",
    "functie",
    "pilot",
    "onderwijstype", // attributes
    "z05",
    "z07",
    "z09",
    "z11",
    "z13",
    "z15",
    "z17",
    "z19",
    "z21",
    "z25",
    "z31", // resultaten
    "z23a",
    "z23b",
    "z23c",
    "z23d",
    "z23e",
    "z23f", // bijdrage_kernpartners
    "z27",
    "z29", // generalist
    "z06_toelichting",
    "z08_toelichting",
    "z10_toelichting",
    "z12_toelichting",
    "z14_toelichting",
    "z16_toelichting",
    "z18_toelichting",
    "z20_toelichting",
    "z22_toelichting",
    "z24_toelichting",
    "z26_toelichting",
    "z28_toelichting",
    "z30_toelichting",
    "z32_toelichting",
    "z33_succesfactoren",
    "z34_te_ontwikkelen",
];

/// Runs `verband template` into a fresh temporary folder and returns (folder, workbook path).
fn template(instrument: &str, lang: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("T.xlsx");
    let out_s = out.to_str().unwrap();
    let mut args = vec!["template", "--instrument", instrument, "--out", out_s];
    if let Some(l) = lang {
        args.extend(["--lang", l]);
    }
    let run = verband(&args);
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(out.is_file(), "{} was not written", out.display());
    (dir, out)
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// The cells of a sheet as text, row by row.
fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).expect("an xlsx calamine can open");
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    assert_eq!(range.start(), Some((0, 0)), "sheet {name} starts at A1");
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

fn sheets(path: &Path) -> Vec<(String, SheetVisible)> {
    let wb = open_workbook_auto(path).expect("an xlsx calamine can open");
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect()
}

#[test]
fn header_row_is_the_instruments_column_ids_in_order() {
    let (_dir, xlsx) = template(ZWOLLE, None);
    let rows = sheet(&xlsx, "Antwoorden");
    assert_eq!(rows.len(), 1, "a blank template has only the header row");
    assert_eq!(rows[0], ZWOLLE_IDS);
}

#[test]
fn reports_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("antwoorden.xlsx");
    let run = verband(&[
        "template",
        "--instrument",
        ZWOLLE,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("wrote {} (40 columns)\n", out.display())
    );
}

#[test]
fn dutch_sheets_explain_questions_and_scales() {
    let (_dir, xlsx) = template(ZWOLLE, None);
    assert_eq!(
        sheets(&xlsx),
        [
            ("Antwoorden".to_string(), SheetVisible::Visible),
            ("Vragen".to_string(), SheetVisible::Visible),
            ("Schalen".to_string(), SheetVisible::Visible),
            ("Lijsten".to_string(), SheetVisible::Hidden),
        ]
    );
    let vragen = sheet(&xlsx, "Vragen");
    assert_eq!(vragen[0], ["kolom", "vraag", "schaal", "omgekeerd"]);
    let ids: Vec<&str> = vragen[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ZWOLLE_IDS);
    assert_eq!(vragen[1][..2], ["geslacht", "Bent u man of vrouw?"]);
    assert_eq!(
        vragen[6][..3],
        [
            "z05",
            "In welke mate komen er door de inzet van de pilot meer vragen bij school/generalist terecht?",
            "mate4"
        ]
    );
    assert_eq!(
        vragen[40][..2],
        [
            "z34_te_ontwikkelen",
            "Wat zijn nog te ontwikkelen aspecten?"
        ]
    );

    let schalen = sheet(&xlsx, "Schalen");
    assert_eq!(schalen[0], ["schaal", "code", "antwoord", "betekenis"]);
    assert_eq!(
        schalen[1],
        ["mate4 (Mate)", "1", "helemaal niet", "antwoord"]
    );
    assert_eq!(
        schalen[4],
        ["mate4 (Mate)", "4", "in sterke mate", "antwoord"]
    );

    // The hidden sheet holds the drop-down labels, headed by the column id.
    let lijsten = sheet(&xlsx, "Lijsten");
    let pilot = ZWOLLE_IDS.iter().position(|c| *c == "pilot").unwrap();
    let col: Vec<&str> = lijsten
        .iter()
        .map(|r| r[pilot].as_str())
        .take_while(|c| !c.is_empty())
        .collect();
    assert_eq!(
        col,
        [
            "pilot",
            "Holtenbroek",
            "Van der Capellen en Meander",
            "Deltion College en Landstede",
            "Westenholte",
            "Diezerpoort"
        ]
    );
}

#[test]
fn english_template_names_its_sheets_in_english() {
    let (_dir, xlsx) = template(ZWOLLE, Some("en"));
    let names: Vec<String> = sheets(&xlsx).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Answers", "Questions", "Scales", "Lists"]);
    assert_eq!(
        sheet(&xlsx, "Answers")[0],
        ZWOLLE_IDS,
        "ids do not depend on the language"
    );
    let questions = sheet(&xlsx, "Questions");
    assert_eq!(questions[0], ["column", "question", "scale", "reversed"]);
    assert_eq!(
        questions[6][..2],
        [
            "z05",
            "To what extent, thanks to the pilot, do more questions reach the school/generalist?"
        ]
    );
    let scales = sheet(&xlsx, "Scales");
    assert_eq!(scales[0], ["scale", "code", "answer", "meaning"]);
    assert_eq!(scales[1], ["mate4 (Extent)", "1", "not at all", "answer"]);
}

#[test]
fn reversed_items_and_missing_codes_are_marked() {
    let (_dir, xlsx) = template("tests/fixtures/cli/score/klein.toml", None);
    let vragen = sheet(&xlsx, "Vragen");
    let row = |id: &str| {
        vragen
            .iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("{id} not in Vragen"))
            .clone()
    };
    assert_eq!(
        row("s3"),
        [
            "s3",
            "Samenwerken kost meer tijd dan het oplevert.",
            "eens5",
            "ja"
        ]
    );
    assert_eq!(row("s1"), ["s1", "We werken goed samen.", "eens5", ""]);
    let schalen = sheet(&xlsx, "Schalen");
    assert_eq!(
        schalen[6],
        [
            "eens5 (Instemming)",
            "9",
            "Weet niet",
            "telt als ontbrekend"
        ]
    );
}

#[test]
fn template_of_a_broken_instrument_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("T.xlsx");
    let run = verband(&[
        "template",
        "--instrument",
        "tests/fixtures/cli/instruments/unknown_scale.toml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "constructs[vertrouwen].items[vt2].scale: \"eens5\" is not a scale of this instrument"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

#[test]
fn template_into_a_missing_folder_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/folder/T.xlsx");
    let run = verband(&[
        "template",
        "--instrument",
        ZWOLLE,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with(&format!("verband: {}: cannot write", out.display())),
        "{}",
        run.stderr
    );
}

/// The contract is `--out FILE.xlsx`: an xlsx written under another name (T.csv) would be
/// opened as text by whoever gets it. Refused as a usage error, nothing written.
#[test]
fn template_refuses_an_out_file_that_is_not_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("T.csv");
    let run = verband(&[
        "template",
        "--instrument",
        ZWOLLE,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "stdout:\n{}", run.stdout);
    assert!(!out.exists(), "an xlsx was written as {}", out.display());
}

fn on_path(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// LibreOffice reads the template as a spreadsheet: its csv of the first sheet is the ids.
#[test]
fn libreoffice_reads_the_header_row() {
    let Some(libreoffice) = on_path("libreoffice") else {
        println!(
            "LibreOffice check skipped: no `libreoffice` on PATH, so the template could not be converted \
             with `libreoffice --headless --convert-to csv` (apt-get install libreoffice-calc-nogui to run it)"
        );
        return;
    };
    let (dir, xlsx) = template(ZWOLLE, None);
    let outdir = dir.path().join("csv");
    // A profile of its own, so that a LibreOffice the user has open does not take the job.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let status = Command::new(&libreoffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
        ])
        .arg(&outdir)
        .arg(&xlsx)
        .output()
        .expect("libreoffice runs");
    let csv = outdir.join("T.csv");
    assert!(
        status.status.success() && csv.is_file(),
        "libreoffice failed ({}):\n{}\n{}",
        status.status,
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&csv).expect("csv is UTF-8");
    assert_eq!(text.lines().next(), Some(ZWOLLE_IDS.join(",").as_str()));
    assert_eq!(text.lines().count(), 1, "only the header row: {text}");
}
