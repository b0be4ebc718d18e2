//! A test's world: a temp root holding HOME, XDG dirs and Rolehop's config and data dirs, the
//! services it asked for, and a `rolehop` command wired to all of it through the documented
//! environment variables only (ROLEHOP_CONFIG_DIR, ROLEHOP_DATA_DIR, ROLEHOP_FEDERATION_URL,
//! AWS_ENDPOINT_URL, and the D-Bus address of the private Secret Service).

use crate::seed::{client, shortcut};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::moto::Moto;
use crate::secret_service::{SecretService, xdg_env};
use crate::standin::Standin;
use crate::sts_proxy::StsProxy;

pub struct TestEnv {
    pub display: Option<crate::display::Display>,
    // Dropped in this order: the stand-ins and proxy before moto, everything before the dir.
    pub sso: Option<crate::sso_standin::SsoStandin>,
    pub standin: Option<Standin>,
    pub proxy: Option<StsProxy>,
    pub moto: Option<Moto>,
    pub secrets: Option<SecretService>,
    sts_endpoint: Option<String>,
    federation_url: Option<String>,
    /// Everything every `rolehop` run through [`TestEnv::cmd`] printed (stdout and stderr),
    /// for the leak scan.
    captured: std::sync::Mutex<Vec<u8>>,
    /// Files the test itself wrote with a secret in them (an AWS credentials file to import):
    /// the leak scan does not count them.
    own_secret_files: std::sync::Mutex<Vec<PathBuf>>,
    root: tempfile::TempDir,
}

impl TestEnv {
    /// Directories only: no keychain (the bus address points nowhere), no AWS.
    pub fn bare() -> Self {
        let root = tempfile::Builder::new()
            .prefix("rolehop-test-")
            .tempdir()
            .unwrap_or_else(|e| panic!("tempdir: {e}"));
        for (_, dir) in xdg_env(root.path()) {
            let _ = std::fs::create_dir_all(&dir);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(
                root.path().join("run"),
                std::fs::Permissions::from_mode(0o700),
            );
        }
        Self {
            display: None,
            sso: None,
            standin: None,
            proxy: None,
            moto: None,
            secrets: None,
            sts_endpoint: None,
            federation_url: None,
            captured: std::sync::Mutex::new(Vec::new()),
            own_secret_files: std::sync::Mutex::new(Vec::new()),
            root,
        }
    }

    /// With a Secret Service.
    pub fn with_keychain() -> Self {
        let mut env = Self::bare();
        env.secrets = Some(SecretService::start(env.root.path()));
        env
    }

    /// With a Secret Service, moto behind the recording proxy, and the federation stand-in.
    pub fn full() -> Self {
        let mut env = Self::with_keychain();
        let moto = Moto::start();
        let proxy = StsProxy::start(moto.endpoint());
        let standin = Standin::start(&moto, proxy.registry.clone());
        env.sts_endpoint = Some(proxy.endpoint());
        env.federation_url = Some(standin.federation_url());
        env.moto = Some(moto);
        env.proxy = Some(proxy);
        env.standin = Some(standin);
        env
    }

    /// [`TestEnv::full`] with a virtual display for real browser windows.
    pub fn full_with_display() -> Self {
        let mut env = Self::full();
        env.display = Some(crate::display::Display::start());
        env
    }

    /// [`TestEnv::full`] with a virtual display and a window manager (openbox).
    pub fn full_with_desktop() -> Self {
        let mut env = Self::full();
        env.display = Some(crate::display::Display::start_with_wm());
        env
    }

    /// [`TestEnv::full_with_desktop`] on a screen of this size.
    pub fn full_with_desktop_sized(width: u32, height: u32) -> Self {
        let mut env = Self::full();
        env.display = Some(crate::display::Display::start_sized_with_wm(width, height));
        env
    }

    /// Starts the IAM Identity Center stand-in for these assignments (role credentials minted
    /// through this env's STS proxy); `rolehop` then reaches it through
    /// `AWS_ENDPOINT_URL_SSO_OIDC` and `AWS_ENDPOINT_URL_SSO`.
    pub fn start_sso(&mut self, assignments: Vec<crate::sso_standin::Assignment>) {
        let sts = self
            .proxy
            .as_ref()
            .map(|p| p.endpoint())
            .unwrap_or_else(|| panic!("the SSO stand-in needs TestEnv::full"));
        self.sso = Some(crate::sso_standin::SsoStandin::start(sts, assignments));
    }

    pub fn sso(&self) -> &crate::sso_standin::SsoStandin {
        self.sso
            .as_ref()
            .unwrap_or_else(|| panic!("this env has no SSO stand-in"))
    }

    pub fn display(&self) -> &crate::display::Display {
        self.display
            .as_ref()
            .unwrap_or_else(|| panic!("this env has no display"))
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    pub fn config_dir(&self) -> PathBuf {
        self.root.path().join("config")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    pub fn catalog_path(&self) -> PathBuf {
        self.config_dir().join("catalog.toml")
    }

    pub fn set_federation_url(&mut self, url: String) {
        self.federation_url = Some(url);
    }

    pub fn set_sts_endpoint(&mut self, url: String) {
        self.sts_endpoint = Some(url);
    }

    pub fn moto(&self) -> &Moto {
        self.moto
            .as_ref()
            .unwrap_or_else(|| panic!("this env has no moto"))
    }

    pub fn secrets(&self) -> &SecretService {
        self.secrets
            .as_ref()
            .unwrap_or_else(|| panic!("this env has no Secret Service"))
    }

    /// The environment a `rolehop` process gets: nothing but this world.
    pub fn vars(&self) -> Vec<(String, String)> {
        let mut vars: Vec<(String, String)> = vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("LANG".into(), "C.UTF-8".into()),
            (
                "ROLEHOP_CONFIG_DIR".into(),
                self.config_dir().display().to_string(),
            ),
            (
                "ROLEHOP_DATA_DIR".into(),
                self.data_dir().display().to_string(),
            ),
            (
                "DBUS_SESSION_BUS_ADDRESS".into(),
                match &self.secrets {
                    Some(s) => s.address.clone(),
                    None => format!(
                        "unix:path={}",
                        self.root.path().join("run/no-bus").display()
                    ),
                },
            ),
        ];
        vars.extend(xdg_env(self.root.path()));
        if let Some(url) = &self.sts_endpoint {
            vars.push(("AWS_ENDPOINT_URL".into(), url.clone()));
        }
        if let Some(url) = &self.federation_url {
            vars.push(("ROLEHOP_FEDERATION_URL".into(), url.clone()));
        }
        if let Some(sso) = &self.sso {
            vars.push(("AWS_ENDPOINT_URL_SSO_OIDC".into(), sso.endpoint()));
            vars.push(("AWS_ENDPOINT_URL_SSO".into(), sso.endpoint()));
        }
        if let Some(display) = &self.display {
            vars.push(("DISPLAY".into(), display.name.clone()));
            // Debian's chromium wrapper puts $CHROMIUM_FLAGS before the plan's own: only what
            // Xvfb and the test keyring need. Staying off the network, sync, component updates
            // and the rest is the plan's own work (`LIGHT_CHROMIUM`), under test here.
            vars.push((
                "CHROMIUM_FLAGS".into(),
                "--disable-gpu --password-store=basic".into(),
            ));
        }
        vars
    }

    /// The `rolehop` binary with a clean environment pointing at this world.
    pub fn cmd(&self) -> Run<'_> {
        let mut cmd = assert_cmd::Command::new(rolehop_bin());
        cmd.env_clear().envs(self.vars());
        cmd.timeout(std::time::Duration::from_secs(120));
        Run {
            cmd,
            env: self,
            command: None,
        }
    }

    /// Runs `rolehop ARGS` at a terminal (a pseudo-terminal from util-linux's `script`), typing
    /// `input` into it: what a person at a shell sees and answers. Returns (exit code, what the
    /// terminal showed). The output goes through the leak scan as stderr does.
    pub fn at_terminal(&self, args: &[&str], input: &str) -> (i32, String) {
        self.at_terminal_with(args, input, &[])
    }

    /// [`TestEnv::at_terminal`] with more environment variables (`TERM`, `SHELL`, `PATH`).
    pub fn at_terminal_with(
        &self,
        args: &[&str],
        input: &str,
        extra: &[(&str, &str)],
    ) -> (i32, String) {
        let quote = |w: &str| format!("'{}'", w.replace('\'', "'\\''"));
        let line = std::iter::once(rolehop_bin().display().to_string())
            .chain(args.iter().map(|a| a.to_string()))
            .map(|w| quote(&w))
            .collect::<Vec<_>>()
            .join(" ");
        let out = assert_cmd::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env_clear()
            .envs(self.vars())
            .envs(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())))
            .write_stdin(input.to_string())
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap_or_else(|e| panic!("script (util-linux): {e}"));
        if let Ok(mut captured) = self.captured.lock() {
            captured.extend_from_slice(&out.stdout);
        }
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }

    /// Keeps what a run printed for the leak scan: stderr always; stdout unless the command
    /// prints a secret there by design, because the person asked for it (`url` prints the
    /// sign-in URL, `credential-process` the credentials the AWS CLI reads).
    fn record(&self, command: Option<&str>, output: &std::process::Output) {
        if let Ok(mut captured) = self.captured.lock() {
            if !matches!(command, Some("url" | "credential-process")) {
                captured.extend_from_slice(&output.stdout);
            }
            captured.extend_from_slice(&output.stderr);
        }
    }

    /// A file the test writes itself with a secret in it (an AWS credentials file to import):
    /// written, and left out of the leak scan.
    pub fn write_own_secret_file(&self, path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
        if let Ok(mut own) = self.own_secret_files.lock() {
            own.push(path.to_path_buf());
        }
    }

    /// The same, as a plain process to start and keep running (the tray app). Its log
    /// (`ROLEHOP_LOG=rolehop=debug`, on stderr) is kept under `<root>/logs/` for the leak
    /// scan ([`TestEnv::app_logs`]); a test may still redirect stderr itself.
    pub fn spawn_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(rolehop_bin());
        cmd.env_clear().envs(self.vars());
        cmd.env("ROLEHOP_LOG", "rolehop=debug,rolehop_core=debug");
        let dir = self.root.path().join("logs");
        let _ = std::fs::create_dir_all(&dir);
        let n = std::fs::read_dir(&dir).map(|r| r.count()).unwrap_or(0);
        if let Ok(file) = std::fs::File::create(dir.join(format!("app-{n}.log"))) {
            cmd.stderr(file);
        }
        cmd
    }

    /// `rolehop setup` with the secret on stdin; panics unless it succeeds.
    pub fn setup(&self, identity: &str, account: &str, key: &str, secret: &str, extra: &[&str]) {
        self.cmd()
            .args([
                "setup",
                "--identity",
                identity,
                "--account",
                account,
                "--access-key-id",
                key,
                "--secret-stdin",
            ])
            .args(extra)
            .write_stdin(format!("{secret}\n"))
            .assert()
            .success();
    }

    /// The usual starting point: IAM user alice in account 111111111111 (in moto) set up as
    /// identity `alice` (with `extra` setup arguments), client `acme` and shortcut `acme-prod`
    /// (Admin in 222222222222). Returns alice's access key id and secret.
    pub fn seed_alice(&self, extra: &[&str]) -> (String, String) {
        let (key, secret) = self.moto().create_user("111111111111", "alice");
        self.setup("alice", "111111111111", &key, &secret, extra);
        self.seed(&[client("acme", "Acme Corp")]);
        self.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")]);
        (key, secret)
    }

    /// Makes the catalog's browser a "browser" that follows the hand-off to the console with
    /// curl, keeping cookies like a real one (`custom` kind, run without a shell), and allows
    /// an IAM Identity Center sign-in page. With `gate`, it starts only once that file exists,
    /// as a slow browser would.
    pub fn use_curl_browser(&self, gate: Option<&Path>) {
        self.use_curl_browser_answering(gate, "allow");
    }

    /// The curl "browser" of [`TestEnv::use_curl_browser`], clicking `choice` (`allow` or
    /// `deny`) on an IAM Identity Center consent page.
    pub fn use_curl_browser_answering(&self, gate: Option<&Path>, choice: &str) {
        let jar = self.root().join("cookies.txt");
        // The hand-off is a page (`file://…html`) that forwards to a loopback URL: read the
        // page's refresh target, as a browser follows it, then follow the redirects. curl
        // reads the URL from its config on stdin (`-K -`), never from its command line: the
        // leak scan looks at every process's command line, the test's own "browser" too.
        // An IAM Identity Center sign-in page (the stand-in's consent page) is allowed, as a
        // person would click "Allow access": its link is followed, redirects and all.
        let fetch = format!(
            "u=\"$0\"; case \"$u\" in file://*) u=$(sed -n 's/.*url=\\([^\"]*\\)\".*/\\1/p' \"${{u#file://}}\" | head -n 1);; esac; case \"$u\" in http://127.0.0.1:*) printf \"%s\\n\" \"$u\" >> {seen};; esac; p=$(mktemp); printf \"url = \\\"%s\\\"\\n\" \"$u\" | curl -s -L -c {jar} -b {jar} -o \"$p\" -K -; a=$(sed -n 's/.*id=\"{choice}\" href=\"\\([^\"]*\\)\".*/\\1/p' \"$p\" | head -n 1); rm -f \"$p\"; if [ -n \"$a\" ]; then printf \"url = \\\"%s\\\"\\n\" \"$a\" | curl -s -L -c {jar} -b {jar} -o /dev/null -K -; fi",
            jar = jar.display(),
            seen = self.root().join(HANDOFFS_SEEN).display(),
        );
        let script = match gate {
            Some(go) => format!(
                "while [ ! -e {} ]; do sleep 0.1; done; {fetch}",
                go.display()
            ),
            None => fetch,
        };
        let command = format!("sh -c '{}' {{url}}", script.replace('\'', "'\\''"));
        self.ok(&["browsers", "--default", "custom"]);
        let text = std::fs::read_to_string(self.catalog_path()).unwrap_or_default();
        let text = text.replacen(
            "schema_version = 1",
            &format!("schema_version = 1\nbrowser_command = {command:?}"),
            1,
        );
        std::fs::write(self.catalog_path(), text).unwrap();
    }

    /// Client `ops` and shortcut `org-mgmt`: role OrgReader in the organization's `management`
    /// account, the `via` of discovery sources.
    pub fn seed_org_reader(&self, management: &str) {
        self.seed(&[client("ops", "Our organization")]);
        self.ok(&[
            "add",
            "shortcut",
            "org-mgmt",
            "--client",
            "ops",
            "--account",
            management,
            "--role",
            "OrgReader",
        ]);
    }

    /// Everything the app processes of this test logged (the tray app started with
    /// [`TestEnv::spawn_cmd`], and the app tauri-driver started).
    pub fn app_logs(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Ok(entries) = std::fs::read_dir(self.root.path().join("logs")) {
            for e in entries.flatten() {
                out.extend(std::fs::read(e.path()).unwrap_or_default());
            }
        }
        out
    }

    /// Every secret this test's world has seen: keys the test created, credentials STS issued,
    /// sign-in tokens the federation stand-in handed out.
    pub fn known_secrets(&self) -> Vec<String> {
        let mut needles: Vec<String> = crate::sigv4::KNOWN_KEYS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|k| k.values().cloned().collect())
            .unwrap_or_default();
        if let Some(proxy) = &self.proxy {
            for i in proxy.registry.all_issued() {
                needles.push(i.secret_access_key);
                needles.push(i.session_token);
            }
        }
        if let Some(standin) = &self.standin {
            needles.extend(standin.signin_tokens());
        }
        if let Some(sso) = &self.sso {
            needles.extend(sso.secrets());
        }
        // The hand-off's loopback secrets the curl "browser" was given (the random path of
        // `http://127.0.0.1:<port>/<secret>`).
        if let Ok(seen) = std::fs::read_to_string(self.root.path().join(HANDOFFS_SEEN)) {
            needles.extend(
                seen.lines()
                    .filter_map(|l| l.rsplit('/').next())
                    .filter(|s| s.len() >= 16 && s.bytes().all(|b| b.is_ascii_hexdigit()))
                    .map(str::to_string),
            );
        }
        needles.retain(|n| n.len() >= 8);
        needles
    }

    /// The leak scan: no known secret in any file of this test's world (config, data, cache,
    /// home, browser profiles; the browsers' cookie stores aside, where a console session
    /// lives by design), in the app's logs, in `output` (what the test captured), or on any
    /// process's command line now.
    pub fn assert_no_leaks(&self, output: &[u8]) {
        let needles = self.known_secrets();
        assert!(!needles.is_empty(), "the leak scan has nothing to look for");
        let own: Vec<PathBuf> = self
            .own_secret_files
            .lock()
            .map(|o| o.clone())
            .unwrap_or_default();
        let skip = |p: &Path| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            // The browsers' cookie stores, where a console session lives by design, and what
            // the test wrote itself.
            name.starts_with("Cookies")
                || name.starts_with("cookies.sqlite")
                || own.iter().any(|o| o == p)
                || p == self.root.path().join(HANDOFFS_SEEN)
        };
        let hits = crate::scan::files_containing(self.root.path(), &needles, &skip);
        assert!(hits.is_empty(), "secrets in files: {hits:?}");
        let logs = self.app_logs();
        let captured = self.captured.lock().map(|c| c.clone()).unwrap_or_default();
        for (i, n) in needles.iter().enumerate() {
            assert!(
                !crate::scan::contains(&logs, n.as_bytes()),
                "secret #{i} in the app's log"
            );
            assert!(
                !crate::scan::contains(output, n.as_bytes()),
                "secret #{i} in captured output"
            );
            assert!(
                !crate::scan::contains(&captured, n.as_bytes()),
                "secret #{i} in what a rolehop command printed (stdout or stderr)"
            );
        }
        for (pid, cmdline) in crate::cmdlines() {
            for n in &needles {
                assert!(
                    !crate::scan::contains(&cmdline, n.as_bytes()),
                    "process {pid} has a secret on its command line"
                );
            }
        }
    }

    /// Runs rolehop and panics unless it succeeds; returns stdout.
    /// Adds each entry with `rolehop add`, in order, as a person would; a refused one fails
    /// the test with Rolehop's message.
    pub fn seed(&self, entries: &[crate::seed::Entry]) {
        for entry in entries {
            self.ok(&entry.args());
        }
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("run rolehop: {e}"));
        assert!(
            out.status.success(),
            "rolehop {args:?} failed ({:?}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Where the curl "browser" notes each hand-off URL it followed (for the leak scan).
/// The loopback URLs the curl "browser" was forwarded to by hand-off pages.
pub const HANDOFFS_SEEN: &str = "handoffs-seen.txt";

/// `rolehop` with this world's environment; what it prints is kept for the leak scan.
pub struct Run<'e> {
    cmd: assert_cmd::Command,
    env: &'e TestEnv,
    /// The subcommand (the first argument), which decides what of its output is scanned.
    command: Option<String>,
}

impl Run<'_> {
    pub fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        let text = arg.as_ref().to_string_lossy();
        // The first word that is not an option (`rolehop -vv url …`).
        if self.command.is_none() && !text.starts_with('-') {
            self.command = Some(text.into_owned());
        }
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        for arg in args {
            self.arg(arg);
        }
        self
    }

    pub fn env(
        &mut self,
        key: impl AsRef<std::ffi::OsStr>,
        value: impl AsRef<std::ffi::OsStr>,
    ) -> &mut Self {
        self.cmd.env(key, value);
        self
    }

    pub fn timeout(&mut self, timeout: std::time::Duration) -> &mut Self {
        self.cmd.timeout(timeout);
        self
    }

    pub fn write_stdin(&mut self, buffer: impl Into<Vec<u8>>) -> &mut Self {
        self.cmd.write_stdin(buffer);
        self
    }

    pub fn output(&mut self) -> std::io::Result<std::process::Output> {
        let out = self.cmd.output()?;
        self.env.record(self.command.as_deref(), &out);
        Ok(out)
    }

    pub fn assert(&mut self) -> assert_cmd::assert::Assert {
        let assert = self.cmd.assert();
        self.env
            .record(self.command.as_deref(), assert.get_output());
        assert
    }
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        // One leak scan at the end of every test with AWS parts (secrets to look for), over
        // the whole world: HOME, the config, data and cache dirs, TMPDIR, what every rolehop
        // command printed and the app's logs. A test that already failed is not scanned again.
        if !std::thread::panicking() && (self.proxy.is_some() || self.sso.is_some()) {
            self.assert_no_leaks(&[]);
        }
        // Browsers started by the test live in their own process groups: end every process
        // whose command line points into this test's directory.
        let root = self.root.path().display().to_string();
        let me = std::process::id();
        for (pid, cmdline) in crate::cmdlines() {
            if pid != me && crate::scan::contains(&cmdline, root.as_bytes()) {
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
            }
        }
    }
}

/// The `rolehop` binary, built once per test process (cargo builds test targets of this crate,
/// not the binaries of other workspace members).
pub fn rolehop_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Ok(path) = std::env::var("ROLEHOP_BIN") {
            return PathBuf::from(path);
        }
        // target/<profile>/deps/<test-exe> -> target/<profile>/rolehop
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .unwrap_or_else(|| panic!("unexpected test exe location {}", exe.display()));
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = std::process::Command::new(cargo);
        // Both binaries, each its own crate: `rolehop` (the CLI) starts `rolehop-tray` (the
        // app) next to it.
        build.args(["build", "--quiet", "-p", "rolehop", "-p", "rolehop-tray"]);
        if release {
            build.arg("--release");
        }
        let status = build
            .status()
            .unwrap_or_else(|e| panic!("cannot run cargo to build rolehop: {e}"));
        assert!(status.success(), "building rolehop failed");
        let bin = profile_dir.join(format!("rolehop{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} was not built", bin.display());
        bin
    })
    .clone()
}
