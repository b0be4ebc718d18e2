//! `rolehop export aws-config|switch-roles`: the catalog as other tools read it, on stdout
//! (or `--output FILE`). The text is `rolehop_core::sources::export`'s; it holds no secrets.

use std::io::Write;
use std::path::PathBuf;

use rolehop_core::sources::export;

use super::CliError;
use rolehop_core::system::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// aws-config: profiles with `credential_process = rolehop credential-process <shortcut>`
    /// (the AWS CLI and SDKs share Rolehop's keychain and MFA session); switch-roles: an AWS
    /// Extend Switch Roles configuration.
    #[arg(value_parser = ["aws-config", "switch-roles"])]
    format: String,
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
    let text = match args.format.as_str() {
        "aws-config" => export::aws_config(&catalog, &args.program),
        _ => export::switch_roles(&catalog),
    };
    match args.output {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| CliError::io(format!("write {}", path.display()), e)),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| CliError::io("write the export", e)),
    }
}
