//! THE flow: shortcut -> role credentials -> console sign-in URL.
//!
//! The CLI (`rolehop open`, `url`, `credential-process`), the tray, the switcher and discovery
//! all call [`Engine`]; none of them re-implements a step. The engine borrows its seams
//! (keychain, STS, sign-in HTTP, MFA prompt) so tests can give it fakes; the real ones are
//! wired once in [`crate::system`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::broker::limits::RoleLimits;
use crate::broker::{Broker, MfaPrompt, Sts};
use crate::browser::detect::{Found, Os};
use crate::browser::handoff::{self, Handoff};
use crate::browser::mark::{WindowMark, cascade_position};
use crate::browser::plan::{self, PlanInput};
use crate::browser::{BrowserError, BrowserKind, ProcessLauncher, profile};
use crate::catalog::Catalog;
use crate::catalog::resolve::{ResolvedShortcut, resolve};
use crate::credentials::{AwsCredentials, CredentialOrigin, now_unix};
use crate::error::Error;
use crate::federation::signin::endpoint;
use crate::federation::urls::{get_signin_token_url, login_url, session_duration, session_json};
use crate::federation::{FederationError, SigninClient};
use crate::partition::destination::destination_url;
use crate::secret::Secret;
use crate::vault::{Keychain, Vault};

/// A console sign-in URL and what the person should know about it. The URL is a bearer
/// secret, valid for 15 minutes.
#[derive(Debug)]
pub struct SigninUrl {
    pub shortcut: ResolvedShortcut,
    pub url: Secret,
    pub notices: Vec<String>,
}

/// Role credentials for tools (credential_process) and what the person should know.
#[derive(Debug)]
pub struct RoleCredentials {
    pub shortcut: ResolvedShortcut,
    pub credentials: AwsCredentials,
    pub notices: Vec<String>,
}

pub struct Engine<'a, K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt> {
    pub catalog: &'a Catalog,
    pub vault: &'a Vault<K>,
    pub sts: &'a S,
    pub signin: &'a C,
    pub mfa: &'a M,
    pub limits: &'a RoleLimits,
}

impl<K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt> Engine<'_, K, S, C, M> {
    fn broker(&self) -> Broker<'_, K, S, M> {
        Broker::new(self.catalog, self.vault, self.sts, self.mfa, self.limits)
    }

    /// Role credentials for a shortcut (cached or fresh).
    pub async fn credentials(&self, shortcut_id: &str) -> Result<RoleCredentials, Error> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        let broker = self.broker();
        let credentials = broker.role_credentials(&shortcut.id).await?;
        Ok(RoleCredentials {
            shortcut,
            credentials,
            notices: broker.take_notices(),
        })
    }

    /// A console sign-in URL for a shortcut. A new sign-in token is minted for every call.
    pub async fn signin_url(&self, shortcut_id: &str) -> Result<SigninUrl, Error> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        let broker = self.broker();
        let mut signin = self.signin_with(&broker, &shortcut).await?;
        signin.notices.extend(broker.take_notices());
        Ok(signin)
    }

    /// A sign-in URL for a console the caller opens itself (`rolehop url`, the clipboard, the
    /// tray's built-in window): [`Self::signin_url`], counted as a use for "recently used"
    /// like an open.
    pub async fn console_url(
        &self,
        shortcut_id: &str,
        data_dir: &Path,
    ) -> Result<SigninUrl, Error> {
        let signin = self.signin_url(shortcut_id).await?;
        crate::usage::Usage::record(data_dir, &signin.shortcut.id, now_unix());
        Ok(signin)
    }

    async fn signin_with(
        &self,
        broker: &Broker<'_, K, S, M>,
        shortcut: &ResolvedShortcut,
    ) -> Result<SigninUrl, Error> {
        let shortcut = shortcut.clone();
        // Check the destination before spending an MFA code on credentials.
        let destination = destination_url(
            shortcut.partition,
            &shortcut.region,
            shortcut.destination.as_deref(),
        )
        .map_err(FederationError::from)?;
        let federation = endpoint(shortcut.partition, None)?;
        let request_for = |creds: &AwsCredentials| {
            let duration = session_duration(creds.origin, creds.remaining(now_unix()));
            get_signin_token_url(&federation, &session_json(creds), duration)
        };
        let creds = broker.role_credentials(&shortcut.id).await?;
        let token = match self
            .signin
            .signin_token(&federation, &request_for(&creds))
            .await
        {
            Ok(token) => token,
            // Cached role credentials can be revoked (for example by "Revoke active sessions"
            // on the role). Renew them once when that costs no MFA code (`daily` and chained roles).
            Err(FederationError::Rejected { status, .. })
                if matches!(status, 400 | 401 | 403)
                    && creds.origin != CredentialOrigin::RoleFromLongTermKeys =>
            {
                tracing::info!(shortcut = %shortcut.id, status, "sign-in refused the role credentials; renewing them once");
                self.vault.drop_role(&shortcut.id)?;
                let renewed = broker.role_credentials(&shortcut.id).await?;
                self.signin
                    .signin_token(&federation, &request_for(&renewed))
                    .await?
            }
            Err(e) => return Err(e.into()),
        };
        let url = login_url(&federation, &destination, &token);
        Ok(SigninUrl {
            shortcut,
            url,
            notices: Vec::new(),
        })
    }
}

/// How to open a console in a browser.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// `--browser`: overrides the shortcut's, client's and catalog's choice.
    pub browser: Option<BrowserKind>,
    pub new_window: bool,
}

/// The browser side of the machine: what is installed and how to start it.
pub struct Browsers<'a, L: ProcessLauncher> {
    pub found: &'a [Found],
    pub data_dir: &'a Path,
    pub os: Os,
    pub is_root: bool,
    pub launcher: &'a L,
    /// How long to wait for the browser to take the hand-off.
    pub handoff_wait: Duration,
}

/// A console that was opened.
#[derive(Debug)]
pub struct Opened {
    pub shortcut: ResolvedShortcut,
    pub kind: BrowserKind,
    pub program: String,
    pub profile: Option<PathBuf>,
    pub created_profile: bool,
    pub notices: Vec<String>,
    /// When the browser process was being started (for timing).
    pub launched_at: std::time::Instant,
}

/// The browser a shortcut opens in: `--browser`, else the shortcut's, the client's, the
/// catalog's, else the first one found. Returns the installed browser it runs on, if needed.
pub fn choose_browser<'f>(
    catalog: &Catalog,
    shortcut_id: &str,
    override_kind: Option<BrowserKind>,
    found: &'f [Found],
) -> Result<(BrowserKind, Option<&'f Found>), Error> {
    let shortcut = catalog.shortcut(shortcut_id);
    let configured = shortcut
        .and_then(|s| s.browser.clone())
        .or_else(|| {
            shortcut
                .and_then(|s| catalog.client(&s.client))
                .and_then(|c| c.browser.clone())
        })
        .or_else(|| catalog.browser.clone());
    let kind = match (override_kind, configured) {
        (Some(kind), _) => kind,
        (None, Some(text)) => BrowserKind::parse(&text).map_err(BrowserError::from)?,
        (None, None) => found
            .first()
            .map(|f| f.kind)
            .ok_or(BrowserError::NoneFound)?,
    };
    if kind == BrowserKind::Custom && catalog.browser_command.is_none() {
        return Err(BrowserError::NoCustomCommand.into());
    }
    if matches!(
        kind,
        BrowserKind::Custom | BrowserKind::Default | BrowserKind::Builtin
    ) {
        return Ok((kind, None));
    }
    let engine = kind.engine();
    match found.iter().find(|f| f.kind == engine) {
        Some(f) => Ok((kind, Some(f))),
        None => Err(BrowserError::Missing {
            kind: kind.as_str().to_string(),
            found: if found.is_empty() {
                " (no supported browser was found at all)".to_string()
            } else {
                format!(
                    " (found: {})",
                    found
                        .iter()
                        .map(|f| f.kind.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        }
        .into()),
    }
}

impl<K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt> Engine<'_, K, S, C, M> {
    /// Opens the console of each shortcut in its own browser profile, in parallel, sharing one
    /// broker so that `daily` shortcuts of one identity ask for MFA at most once.
    pub async fn open_many<L: ProcessLauncher>(
        &self,
        shortcut_ids: &[String],
        options: &OpenOptions,
        browsers: &Browsers<'_, L>,
    ) -> Vec<Result<Opened, Error>> {
        let broker = self.broker();
        let opens = shortcut_ids
            .iter()
            .map(|id| self.open_with(&broker, id, options, browsers));
        let mut results = futures_util::future::join_all(opens).await;
        // Notices are shared by the broker; give them to the first success.
        let notices = broker.take_notices();
        if let Some(Ok(first)) = results.iter_mut().find(|r| r.is_ok()) {
            first.notices.extend(notices);
        }
        results
    }

    async fn open_with<L: ProcessLauncher>(
        &self,
        broker: &Broker<'_, K, S, M>,
        shortcut_id: &str,
        options: &OpenOptions,
        browsers: &Browsers<'_, L>,
    ) -> Result<Opened, Error> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        // Everything that can fail without AWS is checked before an MFA code is spent.
        let (kind, found) =
            choose_browser(self.catalog, &shortcut.id, options.browser, browsers.found)?;
        if kind == BrowserKind::Builtin {
            // Only the tray app can show a window; it calls `signin_url` and opens its own.
            return Err(BrowserError::BuiltinNeedsApp {
                shortcut: shortcut.id.clone(),
            }
            .into());
        }
        let profile_dir = profile::profile_dir(browsers.data_dir, &shortcut.id)?;
        let signin = self.signin_with(broker, &shortcut).await?;
        let mark = WindowMark::of(&shortcut);
        let isolated = kind.is_isolated() && kind != BrowserKind::FirefoxContainer;
        // A new window opens off the ones already open, and off those this process is
        // starting right now (`rolehop open a b`, quick clicks): their browsers have not made
        // their profile locks yet.
        let starting = Starting::enter(browsers.data_dir);
        let position = cascade_position(profile::open_count(browsers.data_dir) + starting.before);
        let created_profile = if isolated {
            profile::prepare_for_signin(
                browsers.data_dir,
                &shortcut.id,
                &mark,
                kind,
                now_unix(),
                position,
                url::Url::parse(signin.url.expose())
                    .ok()
                    .map(|u| u.origin().ascii_serialization())
                    .as_deref(),
            )?
        } else {
            false
        };
        let cleanup = |e: Error| {
            if created_profile {
                let _ = profile::remove(browsers.data_dir, &shortcut.id);
            }
            e
        };
        // The hand-off page goes where only this user can read it: the shortcut's profile
        // (which a sandboxed browser may read), or Rolehop's own hand-off folder.
        let page_dir = if isolated {
            profile_dir.clone()
        } else {
            browsers.data_dir.join("handoff")
        };
        let handoff =
            Handoff::serve(signin.url, handoff::TTL, &page_dir).map_err(|e| cleanup(e.into()))?;
        let handoff_url = if kind == BrowserKind::FirefoxContainer {
            handoff.loopback_url()
        } else {
            handoff.url()
        };
        let profile_text = profile_dir.display().to_string();
        let extension = profile_dir.join(profile::CHROMIUM_MARK_DIR);
        let extension_text = extension.display().to_string();
        let chromium = kind.is_chromium_family();
        let plan = plan::plan(&PlanInput {
            kind,
            found,
            profile_dir: &profile_text,
            url: handoff_url.expose(),
            os: browsers.os,
            is_root: browsers.is_root,
            new_window: options.new_window,
            shortcut_id: &shortcut.id,
            title: &mark.name,
            color: Some(&mark.color),
            custom_template: self.catalog.browser_command.as_deref(),
            window_title: chromium.then_some(mark.title.as_str()),
            position: chromium.then_some(position),
            extension_dir: (chromium && extension.is_dir()).then_some(extension_text.as_str()),
        })
        .map_err(|e| cleanup(e.into()))?;
        if plan.args.iter().any(|a| a == "--no-sandbox") {
            tracing::info!(
                "running as root: added --no-sandbox, without which Chromium refuses to start"
            );
        }
        tracing::debug!(shortcut = %shortcut.id, program = %plan.program, kind = %kind, "starting the browser");
        // The program's own part ends here; what follows is the browser starting.
        let launched_at = std::time::Instant::now();
        // Watched until the browser takes the hand-off or exits: a failing browser is named
        // as such on a busy machine too.
        browsers
            .launcher
            .launch_watched(&plan, &|| handoff.consumed(), browsers.handoff_wait)
            .map_err(|e| cleanup(e.into()))?;
        if !handoff.wait(browsers.handoff_wait).await {
            return Err(cleanup(
                BrowserError::HandoffTimeout {
                    program: plan.program.clone(),
                    secs: browsers.handoff_wait.as_secs(),
                }
                .into(),
            ));
        }
        crate::usage::Usage::record(browsers.data_dir, &shortcut.id, now_unix());
        let mut notices = signin.notices;
        if !kind.is_isolated() {
            notices.push(format!(
                "{}: opened in the system default browser, which is not isolated: it holds one AWS console session at a time",
                shortcut.id
            ));
        }
        Ok(Opened {
            shortcut,
            kind,
            program: plan.program,
            profile: isolated.then_some(profile_dir),
            created_profile,
            notices,
            launched_at,
        })
    }
}

/// Browser launches under way in this process, per data directory, so that opens started
/// together get distinct window places.
static STARTING: std::sync::Mutex<Vec<(PathBuf, usize)>> = std::sync::Mutex::new(Vec::new());

/// One launch under way, counted in [`STARTING`] until dropped.
struct Starting {
    data_dir: PathBuf,
    /// How many were under way before this one.
    before: usize,
}

impl Starting {
    fn enter(data_dir: &Path) -> Self {
        let mut all = STARTING.lock().unwrap_or_else(|p| p.into_inner());
        let before = match all.iter_mut().find(|(d, _)| d == data_dir) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                all.push((data_dir.to_path_buf(), 1));
                0
            }
        };
        Self {
            data_dir: data_dir.to_path_buf(),
            before,
        }
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        let mut all = STARTING.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, n)) = all.iter_mut().find(|(d, _)| *d == self.data_dir) {
            *n = n.saturating_sub(1);
        }
        all.retain(|(_, n)| *n > 0);
    }
}

/// What `sign_out` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedOut {
    /// The logout page was opened in the shortcut's profile.
    pub browser: Option<BrowserKind>,
    /// Cached role credentials were dropped.
    pub dropped_credentials: bool,
}

/// Ends a shortcut's console session: the partition's logout page in that shortcut's profile
/// (when it has one), then its cached role credentials are dropped.
pub fn sign_out<K: Keychain, L: ProcessLauncher>(
    catalog: &Catalog,
    vault: &Vault<K>,
    shortcut_id: &str,
    browsers: &Browsers<'_, L>,
) -> Result<SignedOut, Error> {
    let shortcut = resolve(catalog, shortcut_id)?;
    let dir = profile::profile_dir(browsers.data_dir, &shortcut.id)?;
    let mut browser = None;
    if dir.exists() {
        let (kind, installed) = choose_browser(catalog, &shortcut.id, None, browsers.found)?;
        let logout = crate::federation::signin::logout_url(shortcut.partition)?;
        let dir_text = dir.display().to_string();
        let mark = WindowMark::of(&shortcut);
        let launch = plan::plan(&PlanInput {
            kind,
            found: installed,
            profile_dir: &dir_text,
            url: &logout,
            os: browsers.os,
            is_root: browsers.is_root,
            new_window: false,
            shortcut_id: &shortcut.id,
            title: &mark.name,
            color: None,
            custom_template: catalog.browser_command.as_deref(),
            window_title: None,
            position: None,
            extension_dir: None,
        })?;
        browsers.launcher.launch(&launch)?;
        browser = Some(kind);
    }
    let dropped_credentials = vault.drop_role(&shortcut.id)?;
    Ok(SignedOut {
        browser,
        dropped_credentials,
    })
}

#[cfg(test)]
#[path = "launch_tests.rs"]
mod tests;
