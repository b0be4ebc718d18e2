//! Where a discovery source's layer lives: `<data dir>/discovered/<id>.toml`. The id is checked
//! where it becomes a file name, and removal touches only that file.

use std::path::{Path, PathBuf};

/// The layer file of a discovery source. The id is checked against the catalog's id rule
/// here: it becomes a file name.
pub fn layer_path(discovered_dir: &Path, id: &str) -> std::io::Result<PathBuf> {
    crate::catalog::rules::slug(id).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("discovery source {}", e.message),
        )
    })?;
    Ok(discovered_dir.join(format!("{id}.toml")))
}

/// Removes a source's layer file, if there is one.
pub fn remove_layer(discovered_dir: &Path, id: &str) -> std::io::Result<()> {
    match std::fs::remove_file(layer_path(discovered_dir, id)?) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
