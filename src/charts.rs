//! Server-rendered SVG charts for the figures pages: no script and no chart library in the
//! browser. Two shapes cover the figures (columns over days, horizontal bars of one or two
//! stacked parts), so they are written here in a few lines rather than pulling in a plotting
//! crate and its fonts. Each chart is an image with a name (`role="img"`, `aria-label`); the
//! page puts a table with the same numbers beside it for screen readers and for copying.
//! Every text is XML-escaped.

use std::fmt::Write;

/// The drawing's width in SVG units; it scales to its container. Narrow enough that its
/// 15-unit text stays readable (about 12 px) on a 390 px phone.
const WIDTH: f64 = 480.0;
const LABEL_WIDTH: f64 = 170.0;
/// The longest label drawn whole, in characters (the table beside has every label whole).
const LABEL_CHARS: usize = 20;
const ROW: f64 = 28.0;
/// The colours of the first and second parts of a bar (4.5:1 or more against white).
const COLOURS: [&str; 2] = ["#1d4ed8", "#b45309"];

/// One horizontal bar: up to two stacked parts, and the text written after it.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub parts: [f64; 2],
    pub text: String,
}

/// `text` made safe inside an XML text node or attribute value.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `label`, with an ellipsis when cut (the table has it whole).
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn open(title: &str, height: f64) -> String {
    let title = xml(title);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-label=\"{title}\" font-family=\"sans-serif\" font-size=\"15\">\
         <title>{title}</title>"
    )
}

/// Horizontal bars, one per row, scaled so the longest reaches the right edge (or to `max`
/// when given: 1.0 for rates).
pub fn bars(title: &str, rows: &[Bar], max: Option<f64>) -> String {
    let height = ROW * rows.len().max(1) as f64 + 8.0;
    let longest = rows
        .iter()
        .map(|b| b.parts.iter().sum::<f64>())
        .fold(0.0_f64, f64::max);
    let scale_to = max.unwrap_or(longest).max(f64::EPSILON);
    let room = WIDTH - LABEL_WIDTH - 90.0;
    let mut svg = open(title, height);
    for (i, bar) in rows.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\" fill=\"#111827\">{label}</text>",
            x = LABEL_WIDTH - 8.0,
            ty = y + 18.0,
            label = xml(&short(&bar.label, LABEL_CHARS)),
        );
        let mut x = LABEL_WIDTH;
        for (part, colour) in bar.parts.iter().zip(COLOURS) {
            let w = (part.max(0.0) / scale_to * room).min(room);
            if w > 0.0 {
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h}\" fill=\"{colour}\"/>",
                    y = y + 4.0,
                    h = ROW - 8.0,
                );
                x += w;
            }
        }
        let _ = write!(
            svg,
            "<text x=\"{tx:.1}\" y=\"{ty}\" fill=\"#111827\">{text}</text>",
            tx = x + 6.0,
            ty = y + 18.0,
            text = xml(&bar.text),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Columns over `points` (a label and a value each, e.g. days), with the first and last labels
/// and the largest value written on the chart.
pub fn columns(title: &str, points: &[(String, f64)], max_text: &str) -> String {
    let height = 200.0;
    let (top, bottom, left) = (24.0, 28.0, 8.0);
    let plot = height - top - bottom;
    let largest = points.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let step = (WIDTH - 2.0 * left) / points.len().max(1) as f64;
    let mut svg = open(title, height);
    let _ = write!(
        svg,
        "<text x=\"{left}\" y=\"16\" fill=\"#111827\">{}</text>\
         <line x1=\"{left}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\" stroke=\"#4b5563\"/>",
        xml(max_text),
        base = top + plot,
        right = WIDTH - left,
    );
    for (i, (_, value)) in points.iter().enumerate() {
        let h = if largest > 0.0 {
            value.max(0.0) / largest * plot
        } else {
            0.0
        };
        if h > 0.0 {
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{c}\"/>",
                x = left + step * i as f64 + step * 0.1,
                y = top + plot - h,
                w = step * 0.8,
                c = COLOURS[0],
            );
        }
    }
    let label_y = height - 8.0;
    if let Some((first, _)) = points.first() {
        let _ = write!(
            svg,
            "<text x=\"{left}\" y=\"{label_y}\" fill=\"#111827\">{}</text>",
            xml(first)
        );
    }
    if let (Some((last, _)), true) = (points.last(), points.len() > 1) {
        let _ = write!(
            svg,
            "<text x=\"{x}\" y=\"{label_y}\" text-anchor=\"end\" fill=\"#111827\">{}</text>",
            xml(last),
            x = WIDTH - left,
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_in_labels_and_title() {
        let svg = bars(
            "A & <B>",
            &[Bar {
                label: "Taller \"<script>\"".to_owned(),
                parts: [3.0, 1.0],
                text: "3 + 1".to_owned(),
            }],
            None,
        );
        assert!(svg.contains("aria-label=\"A &amp; &lt;B&gt;\""));
        assert!(svg.contains("Taller &quot;&lt;script&gt;&quot;"));
        assert!(!svg.contains("<script>"));
        assert_eq!(svg.matches("<rect").count(), 2);
    }

    #[test]
    fn bars_scale_to_the_longest_or_to_the_given_maximum() {
        let rows = [
            Bar {
                label: "a".to_owned(),
                parts: [10.0, 0.0],
                text: String::new(),
            },
            Bar {
                label: "b".to_owned(),
                parts: [5.0, 0.0],
                text: String::new(),
            },
        ];
        let room = WIDTH - LABEL_WIDTH - 90.0;
        assert!(bars("t", &rows, None).contains(&format!("width=\"{room:.1}\"")));
        assert!(bars("t", &rows, Some(20.0)).contains(&format!("width=\"{:.1}\"", room / 2.0)));
    }

    #[test]
    fn columns_draw_nothing_for_empty_days_and_name_the_ends() {
        let points = vec![
            ("2026-11-20".to_owned(), 0.0),
            ("2026-11-21".to_owned(), 4.0),
            ("2026-11-22".to_owned(), 2.0),
        ];
        let svg = columns("t", &points, "4");
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(">2026-11-20<") && svg.contains(">2026-11-22<"));
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(short("abcdef", 4), "abc…");
        assert_eq!(short("abc", 4), "abc");
    }
}
