//! The Import page's commands: the preview and the import of the rows kept ticked, through
//! the one import use case (`rolehop_core::use_cases::importing`) that `rolehop import` also runs.

use std::path::PathBuf;

use rolehop_core::broker::AwsSts;
use rolehop_core::sources::import::ClientNaming;
use rolehop_core::use_cases::importing::{Import, ImportSource};
use rolehop_core::vault::{OsKeychain, Vault};
use tauri::{AppHandle, Runtime};

use super::{blocking, rebuild_tray, store};
use crate::app::ipc::*;

/// Reads what the import page names and proposes what it holds (the one import use case,
/// shared with `rolehop import`).
fn import_read(input: &ImportInput) -> Result<Import, IpcError> {
    let pattern = input
        .client_pattern
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(rolehop_core::sources::import::naming::DEFAULT_PATTERN);
    let naming = ClientNaming::new(pattern).map_err(|e| {
        IpcError::fields(
            e.to_string(),
            vec![FieldProblem {
                field: "clientPattern".into(),
                message: e.to_string(),
            }],
        )
    })?;
    let path = input
        .path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let mut text = input.text.as_deref().unwrap_or_default().to_string();
    let mut name = "pasted text".to_string();
    let source = match input.format {
        ImportFormat::AwsConfig => ImportSource::AwsConfig {
            config: path.as_deref(),
            credentials: None,
        },
        ImportFormat::SwitchRoles => {
            if text.trim().is_empty() {
                return Err(IpcError::fields(
                    "paste the configuration first".to_string(),
                    vec![FieldProblem {
                        field: "text".into(),
                        message: "paste AWS Extend Switch Roles' configuration here".into(),
                    }],
                ));
            }
            ImportSource::SwitchRoles {
                name: &name,
                text: &text,
            }
        }
        ImportFormat::Links => {
            if let Some(file) = &path {
                text = rolehop_core::base::files::read_capped(
                    file,
                    rolehop_core::base::files::IMPORT_MAX_BYTES,
                    false,
                )
                .map_err(|e| {
                    let message = format!("cannot read {}: {e}", file.display());
                    IpcError::fields(
                        message.clone(),
                        vec![FieldProblem {
                            field: "path".into(),
                            message,
                        }],
                    )
                })?;
                name = file.display().to_string();
            } else if text.trim().is_empty() {
                return Err(IpcError::fields(
                    "name a file or paste a page first".to_string(),
                    vec![FieldProblem {
                        field: "text".into(),
                        message: "paste a page or bookmarks holding AWS switch-role links, or name the file above".into(),
                    }],
                ));
            }
            ImportSource::Links {
                name: &name,
                text: &text,
            }
        }
    };
    let mut import =
        Import::read(source, &naming).map_err(|e| IpcError::from(rolehop_core::Error::from(e)))?;
    let identity = input
        .identity
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty());
    if let (ImportFormat::Links, Some(identity)) = (input.format, identity) {
        import
            .for_identity(identity, &store()?.load()?)
            .map_err(|e| {
                let message = e.to_string();
                IpcError::fields(
                    message.clone(),
                    vec![FieldProblem {
                        field: "identity".into(),
                        message,
                    }],
                )
            })?;
    }
    Ok(import)
}

fn row_view(r: &rolehop_core::sources::import::Row) -> ImportRowView {
    ImportRowView {
        key: r.key(),
        kind: r.kind,
        id: r.id.clone(),
        from: r
            .origin
            .as_ref()
            .map(|o| format!("{}:{}", o.profile, o.line)),
        summary: r.summary.clone(),
        status: r.change.status(),
        detail: r.change.detail(),
        notes: r.notes.clone(),
        proposed_tags: r.proposed_tags.clone(),
        writable: r.would_write(false),
    }
}

/// The import page's preview: nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn import_preview(input: ImportInput) -> Result<ImportPreview, IpcError> {
    blocking(move || {
        let import = import_read(&input)?;
        let plan = import.preview(&store()?.load()?, input.move_keys);
        Ok(ImportPreview {
            source: import.source,
            rows: plan.rows.iter().map(row_view).collect(),
            skipped: plan
                .skipped
                .iter()
                .map(|s| SkippedView {
                    profile: s.origin.profile.clone(),
                    line: u32::try_from(s.origin.line).unwrap_or(0),
                    reason: s.reason.clone(),
                })
                .collect(),
        })
    })
    .await
}

/// Imports the rows the person kept ticked (by key); what they need comes with them. Each
/// proposed tag the person unticked (`declined`) is left out.
#[tauri::command]
#[specta::specta]
pub async fn import_apply<R: Runtime>(
    app: AppHandle<R>,
    input: ImportInput,
    accept: Vec<String>,
    declined: Vec<DeclinedTag>,
) -> Result<ImportApplied, IpcError> {
    let mut import = blocking({
        let input = input.clone();
        move || import_read(&input)
    })
    .await?;
    for d in &declined {
        // Read again here, so a declined tag the import no longer proposes is nothing to undo.
        import.proposal.decline_tag(&d.shortcut, &d.tag);
    }
    let accept: std::collections::HashSet<String> = accept.into_iter().collect();
    // Keys first (they make their identities known), then the catalog edit.
    if input.move_keys {
        import
            .move_keys(&store()?, &Vault::new(OsKeychain), &AwsSts::new(), &|r| {
                accept.contains(&r.key())
            })
            .await
            .map_err(|e| IpcError::core(e.kind(), e.to_string()))?;
    }
    blocking(move || {
        let (_, applied) = import.apply(&store()?, &|r| accept.contains(&r.key()), false)?;
        rebuild_tray(&app);
        Ok(ImportApplied {
            added: applied.added,
            replaced: applied.replaced,
        })
    })
    .await
}

/// The files on this machine with accounts to import (the AWS config, browsers' bookmarks
/// with switch-role links), for the wizard's and the empty screens' offers. Read only.
#[tauri::command]
#[specta::specta]
pub async fn import_found() -> Result<Vec<FoundImportView>, IpcError> {
    use rolehop_core::sources::import::found::FoundFormat;
    blocking(|| {
        Ok(rolehop_core::use_cases::importing::found_sources()
            .into_iter()
            .map(|f| FoundImportView {
                format: match f.format {
                    FoundFormat::AwsConfig => ImportFormat::AwsConfig,
                    FoundFormat::Bookmarks => ImportFormat::Links,
                },
                path: f.path.display().to_string(),
                name: f.name,
                shortcuts: u32::try_from(f.shortcuts).unwrap_or(u32::MAX),
                problem: f.problem,
            })
            .collect())
    })
    .await
}
