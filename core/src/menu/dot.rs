//! A client's colour as the tray draws it: the dot icon before its submenu and its shortcuts.

/// A client's `#rrggbb` colour as RGB, for the dot icon before its submenu (`None` for
/// anything else: the submenu then has no icon).
pub fn rgb(hex: &str) -> Option<[u8; 3]> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// A round dot of `color`, `size`×`size` RGBA pixels with a soft edge: the client's dot icon.
/// Drawn here rather than taken from an emoji font, which many desktops lack.
pub fn dot_rgba(color: [u8; 3], size: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity((size * size * 4) as usize);
    let centre = (size as f32 - 1.0) / 2.0;
    let radius = size as f32 * 0.38;
    for y in 0..size {
        for x in 0..size {
            let d = ((x as f32 - centre).powi(2) + (y as f32 - centre).powi(2)).sqrt();
            let alpha = (radius + 0.5 - d).clamp(0.0, 1.0);
            out.extend_from_slice(&color);
            out.push((alpha * 255.0).round() as u8);
        }
    }
    out
}
