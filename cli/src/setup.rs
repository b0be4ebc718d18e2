//! `rolehop setup`: the terminal front of `core::enroll` (the setup wizard is the other one):
//! stores an identity's access key in the OS keychain, after AWS confirmed it
//! (GetCallerIdentity) and that it belongs to the account given, and records the identity
//! (no secrets) in the catalog. With `--sso-start-url` it sets up an IAM Identity Center
//! identity instead (`core::enroll_sso`): it signs in in the browser, and the tokens go to the
//! keychain.

use std::io::{BufRead, IsTerminal};

use rolehop_core::Secret;
use rolehop_core::broker::AwsSts;
use rolehop_core::catalog::duration::Seconds;
use rolehop_core::catalog::model::Partition;
use rolehop_core::use_cases::enroll::{self, EnrollError, Enrollment, FieldError};
use rolehop_core::vault::{OsKeychain, Vault};

use super::CliError;
use rolehop_core::system::{Workspace, block_on};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A short name for this identity, e.g. your name or `work`.
    #[arg(long, value_name = "NAME")]
    identity: String,
    /// The 12-digit id of the home account the IAM user is in.
    #[arg(
        long,
        value_name = "111111111111",
        required_unless_present = "sso_start_url"
    )]
    account: Option<String>,
    /// The IAM user's access key id.
    #[arg(long, value_name = "AKIA…", required_unless_present = "sso_start_url")]
    access_key_id: Option<String>,
    /// IAM Identity Center instead of an access key: the AWS access portal URL.
    #[arg(
        long,
        value_name = "URL",
        requires = "sso_region",
        conflicts_with_all = ["account", "access_key_id", "mfa_serial", "mfa_process", "session_duration", "secret_stdin"]
    )]
    sso_start_url: Option<String>,
    /// IAM Identity Center: the region the instance is in.
    #[arg(long, value_name = "R", requires = "sso_start_url")]
    sso_region: Option<String>,
    /// IAM Identity Center: the AWS CLI `sso-session` name it corresponds to.
    #[arg(long, value_name = "NAME", requires = "sso_start_url")]
    sso_session: Option<String>,
    /// IAM Identity Center: sign in with a code confirmed in any browser instead of one here.
    #[arg(long, requires = "sso_start_url")]
    device_code: bool,
    /// The ARN (or serial) of the user's MFA device.
    #[arg(long, value_name = "ARN")]
    mfa_serial: Option<String>,
    /// A command that prints the current MFA code, run without a shell instead of asking,
    /// e.g. a YubiKey: `ykman oath accounts code --single 'Amazon Web Services:me@111111111111'`
    /// (`ykman oath accounts list` shows the names). An empty value removes it.
    #[arg(long, value_name = "COMMAND")]
    mfa_process: Option<String>,
    /// Default region for this identity's shortcuts and STS calls.
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// The AWS partition: aws, aws-us-gov (GovCloud), aws-cn (China) or aws-eusc (the AWS
    /// European Sovereign Cloud).
    #[arg(long, value_parser = ["aws", "aws-us-gov", "aws-cn", "aws-eusc"], default_value = "aws")]
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

pub fn run(args: Args) -> Result<(), CliError> {
    if args.sso_start_url.is_some() {
        return run_sso(args);
    }
    let partition = Partition::parse(&args.partition)
        .ok_or_else(|| CliError::Usage(format!("unknown partition {}", args.partition)))?;
    let session_duration = args
        .session_duration
        .as_deref()
        .map(Seconds::parse)
        .transpose()
        .map_err(|e| CliError::Usage(format!("--session-duration: {e}")))?;
    let browser = args
        .browser
        .as_deref()
        .map(super::args::parse_kind)
        .transpose()?;
    let mut enrollment = Enrollment {
        identity: args.identity.clone(),
        account: args.account.clone().unwrap_or_default(),
        access_key_id: args
            .access_key_id
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_string(),
        // Checked below, after the other fields, before anything is asked.
        secret_access_key: Secret::new("0".repeat(40)),
        mfa_serial: args.mfa_serial.clone(),
        mfa_process: args.mfa_process.clone(),
        region: args.region.clone(),
        partition,
        session_duration,
        browser: None,
        verify: !args.no_verify,
    };
    if let Some(problem) = enroll::check(&enrollment).into_iter().next() {
        return Err(field_usage(&problem));
    }
    let ctx = Workspace::from_env()?;
    // The catalog must be readable before anything is stored for it.
    let existing = ctx.personal()?;
    // Fail before asking for a secret there would be nowhere to keep.
    OsKeychain.probe()?;
    enrollment.secret_access_key = read_secret(args.secret_stdin)?;
    if let Some(problem) = enroll::check(&enrollment).into_iter().next() {
        return Err(field_usage(&problem));
    }
    enrollment.browser = match browser {
        Some(kind) => Some(kind.as_str().to_string()),
        None if existing.browser.is_none() => ask_browser(),
        None => None,
    };
    let vault = Vault::new(OsKeychain);
    let done = block_on(enroll::enroll(
        &ctx.store,
        &vault,
        &AwsSts::new(),
        enrollment,
    ))?
    .map_err(|e| match e {
        EnrollError::Fields(f) => f
            .first()
            .map(field_usage)
            .unwrap_or(CliError::Failed(String::new())),
        EnrollError::WrongAccount { .. } => CliError::Usage(format!("{e} (--account)")),
        EnrollError::Core(e) => CliError::Core(e),
    })?;
    if let Some(arn) = &done.caller_arn {
        say_err!("AWS confirmed the key: {arn}");
    }
    say_err!(
        "Stored the key of identity `{}` in the OS keychain; catalog: {}",
        args.identity,
        ctx.store.path().display()
    );
    if args.mfa_serial.is_none() {
        say_err!("note: no --mfa-serial given; roles that require MFA will refuse this identity.");
    }
    Ok(())
}

/// `rolehop setup --sso-start-url URL --sso-region R`: an IAM Identity Center identity, signed
/// in at once (`--no-verify`: recorded only, for a later `rolehop login`).
fn run_sso(args: Args) -> Result<(), CliError> {
    use rolehop_core::sso::AWS_SSO;
    use rolehop_core::sso::login::Method;
    use rolehop_core::use_cases::enroll_sso::{self, SsoEnrollment};
    let partition = Partition::parse(&args.partition)
        .ok_or_else(|| CliError::Usage(format!("unknown partition {}", args.partition)))?;
    let kind = args
        .browser
        .as_deref()
        .map(super::args::parse_kind)
        .transpose()?;
    let enrollment = SsoEnrollment {
        identity: args.identity.clone(),
        start_url: args.sso_start_url.clone().unwrap_or_default(),
        region: args.sso_region.clone().unwrap_or_default(),
        partition,
        default_region: args.region.clone(),
        sso_session: args.sso_session.clone(),
        browser: kind.map(|k| k.as_str().to_string()),
        sign_in: !args.no_verify,
        method: if args.device_code {
            Method::DeviceCode
        } else {
            Method::Auto
        },
    };
    if let Some(problem) = enroll_sso::check(&enrollment).into_iter().next() {
        return Err(field_usage(&problem));
    }
    let ctx = Workspace::from_env()?;
    let catalog = ctx.personal()?;
    OsKeychain.probe()?;
    let page = rolehop_core::system::sign_in_page(
        &ctx,
        &catalog,
        kind,
        Box::new(|text| say_err!("{text}")),
    )?;
    let vault = Vault::new(OsKeychain);
    let identity = block_on(enroll_sso::enroll_sso(
        &ctx.store, &vault, &AWS_SSO, &page, enrollment,
    ))?
    .map_err(|e| match e {
        EnrollError::Fields(f) => f
            .first()
            .map(field_usage)
            .unwrap_or(CliError::Failed(String::new())),
        EnrollError::WrongAccount { .. } => CliError::Usage(e.to_string()),
        EnrollError::Core(e) => CliError::Core(e),
    })?;
    say_err!(
        "Identity `{}` signs in to IAM Identity Center at {} ({}); catalog: {}",
        identity.id,
        identity.sso_start_url.as_deref().unwrap_or_default(),
        identity.sso_region.as_deref().unwrap_or_default(),
        ctx.store.path().display()
    );
    if args.no_verify {
        say_err!("Not signed in yet: run `rolehop login {}`.", identity.id);
    }
    say_err!(
        "Add its shortcuts with `rolehop add shortcut ID --client C --identity {} --account 111111111111 --role PERMISSION_SET`, or find them with `rolehop discover`.",
        identity.id
    );
    Ok(())
}

/// A field problem as the flag a person typed.
fn field_usage(e: &FieldError) -> CliError {
    if e.field == "secret_access_key" {
        return CliError::Usage(e.message.clone());
    }
    CliError::Usage(format!("--{}: {}", e.field.replace('_', "-"), e.message))
}

/// Asks for the default browser among those found (first found when there is no terminal).
fn ask_browser() -> Option<String> {
    let found = rolehop_core::system::found_browsers();
    let first = found.first()?.kind.as_str().to_string();
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Some(first);
    }
    let names: Vec<&str> = found.iter().map(|f| f.kind.as_str()).collect();
    say_err_inline!(
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
            say_err!("{e}; keeping {first} (change it with `rolehop browsers --default KIND`)");
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
    Ok(Secret::new(text.trim().to_string()))
}
