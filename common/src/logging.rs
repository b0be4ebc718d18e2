//! Logging for both binaries: warnings by default, `-v` info, `-vv` debug, or the
//! `ROLEHOP_LOG` filter; always to stderr and never with a secret (secrets' `Debug` redacts).

/// Installs the subscriber (once; later calls do nothing).
pub fn init(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = std::env::var("ROLEHOP_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| {
            // Our crates at the chosen level; the AWS SDK's own logs only from debug on. The
            // SDK's profile parser warns about sections it ignores: `rolehop import` lists
            // those itself, with the line.
            let sdk = if verbose >= 2 { "info" } else { "warn" };
            EnvFilter::new(format!(
                "rolehop={default},rolehop_tray={default},rolehop_common={default},rolehop_core={default},{sdk},aws_runtime::env_config={}",
                if verbose >= 2 { "info" } else { "error" }
            ))
        });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Through the terminal sanitiser, as every other line: a log line quotes names and
        // links from outside.
        .with_writer(|| rolehop_core::base::terminal::Sanitized(std::io::stderr()))
        .with_target(false)
        .without_time()
        .try_init();
}
