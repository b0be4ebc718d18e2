//! `rolehop list [--json]`: the shortcuts, as a table for people or JSON for scripts.

use std::io::Write;

use rolehop_core::catalog::resolve::{Lookup, Source};

use super::CliError;
use super::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array (id, client, label, account, role, region, session, source, …).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Context::new()?;
    let catalog = ctx.catalog()?;
    let lookup = Lookup::new(&catalog);
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
            "source": "personal",
            "source_file": ctx.store.path().display().to_string(),
        }));
    }
    let mut out = std::io::stdout().lock();
    let write_err = |e| CliError::io("write the list", e);
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
    let headers = [
        "ID", "CLIENT", "LABEL", "ACCOUNT", "ROLE", "REGION", "SESSION",
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            let session = match r["via"].as_str() {
                Some(via) => format!("via {via}"),
                None => s("session"),
            };
            [
                s("id"),
                s("client"),
                s("label"),
                s("account"),
                s("role"),
                s("region"),
                session,
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cols: &[String]| {
        cols.iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&headers.map(String::from))).map_err(write_err)?;
    for row in &cells {
        writeln!(out, "{}", line(row)).map_err(write_err)?;
    }
    Ok(())
}
