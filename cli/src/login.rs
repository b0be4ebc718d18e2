//! `rolehop login [IDENTITY]`: signs an IAM Identity Center identity in (again) in the browser
//! (PKCE on a loopback redirect; `--device-code` for a browser elsewhere), keeping its tokens
//! in the keychain. Opening a shortcut signs in by itself when a terminal is there to say so;
//! this is the explicit way, and the one `credential-process` points at.

use rolehop_core::catalog::{Catalog, CatalogError};
use rolehop_core::sso::AWS_SSO;
use rolehop_core::sso::login::{Method, SignIn};
use rolehop_core::system::{Workspace, block_on, sign_in_page};
use rolehop_core::vault::{OsKeychain, Vault};

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Identity Center identity; the only one when omitted.
    identity: Option<String>,
    /// Sign in with a code confirmed in any browser (on another machine, say) instead of a
    /// browser on this one.
    #[arg(long)]
    device_code: bool,
    /// The browser for the sign-in page (see `rolehop browsers`; `default` is the system's).
    #[arg(long, value_name = "KIND")]
    browser: Option<String>,
}

/// The identity to sign in: named, or the only Identity Center one.
fn chosen(catalog: &Catalog, named: Option<&str>) -> Result<String, CliError> {
    let sso: Vec<String> = catalog
        .identities
        .iter()
        .filter(|i| i.portal().is_some())
        .map(|i| i.id.clone())
        .collect();
    match named {
        Some(id) if sso.iter().any(|s| s == id) => Ok(id.to_string()),
        Some(id) if catalog.identity(id).is_some() => Err(CliError::Usage(format!(
            "identity `{id}` uses an access key, not IAM Identity Center: there is nothing to sign in to"
        ))),
        Some(id) => Err(CatalogError::NotFound {
            what: "identity",
            id: id.to_string(),
            known: catalog.identities.iter().map(|i| i.id.clone()).collect(),
        }
        .into()),
        None => match sso.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(CliError::Usage(
                "no IAM Identity Center identity is set up: `rolehop setup --identity NAME --sso-start-url URL --sso-region REGION`".into(),
            )),
            several => Err(CliError::Usage(format!(
                "which identity? {}",
                several.join(", ")
            ))),
        },
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ws = Workspace::from_env()?;
    let catalog = ws.catalog()?;
    let id = chosen(&catalog, args.identity.as_deref())?;
    let portal = catalog
        .identity(&id)
        .and_then(|i| i.portal())
        .ok_or_else(|| CliError::Usage(format!("identity `{id}` has no start URL")))?;
    let kind = args
        .browser
        .as_deref()
        .map(super::args::parse_kind)
        .transpose()?;
    let page = sign_in_page(&ws, &catalog, kind, Box::new(|text| say_err!("{text}")))?;
    let vault = Vault::new(OsKeychain);
    let method = if args.device_code {
        Method::DeviceCode
    } else {
        Method::Auto
    };
    let token = block_on(SignIn::new(&vault, &AWS_SSO, &page).run(&id, &portal, method))?
        .map_err(rolehop_core::Error::from)?;
    let hours = (token.expires_at - rolehop_core::base::credentials::now_unix()) / 3600;
    say_err!(
        "Signed in identity `{id}` to IAM Identity Center ({}); the sign-in is renewed without the browser while its session lasts (this access token: {hours} h).",
        portal.start_url
    );
    Ok(())
}
