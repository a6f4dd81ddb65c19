//! The codes survey tools know the instrument's questions and answers by, derived from the
//! ids by one documented rule, so that a survey exported from the instrument reads back
//! exactly (docs/survey-tools.md).
//!
//! LimeSurvey codes are letters and digits, at most 20 characters, and start with a letter
//! (question codes); answer codes are at most 5 characters.

use super::{Attribute, Construct, Instrument, Item};

/// Longest LimeSurvey question or subquestion code.
const MAX_CODE: usize = 20;

/// FNV-1a, 32 bits: a short, stable fingerprint of an id for codes that must be shortened.
fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// The id's ASCII letters and digits, cut to 20 characters with a fingerprint of the whole id
/// when longer (plain truncation would let `…_school` and `…_hulp` collide).
fn shortened(code: String, id: &str) -> String {
    if code.len() <= MAX_CODE {
        return code;
    }
    format!("{}{:08x}", &code[..12], fnv1a32(id.as_bytes()))
}

fn alphanumeric(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A LimeSurvey question code: starts with a letter.
pub fn question_code(id: &str) -> String {
    let code = alphanumeric(id);
    let code = if code.starts_with(|c: char| c.is_ascii_digit()) {
        format!("q{code}")
    } else {
        code
    };
    shortened(code, id)
}

/// A LimeSurvey subquestion code (a statement of an array).
pub fn subquestion_code(id: &str) -> String {
    shortened(alphanumeric(id), id)
}

/// The answer codes of a category attribute: its own value codes when each is 1–5 letters or
/// digits and they differ regardless of case; otherwise A1 … An by position.
pub fn attribute_answer_codes(attribute: &Attribute) -> Vec<String> {
    let codes: Vec<&str> = attribute.values.iter().map(|v| v.code.as_str()).collect();
    let plain = codes
        .iter()
        .all(|c| (1..=5).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_alphanumeric()));
    let mut lower: Vec<String> = codes.iter().map(|c| c.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    if plain && lower.len() == codes.len() {
        codes.iter().map(|c| c.to_string()).collect()
    } else {
        (1..=codes.len()).map(|k| format!("A{k}")).collect()
    }
}

/// A battery: the statements a tool shows as one array, matrix or grid.
pub struct Battery<'a> {
    /// The dimension id, or the construct id when it has no dimensions.
    pub id: &'a str,
    pub items: Vec<&'a Item>,
}

/// Every battery of the instrument, in questionnaire order: each dimension, and a construct's
/// own items as one more.
pub fn batteries(inst: &Instrument) -> Vec<Battery<'_>> {
    let mut out = Vec::new();
    for c in &inst.constructs {
        out.extend(construct_batteries(c));
    }
    out
}

fn construct_batteries(c: &Construct) -> Vec<Battery<'_>> {
    let mut out = Vec::new();
    if !c.items.is_empty() {
        out.push(Battery {
            id: &c.id,
            items: c.items.iter().collect(),
        });
    }
    out.extend(c.dimensions.iter().map(|d| Battery {
        id: &d.id,
        items: d.items.iter().collect(),
    }));
    out
}

/// Codes of one kind that two ids share, as "code (id, id)": an export could not tell them
/// apart.
pub fn collisions(inst: &Instrument) -> Vec<String> {
    let mut questions: Vec<(String, &str)> = batteries(inst)
        .iter()
        .map(|b| (question_code(b.id), b.id))
        .chain(
            inst.attributes
                .iter()
                .map(|a| (question_code(&a.id), a.id.as_str())),
        )
        .chain(
            inst.open
                .iter()
                .map(|o| (question_code(&o.id), o.id.as_str())),
        )
        .collect();
    let mut statements: Vec<(String, &str)> = inst
        .items()
        .iter()
        .map(|i| (subquestion_code(&i.item.id), i.item.id.as_str()))
        .collect();
    let mut out = Vec::new();
    for list in [&mut questions, &mut statements] {
        list.sort_by_key(|(code, _)| code.to_lowercase());
        for pair in list.windows(2) {
            // Equal ids are the id check's to report.
            let same_id = pair[0].1.eq_ignore_ascii_case(pair[1].1);
            if pair[0].0.eq_ignore_ascii_case(&pair[1].0) && !same_id {
                out.push(format!("{} ({}, {})", pair[0].0, pair[0].1, pair[1].1));
            }
        }
    }
    out
}
