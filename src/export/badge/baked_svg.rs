//! Reads the credential baked into an SVG badge (OB 3.0 §5.3.2) with an XML parser: the
//! element is found by its namespace, whatever prefix binds it, past comments, CDATA and
//! processing instructions, and attribute values and text come back with their entity and
//! numeric character references resolved.

use quick_xml::NsReader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

use super::svg::OB_SVG_NAMESPACE;

/// What an SVG carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baked {
    /// A compact JWS from the `verify` attribute.
    Jwt(String),
    /// A credential with an embedded proof, from the element's body (CDATA or text).
    Json(String),
}

/// The prefix older tools write without declaring it; accepted only while unbound.
const USUAL_PREFIX: &str = "openbadges";

fn is_credential(ns: &ResolveResult<'_>, e: &BytesStart<'_>) -> bool {
    if e.local_name().as_ref() != "credential" {
        return false;
    }
    match ns {
        ResolveResult::Bound(Namespace(uri)) => *uri == OB_SVG_NAMESPACE,
        ResolveResult::Unknown(prefix) => prefix == USUAL_PREFIX,
        ResolveResult::Unbound => false,
    }
}

/// The text a reference stands for: `&amp;`-style entities and `&#…;` character references.
fn reference(r: &BytesRef<'_>) -> Result<String, String> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            _ => Err(format!(
                "invalid character reference &{};",
                r.xml10_content()
            )),
        };
    }
    let name = r.xml10_content();
    resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| format!("unknown entity &{name}; in the credential"))
}

fn verify_attribute(e: &BytesStart<'_>) -> Result<Option<String>, String> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("malformed attribute: {err}"))?;
        if attr.key.local_name().as_ref() == "verify" {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| format!("the verify attribute cannot be read: {err}"))?;
            return Ok(Some(value.trim().to_string()));
        }
    }
    Ok(None)
}

/// Inside the credential element: what its body says so far.
struct Body {
    text: String,
    depth: usize,
    verify: Option<String>,
}

fn finish(verify: Option<String>, text: &str) -> Result<Baked, String> {
    match verify {
        Some(jwt) if !jwt.is_empty() => Ok(Baked::Jwt(jwt)),
        Some(_) => Err("the verify attribute of <openbadges:credential> is empty".into()),
        None if text.trim().is_empty() => {
            Err("<openbadges:credential> is empty and has no verify attribute".into())
        }
        None => Ok(Baked::Json(text.trim().to_string())),
    }
}

/// Finds the baked credential. Only the first element counts (OB 3.0 §5.3.2.2); a second
/// one is reported because the spec forbids it and it may be an attempt to confuse tools.
pub fn extract(svg: &str) -> Result<Baked, String> {
    let mut reader = NsReader::from_str(svg);
    let mut found: Option<Baked> = None;
    let mut body: Option<Body> = None;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| format!("the SVG is not well-formed XML: {e}"))?;
        let credential = match &event {
            Event::Start(e) | Event::Empty(e) => is_credential(&ns, e),
            _ => false,
        };
        if let Some(b) = body.as_mut() {
            match event {
                Event::Text(t) => b.text.push_str(&t.xml10_content()),
                Event::CData(c) => b.text.push_str(&c.xml10_content()),
                Event::GeneralRef(r) => b.text.push_str(&reference(&r)?),
                Event::Start(_) => b.depth += 1,
                Event::End(_) if b.depth > 0 => b.depth -= 1,
                Event::End(_) => {
                    found = Some(finish(b.verify.take(), &b.text)?);
                    body = None;
                }
                Event::Eof => return Err("missing </openbadges:credential>".into()),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(_) | Event::Empty(_) if credential && found.is_some() => {
                return Err("the SVG has more than one <openbadges:credential> element".into());
            }
            Event::Start(e) if credential => {
                body = Some(Body {
                    text: String::new(),
                    depth: 0,
                    verify: verify_attribute(&e)?,
                });
            }
            Event::Empty(e) if credential => found = Some(finish(verify_attribute(&e)?, "")?),
            Event::Eof => break,
            _ => {}
        }
    }
    found.ok_or_else(|| {
        "the SVG has no <openbadges:credential> element: it is not a baked badge".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "https://purl.imsglobal.org/ob/v3p0";

    #[test]
    fn any_prefix_comments_and_references() {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:ob=\"{NS}\">\
             <!-- <openbadges:credential verify=\"decoy\"/> -->\
             <ob:credential verify=\"a&#46;b&#x2E;c&amp;\"/></svg>"
        );
        assert_eq!(extract(&svg), Ok(Baked::Jwt("a.b.c&".into())));
        let default_ns = format!("<svg><credential xmlns=\"{NS}\" verify=\" x.y.z \"/></svg>");
        assert_eq!(extract(&default_ns), Ok(Baked::Jwt("x.y.z".into())));
    }

    #[test]
    fn body_forms_and_refusals() {
        let cdata = format!(
            "<svg xmlns:openbadges=\"{NS}\"><openbadges:credential>\
             <![CDATA[{{\"a\":1}}]]></openbadges:credential></svg>"
        );
        assert_eq!(extract(&cdata), Ok(Baked::Json("{\"a\":1}".into())));
        let text = format!(
            "<svg xmlns:o=\"{NS}\"><o:credential>{{&quot;a&quot;:&#49;}}</o:credential></svg>"
        );
        assert_eq!(extract(&text), Ok(Baked::Json("{\"a\":1}".into())));
        // Another namespace's `credential` is not ours.
        assert!(extract("<svg xmlns:x=\"urn:other\"><x:credential verify=\"a\"/></svg>").is_err());
        let two = format!(
            "<svg xmlns:o=\"{NS}\"><o:credential verify=\"a\"/><o:credential verify=\"b\"/></svg>"
        );
        assert!(extract(&two).unwrap_err().contains("more than one"));
        assert!(extract("<svg><openbadges:credential").is_err());
        assert!(extract("<svg/>").unwrap_err().contains("not a baked badge"));
    }
}
