//! The use cases beside the open flow (`launch/`), each a function a front end calls: storing
//! an identity ([`enroll`]: an access key checked with AWS; [`enroll_sso`]: an IAM Identity
//! Center sign-in), an import from the files a team already keeps ([`importing`]), a discovery
//! of an organization's accounts ([`discovery`]). (The console sessions the tray lists are
//! the open flow's: `launch::sessions`.) They sit on the seams (vault, broker, federation, browser) and on the
//! sources; the front ends (CLI, tray) sit on them.

pub mod discovery;
pub mod enroll;
pub mod enroll_sso;
pub mod import_keys;
pub mod importing;
