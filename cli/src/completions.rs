//! `rolehop completions SHELL`: shell completion scripts from the clap definition.

use clap::CommandFactory;

use super::{Cli, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to print completions for.
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "rolehop", &mut std::io::stdout());
    Ok(())
}
