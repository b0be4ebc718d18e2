//! Tauri's build step: embeds tauri.conf.json and the icons.
fn main() {
    tauri_build::build()
}
