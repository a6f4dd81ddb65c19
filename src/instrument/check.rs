//! The rules an instrument must keep. Each problem names the key it is about.

use std::collections::HashMap;

use super::model::*;

/// Column names the pipeline adds itself: every name that starts with `_` (where a row came
/// from, whether the survey tool marked it incomplete, working columns of the analysis), and
/// `file` and `row` in score exports. No instrument id may take them.
fn reserved(id: &str) -> bool {
    id.starts_with('_') || ["file", "row"].contains(&id.to_lowercase().as_str())
}

/// Ids name columns and output files, so they are plain: letters, digits, `_` and `-`, not
/// starting with `-` (which a shell or a spreadsheet could read as an option or a formula).
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Every problem in the instrument, as `key: message`; empty when it is sound.
pub fn check(inst: &Instrument) -> Vec<String> {
    let mut c = Checker::default();
    c.ids(inst);
    c.scales(inst);
    c.attributes(inst);
    c.constructs(inst);
    c.relational(inst);
    c.open(inst);
    c.thresholds(inst);
    c.governance(inst);
    c.contrasts(inst);
    for clash in super::codes::collisions(inst) {
        c.say(
            "ids".into(),
            format!("two ids give the same survey-tool code {clash}; rename one"),
        );
    }
    c.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<String>,
}

impl Checker {
    fn say(&mut self, key: String, msg: impl AsRef<str>) {
        self.problems.push(format!("{key}: {}", msg.as_ref()));
    }

    /// Ids become column names, so everything a respondent answers or is scored on shares
    /// one namespace.
    fn ids(&mut self, inst: &Instrument) {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut claim = |key: String, id: &str, problems: &mut Vec<String>| {
            if !plain_id(id) {
                problems.push(format!(
                    "{key}.id: \"{id}\" must be letters, digits, _ and - only"
                ));
            } else if reserved(id) {
                problems.push(format!(
                    "{key}.id: \"{id}\" is a name verband uses itself; choose another"
                ));
            } else if let Some(first) = seen.get(&id.to_lowercase()) {
                problems.push(format!("{key}.id: \"{id}\" is already used by {first}"));
            } else {
                seen.insert(id.to_lowercase(), key);
            }
        };
        let p = &mut self.problems;
        for a in &inst.attributes {
            claim(format!("attributes[{}]", a.id), &a.id, p);
        }
        for c in &inst.constructs {
            let ck = format!("constructs[{}]", c.id);
            claim(ck.clone(), &c.id, p);
            for i in &c.items {
                claim(format!("{ck}.items[{}]", i.id), &i.id, p);
            }
            for d in &c.dimensions {
                let dk = format!("{ck}.dimensions[{}]", d.id);
                claim(dk.clone(), &d.id, p);
                for i in &d.items {
                    claim(format!("{dk}.items[{}]", i.id), &i.id, p);
                }
            }
        }
        for b in &inst.relational {
            for q in &b.questions {
                for partner in b.partners_of(q) {
                    let id = q.column(&partner.code);
                    claim(
                        format!(
                            "relational[{}].questions[{}] × {}",
                            b.id, q.id, partner.code
                        ),
                        &id,
                        p,
                    );
                }
            }
        }
        for o in &inst.open {
            claim(format!("open[{}]", o.id), &o.id, p);
        }
    }

    fn scales(&mut self, inst: &Instrument) {
        let mut seen = Vec::new();
        for s in &inst.scales {
            let key = format!("scales[{}]", s.id);
            if seen.contains(&&s.id) {
                self.say(key.clone(), "this scale id is used twice");
            }
            seen.push(&s.id);
            if s.points.len() < 2 {
                self.say(key.clone(), "a scale needs at least two points");
            }
            let mut codes: Vec<i64> = s.points.iter().chain(&s.missing).map(|p| p.code).collect();
            codes.sort_unstable();
            if codes.windows(2).any(|w| w[0] == w[1]) {
                self.say(key, "two points or missing codes share a code");
            }
        }
    }

    fn attributes(&mut self, inst: &Instrument) {
        for a in &inst.attributes {
            let key = format!("attributes[{}]", a.id);
            match a.kind {
                AttributeKind::Category if a.values.is_empty() => {
                    self.say(key, "a category attribute needs its allowed values")
                }
                AttributeKind::Text | AttributeKind::Number if !a.values.is_empty() => {
                    self.say(key, "only a category attribute lists values")
                }
                _ => {}
            }
        }
        for role in [
            AttributeRole::Id,
            AttributeRole::ActorType,
            AttributeRole::Year,
        ] {
            if inst.attributes.iter().filter(|a| a.role == role).count() > 1 {
                self.say(
                    "attributes".into(),
                    format!("more than one attribute has role {role:?}"),
                );
            }
        }
    }

    fn constructs(&mut self, inst: &Instrument) {
        for c in &inst.constructs {
            let ck = format!("constructs[{}]", c.id);
            if c.all_items().next().is_none() {
                self.say(ck.clone(), "a construct needs at least one item");
            }
            for d in &c.dimensions {
                if d.items.is_empty() {
                    self.say(
                        format!("{ck}.dimensions[{}]", d.id),
                        "a dimension needs at least one item",
                    );
                }
            }
            let mut scales: Vec<&str> = Vec::new();
            for i in c.all_items() {
                let ik = format!("{ck}.items[{}]", i.id);
                match inst.scale(&i.scale) {
                    None => self.say(
                        format!("{ik}.scale"),
                        format!("\"{}\" is not a scale of this instrument", i.scale),
                    ),
                    Some(s) if i.reverse && s.kind == ScaleKind::Nominal => self.say(
                        format!("{ik}.reverse"),
                        format!(
                            "scale \"{}\" is nominal: its codes have no order to reverse",
                            s.id
                        ),
                    ),
                    Some(_) => {}
                }
                if !scales.contains(&i.scale.as_str()) {
                    scales.push(&i.scale);
                }
            }
            if scales.len() > 1 {
                self.say(
                    ck.clone(),
                    format!(
                        "items on different scales ({}) cannot be averaged",
                        scales.join(", ")
                    ),
                );
            }
            let n = c.all_items().count();
            let min = inst.min_valid(c);
            if min == 0 {
                self.say(format!("{ck}.min_valid_items"), "must be at least 1");
            } else if n > 0 && min > n {
                self.say(
                    format!("{ck}.min_valid_items"),
                    format!("{min} is more than the construct's {n} items"),
                );
            }
        }
    }

    fn relational(&mut self, inst: &Instrument) {
        for b in &inst.relational {
            let bk = format!("relational[{}]", b.id);
            if !plain_id(&b.id) {
                self.say(format!("{bk}.id"), "must be letters, digits, _ and - only");
            }
            if b.partners.is_empty() {
                self.say(
                    format!("{bk}.partners"),
                    "a relational block needs partners",
                );
            }
            if b.questions.is_empty() {
                self.say(
                    format!("{bk}.questions"),
                    "a relational block needs questions",
                );
            }
            if let Some(a) = &b.partner_attribute
                && inst.attribute(a).is_none()
            {
                self.say(
                    format!("{bk}.partner_attribute"),
                    format!("\"{a}\" is not an attribute of this instrument"),
                );
            }
            for q in &b.questions {
                let qk = format!("{bk}.questions[{}]", q.id);
                if inst.scale(&q.scale).is_none() {
                    self.say(
                        format!("{qk}.scale"),
                        format!("\"{}\" is not a scale of this instrument", q.scale),
                    );
                }
                for code in q.partners.iter().flatten() {
                    if !b.partners.iter().any(|p| &p.code == code) {
                        self.say(
                            format!("{qk}.partners"),
                            format!("\"{code}\" is not a partner of this block"),
                        );
                    }
                }
            }
            for p in &b.partners {
                if !plain_id(&p.code) {
                    self.say(
                        format!("{bk}.partners[{}]", p.code),
                        "a partner code must be letters, digits, _ and - only",
                    );
                }
            }
        }
    }

    fn open(&mut self, inst: &Instrument) {
        let items: Vec<&str> = inst
            .constructs
            .iter()
            .flat_map(|c| c.all_items())
            .map(|i| i.id.as_str())
            .collect();
        for o in &inst.open {
            if let Some(about) = &o.about
                && !items.contains(&about.as_str())
            {
                self.say(
                    format!("open[{}].about", o.id),
                    format!("\"{about}\" is not an item of this instrument"),
                );
            }
        }
    }

    fn thresholds(&mut self, inst: &Instrument) {
        for t in &inst.thresholds {
            let key = format!("thresholds[{}]", t.scale);
            let Some(s) = inst.scale(&t.scale) else {
                self.say(
                    format!("{key}.scale"),
                    format!("\"{}\" is not a scale of this instrument", t.scale),
                );
                continue;
            };
            if s.kind == ScaleKind::Nominal {
                self.say(key.clone(), "a nominal scale has no mean to judge");
            }
            let (lo, hi) = (s.min() as f64, s.max() as f64);
            for (name, v) in [("amber", t.amber), ("green", t.green)] {
                if !(lo..=hi).contains(&v) {
                    self.say(
                        format!("{key}.{name}"),
                        format!("{v} lies outside the scale ({lo}–{hi})"),
                    );
                }
            }
            if t.amber > t.green {
                self.say(
                    key,
                    format!("amber ({}) is above green ({})", t.amber, t.green),
                );
            }
        }
    }

    fn governance(&mut self, inst: &Instrument) {
        let Some(g) = &inst.governance else { return };
        let items = inst.items();
        let asked = [
            ("perceived", Some(&g.perceived)),
            ("preferred", g.preferred.as_ref()),
        ];
        for (key, id) in asked {
            let Some(id) = id else { continue };
            let Some(item) = items.iter().find(|i| &i.item.id == id) else {
                self.say(
                    format!("governance.{key}"),
                    format!("\"{id}\" is not an item of this instrument"),
                );
                continue;
            };
            for (form, code) in [("shared", g.shared), ("lead", g.lead), ("nao", g.nao)] {
                if !item.scale.points.iter().any(|p| p.code == code) {
                    self.say(
                        format!("governance.{form}"),
                        format!("{code} is not a point of scale {}", item.scale.id),
                    );
                }
            }
        }
    }

    fn contrasts(&mut self, inst: &Instrument) {
        let items = inst.items();
        for c in &inst.contrasts {
            let ck = format!("contrasts[{}]", c.id);
            if !plain_id(&c.id) {
                self.say(format!("{ck}.id"), "must be letters, digits, _ and - only");
            }
            if c.pairs.is_empty() {
                self.say(
                    format!("{ck}.pairs"),
                    "a contrast needs at least one pair of items",
                );
            }
            for [a, b] in &c.pairs {
                let find = |id: &str| items.iter().find(|i| i.item.id == id);
                match (find(a), find(b)) {
                    (Some(x), Some(y)) if x.scale.id != y.scale.id => self.say(
                        format!("{ck}.pairs"),
                        format!("\"{a}\" and \"{b}\" are on different scales"),
                    ),
                    (Some(x), Some(_)) if !x.scale.is_scored() => self.say(
                        format!("{ck}.pairs"),
                        format!("\"{a}\" is on a nominal scale: nothing to compare"),
                    ),
                    (Some(_), Some(_)) => {}
                    _ => self.say(
                        format!("{ck}.pairs"),
                        format!("[\"{a}\", \"{b}\"]: both must be items of this instrument"),
                    ),
                }
            }
        }
    }
}
