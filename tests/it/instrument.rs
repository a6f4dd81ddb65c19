//! `verband instrument check | show | list` run as a user runs them: the real binary, from the
//! repository root, on the shipped instruments and on broken ones in
//! tests/fixtures/cli/instruments/ (each differs from `valid.toml` by one defect).

use std::path::Path;

use crate::common::verband;

const FIXTURES: &str = "tests/fixtures/cli/instruments";

/// The shipped instruments, as `instruments/*.toml` expands in a shell (sorted by name).
const SHIPPED: [&str; 4] = [
    "instruments/netwerk-effectiviteit.toml",
    "instruments/ouders.toml",
    "instruments/samenwerkingsladder.toml",
    "instruments/zwolle-2014.toml",
];

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The TOML of a file, parsed without verband's model: the reference the output is checked against.
fn raw_toml(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("readable");
    text.parse().expect("valid TOML")
}

/// Items counted straight from the TOML: `[[constructs.items]]` and `[[constructs.dimensions.items]]`.
fn count_items(t: &toml::Table) -> usize {
    let arr = |v: Option<&toml::Value>| {
        v.and_then(toml::Value::as_array)
            .map_or(&[][..], Vec::as_slice)
            .to_vec()
    };
    arr(t.get("constructs"))
        .iter()
        .map(|c| {
            let direct = arr(c.get("items")).len();
            let nested: usize = arr(c.get("dimensions"))
                .iter()
                .map(|d| arr(d.get("items")).len())
                .sum();
            direct + nested
        })
        .sum()
}

#[test]
fn the_four_shipped_instruments_are_exactly_the_toml_files_in_instruments() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instruments");
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .expect("instruments/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| format!("instruments/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    found.sort();
    assert_eq!(found, SHIPPED);
}

#[test]
fn check_passes_every_shipped_instrument() {
    let run = verband(&[&["instrument", "check"][..], &SHIPPED[..]].concat());
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let expected: String = SHIPPED.iter().map(|f| format!("{f}: ok\n")).collect();
    assert_eq!(run.stdout, expected);
    assert_eq!(run.stderr, "");
}

#[test]
fn list_names_each_shipped_instrument_with_id_version_and_title() {
    let run = verband(&["instrument", "list"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let expected: String = SHIPPED
        .iter()
        .map(|f| {
            let t = raw_toml(f);
            let id = t["id"].as_str().unwrap();
            let version = t["version"].as_str().unwrap();
            let title = t["title"]["nl"].as_str().unwrap();
            format!("{f:<40} {id} v{version}: {title}\n")
        })
        .collect();
    assert_eq!(run.stdout, expected);
    assert!(run.stdout.contains(
        "instruments/zwolle-2014.toml             zwolle-2014 v2: Internetenquête pilots \"Positief naar school\" Zwolle (Bijlage 4)\n"
    ));
}

#[test]
fn show_prints_title_constructs_items_and_scales() {
    let run = verband(&["instrument", "show", "instruments/zwolle-2014.toml"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "zwolle-2014 (version 2): Internetenquête pilots \"Positief naar school\" Zwolle (Bijlage 4)"
    );
    for line in [
        "Resultaten van de pilots [resultaten]",
        "  z05              In welke mate komen er door de inzet van de pilot meer vragen bij school/generalist terecht? [mate4]",
        "Bijdrage van betrokken kernpartners [bijdrage_kernpartners]",
        "  z23e             In hoeverre hebben de betrokken kernpartners bijgedragen aan de resultaten van de pilot? — kinderopvang/voorschool [mate4]",
        "De generalist [generalist]",
        "scale mate4: 1 helemaal niet · 2 enigszins · 3 in redelijke mate · 4 in sterke mate",
    ] {
        assert!(
            lines.contains(&line),
            "missing line {line:?} in:\n{}",
            run.stdout
        );
    }
    // Every one of the 19 items on a line of its own, in questionnaire order.
    let ids: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("  z"))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "z05", "z07", "z09", "z11", "z13", "z15", "z17", "z19", "z21", "z25", "z31", "z23a",
            "z23b", "z23c", "z23d", "z23e", "z23f", "z27", "z29"
        ]
    );
}

#[test]
fn show_in_english_and_marks_reversed_items() {
    let run = verband(&["instrument", "show", &fixture("valid.toml"), "--lang", "en"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert_eq!(
        run.stdout,
        "klein (version 1): Small test instrument\n\
         For the tests of instrument check.\n\
         \n\
         Trust [vertrouwen]\n  \
         vt1              Partners are open. [eens3]\n  \
         vt2              Partners keep agreements. [eens3] (reversed)\n\
         scale eens3: 1 disagree · 2 neutral · 3 agree\n"
    );
}

/// `instrument show FILE --json`, which must succeed, parsed.
fn show_json(file: &str) -> serde_json::Value {
    let run = verband(&["instrument", "show", file, "--json"]);
    assert_eq!(run.code, 0, "{file}: stderr:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{file}: not JSON: {e}"))
}

/// Items in the JSON of `show`: each construct's own and its dimensions'.
fn json_item_count(json: &serde_json::Value) -> usize {
    json["constructs"]
        .as_array()
        .expect("constructs")
        .iter()
        .map(|c| {
            c["items"].as_array().unwrap().len()
                + c["dimensions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["items"].as_array().unwrap().len())
                    .sum::<usize>()
        })
        .sum()
}

/// (questions, partners) per relational block in the JSON of `show`.
fn json_relational_blocks(json: &serde_json::Value) -> Vec<(usize, usize)> {
    json["relational"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["questions"].as_array().unwrap().len(),
                b["partners"].as_array().unwrap().len(),
            )
        })
        .collect()
}

/// (questions, partners) per relational block in the TOML; none when it has no such blocks.
fn toml_relational_blocks(t: &toml::Table) -> Vec<(usize, usize)> {
    t.get("relational")
        .and_then(toml::Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|b| {
            (
                b["questions"].as_array().unwrap().len(),
                b["partners"].as_array().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn show_json_carries_id_version_and_every_item() {
    for file in SHIPPED {
        let json = show_json(file);
        let t = raw_toml(file);
        assert_eq!(json["id"], t["id"].as_str().unwrap(), "{file}");
        assert_eq!(json["version"], t["version"].as_str().unwrap(), "{file}");
        let items = json_item_count(&json);
        assert_eq!(
            items,
            count_items(&t),
            "{file}: items in JSON vs in the TOML"
        );
        // Relational blocks (samenwerkingsladder has no construct items, only these):
        // (questions, partners) per block as in the TOML.
        let json_blocks = json_relational_blocks(&json);
        assert_eq!(
            json_blocks,
            toml_relational_blocks(&t),
            "{file}: relational blocks"
        );
        assert!(items + json_blocks.len() > 0, "{file} asks nothing");
    }
}

#[test]
fn show_json_of_the_ladder_has_three_questions_about_seven_partners() {
    let ladder = show_json("instruments/samenwerkingsladder.toml");
    assert_eq!(
        ladder["relational"][0]["questions"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        ladder["relational"][0]["partners"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
}

/// By hand for Zwolle: 11 + 6 + 2 items, 5 attributes, 16 open questions.
#[test]
fn show_json_of_zwolle_counts_its_items_by_hand() {
    let json = show_json("instruments/zwolle-2014.toml");
    assert_eq!(json["id"], "zwolle-2014");
    assert_eq!(json["version"], "2");
    let per_construct: Vec<(&str, usize)> = json["constructs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["items"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        per_construct,
        [
            ("resultaten", 11),
            ("bijdrage_kernpartners", 6),
            ("generalist", 2)
        ]
    );
    assert_eq!(json["attributes"].as_array().unwrap().len(), 5);
    assert_eq!(json["open"].as_array().unwrap().len(), 16);
}

/// `check` on one broken file: exit 1, and exactly these problem lines, each `FILE: KEY: message`.
#[track_caller]
fn assert_check_finds(name: &str, problems: &[&str]) {
    let file = fixture(name);
    let run = verband(&["instrument", "check", &file]);
    assert_eq!(
        run.code, 1,
        "{name}: stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let expected: String = problems.iter().map(|p| format!("{file}: {p}\n")).collect();
    assert_eq!(run.stdout, expected, "{name}");
    assert_eq!(
        run.stderr, "verband: 1 of 1 instruments have problems\n",
        "{name}"
    );
}

#[test]
fn the_base_fixture_is_valid() {
    let run = verband(&["instrument", "check", &fixture("valid.toml")]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "tests/fixtures/cli/instruments/valid.toml: ok\n")
    );
}

#[test]
fn check_rejects_duplicate_ids_across_items_and_attributes() {
    assert_check_finds(
        "duplicate_ids.toml",
        &[
            "constructs[vertrouwen].items[vt1].id: \"vt1\" is already used by constructs[vertrouwen].items[vt1]",
            "constructs[vertrouwen].items[Regio].id: \"Regio\" is already used by attributes[regio]",
        ],
    );
}

#[test]
fn check_rejects_an_item_on_an_unknown_scale() {
    assert_check_finds(
        "unknown_scale.toml",
        &[
            "constructs[vertrouwen].items[vt2].scale: \"eens5\" is not a scale of this instrument",
            "constructs[vertrouwen]: items on different scales (eens3, eens5) cannot be averaged",
        ],
    );
}

#[test]
fn check_rejects_a_construct_without_items() {
    assert_check_finds(
        "empty_construct.toml",
        &["constructs[leeg]: a construct needs at least one item"],
    );
}

#[test]
fn check_rejects_a_threshold_outside_its_scale() {
    assert_check_finds(
        "threshold_outside.toml",
        &["thresholds[eens3].green: 3.5 lies outside the scale (1–3)"],
    );
}

#[test]
fn check_rejects_a_reverse_flag_on_a_nominal_item() {
    assert_check_finds(
        "reverse_nominal.toml",
        &[
            "constructs[partners].items[soort1].reverse: scale \"soort\" is nominal: its codes have no order to reverse",
        ],
    );
}

/// Unknown keys and syntax errors come from the TOML reader: the message names the file, the
/// line and column, and (for an unknown key) the key.
#[test]
fn check_rejects_an_unknown_key_naming_it() {
    let file = fixture("unknown_key.toml");
    let run = verband(&["instrument", "check", &file]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.starts_with(&format!("{file}: ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("TOML parse error at line 26, column 3\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("26 |   omgekeerd = true\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "unknown field `omgekeerd`, expected one of `id`, `nl`, `en`, `scale`, `reverse`, `source`, `renamed_from`, `note`\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "verband: 1 of 1 instruments have problems\n");
}

#[test]
fn check_rejects_a_toml_syntax_error_with_line_and_column() {
    let file = fixture("syntax_error.toml");
    let run = verband(&["instrument", "check", &file]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.starts_with(&format!("{file}: ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("TOML parse error at line 4, column 45\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("missing comma between key-value pairs, expected `,`\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "verband: 1 of 1 instruments have problems\n");
}

/// Every problem line is `FILE: problem`; a parse error must not name the file twice
/// (`FILE: FILE: TOML parse error …`).
#[test]
fn check_names_the_file_once_on_a_parse_error() {
    for (name, first_line) in [
        ("unknown_key.toml", "TOML parse error at line 26, column 3"),
        ("syntax_error.toml", "TOML parse error at line 4, column 45"),
    ] {
        let file = fixture(name);
        let run = verband(&["instrument", "check", &file]);
        assert_eq!(
            run.stdout.lines().next(),
            Some(format!("{file}: {first_line}").as_str()),
            "{name}"
        );
    }
}

#[test]
fn check_goes_on_after_a_bad_file_and_counts_them() {
    let (valid, empty, syntax) = (
        fixture("valid.toml"),
        fixture("empty_construct.toml"),
        fixture("syntax_error.toml"),
    );
    let run = verband(&["instrument", "check", &empty, &valid, &syntax]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("{empty}: constructs[leeg]: a construct needs at least one item")
    );
    assert_eq!(lines[1], format!("{valid}: ok"));
    assert!(
        lines[2].starts_with(&format!("{syntax}: ")),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "verband: 2 of 3 instruments have problems\n");
}

#[test]
fn check_without_files_is_a_usage_error() {
    let run = verband(&["instrument", "check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("<FILES>"), "{}", run.stderr);
}

#[test]
fn show_refuses_a_broken_instrument_with_exit_2_naming_file_and_key() {
    for (name, key) in [
        (
            "duplicate_ids.toml",
            "constructs[vertrouwen].items[Regio].id",
        ),
        (
            "unknown_scale.toml",
            "constructs[vertrouwen].items[vt2].scale",
        ),
        ("empty_construct.toml", "constructs[leeg]"),
        ("threshold_outside.toml", "thresholds[eens3].green"),
        (
            "reverse_nominal.toml",
            "constructs[partners].items[soort1].reverse",
        ),
        ("unknown_key.toml", "unknown field `omgekeerd`"),
        ("syntax_error.toml", "TOML parse error at line 4, column 45"),
    ] {
        let file = fixture(name);
        for json in [false, true] {
            let args: &[&str] = if json {
                &["instrument", "show", &file, "--json"]
            } else {
                &["instrument", "show", &file]
            };
            let run = verband(args);
            assert_eq!(
                run.code, 2,
                "{name} (json: {json}): stderr:\n{}",
                run.stderr
            );
            assert_eq!(run.stdout, "", "{name}: nothing is shown");
            assert!(
                run.stderr.starts_with(&format!("verband: {file}")),
                "{name}: {}",
                run.stderr
            );
            assert!(
                run.stderr.contains(key),
                "{name}: {key} not named in:\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn show_on_a_missing_file_exits_2_naming_it() {
    let run = verband(&["instrument", "show", "instruments/gibt-es-nicht.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("verband: instruments/gibt-es-nicht.toml: cannot read: "),
        "{}",
        run.stderr
    );
}

/// The survey-tool code rule, by the test vectors of tests/fixtures/forms/FORMATS.md §4.2
/// (computed independently by tests/fixtures/forms/expected.py).
#[test]
fn survey_tool_codes_follow_the_documented_rule() {
    use verband::instrument::codes::{question_code, subquestion_code};
    for (id, code) in [
        ("com_frequentie", "comfrequentie"),
        ("2abc", "q2abc"),
        ("gezamenlijke_afspraken", "gezamenlijked8819d61"),
        ("persoonlijke_toewijding", "persoonlijke764f76e1"),
        ("praktische_randvoorwaarden", "praktischera42a053b7"),
        ("bestuurlijke_commitment", "bestuurlijke9f634694"),
        ("effectieve_samenwerking", "effectievesaaec9c301"),
    ] {
        assert_eq!(question_code(id), code, "{id}");
    }
    for (id, code) in [
        ("com_freq_1", "comfreq1"),
        ("z05", "z05"),
        ("ou_vt_afspraken_nakomen_school", "ouvtafsprake68361389"),
        ("ou_vt_afspraken_nakomen_hulp", "ouvtafsprake6853d82a"),
    ] {
        assert_eq!(subquestion_code(id), code, "{id}");
    }
    // Every shipped instrument has distinct codes (instrument check rejects collisions).
    let run = verband(&[
        "instrument",
        "check",
        "instruments/netwerk-effectiviteit.toml",
        "instruments/ouders.toml",
        "instruments/zwolle-2014.toml",
        "instruments/samenwerkingsladder.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}
