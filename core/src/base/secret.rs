//! Secret strings: keys, session tokens, sign-in tokens and URLs.
//!
//! Everything secret in Rolehop travels in a [`Secret`], whose `Debug` and `Display` print
//! `[redacted]`, so a stray `{:?}` in a log line, an error or a panic message cannot leak it.
//! The only way to the value is the explicit [`Secret::expose`].

use std::fmt;

/// A string that must never reach a log, a file, a command line or the UI.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Call sites are the places a secret leaves memory: the keychain, an
    /// HTTPS request to AWS, and the few outputs a person explicitly asked for.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Compares without stopping at the first difference (the time says nothing about a token).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Serialization exists for the keychain payloads (vault::entries), written to the OS
        // keychain and nowhere else, and for a live console's command token
        // (`live::registry`), a capability that can only bring a console forward, in a 0600
        // file of a 0700 folder, as the hand-off's page is.
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("wJalrXUtnFEMI/K7MDENG");
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(s.expose(), "wJalrXUtnFEMI/K7MDENG");
    }
}
