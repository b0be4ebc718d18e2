// Importers on fixtures in the shapes the AWS CLI and Extend Switch Roles document, the plan
// and apply (idempotent), and property tests that no input makes a parser panic.

use proptest::prelude::*;

use super::*;
use crate::catalog::CatalogStore;
use crate::catalog::duration::Seconds;
use crate::catalog::model::{Catalog, Partition};

const CONFIG: &str = include_str!("../../../fixtures/import/aws-config");
const CREDENTIALS: &str = include_str!("../../../fixtures/import/aws-credentials");
const SWITCH_ROLES: &str = include_str!("../../../fixtures/import/switch-roles");

fn config_input<'a>(config: &'a str, credentials: Option<&'a str>) -> aws_config::Input<'a> {
    aws_config::Input {
        config,
        config_name: "config",
        credentials,
        credentials_name: "credentials",
    }
}

fn from_config() -> Proposal {
    aws_config::import(
        config_input(CONFIG, Some(CREDENTIALS)),
        &ClientNaming::default(),
    )
    .unwrap()
}

fn shortcut<'a>(p: &'a Proposal, id: &str) -> &'a Shortcut {
    p.shortcuts
        .iter()
        .map(|s| &s.shortcut)
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no shortcut {id} in {p:#?}"))
}

fn skipped<'a>(p: &'a Proposal, profile: &str) -> &'a Skipped {
    p.skipped
        .iter()
        .find(|s| s.origin.profile == profile)
        .unwrap_or_else(|| panic!("{profile} not skipped: {:#?}", p.skipped))
}

#[test]
fn aws_config_role_profiles_become_shortcuts_and_the_key_profile_an_identity() {
    let p = from_config();
    let ids: Vec<&str> = p.shortcuts.iter().map(|s| s.shortcut.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "acme-prod",
            "acme-dev",
            "globex-audit",
            "sso-dev",
            "legacy-sso"
        ]
    );

    let prod = shortcut(&p, "acme-prod");
    assert_eq!(prod.account.as_deref(), Some("222222222222"));
    assert_eq!(prod.role, "Admin");
    assert_eq!(prod.client, "acme");
    assert_eq!(prod.identity.as_deref(), Some("default"));
    assert_eq!(prod.region.as_deref(), Some("eu-west-1"));
    assert_eq!(prod.duration, Some(Seconds(3600)));
    assert_eq!(prod.label.as_deref(), Some("Acme production"));
    assert_eq!(p.shortcuts[0].origin.line, 9);

    let dev = shortcut(&p, "acme-dev");
    assert_eq!(dev.role, "ops/ReadOnly", "path kept");
    assert_eq!(dev.external_id.as_deref(), Some("acme-ext-42"));
    assert_eq!(
        dev.label.as_deref(),
        Some("Dev"),
        "the rest of the name, as a person writes it"
    );
    assert!(dev.tags.is_empty(), "{:?}", dev.tags);

    let audit = shortcut(&p, "globex-audit");
    assert_eq!(audit.via.as_deref(), Some("acme-prod"), "role chaining");
    assert_eq!(audit.identity, None);

    let [me, _identity_center] = p.identities.as_slice() else {
        panic!("{:#?}", p.identities)
    };
    assert_eq!(me.identity.id, "default");
    assert_eq!(
        me.identity.account, "111111111111",
        "from the MFA device ARN"
    );
    assert_eq!(
        me.identity.mfa_serial.as_deref(),
        Some("arn:aws:iam::111111111111:mfa/jane")
    );
    assert_eq!(me.identity.session_name.as_deref(), Some("jane.doe"));
    assert_eq!(me.identity.region.as_deref(), Some("us-west-2"));
    assert!(me.has_keys);

    let acme = p.clients.iter().find(|c| c.id == "acme");
    assert_eq!(acme.and_then(|c| c.color.as_deref()), Some("#d62728"));
    let globex = p.clients.iter().find(|c| c.id == "globex");
    assert_eq!(globex.and_then(|c| c.color.as_deref()), Some("#2ca02c"));
}

#[test]
fn aws_config_profiles_rolehop_cannot_use_are_listed_with_the_reason() {
    let p = from_config();
    for (profile, line, reason) in [
        ("initech-ünïcode", 32, "characters"),
        ("vault", 52, "credential_process"),
        ("ci-oidc", 55, "web identity"),
        ("ec2-role", 59, "credential_source"),
        ("dangling", 63, "names no profile"),
        ("loop-a", 67, "loops"),
        ("loop-b", 71, "loops"),
        ("bad-arn", 75, "not an IAM role ARN"),
        ("only-region", 79, "nothing to open"),
    ] {
        let s = skipped(&p, profile);
        assert_eq!(s.origin.line, line, "{profile}");
        assert!(s.reason.contains(reason), "{profile}: {}", s.reason);
    }
    assert!(
        p.skipped.iter().all(|s| s.origin.profile != "default"),
        "the key profile is an identity, not a skip"
    );
    assert_eq!(p.skipped.len(), 9, "{:#?}", p.skipped);
}

#[test]
fn aws_config_syntax_errors_name_the_file_and_line() {
    let broken = "[profile a]\nregion = x\n[profile b\nrole_arn = y\n";
    match aws_config::import(config_input(broken, None), &ClientNaming::default()) {
        Err(ImportError::Syntax {
            file,
            line,
            message,
        }) => {
            assert_eq!((file.as_str(), line), ("config", 3), "{message}");
        }
        other => panic!("{other:?}"),
    }
    match aws_config::import(
        config_input("[default]\n", Some("[default]\n = nokey\n")),
        &ClientNaming::default(),
    ) {
        Err(ImportError::Syntax { file, line, .. }) => {
            assert_eq!((file.as_str(), line), ("credentials", 2));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_client_pattern_is_the_persons_choice() {
    let config = "[default]\naws_access_key_id=AKIAX\naws_secret_access_key=s\n[profile acme-corp-prod]\nrole_arn=arn:aws:iam::222222222222:role/Admin\nsource_profile=default\nmfa_serial=arn:aws:iam::111111111111:mfa/me\n";
    let naming = ClientNaming::new(r"^(?P<client>.+)-[^-]+$").unwrap();
    let p = aws_config::import(config_input(config, None), &naming).unwrap();
    assert_eq!(shortcut(&p, "acme-corp-prod").client, "acme-corp");
    assert_eq!(
        shortcut(&p, "acme-corp-prod").label.as_deref(),
        Some("Prod")
    );
}

/// What the new user met: clients "hooli" and "umbrella", labels "prod" and "staging", and no
/// production mark on hooli-prod. Names now read as a person writes them, production is
/// proposed from the name (with the reason in the row's note), a client the catalog has keeps
/// its own name, and a profile named "product" is no production.
#[test]
fn aws_config_imports_get_names_a_person_would_choose_and_production_marks() {
    let config = "[default]\naws_access_key_id=AKIAX\naws_secret_access_key=s\n\
[profile hooli-prod]\nrole_arn=arn:aws:iam::222222222222:role/Admin\nsource_profile=default\n\
[profile hooli-staging]\nrole_arn=arn:aws:iam::333333333333:role/Admin\nsource_profile=default\n\
[profile umbrella-corp_live]\nrole_arn=arn:aws:iam::444444444444:role/Admin\nsource_profile=default\n\
[profile acme-product]\nrole_arn=arn:aws:iam::555555555555:role/Admin\nsource_profile=default\n";
    let p = aws_config::import(config_input(config, None), &ClientNaming::default()).unwrap();
    let prod = shortcut(&p, "hooli-prod");
    assert_eq!(prod.label.as_deref(), Some("Prod"));
    assert_eq!(prod.tags, vec!["prod".to_string()]);
    let row = p
        .shortcuts
        .iter()
        .find(|s| s.shortcut.id == "hooli-prod")
        .unwrap();
    assert!(
        row.notes.iter().any(|n| n.contains("says production")),
        "{:?}",
        row.notes
    );
    assert!(shortcut(&p, "hooli-staging").tags.is_empty());
    assert_eq!(
        shortcut(&p, "hooli-staging").label.as_deref(),
        Some("Staging")
    );
    assert_eq!(
        shortcut(&p, "umbrella-corp_live").tags,
        vec!["prod".to_string()]
    );
    assert!(
        shortcut(&p, "acme-product").tags.is_empty(),
        "product is no production"
    );

    // The preview names new clients from their ids; a client the catalog has keeps its name.
    let mut current = Catalog::default();
    current.clients.push(crate::catalog::model::Client {
        id: "umbrella".into(),
        name: "Umbrella Corporation".into(),
        color: None,
        notes: None,
        link: None,
        browser: None,
    });
    let plan = plan::plan(&p, &current);
    let summary = |id: &str| {
        plan.rows
            .iter()
            .find(|r| r.kind == plan::EntryKind::Client && r.id == id)
            .map(|r| r.summary.clone())
    };
    assert_eq!(summary("hooli").as_deref(), Some("Hooli"));
    assert_eq!(summary("umbrella").as_deref(), Some("Umbrella Corporation"));
    assert_eq!(summary("acme").as_deref(), Some("Acme"));

    // The preview row offers the proposed tag; declined, it goes with its note, and the rows
    // and a tag the source itself says stay as they are.
    let row = |plan: &ImportPlan, id: &str| {
        plan.rows
            .iter()
            .find(|r| r.kind == plan::EntryKind::Shortcut && r.id == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&plan, "hooli-prod").proposed_tags, vec!["prod"]);
    assert!(row(&plan, "hooli-staging").proposed_tags.is_empty());
    let mut declined = p.clone();
    assert!(declined.decline_tag("hooli-prod", "prod"));
    assert!(!declined.decline_tag("hooli-prod", "prod"), "once only");
    assert!(
        !declined.decline_tag("hooli-staging", "prod"),
        "none proposed"
    );
    assert!(shortcut(&declined, "hooli-prod").tags.is_empty());
    assert_eq!(
        shortcut(&declined, "umbrella-corp_live").tags,
        vec!["prod".to_string()]
    );
    let after = plan::plan(&declined, &current);
    let hooli = row(&after, "hooli-prod");
    assert!(hooli.proposed_tags.is_empty());
    assert!(
        !hooli.notes.iter().any(|n| n.contains("says production")),
        "{:?}",
        hooli.notes
    );
    assert_eq!(after.rows.len(), plan.rows.len());
    // Applied without the tag, the next import finds the shortcut unchanged, not differing
    // (with an identity the catalog knows, so that the row is compared at all).
    let mine = "[profile me]\naws_access_key_id=AKIAX\naws_secret_access_key=s\nmfa_serial = arn:aws:iam::111111111111:mfa/me\n\
[profile hooli-prod]\nrole_arn=arn:aws:iam::222222222222:role/Admin\nsource_profile=me\n";
    let known = aws_config::import(config_input(mine, None), &ClientNaming::default()).unwrap();
    let mut without = current.clone();
    without.identities.push(me());
    let first = plan::plan(&known, &without);
    assert_eq!(row(&first, "hooli-prod").change, Change::New, "{first:#?}");
    let mut kept = known.clone();
    kept.decline_tag("hooli-prod", "prod");
    without
        .shortcuts
        .push(shortcut(&kept, "hooli-prod").clone());
    assert!(without.shortcuts[0].tags.is_empty());
    let again = plan::plan(&known, &without);
    assert_eq!(row(&again, "hooli-prod").change, Change::Unchanged);
    // A tag the source says (a granted profile's own tag, say) is not the import's to take back.
    let mut own = p.clone();
    own.shortcuts
        .iter_mut()
        .find(|s| s.shortcut.id == "hooli-staging")
        .unwrap()
        .shortcut
        .tags
        .push("prod".into());
    assert!(!own.decline_tag("hooli-staging", "prod"));
    assert_eq!(
        shortcut(&own, "hooli-staging").tags,
        vec!["prod".to_string()]
    );
}

#[test]
fn switch_roles_simple_and_complex_configurations() {
    let p = switch_roles::import("esr", SWITCH_ROLES, &ClientNaming::default()).unwrap();
    let ids: Vec<&str> = p.shortcuts.iter().map(|s| s.shortcut.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "marketingadmin",
            "anotheraccount",
            "org1-account1-role1",
            "org1-account1-role2",
            "base2-account3"
        ]
    );
    let m = shortcut(&p, "marketingadmin");
    assert_eq!(
        (m.account.as_deref(), m.role.as_str(), m.identity.as_deref()),
        (Some("123456789012"), "marketingadmin", None)
    );
    let a = shortcut(&p, "anotheraccount");
    assert_eq!(
        (a.role.as_str(), a.region.as_deref()),
        ("anotherrole", Some("ap-northeast-1"))
    );
    assert_eq!(
        p.clients
            .iter()
            .find(|c| c.id == "anotheraccount")
            .and_then(|c| c.color.as_deref()),
        Some("#bbeeff")
    );
    let r2 = shortcut(&p, "org1-account1-role2");
    assert_eq!(r2.role, "Role2");
    assert_eq!(r2.identity.as_deref(), Some("organization1"));
    let notes = &p.shortcuts[3].notes;
    assert!(notes.iter().any(|n| n.contains("image")), "{notes:?}");
    // target_role_name and target_region of the base fill in what the target leaves out.
    let b3 = shortcut(&p, "base2-account3");
    assert_eq!(
        (
            b3.role.as_str(),
            b3.region.as_deref(),
            b3.account.as_deref()
        ),
        ("Developer", Some("eu-central-1"), Some("210987654321"))
    );
    let bases: Vec<(&str, &str)> = p
        .identities
        .iter()
        .map(|i| (i.identity.id.as_str(), i.identity.account.as_str()))
        .collect();
    assert_eq!(
        bases,
        [("organization1", "000000000000"), ("baseaccount2", "")]
    );
    let s = skipped(&p, "no-role");
    assert_eq!(s.origin.line, 37);
}

#[test]
fn switch_roles_errors_are_line_numbered() {
    for (text, line, what) in [
        ("[a]\nrole_arn = x\n[b\n", 3, "ends with `]`"),
        ("role_arn = x\n", 1, "before any"),
        ("[a]\njust words\n", 2, "key = value"),
        ("\n\n[ ]\n", 3, "needs a name"),
        ("[a]\n[]\n", 2, "needs a name"),
        ("[a]\nregion\n", 2, "key = value"),
        ("[a]\nregion =\n", 2, "not empty"),
        ("[a]\nregion = x\nregion = y\n", 3, "given twice"),
        // A comment anywhere, a header included, as the extension's parser reads it.
        ("[a] # note\n[b ; note\n", 2, "ends with `]`"),
    ] {
        match switch_roles::import("f", text, &ClientNaming::default()) {
            Err(ImportError::Syntax {
                line: l, message, ..
            }) => {
                assert_eq!(l, line, "{text:?}");
                assert!(message.contains(what), "{message}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    let p = switch_roles::import(
        "f",
        "[a]\nrole_arn = arn:aws:iam::123456789012:role/A\n[a]\nrole_arn = arn:aws:iam::123456789012:role/B\n",
        &ClientNaming::default(),
    )
    .unwrap();
    // The extension lists both sections: both are shortcuts, with ids of their own.
    let ids: Vec<&str> = p.shortcuts.iter().map(|s| s.shortcut.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-2"]);
    // A second base account of one name is ignored, as the extension gives every target to
    // the first, and it says so.
    let p = switch_roles::import(
        "f",
        "[base]\naws_account_id = 111111111111\n[base]\naws_account_id = 222222222222\n[t]\naws_account_id = 333333333333\nrole_name = R\nsource_profile = base\n",
        &ClientNaming::default(),
    )
    .unwrap();
    assert!(skipped(&p, "base").reason.contains("first on line 1"));
}

/// Comments after `#` or `;` anywhere on a line (section headers included), values cut at a
/// second `=`, quotes kept, keys as written and `Profile ` in any case: what `aesr-config`
/// reads (the differential suite checks a corpus against its CLI).
#[test]
fn switch_roles_reads_comments_anywhere_as_the_extension_does() {
    let text = "[profile acme-prod] # production\r\naws_account_id = 222222222222 ; the account\nrole_name = Admin#trailing\ncolor = d13212\n\r[PROFILE  beta]\naws_account_id = 333333333333\nrole_name = Ops=x\nregion = \"eu-west-1\"\n";
    let sections = switch_roles::parse("f", text).unwrap();
    type Read<'a> = (&'a str, usize, Vec<(&'a str, &'a str)>);
    let got: Vec<Read> = sections
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.line,
                s.keys
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "acme-prod",
                1,
                vec![
                    ("aws_account_id", "222222222222"),
                    ("role_name", "Admin"),
                    ("color", "d13212")
                ]
            ),
            (
                "beta",
                6,
                vec![
                    ("aws_account_id", "333333333333"),
                    ("role_name", "Ops"),
                    ("region", "\"eu-west-1\"")
                ]
            ),
        ]
    );
}

fn me() -> Identity {
    Identity {
        id: "me".into(),
        account: "111111111111".into(),
        mfa_serial: None,
        mfa_process: None,
        partition: Partition::Aws,
        region: None,
        session_duration: None,
        session_name: None,
        ..Default::default()
    }
}

#[test]
fn the_plan_maps_identities_and_apply_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    store.edit(|doc, _| doc.set_identity(&me())).unwrap();
    let proposal = from_config();

    // Preview: the config's `default` is the catalog's `me` (same account, from mfa_serial).
    let current = store.load().unwrap();
    let preview = plan(&proposal, &current);
    let identity = &preview.rows[0];
    assert_eq!(
        (identity.kind, identity.id.as_str()),
        (EntryKind::Identity, "me")
    );
    assert_eq!(identity.change, Change::Unchanged);
    assert!(identity.notes.iter().any(|n| n.contains("same account")));
    // 5 for the access-key profiles, 5 for the Identity Center ones (the identity, the
    // clients `sso` and `legacy`, two shortcuts).
    assert_eq!(
        preview.count(|c| *c == Change::New),
        10,
        "{:#?}",
        preview.rows
    );

    // Apply all but acme-dev (and the Identity Center rows, covered on their own).
    let sso_rows = ["my-sso", "sso", "legacy", "sso-dev", "legacy-sso"];
    let (after, (_, applied)) = store
        .edit(|doc, cur| {
            apply(
                doc,
                cur,
                &proposal,
                &|r| r.id != "acme-dev" && !sso_rows.contains(&r.id.as_str()),
                false,
            )
        })
        .unwrap();
    assert_eq!(
        applied.added,
        [
            "client:acme",
            "client:globex",
            "shortcut:acme-prod",
            "shortcut:globex-audit"
        ]
    );
    assert_eq!(
        after
            .shortcut("acme-prod")
            .and_then(|s| s.identity.as_deref()),
        Some("me")
    );
    assert!(after.shortcut("acme-dev").is_none());

    // A second apply of everything adds only what was left out; a third changes nothing.
    let (_, (_, applied)) = store
        .edit(|doc, cur| apply(doc, cur, &proposal, &|_| true, false))
        .unwrap();
    assert_eq!(
        applied.added,
        [
            "identity:my-sso",
            "client:sso",
            "client:legacy",
            "shortcut:acme-dev",
            "shortcut:sso-dev",
            "shortcut:legacy-sso"
        ]
    );
    let before = std::fs::read_to_string(store.path()).unwrap_or_default();
    let (after, (plan2, applied)) = store
        .edit(|doc, cur| apply(doc, cur, &proposal, &|_| true, false))
        .unwrap();
    assert_eq!(applied, Applied::default());
    assert!(
        plan2.rows.iter().all(|r| r.change == Change::Unchanged),
        "{:#?}",
        plan2.rows
    );
    assert_eq!(
        std::fs::read_to_string(store.path()).unwrap_or_default(),
        before
    );
    assert_eq!(after.shortcuts.len(), 5);
}

#[test]
fn differences_are_kept_unless_replaced_and_duplicates_are_named() {
    let mut current = Catalog::default();
    current.identities.push(me());
    current.clients.push(Client {
        id: "acme".into(),
        name: "Acme Corp".into(),
        color: None,
        notes: None,
        link: None,
        browser: None,
    });
    current.shortcuts.push(Shortcut {
        id: "acme-prod".into(),
        client: "acme".into(),
        account: Some("222222222222".into()),
        role: "Admin".into(),
        // No `identity`: it uses the only one, as the imported `identity = "me"` says.
        identity: None,
        region: Some("us-east-1".into()),
        ..Default::default()
    });
    current.shortcuts.push(Shortcut {
        id: "my-acme-dev".into(),
        client: "acme".into(),
        account: Some("333333333333".into()),
        role: "ops/ReadOnly".into(),
        // Naming no identity: the only one, as the imported `identity = "me"` does.
        external_id: Some("acme-ext-42".into()),
        ..Default::default()
    });
    let p = plan(&from_config(), &current);
    let row = |id: &str| {
        p.rows
            .iter()
            .find(|r| r.kind == EntryKind::Shortcut && r.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    match &row("acme-prod").change {
        Change::Differs { fields } => {
            assert!(
                !fields.contains(&"identity".to_string()),
                "the only identity: {fields:?}"
            );
            assert!(fields.contains(&"region".to_string()), "{fields:?}");
            assert!(fields.contains(&"duration".to_string()), "{fields:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!row("acme-prod").would_write(false) && row("acme-prod").would_write(true));
    assert_eq!(
        row("acme-dev").change,
        Change::Duplicate {
            of: "my-acme-dev".into()
        }
    );
    let client = p
        .rows
        .iter()
        .find(|r| r.kind == EntryKind::Client && r.id == "acme");
    assert_eq!(client.map(|r| &r.change), Some(&Change::Unchanged));
}

#[test]
fn an_identity_without_account_uses_the_only_one_or_is_blocked() {
    let config = "[default]\naws_access_key_id=AKIAX\naws_secret_access_key=s\n[profile acme-prod]\nrole_arn=arn:aws:iam::222222222222:role/Admin\nsource_profile=default\n";
    let p = aws_config::import(config_input(config, None), &ClientNaming::default()).unwrap();
    let empty = plan(&p, &Catalog::default());
    assert!(
        matches!(&empty.rows[0].change, Change::Blocked { reason } if reason.contains("mfa_serial"))
    );
    let prod = empty.rows.iter().find(|r| r.id == "acme-prod");
    assert!(matches!(
        prod.map(|r| &r.change),
        Some(Change::Blocked { .. })
    ));

    // Once its keys move into the keychain, AWS will say the account: then it is new.
    let moving = plan_moving_keys(&p, &Catalog::default());
    assert_eq!(moving.rows[0].change, Change::New);
    assert!(
        moving
            .rows
            .iter()
            .all(|r| !matches!(r.change, Change::Blocked { .. })),
        "{:#?}",
        moving.rows
    );
    let enrol = identities_to_enroll(&p, &Catalog::default(), &|_| true);
    assert_eq!(
        enrol
            .iter()
            .map(|i| i.identity.id.as_str())
            .collect::<Vec<_>>(),
        ["default"]
    );
    assert!(
        identities_to_enroll(&p, &Catalog::default(), &|r| r.kind != EntryKind::Identity)
            .is_empty()
    );

    let mut current = Catalog::default();
    current.identities.push(me());
    let with_me = plan(&p, &current);
    assert_eq!(with_me.rows[0].change, Change::Unchanged);
    assert!(
        with_me.rows[0]
            .notes
            .iter()
            .any(|n| n.contains("the only one"))
    );
    assert_eq!(
        with_me.proposal.shortcuts[0].shortcut.identity.as_deref(),
        Some("me")
    );
}

#[test]
fn a_chain_whose_parent_cannot_be_imported_is_blocked_not_broken() {
    let config = "[default]\naws_access_key_id=AKIAX\naws_secret_access_key=s\nmfa_serial=arn:aws:iam::111111111111:mfa/me\n[profile parent]\nrole_arn=arn:aws:iam::222222222222:role/Bad Name\nsource_profile=default\n[profile child]\nrole_arn=arn:aws:iam::333333333333:role/Admin\nsource_profile=parent\n[profile grandchild]\nrole_arn=arn:aws:iam::444444444444:role/Admin\nsource_profile=child\n";
    let p = aws_config::import(config_input(config, None), &ClientNaming::default()).unwrap();
    assert!(skipped(&p, "parent").reason.contains("role_arn"));
    let planned = plan(&p, &Catalog::default());
    for id in ["child", "grandchild"] {
        let row = planned
            .rows
            .iter()
            .find(|r| r.kind == EntryKind::Shortcut && r.id == id);
        assert!(
            matches!(row.map(|r| &r.change), Some(Change::Blocked { reason }) if reason.contains("goes via")),
            "{id}: {row:?}"
        );
    }
    // Applying everything writes a valid catalog (the identity), not a broken chain.
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    let (after, _) = store
        .edit(|doc, cur| apply(doc, cur, &p, &|_| true, false))
        .unwrap();
    assert!(after.shortcuts.is_empty() && after.clients.is_empty());
    let client = planned
        .rows
        .iter()
        .find(|r| r.kind == EntryKind::Client && r.id == "child");
    assert!(
        matches!(client.map(|r| &r.change), Some(Change::Blocked { .. })),
        "a client none of whose shortcuts can be imported is not offered: {client:?}"
    );
}

#[test]
fn shortcuts_without_an_identity_need_exactly_one() {
    let text = "[acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\n";
    let p = switch_roles::import("esr", text, &ClientNaming::default()).unwrap();
    let status = |catalog: &Catalog| {
        plan(&p, catalog)
            .rows
            .iter()
            .find(|r| r.kind == EntryKind::Shortcut)
            .map(|r| r.change.clone())
    };
    assert!(
        matches!(status(&Catalog::default()), Some(Change::Blocked { reason }) if reason.contains("no identity yet"))
    );
    let mut one = Catalog::default();
    one.identities.push(me());
    assert_eq!(status(&one), Some(Change::New));
    let mut two = one.clone();
    two.identities.push(Identity {
        id: "bob".into(),
        ..me()
    });
    assert!(
        matches!(status(&two), Some(Change::Blocked { reason }) if reason.contains("several (me, bob)"))
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Any text: an error with a line inside the text, or a proposal; never a panic.
    #[test]
    fn no_text_makes_the_importers_panic(text in "(\\[|\\]|profile |[a-z_]{1,8}|=| |\n|arn:aws:iam::[0-9]{12}:role/[A-Za-z]{1,5}|source_profile|role_arn|#|ü|\t){0,60}") {
        let lines = text.lines().count().max(1);
        match switch_roles::import("f", &text, &ClientNaming::default()) {
            Ok(_) => {}
            Err(ImportError::Syntax { line, .. }) => prop_assert!(line >= 1 && line <= lines),
            Err(e) => prop_assert!(false, "{e}"),
        }
        match aws_config::import(config_input(&text, None), &ClientNaming::default()) {
            Ok(_) => {}
            Err(ImportError::Syntax { line, .. }) => prop_assert!(line >= 1 && line <= lines + 1),
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    /// Whatever is proposed passes the catalog's own rules for ids.
    #[test]
    fn proposed_ids_are_valid(names in proptest::collection::vec("[ -~ü]{1,20}", 1..8)) {
        let text: String = names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("[{}]\nrole_arn = arn:aws:iam::{:012}:role/R\n", n.replace([']', '[', '\n'], ""), i))
            .collect();
        if let Ok(p) = switch_roles::import("f", &text, &ClientNaming::default()) {
            for s in &p.shortcuts {
                prop_assert!(crate::catalog::rules::slug(&s.shortcut.id).is_ok(), "{}", s.shortcut.id);
                prop_assert!(crate::catalog::rules::slug(&s.shortcut.client).is_ok(), "{}", s.shortcut.client);
            }
        }
    }
}

#[test]
fn one_bad_profile_is_blocked_with_its_reason_and_the_rest_import() {
    let config = "\
[profile base]
mfa_serial = arn:aws:iam::111111111111:mfa/jane

[profile good]
role_arn = arn:aws:iam::222222222222:role/Admin
source_profile = base

[profile long]
role_arn = arn:aws:iam::222222222223:role/Admin
source_profile = base
duration_seconds = 999999

[profile mars]
role_arn = arn:aws:iam::222222222224:role/Admin
source_profile = base
region = mars-1

[profile spaces]
role_arn = arn:aws:iam::222222222225:role/Admin
source_profile = base
external_id = a b c

[profile gov]
role_arn = arn:aws-us-gov:iam::222222222226:role/Admin
source_profile = base

[profile under-gov]
role_arn = arn:aws-us-gov:iam::222222222227:role/Admin
source_profile = gov
";
    let credentials = "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
    let proposal = aws_config::import(
        config_input(config, Some(credentials)),
        &ClientNaming::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    let preview = plan(&proposal, &Catalog::default());
    let status = |id: &str| {
        preview
            .rows
            .iter()
            .find(|r| r.kind == EntryKind::Shortcut && r.id == id)
            .map(|r| r.change.clone())
            .unwrap_or_else(|| panic!("no row {id}: {:#?}", preview.rows))
    };
    assert_eq!(status("good"), Change::New);
    for (id, says) in [
        ("long", "duration"),
        ("mars", "region"),
        ("spaces", "external_id"),
        ("gov", "partition"),
        ("under-gov", ""),
    ] {
        match status(id) {
            Change::Blocked { reason } => {
                assert!(reason.contains(says), "{id}: {reason}")
            }
            other => panic!(
                "{id} should be blocked, is {other:?}: {:#?}",
                preview.proposal
            ),
        }
    }
    // The apply writes exactly what the preview promised.
    let (after, (_, applied)) = store
        .edit(|doc, cur| apply(doc, cur, &proposal, &|_| true, false))
        .unwrap_or_else(|e| panic!("the good rows must import: {e}"));
    assert!(applied.added.contains(&"shortcut:good".to_string()));
    assert_eq!(
        after
            .shortcuts
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["good"]
    );
    let promised = preview.rows.iter().filter(|r| r.would_write(false)).count();
    assert_eq!(applied.added.len(), promised, "{:#?}", preview.rows);
}

#[test]
fn switch_roles_source_profile_loops_are_named() {
    let text = "[a]\naws_account_id = 111111111111\nsource_profile = b\n\n[b]\naws_account_id = 222222222222\nsource_profile = a\n\n[self]\nrole_arn = arn:aws:iam::333333333333:role/Admin\nsource_profile = self\n\n[fine]\nrole_arn = arn:aws:iam::444444444444:role/Admin\n";
    let p = switch_roles::import("esr", text, &ClientNaming::default()).unwrap();
    let reason = |name: &str| {
        p.skipped
            .iter()
            .find(|s| s.origin.profile == name)
            .map(|s| s.reason.clone())
            .unwrap_or_default()
    };
    assert!(
        reason("self").contains("loops: self → self"),
        "{:#?}",
        p.skipped
    );
    assert!(p.shortcuts.iter().any(|s| s.shortcut.id == "fine"));
}

#[test]
fn a_name_that_only_slugifies_to_an_existing_id_is_not_mapped_onto_it() {
    let mut current = Catalog::default();
    current.identities.push(me());
    current.clients.push(Client {
        id: "acme".into(),
        name: "Acme".into(),
        color: None,
        notes: None,
        link: None,
        browser: None,
    });
    current.shortcuts.push(Shortcut {
        id: "acme-prod".into(),
        client: "acme".into(),
        account: Some("222222222222".into()),
        role: "Admin".into(),
        ..Default::default()
    });
    let text = "[Acme-Prod]\nrole_arn = arn:aws:iam::999999999999:role/Other\n\n[acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\n";
    let p = switch_roles::import("esr", text, &ClientNaming::default()).unwrap();
    let preview = plan(&p, &current);
    let rows: Vec<(&str, &Change)> = preview
        .rows
        .iter()
        .filter(|r| r.kind == EntryKind::Shortcut)
        .map(|r| (r.id.as_str(), &r.change))
        .collect();
    // `acme-prod` as written is the catalog's shortcut (it only names a label the catalog's
    // has not); `Acme-Prod`, another role, gets an id of its own and is said to be new, never
    // mapped onto it.
    let differs = Change::Differs {
        fields: vec!["label".into()],
    };
    assert_eq!(
        rows,
        [("acme-prod-2", &Change::New), ("acme-prod", &differs)],
        "{rows:#?}"
    );
    let renamed = &p.shortcuts[0];
    assert_eq!(renamed.shortcut.account.as_deref(), Some("999999999999"));
}

/// The wiki page of the issue: a heading "Beta" and two links both named `Prod`, for two
/// accounts. Both are proposed, with distinct ids; the preview shows what `--apply` writes;
/// `--apply --replace` keeps both accounts; importing again changes nothing; and a catalog
/// that already has `beta-prod` for a third account keeps it and gets both links beside it.
#[test]
fn two_links_of_one_name_are_two_shortcuts_and_none_is_lost() {
    let page = "<h2>Beta</h2>\n<ul>\n<li><a href=\"https://signin.aws.amazon.com/switchrole?account=111122223333&amp;roleName=Admin&amp;displayName=Prod\">Prod</a></li>\n<li><a href=\"https://signin.aws.amazon.com/switchrole?account=444455556666&amp;roleName=Admin&amp;displayName=Prod\">Prod</a></li>\n</ul>\n";
    let p = links::import("wiki.html", page, &ClientNaming::default());
    let ids: Vec<&str> = p.shortcuts.iter().map(|s| s.shortcut.id.as_str()).collect();
    assert_eq!(ids, ["beta-prod", "beta-prod-2"]);
    for start in [
        Catalog::default(),
        Catalog {
            shortcuts: vec![Shortcut {
                id: "beta-prod".into(),
                client: "beta".into(),
                account: Some("777777777777".into()),
                role: "Admin".into(),
                ..Default::default()
            }],
            clients: vec![Client {
                id: "beta".into(),
                name: "Beta".into(),
                color: None,
                notes: None,
                link: None,
                browser: None,
            }],
            ..Default::default()
        },
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = CatalogStore::new(dir.path().join("catalog.toml"));
        store
            .edit(|doc, _| {
                doc.set_identity(&me())?;
                for c in &start.clients {
                    doc.add_client(c, false)?;
                }
                for s in &start.shortcuts {
                    doc.add_shortcut(s, false)?;
                }
                Ok(())
            })
            .unwrap();
        let preview = plan(&p, &store.load().unwrap());
        let promised: Vec<String> = preview
            .rows
            .iter()
            .filter(|r| r.kind == EntryKind::Shortcut && r.would_write(true))
            .map(|r| r.id.clone())
            .collect();
        assert_eq!(promised.len(), 2, "{:#?}", preview.rows);
        let (after, (_, applied)) = store
            .edit(|doc, cur| apply(doc, cur, &p, &|_| true, true))
            .unwrap();
        let written: Vec<String> = applied
            .added
            .iter()
            .chain(&applied.replaced)
            .filter_map(|k| k.strip_prefix("shortcut:").map(str::to_string))
            .collect();
        assert_eq!(written, promised, "the apply wrote what the preview showed");
        let mut accounts: Vec<&str> = after
            .shortcuts
            .iter()
            .filter_map(|s| s.account.as_deref())
            .collect();
        accounts.sort();
        let mut want = vec!["111122223333", "444455556666"];
        want.extend(start.shortcuts.iter().filter_map(|s| s.account.as_deref()));
        want.sort();
        assert_eq!(accounts, want, "no account lost");
        // Again: nothing to do.
        let again = plan(&p, &after);
        assert_eq!(
            again.count(|c| matches!(c, Change::New | Change::Differs { .. })),
            0,
            "{:#?}",
            again.rows
        );
    }
}

/// Every importer hands out distinct ids, whatever the names: a Switch Roles configuration
/// with a target name twice, and an AWS config whose names slug alike.
#[test]
fn repeated_and_alike_names_get_distinct_ids_in_every_importer() {
    let esr = "[prod]\naws_account_id = 111122223333\nrole_name = Admin\n[prod]\naws_account_id = 444455556666\nrole_name = Admin\n";
    let p = switch_roles::import("esr", esr, &ClientNaming::default()).unwrap();
    let ids: Vec<&str> = p.shortcuts.iter().map(|s| s.shortcut.id.as_str()).collect();
    assert_eq!(ids, ["prod", "prod-2"], "{:#?}", p.skipped);
    let config = "[default]\naws_access_key_id = AKIAEXAMPLE\n[profile ACME-PROD]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = default\n[profile acme-prod]\nrole_arn = arn:aws:iam::444455556666:role/Admin\nsource_profile = default\n";
    let p = aws_config::import(config_input(config, None), &ClientNaming::default()).unwrap();
    let mut ids: Vec<(&str, &str)> = p
        .shortcuts
        .iter()
        .map(|s| {
            (
                s.shortcut.id.as_str(),
                s.shortcut.account.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            ("acme-prod", "444455556666"),
            ("acme-prod-2", "111122223333")
        ]
    );
}

#[test]
fn a_second_identity_with_its_shortcut_imports_beside_shortcuts_of_the_first() {
    let config = "[profile bob]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\nmfa_serial = arn:aws:iam::999999999999:mfa/bob\n\n[profile umbrella-prod]\nrole_arn = arn:aws:iam::888888888888:role/Admin\nsource_profile = bob\n";
    let p = aws_config::import(config_input(config, Some("")), &ClientNaming::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    store
        .edit(|doc, _| {
            doc.set_identity(&me())?;
            doc.add_client(
                &Client {
                    id: "acme".into(),
                    name: "Acme".into(),
                    color: None,
                    notes: None,
                    link: None,
                    browser: None,
                },
                false,
            )?;
            doc.add_shortcut(
                &Shortcut {
                    id: "acme-prod".into(),
                    client: "acme".into(),
                    account: Some("222222222222".into()),
                    role: "Admin".into(),
                    ..Default::default()
                },
                false,
            )
        })
        .unwrap();
    let current = store.load().unwrap();
    for preview in [plan(&p, &current), plan_moving_keys(&p, &current)] {
        assert!(
            preview
                .rows
                .iter()
                .all(|r| !matches!(r.change, Change::Blocked { .. })),
            "{:#?}",
            preview.rows
        );
    }
    let (after, _) = store
        .edit(|doc, cur| apply(doc, cur, &p, &|_| true, false))
        .unwrap_or_else(|e| panic!("the preview's promise holds: {e}"));
    assert_eq!(
        after
            .shortcut("acme-prod")
            .and_then(|s| s.identity.as_deref()),
        Some("me")
    );
}

#[test]
fn aws_vaults_mfa_process_becomes_the_identitys_code_command() {
    let config = "[profile jane]\nmfa_serial = arn:aws:iam::111111111111:mfa/jane\nmfa_process = ykman oath accounts code --single 'Amazon Web Services:jane@111111111111'\n\n[profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = jane\n\n[profile odd]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\nmfa_process = ykman 'unclosed\n\n[profile odd-prod]\nrole_arn = arn:aws:iam::333333333333:role/Admin\nsource_profile = odd\n";
    let credentials =
        "[jane]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n";
    let p = aws_config::import(
        config_input(config, Some(credentials)),
        &ClientNaming::default(),
    )
    .unwrap();
    let jane = p
        .identities
        .iter()
        .find(|i| i.identity.id == "jane")
        .unwrap();
    assert_eq!(
        jane.identity.mfa_process.as_deref(),
        Some("ykman oath accounts code --single 'Amazon Web Services:jane@111111111111'")
    );
    // A command that cannot be one (or with no MFA device) is left out with a note.
    let odd = p
        .identities
        .iter()
        .find(|i| i.identity.id == "odd")
        .unwrap();
    assert_eq!(odd.identity.mfa_process, None);
    let notes: Vec<&String> = p.shortcuts.iter().flat_map(|s| &s.notes).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("mfa_process `ykman 'unclosed` not used")),
        "{notes:?}"
    );
    // The preview shows the command an apply would record, in full (a shared config must not
    // slip a command in unseen).
    let current: Catalog = toml::from_str("").unwrap();
    let planned = plan::plan_moving_keys(&p, &current);
    let row = planned
        .rows
        .iter()
        .find(|r| r.kind == plan::EntryKind::Identity && r.id == "jane")
        .unwrap();
    assert!(
        row.notes.iter().any(|n| n.contains(
            "records the MFA code command `ykman oath accounts code --single 'Amazon Web Services:jane@111111111111'`"
        )),
        "{:?}",
        row.notes
    );
}

#[test]
fn identity_center_profiles_become_an_identity_per_portal_and_permission_set_shortcuts() {
    let p = from_config();
    // `sso-dev` (an `[sso-session]`) and `legacy-sso` (the portal in the profile) sign in to
    // the same portal: one identity, named after the session.
    let sso: Vec<&ProposedIdentity> = p
        .identities
        .iter()
        .filter(|i| i.identity.portal().is_some())
        .collect();
    assert_eq!(sso.len(), 1, "{sso:#?}");
    let work = &sso[0].identity;
    assert_eq!(work.id, "my-sso");
    assert_eq!(
        work.sso_start_url.as_deref(),
        Some("https://my-sso-portal.awsapps.com/start")
    );
    assert_eq!(work.sso_region.as_deref(), Some("us-east-1"));
    assert_eq!(work.sso_session.as_deref(), Some("my-sso"));
    assert!(!sso[0].has_keys);
    let dev = shortcut(&p, "sso-dev");
    assert_eq!(
        (
            dev.identity.as_deref(),
            dev.account.as_deref(),
            dev.role.as_str()
        ),
        (Some("my-sso"), Some("666666666666"), "Developer")
    );
    let legacy = shortcut(&p, "legacy-sso");
    assert_eq!(legacy.identity.as_deref(), Some("my-sso"));
    assert_eq!(legacy.role, "Admin");
}

#[test]
fn a_role_chained_from_a_permission_set_imports_as_via_and_applies_valid() {
    let config = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\n[profile corp-admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\n[profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/ClientAdmin\nsource_profile = corp-admin\n\n[profile broken]\nsso_session = nowhere\nsso_account_id = 333333333333\nsso_role_name = ReadOnly\n\n[profile login-only]\nsso_session = corp\n";
    let p = aws_config::import(config_input(config, None), &ClientNaming::default()).unwrap();
    let acme = shortcut(&p, "acme-prod");
    assert_eq!(acme.via.as_deref(), Some("corp-admin"));
    assert_eq!(acme.identity, None);
    assert!(
        skipped(&p, "broken")
            .reason
            .contains("names no `[sso-session nowhere]` section")
    );
    assert!(skipped(&p, "login-only").reason.contains("nothing to open"));
    // Into an empty catalog: the identity is new, the rows are valid, apply writes them.
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    let preview = plan(&p, &store.load().unwrap());
    assert!(
        preview
            .rows
            .iter()
            .all(|r| !matches!(r.change, Change::Blocked { .. })),
        "{:#?}",
        preview.rows
    );
    let (after, _) = store
        .edit(|doc, cur| apply(doc, cur, &p, &|_| true, false))
        .unwrap_or_else(|e| panic!("the preview's promise holds: {e}"));
    assert_eq!(crate::catalog::validate::validate(&after), vec![]);
    let corp = after.identity("corp").unwrap();
    assert_eq!(
        corp.sso_start_url.as_deref(),
        Some("https://corp.awsapps.com/start")
    );
    assert_eq!(
        after
            .shortcut("corp-admin")
            .and_then(|s| s.identity.as_deref()),
        Some("corp")
    );
    // A second import of the same portal maps onto the identity, whatever its name.
    let again = plan(&p, &after);
    assert!(
        again
            .rows
            .iter()
            .all(|r| matches!(r.change, Change::Unchanged)),
        "{:#?}",
        again.rows
    );
}

#[test]
fn an_identity_center_profile_the_save_would_refuse_is_blocked_in_the_preview() {
    let config = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = mars-1\n\n[profile corp-admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\n";
    let p = aws_config::import(config_input(config, None), &ClientNaming::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    let preview = plan(&p, &store.load().unwrap());
    let identity = preview.rows.iter().find(|r| r.id == "corp").unwrap();
    assert!(
        matches!(&identity.change, Change::Blocked { reason } if reason.contains("mars-1")),
        "{:#?}",
        preview.rows
    );
    // The apply refuses nothing it promised: the blocked rows are left out, the rest is valid.
    let (after, _) = store
        .edit(|doc, cur| apply(doc, cur, &p, &|_| true, false))
        .unwrap_or_else(|e| panic!("the preview's promise holds: {e}"));
    assert!(after.identity("corp").is_none());
}

/// aws-vault's users keep their keys in aws-vault's own store: their `~/.aws/config` names
/// only `mfa_serial` (and a region) for the base profile. Such a config imports: its roles
/// use the identity the person has for that account, or a new identity whose keys are set up
/// once; nothing is skipped for want of keys in the file.
#[test]
fn an_aws_vault_config_without_keys_imports_onto_the_persons_identity() {
    let config = "[profile jane]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111111111111:mfa/jane\n\n\
[profile hooli-prod]\nsource_profile = jane\nrole_arn = arn:aws:iam::222222222222:role/Admin\n\n\
[profile hooli-dev]\nsource_profile = jane\nrole_arn = arn:aws:iam::333333333333:role/Dev\nmfa_serial = arn:aws:iam::111111111111:mfa/jane\n";
    let p = aws_config::import(config_input(config, None), &ClientNaming::default()).unwrap();
    assert!(p.skipped.is_empty(), "{:?}", p.skipped);
    assert_eq!(p.identities.len(), 1);
    assert!(!p.identities[0].has_keys);
    assert_eq!(p.identities[0].identity.account, "111111111111");

    // The person set up `me` for that account (the wizard): the rows use it.
    let mut current = Catalog::default();
    current.identities.push(me());
    let plan = plan::plan(&p, &current);
    let shortcut_rows: Vec<(&str, &Change)> = plan
        .rows
        .iter()
        .filter(|r| r.kind == plan::EntryKind::Shortcut)
        .map(|r| (r.id.as_str(), &r.change))
        .collect();
    assert_eq!(
        shortcut_rows,
        [("hooli-prod", &Change::New), ("hooli-dev", &Change::New)]
    );
    let identity = plan
        .rows
        .iter()
        .find(|r| r.kind == plan::EntryKind::Identity)
        .unwrap();
    assert_eq!(identity.change, Change::Unchanged);
    assert!(
        identity
            .notes
            .iter()
            .any(|n| n.contains("is your identity `me`")),
        "{:?}",
        identity.notes
    );
    assert!(
        !identity.notes.iter().any(|n| n.contains("holds no keys")),
        "{:?}",
        identity.notes
    );

    // No identity yet: a new one, whose keys the note says how to set up.
    let plan = plan::plan(&p, &Catalog::default());
    let identity = plan
        .rows
        .iter()
        .find(|r| r.kind == plan::EntryKind::Identity)
        .unwrap();
    assert_eq!(identity.change, Change::New);
    assert!(
        identity.notes.iter().any(|n| n.contains("holds no keys")),
        "{:?}",
        identity.notes
    );

    // Neither keys nor an account to know it by, and no identity to take: blocked, with how.
    let bare = "[profile jane]\nregion = eu-west-1\n\n[profile hooli-prod]\nsource_profile = jane\nrole_arn = arn:aws:iam::222222222222:role/Admin\n";
    let p = aws_config::import(config_input(bare, None), &ClientNaming::default()).unwrap();
    let plan = plan::plan(&p, &Catalog::default());
    assert!(
        plan.rows
            .iter()
            .any(|r| r.kind == plan::EntryKind::Identity
                && matches!(&r.change, Change::Blocked { reason } if reason.contains("add `mfa_serial`"))),
        "{:#?}",
        plan.rows
    );
}
