//! moto server (`moto[server]` from PyPI) on a free loopback port.
//!
//! The binary is `$ROLEHOP_MOTO_SERVER`, else `moto_server` on PATH (the README test command
//! installs it into a venv and sets the variable). moto keeps accounts apart by access key:
//! users created with the `x-moto-account-id` header live in that account, and AssumeRole
//! into `arn:aws:iam::<account>:role/…` gives credentials of that account. It checks neither
//! MFA, trust policies nor durations (see `fault` for those).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::http::agent;
use crate::xml;

pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    pub fn start() -> Self {
        let program = std::env::var("ROLEHOP_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let port = free_port();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env_remove("MOTO_ACCOUNT_ID")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {program} ({e}); install it with `pip install 'moto[server]'` or run the README test command")
            });
        let moto = Self { child, port };
        let url = format!("{}/moto-api/", moto.endpoint());
        crate::wait_for("moto server", Duration::from_secs(60), || {
            agent().get(&url).call().is_ok()
        });
        moto
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn iam(&self, account: &str, params: &[(&str, &str)]) -> String {
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter().copied())
            .append_pair("Version", "2010-05-08")
            .finish();
        let mut response = agent()
            .post(&format!("{}/", self.endpoint()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
            )
            .header("x-moto-account-id", account)
            .send(body.as_str())
            .unwrap_or_else(|e| panic!("IAM call to moto: {e}"));
        let text = response.body_mut().read_to_string().unwrap_or_default();
        assert!(
            response.status().is_success(),
            "moto IAM {params:?}: {text}"
        );
        text
    }

    /// Creates an IAM user with an access key in `account`; returns (access key id, secret).
    pub fn create_user(&self, account: &str, name: &str) -> (String, String) {
        self.iam(account, &[("Action", "CreateUser"), ("UserName", name)]);
        let text = self.iam(
            account,
            &[("Action", "CreateAccessKey"), ("UserName", name)],
        );
        let id = xml::text(&text, "AccessKeyId").unwrap_or_else(|| panic!("no key in {text}"));
        let secret =
            xml::text(&text, "SecretAccessKey").unwrap_or_else(|| panic!("no secret in {text}"));
        // The STS proxy checks signatures with it, as AWS would.
        crate::sigv4::remember_key(&id, &secret);
        (id, secret)
    }

    /// One AWS Organizations call (JSON protocol) made as `account`; panics unless it succeeds.
    pub fn organizations(
        &self,
        account: &str,
        action: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let mut response = agent()
            .post(&format!("{}/", self.endpoint()))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", &format!("AWSOrganizationsV20161128.{action}"))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=0",
            )
            .header("x-moto-account-id", account)
            .send(body.to_string().as_str())
            .unwrap_or_else(|e| panic!("Organizations {action} to moto: {e}"));
        let text = response.body_mut().read_to_string().unwrap_or_default();
        assert!(
            response.status().is_success(),
            "moto Organizations {action}: {text}"
        );
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
    }

    /// An organization managed by `management`: the OUs named, and `accounts` member accounts
    /// named `name(i)`, account i in OU `i % (ous + 1)` (the last slot is the root), each tagged
    /// `client = Client <i % 4>`.
    pub fn build_org(
        &self,
        management: &str,
        ous: &[&str],
        accounts: usize,
        name: impl Fn(usize) -> String,
    ) -> Org {
        let call =
            |action: &str, body: serde_json::Value| self.organizations(management, action, body);
        call(
            "CreateOrganization",
            serde_json::json!({"FeatureSet": "ALL"}),
        );
        let root = call("ListRoots", serde_json::json!({}))["Roots"][0]["Id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let ous: Vec<(String, String)> = ous
            .iter()
            .map(|n| {
                let ou = call(
                    "CreateOrganizationalUnit",
                    serde_json::json!({"ParentId": root, "Name": n}),
                );
                let id = ou["OrganizationalUnit"]["Id"].as_str().unwrap_or_default();
                (id.to_string(), n.to_string())
            })
            .collect();
        let mut members = Vec::new();
        for i in 0..accounts {
            let account_name = name(i);
            let status = call(
                "CreateAccount",
                serde_json::json!({"AccountName": account_name, "Email": format!("a{i}@example.com"),
                       "Tags": [{"Key": "client", "Value": format!("Client {}", i % 4)}]}),
            );
            let id = status["CreateAccountStatus"]["AccountId"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if let Some((ou, _)) = ous.get(i % (ous.len() + 1)) {
                call(
                    "MoveAccount",
                    serde_json::json!({"AccountId": id, "SourceParentId": root, "DestinationParentId": ou}),
                );
            }
            members.push((id, account_name));
        }
        Org {
            root,
            ous,
            accounts: members,
        }
    }

    /// GetCallerIdentity with the given credentials; returns (account, arn).
    pub fn caller_identity(&self, key: &str, token: Option<&str>) -> Option<(String, String)> {
        let mut request = agent()
            .post(&format!("{}/", self.endpoint()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "Authorization",
                &format!("AWS4-HMAC-SHA256 Credential={key}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0"),
            );
        if let Some(token) = token {
            request = request.header("X-Amz-Security-Token", token);
        }
        let mut response = request
            .send("Action=GetCallerIdentity&Version=2011-06-15")
            .ok()?;
        let text = response.body_mut().read_to_string().ok()?;
        Some((xml::text(&text, "Account")?, xml::text(&text, "Arn")?))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// An organization built in moto: its root, OUs `(id, name)` and member accounts `(id, name)`.
pub struct Org {
    pub root: String,
    pub ous: Vec<(String, String)>,
    pub accounts: Vec<(String, String)>,
}
