//! `rolehop discover`: AWS Organizations discovery sources. `add` records a source in the
//! personal catalog; a plain run lists the organization (with progress on stderr), proposes a
//! shortcut per account and shows what appeared, changed or left since the last run (suspended
//! and closing accounts flagged); `--apply` saves the layer the tray, switcher and CLI then show.
//! The work is `rolehop_core::sources::discover`'s.

use rolehop_core::sources::layers::LayerDirs;
use std::io::{IsTerminal, Write};

use rolehop_core::catalog::DiscoverySpec;
use rolehop_core::sources::discover::{DiffRow, Progress};
use rolehop_core::use_cases::discovery::{self as run, Run};

use super::CliError;
use rolehop_core::system::{System, Workspace, block_on};

use super::prompt::Mfa;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// The source to run (default: all of them).
    id: Option<String>,
    /// Save the result as the source's layer (without it nothing is written).
    #[arg(long)]
    apply: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// The MFA code, if one is needed (otherwise asked on the terminal).
    #[arg(long, value_name = "123456", value_parser = super::prompt::mfa_code_arg)]
    mfa_code: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Add a discovery source.
    Add {
        /// A short name for the source (`org`); its accounts' origin.
        id: String,
        /// The shortcut whose role can read the organization (management or delegated admin).
        #[arg(long, value_name = "SHORTCUT", required_unless_present = "identity")]
        via: Option<String>,
        /// IAM Identity Center instead: the identity whose sign-in lists every account and
        /// permission set it can open.
        #[arg(long, value_name = "IDENTITY", conflicts_with_all = ["via", "role"])]
        identity: Option<String>,
        /// The role to open in member accounts [default: OrganizationAccountAccessRole].
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
        /// Clients from: `ou` (default), `tag:<key>` (e.g. tag:client) or `name:<regex>` with
        /// a `client` group.
        #[arg(long, value_name = "HOW")]
        group_by: Option<String>,
        /// Region for the discovered shortcuts.
        #[arg(long)]
        region: Option<String>,
    },
    /// Remove a discovery source and its layer.
    Remove { id: String },
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    match args.action {
        Some(Action::Add {
            id,
            via,
            identity,
            role,
            group_by,
            region,
        }) => {
            let spec = DiscoverySpec {
                id: id.clone(),
                via: via.unwrap_or_default(),
                identity,
                role,
                group_by,
                region,
            };
            ctx.store.edit(|doc, _| doc.add_discovery(&spec, false))?;
            say_err!(
                "Added discovery source `{id}`. Run `rolehop discover {id}` to see its accounts."
            );
            Ok(())
        }
        Some(Action::Remove { id }) => {
            ctx.store.edit(|doc, _| doc.remove_discovery(&id))?;
            rolehop_core::sources::discover::remove_layer(
                &LayerDirs::of(&ctx.paths).discovered_dir,
                &id,
            )
            .map_err(|e| CliError::io("remove the discovered layer", e))?;
            say_err!("Removed discovery source `{id}` and its accounts.");
            Ok(())
        }
        None => discover(&ctx, args),
    }
}

fn discover(ctx: &Workspace, args: Args) -> Result<(), CliError> {
    let personal = ctx.personal()?;
    let specs: Vec<&DiscoverySpec> = match &args.id {
        Some(id) => vec![
            personal
                .discoveries
                .iter()
                .find(|d| &d.id == id)
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "no discovery source `{id}`; known: {}",
                        personal
                            .discoveries
                            .iter()
                            .map(|d| d.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?,
        ],
        None => personal.discoveries.iter().collect(),
    };
    if specs.is_empty() {
        return Err(CliError::Usage(
            "no discovery source yet: `rolehop discover add org --via <management shortcut>`"
                .into(),
        ));
    }
    let parts = System::new(ctx, ctx.catalog()?, Mfa::choose(args.mfa_code.clone()))?;
    let engine = parts.engine();
    let dir = LayerDirs::of(&ctx.paths).discovered_dir;
    let tty = std::io::stderr().is_terminal();
    let mut runs = Vec::new();
    for spec in specs {
        let what = if spec.identity.is_some() {
            "permission sets"
        } else {
            "OUs and tags"
        };
        let progress = |p: Progress| match p {
            Progress::Listing { pages, accounts } => {
                if tty {
                    // `\r` rewrites the progress line: the carriage return is ours, the
                    // text after it sanitised.
                    let _ = std::io::Write::write_all(&mut std::io::stderr(), b"\r");
                    say_err_inline!(
                        "{}: listing accounts: page {pages}, {accounts} accounts   ",
                        spec.id
                    );
                } else if pages == 1 || pages % 10 == 0 {
                    say_err!(
                        "{}: listing accounts: page {pages}, {accounts} accounts",
                        spec.id
                    );
                }
            }
            Progress::Reading { done, total } => {
                if tty {
                    let _ = std::io::Write::write_all(&mut std::io::stderr(), b"\r");
                    say_err_inline!("{}: reading {what}: {done}/{total}            ", spec.id);
                    if done == total {
                        say_err!();
                    }
                } else if done == total || done % 100 == 0 {
                    say_err!("{}: reading {what}: {done}/{total}", spec.id);
                }
            }
        };
        let result = block_on(run::run(&engine, spec, &dir, &progress))??;
        if args.apply {
            run::write_layer(&result).map_err(|e| CliError::io("save the discovered layer", e))?;
        }
        runs.push(result);
    }
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    let w = |e| CliError::io("write the result", e);
    if args.json {
        let value: Vec<serde_json::Value> = runs
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.spec.id,
                    "accounts": r.accounts,
                    "shortcuts": r.discovered.shortcuts.len(),
                    "clients": r.discovered.clients.len(),
                    "changes": r.diff,
                    "applied": args.apply,
                    "layer": r.layer_path.display().to_string(),
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "[]".into());
        return writeln!(out, "{text}").map_err(w);
    }
    for r in &runs {
        print_run(&mut out, r, args.apply).map_err(w)?;
    }
    Ok(())
}

fn print_run(out: &mut impl Write, r: &Run, applied: bool) -> std::io::Result<()> {
    let source = match &r.spec.identity {
        Some(identity) => format!("each permission set, IAM Identity Center identity {identity}"),
        None => format!(
            "role {}, via {}",
            r.spec
                .role
                .as_deref()
                .unwrap_or(rolehop_core::sources::discover::DEFAULT_ROLE),
            r.spec.via
        ),
    };
    writeln!(
        out,
        "{}: {} accounts -> {} shortcuts in {} clients ({source})",
        r.spec.id,
        r.accounts,
        r.discovered.shortcuts.len(),
        r.discovered.clients.len(),
    )?;
    if r.diff.is_empty() {
        writeln!(out, "  no changes since the last run")?;
    }
    for row in &r.diff {
        match row {
            DiffRow::Appeared { id, account, name } if r.refresh => {
                writeln!(out, "  + {id:<28} {account}  {name}")?
            }
            DiffRow::Appeared { id, account, name } => {
                writeln!(out, "    {id:<28} {account}  {name}")?
            }
            DiffRow::Changed {
                id,
                account,
                fields,
            } => writeln!(
                out,
                "  ~ {id:<28} {account}  changed: {}",
                fields.join(", ")
            )?,
            DiffRow::Left { id, account } => writeln!(
                out,
                "  - {id:<28} {account}  left the organization (or was renamed)"
            )?,
            DiffRow::Flagged {
                account,
                name,
                status,
            } => writeln!(out, "  ! {name:<28} {account}  {status}: left out")?,
        }
    }
    if applied {
        writeln!(out, "Saved {}.", r.layer_path.display())
    } else {
        writeln!(
            out,
            "Nothing was written: run again with --apply to use these shortcuts."
        )
    }
}
