//! `rolehop add client|shortcut`: adds an entry to the catalog (validated, comments kept).

use rolehop_core::catalog::duration::Seconds;
use rolehop_core::catalog::model::{Client, SessionMode, Shortcut};

use super::CliError;
use rolehop_core::system::Workspace;

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// A customer whose accounts you work in.
    Client(ClientArgs),
    /// One role in one account.
    Shortcut(ShortcutArgs),
}

#[derive(Debug, clap::Args)]
pub struct ClientArgs {
    /// A short id: lowercase letters, digits, `-`, `_`, `.`.
    id: String,
    /// The client's display name.
    #[arg(long)]
    name: String,
    /// A colour for menus, as #rrggbb.
    #[arg(long, value_name = "#d13212")]
    color: Option<String>,
    /// Notes, e.g. who to call.
    #[arg(long)]
    notes: Option<String>,
    /// A link to the client's page in your knowledge base.
    #[arg(long)]
    link: Option<String>,
    /// The browser kind for this client's shortcuts.
    #[arg(long, value_name = "KIND")]
    browser: Option<String>,
    /// Overwrite an existing client with this id.
    #[arg(long)]
    replace: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShortcutArgs {
    /// A short id you will type: `acme-prod`.
    id: String,
    /// The client this account belongs to.
    #[arg(long)]
    client: String,
    /// The 12-digit account id (optional when --role is a full ARN).
    #[arg(long, value_name = "222222222222")]
    account: Option<String>,
    /// The role name (`Admin`, `/path/Admin`) or its full ARN.
    #[arg(long, value_name = "NAME")]
    role: String,
    /// A label for menus (default: the role name).
    #[arg(long)]
    label: Option<String>,
    /// The identity whose keys assume the role (needed when there are several).
    #[arg(long, value_name = "NAME", conflicts_with = "via")]
    identity: Option<String>,
    /// Console region for this shortcut.
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// Where the console opens: a service (`s3`, `ec2`), a console path or URL.
    #[arg(long)]
    destination: Option<String>,
    /// `daily` (one MFA a day, 1 h role sessions) or `long` (MFA per shortcut, up to 12 h).
    #[arg(long, value_parser = ["daily", "long"])]
    session: Option<String>,
    /// Role session length, e.g. `8h` (15m..12h; daily and via sessions are capped at 1h).
    #[arg(long, value_name = "8h")]
    duration: Option<String>,
    /// Assume this role with another shortcut's role credentials (role chaining).
    #[arg(long, value_name = "SHORTCUT")]
    via: Option<String>,
    /// The external id the role's trust policy expects.
    #[arg(long, value_name = "X")]
    external_id: Option<String>,
    /// The browser kind for this shortcut.
    #[arg(long, value_name = "KIND")]
    browser: Option<String>,
    /// Show it at the top of menus.
    #[arg(long)]
    pinned: bool,
    /// A tag to search by (repeatable); `prod` or `production` marks its console windows as
    /// production (a red frame and banner).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Overwrite an existing shortcut with this id.
    #[arg(long)]
    replace: bool,
}

pub fn run(what: What) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    match what {
        What::Client(a) => {
            let client = Client {
                id: a.id,
                name: a.name,
                color: a.color,
                notes: a.notes,
                link: a.link,
                browser: a.browser,
            };
            ctx.store
                .edit(|doc, _| doc.add_client(&client, a.replace))?;
            say_err!("Added client `{}`.", client.id);
        }
        What::Shortcut(a) => {
            let duration = a
                .duration
                .as_deref()
                .map(Seconds::parse)
                .transpose()
                .map_err(|e| CliError::Usage(format!("--duration: {e}")))?;
            let session = a.session.as_deref().map(|s| match s {
                "long" => SessionMode::Long,
                _ => SessionMode::Daily,
            });
            let shortcut = Shortcut {
                id: a.id,
                client: a.client,
                label: a.label,
                account: a.account,
                role: a.role,
                identity: a.identity,
                via: a.via,
                region: a.region,
                destination: a.destination,
                session,
                duration,
                external_id: a.external_id,
                browser: a.browser,
                pinned: a.pinned,
                tags: a.tags,
            };
            ctx.store
                .edit(|doc, _| doc.add_shortcut(&shortcut, a.replace))?;
            say_err!("Added shortcut `{}`.", shortcut.id);
        }
    }
    Ok(())
}
