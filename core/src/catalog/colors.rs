//! Client colours as a person sees them: in the tray, the switcher and every console window.
//!
//! A client's own `color` wins. A client without one gets a colour from a palette of clearly
//! different hues, chosen from a hash of its id (so it stays the same from one start to the
//! next) and, when that colour is taken already by an earlier client, the next free one, so two
//! clients never look alike by accident while the palette lasts. Clients are taken in catalog
//! order: adding a client never changes the colour of the ones before it.

use std::collections::HashMap;

use super::model::Catalog;

/// Distinct, saturated hues, readable behind white text and as a window frame.
pub const PALETTE: [&str; 12] = [
    "#d13212", // red
    "#1d6fd6", // blue
    "#2e8540", // green
    "#8e44ad", // purple
    "#e67e22", // orange
    "#0f8b8d", // teal
    "#c2185b", // magenta
    "#6d4c41", // brown
    "#f1c40f", // yellow
    "#7cb342", // lime
    "#1a237e", // navy
    "#f06292", // pink
];

/// The palette's colours by name, for people who type "red" rather than `#d13212`.
pub const NAMES: [(&str, &str); 12] = [
    ("red", "#d13212"),
    ("blue", "#1d6fd6"),
    ("green", "#2e8540"),
    ("purple", "#8e44ad"),
    ("orange", "#e67e22"),
    ("teal", "#0f8b8d"),
    ("magenta", "#c2185b"),
    ("brown", "#6d4c41"),
    ("yellow", "#f1c40f"),
    ("lime", "#7cb342"),
    ("navy", "#1a237e"),
    ("pink", "#f06292"),
];

/// A colour as a form takes it: `#rrggbb`, `rrggbb` (any case) or a palette name (`red`), as
/// `#rrggbb`. `None` for anything else (the catalog's rule then says what is wrong).
pub fn parse_color(text: &str) -> Option<String> {
    let t = text.trim().to_ascii_lowercase();
    if let Some((_, hex)) = NAMES.iter().find(|(name, _)| *name == t) {
        return Some((*hex).to_string());
    }
    let hex = t.trim_start_matches('#');
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("#{hex}"))
}

/// Two colours closer than this (RGB distance squared) count as the same to the eye.
const TOO_CLOSE: i32 = 40 * 40 * 3;

/// `#rgb` or `#rrggbb` as RGB.
pub fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if !hex.is_ascii() {
        return None;
    }
    let full: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    let n = u32::from_str_radix(&full, 16).ok()?;
    Some([(n >> 16) as u8, (n >> 8) as u8, n as u8])
}

/// `#rrggbb` of RGB.
pub fn to_hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

fn distance(a: [u8; 3], b: [u8; 3]) -> i32 {
    (0..3)
        .map(|i| (i32::from(a[i]) - i32::from(b[i])).pow(2))
        .sum()
}

/// Black or white, whichever reads better on `background` (WCAG relative luminance).
pub fn text_on(background: [u8; 3]) -> [u8; 3] {
    let linear = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(background[0])
        + 0.7152 * linear(background[1])
        + 0.0722 * linear(background[2]);
    if l > 0.4 { [0, 0, 0] } else { [255, 255, 255] }
}

/// A stable hash of an id (FNV-1a): the same on every platform and every run.
fn stable_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every client's colour (`#rrggbb`, lower case): its own, else a distinct one from the palette.
pub fn client_colors(catalog: &Catalog) -> HashMap<String, String> {
    let mut taken: Vec<[u8; 3]> = catalog
        .clients
        .iter()
        .filter_map(|c| c.color.as_deref().and_then(parse_hex))
        .collect();
    let mut out = HashMap::with_capacity(catalog.clients.len());
    for client in &catalog.clients {
        if let Some(own) = client.color.as_deref().and_then(parse_hex) {
            out.insert(client.id.clone(), to_hex(own));
            continue;
        }
        let start = usize::try_from(stable_hash(&client.id) % PALETTE.len() as u64).unwrap_or(0);
        let candidates = (0..PALETTE.len()).map(|i| PALETTE[(start + i) % PALETTE.len()]);
        let free = candidates
            .clone()
            .filter_map(|c| parse_hex(c).map(|rgb| (c, rgb)))
            .find(|(_, rgb)| taken.iter().all(|t| distance(*t, *rgb) > TOO_CLOSE));
        // More clients than colours: the hash's own choice.
        let (text, rgb) = free.unwrap_or_else(|| {
            let c = PALETTE[start];
            (c, parse_hex(c).unwrap_or([0x1d, 0x6f, 0xd6]))
        });
        taken.push(rgb);
        out.insert(client.id.clone(), text.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(clients: &[(&str, Option<&str>)]) -> Catalog {
        let mut text = String::new();
        for (id, color) in clients {
            text.push_str(&format!("[[client]]\nid = \"{id}\"\nname = \"{id}\"\n"));
            if let Some(c) = color {
                text.push_str(&format!("color = \"{c}\"\n"));
            }
        }
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn parses_short_and_long_hex() {
        assert_eq!(parse_hex("#d13212"), Some([0xd1, 0x32, 0x12]));
        assert_eq!(parse_hex("#FFF"), Some([255, 255, 255]));
        for bad in ["d13212", "#12345", "red", "#ggg", "#ééé"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn own_colours_win_and_the_rest_are_stable_and_distinct() {
        let c = catalog(&[
            ("acme", Some("#D13212")),
            ("beta", None),
            ("gamma", None),
            ("delta", None),
        ]);
        let colors = client_colors(&c);
        assert_eq!(colors["acme"], "#d13212");
        // Stable: the same catalog gives the same colours.
        assert_eq!(client_colors(&c), colors);
        // Distinct from each other and from acme's own red.
        let rgbs: Vec<[u8; 3]> = ["acme", "beta", "gamma", "delta"]
            .iter()
            .filter_map(|id| parse_hex(&colors[*id]))
            .collect();
        for (i, a) in rgbs.iter().enumerate() {
            for b in &rgbs[i + 1..] {
                assert!(distance(*a, *b) > TOO_CLOSE, "{a:?} vs {b:?}");
            }
        }
        // Adding a client keeps everyone else's colour.
        let more = catalog(&[
            ("acme", Some("#D13212")),
            ("beta", None),
            ("gamma", None),
            ("delta", None),
            ("epsilon", None),
        ]);
        let after = client_colors(&more);
        for id in ["acme", "beta", "gamma", "delta"] {
            assert_eq!(after[id], colors[id], "{id}");
        }
    }

    #[test]
    fn a_dozen_clients_all_differ_and_more_still_get_a_colour() {
        let ids: Vec<String> = (0..20).map(|i| format!("client-{i}")).collect();
        let clients: Vec<(&str, Option<&str>)> = ids.iter().map(|i| (i.as_str(), None)).collect();
        let colors = client_colors(&catalog(&clients));
        let first: std::collections::HashSet<&String> =
            ids[..PALETTE.len()].iter().map(|id| &colors[id]).collect();
        assert_eq!(first.len(), PALETTE.len());
        assert_eq!(colors.len(), 20);
    }

    #[test]
    fn the_palette_itself_is_distinct() {
        let rgbs: Vec<[u8; 3]> = PALETTE.iter().filter_map(|c| parse_hex(c)).collect();
        assert_eq!(rgbs.len(), PALETTE.len());
        for (i, a) in rgbs.iter().enumerate() {
            for b in &rgbs[i + 1..] {
                assert!(distance(*a, *b) > TOO_CLOSE, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn text_reads_on_its_background() {
        assert_eq!(text_on([0xd1, 0x32, 0x12]), [255, 255, 255]);
        assert_eq!(text_on([0xff, 0xee, 0x58]), [0, 0, 0]);
    }

    #[test]
    fn colours_are_taken_as_hex_or_by_name() {
        for (text, want) in [
            ("red", Some("#d13212")),
            (" Navy ", Some("#1a237e")),
            ("#D13212", Some("#d13212")),
            ("1d6fd6", Some("#1d6fd6")),
            ("rouge", None),
            ("#12345", None),
        ] {
            assert_eq!(parse_color(text).as_deref(), want, "{text}");
        }
        assert!(NAMES.iter().all(|(_, hex)| PALETTE.contains(hex)));
    }
}
