//! The monitor configuration `verband.toml`: one municipality's survey over the years.
//!
//! A config names the instrument(s), the response files of each year, an optional regional
//! benchmark and report settings. Every path in it is relative to the config file's folder.
//! The format is described in `docs/config.md`; `verband init` writes a commented starter
//! (see [`starter`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ingest::AnswerCodes;
use crate::instrument::Threshold;
use crate::lang::Lang;
use crate::results::{Commentary, Fieldwork};

/// The file name `verband init` writes and the docs use.
pub const FILE_NAME: &str = "verband.toml";

/// Where the report goes when the config does not say (relative to the config's folder).
pub const DEFAULT_OUT: &str = "rapport";

/// A monitor: one municipality's survey, run yearly.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder of the config file; every path below is resolved against it.
    pub dir: PathBuf,
    /// Name of the municipality, shown on the report; also "this" municipality in a benchmark.
    pub municipality: Option<String>,
    /// One or more instrument files, merged in this order.
    pub instruments: Vec<PathBuf>,
    /// Column to compare groups by (default: the instrument's actor type).
    pub by: Option<String>,
    pub lang: Option<Lang>,
    /// Smallest group whose statistics are shown.
    pub min_group: Option<usize>,
    /// Share (0–1) of the scored items a respondent must answer to be analysed.
    pub min_answered: Option<f64>,
    /// Sheet to read in every response file (default: the first).
    pub sheet: Option<String>,
    /// What numbers in answer cells mean (default: auto).
    pub answer_codes: Option<AnswerCodes>,
    /// Largest response file read, in MB, and most cells of one sheet.
    pub max_file_mb: Option<u64>,
    pub max_cells: Option<usize>,
    /// The report folder; default `rapport` next to the config.
    pub out: PathBuf,
    /// Sorted by year ascending; at least one.
    pub years: Vec<Year>,
    pub benchmark: Option<Benchmark>,
    /// Override the instrument's traffic lights, per scale.
    pub thresholds: Vec<Threshold>,
    /// How many were invited, per group code: the report gives response rates.
    pub invited: BTreeMap<String, usize>,
    /// When the survey was open.
    pub fieldwork: Option<Fieldwork>,
    /// Whom to ask about the report.
    pub contact: Option<String>,
    /// `[duiding]`: the municipality's own explanation, overall and per construct.
    pub commentary: Commentary,
    /// `[aanbevelingen]`: what the municipality will do, overall and per construct.
    pub actions: Commentary,
}

/// The key of `[duiding]` and `[aanbevelingen]` for the text about the whole.
pub const GENERAL: &str = "algemeen";

/// The longest text of `contact`, `[duiding]` or `[aanbevelingen]`, in characters: a paragraph,
/// not a document.
const MAX_TEXT: usize = 2000;

/// One survey round.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// At least one file; all exist.
    pub responses: Vec<PathBuf>,
    /// This year's instrument version, when it differs from the config's `instrument`.
    pub instruments: Option<Vec<PathBuf>>,
}

/// Responses from other municipalities to compare this one with.
#[derive(Debug, Clone)]
pub struct Benchmark {
    /// At least one file; all exist.
    pub responses: Vec<PathBuf>,
    /// The attribute naming the municipality; default: the instrument's municipality attribute.
    pub attribute: Option<String>,
}

/// The file as written: paths still relative, nothing checked beyond the types.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    municipality: Option<String>,
    instrument: Option<Paths>,
    by: Option<String>,
    lang: Option<Lang>,
    min_group: Option<usize>,
    min_answered: Option<f64>,
    sheet: Option<String>,
    answer_codes: Option<AnswerCodes>,
    max_file_mb: Option<u64>,
    max_cells: Option<usize>,
    out: Option<String>,
    #[serde(default)]
    years: Vec<RawYear>,
    benchmark: Option<RawBenchmark>,
    #[serde(default)]
    thresholds: Vec<Threshold>,
    #[serde(default)]
    invited: BTreeMap<String, usize>,
    fieldwork: Option<RawFieldwork>,
    contact: Option<String>,
    #[serde(default)]
    duiding: BTreeMap<String, String>,
    #[serde(default)]
    aanbevelingen: BTreeMap<String, String>,
}

/// TOML dates: `fieldwork = { from = 2025-03-03, to = 2025-04-11 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFieldwork {
    from: toml::value::Datetime,
    to: toml::value::Datetime,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    responses: Paths,
    instrument: Option<Paths>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBenchmark {
    responses: Paths,
    attribute: Option<String>,
}

/// A file name or a list of file names.
#[derive(Debug)]
struct Paths(Vec<String>);

impl<'de> Deserialize<'de> for Paths {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Paths;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a file name or a list of file names")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Paths, E> {
                Ok(Paths(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Paths, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Paths(out))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Reads a monitor configuration, resolves its paths against its folder and checks that every
/// named file exists. Every problem is listed, each naming the file and the key.
pub fn load(path: &Path) -> Result<Config> {
    let text = crate::files::read_text(path, MAX_FILE_BYTES)?;
    let raw = parse(&text)
        .map_err(|e| Error::unreadable(format!("{}: {}", path.display(), e.trim_end())))?;
    let parent = path.parent().unwrap_or(Path::new(""));
    let mut r = Resolver {
        parent,
        problems: Vec::new(),
    };
    let config = r.resolve(raw);
    if r.problems.is_empty() {
        Ok(config)
    } else {
        let file = path.display();
        let lines: Vec<String> = r.problems.iter().map(|p| format!("{file}: {p}")).collect();
        Err(Error::unreadable(lines.join("\n")))
    }
}

/// The largest configuration read.
const MAX_FILE_BYTES: u64 = 1 << 20;

fn parse(text: &str) -> std::result::Result<Raw, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

struct Resolver<'a> {
    parent: &'a Path,
    problems: Vec<String>,
}

/// `a/b/../c` as `a/c`, without touching the file system: paths in messages read as written.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

impl Resolver<'_> {
    fn say(&mut self, key: &str, msg: impl AsRef<str>) {
        self.problems.push(format!("{key}: {}", msg.as_ref()));
    }

    fn resolve(&mut self, raw: Raw) -> Config {
        let instruments = match &raw.instrument {
            None => {
                self.say(
                    "instrument",
                    "missing; name the instrument file, e.g. instrument = \"instrument.toml\"",
                );
                Vec::new()
            }
            Some(paths) => self.files("instrument", paths, None),
        };
        let default_instrument = raw.instrument.as_ref().and_then(|p| p.0.first().cloned());

        if let Some(share) = raw.min_answered
            && !(0.0..=1.0).contains(&share)
        {
            self.say(
                "min_answered",
                format!("{share} is not a share between 0 and 1"),
            );
        }
        for (key, value) in [("by", &raw.by), ("sheet", &raw.sheet), ("out", &raw.out)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                self.say(key, "is empty; leave the key out for the default");
            }
        }

        let years = self.years(&raw.years, default_instrument.as_deref());

        let benchmark = raw.benchmark.as_ref().map(|b| {
            if b.attribute.as_deref().is_some_and(|a| a.trim().is_empty()) {
                self.say(
                    "benchmark.attribute",
                    "is empty; leave the key out for the default",
                );
            }
            Benchmark {
                responses: self.files("benchmark.responses", &b.responses, None),
                attribute: b.attribute.clone(),
            }
        });

        self.thresholds(&raw.thresholds);
        self.invited(&raw.invited);
        let fieldwork = raw.fieldwork.as_ref().and_then(|f| self.fieldwork(f));
        if let Some(contact) = &raw.contact {
            self.text("contact", contact);
        }
        let commentary = self.commentary("duiding", &raw.duiding);
        let actions = self.commentary("aanbevelingen", &raw.aanbevelingen);

        let dir = if self.parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            self.parent.to_path_buf()
        };
        let out = tidy(&self.parent.join(raw.out.as_deref().unwrap_or(DEFAULT_OUT)));
        Config {
            dir,
            municipality: raw.municipality,
            instruments,
            by: raw.by,
            lang: raw.lang,
            min_group: raw.min_group,
            min_answered: raw.min_answered,
            sheet: raw.sheet,
            answer_codes: raw.answer_codes,
            max_file_mb: raw.max_file_mb,
            max_cells: raw.max_cells,
            out,
            years,
            benchmark,
            thresholds: raw.thresholds,
            invited: raw.invited,
            fieldwork,
            contact: raw.contact,
            commentary,
            actions,
        }
    }

    fn invited(&mut self, invited: &BTreeMap<String, usize>) {
        for (group, n) in invited {
            if *n == 0 {
                self.say(
                    &format!("invited.{group}"),
                    "is 0; leave the group out instead",
                );
            }
        }
    }

    /// Two dates without a time, the first not after the second.
    fn fieldwork(&mut self, f: &RawFieldwork) -> Option<Fieldwork> {
        let date = |d: &toml::value::Datetime| match (d.date, d.time) {
            (Some(date), None) => Some(date.to_string()),
            _ => None,
        };
        let (Some(from), Some(to)) = (date(&f.from), date(&f.to)) else {
            self.say(
                "fieldwork",
                "from and to are dates without a time, e.g. from = 2025-03-03",
            );
            return None;
        };
        // ISO dates compare as text.
        if from > to {
            self.say("fieldwork", format!("from ({from}) is after to ({to})"));
            return None;
        }
        Some(Fieldwork { from, to })
    }

    fn text(&mut self, key: &str, text: &str) {
        if text.trim().is_empty() {
            self.say(key, "is empty; leave the key out instead");
        } else if text.chars().count() > MAX_TEXT {
            self.say(key, format!("is longer than {MAX_TEXT} characters"));
        }
    }

    /// `algemeen` for the whole, any other key a construct id (checked against the instrument
    /// when the report is made).
    fn commentary(&mut self, section: &str, texts: &BTreeMap<String, String>) -> Commentary {
        let mut out = Commentary::default();
        for (key, text) in texts {
            self.text(&format!("{section}.{key}"), text);
            if key == GENERAL {
                out.general = Some(text.trim().to_string());
            } else {
                out.parts.insert(key.clone(), text.trim().to_string());
            }
        }
        out
    }

    fn years(&mut self, raw: &[RawYear], instrument: Option<&str>) -> Vec<Year> {
        if raw.is_empty() {
            self.say(
                "years",
                "no [[years]]; add one per survey round, e.g.\n  [[years]]\n  year = 2025\n  responses = [\"antwoorden-2025.xlsx\"]",
            );
            return Vec::new();
        }
        // Shown in the hint when a response file is missing.
        let instrument = instrument.unwrap_or("instrument.toml");
        let mut years: Vec<Year> = Vec::new();
        for (i, y) in raw.iter().enumerate() {
            let key = format!("years[{i}]");
            if !(1900..=2999).contains(&y.year) {
                self.say(
                    &format!("{key}.year"),
                    format!("{} is not a year; write it in full, e.g. 2025", y.year),
                );
            }
            if let Some(first) = raw[..i].iter().position(|o| o.year == y.year) {
                self.say(
                    "years",
                    format!(
                        "{} appears twice (years[{first}] and {key}); put all files of one round in one responses list",
                        y.year
                    ),
                );
            }
            let own_instrument = y.instrument.as_ref().map(|p| p.0.first().cloned());
            let hint_instrument = own_instrument
                .flatten()
                .unwrap_or_else(|| instrument.to_string());
            let responses = self.files(
                &format!("{key}.responses"),
                &y.responses,
                Some(&hint_instrument),
            );
            let instruments = y
                .instrument
                .as_ref()
                .map(|p| self.files(&format!("{key}.instrument"), p, None));
            years.push(Year {
                year: y.year,
                responses,
                instruments,
            });
        }
        years.sort_by_key(|y| y.year);
        years
    }

    fn thresholds(&mut self, thresholds: &[Threshold]) {
        for (i, t) in thresholds.iter().enumerate() {
            let key = format!("thresholds[{i}]");
            if t.scale.trim().is_empty() {
                self.say(
                    &format!("{key}.scale"),
                    "is empty; name a scale of the instrument",
                );
            } else if thresholds[..i].iter().any(|o| o.scale == t.scale) {
                self.say("thresholds", format!("scale \"{}\" appears twice", t.scale));
            }
            if !t.amber.is_finite() || !t.green.is_finite() {
                self.say(&key, "amber and green must be numbers");
            } else if t.amber > t.green {
                self.say(
                    &key,
                    format!("amber ({}) is above green ({})", t.amber, t.green),
                );
            }
        }
    }

    /// Resolves file names against the config's folder and reports the ones that do not exist.
    /// With `template_for`, a missing file is a response file and the message says how to get
    /// a blank one for that instrument.
    fn files(&mut self, key: &str, paths: &Paths, template_for: Option<&str>) -> Vec<PathBuf> {
        if paths.0.is_empty() {
            self.say(key, "is empty; name at least one file");
        }
        let mut out = Vec::new();
        for name in &paths.0 {
            if name.trim().is_empty() {
                self.say(key, "an empty file name");
                continue;
            }
            let path = tidy(&self.parent.join(name));
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => {}
                Ok(m) => self.say(
                    key,
                    format!(
                        "\"{name}\" is {}, not a saved file ({})",
                        crate::files::kind(&m),
                        path.display()
                    ),
                ),
                Err(_) => {
                    let mut msg = format!("no file \"{name}\" (looked for {})", path.display());
                    if let Some(instrument) = template_for {
                        let _ = write!(
                            msg,
                            "; fill in the response template and save it under this name \
                             (a blank one: verband template --instrument {} --out {})",
                            self.parent.join(instrument).display(),
                            path.display()
                        );
                    }
                    self.say(key, msg);
                }
            }
            out.push(path);
        }
        out
    }
}

/// The commented starter config that `verband init` writes: Dutch comments, English keys, one
/// `[[years]]` round for `year` whose responses are `antwoorden-<year>.xlsx`, and commented-out
/// examples of the optional keys.
pub fn starter(instrument: &str, year: i32, municipality: Option<&str>) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let municipality = match municipality {
        Some(name) => format!("municipality = {}", quote(name)),
        None => "# municipality = \"Voorbeeldstad\"".to_string(),
    };
    include_str!("../reports/templates/verband.toml")
        .replace("{municipality}", &municipality)
        .replace("{instrument}", &quote(instrument))
        .replace("{responses}", &quote(&format!("antwoorden-{year}.xlsx")))
        .replace("{year}", &year.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_parses_into_the_raw_struct() {
        let text = starter("instrument.toml", 2025, Some("Rijn \"stad\""));
        let raw = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(raw.municipality.as_deref(), Some("Rijn \"stad\""));
        assert_eq!(raw.instrument.unwrap().0, ["instrument.toml"]);
        assert_eq!(raw.years.len(), 1);
        assert_eq!(raw.years[0].year, 2025);
        assert_eq!(raw.years[0].responses.0, ["antwoorden-2025.xlsx"]);
        assert!(raw.years[0].instrument.is_none());
        assert_eq!(raw.lang, Some(Lang::Nl));
        assert_eq!(raw.min_group, Some(5));
        assert_eq!(raw.out.as_deref(), Some("rapport"));
        assert!(raw.benchmark.is_none());
        assert!(raw.thresholds.is_empty());
    }

    #[test]
    fn starter_without_municipality_parses() {
        let raw = parse(&starter("instrument.toml", 2031, None)).unwrap();
        assert!(raw.municipality.is_none());
        assert_eq!(raw.years[0].year, 2031);
    }

    /// The commented-out examples are valid too once the # is removed.
    #[test]
    fn starter_examples_parse_when_uncommented() {
        let text = starter("instrument.toml", 2025, None);
        let uncommented: String = text
            .lines()
            .map(|l| {
                let body = l.strip_prefix("# ").unwrap_or(l);
                // Keep explanations commented: only lines that look like TOML are switched on.
                if body.starts_with('[')
                    || body
                        .split_once(" = ")
                        .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                {
                    format!("{body}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let raw = parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(raw.municipality.as_deref(), Some("Voorbeeldstad"));
        assert_eq!(
            raw.years[0].instrument.as_ref().unwrap().0,
            ["instrument-2025.toml"]
        );
        let b = raw.benchmark.unwrap();
        assert_eq!(b.responses.0, ["regio-2025.xlsx"]);
        assert_eq!(b.attribute.as_deref(), Some("gemeente"));
        assert_eq!(raw.thresholds.len(), 1);
        assert_eq!(raw.thresholds[0].scale, "eens5");
        assert_eq!(raw.min_answered, Some(0.5));
        assert_eq!(raw.by.as_deref(), Some("actortype"));
        assert_eq!(raw.sheet.as_deref(), Some("Antwoorden"));
        assert!(raw.fieldwork.is_some() && raw.contact.is_some());
        assert!(raw.duiding.contains_key(GENERAL) && raw.aanbevelingen.contains_key(GENERAL));
    }

    #[test]
    fn a_string_or_a_list() {
        let raw = parse("instrument = \"a.toml\"\n[[years]]\nyear = 2024\nresponses = \"x.csv\"\n")
            .unwrap();
        assert_eq!(raw.instrument.unwrap().0, ["a.toml"]);
        assert_eq!(raw.years[0].responses.0, ["x.csv"]);
        let e = parse("instrument = 3\n").unwrap_err();
        assert!(e.contains("a file name or a list of file names"), "{e}");
    }
}
