use super::*;

fn read(text: &str) -> ConsoleLink {
    match parse(text) {
        Some(Ok(link)) => link,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn every_kind_of_console_link_names_its_account_and_page() {
    // (link, kind, partition, account, role, destination, region)
    type Row<'a> = (
        &'a str,
        ConsoleKind,
        Partition,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
    );
    let table: [Row; 11] = [
        (
            "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:",
            ConsoleKind::Console,
            Partition::Aws,
            None,
            None,
            "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:",
            Some("eu-west-1"),
        ),
        (
            "https://console.aws.amazon.com/s3/buckets/my-bucket?region=us-east-2",
            ConsoleKind::Console,
            Partition::Aws,
            None,
            None,
            "https://console.aws.amazon.com/s3/buckets/my-bucket?region=us-east-2",
            Some("us-east-2"),
        ),
        // An ARN in the fragment names the account.
        (
            "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/arn:aws:lambda:eu-west-1:222222222222:function:billing",
            ConsoleKind::Console,
            Partition::Aws,
            Some("222222222222"),
            None,
            "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/arn:aws:lambda:eu-west-1:222222222222:function:billing",
            Some("eu-west-1"),
        ),
        // Percent-encoded, in the query, as CloudWatch writes them.
        (
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/x?~(alarmArn~%27arn%3Aaws%3Acloudwatch%3Aus-east-1%3A333333333333%3Aalarm%3Ax)",
            ConsoleKind::Console,
            Partition::Aws,
            Some("333333333333"),
            None,
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/x?~(alarmArn~%27arn%3Aaws%3Acloudwatch%3Aus-east-1%3A333333333333%3Aalarm%3Ax)",
            Some("us-east-1"),
        ),
        // Multi-session: the account from the host; the page on the plain host.
        (
            "https://222222222222-ab12cd34.eu-central-1.console.aws.amazon.com/rds/home?region=eu-central-1#databases:",
            ConsoleKind::MultiSession,
            Partition::Aws,
            Some("222222222222"),
            None,
            "https://eu-central-1.console.aws.amazon.com/rds/home?region=eu-central-1#databases:",
            Some("eu-central-1"),
        ),
        (
            "https://444444444444-xyz9.console.aws.amazon.com/iam/home",
            ConsoleKind::MultiSession,
            Partition::Aws,
            Some("444444444444"),
            None,
            "https://console.aws.amazon.com/iam/home",
            None,
        ),
        // Other partitions.
        (
            "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1",
            ConsoleKind::Console,
            Partition::AwsUsGov,
            None,
            None,
            "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1",
            Some("us-gov-west-1"),
        ),
        // Any other address carrying an ARN: its account's console home, in its region.
        (
            "https://mycorp.pagerduty.com/incidents/Q1?details=arn%3Aaws%3Ards%3Aeu-west-1%3A222222222222%3Adb%3Aorders",
            ConsoleKind::Arn,
            Partition::Aws,
            Some("222222222222"),
            None,
            "",
            Some("eu-west-1"),
        ),
        (
            "https://example.com/arn:aws-us-gov:iam::333333333333:role/x",
            ConsoleKind::Arn,
            Partition::AwsUsGov,
            Some("333333333333"),
            None,
            "",
            None,
        ),
        // IAM Identity Center shortcut links.
        (
            "https://d-9067642ac7.awsapps.com/start/#/console?account_id=222222222222&role_name=Admin&destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fs3%2Fhome%3Fregion%3Deu-west-1",
            ConsoleKind::IdentityCenter,
            Partition::Aws,
            Some("222222222222"),
            Some("Admin"),
            "https://console.aws.amazon.com/s3/home?region=eu-west-1",
            Some("eu-west-1"),
        ),
        (
            "https://mycorp.awsapps.com/start/#/console?account_id=555555555555&role_name=ReadOnly",
            ConsoleKind::IdentityCenter,
            Partition::Aws,
            Some("555555555555"),
            Some("ReadOnly"),
            "",
            None,
        ),
    ];
    for (text, kind, partition, account, role, destination, region) in table {
        let link = read(text);
        assert_eq!(link.kind, kind, "{text}");
        assert_eq!(link.partition, partition, "{text}");
        assert_eq!(link.account.as_deref(), account, "{text}");
        assert_eq!(link.role.as_deref(), role, "{text}");
        assert_eq!(
            link.destination.as_deref().unwrap_or_default(),
            destination,
            "{text}"
        );
        assert_eq!(link.region.as_deref(), region, "{text}");
    }
}

#[test]
fn other_links_are_not_console_links_and_bad_ones_say_why() {
    for other in [
        "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=Admin",
        "https://console.aws.amazon.com.evil.example/ec2",
        "rolehop://open/acme-prod",
        "acme-prod",
        "https://mycorp.awsapps.com/start",
        "https://example.com/no/arn/here",
        "ftp://example.com/arn:aws:iam::222222222222:role/x",
    ] {
        assert!(parse(other).is_none(), "{other}");
    }
    for (bad, why) in [
        ("http://console.aws.amazon.com/ec2/home", "https"),
        (
            "https://user:pw@console.aws.amazon.com/ec2/home",
            "credentials",
        ),
        (
            "https://console.aws.amazon.com/x#arn:aws:s3:::b/arn:aws:iam::111111111111:role/a/arn:aws:iam::222222222222:role/b",
            "several accounts",
        ),
        (
            "https://mycorp.awsapps.com/start/#/console?role_name=Admin",
            "no account",
        ),
        (
            "https://tickets.example/T-1?a=arn:aws:s3:::b&b=arn:aws:iam::111111111111:role/a&c=arn:aws:iam::222222222222:role/b",
            "several accounts",
        ),
        (
            "https://tickets.example/T-2?a=arn:awsx:iam::111111111111:role/a",
            "not an AWS partition",
        ),
        (
            "https://mycorp.awsapps.com/start/#/console?account_id=12345&role_name=Admin",
            "12-digit",
        ),
        (
            "https://mycorp.awsapps.com/start/#/console?account_id=222222222222&destination=https%3A%2F%2Fevil.example%2F",
            "not an AWS console page",
        ),
    ] {
        match parse(bad) {
            Some(Err(Unusable(reason))) => assert!(reason.contains(why), "{bad}: {reason}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}
