//! Where a new console window opens, so that two or three consoles are visible side by side on
//! the screen they open on: the N-th window open at once takes a column of the work area (the
//! screen less its panels and docks), left, middle or right, each a real step apart, staggered
//! down a little after three. Pure: the tray passes its screen's work area; without one (the
//! CLI on its own) a small laptop's screen is assumed, which fits every screen.
//!
//! Only a window that has no place of its own gets one: a shortcut's browser profile (and
//! Firefox) remembers where the person last left its window, and that place is kept
//! (`super::profile`).

/// A screen's work area, in the logical pixels window positions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Area {
    /// The area assumed when the screen is not known: a 1280×800 laptop screen less a panel.
    pub const ASSUMED: Area = Area {
        x: 0,
        y: 0,
        width: 1280,
        height: 760,
    };
}

/// A window's place and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Placement {
    pub fn position(self) -> (i32, i32) {
        (self.x, self.y)
    }
}

/// The widest and tallest a console window is made (a console is comfortable at this size).
const MAX_SIZE: (u32, u32) = (1400, 900);
/// The narrowest and lowest, unless the screen is smaller still.
const MIN_SIZE: (u32, u32) = (800, 520);
/// The columns windows take: left, middle, right.
const COLUMNS: usize = 3;
/// The stagger of each further round of three (pixels down and right).
const ROUND_STEP: (i32, i32) = (24, 32);
/// Rounds before the places repeat.
const ROUNDS: usize = 4;

/// Where the `slot`-th window open at once goes in `area` (see the module's doc). Two windows
/// in a row never share a place; every window lies within the area.
pub fn placement(slot: usize, area: Area) -> Placement {
    let width = (area.width * 2 / 3)
        .clamp(MIN_SIZE.0, MAX_SIZE.0)
        .min(area.width);
    let height = area.height.clamp(MIN_SIZE.1, MAX_SIZE.1).min(area.height);
    let round = (slot / COLUMNS) % ROUNDS;
    let column = slot % COLUMNS;
    let room_x = i64::from(area.width - width);
    let room_y = i64::from(area.height - height);
    // The stagger eats into the columns' room first, so the last column still fits.
    let stagger_x = (i64::from(ROUND_STEP.0) * round as i64).min(room_x / 4);
    let stagger_y = (i64::from(ROUND_STEP.1) * round as i64).min(room_y.max(0));
    let step = (room_x - stagger_x) / (COLUMNS as i64 - 1);
    // A screen too narrow for columns: a cascade by a step a title bar clears.
    let (dx, dy) = if step < 48 {
        let n = (slot % (COLUMNS * ROUNDS)) as i64;
        ((n * 32) % (room_x + 1), (n * 32) % (room_y + 1))
    } else {
        (column as i64 * step + stagger_x, stagger_y)
    };
    let at = |origin: i32, d: i64| i32::try_from(i64::from(origin) + d).unwrap_or(origin);
    Placement {
        x: at(area.x, dx),
        y: at(area.y, dy),
        width,
        height,
    }
}

/// A window's place as a line of text (`x y width height`), for a window the app keeps itself
/// (the built-in console) to open where the person last left it.
pub fn remember(p: Placement) -> String {
    format!("{} {} {} {}\n", p.x, p.y, p.width, p.height)
}

/// The place [`remember`] wrote, if it is still a sensible one: at least a usable size, and
/// with its title bar's part of at least 100×40 pixels inside one of `areas` (a screen that
/// has gone, or a window dragged off the edge, is no place to open in).
pub fn remembered(text: &str, areas: &[Area]) -> Option<Placement> {
    let mut parts = text.split_whitespace();
    let mut number = || parts.next()?.parse::<i64>().ok();
    let (x, y, width, height) = (number()?, number()?, number()?, number()?);
    let p = Placement {
        x: i32::try_from(x).ok()?,
        y: i32::try_from(y).ok()?,
        width: u32::try_from(width).ok().filter(|w| *w >= 200)?,
        height: u32::try_from(height).ok().filter(|h| *h >= 150)?,
    };
    let visible = |a: &Area| {
        let left = i64::from(p.x).max(i64::from(a.x));
        let right = (i64::from(p.x) + i64::from(p.width)).min(i64::from(a.x) + i64::from(a.width));
        let top = i64::from(p.y).max(i64::from(a.y));
        let bottom = (i64::from(p.y) + 40).min(i64::from(a.y) + i64::from(a.height));
        right - left >= 100 && bottom - top >= 40
    };
    areas.iter().any(visible).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(x: i32, y: i32, width: u32, height: u32) -> Area {
        Area {
            x,
            y,
            width,
            height,
        }
    }

    fn within(p: Placement, a: Area) -> bool {
        p.x >= a.x
            && p.y >= a.y
            && i64::from(p.x) + i64::from(p.width) <= i64::from(a.x) + i64::from(a.width)
            && i64::from(p.y) + i64::from(p.height) <= i64::from(a.y) + i64::from(a.height)
    }

    /// How much of window `a` window `b` (on top) leaves visible, as a share of `a`'s width.
    fn visible_share(a: Placement, b: Placement) -> f64 {
        let left = (b.x - a.x).max(0) as f64;
        let right = ((a.x + a.width as i32) - (b.x + b.width as i32)).max(0) as f64;
        (left + right) / f64::from(a.width)
    }

    #[test]
    fn three_consoles_stand_side_by_side_and_each_shows() {
        for a in [
            area(0, 0, 1920, 1040),
            area(0, 27, 1280, 773),
            area(0, 0, 1024, 600),
            area(1920, 0, 2560, 1400),
            area(72, 0, 1848, 1080),
        ] {
            let p: Vec<Placement> = (0..3).map(|slot| placement(slot, a)).collect();
            for w in &p {
                assert!(within(*w, a), "{w:?} outside {a:?}");
            }
            // A real step: each earlier window keeps at least a tenth of its width in view
            // (the banner and frame that name its account), never the 10 px of a cascade.
            for (i, j) in [(0, 1), (1, 2), (0, 2)] {
                assert!(
                    visible_share(p[i], p[j]) >= 0.1,
                    "{a:?}: window {i} hidden by {j}: {p:?}"
                );
                assert!(p[j].x - p[i].x >= 100, "{a:?}: {p:?}");
            }
        }
    }

    #[test]
    fn sizes_are_comfortable_and_fit_the_screen() {
        let big = placement(0, area(0, 0, 3840, 2100));
        assert_eq!((big.width, big.height), MAX_SIZE);
        let laptop = placement(0, area(0, 0, 1280, 760));
        assert_eq!((laptop.width, laptop.height), (853, 760));
        let tiny = placement(0, area(0, 0, 700, 400));
        assert_eq!((tiny.width, tiny.height), (700, 400));
        assert_eq!((tiny.x, tiny.y), (0, 0));
    }

    #[test]
    fn every_place_lies_in_the_area_and_neighbours_differ() {
        for a in [
            area(0, 0, 1920, 1040),
            area(-1280, 100, 1280, 700),
            area(0, 0, 700, 400),
            area(0, 0, 820, 530),
            area(0, 0, 900, 600),
            Area::ASSUMED,
        ] {
            for slot in 0..30 {
                let p = placement(slot, a);
                assert!(within(p, a), "slot {slot}: {p:?} outside {a:?}");
                let next = placement(slot + 1, a);
                // (A window that fills the screen but for a few pixels has nowhere to go.)
                if a.width >= p.width + 40 || a.height >= p.height + 40 {
                    assert_ne!(p.position(), next.position(), "slot {slot} in {a:?}");
                }
            }
        }
    }

    #[test]
    fn a_remembered_place_is_kept_while_it_is_on_a_screen() {
        let screens = [area(0, 0, 1920, 1040), area(1920, 0, 1280, 1024)];
        let p = Placement {
            x: 2000,
            y: 100,
            width: 1000,
            height: 700,
        };
        assert_eq!(remembered(&remember(p), &screens), Some(p));
        // The second screen is gone: the window would open where nobody sees it.
        assert_eq!(remembered(&remember(p), &screens[..1]), None);
        // Dragged almost off the top or the side; garbage; a sliver of a window.
        for text in [
            "100 -500 800 600",
            "3150 10 800 600",
            "",
            "a b c d",
            "1 2 3",
            "10 10 50 50",
        ] {
            assert_eq!(remembered(text, &screens), None, "{text:?}");
        }
        // Half on the first screen's right edge is still reachable.
        assert!(remembered("1700 10 800 600", &screens[..1]).is_some());
    }
}
