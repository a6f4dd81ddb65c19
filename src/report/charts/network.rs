//! The organisation network: organisations on an ellipse, grouped by actor type.

use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::error::Result;
use crate::i18n::t;
use crate::lang::Lang;
use crate::results::{GraphTie, OrganisationGraph, Party};

use super::partners::group_colour;
use super::{Area, GROUP_COLOURS, INK, Png, draw, fail, line, text, wrap};

/// Organisations on a circle, grouped by actor type; tie width by mean intensity, node size
/// by degree. A stated simple layout: positions depend only on the order of the nodes.
pub fn network(
    graph: &OrganisationGraph,
    groups: &[Party],
    max: f64,
    lang: Lang,
) -> Result<Option<Png>> {
    if graph.organisations.is_empty() || graph.ties.is_empty() {
        return Ok(None);
    }
    let (angle, place) = ellipse(graph, groups, lang);
    let legend_rows = (groups.len() + 1).div_ceil(3) as u32;
    let height = LEGEND_TOP as u32 + legend_rows * 40;
    draw(height, |area| {
        ties(area, graph, &place, max)?;
        nodes(area, graph, groups, (&angle, &place), lang)?;
        legend(area, groups, lang)
    })
    .map(Some)
}

/// The angle and the pixel position of every organisation on the ellipse, in the order of
/// their groups and then their names.
fn ellipse(graph: &OrganisationGraph, groups: &[Party], lang: Lang) -> (Vec<f64>, Vec<(i32, i32)>) {
    let n = graph.organisations.len();
    let mut order: Vec<usize> = (0..n).collect();
    let rank = |i: usize| {
        let g = graph.organisations[i].group.as_deref();
        g.and_then(|g| groups.iter().position(|p| p.code == g))
            .unwrap_or(groups.len())
    };
    order.sort_by_key(|&i| (rank(i), graph.organisations[i].label.get(lang).to_string()));
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
    (angle, place)
}

/// The ties, lightest first so that strong ties lie on top.
fn ties(area: &Area, graph: &OrganisationGraph, place: &[(i32, i32)], max: f64) -> Result<()> {
    // A tie whose weight is withheld is drawn at the lightest shade.
    let weight = |t: &GraphTie| t.weight.shown().copied().unwrap_or(0.0);
    let mut ties: Vec<_> = graph.ties.iter().collect();
    ties.sort_by(|a, b| weight(a).total_cmp(&weight(b)));
    for t in ties {
        let share = (weight(t) / max).clamp(0.0, 1.0);
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
    Ok(())
}

/// Every organisation as a dot in its group's colour, with its name beside it.
fn nodes(
    area: &Area,
    graph: &OrganisationGraph,
    groups: &[Party],
    (angle, place): (&[f64], &[(i32, i32)]),
    lang: Lang,
) -> Result<()> {
    for (i, org) in graph.organisations.iter().enumerate() {
        let colour = org
            .group
            .as_deref()
            .filter(|g| groups.iter().any(|p| p.code == *g))
            .map_or(RGBColor(150, 150, 150), |g| group_colour(groups, g));
        let size = 8 + 2 * graph.measures.per_node[i].degree.min(11) as i32;
        area.draw(&Circle::new(place[i], size, colour.filled()))
            .map_err(fail)?;
        // Beside the node, away from the centre. Near the top and the bottom of the ellipse
        // the next node is hardly higher or lower, so a name beside its node would run across
        // it: there the name goes above or below its node, still away from the centre.
        let (x, y) = place[i];
        let (right, vertical) = (angle[i].cos() >= 0.0, angle[i].sin());
        let at = if vertical.abs() > 0.95 {
            (x, y + vertical.signum() as i32 * (size + 14))
        } else if right {
            (x + size + 8, y)
        } else {
            (x - size - 8, y)
        };
        let h = if right { HPos::Left } else { HPos::Right };
        text(
            area,
            &wrap(org.label.get(lang), 28, 1)[0],
            at,
            21.0,
            h,
            &INK,
        )?;
    }
    Ok(())
}

/// The groups' colours in three columns, and grey for organisations without respondents.
fn legend(area: &Area, groups: &[Party], lang: Lang) -> Result<()> {
    let unknown = t("chart.no_respondents", lang).to_string();
    let entries = groups
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let colour = GROUP_COLOURS[i % GROUP_COLOURS.len()];
            (colour, p.label.get(lang).to_string())
        })
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
}

/// Where the network diagram's legend starts, below the ellipse and its labels.
const LEGEND_TOP: i32 = 1190;
