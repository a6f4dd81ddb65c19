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

use super::{INK, Png, WIDTH, draw, fail, line, rect, text, wrap};

/// Contingencies down, the three forms across: a dot where a contingency favours a form,
/// then the votes and the share of respondents who see each form. The perceived form's
/// column is shaded.
pub fn governance(fit: &GovernanceFit, lang: Lang) -> Result<Option<Png>> {
    let forms = [Form::Shared, Form::Lead, Form::Nao];
    let (label_w, head, row) = (700, 100, 84);
    let rows = fit.contingencies.len() as i32 + 2;
    let height = (head + row * rows + 30) as u32;
    let col_w = (WIDTH as i32 - label_w - 20) / 3;
    let x_mid = |c: usize| label_w + c as i32 * col_w + col_w / 2;
    let grey = RGBColor(90, 90, 90);
    draw(height, |area| {
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
            for (l, s) in wrap(&phrase("form", f, lang), 22, 2).iter().enumerate() {
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
            for (k, f) in forms.iter().enumerate() {
                if c.favours.contains(f) {
                    let dot = Circle::new((x_mid(k), y), 20, RGBColor(0, 114, 178).filled());
                    area.draw(&dot).map_err(fail)?;
                }
            }
        }
        let y_votes = head + fit.contingencies.len() as i32 * row + row / 2;
        let votes_label = t("chart.predicted_votes", lang);
        text(
            area,
            votes_label,
            (label_w - 20, y_votes),
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
            text(area, &s, (x_mid(k), y_votes), size, HPos::Center, &INK)?;
        }
        let y_seen = y_votes + row;
        let seen_label = t("chart.perceived_share", lang);
        text(
            area,
            seen_label,
            (label_w - 20, y_seen),
            25.0,
            HPos::Right,
            &INK,
        )?;
        for (k, share) in fit.perceived.iter().enumerate() {
            let pct = &share.percent;
            let x0 = label_w + k as i32 * col_w + 20;
            let w = ((col_w - 110) as f64 * pct / 100.0).round() as i32;
            let bar = RGBColor(86, 180, 233);
            rect(area, (x0, y_seen - 16), (x0 + w.max(1), y_seen + 16), &bar)?;
            let pct = format!("{}%", number(*pct, 0, lang));
            text(area, &pct, (x0 + w + 10, y_seen), 25.0, HPos::Left, &INK)?;
        }
        Ok(())
    })
    .map(Some)
}
