//! The monitor configuration (`verband.toml`, `verband::config::load`) and `verband init`,
//! which writes a starter configuration, a copy of the instrument and a blank response sheet.

use std::fs;
use std::path::{Path, PathBuf};

use verband::config::{self, Config};
use verband::{Error, Lang};

use crate::common::{Run, verband};

const SHIPPED: &str = "instruments/netwerk-effectiviteit.toml";
const ZWOLLE: &str = "instruments/zwolle-2014.toml";

fn init(dir: &Path, extra: &[&str]) -> Run {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["init", dir];
    args.extend_from_slice(extra);
    verband(&args)
}

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Files in a folder, sorted, as names.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Writes `verband.toml` with `text` into `dir` and loads it.
fn load_text(dir: &Path, text: &str) -> verband::Result<Config> {
    fs::create_dir_all(dir).unwrap();
    let path = dir.join("verband.toml");
    fs::write(&path, text).unwrap();
    config::load(&path)
}

/// The error message of a config that must not load; it is always unreadable input (exit 2).
#[track_caller]
fn load_error(dir: &Path, text: &str) -> String {
    let err = load_text(dir, text).expect_err("the config must not load");
    assert!(matches!(err, Error::Unreadable(_)), "{err}");
    err.to_string()
}

/// Creates empty files (the loader only checks that they exist).
fn touch(dir: &Path, names: &[&str]) {
    for name in names {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "").unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// verband init

#[test]
fn init_writes_config_instrument_and_template() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("monitor");
    let run = init(&dir, &["--municipality", "Rijnstad", "--year", "2025"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert_eq!(
        listing(&dir),
        ["antwoorden-2025.xlsx", "instrument.toml", "verband.toml"]
    );
    assert_init_says_what_it_wrote(&run, &dir);

    // The instrument is the shipped one, byte for byte.
    assert_eq!(
        fs::read_to_string(dir.join("instrument.toml")).unwrap(),
        fs::read_to_string(manifest(SHIPPED)).unwrap()
    );
    assert_starter_points_at_copy_and_template(&dir);
    let template = assert_template_is_blank(&dir);
    assert_initialised_monitor_loads(&dir, template);
}

/// What `init` wrote into `dir`, and the next two commands.
#[track_caller]
fn assert_init_says_what_it_wrote(run: &Run, dir: &Path) {
    let d = dir.display();
    assert!(
        run.stdout.contains(&format!("wrote {d}/verband.toml")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("wrote {d}/instrument.toml")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("wrote {d}/antwoorden-2025.xlsx")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("Fill in {d}/antwoorden-2025.xlsx")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("verband report --config {d}/verband.toml")),
        "{}",
        run.stdout
    );
}

/// The starter is commented in Dutch and points at the copy and the template.
#[track_caller]
fn assert_starter_points_at_copy_and_template(dir: &Path) {
    let text = fs::read_to_string(dir.join("verband.toml")).unwrap();
    assert!(text.contains("municipality = \"Rijnstad\"\n"), "{text}");
    assert!(
        text.contains("instrument = \"instrument.toml\"\n"),
        "{text}"
    );
    assert!(text.contains("year = 2025\n"), "{text}");
    assert!(
        text.contains("responses = [\"antwoorden-2025.xlsx\"]\n"),
        "{text}"
    );
    assert!(text.contains("# [benchmark]\n"), "{text}");
    assert!(text.contains("# [[thresholds]]\n"), "{text}");
    assert!(text.contains("# Naam van de gemeente"), "{text}");
}

/// The template is the instrument's response sheet, without answers. Returns its path.
#[track_caller]
fn assert_template_is_blank(dir: &Path) -> PathBuf {
    let inst = verband::instrument::load(&dir.join("instrument.toml")).unwrap();
    let template = dir.join("antwoorden-2025.xlsx");
    let responses = verband::ingest::ingest(
        std::slice::from_ref(&template),
        &inst,
        &verband::ingest::Options::default(),
    )
    .unwrap();
    assert_eq!(responses.read, 0, "the template is blank");
    template
}

/// The whole monitor loads: the template stands in for this year's answers.
#[track_caller]
fn assert_initialised_monitor_loads(dir: &Path, template: PathBuf) {
    let config = config::load(&dir.join("verband.toml")).unwrap();
    assert_eq!(config.dir, dir);
    assert_eq!(config.municipality.as_deref(), Some("Rijnstad"));
    assert_eq!(config.instruments, [dir.join("instrument.toml")]);
    assert_eq!(config.out, dir.join("rapport"));
    assert_eq!(config.lang, Some(Lang::Nl));
    assert_eq!(config.min_group, Some(5));
    assert_eq!(config.years.len(), 1);
    assert_eq!(config.years[0].year, 2025);
    assert_eq!(config.years[0].responses, [template]);
    assert!(config.years[0].instruments.is_none());
    assert!(config.benchmark.is_none());
    assert!(config.thresholds.is_empty());
}

#[test]
fn init_defaults_to_this_year_and_no_municipality() {
    let tmp = tempfile::tempdir().unwrap();
    // The folder may exist already, as long as it holds no verband.toml.
    fs::write(tmp.path().join("notities.txt"), "eigen bestand").unwrap();
    let run = init(tmp.path(), &[]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let names = listing(tmp.path());
    let template = names
        .iter()
        .find(|n| n.starts_with("antwoorden-"))
        .unwrap_or_else(|| panic!("no template in {names:?}"));
    let year: i32 = template
        .strip_prefix("antwoorden-")
        .and_then(|s| s.strip_suffix(".xlsx"))
        .unwrap()
        .parse()
        .unwrap();
    assert!((2025..2200).contains(&year), "{year}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("notities.txt")).unwrap(),
        "eigen bestand"
    );
    let text = fs::read_to_string(tmp.path().join("verband.toml")).unwrap();
    assert!(text.contains("# municipality = "), "{text}");
    let config = config::load(&tmp.path().join("verband.toml")).unwrap();
    assert_eq!(config.municipality, None);
    assert_eq!(config.years[0].year, year);
}

#[test]
fn init_never_overwrites_a_config() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("monitor");
    assert_eq!(init(&dir, &["--year", "2024"]).code, 0);
    let config = dir.join("verband.toml");
    fs::write(&config, "# mijn eigen configuratie\n").unwrap();

    for extra in [
        &["--year", "2024"][..],
        &["--year", "2026", "--municipality", "X"],
    ] {
        let run = init(&dir, extra);
        assert_eq!(run.code, 2, "{extra:?}: stdout:\n{}", run.stdout);
        assert_eq!(
            run.stderr,
            format!(
                "verband: {} already exists; verband init never overwrites a configuration. \
                 Edit that file, or choose a new folder\n",
                config.display()
            )
        );
        assert_eq!(run.stdout, "");
        assert_eq!(
            fs::read_to_string(&config).unwrap(),
            "# mijn eigen configuratie\n"
        );
        assert_eq!(
            listing(&dir),
            ["antwoorden-2024.xlsx", "instrument.toml", "verband.toml"]
        );
    }
}

#[test]
fn init_never_overwrites_answers_or_an_instrument() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["antwoorden-2025.xlsx"]);
    let run = init(tmp.path(), &["--year", "2025"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "{} already exists; verband init never overwrites a file",
            tmp.path().join("antwoorden-2025.xlsx").display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(listing(tmp.path()), ["antwoorden-2025.xlsx"]);
    assert_eq!(
        fs::read(tmp.path().join("antwoorden-2025.xlsx")).unwrap(),
        b""
    );

    let other = tmp.path().join("other");
    touch(&other, &["instrument.toml"]);
    let run = init(&other, &["--year", "2025"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("instrument.toml already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(listing(&other), ["instrument.toml"]);
}

#[test]
fn init_copies_a_chosen_instrument() {
    let tmp = tempfile::tempdir().unwrap();
    let run = init(tmp.path(), &["--instrument", ZWOLLE, "--year", "2014"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.stdout
            .contains("(copy of instruments/zwolle-2014.toml: "),
        "{}",
        run.stdout
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("instrument.toml")).unwrap(),
        fs::read_to_string(manifest(ZWOLLE)).unwrap()
    );
    let config = config::load(&tmp.path().join("verband.toml")).unwrap();
    assert_eq!(config.years[0].year, 2014);
    assert_eq!(
        config.years[0].responses,
        [tmp.path().join("antwoorden-2014.xlsx")]
    );
}

#[test]
fn init_refuses_a_broken_instrument_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("kapot.toml");
    fs::write(&bad, "id = \"kapot\"\n").unwrap();
    let dir = tmp.path().join("monitor");
    let run = init(&dir, &["--instrument", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2, "stdout:\n{}", run.stdout);
    assert!(
        run.stderr
            .starts_with(&format!("verband: {}: ", bad.display())),
        "{}",
        run.stderr
    );
    assert!(!dir.exists(), "nothing is written for a broken instrument");

    let run = init(&dir, &["--instrument", "no/such/instrument.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no/such/instrument.toml: cannot read"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());
}

// ---------------------------------------------------------------------------------------------
// config::load

/// A configuration that sets every key, in the folder `monitor/`; its paths are relative to
/// that folder.
const FULL_CONFIG: &str = r#"
municipality = "Rijnstad"
instrument = ["../instrumenten/basis.toml", "../instrumenten/extra.toml"]
by = "onderwijstype"
lang = "en"
min_group = 3
min_answered = 0.75
sheet = "Blad1"
out = "uit/rapport-2025"

[[years]]
year = 2025
responses = ["antwoorden-2025a.xlsx", "antwoorden-2025b.xlsx"]

[[years]]
year = 2023
responses = "2023/antwoorden.csv"
instrument = "../instrumenten/basis-2023.toml"

[benchmark]
responses = ["../regio/regio-2025.xlsx"]
attribute = "gemeente"

[[thresholds]]
scale = "eens5"
amber = 3.0
green = 4.0
"#;

/// Writes `FULL_CONFIG` into `root/monitor`, with every file it names, and loads it.
/// Returns the configuration and its folder.
fn load_full_config(root: &Path) -> (Config, PathBuf) {
    let dir = root.join("monitor");
    touch(
        root,
        &[
            "instrumenten/basis.toml",
            "instrumenten/extra.toml",
            "instrumenten/basis-2023.toml",
            "monitor/2023/antwoorden.csv",
            "monitor/antwoorden-2025a.xlsx",
            "monitor/antwoorden-2025b.xlsx",
            "regio/regio-2025.xlsx",
        ],
    );
    let config = load_text(&dir, FULL_CONFIG).unwrap();
    (config, dir)
}

#[test]
fn load_resolves_paths_against_the_config_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (config, dir) = load_full_config(tmp.path());
    assert_eq!(config.dir, dir);
    assert_eq!(config.municipality.as_deref(), Some("Rijnstad"));
    assert_eq!(
        config.instruments,
        [
            dir.parent().unwrap().join("instrumenten/basis.toml"),
            dir.parent().unwrap().join("instrumenten/extra.toml")
        ]
    );
    assert_eq!(config.by.as_deref(), Some("onderwijstype"));
    assert_eq!(config.lang, Some(Lang::En));
    assert_eq!(config.min_group, Some(3));
    assert_eq!(config.min_answered, Some(0.75));
    assert_eq!(config.sheet.as_deref(), Some("Blad1"));
    assert_eq!(config.out, dir.join("uit/rapport-2025"));
}

#[test]
fn load_sorts_the_years_and_resolves_their_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (config, dir) = load_full_config(tmp.path());
    // Sorted by year, whatever the order in the file.
    let years: Vec<i32> = config.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2023, 2025]);
    assert_eq!(config.years[0].responses, [dir.join("2023/antwoorden.csv")]);
    assert_eq!(
        config.years[0].instruments,
        Some(vec![
            dir.parent().unwrap().join("instrumenten/basis-2023.toml")
        ])
    );
    assert_eq!(
        config.years[1].responses,
        [
            dir.join("antwoorden-2025a.xlsx"),
            dir.join("antwoorden-2025b.xlsx")
        ]
    );
    assert_eq!(config.years[1].instruments, None);
    for y in &config.years {
        for file in &y.responses {
            assert!(file.is_file(), "{}", file.display());
        }
    }
}

#[test]
fn load_resolves_the_benchmark_and_reads_the_thresholds() {
    let tmp = tempfile::tempdir().unwrap();
    let (config, dir) = load_full_config(tmp.path());
    let benchmark = config.benchmark.unwrap();
    assert_eq!(
        benchmark.responses,
        [dir.parent().unwrap().join("regio/regio-2025.xlsx")]
    );
    assert_eq!(benchmark.attribute.as_deref(), Some("gemeente"));
    assert_eq!(config.thresholds.len(), 1);
    assert_eq!(config.thresholds[0].scale, "eens5");
    assert_eq!(
        (config.thresholds[0].amber, config.thresholds[0].green),
        (3.0, 4.0)
    );
}

#[test]
fn load_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["i.toml", "a.csv"]);
    let config = load_text(
        tmp.path(),
        "instrument = \"i.toml\"\n[[years]]\nyear = 2024\nresponses = [\"a.csv\"]\n",
    )
    .unwrap();
    assert_eq!(config.out, tmp.path().join("rapport"));
    assert_eq!(config.instruments, [tmp.path().join("i.toml")]);
    assert_eq!(config.municipality, None);
    assert_eq!(config.by, None);
    assert_eq!(config.lang, None);
    assert_eq!(config.min_group, None);
    assert_eq!(config.min_answered, None);
    assert_eq!(config.sheet, None);
    assert!(config.benchmark.is_none());
    assert!(config.thresholds.is_empty());
}

/// A minimal valid config with `extra` appended at the top level (before the tables).
fn with(extra: &str) -> String {
    format!("instrument = \"i.toml\"\n{extra}\n[[years]]\nyear = 2024\nresponses = [\"a.csv\"]\n")
}

#[test]
fn unknown_keys_are_errors_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["i.toml", "a.csv"]);
    let path = tmp.path().join("verband.toml");

    let msg = load_error(tmp.path(), &with("colour = \"rood\""));
    assert!(msg.starts_with(&format!("{}: ", path.display())), "{msg}");
    assert!(msg.contains("unknown field `colour`"), "{msg}");
    assert!(msg.contains("line 2"), "{msg}");

    // Inside a table too: a typo in a year.
    let msg = load_error(
        tmp.path(),
        "instrument = \"i.toml\"\n[[years]]\nyear = 2024\nrespones = [\"a.csv\"]\n",
    );
    assert!(msg.starts_with(&format!("{}: ", path.display())), "{msg}");
    assert!(msg.contains("unknown field `respones`"), "{msg}");

    let msg = load_error(
        tmp.path(),
        &format!(
            "{}[benchmark]\nresponses = [\"a.csv\"]\nkolom = \"gemeente\"\n",
            with("")
        ),
    );
    assert!(msg.contains("unknown field `kolom`"), "{msg}");

    // Thresholds are the instrument's, with their own strictness.
    let msg = load_error(
        tmp.path(),
        &format!(
            "{}[[thresholds]]\nscale = \"eens5\"\namber = 3.0\ngreen = 4.0\nred = 2.0\n",
            with("")
        ),
    );
    assert!(msg.contains("unknown field `red`"), "{msg}");
}

#[test]
fn a_config_needs_years() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["i.toml"]);
    let path = tmp.path().join("verband.toml");
    let msg = load_error(tmp.path(), "instrument = \"i.toml\"\nlang = \"nl\"\n");
    assert!(
        msg.starts_with(&format!("{}: years: no [[years]]", path.display())),
        "{msg}"
    );
    // The message shows what to add.
    assert!(msg.contains("year = 2025"), "{msg}");
}

#[test]
fn a_year_appears_once() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["i.toml", "a.csv", "b.csv"]);
    let path = tmp.path().join("verband.toml");
    let msg = load_error(
        tmp.path(),
        "instrument = \"i.toml\"\n\
         [[years]]\nyear = 2024\nresponses = [\"a.csv\"]\n\
         [[years]]\nyear = 2025\nresponses = [\"a.csv\"]\n\
         [[years]]\nyear = 2024\nresponses = [\"b.csv\"]\n",
    );
    assert_eq!(
        msg,
        format!(
            "{}: years: 2024 appears twice (years[0] and years[2]); \
             put all files of one round in one responses list",
            path.display()
        )
    );
}

#[test]
fn a_missing_responses_file_names_the_key_and_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["i.toml", "a.csv"]);
    let path = tmp.path().join("verband.toml");
    let msg = load_error(
        tmp.path(),
        "instrument = \"i.toml\"\n\
         [[years]]\nyear = 2024\nresponses = [\"a.csv\"]\n\
         [[years]]\nyear = 2025\nresponses = [\"a.csv\", \"x.xlsx\"]\n",
    );
    let prefix = format!(
        "{}: years[1].responses: no file \"x.xlsx\" (looked for {})",
        path.display(),
        tmp.path().join("x.xlsx").display()
    );
    assert!(msg.starts_with(&prefix), "{msg}");
    // With a hint how to get a blank response sheet for the instrument.
    assert!(msg.contains("fill in the response template"), "{msg}");
    assert!(
        msg.contains(&format!(
            "verband template --instrument {} --out {}",
            tmp.path().join("i.toml").display(),
            tmp.path().join("x.xlsx").display()
        )),
        "{msg}"
    );
    assert_eq!(msg.lines().count(), 1, "{msg}");
}

#[test]
fn missing_instruments_and_benchmark_files_name_their_keys() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["a.csv"]);
    let path = tmp.path().join("verband.toml");
    let msg = load_error(
        tmp.path(),
        "instrument = [\"weg.toml\"]\n\
         [[years]]\nyear = 2024\nresponses = \"a.csv\"\ninstrument = \"oud.toml\"\n\
         [benchmark]\nresponses = \"regio.xlsx\"\n",
    );
    // Every problem, one line each, in the order of the file.
    let lines: Vec<&str> = msg.lines().collect();
    let p = path.display();
    assert_eq!(lines.len(), 3, "{msg}");
    assert!(
        lines[0].starts_with(&format!("{p}: instrument: no file \"weg.toml\"")),
        "{msg}"
    );
    assert!(
        lines[1].starts_with(&format!("{p}: years[0].instrument: no file \"oud.toml\"")),
        "{msg}"
    );
    assert!(
        lines[2].starts_with(&format!("{p}: benchmark.responses: no file \"regio.xlsx\"")),
        "{msg}"
    );

    let msg = load_error(
        tmp.path(),
        "[[years]]\nyear = 2024\nresponses = \"a.csv\"\n",
    );
    assert!(
        msg.starts_with(&format!("{p}: instrument: missing")),
        "{msg}"
    );
}

#[test]
fn a_bad_lang_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["i.toml", "a.csv"]);
    let path = tmp.path().join("verband.toml");
    let msg = load_error(tmp.path(), &with("lang = \"de\""));
    assert!(msg.starts_with(&format!("{}: ", path.display())), "{msg}");
    assert!(msg.contains("unknown variant `de`"), "{msg}");
    assert!(msg.contains("expected `nl` or `en`"), "{msg}");
    assert!(
        msg.contains("lang = \"de\""),
        "the message quotes the line: {msg}"
    );
}

#[test]
fn values_out_of_range_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    touch(tmp.path(), &["i.toml", "a.csv"]);
    let p = tmp.path().join("verband.toml").display().to_string();

    let msg = load_error(tmp.path(), &with("min_answered = 1.5"));
    assert_eq!(
        msg,
        format!("{p}: min_answered: 1.5 is not a share between 0 and 1")
    );

    let msg = load_error(
        tmp.path(),
        "instrument = \"i.toml\"\n[[years]]\nyear = 24\nresponses = \"a.csv\"\n",
    );
    assert_eq!(
        msg,
        format!("{p}: years[0].year: 24 is not a year; write it in full, e.g. 2025")
    );

    let msg = load_error(
        tmp.path(),
        &format!(
            "{}[[thresholds]]\nscale = \"eens5\"\namber = 4.0\ngreen = 3.0\n\
             [[thresholds]]\nscale = \"eens5\"\namber = 3.0\ngreen = 4.0\n",
            with("")
        ),
    );
    assert_eq!(
        msg,
        format!(
            "{p}: thresholds[0]: amber (4) is above green (3)\n\
             {p}: thresholds: scale \"eens5\" appears twice"
        )
    );

    let msg = load_error(tmp.path(), &with("min_group = -1"));
    assert!(msg.starts_with(&format!("{p}: ")), "{msg}");
    assert!(msg.contains("min_group"), "{msg}");
}

#[test]
fn an_unreadable_config_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bestaat-niet.toml");
    let err = config::load(&path).unwrap_err();
    assert!(matches!(err, Error::Unreadable(_)), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}: cannot read: ", path.display())),
        "{err}"
    );
}

/// Straight after `init` the sheet is blank: the report says so and exits 1 instead of
/// rendering a report of nobody.
#[test]
fn a_report_of_a_blank_sheet_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("monitor");
    assert_eq!(init(&dir, &["--year", "2026"]).code, 0);
    let config = dir.join("verband.toml");
    let run = verband(&["report", "--config", config.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("antwoorden-2026.xlsx: no data rows under the header")
            && run.stderr.contains("still blank"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("rapport").join("index.html").exists());
}
