//! `rolehop exec`, `rolehop shell` and `rolehop exec --each` against real parts: the AWS CLI
//! (PyPI `awscli`, with its botocore) run as the child against moto behind the signature- and
//! expiry-checking proxy, the credential server asked by botocore itself, another local user
//! (`nobody`) refused by it, a fan-out over 20 shortcuts in 4 clients, Ctrl+C, and the marked
//! shell in a pseudo-terminal.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use rolehop_tests::env::TestEnv;
use rolehop_tests::seed::{client, shortcut};

const HOME_ACCOUNT: &str = "111111111111";
const MFA: &str = "arn:aws:iam::111111111111:mfa/alice";

/// The AWS CLI's directory (`scripts/deps.sh --test` installs it), or `None` (skipped).
fn awscli_bin() -> Option<PathBuf> {
    let dir = std::env::var_os("ROLEHOP_AWSCLI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/tmp/rolehop-awscli/bin"));
    if dir.join("aws").exists() {
        Some(dir)
    } else {
        rolehop_tests::skip("the AWS CLI is not installed (scripts/deps.sh --test installs it)");
        None
    }
}

/// PATH with the AWS CLI first.
fn path_with(bin: &Path) -> String {
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Identity alice (IAM user in 111111111111, daily mode with MFA, eu-west-1).
fn alice_identity(env: &TestEnv) {
    let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "alice");
    env.setup(
        "alice",
        HOME_ACCOUNT,
        &key,
        &secret,
        &["--mfa-serial", MFA, "--region", "eu-west-1"],
    );
}

/// Alice (daily mode, MFA) and client Acme with shortcut acme-prod (Admin in 222222222222,
/// tagged prod).
fn alice(env: &TestEnv) {
    alice_identity(env);
    env.seed(&[client("acme", "Acme Corp").color("#1e88e5")]);
    env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")
        .label("Prod admin")
        .with(&["--tag", "prod"])]);
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_aws_cli_runs_in_the_roles_account_without_the_callers_profile() {
    let Some(bin) = awscli_bin() else { return };
    let env = TestEnv::full();
    alice(&env);
    // The caller's own AWS setup: a profile that would send the CLI elsewhere (it does not
    // even exist, so the CLI fails if it leaks through), and stale keys.
    let out = env
        .cmd()
        .env("PATH", path_with(&bin))
        .env("AWS_PROFILE", "other-client")
        .env("AWS_ACCESS_KEY_ID", "AKIAOTHERCLIENT00000")
        .env("AWS_SECRET_ACCESS_KEY", "not-this-one")
        .args([
            "exec",
            "acme-prod",
            "--mfa-code",
            "123456",
            "--",
            "aws",
            "sts",
            "get-caller-identity",
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let who: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(who["Account"], "222222222222", "{who}");
    assert!(
        who["Arn"]
            .as_str()
            .unwrap()
            .contains(":assumed-role/Admin/"),
        "{who}"
    );
    // The marks, and nothing of the caller's profile, reach the child.
    let out = env
        .cmd()
        .env("AWS_PROFILE", "other-client")
        .args([
            "exec",
            "acme-prod",
            "--",
            "sh",
            "-c",
            "echo \"$ROLEHOP_SHORTCUT $ROLEHOP_CLIENT $ROLEHOP_ACCOUNT $ROLEHOP_PRODUCTION ${AWS_PROFILE-unset} $AWS_REGION ${#AWS_SESSION_TOKEN} ${AWS_CREDENTIAL_EXPIRATION:+expiry}\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out);
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        words[..6],
        [
            "acme-prod",
            "acme",
            "222222222222",
            "1",
            "unset",
            "eu-west-1"
        ],
        "{line}"
    );
    assert!(words[6].parse::<usize>().unwrap() > 20, "{line}");
    assert_eq!(words[7], "expiry");
    // The child's exit code is Rolehop's; a command that does not exist is 127.
    let out = env
        .cmd()
        .args(["exec", "acme-prod", "--", "sh", "-c", "exit 7"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let out = env
        .cmd()
        .args(["exec", "acme-prod", "--", "no-such-command-here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127));
    assert!(stderr(&out).contains("no-such-command-here"));
    // And the AWS CLI's own failure comes back as its code (whatever the CLI itself says).
    let direct = std::process::Command::new(bin.join("aws"))
        .args(["sts", "no-such-operation"])
        .output()
        .unwrap();
    assert!(!direct.status.success());
    let out = env
        .cmd()
        .env("PATH", path_with(&bin))
        .args(["exec", "acme-prod", "--", "aws", "sts", "no-such-operation"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), direct.status.code());
    // One day's session for all of it.
    assert_eq!(
        env.proxy
            .as_ref()
            .unwrap()
            .registry
            .count("GetSessionToken"),
        1
    );
    env.assert_no_leaks(&[]);
}

#[test]
fn a_nested_exec_into_another_account_is_refused_unless_asked_for() {
    let env = TestEnv::full();
    alice(&env);
    let inside = |cmd: &mut rolehop_tests::env::Run<'_>| {
        cmd.env("ROLEHOP_SHORTCUT", "beta-dev")
            .env("ROLEHOP_ACCOUNT", "333333333333");
    };
    let mut run = env.cmd();
    inside(&mut run);
    let out = run
        .args(["exec", "acme-prod", "--mfa-code", "123456", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("already inside") && text.contains("--nested"),
        "{text}"
    );
    // Refused before any credentials were asked for.
    assert_eq!(env.proxy.as_ref().unwrap().registry.count("AssumeRole"), 0);
    let mut run = env.cmd();
    inside(&mut run);
    let out = run
        .args([
            "exec",
            "acme-prod",
            "--nested",
            "--mfa-code",
            "123456",
            "--",
            "sh",
            "-c",
            "echo $ROLEHOP_SHORTCUT",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "acme-prod");
}

/// A botocore program that calls STS, waits until the credentials it was given have expired,
/// and calls again: it prints the access key of each call.
const OUTLIVE: &str = r#"
import sys, time
import awscli  # the AWS CLI vendors its botocore; importing it first makes `botocore` that one
import botocore.session
s = botocore.session.get_session()
sts = s.create_client("sts", region_name="eu-west-1")
first = sts.get_caller_identity()["Account"]
creds = s.get_credentials()
key1 = creds.get_frozen_credentials().access_key
expiry = creds._expiry_time.timestamp() if getattr(creds, "_expiry_time", None) else time.time()
while time.time() < expiry + 1:
    time.sleep(0.2)
second = sts.get_caller_identity()["Account"]
key2 = s.get_credentials().get_frozen_credentials().access_key
print(first, second, key1, key2)
"#;

#[test]
fn the_credential_server_renews_what_the_role_session_ends() {
    let Some(bin) = awscli_bin() else { return };
    let env = TestEnv::full();
    alice(&env);
    let registry = env.proxy.as_ref().unwrap().registry.clone();
    // Role sessions of a few seconds: the job outlives its first credentials.
    registry.shorten_roles(4);
    let python = bin.join("python3");
    let script = env.root().join("outlive.py");
    std::fs::write(&script, OUTLIVE).unwrap();
    let out = env
        .cmd()
        .env("PATH", path_with(&bin))
        .args([
            "exec",
            "--server",
            "acme-prod",
            "--mfa-code",
            "123456",
            "--",
        ])
        .arg(&python)
        .arg(&script)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let words: Vec<String> = stdout(&out).split_whitespace().map(String::from).collect();
    assert_eq!(words[..2], ["222222222222", "222222222222"], "{words:?}");
    assert_ne!(
        words[2], words[3],
        "the second call used renewed credentials"
    );
    for key in &words[2..4] {
        let issued = registry.issued(key).expect("issued by STS");
        assert_eq!(issued.action, "AssumeRole");
    }
    // Renewed from the day's session: no second MFA code.
    assert_eq!(registry.count("GetSessionToken"), 1);
    // The control: the same job with the credentials in its environment dies when they end.
    let out = env
        .cmd()
        .env("PATH", path_with(&bin))
        .args(["exec", "--no-server", "acme-prod", "--"])
        .arg(&python)
        .arg(&script)
        .output()
        .unwrap();
    // (botocore knows the expiry from AWS_CREDENTIAL_EXPIRATION and stops before STS says
    // ExpiredToken; either way the job is dead.)
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).to_lowercase().contains("expired"),
        "{}",
        stderr(&out)
    );
    env.assert_no_leaks(&[]);
}

/// Waits for `path` to exist (a child says it is ready by writing it).
fn wait_file(path: &Path) {
    rolehop_tests::wait_for(
        &format!("{} to appear", path.display()),
        Duration::from_secs(60),
        || path.exists(),
    );
}

#[test]
fn another_local_user_gets_nothing_from_the_endpoint_and_no_secret_is_on_a_command_line() {
    let env = TestEnv::full();
    alice(&env);
    let running_as_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !running_as_root {
        rolehop_tests::skip("switching to user nobody needs root");
        return;
    }
    // The child hands the endpoint and its token to the test (only the test reads them),
    // then waits to be told to end.
    let dir = env.root().join("handover");
    std::fs::create_dir_all(&dir).unwrap();
    let script = format!(
        "printf %s \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\" > {d}/uri; printf %s \"$AWS_CONTAINER_AUTHORIZATION_TOKEN\" > {d}/token; touch {d}/ready; while [ ! -e {d}/done ]; do sleep 0.1; done",
        d = dir.display()
    );
    let mut child = env.spawn_cmd();
    child.args([
        "exec",
        "--server",
        "acme-prod",
        "--mfa-code",
        "123456",
        "--",
        "sh",
        "-c",
        &script,
    ]);
    let mut child = child.spawn().unwrap();
    wait_file(&dir.join("ready"));
    let uri = std::fs::read_to_string(dir.join("uri")).unwrap();
    let token = std::fs::read_to_string(dir.join("token")).unwrap();
    assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
    let curl = |as_nobody: bool| {
        let header = format!("Authorization: {token}");
        let mut cmd = if as_nobody {
            rolehop_tests::as_nobody("curl")
        } else {
            std::process::Command::new("curl")
        };
        // The token goes in a header read from stdin, not on curl's command line.
        let mut spawned = cmd
            .args(["-s", "-o", "-", "-w", "\n%{http_code}", "-H", "@-", &uri])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        spawned
            .stdin
            .take()
            .unwrap()
            .write_all(header.as_bytes())
            .unwrap();
        let out = spawned.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let theirs = curl(true);
    assert!(
        !theirs.contains("AccessKeyId") && (theirs.ends_with("403") || theirs.ends_with("000")),
        "another user got: {theirs}"
    );
    let mine = curl(false);
    assert!(
        mine.ends_with("200") && mine.contains("AccessKeyId"),
        "{mine}"
    );
    // While the exec runs: no secret on any process's command line, in any file.
    let _ = std::fs::remove_file(dir.join("token"));
    env.assert_no_leaks(&[]);
    std::fs::write(dir.join("done"), "").unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_marked_shell_sets_the_title_and_gives_back_its_exit_code() {
    let env = TestEnv::full();
    alice(&env);
    let (code, shown) = env.at_terminal_with(
        &["shell", "acme-prod", "--mfa-code", "123456"],
        "echo inside-$ROLEHOP_SHORTCUT-${AWS_CONTAINER_CREDENTIALS_FULL_URI:+served}\nexit 3\n",
        &[("TERM", "xterm-256color"), ("SHELL", "/bin/sh")],
    );
    assert_eq!(code, 3, "{shown}");
    let title = "\x1b[22;0t\x1b]0;PRODUCTION · Acme Corp – Prod admin (222222222222)\x07";
    assert!(shown.contains(title), "{shown:?}");
    assert!(shown.contains("inside-acme-prod-served"), "{shown:?}");
    // The title before it is given back when the shell ends.
    let restored = shown.rfind("\x1b[23;0t").expect("title restored");
    assert!(restored > shown.find(title).unwrap());
    // A terminal that shows no sequences gets none.
    let (code, plain) = env.at_terminal_with(
        &["shell", "acme-prod"],
        "exit 0\n",
        &[("TERM", "dumb"), ("SHELL", "/bin/sh")],
    );
    assert_eq!(code, 0, "{plain}");
    assert!(!plain.contains("\x1b]0;"), "{plain:?}");
}

/// The account of the `i`th shortcut of [`twenty`].
fn account_of(i: usize) -> String {
    format!("3{:011}", i + 1)
}

/// 20 shortcuts in 4 clients, each in an account of its own; `-3` ones tagged prod.
fn twenty(env: &TestEnv) -> Vec<String> {
    alice_identity(env);
    let mut ids = Vec::new();
    for c in ["acme", "beta", "gamma", "delta"] {
        env.seed(&[client(c, &format!("{c} corp"))]);
        for n in 1..=5 {
            let id = format!("{c}-{n}");
            let account = account_of(ids.len());
            let mut entry = shortcut(&id, c, &account, "Ops");
            if n == 3 {
                entry = entry.with(&["--tag", "prod"]);
            }
            env.seed(&[entry]);
            ids.push(id);
        }
    }
    ids
}

#[test]
fn a_fanout_asks_mfa_once_keeps_to_n_at_a_time_and_reports_each() {
    let Some(bin) = awscli_bin() else { return };
    let env = TestEnv::full();
    let ids = twenty(&env);
    let runs = env.root().join("runs");
    std::fs::create_dir_all(&runs).unwrap();
    // Each child marks itself running, counts who else is, asks STS who it is, and fails in
    // the `-4` accounts.
    let script = format!(
        "touch {r}/$ROLEHOP_SHORTCUT.running; ls {r} | grep -c running >> {r}/counts; sleep 0.3; aws sts get-caller-identity --query Account --output text; rc=$?; rm {r}/$ROLEHOP_SHORTCUT.running; case $ROLEHOP_SHORTCUT in *-4) exit 5;; esac; exit $rc",
        r = runs.display()
    );
    let path = path_with(&bin);
    let (code, shown) = env.at_terminal_with(
        &[
            "exec", "--each", "all", "-j", "3", "--", "sh", "-c", &script,
        ],
        "y\n123456\n",
        &[("PATH", &path)],
    );
    assert_eq!(code, 1, "{shown}");
    // One MFA prompt for the one identity, one day's session.
    assert_eq!(shown.matches("MFA code for identity").count(), 1, "{shown}");
    let registry = env.proxy.as_ref().unwrap().registry.clone();
    assert_eq!(registry.count("GetSessionToken"), 1);
    assert_eq!(registry.count("AssumeRole"), 20);
    // The production ones were confirmed at the terminal first.
    assert!(shown.contains("4 of them PRODUCTION"), "{shown}");
    // Never more than 3 at once, as the children saw it.
    let counts = std::fs::read_to_string(runs.join("counts")).unwrap();
    let most = counts
        .lines()
        .filter_map(|l| l.trim().parse::<usize>().ok())
        .max()
        .unwrap();
    assert!(most <= 3, "{counts}");
    assert_eq!(counts.lines().count(), 20);
    // Each output line names its shortcut, and each account answered from its own account.
    for (i, id) in ids.iter().enumerate() {
        let account = account_of(i);
        let prefixed = format!("{id:<7} | {account}");
        assert!(shown.contains(&prefixed), "{prefixed} in {shown}");
    }
    // The closing table: every shortcut, the failures, and the summary.
    for id in &ids {
        let want = if id.ends_with("-4") {
            "exit 5"
        } else {
            "exit 0"
        };
        let row = shown
            .lines()
            .find(|l| l.starts_with(id.as_str()) && l.contains("exit "))
            .unwrap_or_else(|| panic!("no row for {id} in {shown}"));
        assert!(row.contains(want), "{row}");
    }
    assert!(shown.contains("16 of 20 succeeded, 4 failed"), "{shown}");
    env.assert_no_leaks(shown.as_bytes());
}

#[test]
fn a_fanout_previews_and_needs_yes_for_production_outside_a_terminal() {
    let env = TestEnv::full();
    twenty(&env);
    let out = env
        .cmd()
        .args([
            "exec",
            "--each",
            "client:beta,tag:prod",
            "--dry-run",
            "--",
            "true",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = stdout(&out);
    assert_eq!(plan.lines().count(), 2, "{plan}");
    assert!(plan.lines().nth(1).unwrap().starts_with("beta-3"), "{plan}");
    assert!(plan.contains("PRODUCTION"), "{plan}");
    assert!(stderr(&out).contains("Nothing was run"));
    // Without a terminal, production needs --yes; nothing is asked of STS before.
    let out = env
        .cmd()
        .args([
            "exec",
            "--each",
            "tag:prod",
            "--mfa-code",
            "123456",
            "--",
            "true",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    let registry = env.proxy.as_ref().unwrap().registry.clone();
    assert_eq!(registry.count("AssumeRole"), 0);
    // A typo picks nothing and says so.
    let out = env
        .cmd()
        .args(["exec", "--each", "client:acm", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("acme"), "{}", stderr(&out));
    // --out: one file per shortcut.
    let dir = env.root().join("out");
    let out = env
        .cmd()
        .args([
            "exec",
            "--each",
            "acme-*,!tag:prod",
            "--mfa-code",
            "123456",
            "--out",
        ])
        .arg(&dir)
        .args(["--", "sh", "-c", "echo in $ROLEHOP_ACCOUNT; echo oops >&2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for n in [1, 2, 4, 5] {
        let text = std::fs::read_to_string(dir.join(format!("acme-{n}.out"))).unwrap();
        assert_eq!(text, format!("in {}\n", account_of(n - 1)));
        assert_eq!(
            std::fs::read_to_string(dir.join(format!("acme-{n}.err"))).unwrap(),
            "oops\n"
        );
    }
    assert!(!dir.join("acme-3.out").exists());
}

#[test]
fn ctrl_c_stops_every_child_and_says_which_finished() {
    let env = TestEnv::full();
    twenty(&env);
    let runs = env.root().join("runs");
    std::fs::create_dir_all(&runs).unwrap();
    // A duration no other process has names this test's sleeps.
    let marker = format!("120.{}", std::process::id());
    // acme-1 finishes at once; the others start and wait.
    let script = format!(
        "case $ROLEHOP_SHORTCUT in acme-1) exit 0;; esac; touch {r}/$ROLEHOP_SHORTCUT.started; exec sleep {marker}",
        r = runs.display()
    );
    let log = env.root().join("fanout.log");
    let mut cmd = env.spawn_cmd();
    cmd.args([
        "exec",
        "--each",
        "client:acme,!tag:prod",
        "-j",
        "2",
        "--mfa-code",
        "123456",
        "--",
        "sh",
        "-c",
        &script,
    ])
    .stderr(std::fs::File::create(&log).unwrap());
    let mut child = cmd.spawn().unwrap();
    rolehop_tests::wait_for("two children waiting", Duration::from_secs(60), || {
        std::fs::read_dir(&runs).map(|d| d.count()).unwrap_or(0) >= 2
    });
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let text = std::fs::read_to_string(&log).unwrap();
    let row = |id: &str| {
        text.lines()
            .rev()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} in {text}"))
            .to_string()
    };
    assert!(row("acme-1").contains("exit 0"), "{text}");
    let stopped = ["acme-2", "acme-4", "acme-5"]
        .iter()
        .filter(|id| row(id).contains("stopped (Ctrl+C)"))
        .count();
    let not_started = ["acme-2", "acme-4", "acme-5"]
        .iter()
        .filter(|id| row(id).contains("not started (Ctrl+C)"))
        .count();
    assert_eq!(stopped, 2, "{text}");
    assert_eq!(not_started, 1, "{text}");
    // No child is left running.
    rolehop_tests::wait_for("the children to be gone", Duration::from_secs(30), || {
        !rolehop_tests::cmdlines()
            .iter()
            .any(|(_, c)| rolehop_tests::scan::contains(c, marker.as_bytes()))
    });
}
