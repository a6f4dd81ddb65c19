//! Every word the report prints, from one catalogue: `reports/i18n.toml`, a table of keys with
//! a Dutch and an English text. `{name}` in a text is replaced by a value. Typed codes in the
//! results (notes, reasons, problems) are worded by looking up `section.code` and filling in
//! their own fields.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::lang::Lang;

const CATALOGUE: &str = include_str!("../reports/i18n.toml");

type Words = HashMap<String, [String; 2]>;

/// The catalogue, read once; keys are `section.key`.
fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let table: toml::Table = toml::from_str(CATALOGUE).expect("reports/i18n.toml is TOML");
        let mut out = HashMap::new();
        flatten("", &table, &mut out);
        out
    })
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Words) {
    for (key, value) in table {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let Some(inner) = value.as_table() else {
            continue;
        };
        match (inner.get("nl"), inner.get("en")) {
            (Some(toml::Value::String(nl)), Some(toml::Value::String(en))) => {
                out.insert(key, [nl.clone(), en.clone()]);
            }
            _ => flatten(&key, inner, out),
        }
    }
}

/// The text of `key` in `lang`. A missing key is a bug: the catalogue test finds every key
/// the code asks for, so this only shows the key itself instead of failing a report.
pub fn t(key: &str, lang: Lang) -> &'static str {
    match words().get(key) {
        Some([nl, en]) => match lang {
            Lang::Nl => nl,
            Lang::En => en,
        },
        None => {
            debug_assert!(false, "no text for {key} in reports/i18n.toml");
            "?"
        }
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn fill(key: &str, lang: Lang, values: &[(&str, String)]) -> String {
    let mut text = t(key, lang).to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Every key of one section in `lang`, for the templates (`t.report`, `t.summary`, …).
pub fn section(name: &str, lang: Lang) -> BTreeMap<String, String> {
    let prefix = format!("{name}.");
    words()
        .keys()
        .filter_map(|k| k.strip_prefix(&prefix).map(|short| (short, k)))
        .map(|(short, k)| (short.to_string(), t(k, lang).to_string()))
        .collect()
}

/// A typed code worded: the text of `section.<code>` filled with the value's own fields.
/// Lists are joined with commas; a text in both languages is taken in `lang`.
pub fn phrase(section: &str, value: &impl Serialize, lang: Lang) -> String {
    phrase_with(section, value, lang, &[])
}

/// `phrase`, with values the code itself does not carry (the minimum group size, say).
pub fn phrase_with(
    section: &str,
    value: &impl Serialize,
    lang: Lang,
    extra: &[(&str, String)],
) -> String {
    let Ok(Value::Object(fields)) = serde_json::to_value(value) else {
        let code = serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        return t(&format!("{section}.{code}"), lang).to_string();
    };
    let code = ["code", "reason"]
        .iter()
        .find_map(|k| fields.get(*k)?.as_str())
        .unwrap_or_default();
    let mut values: Vec<(&str, String)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), plain(v, lang)))
        .collect();
    values.extend(extra.iter().cloned());
    fill(&format!("{section}.{code}"), lang, &values)
}

/// A JSON value as the text a sentence shows.
fn plain(v: &Value, lang: Lang) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| plain(i, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(o) if o.contains_key("nl") && o.contains_key("en") => {
            plain(&o[lang.code()], lang)
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
