//! Durations as people write them in the catalog and on the command line: `8h`, `90m`,
//! `1h30m`, `3600s` or a bare number of seconds. Pure parsing and formatting.

use std::fmt;

/// A whole number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Seconds(pub u32);

/// Why a duration text was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a duration; write it like `8h`, `90m`, `1h30m` or `3600` (seconds)")]
pub struct DurationParseError {
    pub input: String,
}

impl Seconds {
    pub fn parse(input: &str) -> Result<Self, DurationParseError> {
        let err = || DurationParseError {
            input: input.to_string(),
        };
        let text = input.trim();
        if text.is_empty() {
            return Err(err());
        }
        if let Ok(n) = text.parse::<u32>() {
            return Ok(Self(n));
        }
        let mut total: u64 = 0;
        let mut digits = String::new();
        let mut seen_unit = false;
        for ch in text.chars() {
            if ch.is_ascii_digit() {
                digits.push(ch);
                continue;
            }
            let unit: u64 = match ch {
                'h' | 'H' => 3600,
                'm' | 'M' => 60,
                's' | 'S' => 1,
                'd' | 'D' => 86_400,
                _ => return Err(err()),
            };
            let n: u64 = digits.parse().map_err(|_| err())?;
            digits.clear();
            // A number of any length is an error, never an overflow (found by fuzzing).
            let part = n.checked_mul(unit).ok_or_else(err)?;
            total = total.checked_add(part).ok_or_else(err)?;
            seen_unit = true;
        }
        if !digits.is_empty() || !seen_unit {
            return Err(err());
        }
        u32::try_from(total).map(Self).map_err(|_| err())
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, (self.0 % 3600) / 60, self.0 % 60);
        match (h, m, s) {
            (0, 0, s) => write!(f, "{s}s"),
            (h, 0, 0) => write!(f, "{h}h"),
            (0, m, 0) => write!(f, "{m}m"),
            (h, m, 0) => write!(f, "{h}h{m}m"),
            _ => write!(f, "{}s", self.0),
        }
    }
}

impl serde::Serialize for Seconds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Seconds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration like \"8h\", \"90m\" or a number of seconds")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Seconds, E> {
                u32::try_from(v)
                    .map(Seconds)
                    .map_err(|_| E::custom(format!("{v} is not a duration in seconds")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Seconds, E> {
                u32::try_from(v)
                    .map(Seconds)
                    .map_err(|_| E::custom(format!("{v} is not a duration in seconds")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Seconds, E> {
                Seconds::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_people_write() {
        let table = [
            ("3600", Some(3600)),
            ("8h", Some(28_800)),
            ("90m", Some(5400)),
            ("1h30m", Some(5400)),
            ("900s", Some(900)),
            ("1d", Some(86_400)),
            (" 12h ", Some(43_200)),
            ("", None),
            ("h", None),
            ("8x", None),
            ("1h30", None),
            ("-5", None),
            ("99999999999", None),
            // Found by fuzzing: a number times its unit that does not fit is an error.
            ("9999999999999999999d", None),
            ("18446744073709551615h", None),
        ];
        for (input, want) in table {
            assert_eq!(Seconds::parse(input).ok().map(|s| s.0), want, "{input:?}");
        }
    }

    #[test]
    fn formats_compactly() {
        for (secs, text) in [
            (3600, "1h"),
            (5400, "1h30m"),
            (900, "15m"),
            (43_200, "12h"),
            (61, "61s"),
        ] {
            assert_eq!(Seconds(secs).to_string(), text);
            assert_eq!(Seconds::parse(text).ok(), Some(Seconds(secs)));
        }
    }
}
