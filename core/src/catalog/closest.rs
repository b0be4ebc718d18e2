//! The ids closest to one that is not in the catalog, for "did you mean" (an unknown shortcut
//! on the command line, in a link): a catalog of 150 accounts cannot be listed in a message.
//! Pure; ranked by Jaro-Winkler similarity (typos near the start weigh more, as in `acme-prdo`),
//! with ids that contain what was typed (`prod` → `acme-prod`) counting as close.

/// At most `n` ids of `known` close to `id`, closest first.
pub fn closest<'a>(id: &str, known: &'a [String], n: usize) -> Vec<&'a str> {
    let typed = id.to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .map(|k| {
            let lower = k.to_lowercase();
            let mut score = strsim::jaro_winkler(&typed, &lower);
            if typed.len() >= 3 && (lower.contains(&typed) || typed.contains(&lower)) {
                score = score.max(0.9);
            }
            (score, k.as_str())
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_and_parts_find_the_id_meant() {
        let mut known: Vec<String> = (0..150).map(|n| format!("client{n:03}-prod")).collect();
        known.extend(["acme-prod", "acme-dev", "globex-prod"].map(String::from));
        let table: &[(&str, &[&str])] = &[
            ("acme-prdo", &["acme-prod"]),
            ("acme-pro", &["acme-prod"]),
            ("ACME-PROD", &["acme-prod"]),
            ("globex", &["globex-prod"]),
            ("client007-prod", &["client007-prod"]),
            ("zzzz", &[]),
            ("", &[]),
        ];
        for (id, want) in table {
            let got = closest(id, &known, 3);
            assert!(
                want.iter().all(|w| got.contains(w)) && got.len() <= 3,
                "{id}: {got:?}"
            );
            if want.is_empty() {
                assert!(got.is_empty(), "{id}: {got:?}");
            } else {
                assert_eq!(got[0], want[0], "{id}: {got:?}");
            }
        }
    }
}
