//! Charts as inline SVG, drawn on the server so they need no JavaScript. Each chart has a
//! title and description for assistive technology, and the page shows the same figures in
//! a table beside it.

use crate::domain::governance::TrendPoint;

/// Escapes text for SVG (XML).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Short month label for an ISO date: "2026-11-23" gives "Nov".
fn month_label(iso: &str) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    iso.get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("")
}

/// Bars of the share of people in date on each trend day, 0 to 100%.
pub fn trend_svg(points: &[TrendPoint], id: &str) -> String {
    let (w, h, left, bottom, top) = (640.0, 260.0, 44.0, 32.0, 12.0);
    let plot_h = h - bottom - top;
    let step = (w - left - 8.0) / points.len().max(1) as f64;
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" class="mhsw-chart"><title id="{id}-title">Share of people in date with supervision, month by month</title><desc id="{id}-desc">{}</desc>"##,
        esc(&describe(points))
    );
    for pct in [0, 25, 50, 75, 100] {
        let y = top + plot_h * (1.0 - f64::from(pct) / 100.0);
        out.push_str(&format!(
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#d8dde0"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end" fill="#4c6272">{pct}%</text>"##,
            w - 8.0,
            left - 6.0,
            y + 4.0
        ));
    }
    for (i, p) in points.iter().enumerate() {
        let x = left + step * i as f64 + step * 0.15;
        let bar_w = step * 0.7;
        if let Some(share) = p.share {
            let bar_h = plot_h * share;
            out.push_str(&format!(
                r##"<rect x="{x:.1}" y="{:.1}" width="{bar_w:.1}" height="{bar_h:.1}" fill="#005eb8"/>"##,
                top + plot_h - bar_h
            ));
        }
        out.push_str(&format!(
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#212b32">{}</text>"##,
            x + bar_w / 2.0,
            h - 12.0,
            month_label(&p.on)
        ));
    }
    out.push_str("</svg>");
    out
}

/// A sentence for screen readers: the first and last values and the range.
fn describe(points: &[TrendPoint]) -> String {
    let shares: Vec<(String, f64)> = points
        .iter()
        .filter_map(|p| {
            let on = crate::domain::dates::parse_iso_day(&p.on)
                .map(crate::domain::dates::long)
                .unwrap_or_else(|| p.on.clone());
            p.share.map(|s| (on, s * 100.0))
        })
        .collect();
    match (shares.first(), shares.last()) {
        (Some(first), Some(last)) => format!(
            "{:.0}% in date on {}, {:.0}% on {}. The table after the chart gives every month.",
            first.1, first.0, last.1, last.0
        ),
        _ => "No one had a supervision expectation in this period.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(on: &str, share: Option<f64>) -> TrendPoint {
        TrendPoint {
            on: on.into(),
            people: 10,
            in_date: share.map_or(0, |s| (s * 10.0) as usize),
            share,
        }
    }

    #[test]
    fn bars_scale_with_the_share_and_the_chart_is_labelled() {
        let svg = trend_svg(
            &[
                point("2026-10-31", Some(0.5)),
                point("2026-11-23", Some(1.0)),
                point("2026-12-31", None),
            ],
            "t",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"aria-labelledby="t-title t-desc""#));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("50% in date on 31 October 2026, 100% on 23 November 2026"));
        assert!(svg.contains(">Oct<") && svg.contains(">Nov<"));
    }
}

/// One axis of a radar chart: a short label and this cycle's and the compared cycle's
/// mean rating (`None`: nothing rated).
pub struct RadarAxis<'a> {
    pub label: &'a str,
    pub now: Option<f64>,
    pub before: Option<f64>,
}

/// A radar (spider) chart of domain mean ratings on a 1-to-`max` scale: this cycle as a
/// filled shape, the compared cycle (if any) as a dashed outline. The page shows the same
/// figures in a table beside it; the description says so.
pub fn radar_svg(axes: &[RadarAxis<'_>], max: u8, id: &str, title: &str) -> String {
    let (size, centre, radius) = (420.0, 210.0, 150.0);
    let n = axes.len().max(1) as f64;
    let max = f64::from(max.max(1));
    let point = |i: usize, value: f64| {
        let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        let r = radius * (value / max).clamp(0.0, 1.0);
        (centre + r * angle.cos(), centre + r * angle.sin())
    };
    let rated = axes.iter().filter(|a| a.now.is_some()).count();
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" class="mhsw-chart mhsw-radar"><title id="{id}-title">{}</title><desc id="{id}-desc">Mean rating per domain, {rated} of {} domains rated, on a scale of 1 to {max}. The table beside the chart gives every figure.</desc>"##,
        esc(title),
        axes.len()
    );
    for ring in 1..=max as u32 {
        let pts: Vec<String> = (0..axes.len())
            .map(|i| {
                let (x, y) = point(i, f64::from(ring));
                format!("{x:.1},{y:.1}")
            })
            .collect();
        out.push_str(&format!(
            r##"<polygon points="{}" fill="none" stroke="#d8dde0"/>"##,
            pts.join(" ")
        ));
    }
    for (i, a) in axes.iter().enumerate() {
        let (x, y) = point(i, max);
        let (lx, ly) = point(i, max * 1.16);
        out.push_str(&format!(
            r##"<line x1="{centre}" y1="{centre}" x2="{x:.1}" y2="{y:.1}" stroke="#d8dde0"/><text x="{lx:.1}" y="{:.1}" font-size="14" text-anchor="middle" fill="#212b32">{}</text>"##,
            ly + 5.0,
            esc(a.label)
        ));
    }
    let shape = |values: Vec<Option<f64>>| -> String {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = point(i, v.unwrap_or(0.0));
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    if axes.iter().any(|a| a.before.is_some()) {
        out.push_str(&format!(
            r##"<polygon points="{}" fill="none" stroke="#4c6272" stroke-width="2" stroke-dasharray="6 4"/>"##,
            shape(axes.iter().map(|a| a.before).collect())
        ));
    }
    if rated > 0 {
        out.push_str(&format!(
            r##"<polygon points="{}" fill="#005eb8" fill-opacity="0.25" stroke="#005eb8" stroke-width="2"/>"##,
            shape(axes.iter().map(|a| a.now).collect())
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod radar_tests {
    use super::*;

    #[test]
    fn a_radar_has_one_label_per_domain_and_escapes_them() {
        let axes = [
            RadarAxis {
                label: "1",
                now: Some(4.0),
                before: Some(2.0),
            },
            RadarAxis {
                label: "2 & 3",
                now: None,
                before: None,
            },
            RadarAxis {
                label: "4",
                now: Some(1.0),
                before: None,
            },
        ];
        let svg = radar_svg(&axes, 4, "r", "Ratings <HEE>");
        assert!(svg.contains("2 &amp; 3"));
        assert!(svg.contains("Ratings &lt;HEE&gt;"));
        assert!(svg.contains("2 of 3 domains rated"));
        assert_eq!(
            svg.matches("stroke-dasharray").count(),
            1,
            "the compared cycle"
        );
        // A full rating reaches the outer ring: radius 150 from the centre at the top.
        assert!(svg.contains("210.0,60.0"));
    }
}

/// Horizontal bars of shares (percentages, 0 to 100), one per labelled group; a group whose
/// share is hidden (`None`) is named with "not shown" and has no bar.
pub fn share_bars_svg(bars: &[(String, Option<f64>)], id: &str, title: &str) -> String {
    let (w, row_h, left, right) = (640.0, 24.0, 230.0, 56.0);
    let h = row_h * bars.len().max(1) as f64 + 8.0;
    let plot_w = w - left - right;
    let described: Vec<String> = bars
        .iter()
        .map(|(label, share)| match share {
            Some(s) => format!("{label} {s}%"),
            None => format!("{label} not shown"),
        })
        .collect();
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" class="mhsw-chart"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"##,
        esc(title),
        esc(&described.join("; "))
    );
    for (i, (label, share)) in bars.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        out.push_str(&format!(
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#212b32">{}</text>"##,
            left - 8.0,
            y + row_h * 0.65,
            esc(label)
        ));
        let (bar_w, text) = match share {
            Some(s) => (plot_w * s.clamp(0.0, 100.0) / 100.0, format!("{s}%")),
            None => (0.0, "not shown".to_string()),
        };
        out.push_str(&format!(
            r##"<rect x="{left}" y="{:.1}" width="{bar_w:.1}" height="{:.1}" fill="#005eb8"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#4c6272">{text}</text>"##,
            y + 3.0,
            row_h - 6.0,
            left + bar_w + 6.0,
            y + row_h * 0.65
        ));
    }
    out.push_str("</svg>");
    out
}
