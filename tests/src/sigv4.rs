//! SigV4 verification for the STS proxy: moto accepts any signature, AWS does not. The proxy
//! knows the secret of every key the test created (moto's `CreateAccessKey`) or STS issued, so
//! it can check a request's signature as AWS does and answer `SignatureDoesNotMatch` to a
//! wrong secret, before moto sees the call.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html>

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// Secrets of the long-term keys created in this test process (moto knows them; the proxy
/// needs them to check signatures).
pub static KNOWN_KEYS: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

pub fn remember_key(id: &str, secret: &str) {
    let mut keys = KNOWN_KEYS.lock().unwrap_or_else(|p| p.into_inner());
    keys.get_or_insert_with(HashMap::new)
        .insert(id.to_string(), secret.to_string());
}

pub fn known_secret(id: &str) -> Option<String> {
    KNOWN_KEYS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .and_then(|k| k.get(id).cloned())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut k = if key.len() > BLOCK {
        Sha256::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k.resize(BLOCK, 0);
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(data)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
struct Auth {
    key: String,
    scope: String,
    date: String,
    region: String,
    service: String,
    signed_headers: Vec<String>,
    signature: String,
}

fn parse_auth(header: &str) -> Option<Auth> {
    let rest = header.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let mut fields: HashMap<&str, &str> = HashMap::new();
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        fields.insert(k, v);
    }
    let credential = fields.get("Credential")?;
    let (key, scope) = credential.split_once('/')?;
    let parts: Vec<&str> = scope.split('/').collect();
    Some(Auth {
        key: key.to_string(),
        scope: scope.to_string(),
        date: (*parts.first()?).to_string(),
        region: (*parts.get(1)?).to_string(),
        service: (*parts.get(2)?).to_string(),
        signed_headers: fields
            .get("SignedHeaders")?
            .split(';')
            .map(str::to_string)
            .collect(),
        signature: (*fields.get("Signature")?).to_string(),
    })
}

/// Whether a request's signature is right for `secret`. `headers` are (name, value) as
/// received; `path_and_query` is the request target.
pub fn verify(
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
    secret: &str,
) -> bool {
    let Some(authorization) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str())
    else {
        return false;
    };
    let Some(auth) = parse_auth(authorization) else {
        return false;
    };
    let value_of = |name: &str| {
        headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(",")
    };
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut query_pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    query_pairs.sort_unstable();
    let canonical_headers: String = auth
        .signed_headers
        .iter()
        .map(|h| format!("{h}:{}\n", value_of(h)))
        .collect();
    // The payload hash is computed from the body received, as AWS computes it: a client's
    // `x-amz-content-sha256` that does not match the body is a mismatch, not trusted.
    let payload = sha256_hex(body);
    let claimed = value_of("x-amz-content-sha256");
    if !claimed.is_empty() && claimed != payload {
        return false;
    }
    let canonical = format!(
        "{method}\n{path}\n{}\n{canonical_headers}\n{}\n{payload}",
        query_pairs.join("&"),
        auth.signed_headers.join(";")
    );
    let amz_date = value_of("x-amz-date");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{}\n{}",
        auth.scope,
        sha256_hex(canonical.as_bytes())
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), auth.date.as_bytes());
    let k_region = hmac(&k_date, auth.region.as_bytes());
    let k_service = hmac(&k_region, auth.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    hex(&hmac(&k_signing, to_sign.as_bytes())) == auth.signature
}

/// A key's secret and, for temporary keys, the session token issued with it.
pub type KeyLookup<'a> = dyn Fn(&str) -> Option<(String, Option<String>)> + 'a;

/// Why a request's authentication fails, as AWS says it (STS's query-protocol error code and
/// message), or `None` when it passes. Fails closed: a request without a SigV4 header, a key
/// nobody created or issued, temporary keys without the session token STS issued with them (or
/// with another one), a wrong signature or payload hash, and a date more than 15 minutes off.
/// `lookup(key)` gives a key's secret and, for temporary keys, the session token issued with
/// it.
pub fn refusal(
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
    lookup: &KeyLookup<'_>,
) -> Option<(&'static str, String)> {
    const INVALID_TOKEN: &str = "The security token included in the request is invalid.";
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
    };
    let Some(auth) = header("authorization").and_then(|h| parse_auth(&h)) else {
        return Some((
            "MissingAuthenticationToken",
            "Request is missing Authentication Token".into(),
        ));
    };
    let Some((secret, token)) = lookup(&auth.key) else {
        return Some(("InvalidClientTokenId", INVALID_TOKEN.into()));
    };
    match (token, header("x-amz-security-token")) {
        (None, None) => {}
        (Some(issued), Some(sent)) if issued == sent => {}
        _ => return Some(("InvalidClientTokenId", INVALID_TOKEN.into())),
    }
    let stamp = header("x-amz-date").unwrap_or_default();
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let skew = time::PrimitiveDateTime::parse(&stamp, &format).map(|t| {
        (t.assume_utc() - time::OffsetDateTime::now_utc())
            .whole_seconds()
            .abs()
    });
    match skew {
        Ok(s) if s <= 15 * 60 => {}
        _ => {
            return Some((
                "SignatureDoesNotMatch",
                format!("Signature expired: {stamp} is not within 15 minutes of the server's time"),
            ));
        }
    }
    if !verify(method, path_and_query, headers, body, &secret) {
        return Some((
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.".into(),
        ));
    }
    None
}

/// Signs a request as the AWS SDKs do (for test parts that call STS themselves, such as the
/// Identity Center stand-in minting role credentials): the headers to send, `Authorization`,
/// `X-Amz-Date` and `Host` among them.
pub fn sign(
    method: &str,
    host: &str,
    path_and_query: &str,
    body: &[u8],
    (key, secret): (&str, &str),
    (region, service): (&str, &str),
) -> Vec<(String, String)> {
    let now = time::OffsetDateTime::now_utc();
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let amz_date = now.format(&format).unwrap_or_default();
    let date = amz_date[..8].to_string();
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut query_pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    query_pairs.sort_unstable();
    let content_type = "application/x-www-form-urlencoded";
    let signed = "content-type;host;x-amz-date";
    let canonical = format!(
        "{method}\n{path}\n{}\ncontent-type:{content_type}\nhost:{host}\nx-amz-date:{amz_date}\n\n{signed}\n{}",
        query_pairs.join("&"),
        sha256_hex(body)
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    let signature = hex(&hmac(&k_signing, to_sign.as_bytes()));
    vec![
        ("Host".into(), host.into()),
        ("Content-Type".into(), content_type.into()),
        ("X-Amz-Date".into(), amz_date),
        (
            "Authorization".into(),
            format!(
                "AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders={signed}, Signature={signature}"
            ),
        ),
    ]
}

/// The access key id a request is signed with.
pub fn key_of(headers: &[(String, String)]) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, v)| parse_auth(v))
        .map(|a| a.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's own worked example (GET with a query, IAM ListUsers), from the SigV4 docs'
    /// "Examples of the complete Signature Version 4 signing process".
    #[test]
    fn the_documented_example_verifies() {
        let headers = vec![
            ("Host".to_string(), "iam.amazonaws.com".to_string()),
            (
                "Content-Type".to_string(),
                "application/x-www-form-urlencoded; charset=utf-8".to_string(),
            ),
            ("X-Amz-Date".to_string(), "20150830T123600Z".to_string()),
            (
                "Authorization".to_string(),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7".to_string(),
            ),
        ];
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        assert!(verify(
            "GET",
            "/?Action=ListUsers&Version=2010-05-08",
            &headers,
            b"",
            secret
        ));
        assert!(!verify(
            "GET",
            "/?Action=ListUsers&Version=2010-05-08",
            &headers,
            b"",
            "wrong"
        ));
        assert_eq!(key_of(&headers).as_deref(), Some("AKIDEXAMPLE"));
    }

    /// The proxy's check fails closed: it passes only a signed request from a known key, with
    /// the session token issued with temporary keys, a body matching its hash, and a fresh
    /// date; everything else is refused with AWS's code.
    #[test]
    fn the_check_fails_closed() {
        let body = b"Action=GetCallerIdentity&Version=2011-06-15";
        let signed = sign(
            "POST",
            "127.0.0.1:1",
            "/",
            body,
            ("AKIAKNOWN", "secret"),
            ("us-east-1", "sts"),
        );
        let long_term = |k: &str| (k == "AKIAKNOWN").then(|| ("secret".to_string(), None));
        let code = |headers: &[(String, String)], body: &[u8], lookup: &KeyLookup<'_>| {
            refusal("POST", "/", headers, body, lookup).map(|(c, _)| c)
        };
        assert_eq!(code(&signed, body, &long_term), None);
        // A key nobody created or issued (the old proxy let it through: "fail open").
        let unknown = |_: &str| None;
        assert_eq!(code(&signed, body, &unknown), Some("InvalidClientTokenId"));
        // No Authorization at all.
        assert_eq!(
            code(&signed[..3], body, &long_term),
            Some("MissingAuthenticationToken")
        );
        // A body other than the one signed, and a claimed hash that is not the body's.
        assert_eq!(
            code(&signed, b"Action=AssumeRole", &long_term),
            Some("SignatureDoesNotMatch")
        );
        let mut claimed = signed.clone();
        claimed.push(("X-Amz-Content-Sha256".into(), "0".repeat(64)));
        assert_eq!(
            code(&claimed, body, &long_term),
            Some("SignatureDoesNotMatch")
        );
        // Temporary keys: only with the session token they were issued with.
        let temporary =
            |k: &str| (k == "AKIAKNOWN").then(|| ("secret".to_string(), Some("tok".to_string())));
        assert_eq!(
            code(&signed, body, &temporary),
            Some("InvalidClientTokenId")
        );
        let mut with_token = signed.clone();
        with_token.push(("X-Amz-Security-Token".into(), "other".into()));
        assert_eq!(
            code(&with_token, body, &temporary),
            Some("InvalidClientTokenId")
        );
        with_token.pop();
        with_token.push(("X-Amz-Security-Token".into(), "tok".into()));
        assert_eq!(code(&with_token, body, &temporary), None);
        // A date 20 minutes old.
        let stale: Vec<(String, String)> = signed
            .iter()
            .map(|(k, v)| {
                if k == "X-Amz-Date" {
                    (k.clone(), "20200101T000000Z".to_string())
                } else {
                    (k.clone(), v.clone())
                }
            })
            .collect();
        assert_eq!(
            code(&stale, body, &long_term),
            Some("SignatureDoesNotMatch")
        );
    }
}
