//! `rolehop doctor`: checks what Rolehop depends on and says what to fix. Exit 1 when a check
//! fails; warnings do not fail.

use std::net::ToSocketAddrs;
use std::time::Duration;

use rolehop_core::broker::{AwsSts, BrokerError, Sts};
use rolehop_core::catalog::Catalog;
use rolehop_core::federation::signin::{FEDERATION_URL_ENV, endpoint};
use rolehop_core::vault::{OsKeychain, Vault};

use super::CliError;
use rolehop_core::system::{Workspace, block_on};

enum Status {
    Ok,
    Warn,
    Fail,
}

#[derive(Default)]
struct Report {
    failed: bool,
    ok: usize,
    warned: usize,
    fails: usize,
    /// The first failure: what to fix first.
    first: Option<String>,
    /// The first warning: worth a look when nothing failed (not "to fix").
    first_warning: Option<String>,
}

/// `1 check`, `2 checks`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Report {
    fn line(&mut self, status: Status, what: &str, detail: impl AsRef<str>) {
        let tag = match status {
            Status::Ok => {
                self.ok += 1;
                "ok  "
            }
            Status::Warn => {
                self.warned += 1;
                if self.first_warning.is_none() {
                    self.first_warning = Some(format!("{what}: {}", detail.as_ref()));
                }
                "warn"
            }
            Status::Fail => {
                if self.first.is_none() {
                    self.first = Some(format!("{what}: {}", detail.as_ref()));
                }
                self.failed = true;
                self.fails += 1;
                "FAIL"
            }
        };
        say!("{tag}  {what}: {}", detail.as_ref());
    }

    /// The last line: how the checks went, and what to fix first.
    fn summary(&self) -> String {
        let total = self.ok + self.warned + self.fails;
        let mut line = format!("{} of {} passed", self.ok, count(total, "check", "checks"));
        if self.fails > 0 {
            line.push_str(&format!(", {} failed", self.fails));
        }
        if self.warned > 0 {
            line.push_str(&format!(", {}", count(self.warned, "warning", "warnings")));
        }
        match (&self.first, &self.first_warning) {
            (Some(first), _) => format!("{line}. Fix first: {first}"),
            // A warning is not a failure: nothing needs fixing for Rolehop to work.
            (None, Some(warning)) => format!("{line}. Nothing failed; worth a look: {warning}"),
            (None, None) => format!("{line}. All good."),
        }
    }
}

pub fn run() -> Result<(), CliError> {
    use rolehop_core::base::trust::DirKind;
    let ctx = Workspace::from_env_unchecked()?;
    let mut report = Report::default();
    let mut untrusted = false;
    for (what, dir, kind) in [
        ("config dir", &ctx.paths.config_dir, DirKind::Config),
        ("data dir", &ctx.paths.data_dir, DirKind::Data),
    ] {
        match rolehop_core::base::trust::check_dir(dir, kind) {
            Ok(()) => report.line(Status::Ok, what, dir.display().to_string()),
            Err(e) => {
                untrusted = true;
                report.line(Status::Fail, what, e.to_string());
            }
        }
    }
    if untrusted {
        // Nothing else is read from folders another user can change.
        say!("\n{}", report.summary());
        return Err(CliError::ChecksFailed);
    }

    let catalog = match ctx.layered() {
        Ok(layered) => {
            let c = layered.catalog;
            let detail = format!(
                "{} — {}, {}, {}{}",
                ctx.store.path().display(),
                count(c.identities.len(), "identity", "identities"),
                count(c.clients.len(), "client", "clients"),
                count(c.shortcuts.len(), "shortcut", "shortcuts"),
                if ctx.store.exists() {
                    ""
                } else {
                    " (no file yet)"
                }
            );
            report.line(Status::Ok, "catalog", detail);
            if c.identities.is_empty() {
                report.line(
                    Status::Warn,
                    "identities",
                    "none yet: run `rolehop setup --identity NAME --account … --access-key-id …`",
                );
            }
            // Layers never break the personal catalog, but one left out is worth fixing.
            for l in &layered.layers {
                let what = format!("layer {}", l.layer);
                match &l.problem {
                    None => report.line(
                        Status::Ok,
                        &what,
                        format!("{} ({} entries)", l.file, l.entries),
                    ),
                    Some(p)
                        if p.contains("not fetched yet") || p.contains("not discovered yet") =>
                    {
                        report.line(Status::Warn, &what, p.clone())
                    }
                    Some(p) => report.line(Status::Fail, &what, format!("not used: {p}")),
                }
            }
            for conflict in &layered.conflicts {
                report.line(
                    Status::Warn,
                    "conflict",
                    format!(
                        "{} `{}` is defined by {} and {}; {} is used",
                        conflict.kind, conflict.id, conflict.kept, conflict.ignored, conflict.kept
                    ),
                );
            }
            c
        }
        Err(e) => {
            report.line(Status::Fail, "catalog", e.to_string());
            Catalog::default()
        }
    };

    let keychain_ok = match OsKeychain.probe() {
        Ok(()) => {
            report.line(Status::Ok, "keychain", "reachable");
            true
        }
        Err(e) => {
            report.line(Status::Fail, "keychain", e.to_string());
            false
        }
    };

    let sts_override = std::env::var("AWS_ENDPOINT_URL_STS")
        .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
        .ok();
    if let Some(url) = &sts_override {
        report.line(
            Status::Warn,
            "STS endpoint",
            format!("overridden by AWS_ENDPOINT_URL*: {url}"),
        );
    }
    if keychain_ok {
        let vault = Vault::new(OsKeychain);
        let sts = AwsSts::new();
        for identity in &catalog.identities {
            let what = format!("identity {}", identity.id);
            if let Some(portal) = identity.portal() {
                sso_identity(&mut report, &vault, &what, &identity.id, &portal);
                continue;
            }
            match vault.base_keys(&identity.id) {
                Ok(None) => report.line(
                    Status::Fail,
                    &what,
                    format!(
                        "no keys stored: run `rolehop setup --identity {} …`",
                        identity.id
                    ),
                ),
                Err(e) => report.line(Status::Fail, &what, e.to_string()),
                Ok(Some(keys)) => {
                    let region = identity
                        .region
                        .clone()
                        .unwrap_or_else(|| identity.partition.default_region().to_string());
                    match block_on(sts.caller_identity(&keys.credentials(), &region))? {
                        Ok(caller) if caller.account == identity.account => {
                            report.line(
                                Status::Ok,
                                &what,
                                format!("key {} works: {}", keys.access_key_id, caller.arn),
                            );
                        }
                        Ok(caller) => report.line(
                            Status::Fail,
                            &what,
                            format!(
                                "the key belongs to account {}, but the catalog says {}",
                                caller.account, identity.account
                            ),
                        ),
                        Err(f) => report.line(
                            Status::Fail,
                            &what,
                            BrokerError::from_setup(&identity.id, &keys.access_key_id, f)
                                .to_string(),
                        ),
                    }
                }
            }
        }
    }

    let partition = catalog
        .identities
        .first()
        .map(|i| i.partition)
        .unwrap_or_default();
    match endpoint(partition, None) {
        Ok(url) => {
            let overridden = std::env::var(FEDERATION_URL_ENV).is_ok_and(|v| !v.trim().is_empty());
            match reachable(&url) {
                Ok(()) => report.line(
                    if overridden { Status::Warn } else { Status::Ok },
                    "sign-in endpoint",
                    format!(
                        "{url} reachable{}",
                        if overridden {
                            format!(" (overridden by {FEDERATION_URL_ENV})")
                        } else {
                            String::new()
                        }
                    ),
                ),
                Err(e) => report.line(
                    Status::Fail,
                    "sign-in endpoint",
                    format!("{url} not reachable ({e}); check the network or proxy"),
                ),
            }
        }
        Err(e) => report.line(Status::Fail, "sign-in endpoint", e.to_string()),
    }

    let browsers = rolehop_core::system::found_browsers();
    if browsers.is_empty() {
        report.line(Status::Warn, "browsers", "no Chromium-family browser or Firefox found (PATH, install paths, snap, flatpak); install one (e.g. `apt install chromium`) for isolated console windows");
    } else {
        let list: Vec<String> = browsers
            .iter()
            .map(|f| format!("{} ({})", f.kind, f.program))
            .collect();
        let default = catalog
            .browser
            .clone()
            .or_else(|| browsers.first().map(|f| f.kind.to_string()))
            .unwrap_or_default();
        let layout = match catalog.profile_layout.unwrap_or_default() {
            rolehop_core::base::browser_kind::ProfileLayout::Shared => {
                "Chromium consoles: profiles of one shared Rolehop browser"
            }
            rolehop_core::base::browser_kind::ProfileLayout::Separate => {
                "Chromium consoles: a browser each (profile_layout = \"separate\")"
            }
        };
        report.line(
            Status::Ok,
            "browsers",
            format!("{}; default: {default}; {layout}", list.join(", ")),
        );
    }

    // The desktop: where the tray icon goes and how messages reach the person.
    let desktop = rolehop_common::desktop::probe();
    let no_session = std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
        && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none();
    if no_session {
        report.line(
            Status::Warn,
            "desktop",
            "no desktop session here (DISPLAY, WAYLAND_DISPLAY and the session bus are unset): the CLI works, the tray app needs a desktop",
        );
    } else {
        match (desktop.sni_host, desktop.xembed_tray) {
            (true, _) => report.line(
                Status::Ok,
                "tray host",
                "a StatusNotifierHost is registered (the tray icon shows)",
            ),
            (false, true) => report.line(
                Status::Ok,
                "tray host",
                "an XEmbed system tray runs (the tray icon shows there)",
            ),
            (false, false) => report.line(
                Status::Warn,
                "tray host",
                rolehop_common::desktop::TRAY_HOST_ADVICE,
            ),
        }
        if desktop.notifications {
            report.line(
                Status::Ok,
                "notifications",
                "a notification service answers (org.freedesktop.Notifications)",
            );
        } else {
            report.line(
                Status::Warn,
                "notifications",
                rolehop_common::desktop::NOTIFICATIONS_ADVICE,
            );
        }
        links(&mut report);
    }

    say!("\n{}", report.summary());
    if report.failed {
        Err(CliError::ChecksFailed)
    } else {
        Ok(())
    }
}

/// Whether `rolehop://` links reach Rolehop (the tray app registers itself at start).
#[cfg(target_os = "linux")]
fn links(report: &mut Report) {
    match rolehop_common::desktop::links_handler() {
        None => report.line(
            Status::Warn,
            "links",
            "xdg-mime is missing, so rolehop:// links from a knowledge base cannot reach Rolehop: install xdg-utils",
        ),
        Some(h) if h.is_empty() => report.line(
            Status::Warn,
            "links",
            "no handler for rolehop:// links yet: start the tray app once (`rolehop`), it registers itself",
        ),
        Some(h) if h == rolehop_common::desktop::LINKS_ENTRY || h.to_ascii_lowercase().contains("rolehop") => {
            report.line(
                Status::Ok,
                "links",
                format!("rolehop:// links open with Rolehop ({h})"),
            )
        }
        Some(h) => report.line(
            Status::Warn,
            "links",
            format!("rolehop:// links open with {h}, not Rolehop: start the tray app once, it registers itself again"),
        ),
    }
}

#[cfg(not(target_os = "linux"))]
fn links(_report: &mut Report) {}

/// Whether a TCP connection to the URL's host and port opens within 3 s (per address).
/// An Identity Center identity: signed in (and for how long its access token lasts; it is
/// renewed without the browser while the session lasts), or what to run. Nothing is sent.
fn sso_identity(
    report: &mut Report,
    vault: &Vault<OsKeychain>,
    what: &str,
    id: &str,
    portal: &rolehop_core::vault::sso::Portal,
) {
    let now = rolehop_core::base::credentials::now_unix();
    match vault.sso_token(id) {
        Err(e) => report.line(Status::Fail, what, e.to_string()),
        Ok(Some(token)) if token.portal == *portal => {
            let left = token.expires_at - now;
            let detail = if left > 0 {
                format!(
                    "signed in to IAM Identity Center at {} (access token: {} min left{})",
                    portal.start_url,
                    left / 60,
                    if token.refresh_token.is_some() {
                        ", renewed automatically"
                    } else {
                        ""
                    }
                )
            } else if token.refresh_token.is_some() {
                format!(
                    "signed in to IAM Identity Center at {}; the access token is renewed at the next open",
                    portal.start_url
                )
            } else {
                format!(
                    "the sign-in at {} has expired: run `rolehop login {id}`",
                    portal.start_url
                )
            };
            report.line(
                if left > 0 || token.refresh_token.is_some() {
                    Status::Ok
                } else {
                    Status::Fail
                },
                what,
                detail,
            );
        }
        Ok(_) => report.line(
            Status::Fail,
            what,
            format!(
                "not signed in to IAM Identity Center ({}): run `rolehop login {id}`",
                portal.start_url
            ),
        ),
    }
}

fn reachable(url: &str) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let parsed = url::Url::parse(url).map_err(|e| Error::new(ErrorKind::InvalidInput, e))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "no host"))?;
    let port = parsed
        .port_or_known_default()
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "no port"))?;
    let mut last = Error::new(ErrorKind::NotFound, "no address");
    for addr in (host, port).to_socket_addrs()? {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(3)) {
            Ok(_) => return Ok(()),
            Err(e) => last = e,
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_and_names_what_to_fix_first() {
        let mut r = Report::default();
        r.line(Status::Ok, "a", "fine");
        assert_eq!(r.summary(), "1 of 1 check passed. All good.");
        r.line(Status::Warn, "tray host", "install one");
        // A warning alone is not "to fix".
        assert_eq!(
            r.summary(),
            "1 of 2 checks passed, 1 warning. Nothing failed; worth a look: tray host: install one"
        );
        r.line(Status::Fail, "keychain", "locked");
        r.line(Status::Fail, "browser", "none");
        assert_eq!(
            r.summary(),
            "1 of 4 checks passed, 2 failed, 1 warning. Fix first: keychain: locked"
        );
    }
}
