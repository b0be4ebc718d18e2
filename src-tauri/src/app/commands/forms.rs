//! Form ↔ catalog conversion, in one place for the wizard and Settings: a form becomes a
//! catalog entry (`From`/`TryFrom`), an entry becomes the form that edits it, and the
//! catalog's own validation comes back as problems on the form's fields.

use rolehop_core::base::browser_kind::BrowserKind;
use rolehop_core::catalog::CatalogError;
use rolehop_core::catalog::duration::Seconds;
use rolehop_core::catalog::edit::CatalogDoc;
use rolehop_core::catalog::model::{Client, Shortcut};

use crate::app::ipc::{ClientForm, FieldProblem, IpcError, ShellErrorKind, ShortcutForm};

/// `external_id` -> `externalId`: the UI's field names.
pub(crate) fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub(super) fn blank(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// A browser choice as the catalog keeps it (its kind's name).
pub(super) fn browser_name(kind: Option<BrowserKind>) -> Option<String> {
    kind.map(|k| k.as_str().to_string())
}

/// The catalog's browser name as the forms carry it (a loaded catalog was validated: its
/// names are kinds).
pub(super) fn browser_kind(name: Option<&str>) -> Option<BrowserKind> {
    name.and_then(|n| BrowserKind::parse(n).ok())
}

impl From<&ClientForm> for Client {
    fn from(form: &ClientForm) -> Self {
        Client {
            id: form.id.trim().to_string(),
            name: form.name.trim().to_string(),
            // "red" or `D13212` as the catalog keeps it; anything else as typed, for the
            // catalog's rule to say what is wrong.
            color: blank(form.color.clone())
                .map(|c| rolehop_core::catalog::colors::parse_color(&c).unwrap_or(c)),
            notes: blank(form.notes.clone()),
            link: blank(form.link.clone()),
            browser: browser_name(form.browser),
        }
    }
}

impl TryFrom<&ShortcutForm> for Shortcut {
    type Error = IpcError;

    /// Every field problem at once (the duration; the session is typed); the rest is the
    /// catalog's to check.
    fn try_from(form: &ShortcutForm) -> Result<Self, IpcError> {
        let mut problems = Vec::new();
        let duration = match blank(form.duration.clone()) {
            Some(text) => match Seconds::parse(&text) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(FieldProblem {
                        field: "duration".into(),
                        message: e.to_string(),
                    });
                    None
                }
            },
            None => None,
        };
        let session = form.session;
        if !problems.is_empty() {
            return Err(IpcError::fields("some fields need a fix", problems));
        }
        Ok(Shortcut {
            id: form.id.trim().to_string(),
            client: form.client.trim().to_string(),
            label: blank(form.label.clone()),
            account: blank(form.account.clone()),
            role: form.role.trim().to_string(),
            identity: blank(form.identity.clone()),
            via: blank(form.via.clone()),
            region: blank(form.region.clone()),
            destination: blank(form.destination.clone()),
            session,
            duration,
            external_id: blank(form.external_id.clone()),
            browser: browser_name(form.browser),
            pinned: form.pinned,
            tags: form
                .tags
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
        })
    }
}

impl From<&Client> for ClientForm {
    fn from(c: &Client) -> Self {
        ClientForm {
            id: c.id.clone(),
            name: c.name.clone(),
            color: c.color.clone(),
            notes: c.notes.clone(),
            link: c.link.clone(),
            browser: browser_kind(c.browser.as_deref()),
        }
    }
}

impl From<&Shortcut> for ShortcutForm {
    fn from(s: &Shortcut) -> Self {
        ShortcutForm {
            id: s.id.clone(),
            client: s.client.clone(),
            label: s.label.clone(),
            account: s.account.clone(),
            role: s.role.clone(),
            identity: s.identity.clone(),
            via: s.via.clone(),
            region: s.region.clone(),
            destination: s.destination.clone(),
            session: s.session,
            duration: s.duration.map(|d| d.to_string()),
            external_id: s.external_id.clone(),
            browser: browser_kind(s.browser.as_deref()),
            pinned: s.pinned,
            tags: s.tags.clone(),
        }
    }
}

/// The catalog's own validation, as problems on the form's fields. Problems elsewhere in the
/// file (not this entry's) are reported without a field.
pub(super) fn as_fields(section: &str, id: &str, e: CatalogError) -> IpcError {
    match e {
        CatalogError::EditRejected { issues, .. } => {
            let prefix = format!("{section}[{id}].");
            let fields = issues
                .iter()
                .map(|i| FieldProblem {
                    field: i.key.strip_prefix(&prefix).map(camel).unwrap_or_default(),
                    message: match &i.example {
                        Some(ex) => format!("{} (for example: {})", i.message, form_text(ex)),
                        None => i.message.clone(),
                    },
                })
                .collect();
            IpcError::fields("the catalog would not be valid", fields)
        }
        CatalogError::AlreadyExists { what, id } => {
            let message = format!("a {what} `{id}` already exists: pick another id");
            IpcError::fields(
                message.clone(),
                vec![FieldProblem {
                    field: "id".into(),
                    message,
                }],
            )
        }
        other => rolehop_core::Error::from(other).into(),
    }
}

/// Examples are written for the catalog file, where text is quoted (`"012345678901"`); a form
/// field takes the text alone, so its advice shows it without the file's quotes.
fn form_text(example: &str) -> &str {
    example
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(example)
}

/// A form check answers with its problems; only failures unrelated to the form are errors.
/// What saving an entry would say, field by field (the one check behind every form's
/// "check" command): `change` is previewed on the catalog, nothing is written, and a refusal
/// becomes the form's field problems through `fields` (a section's own mapping).
pub(super) fn previewed(
    change: impl FnOnce(&mut CatalogDoc) -> Result<(), CatalogError>,
    fields: impl FnOnce(CatalogError) -> IpcError,
) -> Result<Vec<FieldProblem>, IpcError> {
    match super::store()?.preview(|doc, _| change(doc)) {
        Ok(_) => Ok(Vec::new()),
        Err(e) => field_list(fields(e)),
    }
}

pub(super) fn field_list(e: IpcError) -> Result<Vec<FieldProblem>, IpcError> {
    if e.kind == ShellErrorKind::InvalidInput.into() {
        Ok(e.fields)
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rolehop_core::catalog::model::SessionMode;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect()),
            "[a-z0-9._-]{0,70}",
            Just("x".repeat(70_000)),
        ]
    }

    fn shortcut_form() -> impl Strategy<Value = ShortcutForm> {
        (
            (
                text(),
                text(),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            (
                text(),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            (proptest::option::of(text()), proptest::option::of(text())),
            (
                proptest::option::of(proptest::sample::select(vec![
                    SessionMode::Daily,
                    SessionMode::Long,
                ])),
                proptest::option::of(text()),
            ),
            (
                proptest::option::of(text()),
                proptest::option::of(proptest::sample::select(BrowserKind::ALL.to_vec())),
            ),
            (any::<bool>(), proptest::collection::vec(text(), 0..4)),
        )
            .prop_map(
                |(
                    (id, client, label, account),
                    (role, identity, via),
                    (region, destination),
                    (session, duration),
                    (external_id, browser),
                    (pinned, tags),
                )| ShortcutForm {
                    id,
                    client,
                    label,
                    account,
                    role,
                    identity,
                    via,
                    region,
                    destination,
                    session,
                    duration,
                    external_id,
                    browser,
                    pinned,
                    tags,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The IPC argument types as the UI could send them (any text in any field): taking
        /// them apart, checking them against a catalog and mapping the problems back to form
        /// fields never panics.
        #[test]
        fn any_form_is_answered_never_panics(form in shortcut_form(), c in (text(), text(), proptest::option::of(text()), proptest::option::of(text()))) {
            let dir = tempfile::tempdir().unwrap();
            let store = rolehop_core::catalog::CatalogStore::new(dir.path().join("catalog.toml"));
            let client = Client::from(&ClientForm {
                id: c.0,
                name: c.1,
                color: c.2,
                notes: None,
                link: c.3,
                browser: None,
            });
            if let Err(e) = store.preview(|doc, _| doc.add_client(&client, false)) {
                let _ = as_fields("client", &client.id, e);
            }
            if let Ok(shortcut) = Shortcut::try_from(&form)
                && let Err(e) = store.preview(|doc, _| doc.add_shortcut(&shortcut, true))
            {
                let _ = as_fields("shortcut", &shortcut.id, e);
            }
            // And as JSON the UI could send, well-formed or not.
            let json = serde_json::json!({"id": form.id, "client": form.client, "role": form.role, "pinned": form.pinned, "tags": form.tags});
            let _ = serde_json::from_value::<ShortcutForm>(json);
        }
    }

    #[test]
    fn a_colour_is_taken_by_name_or_hex() {
        let client = |color: &str| {
            Client::from(&ClientForm {
                id: "acme".into(),
                name: "Acme".into(),
                color: Some(color.into()),
                notes: None,
                link: None,
                browser: None,
            })
            .color
        };
        assert_eq!(client("Red").as_deref(), Some("#d13212"));
        assert_eq!(client("D13212").as_deref(), Some("#d13212"));
        // Anything else stays as typed, for the catalog's rule to name.
        assert_eq!(client("rouge").as_deref(), Some("rouge"));
        assert_eq!(client("  ").as_deref(), None);
    }

    #[test]
    fn field_names_become_the_ui_names() {
        assert_eq!(camel("external_id"), "externalId");
        assert_eq!(camel("account"), "account");
        assert_eq!(camel("mfa_serial"), "mfaSerial");
    }

    #[test]
    fn catalog_issues_land_on_the_form_fields() {
        let e = CatalogError::EditRejected {
            file: "c.toml".into(),
            issues: vec![
                rolehop_core::catalog::Issue {
                    line: 3,
                    column: 1,
                    key: "shortcut[x].external_id".into(),
                    message: "too short".into(),
                    example: Some("\"abc\"".into()),
                },
                rolehop_core::catalog::Issue {
                    line: 9,
                    column: 1,
                    key: "client[other].color".into(),
                    message: "not a colour".into(),
                    example: None,
                },
            ],
        };
        let err = as_fields("shortcut", "x", e);
        assert_eq!(err.kind, ShellErrorKind::InvalidInput.into());
        assert_eq!(err.fields[0].field, "externalId");
        // The file's quoting is not the form's: the advice shows the text to type.
        assert!(
            err.fields[0].message.ends_with("(for example: abc)"),
            "{}",
            err.fields[0].message
        );
        assert_eq!(err.fields[1].field, "");
    }

    #[test]
    fn a_bad_duration_is_a_field_problem() {
        let form = ShortcutForm {
            id: "x".into(),
            client: "acme".into(),
            label: None,
            account: Some("222222222222".into()),
            role: "Admin".into(),
            identity: None,
            via: None,
            region: None,
            destination: None,
            session: None,
            duration: Some("soon".into()),
            external_id: None,
            browser: None,
            pinned: false,
            tags: vec![" ".into()],
        };
        let err = Shortcut::try_from(&form)
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["duration"]);
    }
}
