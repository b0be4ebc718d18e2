//! Values longer than one keychain item may hold. Windows Credential Manager caps an item's
//! secret at 2,560 bytes (`CRED_MAX_CREDENTIAL_BLOB_SIZE`,
//! <https://learn.microsoft.com/en-us/windows/win32/api/wincred/ns-wincred-credentialw>), which
//! keyring fills with UTF-16: 1,280 code units. An IAM Identity Center token entry or a role
//! session with a long session token is longer. Such a value is kept in parts: the parts in
//! `<entry>#part<i>` (written first), then the entry itself holding only a marker with their
//! count, so a reader never sees a marker whose parts are not there yet; parts left from a
//! longer earlier value are removed. Values that fit stay one item, as before. Pure over any
//! [`Items`] store; [`super::OsKeychain`] uses it with the platform's limit.

use super::VaultError;
use crate::base::secret::Secret;

/// One platform item per call: what a long value's parts are kept in (`super::keychain`'s
/// platform store implements it).
pub trait Items {
    fn get(&self, name: &str) -> Result<Option<Secret>, VaultError>;
    fn set(&self, name: &str, value: &Secret) -> Result<(), VaultError>;
    /// Whether something was deleted.
    fn delete(&self, name: &str) -> Result<bool, VaultError>;
}

/// What the entry holds when its value is in parts (a control character no JSON value starts
/// with, then the count).
const MARKER: &str = "\u{1}rolehop-parts:";

/// The most parts a value is cut into (a 1,000-unit part: 64 KB, far above any real entry).
const MAX_PARTS: usize = 64;

fn part_name(entry: &str, i: usize) -> String {
    format!("{entry}#part{i}")
}

/// Cuts `value` into pieces of at most `max_units` UTF-16 code units (never inside a
/// character).
pub fn split(value: &str, max_units: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut units = 0;
    for c in value.chars() {
        let n = c.len_utf16();
        if units + n > max_units && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
            units = 0;
        }
        current.push(c);
        units += n;
    }
    if !current.is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
}

/// The value, whole (reading needs no limit: the marker says how many parts).
pub fn get(store: &dyn Items, entry: &str) -> Result<Option<Secret>, VaultError> {
    let Some(head) = store.get(entry)? else {
        return Ok(None);
    };
    let Some(count) = head.expose().strip_prefix(MARKER) else {
        return Ok(Some(head));
    };
    let corrupt = |detail: String| VaultError::Corrupt {
        entry: entry.to_string(),
        detail,
    };
    let count: usize = count
        .parse()
        .ok()
        .filter(|n| (1..=MAX_PARTS).contains(n))
        .ok_or_else(|| corrupt("its count of parts is not a number Rolehop writes".into()))?;
    let mut value = String::new();
    for i in 1..=count {
        let part = store
            .get(&part_name(entry, i))?
            .ok_or_else(|| corrupt(format!("part {i} of {count} is missing")))?;
        value.push_str(part.expose());
    }
    Ok(Some(Secret::new(value)))
}

pub fn set(
    store: &dyn Items,
    entry: &str,
    value: &Secret,
    max_units: usize,
) -> Result<(), VaultError> {
    let old = old_count(store, entry)?;
    let parts = split(value.expose(), max_units);
    if parts.len() > MAX_PARTS {
        return Err(VaultError::Platform {
            entry: entry.to_string(),
            detail: format!("the value is longer than {MAX_PARTS} keychain items can hold"),
        });
    }
    let count = if parts.len() == 1 {
        store.set(entry, value)?;
        0
    } else {
        for (i, part) in parts.iter().enumerate() {
            store.set(&part_name(entry, i + 1), &Secret::new(part.clone()))?;
        }
        store.set(entry, &Secret::new(format!("{MARKER}{}", parts.len())))?;
        parts.len()
    };
    remove_parts_after(store, entry, count, old)
}

pub fn delete(store: &dyn Items, entry: &str) -> Result<bool, VaultError> {
    let old = old_count(store, entry)?;
    let deleted = store.delete(entry)?;
    remove_parts_after(store, entry, 0, old)?;
    Ok(deleted)
}

/// How many parts the entry's current value has (0: one item, or none).
fn old_count(store: &dyn Items, entry: &str) -> Result<usize, VaultError> {
    Ok(store
        .get(entry)?
        .and_then(|head| {
            head.expose()
                .strip_prefix(MARKER)
                .and_then(|n| n.parse::<usize>().ok())
        })
        .unwrap_or(0)
        .min(MAX_PARTS))
}

/// Removes `<entry>#part<i>` for i > `keep`: every one up to `known` (the count the old value
/// said, gaps and all), then any further ones up to the first that is not there.
fn remove_parts_after(
    store: &dyn Items,
    entry: &str,
    keep: usize,
    known: usize,
) -> Result<(), VaultError> {
    for i in keep + 1..=MAX_PARTS {
        if !store.delete(&part_name(entry, i))? && i > known {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{Keychain, MemoryKeychain};

    impl Items for MemoryKeychain {
        fn get(&self, name: &str) -> Result<Option<Secret>, VaultError> {
            Keychain::get(self, name)
        }
        fn set(&self, name: &str, value: &Secret) -> Result<(), VaultError> {
            Keychain::set(self, name, value)
        }
        fn delete(&self, name: &str) -> Result<bool, VaultError> {
            Keychain::delete(self, name)
        }
    }

    #[test]
    fn splits_by_utf16_units_never_inside_a_character() {
        assert_eq!(split("", 4), [""]);
        assert_eq!(split("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // 😀 is two UTF-16 units.
        assert_eq!(split("ab😀c", 3), ["ab", "😀c"]);
        let long = "x".repeat(5000);
        assert!(
            split(&long, 1200)
                .iter()
                .all(|p| p.encode_utf16().count() <= 1200)
        );
        assert_eq!(split(&long, 1200).concat(), long);
    }

    #[test]
    fn long_values_round_trip_in_parts_and_shorter_ones_leave_no_parts() {
        let store = MemoryKeychain::default();
        // A real-length Identity Center token entry (several KB of JSON).
        let token = format!(
            "{{\"accessToken\":\"{}\",\"refreshToken\":\"{}\",\"expiresAt\":1767225600}}",
            "a".repeat(3000),
            "r".repeat(1800)
        );
        set(
            &store,
            "identity/work/sso-token",
            &Secret::new(token.clone()),
            1200,
        )
        .unwrap();
        assert!(
            store.names().len() > 4,
            "stored in parts: {:?}",
            store.names()
        );
        assert_eq!(
            get(&store, "identity/work/sso-token")
                .unwrap()
                .unwrap()
                .expose(),
            token
        );
        // Shorter now: one item, the old parts gone.
        set(
            &store,
            "identity/work/sso-token",
            &Secret::new("short"),
            1200,
        )
        .unwrap();
        assert_eq!(store.names(), ["identity/work/sso-token"]);
        assert_eq!(
            get(&store, "identity/work/sso-token")
                .unwrap()
                .unwrap()
                .expose(),
            "short"
        );
        // Deleting removes the parts too; a missing part is a corrupt entry, not a short value.
        set(&store, "e", &Secret::new("y".repeat(3000)), 1200).unwrap();
        Keychain::delete(&store, "e#part2").unwrap();
        assert!(matches!(get(&store, "e"), Err(VaultError::Corrupt { .. })));
        assert!(delete(&store, "e").unwrap());
        assert!(
            store.names().iter().all(|n| !n.starts_with("e")),
            "{:?}",
            store.names()
        );
    }
}
