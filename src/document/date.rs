//! Publication dates as documents write them, read into `YYYY-MM-DD` so
//! they sort and line up: ISO 8601 (`2025-10-25T09:30:00+07:00`, what
//! `article:published_time` and front matter hold), `2025/10/25`, RFC 2822
//! (`Sat, 25 Oct 2025 09:30:00 +0700`, feeds and mail) and the English
//! forms articles print (`October 25, 2025`, `25 Oct 2025`). Anything else
//! is left as written: folio does not guess which of `03/04/2025`'s
//! numbers is the month.

/// `text` as `YYYY-MM-DD`, when it is a date folio can read.
#[must_use]
pub fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    iso(text).or_else(|| words(text)).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

type Ymd = (u32, u32, u32);

fn valid(y: u32, m: u32, d: u32) -> Option<Ymd> {
    let days = match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    ((1000..=9999).contains(&y) && (1..=days).contains(&d)).then_some((y, m, d))
}

/// `2025-10-25`, `2025/10/25`, `2025-10-25T…` (the time is dropped).
fn iso(text: &str) -> Option<Ymd> {
    let b = text.as_bytes();
    if b.len() < 10 || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
    valid(num(0..4)?, num(5..7)?, num(8..10)?)
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
    let at = MONTHS.iter().position(|m| lower.starts_with(m))?;
    // `Sept` and the full names, but not any word that starts alike.
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (FULL[at].starts_with(&lower) && lower.len() >= 3).then(|| u32::try_from(at + 1).unwrap_or(0))
}

/// `October 25, 2025`, `Oct. 25 2025`, `25 October 2025`, `Sat, 25 Oct
/// 2025 09:30:00 +0700`: a month name, a day and a four-digit year in the
/// first words.
fn words(text: &str) -> Option<Ymd> {
    let tokens: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).take(5).collect();
    let mut tokens = tokens.as_slice();
    // A weekday first (RFC 2822, and `Saturday, October 25, 2025`).
    if tokens.first().is_some_and(|t| month(t).is_none() && t.chars().all(char::is_alphabetic)) {
        tokens = &tokens[1..];
    }
    let number = |t: &str| t.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']).parse::<u32>().ok();
    match tokens {
        [a, b, c, ..] => {
            let year = c.parse::<u32>().ok().filter(|_| c.len() == 4)?;
            if let Some(m) = month(a) { valid(year, m, number(b)?) } else { valid(year, month(b)?, number(a)?) }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn reads_the_dates_articles_and_feeds_write() {
        for (text, want) in [
            ("2025-10-25", "2025-10-25"),
            ("2025-10-25T09:30:00+07:00", "2025-10-25"),
            ("2025/10/25", "2025-10-25"),
            ("Sat, 25 Oct 2025 09:30:00 +0700", "2025-10-25"),
            ("October 25, 2025", "2025-10-25"),
            ("Oct. 5 2025", "2025-10-05"),
            ("25 October 2025", "2025-10-25"),
            ("Saturday, October 25th, 2025", "2025-10-25"),
            ("Feb 29, 2024", "2024-02-29"),
        ] {
            assert_eq!(normalize(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn leaves_what_it_cannot_read() {
        for text in ["03/04/2025", "yesterday", "2025-13-01", "Feb 29, 2025", "Octopus 5, 2025", "2025-10-25x", ""] {
            assert_eq!(normalize(text), None, "{text}");
        }
    }
}
