//! The survey as the three tools lay it out (docs/survey-tools.md): an "about you" section with
//! the attributes a respondent answers, a section per construct with one grid per battery,
//! a section per relational block with one grid per question, and a last section for the open
//! questions that comment on no item. Texts stay in both languages; the tools pick.

use super::word;
use crate::instrument::codes::{self, attribute_answer_codes, question_code, subquestion_code};
use crate::instrument::{
    Attribute, AttributeKind, AttributeRole, Category, Instrument, OpenQuestion, RelationalBlock,
    Scale, Text,
};
use crate::lang::Lang;

/// Which part of the survey a section is; the tools style the first and the last apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    About,
    Construct,
    Relational,
    Finally,
}

pub struct Section<'a> {
    pub kind: SectionKind,
    pub title: Text,
    pub questions: Vec<Question<'a>>,
}

pub struct Question<'a> {
    /// The instrument id it asks: the battery (dimension or construct), attribute, relational
    /// question or open question. Qualtrics uses it as the question's export tag.
    pub id: &'a str,
    /// LimeSurvey's question code, from the one rule in `codes`.
    pub code: String,
    pub text: Text,
    pub required: bool,
    pub kind: Kind<'a>,
}

pub enum Kind<'a> {
    /// Statements (or partners) as rows, the scale's points and then its missing codes as
    /// columns.
    Grid {
        rows: Vec<Row<'a>>,
        scale: &'a Scale,
    },
    /// One value of a category attribute; `codes` are LimeSurvey's answer codes, in order.
    Choice {
        values: &'a [Category],
        codes: Vec<String>,
    },
    Number,
    ShortText,
    /// An open question, with the item it comments on (for Google's unique titles).
    LongText {
        about: Option<Text>,
    },
}

pub struct Row<'a> {
    /// The item id, or the partner code of a relational question.
    pub id: &'a str,
    /// The response column the answer fills: the item, or the question about the partner.
    pub column: String,
    /// LimeSurvey's subquestion code.
    pub code: String,
    pub text: Text,
}

/// Roles a respondent is not asked: verband fills in the respondent number and the year.
fn asked(a: &Attribute) -> bool {
    !matches!(a.role, AttributeRole::Id | AttributeRole::Year)
}

/// A catalogue word in both languages.
fn words(key: &str) -> Text {
    Text {
        nl: word(key, Lang::Nl).to_string(),
        en: word(key, Lang::En).to_string(),
    }
}

pub fn layout(inst: &Instrument) -> Vec<Section<'_>> {
    let mut sections = Vec::new();
    let about: Vec<Question> = inst
        .attributes
        .iter()
        .filter(|a| asked(a))
        .map(attribute_question)
        .collect();
    if !about.is_empty() {
        sections.push(Section {
            kind: SectionKind::About,
            title: words("about_you"),
            questions: about,
        });
    }
    sections.extend(construct_sections(inst));
    sections.extend(inst.relational.iter().map(|b| relational_section(inst, b)));
    let last: Vec<Question> = inst
        .open
        .iter()
        .filter(|o| o.about.is_none())
        .map(|o| open_question(o, None))
        .collect();
    if !last.is_empty() {
        sections.push(Section {
            kind: SectionKind::Finally,
            title: words("finally"),
            questions: last,
        });
    }
    sections
}

fn attribute_question(a: &Attribute) -> Question<'_> {
    let kind = match a.kind {
        AttributeKind::Category => Kind::Choice {
            values: &a.values,
            codes: attribute_answer_codes(a),
        },
        AttributeKind::Number => Kind::Number,
        AttributeKind::Text => Kind::ShortText,
    };
    Question {
        id: &a.id,
        code: question_code(&a.id),
        text: a.label.clone(),
        required: a.required,
        kind,
    }
}

fn open_question<'a>(o: &'a OpenQuestion, about: Option<Text>) -> Question<'a> {
    Question {
        id: &o.id,
        code: question_code(&o.id),
        text: Text {
            nl: o.nl.clone(),
            en: o.en.clone(),
        },
        required: false,
        kind: Kind::LongText { about },
    }
}

/// A section per construct: a grid per battery, each followed by the open questions that
/// comment on one of its items (in instrument order).
fn construct_sections(inst: &Instrument) -> Vec<Section<'_>> {
    let batteries = codes::batteries(inst);
    let mut sections = Vec::new();
    for c in &inst.constructs {
        let mut questions = Vec::new();
        let mine = batteries
            .iter()
            .filter(|b| b.id == c.id || c.dimensions.iter().any(|d| d.id == b.id));
        for b in mine {
            let Some(scale) = b.items.first().and_then(|i| inst.scale(&i.scale)) else {
                continue;
            };
            let label = c
                .dimensions
                .iter()
                .find(|d| d.id == b.id)
                .map_or(&c.label, |d| &d.label);
            let rows = b
                .items
                .iter()
                .map(|i| Row {
                    id: &i.id,
                    column: i.id.clone(),
                    code: subquestion_code(&i.id),
                    text: Text {
                        nl: i.nl.clone(),
                        en: i.en.clone(),
                    },
                })
                .collect();
            questions.push(Question {
                id: b.id,
                code: question_code(b.id),
                text: label.clone(),
                required: false,
                kind: Kind::Grid { rows, scale },
            });
            for o in &inst.open {
                let Some(item) = b.items.iter().find(|i| o.about.as_deref() == Some(&i.id)) else {
                    continue;
                };
                let about = Text {
                    nl: item.nl.clone(),
                    en: item.en.clone(),
                };
                questions.push(open_question(o, Some(about)));
            }
        }
        sections.push(Section {
            kind: SectionKind::Construct,
            title: c.label.clone(),
            questions,
        });
    }
    sections
}

/// A relational block: a grid per question with the partners it is asked about as rows; the
/// question's `{partner}` becomes a neutral phrase from the catalogue.
fn relational_section<'a>(inst: &'a Instrument, block: &'a RelationalBlock) -> Section<'a> {
    let phrase = words("partners");
    let mut questions = Vec::new();
    for q in &block.questions {
        let Some(scale) = inst.scale(&q.scale) else {
            continue;
        };
        let rows = block
            .partners_of(q)
            .map(|p| Row {
                id: &p.code,
                column: q.column(&p.code),
                code: subquestion_code(&p.code),
                text: Text {
                    nl: p.nl.clone(),
                    en: p.en.clone(),
                },
            })
            .collect();
        questions.push(Question {
            id: &q.id,
            code: question_code(&q.id),
            text: Text {
                nl: q.nl.replace("{partner}", &phrase.nl),
                en: q.en.replace("{partner}", &phrase.en),
            },
            required: false,
            kind: Kind::Grid { rows, scale },
        });
    }
    Section {
        kind: SectionKind::Relational,
        title: block.label.clone(),
        questions,
    }
}

/// Every question of the layout, in order.
pub fn questions<'s, 'a>(sections: &'s [Section<'a>]) -> impl Iterator<Item = &'s Question<'a>> {
    sections.iter().flat_map(|s| s.questions.iter())
}
