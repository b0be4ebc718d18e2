//! A generated catalog shared by the benchmarks: 200 clients with 25 shortcuts each, a tenth
//! of them chained, some long sessions, comments like a person's.

use std::fmt::Write;

/// 200 clients with 25 shortcuts each, a tenth of them chained, with comments like a person's.
pub fn generate(shortcuts: usize) -> String {
    let mut text = String::from(
        "# generated\nschema_version = 1\n\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\nmfa_serial = \"arn:aws:iam::111111111111:mfa/me\"\nregion = \"eu-west-1\"\n",
    );
    let clients = shortcuts.div_ceil(25);
    for c in 0..clients {
        let _ = write!(
            text,
            "\n# client {c}\n[[client]]\nid = \"client-{c}\"\nname = \"Client {c} Ltd\"\ncolor = \"#{:06x}\"\n",
            c * 4099 % 0xffffff
        );
    }
    for s in 0..shortcuts {
        let c = s / 25;
        let _ = write!(
            text,
            "\n[[shortcut]]\nid = \"c{c}-s{s}\"\nclient = \"client-{c}\"\nlabel = \"Account {s}\"\naccount = \"{:012}\"\nrole = \"{}\"\nregion = \"us-east-{}\"\ndestination = \"{}\"\n",
            200_000_000_000u64 + s as u64,
            if s % 3 == 0 { "/ops/Admin" } else { "ReadOnly" },
            1 + s % 2,
            ["s3", "ec2", "cloudformation", "/cloudwatch/home"][s % 4],
        );
        if s % 10 == 9 {
            let _ = writeln!(text, "via = \"c{c}-s{}\"", s - 1);
        }
        if s % 7 == 0 {
            let _ = writeln!(
                text,
                "session = \"long\"\nduration = \"8h\"\nexternal_id = \"ext-{s}\""
            );
        }
    }
    text
}
