//! The partner matrix as a heatmap, and the perception gaps between pairs of groups.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::error::Result;
use crate::i18n::t;
use crate::lang::Lang;
use crate::report::format::number;
use crate::results::{Direction, Gap, PartnerBlock, Party, QuestionInfo};

use super::{
    Area, GROUP_COLOURS, INK, Png, SUPPRESSED, WIDTH, column_heads, draw, fail, line, rect,
    scale_ticks, text, wrap,
};

/// Light to dark blue for a share 0..1 of the scale: intensity is not good or bad.
fn blue(share: f64) -> RGBColor {
    let s = share.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * s).round() as u8;
    RGBColor(mix(239, 8), mix(243, 69), mix(255, 148))
}

/// The colour of a group, by its place among the rater groups (as in the other charts).
pub(super) fn group_colour(groups: &[Party], code: &str) -> RGBColor {
    let i = groups.iter().position(|g| g.code == code).unwrap_or(0);
    GROUP_COLOURS[i % GROUP_COLOURS.len()]
}

/// Rater groups down, partners across; each cell the mean answer, grey where withheld.
pub fn partner_heatmap(block: &PartnerBlock, q: &QuestionInfo, lang: Lang) -> Result<Option<Png>> {
    let raters: Vec<&Party> = block.raters.iter().filter(|r| !r.suppressed).collect();
    // Only the partners the question is asked about: a case-level question is not asked about
    // a partner that works on no cases, and that is no grey "too few answers".
    let partners: Vec<&Party> = block
        .partners
        .iter()
        .filter(|p| {
            block
                .matrix
                .iter()
                .any(|m| m.question == q.id && m.partner == p.code)
        })
        .collect();
    let (label_w, head, row) = (320, 120, 70);
    let height = head + row * raters.len() as u32 + 30;
    let cell_w = (WIDTH as i32 - label_w - 20) / partners.len().max(1) as i32;
    let span = (q.max - q.min).max(1) as f64;
    draw(height, |area| {
        text(
            area,
            t("chart.rater_partner", lang),
            (20, 24),
            20.0,
            HPos::Left,
            &INK,
        )?;
        let heads: Vec<&str> = partners.iter().map(|p| p.label.get(lang)).collect();
        column_heads(area, &heads, (label_w, cell_w), 24, 23.0, 3)?;
        for (r, rater) in raters.iter().enumerate() {
            let y0 = head as i32 + r as i32 * row as i32;
            let lines = wrap(rater.label.get(lang), 24, 2);
            for (l, s) in lines.iter().enumerate() {
                let y = y0 + row as i32 / 2 + (l as i32 * 2 - lines.len() as i32 + 1) * 14;
                text(area, s, (label_w - 14, y), 23.0, HPos::Right, &INK)?;
            }
            for (c, p) in partners.iter().enumerate() {
                let cell = block
                    .matrix
                    .iter()
                    .find(|m| m.question == q.id && m.rater == rater.code && m.partner == p.code);
                let mean = cell.and_then(|m| m.stats.shown()?.mean);
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
    .map(Some)
}

/// One pair in the gaps chart: how a rates b, how b rates a, and whether that differs.
struct PairRow<'a> {
    pair: &'a Gap,
    a_about_b: f64,
    b_about_a: f64,
    asymmetric: bool,
}

/// The gaps chart's value axis, right of the pairs' labels.
struct GapAxis {
    label_w: i32,
    plot_w: i32,
    lo: f64,
    hi: f64,
}

impl GapAxis {
    fn x_of(&self, v: f64) -> i32 {
        self.label_w + ((v - self.lo) / (self.hi - self.lo) * self.plot_w as f64).round() as i32
    }
}

/// One row per pair: how a rates b and how b rates a, joined by a line; asymmetric pairs
/// (Holm-adjusted Welch t below 0.05) are marked.
pub fn gaps(block: &PartnerBlock, q: &QuestionInfo, lang: Lang) -> Result<Option<Png>> {
    let rows = gap_rows(block, q);
    if rows.is_empty() {
        return Ok(None);
    }
    let (label_w, right_pad, top, row) = (620, 60, 40, 80);
    let height = top + row * rows.len() as u32 + 90;
    let axis = GapAxis {
        label_w,
        plot_w: WIDTH as i32 - label_w - right_pad,
        lo: q.min as f64,
        hi: q.max as f64,
    };
    let bottom = top as i32 + row as i32 * rows.len() as i32;
    draw(height, |area| {
        let x_of = |v: f64| axis.x_of(v);
        scale_ticks(area, q.min..=q.max, x_of, (top as i32, bottom))?;
        for (r, gap) in rows.iter().enumerate() {
            let y = top as i32 + r as i32 * row as i32 + row as i32 / 2;
            gap_row(area, &axis, block, gap, y, lang)?;
        }
        let note = t("chart.gaps_note", lang);
        text(area, note, (40, bottom + 62), 21.0, HPos::Left, &INK)
    })
    .map(Some)
}

/// The pairs of this question with both means shown, the widest gap first.
fn gap_rows<'a>(block: &'a PartnerBlock, q: &QuestionInfo) -> Vec<PairRow<'a>> {
    let mut rows: Vec<_> = block
        .gaps
        .iter()
        .filter(|g| g.question == q.id)
        .filter_map(|g| {
            let r = g.result.shown()?;
            let asymmetric = r
                .comparison
                .run()
                .is_some_and(|c| c.direction != Direction::Same);
            Some(PairRow {
                pair: g,
                a_about_b: r.a_about_b.mean?,
                b_about_a: r.b_about_a.mean?,
                asymmetric,
            })
        })
        .collect();
    let width = |g: &PairRow| (g.a_about_b - g.b_about_a).abs();
    rows.sort_by(|x, y| width(y).total_cmp(&width(x)));
    rows
}

/// One pair: both names left, a line between the two ratings, each dot in its rater's
/// colour and labelled with the rater's code and value.
fn gap_row(
    area: &Area,
    axis: &GapAxis,
    block: &PartnerBlock,
    gap: &PairRow,
    y: i32,
    lang: Lang,
) -> Result<()> {
    let x_of = |v: f64| axis.x_of(v);
    let label = |code: &str| block.rater_label(code).get(lang).to_string();
    let (g, ab, ba) = (gap.pair, gap.a_about_b, gap.b_about_a);
    let mark = if gap.asymmetric { " *" } else { "" };
    let first = format!("{} ↔", wrap(&label(&g.a), 40, 1)[0]);
    let second = format!("{}{mark}", wrap(&label(&g.b), 40, 1)[0]);
    let label_x = axis.label_w - 16;
    text(area, &first, (label_x, y - 14), 22.0, HPos::Right, &INK)?;
    text(area, &second, (label_x, y + 14), 22.0, HPos::Right, &INK)?;
    let width = if gap.asymmetric { 5 } else { 2 };
    line(
        area,
        (x_of(ab), y),
        (x_of(ba), y),
        &RGBColor(150, 150, 150),
        width,
    )?;
    for (who, v) in [(&g.a, ab), (&g.b, ba)] {
        let colour = group_colour(&block.raters, who);
        area.draw(&Circle::new((x_of(v), y), 11, colour.filled()))
            .map_err(fail)?;
    }
    // Which dot is whose: the rater's code above its dot, values apart enough to read.
    let (left, right) = if ab <= ba {
        ((&g.a, ab), (&g.b, ba))
    } else {
        ((&g.b, ba), (&g.a, ab))
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
    )
}
