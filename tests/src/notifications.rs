//! A notification service for tests: owns `org.freedesktop.Notifications` on the test's
//! session bus and records every `Notify` (summary and body), as a desktop's daemon would
//! show them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

struct Recorder {
    shown: Arc<Mutex<Vec<(String, String)>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Recorder {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        _app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
        shown.push((summary, body));
        u32::try_from(shown.len()).unwrap_or(u32::MAX)
    }

    fn close_notification(&self, _id: u32) {}

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "rolehop-test".into(),
            "rolehop".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

pub struct NotificationService {
    shown: Arc<Mutex<Vec<(String, String)>>>,
    _connection: zbus::blocking::Connection,
}

impl NotificationService {
    /// Starts serving on the bus at `address`; stops when dropped.
    pub fn start(address: &str) -> Self {
        let shown = Arc::new(Mutex::new(Vec::new()));
        let recorder = Recorder {
            shown: shown.clone(),
        };
        let connection = zbus::blocking::connection::Builder::address(address)
            .and_then(|b| b.name("org.freedesktop.Notifications"))
            .and_then(|b| b.serve_at("/org/freedesktop/Notifications", recorder))
            .and_then(|b| b.build())
            .unwrap_or_else(|e| panic!("cannot serve org.freedesktop.Notifications: {e}"));
        Self {
            shown,
            _connection: connection,
        }
    }

    /// (summary, body) of every notification shown so far.
    pub fn shown(&self) -> Vec<(String, String)> {
        self.shown.lock().map(|s| s.clone()).unwrap_or_default()
    }
}
