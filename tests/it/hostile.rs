//! Issue 12: malformed and hostile input. Each case ends in a finding with its cell, an exit 2
//! naming the file, or a neutralised cell; never a panic, an abort or a silent loss. The
//! fixtures in tests/fixtures/hostile/ are written by make_hostile.py there (DESIGN-NOTES.md
//! says what each one attacks); zip bombs, devices and pipes are made here at test time.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::common::{Run, root, verband};

const DIR: &str = "tests/fixtures/hostile";
const INSTRUMENT: &str = "tests/fixtures/hostile/met-id-getal.toml";
const ZWOLLE: &str = "instruments/zwolle-2014.toml";

fn validate(file: &str, extra: &[&str]) -> Run {
    let mut args = vec!["validate", "--instrument", INSTRUMENT, "--responses", file];
    args.extend(extra);
    verband(&args)
}

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

#[track_caller]
fn assert_refused(run: &Run, file: &str, words: &str) {
    assert_eq!(run.code, 2, "{file}: {}{}", run.stdout, run.stderr);
    let line = run.stderr.trim_end();
    assert!(
        line.starts_with(&format!("verband: {file}")) && line.contains(words),
        "{file}: {line}"
    );
}

// ----------------------------------------------------------------------- silent loss, now seen

/// A quote inside a cell of a csv (not at its start) opens quoted text, and polars reads the
/// lines up to the next quote as part of that cell: rows vanish into it. The cell is named,
/// whether polars then reads the file (a finding, exit 1) or cannot (the error names it).
#[test]
fn a_quote_inside_a_cell_is_named() {
    let merged = fixture("stray_quote_read_as_one_cell.csv");
    let run = verband(&["validate", "--instrument", ZWOLLE, "--responses", &merged]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "{merged}, W2: a quote inside the cell opens text that runs over 4 more line end(s)"
        )),
        "{}",
        run.stdout
    );

    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string(root().join("tests/fixtures/cli/validate/clean_comma.csv"))
        .unwrap();
    let unreadable = dir.path().join("unreadable.csv");
    let text = clean.replacen(
        "\"Korte lijnen, snel schakelen\"",
        "Korte lijnen snel schakelen\"",
        1,
    );
    std::fs::write(&unreadable, text).unwrap();
    let file = unreadable.to_str().unwrap();
    let run = verband(&["validate", "--instrument", ZWOLLE, "--responses", file]);
    assert_refused(
        &run,
        file,
        "a quote inside cell Y2 opens quoted text over 4 line end(s)",
    );
}

/// CRLF, LF and lone CR (Excel for Mac's "CSV (Macintosh)") in one file: all 30 respondents.
#[test]
fn every_kind_of_line_end_ends_a_row() {
    let run = validate(&fixture("mixed_line_ends.csv"), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("read 30 rows: 30 analysed, 0 excluded; 0 findings")
    );
}

#[test]
fn a_formula_without_a_saved_result_is_a_finding_with_its_cell() {
    let f = fixture("formula_no_cache.xlsx");
    let run = validate(&f, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!(
            "{f}, sheet Antwoorden, D5: formula 2*2 without a saved result"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_date_in_a_number_field_is_a_finding_not_its_serial() {
    let f = fixture("date_in_number.xlsx");
    let run = validate(&f, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!(
            "{f}, sheet Antwoorden, C4: \"1971-05-03\" is not a usable number (leeftijd)"
        )),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("26056"));
}

#[test]
fn numbers_beyond_f64_are_findings() {
    for (name, cell, value) in [
        ("inf_number.csv", "C4", "1e309"),
        ("exponent_overflow.csv", "C5", "1e2147483647"),
    ] {
        let f = fixture(name);
        let run = validate(&f, &[]);
        assert_eq!(run.code, 1, "{name}");
        let line = format!("{f}, {cell}: \"{value}\" is not a usable number (leeftijd)");
        assert!(run.stdout.contains(&line), "{name}:\n{}", run.stdout);
    }
}

/// `score` on a file with a header and no answers exits 1, as the README says.
#[test]
fn score_on_a_header_only_file_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("header.csv");
    std::fs::write(&file, "respondent,actortype,leeftijd,vt1,vt2\n").unwrap();
    let out = dir.path().join("scores.csv");
    let run = verband(&[
        "score",
        "--instrument",
        INSTRUMENT,
        "--responses",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no data rows under the header"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

/// Values whose exact-decimal shift overflows (1e40; 1e18 beside 1e-21) are compared in plain
/// floats, against scipy (compare_extremes.py), relative 1e-12.
#[test]
fn compare_falls_back_to_floats_where_decimals_overflow() {
    let text = std::fs::read_to_string(root().join(DIR).join("compare_extremes.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let close = |got: f64, want: f64| (got - want).abs() <= 1e-12 * want.abs().max(1e-300);
    for (name, want) in reference["files"].as_object().unwrap() {
        let run = verband(&[
            "compare",
            &fixture(name),
            "--by",
            "group",
            "--value",
            "value",
            "--json",
        ]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let measures: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let anova = &measures[0]["tests"]["anova"]["run"];
        for key in ["f", "p"] {
            let (got, want) = (anova[key].as_f64().unwrap(), want[key].as_f64().unwrap());
            assert!(close(got, want), "{name} {key}: {got} vs {want}");
        }
        for group in measures[0]["groups"].as_array().unwrap() {
            let code = group["group"].as_str().unwrap();
            let stats = &group["summary"]["shown"]["stats"];
            for key in ["mean", "sd"] {
                let got = stats[key].as_f64().unwrap();
                let want = want["groups"][code][key].as_f64().unwrap();
                assert!(close(got, want), "{name} {code} {key}: {got} vs {want}");
            }
        }
    }
}

/// Lines of separators alone after the table are no rows, as blank lines are not; a run of
/// empty rows inside it is listed once, however long, and memory stays small.
#[test]
fn empty_rows_are_no_rows_at_the_end_and_one_line_inside() {
    let dir = tempfile::tempdir().unwrap();
    let table = "respondent;actortype;leeftijd;vt1;vt2\nr01;PO;47;4;5\nr02;WT;52;3;3\n\
                 r03;PO;40;2;4\nr04;WT;38;5;4\nr05;PO;61;1;2\n";
    let padding = ";;;;\n".repeat(200_000);
    let trailing = dir.path().join("trailing.csv");
    std::fs::write(&trailing, format!("{table}{padding}\n\n ; ;\"\";;\n")).unwrap();
    let run = validate(trailing.to_str().unwrap(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("read 5 rows: 5 analysed, 0 excluded"),
        "{}",
        run.stdout
    );

    let inside = dir.path().join("inside.csv");
    std::fs::write(&inside, format!("{table}{padding}r06;WT;50;4;4\n")).unwrap();
    let run = validate(inside.to_str().unwrap(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let file = inside.to_str().unwrap();
    assert!(
        run.stdout
            .contains(&format!("{file}, rows 7–200006: excluded: empty row\n")),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("empty row").count(), 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("read 200006 rows: 6 analysed, 200000 excluded")
    );
}

/// `compare` loses no value silently either: a formula without a saved result and a number
/// past a double's range are findings with their cell, and the comparison is refused.
#[test]
fn compare_names_the_cells_it_cannot_use() {
    for (file, column, cell) in [
        (
            "formula_no_cache.xlsx",
            "vt1",
            "C3: formula 1+2 without a saved result",
        ),
        (
            "formula_no_cache.xlsx",
            "vt2",
            "D5: formula 2*2 without a saved result",
        ),
        (
            "inf_number.csv",
            "leeftijd",
            "C4: \"1e309\" is not a usable number",
        ),
    ] {
        let f = fixture(file);
        let run = verband(&["compare", &f, "--by", "actortype", "--value", column]);
        assert_eq!(run.code, 1, "{file} {column}: {}", run.stderr);
        assert!(run.stderr.contains(cell), "{file} {column}: {}", run.stderr);
    }
}

/// Values whose squares overflow a double (1e155 and up) leave the tests on means and
/// variances not run, with the reason; ranks still work. Never a panic.
#[test]
fn compare_says_when_values_are_too_large_to_square() {
    let dir = tempfile::tempdir().unwrap();
    for huge in ["1e155", "1e300"] {
        let mut text = String::from("group,value\n");
        for (k, g) in ["A", "B", "C"].iter().cycle().take(24).enumerate() {
            let v = if k == 0 {
                huge.to_string()
            } else {
                format!("{}.5", k % 7)
            };
            text.push_str(&format!("{g},{v}\n"));
        }
        let file = dir.path().join("huge.csv");
        std::fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        let run = verband(&[
            "compare", file, "--by", "group", "--value", "value", "--json",
        ]);
        assert_eq!(run.code, 0, "{huge}: {}", run.stderr);
        let measures: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let tests = &measures[0]["tests"];
        for test in ["anova", "welch", "brown_forsythe", "levene"] {
            assert_eq!(
                tests[test]["not_run"]["reason"], "too_large",
                "{huge} {test}: {}",
                tests[test]
            );
        }
        assert!(
            tests["kruskal"]["run"]["p"].is_f64(),
            "{huge}: {}",
            tests["kruskal"]
        );
    }
}

// ------------------------------------------------------------------------- limits, not memory

#[test]
fn declared_sizes_and_extents_beyond_the_limits_are_refused() {
    for (name, words) in [
        (
            "uniquecount_huge.xlsx",
            "declares 400000000000000000 distinct texts",
        ),
        ("uniquecount_2e9.xlsx", "declares 2000000000 distinct texts"),
        ("sparse_far_cell.xlsx", "1048576 rows × 16384 columns"),
        ("ods_repeated_rows.ods", "more than the limits"),
        ("ods_space_run.ods", "more than the limits"),
        (
            "xls_dimensions_huge.xls",
            "more than the limit of 10000000 cells",
        ),
    ] {
        let f = fixture(name);
        assert_refused(&validate(&f, &[]), &f, words);
    }
}

/// Damaged cell references (a reversed dimension, a reference past u32) end in an exit 2
/// naming the file, or are read; never in a panic (`verband()` fails on one).
#[test]
fn damaged_references_never_panic() {
    for name in [
        "long_cell_ref.xlsx",
        "reversed_dimension.xlsx",
        "shared_formula_huge_si.xlsx",
    ] {
        let f = fixture(name);
        let run = validate(&f, &[]);
        match run.code {
            0 | 1 => assert!(run.stdout.contains("read "), "{name}: {}", run.stdout),
            2 => assert!(
                run.stderr.starts_with(&format!("verband: {f}")),
                "{name}: {}",
                run.stderr
            ),
            other => panic!("{name}: exit {other}"),
        }
    }
}

/// A single space typed far below the table is not a row; 100 header cells are 96 findings,
/// not gigabytes. Both answer at once and in a few lines.
#[test]
fn far_empty_cells_and_wide_headers_stay_small() {
    let run = validate(&fixture("space_at_a1048576.xlsx"), &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("read 5 rows: 5 analysed, 0 excluded; 0 findings")
    );
    assert!(run.stdout.lines().count() < 5, "{}", run.stdout);
    let run = validate(&fixture("many_header_cells.xlsx"), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("read 5 rows: 5 analysed, 0 excluded; 96 findings")
    );
}

/// clean.xlsx with its sheet padded to `padding` bytes of XML white space.
fn padded_workbook(padding: usize) -> Vec<u8> {
    let seed = root().join("tests/fixtures/cli/validate/clean.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(seed).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let at = bytes.windows(11).position(|w| w == b"<sheetData>").unwrap();
            bytes.splice(at..at, std::iter::repeat_n(b' ', padding));
        }
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Sets the uncompressed size that the local and central headers of `entry` declare.
fn declare_size(zip: &mut [u8], entry: &str, size: u32) {
    let patch = |zip: &mut [u8], at: usize, size_at: usize, name_len_at: usize, name_at: usize| {
        let len = u16::from_le_bytes([zip[at + name_len_at], zip[at + name_len_at + 1]]) as usize;
        if &zip[at + name_at..at + name_at + len] == entry.as_bytes() {
            zip[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
    };
    for at in 0..zip.len().saturating_sub(46) {
        match &zip[at..at + 4] {
            b"PK\x03\x04" => patch(zip, at, 22, 26, 30),
            b"PK\x01\x02" => patch(zip, at, 24, 28, 46),
            _ => {}
        }
    }
}

#[test]
fn zip_bombs_are_refused_before_they_unpack() {
    let dir = tempfile::tempdir().unwrap();
    // 8 MB of sheet XML against a 1 MB file limit, which allows 4 MB unpacked.
    let bomb = padded_workbook(8 << 20);
    assert!(bomb.len() < 1 << 20, "the bomb is small on disk");
    let file = dir.path().join("bomb.xlsx");
    std::fs::write(&file, &bomb).unwrap();
    let f = file.to_str().unwrap();
    let run = verband(&[
        "validate",
        "--instrument",
        ZWOLLE,
        "--responses",
        f,
        "--max-file-mb",
        "1",
    ]);
    assert_refused(
        &run,
        f,
        "xl/worksheets/sheet1.xml unpacks to 9 MB, more than the limit of 4 MB",
    );
    // The same sheet declaring 1,000 bytes: the zip reader stops at what was declared.
    let mut liar = bomb;
    declare_size(&mut liar, "xl/worksheets/sheet1.xml", 1000);
    let file = dir.path().join("liar.xlsx");
    std::fs::write(&file, &liar).unwrap();
    let f = file.to_str().unwrap();
    let run = verband(&[
        "validate",
        "--instrument",
        ZWOLLE,
        "--responses",
        f,
        "--max-file-mb",
        "1",
    ]);
    assert_refused(&run, f, "");
}

#[test]
fn a_file_over_the_size_limit_is_refused_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    let mut csv = String::from("respondent,actortype,leeftijd\n");
    while csv.len() < (1 << 20) + 10 {
        csv.push_str("r1,PO,40\n");
    }
    std::fs::write(&file, csv).unwrap();
    let f = file.to_str().unwrap();
    let run = validate(f, &["--max-file-mb", "1"]);
    assert_refused(&run, f, "--max-file-mb");
    let run = validate(f, &["--max-cells", "1000"]);
    assert_refused(&run, f, "--max-cells");
}

/// `/dev/zero` behind a `.csv` name, a FIFO, and the same through `instrument check` and
/// verband.toml: refused at once for what they are.
#[cfg(unix)]
#[test]
fn devices_and_pipes_are_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let fifo = dir.path().join("fifo.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut cases = vec![(zero.clone(), "a device")];
    if made.is_ok_and(|s| s.success()) {
        cases.push((fifo, "a pipe"));
    }
    for (path, what) in &cases {
        let f = path.to_str().unwrap();
        assert_refused(
            &validate(f, &[]),
            f,
            &format!("not a regular file ({what})"),
        );
    }
    let run = verband(&["instrument", "check", "/dev/zero"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("/dev/zero: not a regular file (a device)"),
        "{}",
        run.stdout
    );
    let config = dir.path().join("verband.toml");
    let instrument = root().join(ZWOLLE);
    std::fs::write(
        &config,
        format!(
            "instrument = {:?}\n[[years]]\nyear = 2025\nresponses = [\"zero.csv\"]\n",
            instrument.to_str().unwrap()
        ),
    )
    .unwrap();
    let run = verband(&["report", "--config", config.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("\"zero.csv\" is a device, not a saved file"),
        "{}",
        run.stderr
    );
}

// ----------------------------------------------------------------------------- output safety

/// An instrument's ids become column names and file names: formulas, paths and the names
/// ingest uses itself are refused by `instrument check`.
#[test]
fn ids_are_identifiers() {
    let valid = std::fs::read_to_string(root().join(INSTRUMENT)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (bad, words) in [
        (
            "=HYPERLINK(\\\"http://x\\\",\\\"z07\\\")",
            "must be letters, digits, _ and - only",
        ),
        (
            "/tmp/verband-escape",
            "must be letters, digits, _ and - only",
        ),
        ("../up", "must be letters, digits, _ and - only"),
        ("_row", "is a name verband uses itself"),
        ("file", "is a name verband uses itself"),
        ("_partial", "is a name verband uses itself"),
        ("_below", "is a name verband uses itself"),
        ("_group", "is a name verband uses itself"),
    ] {
        let text = valid.replacen("id = \"vertrouwen\"", &format!("id = \"{bad}\""), 1);
        assert_ne!(text, valid);
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let run = verband(&["instrument", "check", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{bad}");
        assert!(run.stdout.contains(words), "{bad}: {}", run.stdout);
    }
}

/// `report` replaces a symlink in the report folder (a file or its figures folder) instead of
/// writing through it.
#[cfg(unix)]
#[test]
fn report_never_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport");
    std::fs::create_dir_all(&out).unwrap();
    let target = dir.path().join("elsewhere.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, out.join("index.html")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("figures")).unwrap();
    let run = verband(&[
        "report",
        "--instrument",
        ZWOLLE,
        "--responses",
        "data/zwolle-2014.csv",
        "--by",
        "onderwijstype",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(
        !std::fs::symlink_metadata(out.join("index.html"))
            .unwrap()
            .is_symlink()
    );
    // A linked figures folder is replaced by a folder of the report's own.
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(
        std::fs::symlink_metadata(out.join("figures"))
            .unwrap()
            .is_dir()
    );
}

/// The report folder is for publication: no respondent-level file and no absolute path.
#[test]
fn the_report_folder_holds_no_respondent_data_and_no_absolute_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport");
    let responses = root().join("data/zwolle-2014.csv");
    let report = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "--instrument",
            ZWOLLE,
            "--responses",
            responses.to_str().unwrap(),
            "--by",
            "onderwijstype",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ];
        args.extend(extra);
        verband(&args)
    };
    let run = report(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<PathBuf> = Vec::new();
    collect(&out, &mut files);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        assert!(!name.contains("score"), "{name} in the report folder");
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for absolute in [root().to_str().unwrap(), dir.path().to_str().unwrap()] {
            assert!(!text.contains(absolute), "{name} holds the path {absolute}");
        }
    }
    // Scores per respondent asked for inside the report folder are refused, not written.
    let scores = out.join("scores.csv");
    let run = report(&["--scores", scores.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("inside the report folder"),
        "{}",
        run.stderr
    );
    assert!(!scores.exists());
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// Every xlsx verband writes is byte-identical on a rerun: fixed document properties.
#[test]
fn xlsx_outputs_are_byte_identical_on_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let twice = |name: &str, args: &dyn Fn(&str) -> Vec<String>| {
        let runs: Vec<Vec<u8>> = (0..2)
            .map(|i| {
                let out = dir.path().join(format!("{i}-{name}"));
                let args = args(out.to_str().unwrap());
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let run = verband(&args);
                assert_eq!(run.code, 0, "{name}: {}", run.stderr);
                std::fs::read(&out).unwrap()
            })
            .collect();
        assert!(runs[0] == runs[1], "{name} differs between runs");
    };
    twice("template.xlsx", &|out| {
        ["template", "--instrument", ZWOLLE, "--out", out]
            .map(String::from)
            .to_vec()
    });
    twice("scores.xlsx", &|out| {
        let args = [
            "score",
            "--instrument",
            ZWOLLE,
            "--responses",
            "data/zwolle-2014.csv",
        ];
        let mut args: Vec<String> = args.map(String::from).to_vec();
        args.extend(["--out".to_string(), out.to_string()]);
        args
    });
}
