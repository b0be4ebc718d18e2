//! `rolehop import aws-config [FILE]`, `rolehop import switch-roles FILE|-` and `rolehop import
//! links FILE|-`: a preview of
//! what the import would add (new, unchanged, different, duplicate, blocked, skipped with the
//! reason), then `--apply` writes it through the catalog store. Running it again changes nothing.
//! Reading, comparing, moving keys and writing are `rolehop_core::use_cases::importing`'s (shared with the
//! Import page); this file parses arguments, prints, and moves keys only when `--keys` asks.

use std::io::Write;
use std::path::PathBuf;

use rolehop_core::sources::import::{self, Change, ClientNaming, ImportPlan};
use rolehop_core::use_cases::importing::{Import, ImportSource};

use super::CliError;
use rolehop_core::system::{Workspace, block_on};

#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// Profiles of an AWS config file (default: $AWS_CONFIG_FILE or ~/.aws/config), with the
    /// keys of the credentials file they use ($AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials).
    AwsConfig {
        /// The config file.
        file: Option<PathBuf>,
        /// The credentials file.
        #[arg(long, value_name = "FILE")]
        credentials: Option<PathBuf>,
        /// Move the static keys of new identities into the OS keychain (checked with AWS first).
        /// Without it keys are never copied.
        #[arg(long)]
        keys: bool,
        #[command(flatten)]
        common: Common,
    },
    /// An AWS Extend Switch Roles configuration; `-` reads it from stdin (for example
    /// `xclip -o -selection clipboard | rolehop import switch-roles -`).
    SwitchRoles {
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// AWS switch-role links (`https://signin.aws.amazon.com/switchrole?account=…&roleName=…`)
    /// in a knowledge-base page (HTML, Markdown, text) or a bookmarks file (Chromium's
    /// `Bookmarks`, a bookmarks HTML export); `-` reads stdin. The client of each link comes
    /// from its bookmark folder, the nearest heading above it, or its text.
    Links {
        file: PathBuf,
        /// The identity whose keys assume the links' roles (needed when you have several; a
        /// link cannot say).
        #[arg(long, value_name = "ID")]
        identity: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// Write the new entries to the catalog (without it nothing is written).
    #[arg(long)]
    apply: bool,
    /// Also overwrite shortcuts that exist with other values.
    #[arg(long, requires = "apply")]
    replace: bool,
    /// Apply only these rows (shortcut, client or identity ids, comma-separated); what they
    /// need comes with them.
    #[arg(long, value_delimiter = ',', value_name = "IDS", requires = "apply")]
    only: Vec<String>,
    /// Leave out the `prod` tag the import proposes for these shortcuts (comma-separated
    /// ids) because their name says production; a tag the source itself has stays.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    not_prod: Vec<String>,
    /// How a profile name gives its client: a regular expression with a `client` group.
    #[arg(long, value_name = "REGEX", default_value = import::naming::DEFAULT_PATTERN)]
    client_pattern: String,
    /// Print the plan as JSON.
    #[arg(long)]
    json: bool,
}

fn read(path: &std::path::Path) -> Result<String, CliError> {
    use rolehop_core::base::files::{IMPORT_MAX_BYTES, read_capped, read_capped_from};
    if path.as_os_str() == "-" {
        return read_capped_from(std::io::stdin().lock(), IMPORT_MAX_BYTES)
            .map_err(|e| CliError::io("read stdin", e.into()));
    }
    read_capped(path, IMPORT_MAX_BYTES, false)
        .map_err(|e| CliError::io(format!("read {}", path.display()), e.into()))
}

pub fn run(source: Source) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let links = matches!(source, Source::Links { .. });
    match source {
        Source::AwsConfig {
            file,
            credentials,
            keys,
            common,
        } => {
            let mut import = Import::read(
                ImportSource::AwsConfig {
                    config: file.as_deref(),
                    credentials: credentials.as_deref(),
                },
                &naming(&common)?,
            )
            .map_err(rolehop_core::Error::from)?;
            decline_prod(&mut import, &common)?;
            if keys && common.apply {
                move_keys(&ctx, &import, &common)?;
            }
            preview_or_apply(&ctx, &import, &common, !keys && import.offers_keys(), keys)
        }
        Source::SwitchRoles { file, common }
        | Source::Links {
            file,
            common,
            identity: None,
        } => read_text(&ctx, &file, &common, links, None),
        Source::Links {
            file,
            common,
            identity: Some(identity),
        } => read_text(&ctx, &file, &common, links, Some(&identity)),
    }
}

/// `import switch-roles` and `import links`: a text from a file or stdin.
fn read_text(
    ctx: &Workspace,
    file: &std::path::Path,
    common: &Common,
    links: bool,
    identity: Option<&str>,
) -> Result<(), CliError> {
    let text = read(file)?;
    let name = if file.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        file.display().to_string()
    };
    let source = if links {
        ImportSource::Links {
            name: &name,
            text: &text,
        }
    } else {
        ImportSource::SwitchRoles {
            name: &name,
            text: &text,
        }
    };
    let mut import = Import::read(source, &naming(common)?).map_err(rolehop_core::Error::from)?;
    if let Some(identity) = identity {
        import
            .for_identity(identity, &ctx.personal()?)
            .map_err(rolehop_core::Error::from)?;
    }
    decline_prod(&mut import, common)?;
    preview_or_apply(ctx, &import, common, false, false)
}

/// `--not-prod`: takes back the proposed `prod` tag of each shortcut named; naming one the
/// import proposes no such tag for is a mistake worth saying (a typo would go unnoticed).
fn decline_prod(import: &mut Import, common: &Common) -> Result<(), CliError> {
    let tag = import::naming::PROPOSED_PRODUCTION_TAG;
    let unknown: Vec<&str> = common
        .not_prod
        .iter()
        .filter(|id| !import.proposal.decline_tag(id, tag))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "--not-prod names shortcuts the import proposes no `{tag}` tag for: {}",
            unknown.join(", ")
        )))
    }
}

fn naming(common: &Common) -> Result<ClientNaming, CliError> {
    ClientNaming::new(&common.client_pattern).map_err(|e| CliError::Usage(e.to_string()))
}

/// Moves the keys of the accepted new identities into the keychain before the apply (which
/// then finds them in the catalog). One that AWS refuses stops here, before anything else.
fn move_keys(ctx: &Workspace, import: &Import, common: &Common) -> Result<(), CliError> {
    let vault = rolehop_core::vault::Vault::new(rolehop_core::vault::OsKeychain);
    let sts = rolehop_core::broker::AwsSts::new();
    let only = &common.only;
    let accept = |r: &import::Row| only.is_empty() || only.contains(&r.id);
    let enrolled = block_on(import.move_keys(&ctx.store, &vault, &sts, &accept))?
        .map_err(|e| CliError::Failed(e.to_string()))?;
    for (profile, e) in enrolled {
        say_err!(
            "Keys of profile `{profile}` moved into the keychain as identity `{}` (account {}). You can now remove them from the credentials file.",
            e.identity.id,
            e.identity.account
        );
    }
    Ok(())
}

fn preview_or_apply(
    ctx: &Workspace,
    import: &Import,
    common: &Common,
    offer_keys: bool,
    moving_keys: bool,
) -> Result<(), CliError> {
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    let w = |e| CliError::io("write the plan", e);
    if !common.apply {
        let plan = import.preview(&ctx.personal()?, moving_keys);
        if common.json {
            return writeln!(out, "{}", plan_json(&plan, None)).map_err(w);
        }
        print_plan(&mut out, &plan).map_err(w)?;
        let writes = plan.rows.iter().filter(|r| r.would_write(false)).count();
        let blocked = plan.count(|c| matches!(c, Change::Blocked { .. }));
        let hint = if writes == 0 && blocked > 0 {
            format!(
                "Nothing can be added as it is: {blocked} entr{} blocked (see why above){}.",
                if blocked == 1 { "y is" } else { "ies are" },
                if offer_keys {
                    "; --apply --keys moves the static keys into the keychain first"
                } else {
                    ""
                }
            )
        } else if writes == 0 {
            "Nothing to add.".to_string()
        } else {
            format!(
                "Nothing was written. Run again with --apply{} to add the {writes} new entr{} (--only IDS for some of them{}).",
                if moving_keys { " --keys" } else { "" },
                if writes == 1 { "y" } else { "ies" },
                if offer_keys {
                    "; --keys to move static keys into the keychain"
                } else {
                    ""
                }
            )
        };
        writeln!(out, "\n{hint}").map_err(w)?;
        let proposed: Vec<&str> = plan
            .rows
            .iter()
            .filter(|r| r.would_write(false) && !r.proposed_tags.is_empty())
            .map(|r| r.id.as_str())
            .collect();
        if !proposed.is_empty() {
            writeln!(
                out,
                "Tagged prod because the name says production: {}. --not-prod IDS leaves the tag out.",
                proposed.join(", ")
            )
            .map_err(w)?;
        }
        return Ok(());
    }
    let only = &common.only;
    let accept = |r: &import::Row| only.is_empty() || only.contains(&r.id);
    let rows = import.preview(&ctx.personal()?, false).rows;
    let unknown: Vec<&String> = only
        .iter()
        .filter(|id| !rows.iter().any(|r| &r.id == *id))
        .collect();
    if !unknown.is_empty() {
        return Err(CliError::Usage(format!(
            "--only names rows the import does not have: {}",
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let (plan, applied) = import.apply(&ctx.store, &accept, common.replace)?;
    if common.json {
        return writeln!(out, "{}", plan_json(&plan, Some(&applied))).map_err(w);
    }
    print_plan(&mut out, &plan).map_err(w)?;
    let summary = if applied.added.is_empty() && applied.replaced.is_empty() {
        "Nothing changed: the catalog already has everything this import can add.".to_string()
    } else {
        format!(
            "Added {}{} to {}.",
            applied.added.len(),
            if applied.replaced.is_empty() {
                String::new()
            } else {
                format!(", replaced {}", applied.replaced.len())
            },
            ctx.store.path().display()
        )
    };
    writeln!(out, "\n{summary}").map_err(w)
}

fn status(change: &Change) -> String {
    match change {
        Change::New => "new".into(),
        Change::Unchanged => "unchanged".into(),
        Change::Differs { fields } => format!("differs ({})", fields.join(", ")),
        Change::Duplicate { of } => format!("duplicate of {of}"),
        Change::Blocked { .. } => "blocked".into(),
    }
}

fn print_plan(out: &mut impl Write, plan: &ImportPlan) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = plan
        .rows
        .iter()
        .map(|r| {
            vec![
                status(&r.change),
                r.kind.as_str().to_string(),
                r.id.clone(),
                r.origin
                    .as_ref()
                    .map(|o| format!("{}:{}", o.profile, o.line))
                    .unwrap_or_default(),
                r.summary.clone(),
            ]
        })
        .collect();
    let lines = super::table::lines(&["STATUS", "KIND", "ID", "FROM", "WHAT"], &cells);
    let mut lines = lines.iter();
    if let Some(header) = lines.next() {
        writeln!(out, "{header}")?;
    }
    for (row, line) in plan.rows.iter().zip(lines) {
        writeln!(out, "{line}")?;
        if let Change::Blocked { reason } = &row.change {
            writeln!(out, "    {reason}")?;
        }
        for note in &row.notes {
            writeln!(out, "    note: {note}")?;
        }
    }
    if !plan.skipped.is_empty() {
        writeln!(out, "\nNot imported:")?;
        for s in &plan.skipped {
            writeln!(
                out,
                "  {}:{}  {}",
                s.origin.profile, s.origin.line, s.reason
            )?;
        }
    }
    Ok(())
}

fn plan_json(plan: &ImportPlan, applied: Option<&import::Applied>) -> String {
    let value = serde_json::json!({
        "rows": plan.rows,
        "skipped": plan.skipped,
        "applied": applied,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into())
}
