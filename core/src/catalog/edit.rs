//! Edits of the catalog file through toml_edit, so the person's comments, blank lines and
//! order survive. An entry that is replaced keeps its place and the comments above it.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::CatalogError;
use super::model::{Client, Identity, Shortcut};

/// The template a new catalog file starts from.
pub const NEW_FILE: &str = "# Rolehop catalog: identities, clients and shortcuts. It holds no secrets\n# (keys live in the OS keychain). Edit it by hand or with `rolehop add …`;\n# Rolehop keeps your comments and order when it saves.\nschema_version = 1\n";

/// The catalog document being edited.
pub struct CatalogDoc {
    doc: DocumentMut,
    /// Where each id is in its section, built on first use and kept up to date by appends:
    /// an import of 10,000 shortcuts is 10,000 lookups, not 10,000 passes over the file.
    /// Dropped for a section whenever its entries move (a removal).
    index: std::collections::HashMap<String, std::collections::HashMap<String, usize>>,
}

impl CatalogDoc {
    pub fn parse(text: &str) -> Result<Self, toml_edit::TomlError> {
        text.parse::<DocumentMut>().map(|doc| Self {
            doc,
            index: std::collections::HashMap::new(),
        })
    }

    pub fn to_text(&self) -> String {
        self.doc.to_string()
    }

    fn section(&mut self, name: &str) -> &mut ArrayOfTables {
        let item = self
            .doc
            .as_table_mut()
            .entry(name)
            .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
        if !item.is_array_of_tables() {
            *item = Item::ArrayOfTables(ArrayOfTables::new());
            self.index.remove(name);
        }
        match item {
            Item::ArrayOfTables(aot) => aot,
            // Replaced by an array of tables just above.
            _ => unreachable!("catalog section `{name}` is an array of tables"),
        }
    }

    fn position(&mut self, section: &str, id: &str) -> Option<usize> {
        if !self.index.contains_key(section) {
            let mut at = std::collections::HashMap::new();
            if let Some(aot) = self.doc.get(section).and_then(Item::as_array_of_tables) {
                for (i, t) in aot.iter().enumerate() {
                    if let Some(id) = t.get("id").and_then(|v| v.as_str()) {
                        // The first of a repeated id, as a search from the top finds it.
                        at.entry(id.to_string()).or_insert(i);
                    }
                }
            }
            self.index.insert(section.to_string(), at);
        }
        self.index.get(section).and_then(|at| at.get(id)).copied()
    }

    fn upsert<T: serde::Serialize>(
        &mut self,
        section: &str,
        what: &'static str,
        id: &str,
        value: &T,
        replace: bool,
    ) -> Result<(), CatalogError> {
        let new_table = to_table(value);
        match self.position(section, id) {
            Some(_) if !replace => Err(CatalogError::AlreadyExists {
                what,
                id: id.to_string(),
            }),
            Some(i) => {
                if let Some(existing) = self.section(section).get_mut(i) {
                    merge_into(existing, &new_table);
                }
                Ok(())
            }
            None => {
                let aot = self.section(section);
                aot.push(new_table);
                let at = aot.len() - 1;
                if let Some(index) = self.index.get_mut(section) {
                    index.insert(id.to_string(), at);
                }
                Ok(())
            }
        }
    }

    /// Sets the top-level default browser kind.
    pub fn set_default_browser(&mut self, kind: &str) -> Result<(), CatalogError> {
        self.set_top_level("browser", kind);
        Ok(())
    }

    /// Sets how Chromium-family consoles are laid out (`profile_layout`).
    pub fn set_profile_layout(
        &mut self,
        layout: crate::base::browser_kind::ProfileLayout,
    ) -> Result<(), CatalogError> {
        self.set_top_level("profile_layout", layout.as_str());
        Ok(())
    }

    /// Sets a top-level string key, keeping the comment around it.
    fn set_top_level(&mut self, key: &str, text: &str) {
        let root = self.doc.as_table_mut();
        match root.get_mut(key).and_then(Item::as_value_mut) {
            Some(value) => {
                let decor = value.decor().clone();
                *value = toml_edit::Value::from(text);
                *value.decor_mut() = decor;
            }
            None => {
                // toml_edit writes a table's plain keys before its sub-tables, so this lands
                // above the first [[identity]].
                root.insert(key, toml_edit::value(text));
            }
        }
    }

    /// Adds or replaces an identity. When a second identity joins the only one, the shortcuts
    /// that relied on "the only identity" (neither `identity` nor `via`) are made to name it, so
    /// they keep opening exactly as before instead of becoming ambiguous.
    pub fn set_identity(&mut self, identity: &Identity) -> Result<(), CatalogError> {
        let existing = self.ids("identity");
        if let [sole] = existing.as_slice()
            && *sole != identity.id
            && let Some(shortcuts) = self
                .doc
                .get_mut("shortcut")
                .and_then(Item::as_array_of_tables_mut)
        {
            for table in shortcuts.iter_mut() {
                if !table.contains_key("identity") && !table.contains_key("via") {
                    table.insert("identity", toml_edit::value(sole.as_str()));
                }
            }
        }
        self.upsert("identity", "identity", &identity.id, identity, true)
    }

    pub fn add_client(&mut self, client: &Client, replace: bool) -> Result<(), CatalogError> {
        self.upsert("client", "client", &client.id, client, replace)
    }

    pub fn add_shortcut(&mut self, shortcut: &Shortcut, replace: bool) -> Result<(), CatalogError> {
        self.upsert("shortcut", "shortcut", &shortcut.id, shortcut, replace)
    }

    pub fn add_layer(
        &mut self,
        layer: &super::model::LayerSpec,
        replace: bool,
    ) -> Result<(), CatalogError> {
        self.upsert("layer", "layer", &layer.id, layer, replace)
    }

    pub fn remove_layer(&mut self, id: &str) -> Result<(), CatalogError> {
        self.remove("layer", "layer", id)
    }

    pub fn add_discovery(
        &mut self,
        discovery: &super::model::DiscoverySpec,
        replace: bool,
    ) -> Result<(), CatalogError> {
        self.upsert("discovery", "discovery", &discovery.id, discovery, replace)
    }

    pub fn remove_discovery(&mut self, id: &str) -> Result<(), CatalogError> {
        self.remove("discovery", "discovery", id)
    }

    fn ids_where(&self, section: &str, field: &str, value: &str) -> Vec<String> {
        self.doc
            .get(section)
            .and_then(Item::as_array_of_tables)
            .map(|aot| {
                aot.iter()
                    .filter(|t| t.get(field).and_then(|v| v.as_str()) == Some(value))
                    .filter_map(|t| t.get("id").and_then(|v| v.as_str()).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn ids(&self, section: &str) -> Vec<String> {
        self.doc
            .get(section)
            .and_then(Item::as_array_of_tables)
            .map(|aot| {
                aot.iter()
                    .filter_map(|t| t.get("id").and_then(|v| v.as_str()).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn remove(&mut self, section: &str, what: &'static str, id: &str) -> Result<(), CatalogError> {
        match self.position(section, id) {
            Some(i) => {
                self.section(section).remove(i);
                // Everything after it moved up.
                self.index.remove(section);
                Ok(())
            }
            None => Err(CatalogError::NotFound {
                what,
                id: id.to_string(),
                known: self.ids(section),
            }),
        }
    }

    pub fn remove_shortcut(&mut self, id: &str) -> Result<(), CatalogError> {
        self.remove("shortcut", "shortcut", id)
    }

    /// Removes a client; its shortcuts too only when `with_shortcuts`, otherwise refuses.
    pub fn remove_client(
        &mut self,
        id: &str,
        with_shortcuts: bool,
    ) -> Result<Vec<String>, CatalogError> {
        if self.position("client", id).is_none() {
            return Err(CatalogError::NotFound {
                what: "client",
                id: id.to_string(),
                known: self.ids("client"),
            });
        }
        let used_by = self.ids_where("shortcut", "client", id);
        if !used_by.is_empty() && !with_shortcuts {
            return Err(CatalogError::InUse {
                id: id.to_string(),
                used_by,
            });
        }
        for shortcut in &used_by {
            self.remove_shortcut(shortcut)?;
        }
        self.remove("client", "client", id)?;
        Ok(used_by)
    }
}

fn to_table<T: serde::Serialize>(value: &T) -> Table {
    match toml_edit::ser::to_document(value) {
        Ok(doc) => {
            let mut table = doc.as_table().clone();
            table.set_implicit(false);
            table.decor_mut().clear();
            table
        }
        Err(_) => Table::new(),
    }
}

/// Sets the new values on the existing table, keeping its keys' decorations and position,
/// then drops keys the new value no longer has.
fn merge_into(existing: &mut Table, new: &Table) {
    for (key, item) in new.iter() {
        match existing.get_mut(key) {
            Some(slot) => {
                let decor = slot.as_value().map(|v| v.decor().clone());
                *slot = item.clone();
                if let (Some(decor), Some(v)) = (decor, slot.as_value_mut()) {
                    *v.decor_mut() = decor;
                }
            }
            None => {
                existing.insert(key, item.clone());
            }
        }
    }
    let stale: Vec<String> = existing
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !new.contains_key(k))
        .collect();
    for key in stale {
        existing.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# my catalog\nschema_version = 1\n\n# the big one\n[[client]]\nid = \"acme\"   # keep me\nname = \"Acme\"\n\n[[client]]\nid = \"beta\"\nname = \"Beta\"\n";

    #[test]
    fn replace_keeps_comments_and_order() {
        let mut doc = CatalogDoc::parse(FILE).unwrap();
        let client = Client {
            id: "acme".into(),
            name: "Acme Corp".into(),
            color: Some("#d13212".into()),
            notes: None,
            link: None,
            browser: None,
        };
        assert!(matches!(
            doc.add_client(&client, false),
            Err(CatalogError::AlreadyExists { .. })
        ));
        doc.add_client(&client, true).unwrap();
        let text = doc.to_text();
        assert!(text.starts_with("# my catalog\n"), "{text}");
        assert!(
            text.contains(
                "# the big one\n[[client]]\nid = \"acme\"   # keep me\nname = \"Acme Corp\""
            ),
            "{text}"
        );
        assert!(text.find("acme") < text.find("beta"));
        assert!(text.contains("color = \"#d13212\""));
    }

    #[test]
    fn remove_client_refuses_while_in_use() {
        let text = format!(
            "{FILE}\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\nrole = \"Admin\"\n"
        );
        let mut doc = CatalogDoc::parse(&text).unwrap();
        assert!(matches!(
            doc.remove_client("acme", false),
            Err(CatalogError::InUse { .. })
        ));
        assert_eq!(
            doc.remove_client("acme", true).unwrap_or_default(),
            vec!["acme-prod".to_string()]
        );
        assert!(!doc.to_text().contains("acme"));
        assert!(doc.to_text().contains("# my catalog"));
        assert!(matches!(
            doc.remove_shortcut("nope"),
            Err(CatalogError::NotFound { .. })
        ));
    }

    #[test]
    fn the_default_browser_is_a_top_level_key() {
        let mut doc = CatalogDoc::parse(FILE).unwrap();
        doc.set_default_browser("firefox").unwrap();
        doc.set_default_browser("chromium").unwrap();
        doc.set_profile_layout(crate::base::browser_kind::ProfileLayout::Separate)
            .unwrap();
        let parsed: super::super::Catalog =
            toml::from_str(&doc.to_text()).unwrap_or_else(|e| panic!("{e}\n{}", doc.to_text()));
        assert_eq!(parsed.browser.as_deref(), Some("chromium"));
        assert_eq!(
            parsed.profile_layout,
            Some(crate::base::browser_kind::ProfileLayout::Separate)
        );
        assert_eq!(parsed.clients.len(), 2);
    }

    #[test]
    fn adds_to_a_fresh_file() {
        let mut doc = CatalogDoc::parse(NEW_FILE).unwrap();
        let s = Shortcut {
            id: "acme-prod".into(),
            client: "acme".into(),
            account: Some("222222222222".into()),
            role: "Admin".into(),
            ..Default::default()
        };
        doc.add_shortcut(&s, false).unwrap();
        let parsed: super::super::Catalog = toml::from_str(&doc.to_text()).unwrap();
        assert_eq!(parsed.shortcuts, vec![s]);
    }
}
