//! The MFA window's side of the open flow. The core asks an [`MfaPrompt`] for a code from the
//! background thread that runs the flow; [`WindowPrompt`] shows the MFA window and blocks that
//! thread until the person submits (or cancels). `mfa_submit` hands the code over and waits for
//! what became of it: another ask (wrong or reused code), done, or failed — so the window can
//! say plainly what happened. One ask at a time: a second flow that needs a code waits its turn.

use super::ipc::ShellErrorKind;
use rolehop_core::ErrorKind;
use std::sync::{Condvar, Mutex, MutexGuard};

use rolehop_core::browser::SystemLauncher;
use rolehop_core::sso::SignInPage;
use rolehop_core::sso::page::BrowserPage;
use std::time::{Duration, Instant};

use rolehop_core::Secret;
use rolehop_core::broker::{MfaPrompt, MfaRequest, MfaRetry};
use tauri::{AppHandle, Runtime};

use super::ipc::{IpcError, MfaAsk, MfaOutcome, MfaRetryView};
use super::windows::AppWindow;

/// How long a flow waits for a person to type a code.
const ASK_TIMEOUT: Duration = Duration::from_secs(300);
/// How long `mfa_submit` waits for AWS to judge a code.
const JUDGE_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Default)]
struct State {
    ask: Option<MfaAsk>,
    /// The person's answer to the current ask: a code, or `None` for cancel.
    answer: Option<Option<Secret>>,
    /// What became of the last submitted code.
    outcome: Option<MfaOutcome>,
    /// Whether the person cancelled the current flow (its failure is then not reported).
    cancelled: bool,
    /// The flow (thread) whose ask this is: only it may finish it. Several opens run at once
    /// (five tray clicks); one that needed no code must not end another's ask.
    owner: Option<std::thread::ThreadId>,
}

/// How a flow's end touched the MFA window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finished {
    /// This flow asked for a code (so the MFA window is its to close).
    pub asked: bool,
    /// The person cancelled (so the failure is not reported).
    pub cancelled: bool,
}

/// Shared between the flow threads and the IPC commands (managed Tauri state).
#[derive(Default)]
pub struct MfaBridge {
    state: Mutex<State>,
    changed: Condvar,
    /// Held by the flow whose ask is on screen.
    turn: Mutex<()>,
}

impl MfaBridge {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The ask on screen, for the window when it loads.
    pub fn current(&self) -> Option<MfaAsk> {
        self.lock().ask.clone()
    }

    /// Hands a code (or a cancel) to the waiting flow and, for a code, waits for its outcome.
    pub fn submit(&self, code: Option<Secret>) -> MfaOutcome {
        let cancel = code.is_none();
        let mut s = self.lock();
        if s.ask.is_none() {
            return MfaOutcome::Failed {
                error: IpcError::new(
                    ErrorKind::NotFound,
                    "no MFA code is being asked for any more",
                ),
            };
        }
        s.cancelled |= cancel;
        s.answer = Some(code);
        s.outcome = None;
        self.changed.notify_all();
        if cancel {
            return MfaOutcome::Failed {
                error: IpcError::new(ShellErrorKind::Cancelled, "cancelled"),
            };
        }
        let deadline = Instant::now() + JUDGE_TIMEOUT;
        loop {
            if let Some(outcome) = s.outcome.take() {
                return outcome;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return MfaOutcome::Failed {
                    error: IpcError::new(
                        ErrorKind::Network,
                        "AWS did not answer within two minutes",
                    ),
                };
            }
            s = match self.changed.wait_timeout(s, left) {
                Ok((guard, _)) => guard,
                Err(p) => p.into_inner().0,
            };
        }
    }

    /// Called by the flow when it ends: tells a waiting `submit` and clears the ask. Returns
    /// whether the person cancelled (so the caller does not report a failure they chose).
    pub fn finish(&self, result: Result<(), IpcError>) -> Finished {
        let mut s = self.lock();
        if s.owner != Some(std::thread::current().id()) {
            return Finished {
                asked: false,
                cancelled: false,
            };
        }
        s.owner = None;
        s.ask = None;
        // A submit waiting for its code's fate learns it.
        s.outcome = Some(match result {
            Ok(()) => MfaOutcome::Done,
            Err(error) => MfaOutcome::Failed { error },
        });
        s.answer = None;
        let cancelled = std::mem::take(&mut s.cancelled);
        self.changed.notify_all();
        Finished {
            asked: true,
            cancelled,
        }
    }

    fn ask(&self, ask: MfaAsk, show: impl FnOnce()) -> Option<Secret> {
        let mut s = self.lock();
        if ask.retry.is_some() && s.outcome.is_none() {
            // The previous code was refused: the waiting submit learns why.
            s.outcome = Some(MfaOutcome::Retry { ask: ask.clone() });
        }
        s.ask = Some(ask);
        s.answer = None;
        s.owner = Some(std::thread::current().id());
        self.changed.notify_all();
        drop(s);
        show();
        let mut s = self.lock();
        let deadline = Instant::now() + ASK_TIMEOUT;
        loop {
            if let Some(answer) = s.answer.take() {
                return answer;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                s.ask = None;
                return None;
            }
            s = match self.changed.wait_timeout(s, left) {
                Ok((guard, _)) => guard,
                Err(p) => p.into_inner().0,
            };
        }
    }
}

/// What the window shows for a core request.
pub fn ask_of(request: &MfaRequest) -> MfaAsk {
    MfaAsk {
        identity: request.identity.clone(),
        serial: request.serial.clone(),
        reason: request.reason.clone(),
        retry: request.retry.map(|r| match r {
            MfaRetry::BadFormat => MfaRetryView::BadFormat,
            MfaRetry::Rejected => MfaRetryView::Rejected,
            MfaRetry::AlreadyUsed { wait_secs } => MfaRetryView::AlreadyUsed { wait_secs },
        }),
    }
}

/// The tray's MFA prompt: the MFA window, and a "touch your key" notice while an identity's
/// code command runs.
pub struct WindowPrompt<R: Runtime> {
    pub app: AppHandle<R>,
    /// The notice shown while a code command runs.
    device: Mutex<Option<u32>>,
    /// Where an IAM Identity Center sign-in opens (made on first need).
    page: std::sync::OnceLock<Option<BrowserPage<'static, SystemLauncher>>>,
}

impl<R: Runtime> WindowPrompt<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        Self {
            app,
            device: Mutex::new(None),
            page: std::sync::OnceLock::new(),
        }
    }
}

impl<R: Runtime> MfaPrompt for WindowPrompt<R> {
    fn code(&self, request: &MfaRequest) -> Option<Secret> {
        let bridge = tauri::Manager::try_state::<MfaBridge>(&self.app)?;
        let _turn = bridge.turn.lock().unwrap_or_else(|p| p.into_inner());
        let app = self.app.clone();
        bridge.ask(ask_of(request), move || {
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || {
                super::notify::show_window(&handle, AppWindow::Mfa);
            });
        })
    }

    fn interactive(&self) -> bool {
        true
    }

    fn sign_in_page(&self) -> Option<&dyn SignInPage> {
        self.page
            .get_or_init(|| {
                let ws = rolehop_core::system::Workspace::from_env().ok()?;
                let catalog = ws.catalog().ok()?;
                let tell = super::notice::sign_in_tell(&self.app);
                rolehop_core::system::sign_in_page(&ws, &catalog, None, tell).ok()
            })
            .as_ref()
            .map(|page| page as &dyn SignInPage)
    }

    fn device_waiting(&self, request: &MfaRequest, waiting: bool) {
        let mut shown = self.device.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(id) = shown.take() {
            super::notice::done(&self.app, Some(id));
        }
        if waiting {
            tracing::info!(identity = %request.identity, "running the identity's MFA code command: touch your security key if it blinks");
            *shown = super::notice::progress_with(
                &self.app,
                "Touch your security key",
                &format!(
                    "Rolehop needs an MFA code for identity {} {}; its code command is waiting for the key.",
                    request.identity, request.reason
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn request(retry: Option<MfaRetry>) -> MfaRequest {
        MfaRequest {
            identity: "alice".into(),
            serial: "arn:aws:iam::111111111111:mfa/alice".into(),
            reason: "to start today's session".into(),
            retry,
        }
    }

    fn wait_for_ask(bridge: &MfaBridge) -> MfaAsk {
        for _ in 0..500 {
            if let Some(ask) = bridge.current() {
                return ask;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        panic!("no ask appeared")
    }

    #[test]
    fn a_wrong_code_comes_back_as_a_retry_and_a_right_one_as_done() {
        let bridge = Arc::new(MfaBridge::default());
        let flow = {
            let bridge = bridge.clone();
            std::thread::spawn(move || {
                let first = bridge.ask(ask_of(&request(None)), || {});
                let second = bridge.ask(ask_of(&request(Some(MfaRetry::Rejected))), || {});
                bridge.finish(Ok(()));
                (
                    first.map(|s| s.expose().to_string()),
                    second.map(|s| s.expose().to_string()),
                )
            })
        };
        assert_eq!(wait_for_ask(&bridge).retry, None);
        match bridge.submit(Some(Secret::new("111111"))) {
            MfaOutcome::Retry { ask } => assert_eq!(ask.retry, Some(MfaRetryView::Rejected)),
            other => panic!("{other:?}"),
        }
        assert_eq!(bridge.submit(Some(Secret::new("222222"))), MfaOutcome::Done);
        let (first, second) = flow.join().unwrap_or_else(|_| panic!("flow panicked"));
        assert_eq!(first.as_deref(), Some("111111"));
        assert_eq!(second.as_deref(), Some("222222"));
        assert_eq!(bridge.current(), None);
    }

    #[test]
    fn a_flow_that_asked_nothing_leaves_another_flows_ask_alone() {
        let bridge = Arc::new(MfaBridge::default());
        let asking = {
            let bridge = bridge.clone();
            std::thread::spawn(move || {
                let code = bridge.ask(ask_of(&request(None)), || {});
                let finished = bridge.finish(Ok(()));
                (code.map(|c| c.expose().to_string()), finished)
            })
        };
        wait_for_ask(&bridge);
        // Another open (cached credentials, no code needed) ends meanwhile.
        let other = {
            let bridge = bridge.clone();
            std::thread::spawn(move || bridge.finish(Ok(())))
        };
        let finished = other.join().unwrap_or_else(|_| panic!("panicked"));
        assert!(!finished.asked);
        assert!(bridge.current().is_some(), "the ask is still on screen");
        assert_eq!(bridge.submit(Some(Secret::new("123456"))), MfaOutcome::Done);
        let (code, finished) = asking.join().unwrap_or_else(|_| panic!("panicked"));
        assert_eq!(code.as_deref(), Some("123456"));
        assert!(finished.asked && !finished.cancelled);
    }

    #[test]
    fn cancel_ends_the_ask_and_is_remembered_as_chosen() {
        let bridge = Arc::new(MfaBridge::default());
        let flow = {
            let bridge = bridge.clone();
            std::thread::spawn(move || {
                let code = bridge.ask(ask_of(&request(None)), || {});
                let finished = bridge.finish(Err(IpcError::new(ErrorKind::MfaRequired, "no code")));
                (code.is_none(), finished.cancelled)
            })
        };
        wait_for_ask(&bridge);
        assert!(matches!(bridge.submit(None), MfaOutcome::Failed { .. }));
        let (no_code, cancelled) = flow.join().unwrap_or_else(|_| panic!("flow panicked"));
        assert!(no_code && cancelled);
    }

    #[test]
    fn a_failure_after_a_code_reaches_the_window() {
        let bridge = Arc::new(MfaBridge::default());
        let flow = {
            let bridge = bridge.clone();
            std::thread::spawn(move || {
                let _ = bridge.ask(ask_of(&request(None)), || {});
                bridge
                    .finish(Err(IpcError::new(ErrorKind::AccessDenied, "not allowed")))
                    .cancelled
            })
        };
        wait_for_ask(&bridge);
        match bridge.submit(Some(Secret::new("123456"))) {
            MfaOutcome::Failed { error } => assert_eq!(error.kind, ErrorKind::AccessDenied.into()),
            other => panic!("{other:?}"),
        }
        assert!(!flow.join().unwrap_or_else(|_| panic!("flow panicked")));
    }
}
