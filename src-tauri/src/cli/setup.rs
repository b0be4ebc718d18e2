//! `rolehop setup`: stores an identity's access key in the OS keychain, after AWS confirmed it
//! (GetCallerIdentity) and that it belongs to the account given, and records the identity
//! (no secrets) in the catalog.

use std::io::{BufRead, IsTerminal};

use rolehop_core::Secret;
use rolehop_core::broker::{AwsSts, Sts};
use rolehop_core::catalog::duration::Seconds;
use rolehop_core::catalog::model::{Identity, Partition};
use rolehop_core::catalog::rules;
use rolehop_core::vault::{BaseKeys, Keychain, OsKeychain, Vault};

use super::CliError;
use super::context::{Context, block_on};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A short name for this identity, e.g. your name or `work`.
    #[arg(long, value_name = "NAME")]
    identity: String,
    /// The 12-digit id of the home account the IAM user is in.
    #[arg(long, value_name = "111111111111")]
    account: String,
    /// The IAM user's access key id.
    #[arg(long, value_name = "AKIA…")]
    access_key_id: String,
    /// The ARN (or serial) of the user's MFA device.
    #[arg(long, value_name = "ARN")]
    mfa_serial: Option<String>,
    /// Default region for this identity's shortcuts and STS calls.
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// The AWS partition.
    #[arg(long, value_parser = ["aws", "aws-us-gov", "aws-cn"], default_value = "aws")]
    partition: String,
    /// How long the daily MFA session lasts (15m..36h).
    #[arg(long, value_name = "12h")]
    session_duration: Option<String>,
    /// The default browser kind for consoles (see `rolehop browsers`); asked on a terminal,
    /// else the first browser found.
    #[arg(long, value_name = "KIND")]
    browser: Option<String>,
    /// Read the secret access key from the first line of stdin instead of asking.
    #[arg(long)]
    secret_stdin: bool,
    /// Store the key without asking AWS first (offline set-up; not recommended).
    #[arg(long)]
    no_verify: bool,
}

fn usage(r: Result<(), rules::RuleError>, flag: &str) -> Result<(), CliError> {
    r.map_err(|e| {
        CliError::Usage(format!(
            "{flag}: {} (for example: {})",
            e.message, e.example
        ))
    })
}

pub fn run(args: Args) -> Result<(), CliError> {
    let partition = Partition::parse(&args.partition)
        .ok_or_else(|| CliError::Usage(format!("unknown partition {}", args.partition)))?;
    usage(rules::slug(&args.identity), "--identity")?;
    usage(rules::account_id(&args.account), "--account")?;
    if let Some(serial) = &args.mfa_serial {
        usage(rules::mfa_serial(serial), "--mfa-serial")?;
    }
    if let Some(region) = &args.region {
        usage(rules::region(region, partition), "--region")?;
    }
    let session_duration = match &args.session_duration {
        Some(text) => {
            let d = Seconds::parse(text)
                .map_err(|e| CliError::Usage(format!("--session-duration: {e}")))?;
            usage(rules::session_token_duration(d.0), "--session-duration")?;
            Some(d)
        }
        None => None,
    };
    let key_id = args.access_key_id.trim().to_string();
    if !(16..=128).contains(&key_id.len()) || !key_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(CliError::Usage(
            "--access-key-id: an access key id is 16-128 letters and digits, like AKIAIOSFODNN7EXAMPLE".into(),
        ));
    }
    if key_id.starts_with("ASIA") {
        return Err(CliError::Usage(
            "--access-key-id: ASIA… keys are temporary; set up the IAM user's long-term key (AKIA…)".into(),
        ));
    }

    let browser = args
        .browser
        .as_deref()
        .map(super::browser_env::parse_kind)
        .transpose()?;
    let ctx = Context::new()?;
    // The catalog must be readable before anything is stored for it.
    let existing = ctx.catalog()?;
    // Fail before asking for a secret there would be nowhere to keep.
    OsKeychain.probe()?;

    let secret = read_secret(args.secret_stdin)?;
    let keys = BaseKeys {
        access_key_id: key_id,
        secret_access_key: secret,
    };
    let region = args
        .region
        .clone()
        .unwrap_or_else(|| partition.default_region().to_string());
    let mut session_name = None;
    if !args.no_verify {
        let sts = AwsSts::new();
        let caller = block_on(sts.caller_identity(&keys.credentials(), &region))?.map_err(|f| {
            let e = rolehop_core::broker::BrokerError::from_setup(
                &args.identity,
                &keys.access_key_id,
                f,
            );
            CliError::from(e)
        })?;
        if caller.account != args.account {
            return Err(CliError::Usage(format!(
                "these keys belong to account {} ({}), not {}: check --account",
                caller.account, caller.arn, args.account
            )));
        }
        // The IAM user name makes a readable RoleSessionName in CloudTrail.
        session_name = caller
            .arn
            .rsplit_once(":user/")
            .map(|(_, user)| user.rsplit('/').next().unwrap_or(user))
            .map(rules::derive_session_name);
        eprintln!("AWS confirmed the key: {}", caller.arn);
    }

    let vault = Vault::new(OsKeychain);
    vault.store_base_keys(&args.identity, &keys)?;
    // A new key invalidates the old key's session.
    vault.drop_session(&args.identity)?;

    let identity = Identity {
        id: args.identity.clone(),
        account: args.account.clone(),
        mfa_serial: args.mfa_serial.clone(),
        partition,
        region: args.region.clone(),
        session_duration,
        session_name,
    };
    let browser = match browser {
        Some(kind) => Some(kind.as_str().to_string()),
        None if existing.browser.is_none() => ask_browser(),
        None => None,
    };
    let stored = ctx.store.edit(|doc, _| {
        doc.set_identity(&identity)?;
        if let Some(kind) = &browser {
            doc.set_default_browser(kind)?;
        }
        Ok(())
    });
    if let Err(e) = stored {
        // Do not leave keys behind for an identity the catalog does not know.
        let _ = vault
            .keychain()
            .delete(&format!("identity/{}/keys", args.identity));
        return Err(e.into());
    }
    eprintln!(
        "Stored the key of identity `{}` in the OS keychain; catalog: {}",
        args.identity,
        ctx.store.path().display()
    );
    if args.mfa_serial.is_none() {
        eprintln!("note: no --mfa-serial given; roles that require MFA will refuse this identity.");
    }
    Ok(())
}

/// Asks for the default browser among those found (first found when there is no terminal).
fn ask_browser() -> Option<String> {
    let found = super::browser_env::found();
    let first = found.first()?.kind.as_str().to_string();
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Some(first);
    }
    let names: Vec<&str> = found.iter().map(|f| f.kind.as_str()).collect();
    eprint!(
        "Default browser for consoles ({}) [{first}]: ",
        names.join(", ")
    );
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    let answer = line.trim();
    if answer.is_empty() {
        return Some(first);
    }
    match rolehop_core::browser::BrowserKind::parse(answer) {
        Ok(kind) => Some(kind.as_str().to_string()),
        Err(e) => {
            eprintln!("{e}; keeping {first} (change it with `rolehop browsers --default KIND`)");
            Some(first)
        }
    }
}

fn read_secret(from_stdin: bool) -> Result<Secret, CliError> {
    let text = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::io("read the secret from stdin", e))?;
        line
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Secret access key (not shown): ")
            .map_err(|e| CliError::io("read the secret from the terminal", e))?
    } else {
        return Err(CliError::Usage(
            "no terminal to ask for the secret access key: pass --secret-stdin and pipe it in"
                .into(),
        ));
    };
    let secret = text.trim().to_string();
    if secret.len() < 16 || secret.contains(char::is_whitespace) {
        return Err(CliError::Usage(
            "that does not look like a secret access key (40 characters, no spaces)".into(),
        ));
    }
    Ok(Secret::new(secret))
}
