//! `verband report`: disclosure control, escaping, languages, determinism, the results.json
//! contract, and the page as a browser shows it. Runs on the small Zwolle example (26
//! respondents: PO 10, VO 10, MBO 6) with a planted `<script>` answer.

use std::path::{Path, PathBuf};
use std::process::Command;

use verband::results::{GroupResult, GroupSummary, Kind, Measure, Results};

use crate::common::read_results;

const INSTRUMENT: &str = "instruments/zwolle-2014.toml";
const SCRIPT: &str = "<script>alert('x')</script>";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Zwolle example with the first respondent's first comment replaced by a script.
fn responses(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join("data/zwolle-2014.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    let comment = header
        .iter()
        .position(|h| *h == "z06_toelichting")
        .expect("a z06_toelichting column");
    let mut fields: Vec<String> = lines[1].split(';').map(str::to_string).collect();
    fields[comment] = SCRIPT.to_string();
    lines[1] = fields.join(";");
    let path = dir.join("antwoorden.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

struct Report {
    out: PathBuf,
    results: Results,
    html: String,
}

fn report(dir: &Path, name: &str, extra: &[&str]) -> Report {
    let input = responses(dir);
    let out = dir.join(name);
    let mut args = vec![
        "report",
        "--instrument",
        INSTRUMENT,
        "--responses",
        input.to_str().unwrap(),
        "--by",
        "onderwijstype",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let run = Command::new(env!("CARGO_BIN_EXE_verband"))
        .args(&args)
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "verband {args:?}:\n{stderr}");
    let results = read_results(&out);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    Report { out, results, html }
}

fn group<'a>(measure: &'a Measure, code: &str) -> &'a GroupResult {
    measure.groups.iter().find(|g| g.group == code).unwrap()
}

/// A shown group's summary.
fn shown<'a>(measure: &'a Measure, code: &str) -> &'a GroupSummary {
    group(measure, code)
        .summary
        .shown()
        .unwrap_or_else(|| panic!("{} {code} is suppressed", measure.id))
}

#[test]
fn text_from_the_spreadsheet_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path(), "out", &[]);
    assert!(
        !r.html.contains(SCRIPT),
        "the script answer reached the page unescaped"
    );
    assert!(
        r.html.contains("&lt;script&gt;alert("),
        "the script answer is not shown as text"
    );
    assert!(
        !r.html.to_lowercase().contains("<script"),
        "the page holds a script element"
    );
}

#[test]
fn small_groups_are_suppressed_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path(), "out", &["--min-group", "7"]);
    assert_eq!(r.results.policy.min_group, 7);
    let mbo = r
        .results
        .respondents
        .groups
        .iter()
        .find(|g| g.group == "MBO")
        .unwrap();
    assert!(mbo.n.is_suppressed());
    for m in &r.results.measures {
        assert!(group(m, "MBO").summary.is_suppressed(), "{}", m.id);
        let posthoc = m.tests.as_ref().and_then(|t| t.posthoc.as_ref());
        if let Some(pairs) = posthoc.and_then(|p| p.bonferroni.run()) {
            assert!(
                pairs.iter().all(|p| p.a != "MBO" && p.b != "MBO"),
                "{}: MBO in a pair",
                m.id
            );
        }
        if let Some(a) = m
            .tests
            .as_ref()
            .and_then(|t| t.anova.run())
            .filter(|_| m.kind == Kind::Construct)
        {
            assert_eq!(a.df1, 1.0, "{}: only PO and VO are compared", m.id);
            assert!(
                m.notes.iter().any(
                    |n| matches!(n, verband::results::Note::LeftOutOfTests { groups }
                    if groups.iter().any(|g| g.en.contains("MBO")))
                ),
                "{}: {:?}",
                m.id,
                m.notes
            );
        }
    }
    for q in &r.results.open {
        for g in q.groups.iter().filter(|g| g.group == "MBO") {
            assert!(g.answers.is_suppressed());
        }
    }
    assert!(
        r.html.contains("&lt; 7"),
        "the response table withholds the MBO count"
    );
    assert!(r.html.contains("niet getoond"));
}

#[test]
fn dutch_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let nl = report(dir.path(), "nl", &[]);
    let en = report(dir.path(), "en", &["--lang", "en"]);
    let mean = nl.results.measures[0]
        .total
        .stats
        .as_ref()
        .unwrap()
        .mean
        .unwrap();
    let (comma, point) = (format!("{mean:.2}").replace('.', ","), format!("{mean:.2}"));
    assert!(
        nl.html.contains("<html lang=\"nl\">") && nl.html.contains("Samenvatting voor de raad")
    );
    assert!(
        nl.html.contains(&comma),
        "Dutch mean {comma} not on the page"
    );
    assert!(en.html.contains("<html lang=\"en\">") && en.html.contains("Summary for the council"));
    assert!(
        en.html.contains(&point),
        "English mean {point} not on the page"
    );
    assert!(
        !en.html.contains("Samenvatting"),
        "Dutch words in the English report"
    );
    assert_eq!(en.results.measures[0].label.en, "Results of the pilots");
    // results.json does not depend on the report's language.
    assert_eq!(
        std::fs::read(nl.out.join("results.json")).unwrap(),
        std::fs::read(en.out.join("results.json")).unwrap(),
        "results.json differs between --lang nl and --lang en"
    );
}

#[test]
fn two_runs_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = report(dir.path(), "a", &[]);
    let b = report(dir.path(), "b", &[]);
    for file in ["index.html", "results.json"] {
        assert!(
            std::fs::read(a.out.join(file)).unwrap() == std::fs::read(b.out.join(file)).unwrap(),
            "{file} differs"
        );
    }
    let figures: Vec<_> = std::fs::read_dir(a.out.join("figures"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(figures.len() >= 8, "{figures:?}");
    for f in figures {
        assert!(
            std::fs::read(a.out.join("figures").join(&f)).unwrap()
                == std::fs::read(b.out.join("figures").join(&f)).unwrap(),
            "{f:?} differs"
        );
    }
    assert!(
        !a.html.contains("2026") && !a.html.contains("2025"),
        "a date on the page without --date"
    );
    let dated = report(dir.path(), "c", &["--date", "1 december 2026"]);
    assert!(dated.html.contains("1 december 2026"));
}

#[test]
fn results_json_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let scores = dir.path().join("scores.csv");
    let r = report(dir.path(), "out", &["--scores", scores.to_str().unwrap()]);
    let j = &r.results;
    assert_eq!(j.schema_version, verband::results::SCHEMA_VERSION);
    assert_eq!(
        (j.instrument.id.as_str(), j.instrument.version.as_str()),
        ("zwolle-2014", "2")
    );
    assert_eq!(j.grouping.id, "onderwijstype");
    // The sections a run does not have are there as null, so readers need not guess.
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(r.out.join("results.json")).unwrap())
            .unwrap();
    for key in ["network", "governance", "trend", "benchmark"] {
        assert!(
            raw.get(key).is_some_and(serde_json::Value::is_null),
            "{key}"
        );
    }
    let resp = &j.respondents;
    let excluded = verband::ingest::excluded_rows(&resp.excluded);
    assert_eq!((resp.read, resp.analysed + excluded), (26, 26));
    let count = |k: Kind| j.measures.iter().filter(|m| m.kind == k).count();
    assert_eq!(count(Kind::Construct), 3);
    assert_eq!(count(Kind::Item), 19);
    let c = &j.measures[0];
    assert_eq!((c.id.as_str(), c.kind), ("resultaten", Kind::Construct));
    let total = c.total.stats.as_ref().unwrap();
    assert!(total.mean.is_some() && total.sd.is_some() && total.ci95.is_some());
    assert!(
        c.total.frequencies.is_none(),
        "constructs have no frequencies"
    );
    let po = shown(c, "PO");
    assert!(po.stats.as_ref().is_some_and(|s| s.mean.is_some()));
    assert!(c.reliability.as_ref().unwrap().alpha.run().is_some());
    let tests = c.tests.as_ref().unwrap();
    let a = tests.anova.run().unwrap();
    assert!(a.f > 0.0 && a.eta_sq >= 0.0);
    assert!(
        tests.anova_adjusted.is_some(),
        "constructs carry the Holm-adjusted p"
    );
    assert!(tests.welch.run().is_some() && tests.kruskal.run().is_some());
    assert_eq!(
        tests.levene.run().unwrap().center,
        verband::results::Center::Mean
    );
    let posthoc = tests.posthoc.as_ref().unwrap();
    for pairs in [&posthoc.bonferroni, &posthoc.tukey, &posthoc.games_howell] {
        assert_eq!(pairs.run().unwrap().len(), 3, "PO–VO, PO–MBO, VO–MBO");
    }
    // The report folder holds no respondent-level data; --scores writes it elsewhere.
    assert!(
        !r.out.join("scores.csv").exists(),
        "scores.csv in the report folder"
    );
    // The mean of the construct equals the mean of the respondents' scores.
    let text = std::fs::read_to_string(&scores).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "resultaten").unwrap();
    let values: Vec<f64> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(at)?.parse().ok())
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    assert!((mean - total.mean.unwrap()).abs() < 1e-12);
    assert!(
        !text.contains('/'),
        "scores name files without their folders"
    );
}

/// A Chromium on PATH, or none (the browser tests then say they were skipped).
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The page as a reader sees it: every image loads and no table is wider than its column; on a
/// phone (390 px) nothing is wider than the screen; and axe-core finds no WCAG 2.1 A or AA
/// violation. Needs Chromium; without it the test says so and passes. Run on the bundled
/// example, which has every section (trend, benchmark, network, governance fit).
#[test]
fn in_a_browser_every_image_loads_and_nothing_overflows() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: no Chromium on PATH (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let example = crate::common::example("nl");
    let html = std::fs::read_to_string(example.join("index.html")).unwrap();
    for section in ["ontwikkeling", "benchmark", "netwerk", "bestuursvorm-fit"] {
        assert!(
            html.contains(&format!("<section id=\"{section}\"")),
            "{section}"
        );
    }
    in_a_browser(chromium, dir.path(), example);
    on_a_phone(chromium, dir.path(), example);
    accessible(chromium, dir.path(), example);
}

/// Chromium headless, without network or first-run chores.
const HEADLESS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The page's body after `script` ran in Chromium, as --dump-dom gives it.
fn dump(chromium: &str, dir: &Path, page: &Path, size: &str, budget_ms: u32) -> String {
    let out = Command::new(chromium)
        .args(HEADLESS)
        .arg("--hide-scrollbars")
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--window-size={size}"))
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg("--dump-dom")
        .arg(page)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The attribute `name` the probe wrote on the body.
fn probe_result(dom: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    dom.find(&key)
        .and_then(|at| {
            let rest = &dom[at + key.len()..];
            Some(rest[..rest.find('"')?].to_string())
        })
        .unwrap_or_else(|| "no result".into())
}

/// At 390 px, as a phone shows it: the report in a 390 px frame (headless Chromium's window
/// is never narrower than 500 px), and no element reaches past the frame's edge unless it is
/// inside a box that scrolls. Also saves phone.png in the test target folder for a person to
/// look at.
fn on_a_phone(chromium: &str, dir: &Path, out: &Path) {
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let srcdoc = html
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let check = r#"<script>window.addEventListener('load', () => {
      const f = document.querySelector('iframe'), d = f.contentDocument, w = f.contentWindow;
      const vw = d.documentElement.clientWidth;
      const clipped = el => { for (let p = el.parentElement; p; p = p.parentElement) { if (['auto', 'scroll', 'hidden'].includes(w.getComputedStyle(p).overflowX)) return true; } return false; };
      const wide = [...d.body.querySelectorAll('*')].filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > vw + 1 || r.left < -1) && !clipped(el); });
      const names = wide.slice(0, 5).map(el => el.tagName + '.' + el.className).join(' ');
      document.body.setAttribute('data-phone', `viewport=${vw} page=${d.documentElement.scrollWidth} wide=${wide.length} ${names}`);
    });</script>"#;
    let page = format!(
        "<!DOCTYPE html><html><head><style>body{{margin:0}} iframe{{border:0;width:390px;height:2400px;display:block}}</style></head><body><iframe title=\"phone\" srcdoc=\"{srcdoc}\"></iframe>{check}</body></html>"
    );
    let probe = dir.join("phone.html");
    std::fs::write(&probe, page).unwrap();
    let dom = dump(chromium, dir, &probe, "500,2400", 10_000);
    assert_eq!(
        probe_result(&dom, "data-phone").trim(),
        "viewport=390 page=390 wide=0",
        "the page at 390 px"
    );
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("phone.png");
    Command::new(chromium)
        .args(HEADLESS)
        .arg("--hide-scrollbars")
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(["--window-size=390,2400", "--virtual-time-budget=10000"])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&probe)
        .output()
        .unwrap();
}

/// axe-core's WCAG 2.0 and 2.1 A and AA rules, with every collapsed part opened, find nothing.
fn accessible(chromium: &str, dir: &Path, out: &Path) {
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let axe = std::fs::read_to_string(root().join("tests/fixtures/axe/axe.min.js")).unwrap();
    let run = r#"<script>window.addEventListener('load', () => {
      document.querySelectorAll('details').forEach(d => d.open = true);
      axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
        .then(r => document.body.setAttribute('data-axe', `violations=${r.violations.length} ` + r.violations.map(v => `${v.id}:${v.nodes.length}:${v.nodes[0].target.join(' ')}`).join(' ')))
        .catch(e => document.body.setAttribute('data-axe', `error ${e}`));
    });</script></body>"#;
    let probe = dir.join("axe.html");
    let page = html.replace("</body>", &format!("<script>{axe}</script>{run}"));
    std::fs::write(&probe, page).unwrap();
    let dom = dump(chromium, dir, &probe, "1200,900", 180_000);
    assert_eq!(
        probe_result(&dom, "data-axe").trim(),
        "violations=0",
        "axe-core on {}",
        out.display()
    );
}

fn in_a_browser(chromium: &str, dir: &Path, out: &Path) {
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let check = r#"<script>window.addEventListener('load', () => {
      const broken = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length;
      const scrolls = el => getComputedStyle(el.parentElement).overflowX === 'auto';
      const wide = [...document.querySelectorAll('table')].filter(t => !scrolls(t) && t.scrollWidth > t.parentElement.clientWidth + 1).length;
      document.body.setAttribute('data-check', `images=${document.images.length} broken=${broken} wide=${wide}`);
    });</script></body>"#;
    let probe = dir.join("probe.html");
    std::fs::write(&probe, html.replace("</body>", check)).unwrap();
    let flags = [
        HEADLESS.as_slice(),
        &["--window-size=1200,900", "--virtual-time-budget=5000"],
    ]
    .concat();
    let profile = format!("--user-data-dir={}", dir.join("profile").display());
    let dom = Command::new(chromium)
        .args(&flags)
        .arg(&profile)
        .arg("--dump-dom")
        .arg(&probe)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let images = html.matches("<img ").count();
    assert!(
        dom.contains(&format!("data-check=\"images={images} broken=0 wide=0\"")),
        "browser check of {}: {}",
        out.display(),
        dom.lines()
            .find(|l| l.contains("data-check"))
            .unwrap_or("no result")
    );
    let shot = out.join("screenshot.png");
    let screenshot = Command::new(chromium)
        .args(&flags)
        .arg(&profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(out.join("index.html"))
        .output()
        .unwrap();
    assert!(
        screenshot.status.success() && std::fs::metadata(&shot).unwrap().len() > 10_000,
        "no screenshot of {}",
        out.display()
    );
}

/// Total minus the shown groups must not reveal a suppressed group: with MBO (6) hidden alone,
/// the totals cover PO and VO only.
#[test]
fn the_total_does_not_give_away_a_hidden_group() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(dir.path(), "out", &["--min-group", "7"]);
    for m in &r.results.measures {
        let shown: usize = ["PO", "VO"].iter().map(|g| shown(m, g).n).sum();
        assert_eq!(m.total.n, shown, "{}", m.id);
        if let Some(f) = &m.total.frequencies {
            let total: usize = f.counts.iter().map(|c| c.n).sum();
            assert_eq!(total, shown, "{} frequencies", m.id);
        }
    }
}

/// `--pdf` prints the example to A4 in at most 30 pages, the summary on pages 1 and 2 and the
/// contents from page 3, with no file path in it. Needs Chromium and poppler-utils.
#[test]
fn the_pdf_holds_the_summary_on_its_first_two_pages() {
    let tool = |name: &str| Command::new(name).arg("-v").output().is_ok();
    if chromium().is_none() || !tool("pdftotext") || !tool("pdfinfo") {
        eprintln!(
            "skipped: needs Chromium and pdftotext/pdfinfo (apt-get install chromium poppler-utils)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("voorbeeld");
    let run = Command::new(env!("CARGO_BIN_EXE_verband"))
        .args(["report", "--quiet", "--pdf", "--out", out.to_str().unwrap()])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = out.join("rapport.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    let pages: usize = field("Pages:").parse().unwrap();
    assert!((3..=30).contains(&pages), "{pages} pages");
    assert!(field("Page size:").contains("(A4)"), "{info}");
    let text = |first: usize, last: usize| {
        let out = Command::new("pdftotext")
            .args(["-f", &first.to_string(), "-l", &last.to_string(), "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = text(1, 1);
    for words in [
        "Samenvatting voor de raad",
        "Belangrijkste bevindingen",
        "Respons",
        "1 / ",
    ] {
        assert!(first.contains(words), "page 1 lacks \"{words}\":\n{first}");
    }
    // The footer's separator keeps its spaces (a CSS escape swallows the one after it).
    assert!(
        first
            .lines()
            .any(|l| l.contains("Samenwerkingsmonitor Rijnstad 2025 · ")),
        "page 1's footer:\n{first}"
    );
    let second = text(2, 2);
    assert!(
        second.contains("Aandachtspunten en wat nu"),
        "page 2:\n{second}"
    );
    assert!(
        text(3, 3).trim_start().starts_with("Inhoud"),
        "the contents start page 3"
    );
    let all = text(1, pages);
    assert!(
        !all.contains(dir.path().to_str().unwrap()) && !all.contains("file:"),
        "a path in the PDF"
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains("verband-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Without a browser, `--pdf` says what to install and exits 2; the HTML report is written.
#[test]
fn pdf_without_a_browser_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = responses(dir.path());
    let run = Command::new(env!("CARGO_BIN_EXE_verband"))
        .args(["report", "--instrument", INSTRUMENT, "--responses"])
        .arg(&input)
        .args(["--by", "onderwijstype", "--quiet", "--pdf", "--out"])
        .arg(&out)
        .env("VERBAND_BROWSER", dir.path().join("no-such-browser"))
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    for words in [
        "Chromium",
        "Chrome",
        "Edge",
        "apt-get install chromium",
        "VERBAND_BROWSER",
    ] {
        assert!(stderr.contains(words), "{words}: {stderr}");
    }
    assert!(out.join("index.html").exists() && !out.join("rapport.pdf").exists());
}

/// The appendix says a note every part shares once, names only the questions a year really
/// added or dropped, and writes negative numbers with a true minus, as the differences are.
#[test]
fn the_appendix_says_each_note_once_and_minus_is_a_minus() {
    let html = std::fs::read_to_string(crate::common::example("nl").join("index.html")).unwrap();
    let shared = "het totaal laat in alle jaren weg";
    assert_eq!(html.matches(shared).count(), 1, "the shared trend note");
    assert!(!html.contains("nieuw: ;"), "an empty list of new questions");
    assert!(
        html.contains("(vervallen: pk_comp_3)"),
        "the dropped question alone"
    );
    let hyphen_numbers = html.matches("class=\"num\">-").count();
    assert_eq!(hyphen_numbers, 0, "a number with a hyphen for its minus");
}

/// Under each partner heatmap, the answers its means stand between: the ladder's rungs by name.
#[test]
fn the_ladder_heatmap_names_its_rungs() {
    let html = std::fs::read_to_string(crate::common::example("nl").join("index.html")).unwrap();
    let rungs = "<figcaption>0 Op de hoogte zijn/houden · 1 Informeren · 2 Afstemmen · 3 \
                 Afstemmen en samenwerken";
    assert!(
        html.contains(rungs),
        "no rung names under the ladder heatmap"
    );
}
