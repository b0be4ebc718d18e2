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
    let payload = match value_of("x-amz-content-sha256") {
        v if !v.is_empty() => v,
        _ => sha256_hex(body),
    };
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
}
