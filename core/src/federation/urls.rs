//! The two federation URLs, built from data. Both carry secrets, so both are [`Secret`]s.
//!
//! 1. `GET <endpoint>?Action=getSigninToken[&SessionDuration=N]&Session=<urlencoded JSON>`
//! 2. `<endpoint>?Action=login&Issuer=<issuer>&Destination=<urlencoded>&SigninToken=<token>`
//!
//! `SessionDuration` (900..43200) is only allowed for roles assumed directly with long-term
//! keys; with role chaining or GetSessionToken credentials AWS answers HTTP 400, and the console
//! session lasts as long as the role credentials.

use url::form_urlencoded;

use crate::base::credentials::{AwsCredentials, CredentialOrigin};
use crate::base::secret::Secret;

/// What the console offers as the place to go when the session ends (`Issuer`): the console
/// the person signed in to (its origin, on a host the destination rules keep on AWS), never a
/// site a third party could take over. Falls back to the commercial console.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html>
pub fn issuer(destination: &str) -> String {
    url::Url::parse(destination)
        .ok()
        .filter(|u| u.scheme() == "https" && u.host_str().is_some())
        .map(|u| format!("{}/", u.origin().ascii_serialization()))
        .unwrap_or_else(|| "https://console.aws.amazon.com/".to_string())
}

/// The `Session` JSON of getSigninToken.
pub fn session_json(creds: &AwsCredentials) -> Secret {
    let value = serde_json::json!({
        "sessionId": creds.access_key_id,
        "sessionKey": creds.secret_access_key.expose(),
        "sessionToken": creds.session_token.as_ref().map(Secret::expose).unwrap_or_default(),
    });
    Secret::new(value.to_string())
}

/// The `SessionDuration` to send, or `None` where AWS does not allow it.
pub fn session_duration(origin: CredentialOrigin, remaining_secs: Option<i64>) -> Option<u32> {
    match origin {
        CredentialOrigin::RoleFromLongTermKeys => {
            let secs = remaining_secs.unwrap_or(3600).clamp(900, 43_200);
            u32::try_from(secs).ok()
        }
        _ => None,
    }
}

pub fn get_signin_token_url(
    endpoint: &str,
    session: &Secret,
    session_duration: Option<u32>,
) -> Secret {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("Action", "getSigninToken");
    if let Some(secs) = session_duration {
        query.append_pair("SessionDuration", &secs.to_string());
    }
    query.append_pair("Session", session.expose());
    Secret::new(format!("{endpoint}?{}", query.finish()))
}

pub fn login_url(endpoint: &str, destination: &str, signin_token: &Secret) -> Secret {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("Action", "login")
        .append_pair("Issuer", &issuer(destination))
        .append_pair("Destination", destination)
        .append_pair("SigninToken", signin_token.expose())
        .finish();
    Secret::new(format!("{endpoint}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_is_the_console_signed_in_to() {
        assert_eq!(
            issuer("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/"
        );
        assert_eq!(
            issuer("https://console.amazonaws-us-gov.com/"),
            "https://console.amazonaws-us-gov.com/"
        );
        assert_eq!(issuer("not a url"), "https://console.aws.amazon.com/");
        assert_eq!(
            issuer("http://evil.example/"),
            "https://console.aws.amazon.com/"
        );
    }

    fn creds(origin: CredentialOrigin) -> AwsCredentials {
        AwsCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("se/cr+et"),
            session_token: Some(Secret::new("to+ken=")),
            expires_at: Some(10_000),
            origin,
        }
    }

    fn query(url: &str) -> Vec<(String, String)> {
        let q = url.split_once('?').map(|(_, q)| q).unwrap_or("");
        form_urlencoded::parse(q.as_bytes()).into_owned().collect()
    }

    #[test]
    fn session_duration_only_where_aws_allows_it() {
        use CredentialOrigin::*;
        let table = [
            (RoleFromLongTermKeys, Some(28_800), Some(28_800)),
            (RoleFromLongTermKeys, Some(100), Some(900)),
            (RoleFromLongTermKeys, Some(90_000), Some(43_200)),
            (RoleFromSessionToken, Some(3000), None),
            (ChainedRole, Some(3000), None),
            (SessionToken, Some(3000), None),
            (LongTermKeys, None, None),
        ];
        for (origin, remaining, want) in table {
            assert_eq!(session_duration(origin, remaining), want, "{origin:?}");
        }
    }

    #[test]
    fn get_signin_token_url_encodes_the_session() {
        let c = creds(CredentialOrigin::RoleFromLongTermKeys);
        let url = get_signin_token_url(
            "https://signin.aws.amazon.com/federation",
            &session_json(&c),
            Some(3600),
        );
        let q = query(url.expose());
        assert_eq!(q[0], ("Action".into(), "getSigninToken".into()));
        assert_eq!(q[1], ("SessionDuration".into(), "3600".into()));
        let session: serde_json::Value = serde_json::from_str(&q[2].1).unwrap_or_default();
        assert_eq!(session["sessionId"], "ASIAEXAMPLE");
        assert_eq!(session["sessionKey"], "se/cr+et");
        assert_eq!(session["sessionToken"], "to+ken=");
        let without = get_signin_token_url("https://x/federation", &session_json(&c), None);
        assert!(!without.expose().contains("SessionDuration"));
    }

    #[test]
    fn login_url_carries_destination_and_token() {
        let url = login_url(
            "https://signin.aws.amazon.com/federation",
            "https://console.aws.amazon.com/s3/home?region=eu-west-1",
            &Secret::new("tok/en+"),
        );
        assert!(
            url.expose()
                .starts_with("https://signin.aws.amazon.com/federation?Action=login&")
        );
        let q = query(url.expose());
        assert_eq!(
            q.iter()
                .find(|(k, _)| k == "Destination")
                .map(|(_, v)| v.as_str()),
            Some("https://console.aws.amazon.com/s3/home?region=eu-west-1")
        );
        assert_eq!(
            q.iter()
                .find(|(k, _)| k == "SigninToken")
                .map(|(_, v)| v.as_str()),
            Some("tok/en+")
        );
    }
}
