//! `rolehop credential-process SHORTCUT`: the AWS CLI / SDK `credential_process` contract,
//! so tools share the keychain and the daily MFA session.
//! <https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html>

use std::io::Write;

use super::CliError;
use super::args::{ShortcutArgs, print_notices};
use super::prompt::Mfa;
use rolehop_core::system::{System, Workspace, block_on};

pub fn run(args: ShortcutArgs) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let parts = System::new(&ctx, ctx.catalog()?, Mfa::choose(args.mfa_code))?;
    let role = block_on(parts.engine().credentials(&args.shortcut))??;
    print_notices(&role.notices);
    let c = &role.credentials;
    let mut json = serde_json::json!({
        "Version": 1,
        "AccessKeyId": c.access_key_id,
        "SecretAccessKey": c.secret_access_key.expose(),
        "SessionToken": c.session_token.as_ref().map(|t| t.expose()).unwrap_or_default(),
    });
    if let Some(expiration) = c.expires_at.and_then(rolehop_core::exec::env::rfc3339) {
        json["Expiration"] = serde_json::Value::String(expiration);
    }
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    writeln!(out, "{json}").map_err(|e| CliError::io("write the credentials", e))?;
    Ok(())
}
