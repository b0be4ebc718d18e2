//! `rolehop chrome-extension://<id>/`: the host end of a console's channel
//! (`rolehop_core::browser::channel`), started by the console's browser when Rolehop's
//! extension in it connects, and ended when the browser closes the channel. One runs per
//! console profile. It:
//! - announces the console as live (`rolehop_core::live::registry`) and, asked by an open of
//!   the same shortcut, brings its tab and window to the front;
//! - renews the console in place shortly before its credentials end: fresh credentials from
//!   the flow (no MFA while the day's session lasts; it can ask no one, so a renewal that
//!   needs a code shows the page's notice with a Renew button instead), a sign-in landing on
//!   the page the tab shows, handed to that tab through a one-use loopback hand-off;
//! - writes the day's journal: how long the console was in front, and its renewals.
//!
//! It prints nothing on stdout but channel frames; its log goes to stderr (the browser's).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rolehop_core::base::credentials::now_unix;
use rolehop_core::broker::NoPrompt;
use rolehop_core::browser::channel::{FromExtension, ToExtension, read_message};
use rolehop_core::browser::handoff::{self, Handoff};
use rolehop_core::catalog::resolve::{ResolvedShortcut, resolve};
use rolehop_core::link::deep::Landing;
use rolehop_core::live::journal::{self, Entry, Event};
use rolehop_core::live::registry::{self, Announcement, Listener};
use rolehop_core::live::renewal;
use rolehop_core::live::settings::LiveSettings;
use rolehop_core::system::{System, Workspace, block_on};
use rolehop_core::vault::{OsKeychain, Vault};

use super::console_channel::{Channel, Happened};

/// The longest the host waits without looking at the console's credentials again (a sign-in
/// from elsewhere also tells it at once, `signed-in`).
const LONGEST_SLEEP: u64 = 15 * 60;
/// How long the tab has to take a renewal's hand-off.
const TAKE_WAIT: Duration = Duration::from_secs(30);

/// Runs the host until the browser closes the channel.
pub fn run() -> ExitCode {
    rolehop_common::logging::init(0);
    match serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::warn!("console channel: {message}");
            ExitCode::from(1)
        }
    }
}

/// The host's own failures are only logged (the browser shows none of them), so plain text.
type HostError = std::borrow::Cow<'static, str>;

fn serve() -> Result<(), HostError> {
    let ws = Workspace::from_env().map_err(|e| e.to_string())?;
    let data_dir = ws.paths.data_dir.clone();
    let mut stdin = std::io::stdin().lock();
    let shortcut = match read_message::<_, FromExtension>(&mut stdin) {
        Ok(FromExtension::Hello { shortcut }) => shortcut,
        Ok(_) => return Err("the extension did not say which console it is".into()),
        Err(e) => return Err(e.to_string().into()),
    };
    let catalog = ws.catalog().map_err(|e| e.to_string())?;
    let resolved = resolve(&catalog, &shortcut).map_err(|e| e.to_string())?;
    drop(stdin);

    let channel = Channel {
        out: Arc::new(Mutex::new(std::io::stdout())),
        waiting: Arc::default(),
        next: Arc::new(AtomicU64::new(1)),
    };
    let (events, happened) = mpsc::channel();
    {
        let (channel, events) = (channel.clone(), events.clone());
        std::thread::spawn(move || {
            let mut stdin = std::io::stdin().lock();
            loop {
                match read_message::<_, FromExtension>(&mut stdin) {
                    Ok(message) => channel.route(message, &events),
                    Err(e) => {
                        tracing::debug!("console channel: {e}");
                        let _ = events.send(Happened::Closed);
                        break;
                    }
                }
            }
        });
    }
    let (asker, told) = (channel.clone(), Mutex::new(events.clone()));
    let listener = Listener::start(Box::new(move |command: &str| match command {
        "ping" => "pong".into(),
        "focus" => match asker.ask(|id| ToExtension::Focus { id }) {
            Some(FromExtension::Focused { ok: true, .. }) => "ok".into(),
            _ => "none".into(),
        },
        "tabs" => match asker.ask(|id| ToExtension::Where { id }) {
            Some(FromExtension::At { tabs, .. }) => tabs.to_string(),
            _ => "unknown".into(),
        },
        // The tray's Renew: a renewal with fresh credentials, in the tab.
        "renew" => {
            let _ = told
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .send(Happened::RenewAsked);
            "ok".into()
        }
        // The console was signed in again from elsewhere (an open, the tray's Renew): its
        // credentials changed, and with them when it is due.
        "signed-in" => {
            let _ = told
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .send(Happened::SignedIn);
            "ok".into()
        }
        _ => "unknown".into(),
    }))
    .map_err(|e| e.to_string())?;
    let pid = std::process::id();
    registry::announce(
        &data_dir,
        &Announcement {
            shortcut: shortcut.clone(),
            pid,
            port: listener.port,
            token: listener.token.clone(),
            since: now_unix(),
        },
    )
    .map_err(|e| e.to_string())?;
    tracing::info!("console channel: {shortcut} is live");

    let host = Host {
        ws,
        data_dir: data_dir.clone(),
        shortcut: shortcut.clone(),
        channel,
    };
    let mut front: Option<(i64, std::time::Instant)> = None;
    let mut due = host.next_due();
    loop {
        let wait = due
            .map(|at| u64::try_from(at - now_unix()).unwrap_or(0))
            .unwrap_or(LONGEST_SLEEP)
            .clamp(1, LONGEST_SLEEP);
        match happened.recv_timeout(Duration::from_secs(wait)) {
            Ok(Happened::Said(FromExtension::Focus)) => {
                front.get_or_insert((now_unix(), std::time::Instant::now()));
            }
            Ok(Happened::Said(FromExtension::Blur)) => host.in_front(&mut front, &resolved),
            Ok(Happened::Said(FromExtension::Renew { .. }) | Happened::RenewAsked) => {
                host.renew(true);
                due = host.next_due();
            }
            Ok(Happened::Said(_)) => {}
            Ok(Happened::SignedIn) => {
                host.notice("", false);
                due = host.next_due();
            }
            Ok(Happened::Closed) | Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                // A renewal that could not be done is not tried again at once: the page says
                // why, and a sign-in from elsewhere or the page's Renew starts it again (else
                // the next look at the credentials, [`LONGEST_SLEEP`] later).
                due = if due.is_some_and(|at| at <= now_unix()) {
                    host.renew(false).then(|| host.next_due()).flatten()
                } else {
                    host.next_due()
                };
            }
        }
    }
    host.in_front(&mut front, &resolved);
    drop(listener);
    registry::withdraw(&data_dir, &shortcut, pid);
    tracing::info!("console channel: {shortcut} closed");
    Ok(())
}

struct Host {
    ws: Workspace,
    data_dir: PathBuf,
    shortcut: String,
    channel: Channel,
}

/// What stopped a renewal.
enum Stopped {
    /// Nothing to renew (no console tab, renewal turned off, credentials not near their end).
    Nothing,
    /// It needs an MFA code, which only the person can give.
    NeedsMfa,
    /// It could not be done: why, for the page's notice.
    Failed(String),
}

impl Stopped {
    fn of(error: &rolehop_core::Error) -> Self {
        if error.kind() == rolehop_core::ErrorKind::MfaRequired {
            Self::NeedsMfa
        } else {
            Self::Failed(error.to_string())
        }
    }
}

impl Host {
    /// When the console's credentials are due for renewal (unix seconds); `None` when it has
    /// none cached (nothing to renew: it was signed out, or opened from elsewhere).
    fn next_due(&self) -> Option<i64> {
        let end = self.next_end()?;
        (end > now_unix()).then(|| renewal::due(end, now_unix()))
    }

    /// Writes the time in front that just ended, rounded up to the second (a glance at a
    /// console counts as one second, not as none).
    fn in_front(&self, front: &mut Option<(i64, std::time::Instant)>, shortcut: &ResolvedShortcut) {
        if let Some((since, started)) = front.take() {
            let seconds = started.elapsed().as_millis().div_ceil(1000);
            if seconds > 0 {
                let mut entry = Entry::of(shortcut, Event::InFront, since);
                entry.seconds = Some(u64::try_from(seconds).unwrap_or(u64::MAX));
                journal::record(&self.data_dir, &entry);
            }
        }
    }

    /// Renews the console in its tab (`asked`: the person clicked Renew) and says whether it
    /// was renewed. A renewal that cannot be done says so on the page, with a Renew button.
    fn renew(&self, asked: bool) -> bool {
        match self.renew_in_place(asked) {
            Ok(()) => return true,
            Err(Stopped::Nothing) => {}
            Err(Stopped::NeedsMfa) if asked => {
                // The person asked: the tray (if it runs) asks for the MFA code in its window;
                // its open renews this console's tab (the extension's tab reuse).
                tracing::info!(
                    "console channel: {} needs an MFA code; asking the tray",
                    self.shortcut
                );
                self.open_through_tray();
            }
            Err(Stopped::NeedsMfa) => self.notice(
                "Today's session has ended: Renew asks for your MFA code.",
                true,
            ),
            Err(Stopped::Failed(why)) => self.notice(&why, true),
        }
        false
    }

    fn renew_in_place(&self, asked: bool) -> Result<(), Stopped> {
        let failed = |e: &dyn std::fmt::Display| Stopped::Failed(e.to_string());
        let stopped = |e: rolehop_core::Error| Stopped::of(&e);
        if !asked && !LiveSettings::load(&self.data_dir).renew_in_place {
            return Err(Stopped::Nothing);
        }
        let Some(FromExtension::At {
            tab: Some(tab),
            url,
            ..
        }) = self.channel.ask(|id| ToExtension::Where { id })
        else {
            return Err(Stopped::Nothing);
        };
        let catalog = self.ws.catalog().map_err(stopped)?;
        let shortcut = resolve(&catalog, &self.shortcut).map_err(|e| failed(&e))?;
        let landing = Landing {
            destination: url
                .as_deref()
                .and_then(|u| renewal::destination(u, &shortcut)),
            region: None,
        };
        let system = System::new(&self.ws, catalog, NoPrompt).map_err(stopped)?;
        let signin = block_on(system.engine().renewal_url(&self.shortcut, &landing, asked))
            .map_err(stopped)?
            .map_err(stopped)?;
        let page_dir = self.data_dir.join("handoff");
        let handoff =
            Handoff::serve(signin.url, handoff::TTL, &page_dir).map_err(|e| failed(&e))?;
        self.channel.send(&ToExtension::Renew {
            tab,
            url: handoff.loopback_url().expose().to_string(),
        });
        let taken = block_on(handoff.wait(TAKE_WAIT)).unwrap_or(false);
        if !taken {
            return Err(Stopped::Failed(
                "the console's tab did not take the new sign-in".into(),
            ));
        }
        journal::record(
            &self.data_dir,
            &Entry::of(&signin.shortcut, Event::Renewed, now_unix()),
        );
        self.notice("", false);
        tracing::info!("console channel: {} renewed in place", self.shortcut);
        Ok(())
    }

    /// Shows `why` on the console's pages (an empty text takes the notice away).
    fn notice(&self, why: &str, renew: bool) {
        let text = if why.is_empty() {
            String::new()
        } else {
            let end = self
                .next_end()
                .map(|at| format!(" at {}", journal::local_time(at)))
                .unwrap_or_default();
            format!("This console signs out{end}; Rolehop could not renew it. {why}")
        };
        self.channel.send(&ToExtension::Banner { text, renew });
    }

    /// When the console's cached credentials end (`rolehop_core::launch::sessions::ends_at`).
    fn next_end(&self) -> Option<i64> {
        let catalog = self.ws.catalog().ok()?;
        rolehop_core::launch::sessions::ends_at(&Vault::new(OsKeychain), &catalog, &self.shortcut)
    }

    /// `rolehop open SHORTCUT` (its cached credentials were dropped), which the tray takes
    /// when it runs and asks for the MFA code in its window; without the tray it cannot ask
    /// (no terminal), and the page says where to go.
    fn open_through_tray(&self) {
        let program = std::env::current_exe().unwrap_or_else(|_| "rolehop".into());
        let handed = std::process::Command::new(program)
            .args(["open", &self.shortcut])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !handed {
            self.notice(
                &format!(
                    "Start Rolehop's tray and open it there, or run `rolehop open {}` in a terminal.",
                    self.shortcut
                ),
                false,
            );
        }
    }
}
