//! The Provan–Kenis fit panel: which form each contingency favours, the votes, and the form
//! respondents see.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::error::Result;
use crate::i18n::phrase;
use crate::i18n::t;
use crate::lang::Lang;
use crate::report::format::number;
use crate::results::{Form, GovernanceFit};

use super::{Area, INK, Png, WIDTH, draw, fail, line, rect, text, wrap};

/// The forms in the order of the columns.
const FORMS: [Form; 3] = [Form::Shared, Form::Lead, Form::Nao];

/// The panel's grid: a label column, a header, then one row per contingency and two more
/// for the votes and the perceived form.
struct Grid {
    label_w: i32,
    head: i32,
    row: i32,
    rows: i32,
    col_w: i32,
}

impl Grid {
    /// The x of the middle of a form's column.
    fn x_mid(&self, c: usize) -> i32 {
        self.label_w + c as i32 * self.col_w + self.col_w / 2
    }
}

/// Contingencies down, the three forms across: a dot where a contingency favours a form,
/// then the votes and the share of respondents who see each form. The perceived form's
/// column is shaded.
pub fn governance(fit: &GovernanceFit, lang: Lang) -> Result<Option<Png>> {
    let (label_w, head, row) = (700, 100, 84);
    let rows = fit.contingencies.len() as i32 + 2;
    let height = (head + row * rows + 30) as u32;
    let grid = Grid {
        label_w,
        head,
        row,
        rows,
        col_w: (WIDTH as i32 - label_w - 20) / 3,
    };
    draw(height, |area| {
        form_columns(area, &grid, fit, lang)?;
        contingency_rows(area, &grid, fit, lang)?;
        let y_votes = head + fit.contingencies.len() as i32 * row + row / 2;
        votes_row(area, &grid, fit, y_votes, lang)?;
        perceived_row(area, &grid, fit, y_votes + row, lang)
    })
    .map(Some)
}

/// The forms' names over their columns, the perceived form's column shaded.
fn form_columns(area: &Area, grid: &Grid, fit: &GovernanceFit, lang: Lang) -> Result<()> {
    let col_w = grid.col_w;
    for (c, f) in FORMS.iter().enumerate() {
        let x0 = grid.label_w + c as i32 * col_w;
        if fit.perceived_form == Some(*f) {
            let shade = RGBColor(255, 243, 205);
            rect(
                area,
                (x0 + 4, 10),
                (x0 + col_w - 4, grid.head + grid.row * grid.rows),
                &shade,
            )?;
        }
        for (l, s) in wrap(&phrase("form", f, lang), 22, 2).iter().enumerate() {
            let at = (grid.x_mid(c), 36 + l as i32 * 32);
            text(area, s, at, 27.0, HPos::Center, &INK)?;
        }
    }
    Ok(())
}

/// One row per contingency: its name and level, and a dot under each form it favours.
fn contingency_rows(area: &Area, grid: &Grid, fit: &GovernanceFit, lang: Lang) -> Result<()> {
    let (label_w, row) = (grid.label_w, grid.row);
    let grey = RGBColor(90, 90, 90);
    for (r, c) in fit.contingencies.iter().enumerate() {
        let y = grid.head + r as i32 * row + row / 2;
        let rule = RGBColor(230, 230, 230);
        line(
            area,
            (20, y + row / 2),
            (WIDTH as i32 - 20, y + row / 2),
            &rule,
            1,
        )?;
        let level = c
            .level
            .map_or("–".to_string(), |l| phrase("level", &l, lang));
        let name = &wrap(c.label.get(lang), 44, 1)[0];
        text(area, name, (label_w - 20, y - 14), 24.0, HPos::Right, &INK)?;
        text(
            area,
            &level,
            (label_w - 20, y + 16),
            24.0,
            HPos::Right,
            &grey,
        )?;
        for (k, f) in FORMS.iter().enumerate() {
            if c.favours.contains(f) {
                let dot = Circle::new((grid.x_mid(k), y), 20, RGBColor(0, 114, 178).filled());
                area.draw(&dot).map_err(fail)?;
            }
        }
    }
    Ok(())
}

/// The votes per form; the predicted form's count is larger and marked with a diamond.
fn votes_row(area: &Area, grid: &Grid, fit: &GovernanceFit, y: i32, lang: Lang) -> Result<()> {
    let votes_label = t("chart.predicted_votes", lang);
    text(
        area,
        votes_label,
        (grid.label_w - 20, y),
        25.0,
        HPos::Right,
        &INK,
    )?;
    for (k, v) in fit.votes.iter().enumerate() {
        let (top, votes) = (fit.predicted.contains(&v.form), v.votes);
        let (s, size) = if top {
            (format!("{votes} ◆"), 32.0)
        } else {
            (votes.to_string(), 27.0)
        };
        text(area, &s, (grid.x_mid(k), y), size, HPos::Center, &INK)?;
    }
    Ok(())
}

/// The share of respondents who see each form, as a bar with its percentage.
fn perceived_row(area: &Area, grid: &Grid, fit: &GovernanceFit, y: i32, lang: Lang) -> Result<()> {
    let seen_label = t("chart.perceived_share", lang);
    text(
        area,
        seen_label,
        (grid.label_w - 20, y),
        25.0,
        HPos::Right,
        &INK,
    )?;
    for (k, share) in fit.perceived.iter().enumerate() {
        let pct = &share.percent;
        let x0 = grid.label_w + k as i32 * grid.col_w + 20;
        let w = ((grid.col_w - 110) as f64 * pct / 100.0).round() as i32;
        let bar = RGBColor(86, 180, 233);
        rect(area, (x0, y - 16), (x0 + w.max(1), y + 16), &bar)?;
        let pct = format!("{}%", number(*pct, 0, lang));
        text(area, &pct, (x0 + w + 10, y), 25.0, HPos::Left, &INK)?;
    }
    Ok(())
}
