//! The QR code of a registration's check-in link: SVG for its manage page, PNG for its
//! confirmation email (mail clients show PNG; many do not show SVG). A door member scans it
//! with the phone's own camera and lands on the registration in the console.

use qrcode::{Color, EcLevel, QrCode, render::svg};

/// Pixels per module in the PNG: a 33-module code (a typical check-in link) is 264 px with
/// its quiet zone, sharp on paper and on a phone held up at the door.
const PNG_SCALE: u32 = 6;
/// The quiet zone around the code, in modules, as the standard asks.
const QUIET: u32 = 4;

fn code(text: &str) -> Result<QrCode, String> {
    // Medium error correction: a phone screen with a crack or glare still scans.
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("QR code: {e}"))
}

/// `text` as an SVG image.
pub fn svg(text: &str) -> Result<String, String> {
    Ok(code(text)?
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// `text` as a black-and-white PNG image.
pub fn png(text: &str) -> Result<Vec<u8>, String> {
    let code = code(text)?;
    let modules = u32::try_from(code.width()).map_err(|e| e.to_string())?;
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * PNG_SCALE;
    let mut pixels = vec![255u8; (side * side) as usize];
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let i = u32::try_from(i).map_err(|e| e.to_string())?;
        let (mx, my) = (i % modules + QUIET, i / modules + QUIET);
        for y in my * PNG_SCALE..(my + 1) * PNG_SCALE {
            let row = (y * side) as usize;
            pixels[row + (mx * PNG_SCALE) as usize..row + ((mx + 1) * PNG_SCALE) as usize].fill(0);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_an_svg_image_of_the_link() {
        let svg = svg("https://convoca.example/console/check-in/0b6e").expect("an SVG");
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("</svg>"));
    }

    #[test]
    fn the_png_decodes_to_a_square_with_a_white_quiet_zone() {
        let bytes = png("https://convoca.example/console/check-in/0b6e").expect("a PNG");
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a PNG header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("a frame");
        assert_eq!(info.width, info.height);
        assert_eq!(info.width % PNG_SCALE, 0);
        assert!(
            buf[..info.width as usize].iter().all(|&p| p == 255),
            "quiet zone"
        );
        assert!(buf.contains(&0), "some dark modules");
    }
}
