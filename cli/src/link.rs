//! `rolehop link SHORTCUT [--format rolehop|switchrole|markdown|html]`: a shortcut's links for
//! a knowledge base or a chat message (`rolehop_core::link::format`). No secrets: a
//! `rolehop://` link opens only through the reader's own Rolehop and keys, and a switch-role
//! link only for someone signed in to the console who may assume the role.

use rolehop_core::catalog::resolve::resolve;
use rolehop_core::link::deep::Landing;
use rolehop_core::link::format::{LinkFormat, link};
use rolehop_core::system::Workspace;

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shortcut id (see `rolehop list`).
    shortcut: String,
    /// rolehop: `rolehop://open/<id>` (opens through Rolehop); switchrole: AWS's switch-role
    /// link (works without Rolehop); markdown, html: both, as a line for a page.
    #[arg(long, default_value = "rolehop", value_parser = LinkFormat::ALL.map(LinkFormat::as_str))]
    format: String,
    /// Where the `rolehop://` link lands: a service (`s3`), a console path or a console URL.
    #[arg(long)]
    destination: Option<String>,
    /// The console region the `rolehop://` link lands in.
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let format = LinkFormat::parse(&args.format)
        .ok_or_else(|| CliError::Usage(format!("--format: unknown `{}`", args.format)))?;
    let landing = Landing {
        destination: args.destination,
        region: args.region,
    };
    if format == LinkFormat::SwitchRole && !landing.is_empty() {
        return Err(CliError::Usage(
            "--destination and --region set where a rolehop:// link lands; AWS's switch-role link cannot carry them".into(),
        ));
    }
    let catalog = Workspace::from_env()?.catalog()?;
    let shortcut = resolve(&catalog, &args.shortcut)?;
    // The same checks as when the link is followed: a link printed here opens.
    landing
        .apply(shortcut.clone())
        .map_err(rolehop_core::Error::from)?;
    say!("{}", link(&shortcut, &landing, format));
    Ok(())
}
