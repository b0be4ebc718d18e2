//! Asking for MFA codes.
//!
//! A TOTP code is single-use: AWS rejects a second call with the same code (with an
//! AccessDenied that reads like a wrong code). The broker records the last code each identity
//! used and, when another one is needed inside the same window, asks for the next code (or,
//! with no one to ask, says how long to wait) instead of sending a code AWS will reject.

use std::sync::Mutex;

use crate::base::secret::Secret;

/// Why a code is being asked for again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaRetry {
    /// The text was not six digits.
    BadFormat,
    /// AWS rejected the code.
    Rejected,
    /// The code was already used; the next one appears in `wait_secs`.
    AlreadyUsed { wait_secs: i64 },
}

/// One request for a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaRequest {
    pub identity: String,
    pub serial: String,
    /// Why the code is needed, for the prompt: "to start today's session".
    pub reason: String,
    pub retry: Option<MfaRetry>,
}

/// Something that can produce MFA codes: a terminal prompt, a fixed `--mfa-code`, the tray's
/// MFA window.
pub trait MfaPrompt {
    /// A code, or `None` when there is no one to ask.
    fn code(&self, request: &MfaRequest) -> Option<Secret>;

    /// Whether asking again gives a new answer (a person at a prompt), or the same one (a
    /// code given up front).
    fn interactive(&self) -> bool;

    /// The identity's `mfa_process` (a security key) is running (`true`) or done (`false`):
    /// the place to say "touch your key". Nothing is asked.
    fn device_waiting(&self, _request: &MfaRequest, _waiting: bool) {}

    /// Where an IAM Identity Center identity that needs a sign-in signs in, when the front end
    /// can show a browser page (`None`: the error says to run `rolehop login`).
    fn sign_in_page(&self) -> Option<&dyn crate::sso::SignInPage> {
        None
    }

    /// Asks the person whether identity `identity` may run `command` (its `mfa_process`, not
    /// confirmed before): `Some(answer)`, or `None` when nobody can be asked here (the error
    /// then says where to confirm it).
    fn confirm_command(&self, _identity: &str, _command: &str) -> Option<bool> {
        None
    }
}

/// No one to ask: any MFA need is an error that says to pass `--mfa-code`.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoPrompt;

impl MfaPrompt for NoPrompt {
    fn code(&self, _: &MfaRequest) -> Option<Secret> {
        None
    }

    fn interactive(&self) -> bool {
        false
    }
}

/// A code given up front (`--mfa-code`). Asked twice, it gives the same code, and the
/// single-use check then explains that a second code is needed.
#[derive(Debug)]
pub struct FixedCode {
    code: Secret,
    asked: Mutex<u32>,
}

impl FixedCode {
    pub fn new(code: Secret) -> Self {
        Self {
            code,
            asked: Mutex::new(0),
        }
    }

    pub fn times_asked(&self) -> u32 {
        self.asked.lock().map(|n| *n).unwrap_or(0)
    }
}

impl MfaPrompt for FixedCode {
    fn code(&self, _: &MfaRequest) -> Option<Secret> {
        if let Ok(mut n) = self.asked.lock() {
            *n += 1;
        }
        Some(self.code.clone())
    }

    fn interactive(&self) -> bool {
        false
    }
}

/// Whether a text is a TOTP code: six digits (spaces people paste in are ignored).
pub fn normalize_code(text: &str) -> Option<Secret> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| Secret::new(digits))
}

/// How long a used code counts as used: its own 30 s step plus the step on either side that
/// AWS tolerates for clock skew.
pub const REUSE_WINDOW_SECS: i64 = 90;

/// Seconds until the authenticator shows its next code.
pub fn secs_to_next_code(now: i64) -> i64 {
    30 - now.rem_euclid(30)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(
            normalize_code("123 456").map(|s| s.expose().to_string()),
            Some("123456".into())
        );
        for bad in ["12345", "1234567", "12345a", ""] {
            assert!(normalize_code(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn next_code_timing() {
        assert_eq!(secs_to_next_code(60), 30);
        assert_eq!(secs_to_next_code(89), 1);
    }

    #[test]
    fn fixed_code_repeats_itself() {
        let fixed = FixedCode::new(Secret::new("123456"));
        let req = MfaRequest {
            identity: "me".into(),
            serial: "arn:aws:iam::111111111111:mfa/me".into(),
            reason: String::new(),
            retry: None,
        };
        assert_eq!(fixed.code(&req), fixed.code(&req));
        assert_eq!(fixed.times_asked(), 2);
        assert!(!fixed.interactive());
        assert_eq!(NoPrompt.code(&req), None);
    }
}
