//! Settings' Sources forms ↔ the catalog's `[[layer]]` and `[[discovery]]` entries, and the
//! catalog's problems with them as problems on the forms' fields.

use rolehop_core::catalog::CatalogError;
use rolehop_core::catalog::{DiscoverySpec, LayerSpec};

use super::forms::{as_fields, blank};
use crate::app::ipc::{DiscoveryForm, IpcError, LayerForm};

/// A location that reads as a web address is a URL layer (the catalog's rule then says
/// whether it may be fetched: https, or http to this machine); anything else is a path.
fn is_web_address(location: &str) -> bool {
    let lower = location.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

impl From<&LayerForm> for LayerSpec {
    fn from(form: &LayerForm) -> Self {
        let location = form.location.trim().to_string();
        let (path, url) = match location.as_str() {
            "" => (None, None),
            l if is_web_address(l) => (None, Some(location)),
            _ => (Some(location), None),
        };
        LayerSpec {
            id: form.id.trim().to_string(),
            path,
            url,
        }
    }
}

impl From<&LayerSpec> for LayerForm {
    fn from(l: &LayerSpec) -> Self {
        LayerForm {
            id: l.id.clone(),
            location: l.url.clone().or_else(|| l.path.clone()).unwrap_or_default(),
        }
    }
}

impl From<&DiscoveryForm> for DiscoverySpec {
    fn from(form: &DiscoveryForm) -> Self {
        DiscoverySpec {
            id: form.id.trim().to_string(),
            via: form.via.trim().to_string(),
            identity: blank(form.identity.clone()),
            role: blank(form.role.clone()),
            group_by: blank(form.group_by.clone()),
            region: blank(form.region.clone()),
        }
    }
}

impl From<&DiscoverySpec> for DiscoveryForm {
    fn from(d: &DiscoverySpec) -> Self {
        DiscoveryForm {
            id: d.id.clone(),
            via: d.via.clone(),
            identity: d.identity.clone(),
            role: d.role.clone(),
            group_by: d.group_by.clone(),
            region: d.region.clone(),
        }
    }
}

/// The catalog's problems with a layer, on the form: its `path` and `url` are one field.
pub(super) fn layer_fields(id: &str, e: CatalogError) -> IpcError {
    let mut err = as_fields("layer", id, e);
    for f in &mut err.fields {
        if f.field == "path" || f.field == "url" {
            f.field = "location".into();
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(location: &str) -> LayerSpec {
        LayerSpec::from(&LayerForm {
            id: " team ".into(),
            location: location.into(),
        })
    }

    #[test]
    fn a_location_is_a_url_or_a_path() {
        let rows = [
            (
                "https://git.example.com/c.toml",
                None,
                Some("https://git.example.com/c.toml"),
            ),
            (
                "HTTPS://git.example.com/c.toml",
                None,
                Some("HTTPS://git.example.com/c.toml"),
            ),
            (
                "http://127.0.0.1:8080/c.toml",
                None,
                Some("http://127.0.0.1:8080/c.toml"),
            ),
            ("~/src/team-catalog", Some("~/src/team-catalog"), None),
            (" /srv/catalog.toml ", Some("/srv/catalog.toml"), None),
            // Not fetched: the catalog's rule refuses it, on the location field.
            (
                "ftp://example.com/c.toml",
                Some("ftp://example.com/c.toml"),
                None,
            ),
            ("", None, None),
        ];
        for (location, path, url) in rows {
            let spec = layer(location);
            assert_eq!(spec.id, "team");
            assert_eq!(spec.path.as_deref(), path, "{location}");
            assert_eq!(spec.url.as_deref(), url, "{location}");
            let back = LayerForm::from(&spec);
            assert_eq!(back.location, location.trim());
        }
    }

    #[test]
    fn empty_discovery_fields_are_left_out() {
        let spec = DiscoverySpec::from(&DiscoveryForm {
            id: "org".into(),
            via: " acme-mgmt ".into(),
            identity: Some(" ".into()),
            role: Some("  ".into()),
            group_by: Some("tag:client".into()),
            region: None,
        });
        assert_eq!(spec.via, "acme-mgmt");
        assert_eq!(spec.identity, None);
        assert_eq!(spec.role, None);
        assert_eq!(spec.group_by.as_deref(), Some("tag:client"));
        assert_eq!(
            DiscoveryForm::from(&spec).group_by.as_deref(),
            Some("tag:client")
        );
    }

    #[test]
    fn path_and_url_problems_land_on_the_location() {
        let e = CatalogError::EditRejected {
            file: "c.toml".into(),
            issues: vec![rolehop_core::catalog::Issue {
                line: 3,
                column: 1,
                key: "layer[team].url".into(),
                message: "must be https".into(),
                example: None,
            }],
        };
        assert_eq!(layer_fields("team", e).fields[0].field, "location");
    }
}
