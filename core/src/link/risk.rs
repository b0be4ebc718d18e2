//! Destinations a link may not choose. A link comes from outside (any web page can navigate
//! to `rolehop://open/…`), and some console pages act on what their URL carries: CloudFormation's
//! quick-create page preloads a template from `templateURL` (any https URL) with a stack name
//! and parameters, ready for one click; other pages take a URL to fetch or return to. A link
//! whose destination carries a URL in its query or fragment, or opens such a page, is refused
//! with the reason (the catalog's own destinations are the person's and are not judged here).

/// Query or fragment parameters that preload content or an action from elsewhere.
const PRELOADING: &[&str] = &[
    "templateurl",
    "template_url",
    "stackname",
    "stack_name",
    "param_",
    "templatebody",
    "redirect",
    "redirect_uri",
    "return",
    "returnurl",
    "return_url",
    "next",
    "callback",
    "url",
];

/// Pages that act on what their URL carries.
const ACTING_PAGES: &[&str] = &[
    "quickcreate",
    "/stacks/create/review",
    "/stacks/create/template",
];

/// Why a link's console URL may not be opened from a link, if it may not.
pub fn destination_risk(console_url: &str) -> Option<String> {
    let url = url::Url::parse(console_url).ok()?;
    let fragment = url.fragment().unwrap_or_default();
    let lowered = format!("{}#{}", url.path(), fragment).to_ascii_lowercase();
    if let Some(page) = ACTING_PAGES.iter().find(|p| lowered.contains(*p)) {
        return Some(format!(
            "it opens a console page that acts on what the link carries (`{}`), such as CloudFormation's quick-create with a template from elsewhere",
            page.trim_matches('/')
        ));
    }
    // The query, and a query inside the fragment (`#/stacks/new?templateURL=…`).
    let fragment_query = fragment.split_once('?').map(|(_, q)| q).unwrap_or(fragment);
    let pairs = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .chain(
            url::form_urlencoded::parse(fragment_query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
    for (key, value) in pairs {
        let k = key.to_ascii_lowercase();
        if PRELOADING
            .iter()
            .any(|p| k == *p || (p.ends_with('_') && k.starts_with(p)))
        {
            return Some(format!(
                "its destination sets `{key}`, which makes the console load or act on something the link chose"
            ));
        }
        if carries_url(&value) {
            return Some(format!(
                "its destination's `{key}` carries a web address, which a link may not hand to the console"
            ));
        }
    }
    None
}

fn carries_url(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    [
        "http://",
        "https://",
        "//",
        "s3://",
        "ftp://",
        "data:",
        "javascript:",
    ]
    .iter()
    .any(|p| v.starts_with(p) || v.contains(&format!("={p}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_preloading_pages_are_refused() {
        let refused = [
            "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate?templateURL=https://evil.example/t.yaml&stackName=x",
            "https://eu-west-1.console.aws.amazon.com/cloudformation/home#/stacks/create/review?templateURL=https%3A%2F%2Fevil.example%2Ft",
            "https://console.aws.amazon.com/s3/home?region=eu-west-1&next=https://evil.example/",
            "https://console.aws.amazon.com/lambda/home#/functions?x=https%3A%2F%2Fevil.example",
            "https://console.aws.amazon.com/console/home?redirect_uri=%2F%2Fevil.example",
            "https://console.aws.amazon.com/cloudformation/home#/stacks/new?param_Bucket=x",
        ];
        for url in refused {
            assert!(destination_risk(url).is_some(), "{url}");
        }
        let fine = [
            "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks",
            "https://console.aws.amazon.com/s3/buckets/my-bucket?region=eu-west-1&tab=objects",
            "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:instanceState=running",
            "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups",
        ];
        for url in fine {
            assert_eq!(destination_risk(url), None, "{url}");
        }
    }
}
