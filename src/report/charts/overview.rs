//! The overview of all constructs per group: the heatmap of means and the profile.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{
    Area, GRID, GROUP_COLOURS, INK, Png, SUPPRESSED, WIDTH, column_heads, draw, fail, light_colour,
    line, rect, text, wrap,
};
use crate::error::Result;
use crate::i18n::t;
use crate::lang::Lang;
use crate::report::format::number;
use crate::results::Measure;

/// The heatmap's grid: a label column, a header of group names, equal cells.
struct Cells {
    label_w: i32,
    head: i32,
    row: i32,
    cell_w: i32,
}

/// A heatmap of constructs (rows) by groups (columns), each cell its mean, coloured by the
/// traffic light where the construct has one.
pub fn heatmap(constructs: &[&Measure], lang: Lang) -> Result<Option<Png>> {
    let Some(first) = constructs.first() else {
        return Ok(None);
    };
    // A group is a column when any construct shows it.
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
    let cells = Cells {
        label_w,
        head: head as i32,
        row: row as i32,
        cell_w: (WIDTH as i32 - label_w - 20) / n_cols,
    };
    draw(height, |area| {
        let heads: Vec<&str> = columns
            .iter()
            .map(|(_, l)| l.as_str())
            .chain(std::iter::once(total.as_str()))
            .collect();
        column_heads(area, &heads, (label_w, cells.cell_w), 24, 21.0, 3)?;
        for (r, m) in constructs.iter().enumerate() {
            heatmap_row(area, &cells, r, m, &columns, lang)?;
        }
        Ok(())
    })
    .map(Some)
}

/// One construct: its label, then a cell per column and one for the total.
fn heatmap_row(
    area: &Area,
    cells: &Cells,
    r: usize,
    m: &Measure,
    columns: &[(usize, String)],
    lang: Lang,
) -> Result<()> {
    let (label_w, row, cell_w) = (cells.label_w, cells.row, cells.cell_w);
    let y0 = cells.head + r as i32 * row;
    let lines = wrap(m.label.get(lang), 30, 2);
    for (l, s) in lines.iter().enumerate() {
        let y = y0 + row / 2 + (l as i32 * 2 - lines.len() as i32 + 1) * 12;
        text(area, s, (label_w - 14, y), 21.0, HPos::Right, &INK)?;
    }
    let values = columns
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
    for (c, (mean, light)) in values.enumerate() {
        let x0 = label_w + c as i32 * cell_w;
        let fill = match (mean, light) {
            (None, _) => SUPPRESSED,
            (Some(_), Some(l)) => light_colour(l),
            // A condition without a verdict: white, apart from every verdict's colour.
            (Some(_), None) => RGBColor(255, 255, 255),
        };
        rect(
            area,
            (x0 + 2, y0 + 2),
            (x0 + cell_w - 2, y0 + row - 2),
            &fill,
        )?;
        let label = mean.map_or("–".to_string(), |v| number(v, 2, lang));
        text(
            area,
            &label,
            (x0 + cell_w / 2, y0 + row / 2),
            23.0,
            HPos::Center,
            &INK,
        )?;
    }
    Ok(())
}

/// The profile's rows and its zoomed value axis.
struct Rows {
    label_w: i32,
    right_pad: i32,
    top: i32,
    row: i32,
    bottom: i32,
    plot_w: i32,
    lo: f64,
    hi: f64,
}

impl Rows {
    fn x_of(&self, v: f64) -> i32 {
        self.label_w + ((v - self.lo) / (self.hi - self.lo) * self.plot_w as f64).round() as i32
    }

    /// The y of the middle of the r-th construct's row.
    fn y_of(&self, r: usize) -> i32 {
        self.top + r as i32 * self.row + self.row / 2
    }
}

/// A construct's mean for a group, where it is shown.
fn group_mean(m: &Measure, g: usize) -> Option<f64> {
    m.groups[g].summary.shown()?.stats.as_ref()?.mean
}

/// The profile of every construct per group: a dot per group on each construct's row, on an
/// axis zoomed to where the means are (in half points), so that differences can be seen.
pub fn profile(constructs: &[&Measure], lang: Lang) -> Result<Option<Png>> {
    let Some(first) = constructs.first() else {
        return Ok(None);
    };
    // Only groups with a mean on every construct, so that each one's profile is complete.
    let shown: Vec<usize> = (0..first.groups.len())
        .filter(|&i| constructs.iter().all(|m| group_mean(m, i).is_some()))
        .collect();
    let (label_w, right_pad, top, row) = (420, 40, 20, 54);
    let legend_rows = shown.len().div_ceil(3) as u32;
    let height = top + row * constructs.len() as u32 + 60 + legend_rows * 40 + 20;
    let (lo, hi) = zoomed_range(constructs, &shown, first);
    let rows = Rows {
        label_w,
        right_pad,
        top: top as i32,
        row: row as i32,
        bottom: (top + row * constructs.len() as u32) as i32,
        plot_w: WIDTH as i32 - label_w - right_pad,
        lo,
        hi,
    };
    draw(height, |area| {
        half_point_ticks(area, &rows, lang)?;
        construct_rows(area, &rows, constructs, lang)?;
        for (s, &g) in shown.iter().enumerate() {
            group_dots(area, &rows, constructs, (s, g), first, lang)?;
        }
        Ok(())
    })
    .map(Some)
}

/// The range of the shown means with a quarter point to spare, in half points, within the
/// scale.
fn zoomed_range(constructs: &[&Measure], shown: &[usize], first: &Measure) -> (f64, f64) {
    let means: Vec<f64> = constructs
        .iter()
        .flat_map(|m| shown.iter().filter_map(|&g| group_mean(m, g)))
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
    (lo, hi)
}

/// A vertical grid line with its value at every half point of the zoomed axis.
fn half_point_ticks(area: &Area, rows: &Rows, lang: Lang) -> Result<()> {
    let (lo, hi) = (rows.lo, rows.hi);
    let steps = ((hi - lo) * 2.0).round() as i32;
    for step in 0..=steps {
        let v = lo + step as f64 / 2.0;
        let x = rows.x_of(v);
        line(area, (x, rows.top), (x, rows.bottom), &GRID, 1)?;
        text(
            area,
            &number(v, 1, lang),
            (x, rows.bottom + 22),
            22.0,
            HPos::Center,
            &INK,
        )?;
    }
    Ok(())
}

/// A light rule across each construct's row, with its label before the axis.
fn construct_rows(area: &Area, rows: &Rows, constructs: &[&Measure], lang: Lang) -> Result<()> {
    for (r, m) in constructs.iter().enumerate() {
        let y = rows.y_of(r);
        line(
            area,
            (rows.label_w, y),
            (WIDTH as i32 - rows.right_pad, y),
            &RGBColor(238, 238, 238),
            1,
        )?;
        text(
            area,
            &wrap(m.label.get(lang), 32, 1)[0],
            (rows.label_w - 16, y),
            21.0,
            HPos::Right,
            &INK,
        )?;
    }
    Ok(())
}

/// Group g's dot on every construct's row, and its entry (the s-th) in the legend.
fn group_dots(
    area: &Area,
    rows: &Rows,
    constructs: &[&Measure],
    (s, g): (usize, usize),
    first: &Measure,
    lang: Lang,
) -> Result<()> {
    let colour = GROUP_COLOURS[g % GROUP_COLOURS.len()];
    let points: Vec<(i32, i32)> = constructs
        .iter()
        .enumerate()
        .filter_map(|(r, m)| Some((rows.x_of(group_mean(m, g)?), rows.y_of(r))))
        .collect();
    for p in points {
        area.draw(&Circle::new(p, 9, colour.filled()))
            .map_err(fail)?;
    }
    let (lx, ly) = (
        40 + (s % 3) as i32 * 520,
        rows.bottom + 60 + (s / 3) as i32 * 40,
    );
    rect(area, (lx, ly - 10), (lx + 36, ly + 10), &colour)?;
    text(
        area,
        first.groups[g].label.get(lang),
        (lx + 46, ly),
        21.0,
        HPos::Left,
        &INK,
    )
}
