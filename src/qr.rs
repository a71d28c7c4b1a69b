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

/// The modules of `text`'s code, row by row, and how many there are to a side, with one fixed
/// mask.
///
/// `QrCode::new` tries all eight masks and keeps the one whose penalty score is lowest; scoring
/// them was a third of the CPU time of sending a confirmation (about 1 ms an email). The
/// standard lets an encoder use any mask (a reader takes it from the format bits); the score
/// only steers away from patterns a poor scanner might misread, and this code is printed at
/// six pixels a module for a phone's camera. The page's SVG keeps the best mask: it is drawn
/// once a visit, not once an email.
fn modules(text: &str) -> Result<(Vec<Color>, u32), String> {
    use qrcode::{bits, canvas, ec};
    let level = EcLevel::M;
    let bits = bits::encode_auto(text.as_bytes(), level).map_err(|e| format!("QR code: {e}"))?;
    let version = bits.version();
    let (data, correction) = ec::construct_codewords(&bits.into_bytes(), version, level)
        .map_err(|e| format!("QR code: {e}"))?;
    let mut canvas = canvas::Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &correction);
    canvas.apply_mask(canvas::MaskPattern::Checkerboard);
    let width = u32::try_from(version.width()).map_err(|e| e.to_string())?;
    Ok((canvas.into_colors(), width))
}

/// `text` as a black-and-white PNG image, one bit a pixel.
pub fn png(text: &str) -> Result<Vec<u8>, String> {
    let (colors, modules) = modules(text)?;
    let side = (modules + 2 * QUIET) * PNG_SCALE;
    // Rows of `side` bits, 1 for white, each padded to whole bytes.
    let stride = side.div_ceil(8) as usize;
    let mut pixels = vec![0xffu8; stride * side as usize];
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let i = u32::try_from(i).map_err(|e| e.to_string())?;
        let (mx, my) = (i % modules + QUIET, i / modules + QUIET);
        for y in my * PNG_SCALE..(my + 1) * PNG_SCALE {
            let row = y as usize * stride;
            for x in mx * PNG_SCALE..(mx + 1) * PNG_SCALE {
                pixels[row + (x / 8) as usize] &= !(0x80 >> (x % 8));
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Fast);
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
        let mut decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(::png::Transformations::EXPAND);
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

    #[test]
    fn the_png_reads_back_as_its_link_whatever_the_link() {
        for text in [
            "https://convoca.example/console/check-in/0b6e",
            "http://127.0.0.1:8080/console/check-in/7Yh3k9QzL1mN0pRsTuVwXyZaBcDeFgHiJkLmNoPq",
            "https://aprende.quito.gob.ec/console/check-in/a",
        ] {
            let bytes = png(text).expect("a PNG");
            let mut decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
            // Expanded to one byte a pixel, as a scanner's image library would.
            decoder.set_transformations(::png::Transformations::EXPAND);
            let mut reader = decoder.read_info().expect("a PNG header");
            let mut buf = vec![0; reader.output_buffer_size()];
            let info = reader.next_frame(&mut buf).expect("a frame");
            let (w, h) = (info.width as usize, info.height as usize);
            let mut image =
                rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "one code in {text}");
            let (_, content) = grids[0].decode().expect("it decodes");
            assert_eq!(content, text);
        }
    }
}
