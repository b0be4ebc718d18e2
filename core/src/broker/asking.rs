//! Asking for MFA codes inside the broker's STS calls: once per call, never a code already
//! used (AWS refuses a reused one), re-asked after a rejected code when the prompt is
//! interactive, and the code that worked recorded for the identity. An identity with an
//! `mfa_process` gets its codes from that command instead (a YubiKey), under the same rules:
//! a used code is never sent; the command is run again once the next code is due.

use super::code_command::code_from;
use super::error::BrokerError;
use super::failure::{Ctx, map_failure};
use super::flow::Broker;
use super::mfa::{
    MfaPrompt, MfaRequest, MfaRetry, REUSE_WINDOW_SECS, normalize_code, secs_to_next_code,
};
use super::sts::{MfaToken, Sts, StsFailure};
use crate::catalog::model::Identity;
use crate::vault::{Keychain, MfaUse};

/// How many codes one call asks for before it gives up.
const MAX_MFA_ATTEMPTS: u32 = 3;

impl<K: Keychain, S: Sts, M: MfaPrompt> Broker<'_, K, S, M> {
    /// An `mfa_process` runs only once the person confirmed it for this identity: a command
    /// an import wrote (a shared AWS config) is shown and asked about before it first runs;
    /// one typed in set-up or Settings was confirmed there. The confirmation is kept in the
    /// keychain, where no file an import writes can forge it.
    fn command_confirmed(&self, identity: &Identity, command: &str) -> Result<(), BrokerError> {
        if self
            .vault
            .mfa_process_confirmed(&identity.id, command)
            .map_err(BrokerError::from)?
        {
            return Ok(());
        }
        match self.mfa.confirm_command(&identity.id, command) {
            Some(true) => {
                self.vault
                    .confirm_mfa_process(&identity.id, command)
                    .map_err(BrokerError::from)?;
                Ok(())
            }
            answer => Err(BrokerError::CommandNotConfirmed {
                identity: identity.id.clone(),
                command: command.to_string(),
                refused: answer == Some(false),
            }),
        }
    }

    /// Runs an STS call that needs the identity's MFA code (if it has a device), asking for
    /// a code, refusing a code already used, re-asking after a rejected one (interactive
    /// prompts only) and recording the code that worked. AWS's other answers are mapped with
    /// `ctx` (which identity, key and role the call was about).
    pub(super) async fn with_mfa<T, F, Fut>(
        &self,
        identity: &Identity,
        reason: &str,
        ctx: &Ctx<'_>,
        call: F,
    ) -> Result<T, BrokerError>
    where
        F: Fn(Option<MfaToken>) -> Fut,
        Fut: std::future::Future<Output = Result<T, StsFailure>>,
    {
        let Some(serial) = identity.mfa_serial.clone() else {
            return call(None).await.map_err(|f| map_failure(f, ctx));
        };
        // A code command is asked again after a used code (it gives the next one once the
        // authenticator moves on); a person is asked again only at an interactive prompt.
        let device = identity.mfa_process.as_deref();
        let interactive = device.is_none() && self.mfa.interactive();
        let mut retry = None;
        for _ in 0..MAX_MFA_ATTEMPTS {
            let request = MfaRequest {
                identity: identity.id.clone(),
                serial: serial.clone(),
                reason: reason.to_string(),
                retry,
            };
            let raw = match device {
                Some(command) => {
                    self.command_confirmed(identity, command)?;
                    self.mfa.device_waiting(&request, true);
                    let code = code_from(self.codes, command).await;
                    self.mfa.device_waiting(&request, false);
                    code.map_err(|error| BrokerError::MfaProcess {
                        identity: identity.id.clone(),
                        error,
                    })?
                }
                None => match self.mfa.code(&request) {
                    Some(raw) => raw,
                    None => {
                        return Err(BrokerError::MfaRequired {
                            identity: identity.id.clone(),
                            serial,
                            reason: reason.to_string(),
                        });
                    }
                },
            };
            let Some(code) = normalize_code(raw.expose()) else {
                if interactive {
                    retry = Some(MfaRetry::BadFormat);
                    continue;
                }
                return Err(BrokerError::MfaRejected {
                    identity: identity.id.clone(),
                    serial,
                    detail: "an MFA code is the 6 digits your authenticator shows".into(),
                });
            };
            let now = (self.clock)();
            if let Some(last) = self
                .vault
                .last_mfa_use(&identity.id)
                .map_err(BrokerError::from)?
                && last.code == code
                && now - last.used_at < REUSE_WINDOW_SECS
            {
                let wait_secs = secs_to_next_code(now);
                if device.is_some() {
                    // The command would print the same code until the authenticator moves on.
                    tracing::info!(identity = %identity.id, wait_secs, "MFA code command gave a used code; waiting for the next one");
                    tokio::time::sleep(std::time::Duration::from_secs(wait_secs.max(0) as u64 + 1))
                        .await;
                    retry = Some(MfaRetry::AlreadyUsed { wait_secs });
                    continue;
                }
                if interactive {
                    retry = Some(MfaRetry::AlreadyUsed { wait_secs });
                    continue;
                }
                return Err(BrokerError::MfaReused {
                    identity: identity.id.clone(),
                    serial,
                    ago: now - last.used_at,
                    wait_secs,
                    what: format!("{} needs a new one: ", reason.trim_start_matches("to ")),
                });
            }
            let token = MfaToken {
                serial: serial.clone(),
                code: code.clone(),
            };
            match call(Some(token)).await {
                Ok(value) => {
                    self.vault
                        .record_mfa_use(&identity.id, &MfaUse { code, used_at: now })
                        .map_err(BrokerError::from)?;
                    return Ok(value);
                }
                Err(StsFailure::MfaFailed { message }) => {
                    if interactive {
                        retry = Some(MfaRetry::Rejected);
                        continue;
                    }
                    let detail = match device {
                        Some(command) => format!(
                            "{message} The code came from `{command}`: check that it names the account of this MFA device and that this computer's clock is right"
                        ),
                        None => format!(
                            "{message} Check that the code is current and that this computer's clock is right"
                        ),
                    };
                    return Err(BrokerError::MfaRejected {
                        identity: identity.id.clone(),
                        serial,
                        detail,
                    });
                }
                Err(other) => {
                    // AWS took the code and then refused the call for another reason (a trust
                    // policy, say): the code is spent, and offering it again would only be
                    // refused as reused. Calls that never got that far (no answer, throttled,
                    // keys or parameters refused first) leave it unspent.
                    if matches!(
                        other,
                        StsFailure::AccessDenied { .. } | StsFailure::Other { .. }
                    ) {
                        self.vault
                            .record_mfa_use(&identity.id, &MfaUse { code, used_at: now })
                            .map_err(BrokerError::from)?;
                    }
                    return Err(map_failure(other, ctx));
                }
            }
        }
        Err(BrokerError::MfaRejected {
            identity: identity.id.clone(),
            serial,
            detail: format!("{MAX_MFA_ATTEMPTS} codes in a row were not accepted"),
        })
    }
}
