//! Seeding a suite's catalog the way a person fills theirs: clients and shortcuts added with
//! `rolehop add`, so every suite goes through the same validation as a real edit. One entry
//! reads as what it is (`shortcut("acme-prod", "acme", "222222222222", "Admin").label("Production")`)
//! instead of a hand-written argument list. `TestEnv::seed` adds them.

/// A catalog entry to add.
#[derive(Debug, Clone)]
pub struct Entry {
    args: Vec<String>,
}

/// A client with its display name.
pub fn client(id: &str, name: &str) -> Entry {
    Entry {
        args: ["add", "client", id, "--name", name]
            .map(String::from)
            .to_vec(),
    }
}

/// A shortcut to `role` in `account` for `client`.
pub fn shortcut(id: &str, client: &str, account: &str, role: &str) -> Entry {
    Entry {
        args: [
            "add",
            "shortcut",
            id,
            "--client",
            client,
            "--account",
            account,
            "--role",
            role,
        ]
        .map(String::from)
        .to_vec(),
    }
}

impl Entry {
    /// `--color` (clients).
    pub fn color(self, color: &str) -> Self {
        self.with(&["--color", color])
    }

    /// `--label` (shortcuts).
    pub fn label(self, label: &str) -> Self {
        self.with(&["--label", label])
    }

    /// `--pinned` (shortcuts).
    pub fn pinned(self) -> Self {
        self.with(&["--pinned"])
    }

    /// `--replace`: the entry replaces one of the same id.
    pub fn replace(self) -> Self {
        self.with(&["--replace"])
    }

    /// Any other options of `rolehop add`.
    pub fn with(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// The `rolehop` arguments that add it.
    pub fn args(&self) -> Vec<&str> {
        self.args.iter().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_the_cli_arguments_a_person_would_type() {
        assert_eq!(
            shortcut("acme-prod", "acme", "222222222222", "Admin")
                .label("Production")
                .pinned()
                .args(),
            [
                "add",
                "shortcut",
                "acme-prod",
                "--client",
                "acme",
                "--account",
                "222222222222",
                "--role",
                "Admin",
                "--label",
                "Production",
                "--pinned"
            ]
        );
        assert_eq!(
            client("acme", "Acme Corp").color("#d13212").args(),
            [
                "add",
                "client",
                "acme",
                "--name",
                "Acme Corp",
                "--color",
                "#d13212"
            ]
        );
    }
}
