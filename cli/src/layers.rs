//! `rolehop layers`: the read-only team catalogs under the personal one. `add` and `remove`
//! change the personal catalog's `[[layer]]` entries; `refresh` fetches URL layers into their
//! cache (with the ETag, so unchanged files cost a 304); a plain `rolehop layers` shows each
//! layer file's state. Merging and checking are `rolehop_core::sources::layers`'.

use rolehop_core::sources::layers::LayerDirs;
use std::io::Write;

use rolehop_core::catalog::LayerSpec;
use rolehop_core::sources::layers::fetch::{self, Refreshed};

use super::CliError;
use rolehop_core::system::{Workspace, block_on};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Add a layer: a file, a directory of *.toml files (e.g. a team's git checkout), or an
    /// https URL.
    Add {
        /// A short name shown as the entries' origin.
        id: String,
        #[arg(long, conflicts_with = "url", required_unless_present = "url")]
        path: Option<String>,
        #[arg(long)]
        url: Option<String>,
    },
    /// Remove a layer (its entries disappear; nothing else changes).
    Remove { id: String },
    /// Fetch URL layers now; on failure the cached copy stays in use.
    Refresh,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    match args.action {
        None => show(&ctx),
        Some(Action::Add { id, path, url }) => {
            let spec = LayerSpec {
                id: id.clone(),
                path,
                url: url.clone(),
            };
            ctx.store.edit(|doc, _| doc.add_layer(&spec, false))?;
            say_err!("Added layer `{id}`.");
            if url.is_some() {
                refresh(&ctx)?;
            }
            show(&ctx)
        }
        Some(Action::Remove { id }) => {
            ctx.store.edit(|doc, _| doc.remove_layer(&id))?;
            say_err!("Removed layer `{id}`.");
            Ok(())
        }
        Some(Action::Refresh) => {
            refresh(&ctx)?;
            show(&ctx)
        }
    }
}

fn refresh(ctx: &Workspace) -> Result<(), CliError> {
    let personal = ctx.personal()?;
    let cache_dir = LayerDirs::of(&ctx.paths).cache_dir;
    let outcomes = block_on(fetch::refresh_all(&personal, &cache_dir))?
        .map_err(|e| CliError::Failed(format!("cannot start the HTTPS client: {e}")))?;
    let mut failed = 0;
    for (id, outcome) in &outcomes {
        failed += usize::from(matches!(outcome, Refreshed::Failed { .. }));
        say_err!("{id}: {}", outcome.describe());
    }
    if failed > 0 {
        return Err(CliError::Failed(format!(
            "{failed} layer{} could not be fetched",
            if failed == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

fn show(ctx: &Workspace) -> Result<(), CliError> {
    let layered = ctx.layered()?;
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    let w = |e| CliError::io("write the layers", e);
    if layered.layers.is_empty() {
        return writeln!(
            out,
            "No layers. Add a team catalog with `rolehop layers add team --path DIR` or `--url https://…`."
        )
        .map_err(w);
    }
    for l in &layered.layers {
        let state = match &l.problem {
            None => format!("{} entries", l.entries),
            Some(p) => format!("NOT USED: {p}"),
        };
        writeln!(out, "{:<16} {}\n{:<16} {state}", l.layer, l.file, "").map_err(w)?;
    }
    for c in &layered.conflicts {
        writeln!(
            out,
            "conflict: {} `{}` from {} is ignored ({} wins)",
            c.kind, c.id, c.ignored, c.kept
        )
        .map_err(w)?;
    }
    Ok(())
}
