//! A small W3C WebDriver client for the end-to-end UI suite: `tauri-driver` (which runs
//! WebKitGTK's `WebKitWebDriver`) starts the `rolehop` binary and drives its webviews. Only
//! what the suite needs: sessions, windows, finding elements, typing, clicking, scripts,
//! screenshots. JSON over loopback HTTP with ureq.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::http::agent;
use crate::moto::free_port;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The tauri-driver binary: `ROLEHOP_TAURI_DRIVER` (set by scripts/test.sh), else on PATH.
pub fn tauri_driver_bin() -> PathBuf {
    std::env::var_os("ROLEHOP_TAURI_DRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts tauri-driver with exactly `vars` as its environment (the app inherits it, and
    /// its log goes with tauri-driver's into the test's `logs/` for the leak scan).
    pub fn start(vars: &[(String, String)]) -> Self {
        let port = free_port();
        let native = free_port();
        let child = Command::new(tauri_driver_bin())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env_clear()
            .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("ROLEHOP_LOG", "rolehop=debug,rolehop_core=debug")
            // Debug builds keep every IPC answer for the leak scan (`ipc_answers`).
            .env("ROLEHOP_TEST_RECORD_IPC", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file(vars))
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start tauri-driver ({e}): `cargo install tauri-driver --locked`, and install webkit2gtk-driver"
                )
            });
        let driver = Self { child, port };
        // tauri-driver and the WebKitWebDriver it starts both listen before a session works.
        crate::wait_for("tauri-driver", Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
                && std::net::TcpStream::connect(("127.0.0.1", native)).is_ok()
        });
        driver
    }

    /// A session driving `app args…`; waits for its first window to load.
    pub fn session(&self, app: &Path, args: &[&str]) -> Session {
        let base = format!("http://127.0.0.1:{}", self.port);
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "tauri:options": { "application": app, "args": args }
                }
            }
        });
        // A driver that has just started can drop the first connection: try a few times.
        let mut attempt = 0;
        let value = loop {
            attempt += 1;
            match call(&base, "POST", "/session", Some(caps.clone())) {
                Ok(v) => break v,
                Err(e) if attempt < 4 && e.contains("io:") => {
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(e) => panic!("cannot start a WebDriver session: {e}"),
            }
        };
        let id = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {value}"))
            .to_string();
        Session {
            base: format!("{base}/session/{id}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn call(base: &str, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
    let url = format!("{base}{path}");
    let agent = agent();
    let response = match method {
        "GET" => agent.get(&url).call(),
        "DELETE" => agent.delete(&url).call(),
        _ => agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body.unwrap_or_else(|| json!({})).to_string().as_str()),
    };
    let mut response = response.map_err(|e| format!("{method} {path}: {e}"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("{method} {path}: {e}"))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("{e}: {text}"))?;
    if status >= 400 {
        return Err(format!("{method} {path} -> {status}: {}", json["value"]));
    }
    Ok(json["value"].clone())
}

pub struct Session {
    base: String,
}

impl Session {
    pub fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        call(&self.base, method, path, body)
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    pub fn find(&self, css: &str) -> Option<String> {
        self.try_call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        )
        .ok()
        .and_then(|v| v[ELEMENT].as_str().map(str::to_string))
    }

    /// Waits for an element matching `css`.
    pub fn wait_find(&self, css: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            if let Some(id) = self.find(css) {
                return id;
            }
            if start.elapsed() > timeout {
                panic!(
                    "no element `{css}` within {timeout:?}; page: {}",
                    self.page_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, element: &str) {
        self.call("POST", &format!("/element/{element}/click"), None);
    }

    pub fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Sets a field's value as typing would (an `input` event), for long texts and selects.
    pub fn set_value(&self, css: &str, value: &str) {
        self.script(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
             el.dispatchEvent(new Event('input', {bubbles: true})); \
             el.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    }

    pub fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn script(&self, body: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": body, "args": args })),
        )
    }

    /// Every IPC answer the app's windows received (kept by debug builds under
    /// `ROLEHOP_TEST_RECORD_IPC=1`), read from the current app window: (page, outcome, answer
    /// as JSON).
    pub fn ipc_answers(&self) -> Vec<(String, String, String)> {
        let all = self.script(
            "return localStorage.getItem('rolehop-ipc-answers') || '[]'",
            json!([]),
        );
        let list: Vec<Value> =
            serde_json::from_str(all.as_str().unwrap_or("[]")).unwrap_or_default();
        list.iter()
            .map(|a| {
                let field = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                (field("cmd"), field("outcome"), field("value"))
            })
            .collect()
    }

    /// Runs an asynchronous script: it ends by calling its last argument with the result.
    pub fn script_async(&self, body: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({ "script": body, "args": args })),
        )
    }

    pub fn page_text(&self) -> String {
        self.try_call(
            "POST",
            "/execute/sync",
            Some(json!({"script": "return document.body ? document.body.innerText : ''", "args": []})),
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
    }

    /// Waits until the page's text contains `needle`; returns the text.
    pub fn wait_text(&self, needle: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let text = self.page_text();
            if text.contains(needle) {
                return text;
            }
            if start.elapsed() > timeout {
                panic!("the page never said `{needle}` within {timeout:?}; it says:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses a key (WebDriver key codes, e.g. `\u{E007}` Enter) on the focused element.
    pub fn press(&self, keys: &[&str]) {
        let mut down: Vec<Value> = keys
            .iter()
            .map(|k| json!({"type": "keyDown", "value": k}))
            .collect();
        down.extend(
            keys.iter()
                .rev()
                .map(|k| json!({"type": "keyUp", "value": k})),
        );
        // A key that closes its window (Enter in the switcher) can end the window before the
        // key-up events are delivered: that is the key working, not a failure.
        if let Err(e) = self.try_call(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": down}]})),
        ) && !e.contains("no such window")
        {
            panic!("WebDriver: {e}");
        }
    }

    pub fn windows(&self) -> Vec<String> {
        self.try_call("GET", "/window/handles", None)
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    pub fn switch_to(&self, handle: &str) {
        self.call("POST", "/window", Some(json!({ "handle": handle })));
    }

    pub fn title(&self) -> String {
        self.try_call("GET", "/title", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Switches to the window whose document title is `title`, waiting for it to appear.
    pub fn switch_to_title(&self, title: &str, timeout: Duration) {
        let start = Instant::now();
        loop {
            for handle in self.windows() {
                if self
                    .try_call("POST", "/window", Some(json!({ "handle": handle })))
                    .is_ok()
                    && self.title() == title
                {
                    // A key held when its window closed (Shift of Shift+Enter, whose key-up never
                    // arrived) would stay down for the next window: release every key.
                    let _ = self.try_call("DELETE", "/actions", None);
                    return;
                }
            }
            if start.elapsed() > timeout {
                panic!("no window titled `{title}` within {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Saves a PNG of the current window (after a moment, so the last change is painted).
    pub fn screenshot(&self, path: &Path) -> bool {
        std::thread::sleep(Duration::from_millis(400));
        let Some(b64) = self
            .try_call("GET", "/screenshot", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
        else {
            return false;
        };
        let Ok(bytes) = decode_base64(&b64) else {
            return false;
        };
        std::fs::write(path, bytes).is_ok()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = call(&self.base, "DELETE", "", None);
    }
}

fn decode_base64(text: &str) -> Result<Vec<u8>, ()> {
    fn value(c: u8) -> Result<u32, ()> {
        match c {
            b'A'..=b'Z' => Ok(u32::from(c - b'A')),
            b'a'..=b'z' => Ok(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Ok(u32::from(c - b'0') + 52),
            b'+' => Ok(62),
            b'/' => Ok(63),
            _ => Err(()),
        }
    }
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Ok(out)
}

/// Where the app's log goes: `<test root>/logs/driver-<n>.log` (the root is the data dir's
/// parent), or nowhere.
fn log_file(vars: &[(String, String)]) -> Stdio {
    let Some(data) = vars
        .iter()
        .find(|(k, _)| k == "ROLEHOP_DATA_DIR")
        .map(|(_, v)| std::path::PathBuf::from(v))
    else {
        return Stdio::null();
    };
    let Some(dir) = data.parent().map(|p| p.join("logs")) else {
        return Stdio::null();
    };
    let _ = std::fs::create_dir_all(&dir);
    let n = std::fs::read_dir(&dir).map(|r| r.count()).unwrap_or(0);
    std::fs::File::create(dir.join(format!("driver-{n}.log")))
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null())
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes() {
        assert_eq!(super::decode_base64("aGVsbG8="), Ok(b"hello".to_vec()));
        assert_eq!(super::decode_base64("aGk="), Ok(b"hi".to_vec()));
        assert_eq!(super::decode_base64("YWJj"), Ok(b"abc".to_vec()));
    }
}
