//! The keychain seam. [`OsKeychain`] is the `keyring` crate's platform store (Secret Service on
//! Linux, Keychain Services on macOS, Credential Manager on Windows); [`MemoryKeychain`] is for
//! unit tests of the layers above.

use std::collections::HashMap;
use std::sync::Mutex;

use super::VaultError;
use crate::base::secret::Secret;

/// The keychain service name every Rolehop entry lives under.
pub const SERVICE: &str = "rolehop";

/// Stores secrets by entry name.
pub trait Keychain {
    fn get(&self, entry: &str) -> Result<Option<Secret>, VaultError>;
    fn set(&self, entry: &str, value: &Secret) -> Result<(), VaultError>;
    /// Returns whether something was deleted.
    fn delete(&self, entry: &str) -> Result<bool, VaultError>;
}

/// The platform keychain through `keyring`.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeychain;

impl OsKeychain {
    /// Checks that a store is reachable at all (used by `doctor` and before prompting a person
    /// for keys they would then have nowhere to keep).
    pub fn probe(&self) -> Result<(), VaultError> {
        self.get("probe").map(|_| ())
    }

    fn entry(&self, entry: &str) -> Result<keyring::Entry, VaultError> {
        if let Err(e) = keyring::Entry::store_status() {
            return Err(map_error(entry, e));
        }
        keyring::Entry::new(SERVICE, entry).map_err(|e| map_error(entry, &e))
    }
}

fn map_error(entry: &str, e: &keyring::Error) -> VaultError {
    use keyring::Error as K;
    let detail = e.to_string();
    let lower = detail.to_lowercase();
    match e {
        K::NoStorageAccess(_) if lower.contains("locked") => VaultError::Locked { detail },
        // Secret Service prompts are unlock prompts: dismissed, or no prompter to show one
        // (no desktop session), the keychain stays locked.
        K::NoStorageAccess(_) if lower.contains("prompt dismissed") => VaultError::Locked {
            detail: "its unlock prompt was dismissed or could not be shown".into(),
        },
        K::NoStorageAccess(_)
            if lower.contains("dbus")
                || lower.contains("d-bus")
                || lower.contains("service")
                || lower.contains("connect") =>
        {
            VaultError::Unavailable { detail }
        }
        K::NoStorageAccess(_) => VaultError::Denied {
            entry: entry.to_string(),
            detail,
        },
        K::NoDefaultStore => VaultError::Unavailable {
            detail: "no credential store could be started".into(),
        },
        K::BadEncoding(_) | K::BadDataFormat(..) => VaultError::Corrupt {
            entry: entry.to_string(),
            detail,
        },
        K::PlatformFailure(_)
            if lower.contains("dbus")
                || lower.contains("d-bus")
                || lower.contains("org.freedesktop")
                || lower.contains("connect")
                || lower.contains("no such file") =>
        {
            VaultError::Unavailable { detail }
        }
        _ => VaultError::Platform {
            entry: entry.to_string(),
            detail,
        },
    }
}

/// How long a keychain call may take. A locked keychain asks the person to unlock it (a
/// desktop prompt); if nobody answers, the call would wait for ever, and with it the command
/// or the tray's open.
pub const PROMPT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs a keychain call on its own thread and gives up after `timeout` with
/// [`VaultError::NoAnswer`] (the thread is left to finish or hang on its own).
fn with_deadline<T: Send + 'static>(
    timeout: std::time::Duration,
    call: impl FnOnce() -> Result<T, VaultError> + Send + 'static,
) -> Result<T, VaultError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("rolehop-keychain".into())
        .spawn(move || {
            let _ = tx.send(call());
        });
    if let Err(e) = spawned {
        return Err(VaultError::Platform {
            entry: String::new(),
            detail: format!("cannot start a keychain call: {e}"),
        });
    }
    // No answer in time: a prompt nobody answered looks exactly like a frozen daemon from
    // here, so the message names both.
    rx.recv_timeout(timeout).unwrap_or_else(|_| {
        Err(VaultError::NoAnswer {
            secs: timeout.as_secs(),
        })
    })
}

/// The most UTF-16 code units one platform item holds: Windows Credential Manager's 2,560-byte
/// blob, less a margin; elsewhere no limit Rolehop's values come near (`super::chunks`).
const ITEM_UNITS: usize = if cfg!(windows) { 1200 } else { usize::MAX };

/// One platform item per call (the parts of a long value are such items).
#[derive(Debug, Default, Clone, Copy)]
struct OsItem;

impl Keychain for OsKeychain {
    fn get(&self, entry: &str) -> Result<Option<Secret>, VaultError> {
        super::chunks::get(&OsItem, entry)
    }

    fn set(&self, entry: &str, value: &Secret) -> Result<(), VaultError> {
        super::chunks::set(&OsItem, entry, value, ITEM_UNITS)
    }

    fn delete(&self, entry: &str) -> Result<bool, VaultError> {
        super::chunks::delete(&OsItem, entry)
    }
}

impl super::chunks::Items for OsItem {
    fn get(&self, entry: &str) -> Result<Option<Secret>, VaultError> {
        let entry = entry.to_string();
        with_deadline(PROMPT_TIMEOUT, move || {
            match OsKeychain.entry(&entry)?.get_password() {
                Ok(value) => Ok(Some(Secret::new(value))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(map_error(&entry, &e)),
            }
        })
    }

    fn set(&self, entry: &str, value: &Secret) -> Result<(), VaultError> {
        let (entry, value) = (entry.to_string(), value.clone());
        with_deadline(PROMPT_TIMEOUT, move || {
            OsKeychain
                .entry(&entry)?
                .set_password(value.expose())
                .map_err(|e| map_error(&entry, &e))
        })
    }

    fn delete(&self, entry: &str) -> Result<bool, VaultError> {
        let entry = entry.to_string();
        with_deadline(PROMPT_TIMEOUT, move || {
            match OsKeychain.entry(&entry)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring::Error::NoEntry) => Ok(false),
                Err(e) => Err(map_error(&entry, &e)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_nobody_answers_gives_up_with_a_locked_keychain_message() {
        let slow = with_deadline(std::time::Duration::from_millis(50), || {
            std::thread::sleep(std::time::Duration::from_secs(5));
            Ok(())
        });
        match slow {
            Err(e @ VaultError::NoAnswer { .. }) => {
                assert!(e.to_string().contains("did not answer within"), "{e}");
                assert!(e.to_string().contains("service is stuck"), "{e}");
                assert_eq!(e.kind(), crate::ErrorKind::KeychainLocked);
            }
            other => panic!("{other:?}"),
        }
        let quick = with_deadline(std::time::Duration::from_secs(5), || Ok(7));
        assert!(matches!(quick, Ok(7)));
    }

    /// Windows Credential Manager (under Wine in the test command): a value longer than one
    /// item's 2,560 bytes (an Identity Center token entry) is kept whole, and goes whole.
    #[cfg(windows)]
    #[test]
    fn credential_manager_keeps_a_value_longer_than_one_item() {
        let name = format!("test/{}/long", std::process::id());
        let value = format!("{}é😀{}", "t".repeat(4000), "u".repeat(2500));
        OsKeychain.set(&name, &Secret::new(value.clone())).unwrap();
        assert_eq!(OsKeychain.get(&name).unwrap().unwrap().expose(), value);
        assert!(OsKeychain.delete(&name).unwrap());
        assert!(OsKeychain.get(&name).unwrap().is_none());
        assert!(
            super::super::chunks::Items::get(&OsItem, &format!("{name}#part1"))
                .unwrap()
                .is_none()
        );
    }
}

/// An in-memory keychain for tests.
#[derive(Debug, Default)]
pub struct MemoryKeychain {
    entries: Mutex<HashMap<String, Secret>>,
}

impl MemoryKeychain {
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .entries
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        names
    }
}

impl Keychain for MemoryKeychain {
    fn get(&self, entry: &str) -> Result<Option<Secret>, VaultError> {
        Ok(self.entries.lock().ok().and_then(|m| m.get(entry).cloned()))
    }

    fn set(&self, entry: &str, value: &Secret) -> Result<(), VaultError> {
        if let Ok(mut m) = self.entries.lock() {
            m.insert(entry.to_string(), value.clone());
        }
        Ok(())
    }

    fn delete(&self, entry: &str) -> Result<bool, VaultError> {
        Ok(self
            .entries
            .lock()
            .map(|mut m| m.remove(entry).is_some())
            .unwrap_or(false))
    }
}
