//! Issue 12: a property-test fuzz harness over everything verband parses from a user: response
//! files (csv, xlsx), instruments and monitor configurations. Each target mutates a valid seed
//! file with byte flips, deletions and insertions of tokens that have broken parsers before
//! (line ends, quotes, BOMs, huge exponents, formulas, far cell references, huge declared
//! counts), and requires that reading it returns, as a value or an error, without a panic; a
//! response file's rows must still all be analysed or excluded.
//!
//! `cargo test` runs a few cases per target. The long run (README, "Limits and fuzzing"):
//!
//! ```sh
//! VERBAND_FUZZ_CASES=250000 cargo test --release --test it fuzz -- --test-threads 4 --nocapture
//! ```
//!
//! runs 4 × 250,000 cases and prints each target's count and the process's peak RSS.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::common::root;

/// Tokens inserted at random places.
const TOKENS: &[&str] = &[
    "\"",
    "\"\"",
    ",",
    ";",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\u{feff}",
    "'",
    "=",
    "=HYPERLINK(\"x\")",
    "1e309",
    "-1e309",
    "1e2147483647",
    "99999999999999999999999999999999999999",
    "NaN",
    "inf",
    "-0",
    "3,5",
    "weet niet",
    "Gemeente",
    "jaar",
    "_row",
    "",
    "\0",
    "é",
    "\u{202e}",
    "<",
    ">",
    "&amp;",
    "&#0;",
    "]]",
    "[[",
    "[years]",
    "= \"",
    "\"\"\"",
    "{",
    "}",
    "<row r=\"4294967296\">",
    "<c r=\"XFD1048576\"><v>1</v></c>",
    "<c r=\"A99999999999\">",
    "uniqueCount=\"9999999999\"",
    "<f t=\"shared\" si=\"4000000000\"/>",
    "<f>SUM(A1)</f>",
    "t=\"s\"",
    "<v>4000000000</v>",
    "<is><t>x</t></is>",
    "<dimension ref=\"A1:XFD1048576\"/>",
    "min_group = -1",
    "year = 0",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), proptest::sample::select(TOKENS))
            .prop_map(|(at, t)| Mutation::Insert(at, t)),
    ]
}

fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(at, b) if !bytes.is_empty() => bytes[at % len] ^= b,
            Mutation::Delete(at, n) if !bytes.is_empty() => {
                let at = at % len;
                bytes.drain(at..(at + n).min(bytes.len()));
            }
            Mutation::Insert(at, t) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, t.bytes());
            }
            _ => {}
        }
    }
    bytes
}

fn cases() -> u32 {
    std::env::var("VERBAND_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48)
}

/// Runs `target` on mutated copies of `seed`; a panic fails the test with the input.
fn fuzz(name: &str, seed: Vec<u8>, target: impl Fn(&[u8])) {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let strategy = proptest::collection::vec(mutation(), 0..12);
    runner
        .run(&strategy, |mutations| {
            target(&mutate(&seed, &mutations));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    eprintln!(
        "fuzz {name}: {} cases, peak RSS of the process {} MB",
        cases(),
        peak_rss_mb()
    );
}

/// The process's peak resident set so far, in MB.
fn peak_rss_mb() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given and reads nothing from it.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss as u64 / 1024
}

#[track_caller]
fn assert_small() {
    assert!(peak_rss_mb() < 1024, "peak RSS {} MB", peak_rss_mb());
}

/// Reads a response file; whatever comes back, every row read is analysed or excluded. Read
/// also two rows a part at a time (`in_parts`), it gives the same, whenever both can read it.
fn ingest(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    inst: &verband::instrument::Instrument,
    in_parts: bool,
) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let read = |chunk_rows| {
        let options = verband::ingest::Options {
            chunk_rows,
            ..Default::default()
        };
        verband::ingest::ingest(std::slice::from_ref(&path), inst, &options)
    };
    let Ok(whole) = read(verband::ingest::CHUNK_ROWS) else {
        return;
    };
    let excluded = verband::ingest::excluded_rows(&whole.excluded);
    assert_eq!(whole.read, whole.data.height() + excluded);
    if let (true, Ok(parts)) = (in_parts, read(2)) {
        assert!(parts.data.equals_missing(&whole.data));
        assert_eq!(
            (parts.read, &parts.excluded, &parts.findings),
            (whole.read, &whole.excluded, &whole.findings)
        );
    }
}

fn zwolle() -> verband::instrument::Instrument {
    verband::instrument::load(&root().join("instruments/zwolle-2014.toml")).unwrap()
}

#[test]
fn fuzz_csv_responses() {
    let seed = std::fs::read(root().join("tests/fixtures/cli/validate/clean_comma.csv")).unwrap();
    let (dir, inst) = (tempfile::tempdir().unwrap(), zwolle());
    fuzz("csv", seed, |bytes| {
        ingest(dir.path(), "r.csv", bytes, &inst, true)
    });
    assert_small();
}

/// The parts of an xlsx: the sheet's XML is mutated, the zip rebuilt around it.
struct Workbook(Vec<(String, Vec<u8>)>);

impl Workbook {
    fn open(path: &Path) -> Workbook {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        Workbook(
            (0..zip.len())
                .map(|i| {
                    let mut entry = zip.by_index(i).unwrap();
                    let mut bytes = Vec::new();
                    entry.read_to_end(&mut bytes).unwrap();
                    (entry.name().unwrap().to_string(), bytes)
                })
                .collect(),
        )
    }

    fn with(&self, part: &str, bytes: &[u8]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, original) in &self.0 {
            out.start_file(name.as_str(), options).unwrap();
            let content = if name == part { bytes } else { original };
            out.write_all(content).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn part(&self, name: &str) -> Vec<u8> {
        self.0.iter().find(|(n, _)| n == name).unwrap().1.clone()
    }
}

#[test]
fn fuzz_xlsx_responses() {
    let book = Workbook::open(&root().join("tests/fixtures/cli/validate/clean.xlsx"));
    let sheet = "xl/worksheets/sheet1.xml";
    let (dir, inst) = (tempfile::tempdir().unwrap(), zwolle());
    fuzz("xlsx", book.part(sheet), |xml| {
        ingest(dir.path(), "r.xlsx", &book.with(sheet, xml), &inst, false);
    });
    assert_small();
}

#[test]
fn fuzz_instruments() {
    let seed = std::fs::read(root().join("instruments/netwerk-effectiviteit.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("i.toml");
    fuzz("instrument", seed, |bytes| {
        std::fs::write(&path, bytes).unwrap();
        if let Ok(inst) = verband::instrument::load(&path) {
            let _ = verband::instrument::codes::collisions(&inst);
        }
    });
    assert_small();
}

#[test]
fn fuzz_monitor_configurations() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("voorbeeld");
    for entry in std::fs::read_dir(&example).unwrap() {
        let from: PathBuf = entry.unwrap().path();
        std::fs::copy(&from, dir.path().join(from.file_name().unwrap())).unwrap();
    }
    let path = dir.path().join("verband.toml");
    let seed = std::fs::read(&path).unwrap();
    fuzz("config", seed, |bytes| {
        std::fs::write(&path, bytes).unwrap();
        let _ = verband::config::load(&path);
    });
    assert_small();
}
