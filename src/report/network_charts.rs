//! Charts of the network section: the partner heatmap, the perception gaps, the organisation
//! network and the governance-fit panel. Same canvas, font and colours as `charts`.

use std::f64::consts::PI;
use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::charts::{
    GROUP_COLOURS, INK, SUPPRESSED, WIDTH, draw, fail, line, rect, scale_ticks, text, wrap,
};
use super::format::number;
use crate::analyse::{
    Form, GovernanceFit, Level, OrganisationGraph, PartnerBlock, Party, QuestionInfo,
};
use crate::instrument::{Lang, pick};

/// Light to dark blue for a share 0..1 of the scale: intensity is not good or bad.
fn blue(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * s).round() as u8;
    RGBColor(mix(239, 8), mix(243, 69), mix(255, 148))
}

/// The colour of a group, by its place among the rater groups (as in the other charts).
fn group_colour(groups: &[Party], code: &str) -> RGBColor {
    let i = groups.iter().position(|g| g.code == code).unwrap_or(0);
    GROUP_COLOURS[i % GROUP_COLOURS.len()]
}

/// Rater groups down, partners across; each cell the mean answer, grey where withheld.
pub fn partner_heatmap(
    path: &Path,
    block: &PartnerBlock,
    q: &QuestionInfo,
    lang: Lang,
) -> anyhow::Result<()> {
    let raters: Vec<&Party> = block.raters.iter().filter(|r| !r.suppressed).collect();
    let (label_w, head, row) = (380, 120, 70);
    let height = head + row * raters.len() as u32 + 30;
    let cell_w = (WIDTH as i32 - label_w - 20) / block.partners.len().max(1) as i32;
    let span = (q.max - q.min).max(1) as f64;
    draw(path, height, |area| {
        text(
            area,
            &format!(
                "{} → {}",
                pick(lang, "beoordelaar", "rater"),
                pick(lang, "partner", "partner")
            ),
            (20, 24),
            20.0,
            HPos::Left,
            &INK,
        )?;
        for (c, p) in block.partners.iter().enumerate() {
            let x = label_w + c as i32 * cell_w + cell_w / 2;
            for (l, s) in wrap(&p.label, 13, 3).iter().enumerate() {
                text(area, s, (x, 24 + l as i32 * 28), 23.0, HPos::Center, &INK)?;
            }
        }
        for (r, rater) in raters.iter().enumerate() {
            let y0 = head as i32 + r as i32 * row as i32;
            let lines = wrap(&rater.label, 26, 2);
            for (l, s) in lines.iter().enumerate() {
                let y = y0 + row as i32 / 2 + (l as i32 * 2 - lines.len() as i32 + 1) * 14;
                text(area, s, (label_w - 14, y), 23.0, HPos::Right, &INK)?;
            }
            for (c, p) in block.partners.iter().enumerate() {
                let cell = block
                    .matrix
                    .iter()
                    .find(|m| m.question == q.id && m.rater == rater.code && m.partner == p.code);
                let mean = cell.and_then(|m| m.stats.as_ref()).and_then(|s| s.mean);
                let x0 = label_w + c as i32 * cell_w;
                let share = mean.map(|m| (m - q.min as f64) / span);
                let fill = share.map_or(SUPPRESSED, blue);
                rect(
                    area,
                    (x0 + 2, y0 + 2),
                    (x0 + cell_w - 2, y0 + row as i32 - 2),
                    &fill,
                )?;
                let ink = if share.is_some_and(|s| s > 0.55) {
                    WHITE
                } else {
                    INK
                };
                let label = mean.map_or("–".to_string(), |v| number(v, 1, lang));
                text(
                    area,
                    &label,
                    (x0 + cell_w / 2, y0 + row as i32 / 2),
                    26.0,
                    HPos::Center,
                    &ink,
                )?;
            }
        }
        Ok(())
    })
}

/// One row per pair: how a rates b and how b rates a, joined by a line; asymmetric pairs
/// (Holm-adjusted Welch t below 0.05) are marked.
pub fn gaps(path: &Path, block: &PartnerBlock, q: &QuestionInfo, lang: Lang) -> anyhow::Result<()> {
    let mut rows: Vec<_> = block
        .gaps
        .iter()
        .filter(|g| g.question == q.id && !g.suppressed)
        .filter_map(|g| {
            let ab = g.a_about_b.as_ref()?.mean?;
            let ba = g.b_about_a.as_ref()?.mean?;
            Some((g, ab, ba))
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    rows.sort_by(|x, y| (y.1 - y.2).abs().total_cmp(&(x.1 - x.2).abs()));
    let label = |code: &str| block.rater_label(code);
    let (label_w, right_pad, top, row) = (620, 60, 40, 80);
    let height = top + row * rows.len() as u32 + 90;
    let plot_w = WIDTH as i32 - label_w - right_pad;
    let (lo, hi) = (q.min as f64, q.max as f64);
    let x_of = |v: f64| label_w + ((v - lo) / (hi - lo) * plot_w as f64).round() as i32;
    let bottom = top as i32 + row as i32 * rows.len() as i32;
    draw(path, height, |area| {
        scale_ticks(area, q.min..=q.max, x_of, (top as i32, bottom))?;
        for (r, (g, ab, ba)) in rows.iter().enumerate() {
            let y = top as i32 + r as i32 * row as i32 + row as i32 / 2;
            let mark = if g.asymmetric { " *" } else { "" };
            let first = format!("{} ↔", wrap(&label(&g.a), 40, 1)[0]);
            let second = format!("{}{mark}", wrap(&label(&g.b), 40, 1)[0]);
            text(
                area,
                &first,
                (label_w - 16, y - 14),
                22.0,
                HPos::Right,
                &INK,
            )?;
            text(
                area,
                &second,
                (label_w - 16, y + 14),
                22.0,
                HPos::Right,
                &INK,
            )?;
            let width = if g.asymmetric { 5 } else { 2 };
            line(
                area,
                (x_of(*ab), y),
                (x_of(*ba), y),
                &RGBColor(150, 150, 150),
                width,
            )?;
            for (who, v) in [(&g.a, *ab), (&g.b, *ba)] {
                let colour = group_colour(&block.raters, who);
                area.draw(&Circle::new((x_of(v), y), 11, colour.filled()))
                    .map_err(fail)?;
            }
            // Which dot is whose: the rater's code above its dot, values apart enough to read.
            let (left, right) = if ab <= ba {
                ((&g.a, *ab), (&g.b, *ba))
            } else {
                ((&g.b, *ba), (&g.a, *ab))
            };
            text(
                area,
                &format!("{} {}", left.0, number(left.1, 1, lang)),
                (x_of(left.1) - 16, y - 24),
                21.0,
                HPos::Right,
                &INK,
            )?;
            text(
                area,
                &format!("{} {}", right.0, number(right.1, 1, lang)),
                (x_of(right.1) + 16, y - 24),
                21.0,
                HPos::Left,
                &INK,
            )?;
        }
        let note = pick(
            lang,
            "Elke stip: hoe die groep de samenwerking met de andere groep beoordeelt. * = asymmetrisch (Welch-t, Holm-gecorrigeerd, p < 0,05).",
            "Each dot: how that group rates its collaboration with the other. * = asymmetric (Welch t, Holm-adjusted, p < 0.05).",
        );
        text(area, note, (40, bottom + 62), 21.0, HPos::Left, &INK)
    })
}

/// Organisations on a circle, grouped by actor type; tie width by mean intensity, node size
/// by degree. A stated simple layout: positions depend only on the order of the nodes.
pub fn network(
    path: &Path,
    graph: &OrganisationGraph,
    groups: &[Party],
    max: f64,
    lang: Lang,
) -> anyhow::Result<()> {
    let n = graph.organisations.len();
    if n == 0 || graph.ties.is_empty() {
        return Ok(());
    }
    let mut order: Vec<usize> = (0..n).collect();
    let rank = |i: usize| {
        let g = graph.organisations[i].group.as_deref();
        g.and_then(|g| groups.iter().position(|p| p.code == g))
            .unwrap_or(groups.len())
    };
    order.sort_by_key(|&i| (rank(i), graph.organisations[i].label.clone()));
    // An ellipse: the canvas is wider than high, and labels need room left and right.
    let (cx, cy, rx, ry) = (800.0, 600.0, 440.0, 480.0);
    let mut angle = vec![0.0; n];
    let mut place = vec![(0, 0); n];
    for (k, &i) in order.iter().enumerate() {
        angle[i] = -PI / 2.0 + 2.0 * PI * (k as f64 + 0.5) / n as f64;
        place[i] = (
            (cx + rx * angle[i].cos()).round() as i32,
            (cy + ry * angle[i].sin()).round() as i32,
        );
    }
    let legend_rows = (groups.len() + 1).div_ceil(3) as u32;
    let height = LEGEND_TOP as u32 + legend_rows * 40;
    draw(path, height, |area| {
        let mut ties: Vec<_> = graph.ties.iter().collect();
        ties.sort_by(|a, b| a.weight.total_cmp(&b.weight));
        for t in ties {
            let share = (t.weight / max).clamp(0.0, 1.0);
            let width = 1 + (share * 8.0).round() as u32;
            let shade = (200.0 - 150.0 * share).round() as u8;
            line(
                area,
                place[t.a],
                place[t.b],
                &RGBColor(shade, shade, shade),
                width,
            )?;
        }
        for (i, org) in graph.organisations.iter().enumerate() {
            let colour = org
                .group
                .as_deref()
                .filter(|g| groups.iter().any(|p| p.code == *g))
                .map_or(RGBColor(150, 150, 150), |g| group_colour(groups, g));
            let size = 8 + 2 * graph.measures.per_node[i].degree.min(11) as i32;
            area.draw(&Circle::new(place[i], size, colour.filled()))
                .map_err(fail)?;
            // Beside the node, away from the centre; half a step off the vertical keeps
            // neighbours at the top and bottom on different rows.
            let (x, y) = place[i];
            let right = angle[i].cos() >= 0.0;
            let at = if right {
                (x + size + 8, y)
            } else {
                (x - size - 8, y)
            };
            let h = if right { HPos::Left } else { HPos::Right };
            text(area, &wrap(&org.label, 28, 1)[0], at, 21.0, h, &INK)?;
        }
        let unknown = pick(lang, "geen respondenten", "no respondents").to_string();
        let entries = groups
            .iter()
            .enumerate()
            .map(|(i, p)| (GROUP_COLOURS[i % GROUP_COLOURS.len()], p.label.clone()))
            .chain(std::iter::once((RGBColor(150, 150, 150), unknown)));
        for (k, (colour, label)) in entries.enumerate() {
            let (lx, ly) = (40 + (k % 3) as i32 * 520, LEGEND_TOP + (k / 3) as i32 * 40);
            area.draw(&Circle::new((lx + 12, ly), 11, colour.filled()))
                .map_err(fail)?;
            text(
                area,
                &wrap(&label, 36, 1)[0],
                (lx + 32, ly),
                22.0,
                HPos::Left,
                &INK,
            )?;
        }
        Ok(())
    })
}

/// Where the network diagram's legend starts, below the ellipse and its labels.
const LEGEND_TOP: i32 = 1190;

pub fn form_name(f: Form, lang: Lang) -> &'static str {
    match f {
        Form::Shared => pick(lang, "Gedeeld", "Shared"),
        Form::Lead => pick(lang, "Leidende organisatie", "Lead organisation"),
        Form::Nao => pick(
            lang,
            "Netwerkorganisatie (NAO)",
            "Network administrative organisation",
        ),
    }
}

pub fn level_name(l: Level, lang: Lang) -> &'static str {
    match l {
        Level::Low => pick(lang, "laag", "low"),
        Level::Moderate => pick(lang, "midden", "moderate"),
        Level::High => pick(lang, "hoog", "high"),
    }
}

/// Contingencies down, the three forms across: a dot where a contingency favours a form,
/// then the votes and the share of respondents who see each form. The perceived form's
/// column is shaded.
pub fn governance(path: &Path, fit: &GovernanceFit, lang: Lang) -> anyhow::Result<()> {
    let forms = [Form::Shared, Form::Lead, Form::Nao];
    let (label_w, head, row) = (700, 100, 84);
    let rows = fit.contingencies.len() as i32 + 2;
    let height = (head + row * rows + 30) as u32;
    let col_w = (WIDTH as i32 - label_w - 20) / 3;
    let x_mid = |c: usize| label_w + c as i32 * col_w + col_w / 2;
    let grey = RGBColor(90, 90, 90);
    draw(path, height, |area| {
        for (c, f) in forms.iter().enumerate() {
            let x0 = label_w + c as i32 * col_w;
            if fit.perceived_form == Some(*f) {
                let shade = RGBColor(255, 243, 205);
                rect(
                    area,
                    (x0 + 4, 10),
                    (x0 + col_w - 4, head + row * rows),
                    &shade,
                )?;
            }
            for (l, s) in wrap(form_name(*f, lang), 22, 2).iter().enumerate() {
                let at = (x_mid(c), 36 + l as i32 * 32);
                text(area, s, at, 27.0, HPos::Center, &INK)?;
            }
        }
        for (r, c) in fit.contingencies.iter().enumerate() {
            let y = head + r as i32 * row + row / 2;
            let rule = RGBColor(230, 230, 230);
            line(
                area,
                (20, y + row / 2),
                (WIDTH as i32 - 20, y + row / 2),
                &rule,
                1,
            )?;
            let level = c.level.map_or("–", |l| level_name(l, lang));
            let name = &wrap(&c.label, 44, 1)[0];
            text(area, name, (label_w - 20, y - 14), 24.0, HPos::Right, &INK)?;
            text(
                area,
                level,
                (label_w - 20, y + 16),
                24.0,
                HPos::Right,
                &grey,
            )?;
            for (k, f) in forms.iter().enumerate() {
                if c.favours.contains(f) {
                    let dot = Circle::new((x_mid(k), y), 20, RGBColor(0, 114, 178).filled());
                    area.draw(&dot).map_err(fail)?;
                }
            }
        }
        let y_votes = head + fit.contingencies.len() as i32 * row + row / 2;
        let votes_label = pick(lang, "Voorspeld (aantal stemmen)", "Predicted (votes)");
        text(
            area,
            votes_label,
            (label_w - 20, y_votes),
            25.0,
            HPos::Right,
            &INK,
        )?;
        for (k, (f, votes)) in fit.votes.iter().enumerate() {
            let top = fit.predicted.contains(f);
            let (s, size) = if top {
                (format!("{votes} ◆"), 32.0)
            } else {
                (votes.to_string(), 27.0)
            };
            text(area, &s, (x_mid(k), y_votes), size, HPos::Center, &INK)?;
        }
        let y_seen = y_votes + row;
        let seen_label = pick(
            lang,
            "Waargenomen (% respondenten)",
            "Perceived (% of respondents)",
        );
        text(
            area,
            seen_label,
            (label_w - 20, y_seen),
            25.0,
            HPos::Right,
            &INK,
        )?;
        for (k, (_, pct)) in fit.perceived.iter().enumerate() {
            let x0 = label_w + k as i32 * col_w + 20;
            let w = ((col_w - 110) as f64 * pct / 100.0).round() as i32;
            let bar = RGBColor(86, 180, 233);
            rect(area, (x0, y_seen - 16), (x0 + w.max(1), y_seen + 16), &bar)?;
            let pct = format!("{}%", number(*pct, 0, lang));
            text(area, &pct, (x0 + w + 10, y_seen), 25.0, HPos::Left, &INK)?;
        }
        Ok(())
    })
}
