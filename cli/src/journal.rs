//! `rolehop journal`: the day's consoles per client (time in front, opens, renewals,
//! sign-outs) and what happened when, or the entries as CSV; `--on`, `--off`, `--keep-days`
//! and `--forget` set what is kept. `rolehop live`: which consoles are live now and since
//! when, and `--renew on|off`. Over `rolehop_core::live`.

use std::io::Write;

use rolehop_core::live::journal::{self, Query, duration, local_time};
use rolehop_core::live::registry;
use rolehop_core::live::settings::{LiveSettings, MAX_KEEP_DAYS};
use rolehop_core::system::Workspace;

use super::CliError;
use super::table::lines;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  rolehop journal                          today, per client, then each event
  rolehop journal --since 7d --client acme the last week of one client
  rolehop journal --since 2026-12-01 --csv > december.csv
  rolehop journal --keep-days 30           keep a month (default 90)
  rolehop journal --off                    keep no journal (--forget also deletes it)

The journal is local: <data dir>/journal.jsonl, never sent anywhere.")]
pub struct JournalArgs {
    /// From when: today (default), yesterday, 3h, 7d, 2026-12-01, 2026-12-01T09:00 (local).
    #[arg(long, default_value = "today")]
    since: String,
    /// One client (its id or its name).
    #[arg(long)]
    client: Option<String>,
    /// Every entry as CSV on stdout (times in UTC).
    #[arg(long)]
    csv: bool,
    /// Keep the journal (the default).
    #[arg(long, conflicts_with = "off")]
    on: bool,
    /// Keep no journal from now on.
    #[arg(long)]
    off: bool,
    /// Keep entries this many days.
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_KEEP_DAYS)))]
    keep_days: Option<u32>,
    /// Delete the journal kept so far.
    #[arg(long)]
    forget: bool,
}

pub fn run(args: JournalArgs) -> Result<(), CliError> {
    let ws = Workspace::from_env()?;
    let data_dir = &ws.paths.data_dir;
    if args.on || args.off || args.keep_days.is_some() || args.forget {
        let mut settings = LiveSettings::load(data_dir);
        if args.on || args.off {
            settings.journal = args.on;
        }
        if let Some(days) = args.keep_days {
            settings.keep_days = days;
        }
        settings
            .save(data_dir)
            .map_err(|e| CliError::io("save the journal settings", e))?;
        if args.forget {
            match std::fs::remove_file(journal::file(data_dir)) {
                Ok(()) => say_err!("Deleted the journal."),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    say_err!("There was no journal to delete.")
                }
                Err(e) => return Err(CliError::io("delete the journal", e)),
            }
        }
        say_err!(
            "The journal is {}; entries are kept {} days.",
            if settings.journal { "on" } else { "off" },
            settings.keep_days
        );
        return Ok(());
    }
    let since = journal::parse_since(&args.since, chrono::Local::now())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let all = journal::read(data_dir).map_err(|e| CliError::Failed(e.to_string()))?;
    let entries = journal::select(
        &all,
        &Query {
            since,
            client: args.client.clone(),
        },
    );
    if args.csv {
        // CSV's own line ends (CRLF); its fields hold no control characters.
        return write!(std::io::stdout().lock(), "{}", journal::csv(&entries))
            .map_err(|e| CliError::io("write the journal", e));
    }
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    let write = |out: &mut dyn Write, text: &str| {
        writeln!(out, "{text}").map_err(|e| CliError::io("write the journal", e))
    };
    if !LiveSettings::load(data_dir).journal {
        say_err!("The journal is off (`rolehop journal --on` keeps it again).");
    }
    if entries.is_empty() {
        say_err!(
            "Nothing in the journal since {}{}.",
            args.since,
            args.client
                .as_deref()
                .map(|c| format!(" for client {c}"))
                .unwrap_or_default()
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = journal::totals(&entries)
        .into_iter()
        .map(|t| {
            vec![
                t.client_name,
                duration(t.in_front),
                if t.production_in_front > 0 {
                    duration(t.production_in_front)
                } else {
                    "-".into()
                },
                t.opened.to_string(),
                t.renewed.to_string(),
                t.signed_out.to_string(),
                t.shortcuts.join(", "),
            ]
        })
        .collect();
    for line in lines(
        &[
            "CLIENT",
            "IN FRONT",
            "OF WHICH PRODUCTION",
            "OPENED",
            "RENEWED",
            "SIGNED OUT",
            "SHORTCUTS",
        ],
        &rows,
    ) {
        write(&mut out, &line)?;
    }
    write(&mut out, "")?;
    let events: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                local_time(e.at),
                e.event.as_str().to_string(),
                e.client_name.clone(),
                e.shortcut.clone(),
                e.account.clone(),
                e.seconds.map(duration).unwrap_or_default(),
            ]
        })
        .collect();
    for line in lines(
        &["TIME", "EVENT", "CLIENT", "SHORTCUT", "ACCOUNT", "FOR"],
        &events,
    ) {
        write(&mut out, &line)?;
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct LiveArgs {
    /// Renew consoles in their tab before their credentials end (on, the default), or leave
    /// it to the tray's Renew offer (off).
    #[arg(long, value_parser = ["on", "off"])]
    renew: Option<String>,
}

pub fn run_live(args: LiveArgs) -> Result<(), CliError> {
    let ws = Workspace::from_env()?;
    let data_dir = &ws.paths.data_dir;
    let mut settings = LiveSettings::load(data_dir);
    if let Some(renew) = args.renew {
        settings.renew_in_place = renew == "on";
        settings
            .save(data_dir)
            .map_err(|e| CliError::io("save the live-console settings", e))?;
    }
    let live = registry::list(data_dir);
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    let rows: Vec<Vec<String>> = live
        .iter()
        .map(|l| {
            let tabs = registry::ask(data_dir, &l.shortcut, "tabs")
                .ok()
                .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or_else(|| "?".into());
            vec![l.shortcut.clone(), local_time(l.since), tabs]
        })
        .collect();
    if rows.is_empty() {
        say_err!("No console is live (open in a Chromium-family browser Rolehop started).");
    } else {
        for line in lines(&["SHORTCUT", "LIVE SINCE", "CONSOLE TABS"], &rows) {
            writeln!(out, "{line}").map_err(|e| CliError::io("write the list", e))?;
        }
    }
    say_err!(
        "Consoles are {}renewed in place before their credentials end (`rolehop live --renew {}`).",
        if settings.renew_in_place { "" } else { "not " },
        if settings.renew_in_place { "off" } else { "on" }
    );
    Ok(())
}
