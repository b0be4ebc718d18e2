//! The quick switcher's search: fuzzy matching (nucleo-matcher, the matcher of the Helix
//! editor) over each shortcut's client, label, account id, role, tags and id. Built once per
//! catalog, then searched per keystroke. Ties go to the more recently used shortcut; an empty
//! query lists pinned, then recently used, then catalog order.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use crate::base::usage::Usage;
use crate::catalog::Catalog;

struct Entry {
    id: String,
    haystack: Utf32String,
    /// Where each searched field starts in `haystack` (in characters), in [`FIELDS`] order.
    starts: [u32; 7],
    pinned: bool,
    order: usize,
}

/// The searched fields, in the order the haystack joins them.
const FIELDS: usize = 7;

/// The characters a query matched, per field as the switcher shows it (character indices
/// into each field's text), for highlighting. Crosses IPC as it is (the switcher's rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Marks {
    pub client_name: Vec<u32>,
    pub label: Vec<u32>,
    pub account: Vec<u32>,
    pub role: Vec<u32>,
    pub tags: Vec<u32>,
    pub id: Vec<u32>,
}

/// What the switcher searches.
pub struct SwitcherIndex {
    entries: Vec<Entry>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: String,
    pub score: u32,
    pub marks: Marks,
}

impl SwitcherIndex {
    pub fn new(catalog: &Catalog) -> Self {
        let client_names: std::collections::HashMap<&str, &str> = catalog
            .clients
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect();
        let entries = catalog
            .shortcuts
            .iter()
            .enumerate()
            .map(|(order, s)| {
                let role = s.role.rsplit(['/', ':']).next().unwrap_or(&s.role);
                let account = s
                    .account
                    .clone()
                    .unwrap_or_else(|| s.role.split(':').nth(4).unwrap_or_default().to_string());
                let tags = s.tags.join(" ");
                let fields: [&str; FIELDS] = [
                    client_names
                        .get(s.client.as_str())
                        .copied()
                        .unwrap_or(&s.client),
                    &s.client,
                    s.label.as_deref().unwrap_or(&s.id),
                    &account,
                    role,
                    &tags,
                    &s.id,
                ];
                let mut starts = [0u32; FIELDS];
                let mut at = 0u32;
                for (i, f) in fields.iter().enumerate() {
                    starts[i] = at;
                    at += u32::try_from(f.chars().count()).unwrap_or(u32::MAX / 8) + 1;
                }
                Entry {
                    id: s.id.clone(),
                    haystack: Utf32String::from(fields.join(" ").as_str()),
                    starts,
                    pinned: s.pinned,
                    order,
                }
            })
            .collect();
        Self { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` matches for `query`.
    pub fn search(&self, query: &str, limit: usize, usage: &Usage) -> Vec<Hit> {
        let recency = |id: &str| usage.last_used(id).unwrap_or(i64::MIN);
        if query.trim().is_empty() {
            let mut all: Vec<&Entry> = self.entries.iter().collect();
            all.sort_by(|a, b| {
                b.pinned
                    .cmp(&a.pinned)
                    .then(recency(&b.id).cmp(&recency(&a.id)))
                    .then(a.order.cmp(&b.order))
            });
            return all
                .into_iter()
                .take(limit)
                .map(|e| Hit {
                    id: e.id.clone(),
                    score: 0,
                    marks: Marks::default(),
                })
                .collect();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut hits: Vec<(&Entry, u32, i64)> = self
            .entries
            .iter()
            .filter_map(|e| {
                pattern
                    .score(e.haystack.slice(..), &mut matcher)
                    .map(|s| (e, s, recency(&e.id)))
            })
            .collect();
        let order = |(a, sa, ra): &(&Entry, u32, i64), (b, sb, rb): &(&Entry, u32, i64)| {
            sb.cmp(sa).then(rb.cmp(ra)).then(a.order.cmp(&b.order))
        };
        // Only the best `limit` are shown: select them, then sort just those (a short query
        // matches nearly everything, and sorting thousands per keystroke shows).
        if limit == 0 {
            return Vec::new();
        }
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_by(order);
        let mut indices = Vec::new();
        hits.into_iter()
            .map(|(e, score, _)| {
                indices.clear();
                pattern.indices(e.haystack.slice(..), &mut matcher, &mut indices);
                Hit {
                    id: e.id.clone(),
                    score,
                    marks: marks(e, &mut indices),
                }
            })
            .collect()
    }
}

/// Haystack indices as per-field indices.
fn marks(e: &Entry, indices: &mut Vec<u32>) -> Marks {
    indices.sort_unstable();
    indices.dedup();
    let mut per = vec![Vec::new(); FIELDS];
    for &i in indices.iter() {
        // The last field starting at or before `i` holds it (separators match nothing shown).
        if let Some(f) = (0..FIELDS).rev().find(|&f| e.starts[f] <= i) {
            per[f].push(i - e.starts[f]);
        }
    }
    let mut take = |f: usize| std::mem::take(&mut per[f]);
    Marks {
        client_name: take(0),
        label: take(2),
        account: take(3),
        role: take(4),
        tags: take(5),
        id: take(6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        toml::from_str(
            r#"
[[identity]]
id = "me"
account = "111111111111"
[[client]]
id = "acme"
name = "Acme Corp"
[[client]]
id = "beta"
name = "Beta GmbH"
[[shortcut]]
id = "acme-prod"
client = "acme"
label = "Production"
account = "222222222222"
role = "Admin"
tags = ["eu", "critical"]
[[shortcut]]
id = "acme-stage"
client = "acme"
label = "Staging"
account = "333333333333"
role = "ReadOnly"
[[shortcut]]
id = "beta-prod"
client = "beta"
label = "Production"
account = "444444444444"
role = "arn:aws:iam::444444444444:role/ops/Admin"
pinned = true
"#,
        )
        .unwrap()
    }

    fn ids(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn finds_by_client_label_account_role_and_tags() {
        let index = SwitcherIndex::new(&catalog());
        let usage = Usage::default();
        let table: &[(&str, &str)] = &[
            ("acme prod", "acme-prod"),
            ("3333", "acme-stage"),
            ("beta gmbh", "beta-prod"),
            ("readonly", "acme-stage"),
            ("critical", "acme-prod"),
            ("stg", "acme-stage"),
            ("44444444", "beta-prod"),
        ];
        for (query, first) in table {
            let hits = index.search(query, 5, &usage);
            assert_eq!(
                hits.first().map(|h| h.id.as_str()),
                Some(*first),
                "{query}: {hits:?}"
            );
        }
        assert!(index.search("zzzz", 5, &usage).is_empty());
    }

    #[test]
    fn matched_characters_are_marked_in_the_fields_shown() {
        let index = SwitcherIndex::new(&catalog());
        let usage = Usage::default();
        let marks = |q: &str| index.search(q, 1, &usage).remove(0).marks;
        let m = marks("3333");
        assert_eq!(m.account.len(), 4, "{m:?}");
        assert!(m.account.iter().all(|&i| i < 12), "{m:?}");
        assert!(m.label.is_empty() && m.client_name.is_empty(), "{m:?}");
        let m = marks("critical");
        assert_eq!(m.tags, (3..11).collect::<Vec<u32>>(), "{m:?}");
        // Each word of the query matches on its own, where it matches best.
        let m = marks("acme corp");
        assert!(m.client_name.ends_with(&[5, 6, 7, 8]), "{m:?}");
        // An empty query marks nothing.
        assert_eq!(index.search("", 1, &usage)[0].marks, Marks::default());
    }

    #[test]
    fn empty_query_lists_pinned_then_recent_then_catalog_order() {
        let index = SwitcherIndex::new(&catalog());
        let mut usage = Usage::default();
        usage.last_used.insert("acme-stage".into(), 100);
        assert_eq!(
            ids(&index.search("", 10, &usage)),
            vec!["beta-prod", "acme-stage", "acme-prod"]
        );
        // Equal scores: the recently used one first.
        let mut twins = catalog();
        for (id, account) in [("twin-a", "555555555555"), ("twin-b", "666666666666")] {
            twins.shortcuts.push(crate::catalog::Shortcut {
                id: id.into(),
                client: "acme".into(),
                label: Some("Sandbox".into()),
                account: Some(account.into()),
                role: "Admin".into(),
                ..Default::default()
            });
        }
        let index = SwitcherIndex::new(&twins);
        let hits = index.search("sandbox", 10, &usage);
        assert_eq!(ids(&hits), vec!["twin-a", "twin-b"]);
        assert_eq!(hits[0].score, hits[1].score);
        usage.last_used.insert("twin-b".into(), 300);
        assert_eq!(
            ids(&index.search("sandbox", 10, &usage)),
            vec!["twin-b", "twin-a"]
        );
    }

    #[test]
    fn the_best_few_are_the_head_of_the_full_ranking() {
        let mut text = String::from(
            "schema_version = 1\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n[[client]]\nid = \"acme\"\nname = \"Acme\"\n",
        );
        for i in 0..300 {
            text.push_str(&format!(
                "[[shortcut]]\nid = \"acme-{i}\"\nclient = \"acme\"\naccount = \"{:012}\"\nrole = \"Role{}\"\n",
                200_000_000_000u64 + i,
                i % 7
            ));
        }
        let catalog: Catalog = toml::from_str(&text).unwrap();
        let index = SwitcherIndex::new(&catalog);
        let mut usage = Usage::default();
        usage.last_used.insert("acme-250".into(), 100);
        usage.last_used.insert("acme-3".into(), 50);
        for query in ["a", "acme 2", "role3", "2000"] {
            let all = index.search(query, 1000, &usage);
            for limit in [1, 5, 50] {
                let few = index.search(query, limit, &usage);
                assert_eq!(few, all[..limit.min(all.len())], "{query} {limit}");
            }
        }
        assert!(index.search("a", 0, &usage).is_empty());
    }
}
