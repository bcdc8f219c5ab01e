//! PNG badges baked as OB 3.0 §5.3.1 says: the image carries the credential in an iTXt
//! chunk with the keyword `openbadgecredential` (uncompressed), written and read by the
//! `png` crate. The picture is drawn here (no font: the competence and level are in the
//! PNG's Title and Description text chunks, and the level as a count of filled marks).

use std::io::Cursor;

use crate::domain::scales::OutcomeLevel;

pub const KEYWORD: &str = "openbadgecredential";

const SIZE: u32 = 240;
const NAVY: [u8; 3] = [0x1f, 0x3a, 0x5f];
const WHITE: [u8; 3] = [0xff, 0xff, 0xff];

fn rank(level: OutcomeLevel) -> u32 {
    match level {
        OutcomeLevel::Basic => 1,
        OutcomeLevel::Accomplished => 2,
        OutcomeLevel::Expert => 3,
    }
}

/// The badge picture as RGB rows: a navy ring, a white face, three level marks.
fn pixels(level: OutcomeLevel) -> Vec<u8> {
    let c = SIZE as i64 / 2;
    let filled = rank(level);
    let mut out = Vec::with_capacity((SIZE * SIZE * 3) as usize);
    for y in 0..SIZE as i64 {
        for x in 0..SIZE as i64 {
            let d2 = (x - c).pow(2) + (y - c).pow(2);
            let mut colour = if d2 > 114 * 114 {
                WHITE
            } else if d2 > 102 * 102 {
                NAVY
            } else {
                WHITE
            };
            // Marks: three 24 px squares across the middle, outlined, filled up to the level.
            for i in 0..3i64 {
                let (left, top) = (c - 50 + i * 36, c - 12);
                let inside = (left..left + 28).contains(&x) && (top..top + 28).contains(&y);
                let border =
                    inside && (x < left + 4 || x >= left + 24 || y < top + 4 || y >= top + 24);
                if border || (inside && (i as u32) < filled) {
                    colour = NAVY;
                }
            }
            out.extend_from_slice(&colour);
        }
    }
    out
}

/// The PNG badge with `credential` (a compact JWS) baked in, and its title and description.
pub fn render(
    level: OutcomeLevel,
    title: &str,
    description: &str,
    credential: Option<&str>,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut enc = png::Encoder::new(&mut bytes, SIZE, SIZE);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let err = |e: png::EncodingError| e.to_string();
    enc.add_itxt_chunk("Title".into(), title.into())
        .map_err(err)?;
    enc.add_itxt_chunk("Description".into(), description.into())
        .map_err(err)?;
    if let Some(c) = credential {
        enc.add_itxt_chunk(KEYWORD.into(), c.into()).map_err(err)?;
    }
    let mut writer = enc.write_header().map_err(err)?;
    writer.write_image_data(&pixels(level)).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(bytes)
}

/// The credential baked into a PNG, found before or after the image data.
pub fn extract(png_bytes: &[u8]) -> Result<String, String> {
    let bad = |e: png::DecodingError| format!("not a readable PNG: {e}");
    let mut reader = png::Decoder::new(Cursor::new(png_bytes))
        .read_info()
        .map_err(bad)?;
    let find = |info: &png::Info<'_>| -> Result<Vec<String>, String> {
        info.utf8_text
            .iter()
            .filter(|c| c.keyword == KEYWORD)
            .map(|c| {
                c.get_text()
                    .map_err(|e| format!("unreadable iTXt chunk: {e}"))
            })
            .collect()
    };
    let mut found = find(reader.info())?;
    if found.is_empty() {
        // Chunks after IDAT are read only once the image data has been.
        let size = reader
            .output_buffer_size()
            .ok_or("the PNG is too large to read")?;
        let mut buf = vec![0; size];
        reader.next_frame(&mut buf).map_err(bad)?;
        reader.finish().map_err(bad)?;
        found = find(reader.info())?;
    }
    match found.len() {
        0 => Err("the PNG has no openbadgecredential iTXt chunk: it is not a baked badge".into()),
        1 => Ok(found.remove(0).trim().to_string()),
        _ => Err("the PNG has more than one openbadgecredential chunk".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baked_credential_round_trips() {
        let png = render(OutcomeLevel::Accomplished, "T", "D", Some("aa.bb.cc")).expect("png");
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(extract(&png), Ok("aa.bb.cc".into()));
        let plain = render(OutcomeLevel::Basic, "T", "D", None).expect("png");
        assert!(extract(&plain).unwrap_err().contains("not a baked badge"));
        assert!(extract(b"not a png").is_err());
    }
}
