//! The badge image: a plain SVG that states competence, level and centre in text (level
//! also as a count of filled marks, never by colour alone), with the VC-JWT baked in as
//! OB 3.0 §5.3.2 says: `xmlns:openbadges` on `<svg>` and, directly after it, an
//! `<openbadges:credential verify="JWS"/>` element.

use crate::domain::scales::OutcomeLevel;

pub use super::baked_svg::{Baked, extract};

pub const OB_SVG_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

/// What the image shows.
#[derive(Debug, Clone)]
pub struct SvgBadge {
    pub competence_name: String,
    pub level: OutcomeLevel,
    pub centre_name: String,
    /// e.g. "2025-03-14".
    pub date: String,
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Greedy word wrap to `width` characters, at most `max` lines (the last one shortened
/// with an ellipsis) so long names never overflow the badge.
pub fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{keep}…");
        }
    }
    lines
}

fn level_rank(level: OutcomeLevel) -> usize {
    match level {
        OutcomeLevel::Basic => 1,
        OutcomeLevel::Accomplished => 2,
        OutcomeLevel::Expert => 3,
    }
}

/// The badge SVG, with `jwt` baked in when given.
pub fn render(badge: &SvgBadge, jwt: Option<&str>) -> String {
    let title = format!(
        "LEVER UP badge: {} – {} level – {}",
        badge.competence_name,
        badge.level.label(),
        badge.centre_name
    );
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"{OB_SVG_NAMESPACE}\" \
         viewBox=\"0 0 400 400\" width=\"400\" height=\"400\" role=\"img\" \
         aria-labelledby=\"title desc\">\n"
    ));
    if let Some(jwt) = jwt {
        s.push_str(&format!(
            "<openbadges:credential verify=\"{}\"></openbadges:credential>\n",
            xml_escape(jwt)
        ));
    }
    s.push_str(&format!(
        "<title id=\"title\">{}</title>\n",
        xml_escape(&title)
    ));
    s.push_str(&format!(
        "<desc id=\"desc\">Open Badges 3.0 credential for a transversal competence validated \
         on {} by {}. Level {} of 3.</desc>\n",
        xml_escape(&badge.date),
        xml_escape(&badge.centre_name),
        level_rank(badge.level)
    ));
    // Dark text on a light face: readable in print and in high-contrast modes.
    s.push_str(
        "<circle cx=\"200\" cy=\"200\" r=\"190\" fill=\"#1f3a5f\"/>\n\
         <circle cx=\"200\" cy=\"200\" r=\"172\" fill=\"#ffffff\" stroke=\"#1f3a5f\" stroke-width=\"4\"/>\n\
         <g font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" text-anchor=\"middle\" fill=\"#111111\">\n\
         <text x=\"200\" y=\"88\" font-size=\"22\" font-weight=\"bold\" letter-spacing=\"3\">LEVER UP</text>\n",
    );
    let name_lines = wrap(&badge.competence_name, 18, 3);
    let top = 150 - 15 * (name_lines.len() as i32 - 1);
    for (i, line) in name_lines.iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"200\" y=\"{}\" font-size=\"26\" font-weight=\"bold\">{}</text>\n",
            top + 30 * i as i32,
            xml_escape(line)
        ));
    }
    s.push_str(&format!(
        "<text x=\"200\" y=\"232\" font-size=\"22\">Level: {}</text>\n",
        xml_escape(badge.level.label())
    ));
    let rank = level_rank(badge.level);
    for i in 0..3 {
        let fill = if i < rank { "#1f3a5f" } else { "none" };
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"248\" width=\"22\" height=\"22\" rx=\"4\" fill=\"{fill}\" \
             stroke=\"#1f3a5f\" stroke-width=\"3\"/>\n",
            163 + 28 * i
        ));
    }
    for (i, line) in wrap(&badge.centre_name, 28, 2).iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"200\" y=\"{}\" font-size=\"16\">{}</text>\n",
            300 + 20 * i as i32,
            xml_escape(line)
        ));
    }
    s.push_str(&format!(
        "<text x=\"200\" y=\"345\" font-size=\"14\">{}</text>\n</g>\n</svg>\n",
        xml_escape(&badge.date)
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn badge() -> SvgBadge {
        SvgBadge {
            competence_name: "Intercultural & Diversity Management".into(),
            level: OutcomeLevel::Expert,
            centre_name: "Centro <Milano>".into(),
            date: "2025-03-14".into(),
        }
    }

    #[test]
    fn baked_jwt_comes_back_out() {
        let svg = render(&badge(), Some("aa.bb.cc"));
        assert!(svg.contains("xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\""));
        assert_eq!(extract(&svg), Ok(Baked::Jwt("aa.bb.cc".into())));
        assert!(svg.contains("Intercultural &amp;"));
        assert!(svg.contains("Centro &lt;Milano&gt;"));
        assert!(svg.contains("Level: Expert"));
    }

    #[test]
    fn unbaked_image_has_no_credential() {
        assert!(extract(&render(&badge(), None)).is_err());
    }

    #[test]
    fn wrap_limits_lines() {
        assert_eq!(
            wrap("Flexibility & Adaptability", 18, 3),
            vec!["Flexibility &", "Adaptability"]
        );
        let long = wrap("a b c d e f g h i j k l m n o p q r s t u v w x y z", 5, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }
}
