//! Live consoles (issue 28): what Rolehop knows about the consoles running in its own
//! browsers, through the channel each console's extension opens to Rolehop
//! ([`crate::browser::channel`]). [`registry`]: which consoles are live and how to bring one
//! forward; [`renewal`]: when and where a console is renewed in place; [`journal`]: the day's
//! opens, renewals, sign-outs and time in front, per client; [`settings`]: the person's
//! choices about them. The launch flow ([`crate::launch`]) reads the registry (an open of a
//! live console brings it forward) and writes the journal; the channel host in the CLI does
//! the rest.

pub mod journal;
pub mod registry;
pub mod renewal;
pub mod settings;
