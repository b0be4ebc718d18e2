//! How the menu words time and orders names: "for 12 min", "42 min left", and names as a
//! person reads them ("Client 2" before "Client 10").

/// "for 12 min", "for 1 h 05 min", "just now": how long a console has been open.
pub fn time_ago(secs: i64) -> String {
    match secs.max(0) / 60 {
        0 => "just now".into(),
        m if m < 60 => format!("for {m} min"),
        m => format!("for {} h {:02} min", m / 60, m % 60),
    }
}

/// "42 min left", "1 h 05 min left": what is left of a session.
pub fn time_left(secs: i64) -> String {
    let mins = (secs.max(0) + 59) / 60;
    if mins >= 60 {
        format!("{} h {:02} min left", mins / 60, mins % 60)
    } else {
        format!("{mins} min left")
    }
}

/// Compares two names as a person reads them: runs of digits by their value ("2" < "10"),
/// everything else character by character.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let take = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
                    let mut digits = String::new();
                    while let Some(ch) = it.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(ch);
                        it.next();
                    }
                    digits
                };
                let (m, n) = (take(&mut x), take(&mut y));
                let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let order = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}
