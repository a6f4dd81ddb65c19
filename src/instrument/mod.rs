//! The `instrument` stage: survey instruments as versioned TOML files, loaded and checked.

mod check;
pub mod codes;
pub mod export;
mod model;
mod template;

pub use check::check;
pub use model::*;
pub use template::write_template;

use std::path::Path;

use crate::error::{Error, Result};
use crate::lang::{Lang, pick};

/// Where the shipped instruments live, relative to the working directory.
pub const SHIPPED_DIR: &str = "instruments";

/// Reads an instrument and checks it; any problem is an error naming the file and the key.
pub fn load(path: &Path) -> Result<Instrument> {
    let inst = parse(path)?;
    let problems = check(&inst);
    if problems.is_empty() {
        Ok(inst)
    } else {
        Err(Error::unreadable(format!(
            "{} is not a valid instrument:\n  {}",
            path.display(),
            problems.join("\n  ")
        )))
    }
}

/// Reads several instrument files as one questionnaire (say, a shipped instrument and a block of
/// the municipality's own organisations) and checks the whole. The first file gives the id,
/// version and title; scales and attributes may repeat only if they are identical.
pub fn load_merged(paths: &[std::path::PathBuf]) -> Result<Instrument> {
    let Some((first, rest)) = paths.split_first() else {
        return Err(Error::usage("no instrument file given"));
    };
    if rest.is_empty() {
        return load(first);
    }
    let mut inst = parse(first)?;
    for path in rest {
        let part = parse(path)?;
        merge(&mut inst, part)
            .map_err(|e| Error::unreadable(format!("{}: {e}", path.display())))?;
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let problems = check(&inst);
    if problems.is_empty() {
        Ok(inst)
    } else {
        Err(Error::unreadable(format!(
            "{} together are not a valid instrument:\n  {}",
            names.join(" + "),
            problems.join("\n  ")
        )))
    }
}

fn merge(into: &mut Instrument, part: Instrument) -> std::result::Result<(), String> {
    fn union<T: PartialEq>(
        kind: &str,
        into: &mut Vec<T>,
        more: Vec<T>,
        id: impl Fn(&T) -> &str,
    ) -> std::result::Result<(), String> {
        for x in more {
            match into.iter().find(|y| id(y) == id(&x)) {
                Some(y) if *y == x => {}
                Some(_) => {
                    return Err(format!("{kind} \"{}\" differs from the one before", id(&x)));
                }
                None => into.push(x),
            }
        }
        Ok(())
    }
    union("scales", &mut into.scales, part.scales, |s| &s.id)?;
    union("attributes", &mut into.attributes, part.attributes, |a| {
        &a.id
    })?;
    into.sources.extend(part.sources);
    into.constructs.extend(part.constructs);
    into.relational.extend(part.relational);
    into.open.extend(part.open);
    into.thresholds.extend(part.thresholds);
    into.contrasts.extend(part.contrasts);
    match (&into.governance, part.governance) {
        (Some(_), Some(_)) => return Err("governance is set twice".into()),
        (None, g) => into.governance = g,
        _ => {}
    }
    Ok(())
}

/// The largest instrument file read: the shipped ones are under 100 KB.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// Reads an instrument without checking it.
pub fn parse(path: &Path) -> Result<Instrument> {
    let text = crate::files::read_text(path, MAX_FILE_BYTES)?;
    toml::from_str(&text)
        .map_err(|e| Error::unreadable(format!("{}: {}", path.display(), e.to_string().trim_end())))
}

/// Every `.toml` in a folder, sorted by name.
pub fn list(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::unreadable(format!("{}: cannot list instruments: {e}", dir.display()))
    })?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// An item with the construct and dimension it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct ItemRef<'a> {
    pub item: &'a Item,
    pub construct: &'a Construct,
    /// `None` for items straight under the construct.
    pub dimension: Option<&'a Dimension>,
    pub scale: &'a Scale,
}

/// One column of a relational block: a question asked about one partner.
#[derive(Debug, Clone)]
pub struct RelationalColumn<'a> {
    pub id: String,
    pub block: &'a RelationalBlock,
    pub question: &'a RelationalQuestion,
    pub partner: &'a Category,
    pub scale: &'a Scale,
}

impl RelationalColumn<'_> {
    pub fn text(&self, lang: Lang) -> String {
        let q = pick(lang, &self.question.nl, &self.question.en);
        q.replace("{partner}", pick(lang, &self.partner.nl, &self.partner.en))
    }
}

/// One column of a response sheet, as the instrument expects it.
#[derive(Debug, Clone)]
pub enum Column<'a> {
    Attribute(&'a Attribute),
    Item(ItemRef<'a>),
    Relational(RelationalColumn<'a>),
    Open(&'a OpenQuestion),
}

impl Column<'_> {
    pub fn id(&self) -> &str {
        match self {
            Column::Attribute(a) => &a.id,
            Column::Item(i) => &i.item.id,
            Column::Relational(r) => &r.id,
            Column::Open(o) => &o.id,
        }
    }

    /// The question as a respondent reads it.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Column::Attribute(a) => a.label.get(lang).to_string(),
            Column::Item(i) => pick(lang, &i.item.nl, &i.item.en).to_string(),
            Column::Relational(r) => r.text(lang),
            Column::Open(o) => pick(lang, &o.nl, &o.en).to_string(),
        }
    }

    /// The question in both languages.
    pub fn texts(&self) -> Text {
        Text {
            nl: self.text(Lang::Nl),
            en: self.text(Lang::En),
        }
    }

    /// Whether a sheet must have this column: every item, and the required attributes.
    pub fn is_required(&self) -> bool {
        match self {
            Column::Item(_) => true,
            Column::Attribute(a) => a.required,
            Column::Relational(_) | Column::Open(_) => false,
        }
    }

    /// The answer scale, for items and relational questions.
    pub fn scale(&self) -> Option<&Scale> {
        match self {
            Column::Item(i) => Some(i.scale),
            Column::Relational(r) => Some(r.scale),
            _ => None,
        }
    }
}

impl Instrument {
    /// Every column of a response sheet, in questionnaire order: attributes, items,
    /// relational questions, open questions.
    pub fn columns(&self) -> Vec<Column<'_>> {
        let attributes = self.attributes.iter().map(Column::Attribute);
        let items = self.items().into_iter().map(Column::Item);
        let relational = self
            .relational_columns()
            .into_iter()
            .map(Column::Relational);
        let open = self.open.iter().map(Column::Open);
        attributes
            .chain(items)
            .chain(relational)
            .chain(open)
            .collect()
    }

    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// All items in questionnaire order. Items on unknown scales are skipped: `check` reports them.
    pub fn items(&self) -> Vec<ItemRef<'_>> {
        let mut out = Vec::new();
        for c in &self.constructs {
            let direct = c.items.iter().map(|i| (i, None));
            let nested = c
                .dimensions
                .iter()
                .flat_map(|d| d.items.iter().map(move |i| (i, Some(d))));
            for (item, dimension) in direct.chain(nested) {
                if let Some(scale) = self.scale(&item.scale) {
                    out.push(ItemRef {
                        item,
                        construct: c,
                        dimension,
                        scale,
                    });
                }
            }
        }
        out
    }

    pub fn relational_columns(&self) -> Vec<RelationalColumn<'_>> {
        let mut out = Vec::new();
        for block in &self.relational {
            for question in &block.questions {
                let Some(scale) = self.scale(&question.scale) else {
                    continue;
                };
                for partner in block.partners_of(question) {
                    let id = question.column(&partner.code);
                    out.push(RelationalColumn {
                        id,
                        block,
                        question,
                        partner,
                        scale,
                    });
                }
            }
        }
        out
    }

    /// The attribute that groups respondents by default (the actor type).
    pub fn grouping(&self) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.role == AttributeRole::ActorType)
    }

    pub fn attribute(&self, id: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.id == id)
    }

    /// A construct's answer scale (a construct does not mix scales; `check` sees to that).
    pub fn construct_scale(&self, construct: &Construct) -> Option<&Scale> {
        construct
            .all_items()
            .next()
            .and_then(|i| self.scale(&i.scale))
    }

    /// Whether a construct has a score: its items are on an ordinal scale.
    pub fn is_scored(&self, construct: &Construct) -> bool {
        self.construct_scale(construct)
            .is_some_and(Scale::is_scored)
    }

    pub fn min_valid(&self, construct: &Construct) -> usize {
        construct.min_valid_items.unwrap_or(self.min_valid_items)
    }

    /// The traffic-light threshold for a scale, if the instrument sets one.
    pub fn threshold(&self, scale: &str) -> Option<&Threshold> {
        self.thresholds.iter().find(|t| t.scale == scale)
    }
}

impl Scale {
    pub fn min(&self) -> i64 {
        self.points.iter().map(|p| p.code).min().unwrap_or(0)
    }

    pub fn max(&self) -> i64 {
        self.points.iter().map(|p| p.code).max().unwrap_or(0)
    }

    pub fn is_scored(&self) -> bool {
        self.kind == ScaleKind::Ordinal
    }
}

impl RelationalBlock {
    /// The partners a question is asked about, in the block's order.
    pub fn partners_of<'a>(
        &'a self,
        question: &'a RelationalQuestion,
    ) -> impl Iterator<Item = &'a Category> + 'a {
        self.partners.iter().filter(move |p| {
            question
                .partners
                .as_ref()
                .is_none_or(|only| only.contains(&p.code))
        })
    }
}

impl Construct {
    /// Dimensions get scores of their own only where they split the construct.
    pub fn scores_dimensions(&self) -> bool {
        self.dimensions.len() > 1 || !self.items.is_empty() && !self.dimensions.is_empty()
    }

    /// Items of the construct, direct and in dimensions, in order.
    pub fn all_items(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .chain(self.dimensions.iter().flat_map(|d| d.items.iter()))
    }
}
