//! `rolehop list [--json]`: the shortcuts, as a table for people or JSON for scripts.

use std::io::Write;

use rolehop_core::catalog::resolve::{Lookup, Source};
use rolehop_core::sources::layers::Layered;

use super::CliError;
use rolehop_core::system::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array (id, client, label, account, role, region, session, source, …).
    #[arg(long)]
    json: bool,
    /// Show where each shortcut comes from (personal or a layer), the layers' state, and
    /// entries defined twice (conflicts).
    #[arg(long)]
    sources: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let layered = ctx.layered()?;
    let catalog = &layered.catalog;
    let lookup = Lookup::new(catalog);
    let mut rows = Vec::new();
    for shortcut in &catalog.shortcuts {
        let r = lookup.resolve(&shortcut.id)?;
        rows.push(serde_json::json!({
            "id": r.id,
            "client": r.client,
            "client_name": r.client_name,
            "label": r.label,
            "account": r.account,
            "role": r.role_name,
            "role_arn": r.role_arn,
            "region": r.region,
            "session": r.session.as_str(),
            "identity": r.identity,
            "via": match &r.source { Source::Via(v) => Some(v.clone()), Source::Identity(_) => None },
            "destination": r.destination,
            "pinned": r.pinned,
            "tags": shortcut.tags,
            "production": r.production,
            "source": layered.origin(rolehop_core::catalog::model::EntryKind::Shortcut, &r.id),
            "source_file": source_file(&layered, &r.id).unwrap_or_else(|| ctx.store.path().display().to_string()),
        }));
    }
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    let write_err = |e| CliError::io("write the list", e);
    if args.json && args.sources {
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "shortcuts": rows,
            "layers": layered.layers,
            "conflicts": layered.conflicts,
        }))
        .unwrap_or_else(|_| "{}".into());
        return writeln!(out, "{text}").map_err(write_err);
    }
    if args.json {
        let text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
        return writeln!(out, "{text}").map_err(write_err);
    }
    if rows.is_empty() {
        let hint = if catalog.identities.is_empty() {
            "run `rolehop setup` to store your keys, then `rolehop add client` and `rolehop add shortcut`"
        } else {
            "add one with `rolehop add shortcut ID --client C --account 222222222222 --role NAME`"
        };
        return writeln!(out, "No shortcuts yet: {hint}.").map_err(write_err);
    }
    let mut headers = vec![
        "ID", "CLIENT", "LABEL", "ACCOUNT", "ROLE", "REGION", "SESSION",
    ];
    if args.sources {
        headers.push("SOURCE");
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            let session = match r["via"].as_str() {
                Some(via) => format!("via {via}"),
                None => s("session"),
            };
            let mut row = vec![
                s("id"),
                s("client_name"),
                s("label"),
                s("account"),
                s("role"),
                s("region"),
                session,
            ];
            if args.sources {
                row.push(s("source"));
            }
            row
        })
        .collect();
    for line in super::table::lines(&headers, &cells) {
        writeln!(out, "{line}").map_err(write_err)?;
    }
    if args.sources {
        print_sources(&mut out, &layered, &ctx).map_err(write_err)?;
    }
    Ok(())
}

fn source_file(layered: &Layered, id: &str) -> Option<String> {
    let origin = layered.origin(rolehop_core::catalog::model::EntryKind::Shortcut, id);
    layered
        .layers
        .iter()
        .find(|l| l.layer == origin && l.problem.is_none() && l.entries > 0)
        .map(|l| l.file.clone())
}

fn print_sources(out: &mut impl Write, layered: &Layered, ctx: &Workspace) -> std::io::Result<()> {
    writeln!(out, "\nSources:")?;
    writeln!(out, "  personal  {}", ctx.store.path().display())?;
    for l in &layered.layers {
        match &l.problem {
            None => writeln!(out, "  {}  {}  ({} entries)", l.layer, l.file, l.entries)?,
            Some(p) => writeln!(out, "  {}  NOT USED: {p}", l.layer)?,
        }
    }
    if !layered.conflicts.is_empty() {
        writeln!(out, "\nConflicts (the first wins):")?;
        for c in &layered.conflicts {
            writeln!(
                out,
                "  {} `{}`: {} is used, {} is ignored",
                c.kind, c.id, c.kept, c.ignored
            )?;
        }
    }
    Ok(())
}
