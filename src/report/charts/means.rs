//! A construct's mean per group with its confidence interval, over the traffic-light bands.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{GROUP_COLOURS, INK, Png, WIDTH, draw, fail, line, rect, scale_ticks, text, wrap};
use crate::error::Result;
use crate::i18n::t;
use crate::lang::Lang;
use crate::report::format::number;
use crate::results::Measure;

/// Mean per group with its 95% confidence interval, on the scale's full range, over the
/// traffic-light bands where the construct has them.
pub fn means(m: &Measure, bands: Option<(f64, f64)>, lang: Lang) -> Result<Option<Png>> {
    let total = m.total.stats.as_ref();
    let rows: Vec<(String, f64, Option<[f64; 2]>, bool)> = m
        .groups
        .iter()
        .filter_map(|g| {
            let s = g.summary.shown()?.stats.as_ref()?;
            Some((g.label.get(lang).to_string(), s.mean?, s.ci95, false))
        })
        .chain(total.and_then(|s| {
            let label = t("chart.total", lang).to_string();
            Some((label, s.mean?, s.ci95, true))
        }))
        .collect();
    let row = 56;
    let top = 20;
    let height = top + row * rows.len() as u32 + 70;
    let (label_w, right_pad) = (470, 130);
    let plot_w = WIDTH as i32 - label_w - right_pad;
    let (lo, hi) = (m.scale.min as f64, m.scale.max as f64);
    let x_of = |v: f64| label_w + ((v - lo) / (hi - lo) * plot_w as f64).round() as i32;
    let bottom = (top + row * rows.len() as u32) as i32;
    draw(height, |area| {
        if let Some((amber, green)) = bands {
            rect(
                area,
                (x_of(lo), top as i32),
                (x_of(amber), bottom),
                &RGBColor(253, 224, 221),
            )?;
            rect(
                area,
                (x_of(amber), top as i32),
                (x_of(green), bottom),
                &RGBColor(254, 240, 200),
            )?;
            rect(
                area,
                (x_of(green), top as i32),
                (x_of(hi), bottom),
                &RGBColor(220, 240, 214),
            )?;
        }
        scale_ticks(area, m.scale.min..=m.scale.max, x_of, (top as i32, bottom))?;
        for (i, (label, mean, ci, total)) in rows.iter().enumerate() {
            let y = top as i32 + i as i32 * row as i32 + row as i32 / 2;
            let colour = if *total {
                INK
            } else {
                GROUP_COLOURS[i % GROUP_COLOURS.len()]
            };
            let lines = wrap(label, 34, 2);
            for (l, s) in lines.iter().enumerate() {
                text(
                    area,
                    s,
                    (
                        label_w - 16,
                        y + (l as i32 * 2 - lines.len() as i32 + 1) * 12,
                    ),
                    22.0,
                    HPos::Right,
                    &INK,
                )?;
            }
            if let Some([a, b]) = ci {
                line(area, (x_of(a.max(lo)), y), (x_of(b.min(hi)), y), &colour, 4)?;
                line(
                    area,
                    (x_of(a.max(lo)), y - 10),
                    (x_of(a.max(lo)), y + 10),
                    &colour,
                    3,
                )?;
                line(
                    area,
                    (x_of(b.min(hi)), y - 10),
                    (x_of(b.min(hi)), y + 10),
                    &colour,
                    3,
                )?;
            }
            area.draw(&Circle::new((x_of(*mean), y), 11, colour.filled()))
                .map_err(fail)?;
            text(
                area,
                &number(*mean, 2, lang),
                (WIDTH as i32 - right_pad + 20, y),
                24.0,
                HPos::Left,
                &INK,
            )?;
        }
        Ok(())
    })
    .map(Some)
}
