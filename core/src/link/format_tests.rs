//! Tests of `format.rs`: each format of a shortcut's links, with catalog text that means
//! something in Markdown or HTML.

use super::*;
use crate::catalog::Catalog;
use crate::catalog::resolve::resolve;

fn shortcut() -> ResolvedShortcut {
    let catalog: Catalog = toml::from_str(
        r##"
[[identity]]
id = "me"
account = "111111111111"
[[client]]
id = "acme"
name = "Acme <Corp> [EU]"
color = "#d13212"
[[shortcut]]
id = "acme-prod"
client = "acme"
label = "Prod_1 \"main\""
account = "222222222222"
role = "Admin"
"##,
    )
    .unwrap();
    resolve(&catalog, "acme-prod").unwrap()
}

#[test]
fn each_format() {
    let s = shortcut();
    let switch = "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Prod_1%20%22main%22&color=d13212";
    assert_eq!(
        link(&s, &Landing::default(), LinkFormat::Rolehop),
        "rolehop://open/acme-prod"
    );
    assert_eq!(
        link(&s, &Landing::default(), LinkFormat::SwitchRole),
        switch
    );
    assert_eq!(
        link(&s, &Landing::default(), LinkFormat::Markdown),
        format!(
            r#"[Acme \<Corp\> \[EU\] – Prod\_1 "main"](rolehop://open/acme-prod) · [Switch role in the AWS console]({switch})"#
        )
    );
    assert_eq!(
        link(&s, &Landing::default(), LinkFormat::Html),
        format!(
            "<a href=\"rolehop://open/acme-prod\">Acme &lt;Corp&gt; [EU] – Prod_1 &quot;main&quot;</a> · <a href=\"{}\">Switch role in the AWS console</a>",
            switch.replace('&', "&amp;")
        )
    );
    let landing = Landing {
        destination: Some("s3".into()),
        region: Some("eu-west-1".into()),
    };
    assert_eq!(
        link(&s, &landing, LinkFormat::Rolehop),
        "rolehop://open/acme-prod?destination=s3&region=eu-west-1"
    );
    for f in LinkFormat::ALL {
        assert_eq!(LinkFormat::parse(f.as_str()), Some(f));
    }
    assert_eq!(LinkFormat::parse("pdf"), None);
}
