//! The overview of all constructs per group: the heatmap of means and the profile.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{
    GRID, GROUP_COLOURS, INK, Png, SUPPRESSED, WIDTH, draw, fail, light_colour, line, rect, text,
    wrap,
};
use crate::error::Result;
use crate::i18n::t;
use crate::lang::Lang;
use crate::report::format::number;
use crate::results::Measure;

/// A heatmap of constructs (rows) by groups (columns), each cell its mean, coloured by the
/// traffic light where the construct has one.
pub fn heatmap(constructs: &[&Measure], lang: Lang) -> Result<Option<Png>> {
    let Some(first) = constructs.first() else {
        return Ok(None);
    };
    let columns: Vec<(usize, String)> = first
        .groups
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            constructs
                .iter()
                .any(|m| !m.groups[*i].summary.is_suppressed())
        })
        .map(|(i, g)| (i, g.label.get(lang).to_string()))
        .collect();
    let total = t("chart.total", lang).to_string();
    let (label_w, head) = (420, 90);
    let row = 58;
    let height = head + row * constructs.len() as u32 + 20;
    let n_cols = columns.len() as i32 + 1;
    let cell_w = (WIDTH as i32 - label_w - 20) / n_cols;
    draw(height, |area| {
        for (c, name) in columns
            .iter()
            .map(|(_, l)| l)
            .chain(std::iter::once(&total))
            .enumerate()
        {
            let x = label_w + c as i32 * cell_w + cell_w / 2;
            for (l, s) in wrap(name, 14, 2).iter().enumerate() {
                text(area, s, (x, 30 + l as i32 * 26), 21.0, HPos::Center, &INK)?;
            }
        }
        for (r, m) in constructs.iter().enumerate() {
            let y0 = head as i32 + r as i32 * row as i32;
            let lines = wrap(m.label.get(lang), 30, 2);
            for (l, s) in lines.iter().enumerate() {
                let y = y0 + row as i32 / 2 + (l as i32 * 2 - lines.len() as i32 + 1) * 12;
                text(area, s, (label_w - 14, y), 21.0, HPos::Right, &INK)?;
            }
            let cells = columns
                .iter()
                .map(|(i, _)| {
                    let summary = m.groups[*i].summary.shown();
                    (
                        summary.and_then(|s| s.stats.as_ref()?.mean),
                        summary.and_then(|s| s.light),
                    )
                })
                .chain(std::iter::once((
                    m.total.stats.as_ref().and_then(|s| s.mean),
                    m.total.light,
                )));
            for (c, (mean, light)) in cells.enumerate() {
                let x0 = label_w + c as i32 * cell_w;
                let fill = match (mean, light) {
                    (None, _) => SUPPRESSED,
                    (Some(_), Some(l)) => light_colour(l),
                    (Some(_), None) => RGBColor(222, 235, 247),
                };
                rect(
                    area,
                    (x0 + 2, y0 + 2),
                    (x0 + cell_w - 2, y0 + row as i32 - 2),
                    &fill,
                )?;
                let label = mean.map_or("–".to_string(), |v| number(v, 2, lang));
                text(
                    area,
                    &label,
                    (x0 + cell_w / 2, y0 + row as i32 / 2),
                    23.0,
                    HPos::Center,
                    &INK,
                )?;
            }
        }
        Ok(())
    })
    .map(Some)
}

/// The profile of every construct per group: a dot per group on each construct's row, on an
/// axis zoomed to where the means are (in half points), so that differences can be seen.
pub fn profile(constructs: &[&Measure], lang: Lang) -> Result<Option<Png>> {
    let Some(first) = constructs.first() else {
        return Ok(None);
    };
    let mean = |m: &Measure, g: usize| m.groups[g].summary.shown()?.stats.as_ref()?.mean;
    let shown: Vec<usize> = (0..first.groups.len())
        .filter(|&i| constructs.iter().all(|m| mean(m, i).is_some()))
        .collect();
    let (label_w, right_pad, top, row) = (420, 40, 20, 54);
    let legend_rows = shown.len().div_ceil(3) as u32;
    let height = top + row * constructs.len() as u32 + 60 + legend_rows * 40 + 20;
    let plot_w = WIDTH as i32 - label_w - right_pad;
    let means: Vec<f64> = constructs
        .iter()
        .flat_map(|m| shown.iter().filter_map(|&g| mean(m, g)))
        .collect();
    let (scale_lo, scale_hi) = (first.scale.min as f64, first.scale.max as f64);
    let lo = ((means.iter().copied().fold(scale_hi, f64::min) - 0.25) * 2.0)
        .floor()
        .max(scale_lo * 2.0)
        / 2.0;
    let hi = ((means.iter().copied().fold(scale_lo, f64::max) + 0.25) * 2.0)
        .ceil()
        .min(scale_hi * 2.0)
        / 2.0;
    let x_of = |v: f64| label_w + ((v - lo) / (hi - lo) * plot_w as f64).round() as i32;
    let bottom = (top + row * constructs.len() as u32) as i32;
    draw(height, |area| {
        let steps = ((hi - lo) * 2.0).round() as i32;
        for step in 0..=steps {
            let v = lo + step as f64 / 2.0;
            let x = x_of(v);
            line(area, (x, top as i32), (x, bottom), &GRID, 1)?;
            text(
                area,
                &number(v, 1, lang),
                (x, bottom + 22),
                22.0,
                HPos::Center,
                &INK,
            )?;
        }
        for (r, m) in constructs.iter().enumerate() {
            let y = top as i32 + r as i32 * row as i32 + row as i32 / 2;
            line(
                area,
                (label_w, y),
                (WIDTH as i32 - right_pad, y),
                &RGBColor(238, 238, 238),
                1,
            )?;
            text(
                area,
                &wrap(m.label.get(lang), 32, 1)[0],
                (label_w - 16, y),
                21.0,
                HPos::Right,
                &INK,
            )?;
        }
        for (s, &g) in shown.iter().enumerate() {
            let colour = GROUP_COLOURS[g % GROUP_COLOURS.len()];
            let points: Vec<(i32, i32)> = constructs
                .iter()
                .enumerate()
                .filter_map(|(r, m)| {
                    let mean = mean(m, g)?;
                    Some((
                        x_of(mean),
                        top as i32 + r as i32 * row as i32 + row as i32 / 2,
                    ))
                })
                .collect();
            for p in points {
                area.draw(&Circle::new(p, 9, colour.filled()))
                    .map_err(fail)?;
            }
            let (lx, ly) = (40 + (s % 3) as i32 * 520, bottom + 60 + (s / 3) as i32 * 40);
            rect(area, (lx, ly - 10), (lx + 36, ly + 10), &colour)?;
            text(
                area,
                first.groups[g].label.get(lang),
                (lx + 46, ly),
                21.0,
                HPos::Left,
                &INK,
            )?;
        }
        Ok(())
    })
    .map(Some)
}
