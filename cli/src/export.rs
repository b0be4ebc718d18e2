//! `rolehop export aws-config|switch-roles|page`: the catalog as other tools (or people) read
//! it, on stdout (or `--output FILE`). The text is `rolehop_core::sources::export`'s; it holds
//! no secrets.

use std::io::Write;
use std::path::PathBuf;

use rolehop_core::sources::export;

use super::CliError;
use rolehop_core::system::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// aws-config: profiles with `credential_process = rolehop credential-process <shortcut>`
    /// (the AWS CLI and SDKs share Rolehop's keychain and MFA session); switch-roles: an AWS
    /// Extend Switch Roles configuration; page: a page for a knowledge base, grouped by client,
    /// each shortcut with its rolehop:// and AWS switch-role links (`import links` reads it back).
    #[arg(value_parser = ["aws-config", "switch-roles", "page"])]
    what: String,
    /// The page's format (page only): html, or markdown. Default: markdown for an --output
    /// ending in .md, else html.
    #[arg(long, value_parser = ["html", "markdown"])]
    format: Option<String>,
    /// Write to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// How the AWS CLI should run Rolehop in `credential_process` (aws-config only).
    #[arg(long, value_name = "PATH", default_value = "rolehop")]
    program: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let catalog = ctx.catalog()?;
    if args.program.contains(char::is_whitespace) {
        return Err(CliError::Usage(
            "--program: a path without spaces (the AWS CLI splits credential_process at spaces)"
                .into(),
        ));
    }
    if args.format.is_some() && args.what != "page" {
        return Err(CliError::Usage(
            "--format chooses the page's format: `rolehop export page --format markdown`".into(),
        ));
    }
    let text = match args.what.as_str() {
        "aws-config" => export::aws_config(&catalog, &args.program),
        "page" => {
            let markdown = match args.format.as_deref() {
                Some(f) => f == "markdown",
                None => args.output.as_ref().is_some_and(|p| {
                    p.extension().is_some_and(|e| {
                        e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
                    })
                }),
            };
            let page = export::page::page(
                &catalog,
                if markdown {
                    export::page::PageFormat::Markdown
                } else {
                    export::page::PageFormat::Html
                },
            );
            for (id, reason) in &page.skipped {
                say_err!("note: shortcut `{id}` is not on the page: {reason}");
            }
            page.text
        }
        _ => export::switch_roles(&catalog),
    };
    match args.output {
        Some(path) => {
            std::fs::write(&path, &text)
                .map_err(|e| CliError::io(format!("write {}", path.display()), e))?;
            // Said on stderr: stdout stays the export's own (nothing, with --output).
            say_err!("Wrote {} ({} bytes).", path.display(), text.len());
            Ok(())
        }
        None => rolehop_core::base::terminal::Sanitized(std::io::stdout().lock())
            .write_all(text.as_bytes())
            .map_err(|e| CliError::io("write the export", e)),
    }
}
