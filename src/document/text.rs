//! Small text measures shared by the parsers: sentences and word counts.

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Jr", "Sr", "No", "Nos", "Vol", "Fig", "Gen", "Gov", "Sen", "Rep", "Lt",
    "Col", "Capt", "Mt", "etc", "vs", "e.g", "i.e", "approx", "Inc", "Ltd", "Co", "Corp", "Dept", "Univ", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "dvs", "bl.a", "t.ex", "ca", "nr",
];

/// The first sentence of `text`, with runs of white space (including the
/// line breaks of hard-wrapped text) collapsed to one space.
#[must_use]
pub fn first_sentence(text: &str) -> String {
    let mut out = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        let Some(next) = words.peek() else { break };
        if ends_sentence(word) && starts_sentence(next) {
            break;
        }
    }
    out
}

/// The sentence of `text[within]` that holds `range`: from the word after
/// the last sentence end before it to the first sentence end after it
/// (the same rules as [`first_sentence`]), at most `max` bytes around it.
#[must_use]
pub fn sentence_around(
    text: &str,
    within: std::ops::Range<usize>,
    range: std::ops::Range<usize>,
    max: usize,
) -> std::ops::Range<usize> {
    let within = within.start.min(range.start)..within.end.max(range.end).min(text.len());
    let floor = text.floor_char_boundary(range.start.saturating_sub(max).max(within.start));
    let ceil = text.floor_char_boundary((range.end + max).min(within.end));
    // Start: after the last word that ends a sentence before the match,
    // when the word after it starts one.
    let mut start = floor;
    let head = &text[floor..range.start];
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for word in head.split_whitespace() {
        let offset = head[at..].find(word).map_or(at, |i| at + i);
        words.push((floor + offset, word));
        at = offset + word.len();
    }
    for pair in words.windows(2).rev() {
        if ends_sentence(pair[0].1) && starts_sentence(pair[1].1) {
            start = pair[1].0;
            break;
        }
    }
    if let Some((offset, word)) = words.last()
        && ends_sentence(word)
        && starts_sentence(&text[range.clone()])
        && *offset < range.start
    {
        start = range.start;
    }
    // End: through the first word at or after the match's end that ends a
    // sentence.
    let mut end = ceil;
    let tail_start = text[..range.end].rfind(char::is_whitespace).map_or(within.start, |i| i + 1).max(start);
    let tail = &text[tail_start..ceil];
    let mut at = 0;
    for word in tail.split_whitespace() {
        let offset = tail[at..].find(word).map_or(at, |i| at + i);
        at = offset + word.len();
        if tail_start + at >= range.end && ends_sentence(word) {
            end = tail_start + at;
            break;
        }
    }
    start.min(range.start)..end.max(range.end)
}

fn ends_sentence(word: &str) -> bool {
    let trimmed = word.trim_end_matches(['"', '\'', '”', '’', ')']);
    let Some(stem) =
        trimmed.strip_suffix('.').or_else(|| trimmed.strip_suffix('!')).or_else(|| trimmed.strip_suffix('?'))
    else {
        return false;
    };
    if trimmed.ends_with('.') {
        let stem = stem.trim_start_matches(['(', '"', '“', '‘']);
        // "J." in "J. Smith", or a known abbreviation.
        let single_initial = stem.chars().count() == 1 && stem.chars().all(char::is_uppercase);
        if single_initial || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(stem)) {
            return false;
        }
    }
    true
}

fn starts_sentence(word: &str) -> bool {
    word.trim_start_matches(['"', '\'', '“', '‘', '(', '-', '–', '—'])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

#[cfg(test)]
mod sentence_tests {
    use super::sentence_around;

    #[test]
    fn the_sentence_around_a_match() {
        let text = "First one here. Dr. Smith met the whale today, as planned. Then he left!";
        let at = text.find("whale").unwrap_or(0);
        let r = sentence_around(text, 0..text.len(), at..at + 5, 500);
        assert_eq!(&text[r], "Dr. Smith met the whale today, as planned.");
        let at = text.find("First").unwrap_or(0);
        assert_eq!(&text[sentence_around(text, 0..text.len(), at..at + 5, 500)], "First one here.");
        let at = text.find("left").unwrap_or(0);
        assert_eq!(&text[sentence_around(text, 0..text.len(), at..at + 4, 500)], "Then he left!");
    }
}

/// Writes a table's rows to `out` as aligned lines: each cell's white space
/// collapsed, cells padded to their column's width (as drawn) and joined by
/// ` │ `, the first `head_rows` rows ruled off. Empty rows are left out.
/// Returns where each written row starts in `out`, by row index.
pub fn write_table(out: &mut String, rows: &[Vec<String>], head_rows: usize) -> Vec<(usize, usize)> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |row: &Vec<String>, c: usize| {
        row.get(c).map_or(String::new(), |s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let widths: Vec<usize> =
        (0..columns).map(|c| rows.iter().map(|r| crate::sanitize::width(&cell(r, c))).max().unwrap_or(0)).collect();
    let mut starts = Vec::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
        starts.push((i, out.len()));
        let cells: Vec<String> = (0..columns)
            .map(|c| {
                let text = cell(row, c);
                format!("{text}{}", " ".repeat(widths[c].saturating_sub(crate::sanitize::width(&text))))
            })
            .collect();
        out.push_str(cells.join(" │ ").trim_end());
        out.push('\n');
        if i + 1 == head_rows {
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push_str(&rule.join("─┼─"));
            out.push('\n');
        }
    }
    starts
}

/// Counts words: runs of bytes above the space character. Only ASCII space
/// and control characters separate words here, which keeps this a byte loop
/// the compiler vectorises: a 100 MB book is counted in about 20 ms.
///
/// Chinese and Japanese do not put spaces between words: a page of 2 000
/// characters counted 28 words (issue 20). Their characters (kana and CJK
/// ideographs, U+3040 to U+9FFF: UTF-8 lead bytes E3 to E9, CJK punctuation
/// left out) count 23/50 of a word each: about 2.2 characters a word, so
/// the reading time at 230 words a minute is the usual 500 characters a
/// minute for those scripts.
#[must_use]
pub fn word_count(text: &str) -> usize {
    let mut count = 0usize;
    let mut prev_space = 1u8;
    // A u8 accumulator over at most 255 bytes cannot overflow and lets the
    // loop run on whole vector registers.
    for chunk in text.as_bytes().chunks(255) {
        let mut starts = 0u8;
        let mut prev = prev_space;
        for &b in chunk {
            let space = u8::from(b <= b' ');
            starts = starts.wrapping_add(prev & (space ^ 1));
            prev = space;
        }
        count += usize::from(starts);
        prev_space = prev;
    }
    // Separate passes, each one the compiler or memchr vectorises.
    let mut wide = 0usize;
    for chunk in text.as_bytes().chunks(255) {
        let n = chunk.iter().fold(0u8, |n, &b| n.wrapping_add(u8::from(b.wrapping_sub(0xE3) <= 6)));
        wide += usize::from(n);
    }
    if wide == 0 {
        return count;
    }
    // U+3000..U+303F (CJK spaces and punctuation) start E3 80.
    let punct = memchr::memmem::find_iter(text.as_bytes(), b"\xE3\x80").count();
    count + wide.saturating_sub(punct) * 23 / 50
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_skips_abbreviations() {
        assert_eq!(first_sentence("He met Dr. Singh in Delhi. Then he left."), "He met Dr. Singh in Delhi.");
        assert_eq!(first_sentence("One line\r\nwrapped. Next"), "One line wrapped.");
        assert_eq!(first_sentence("No stop at all"), "No stop at all");
        assert_eq!(first_sentence("Version 4.0 is out. Yes"), "Version 4.0 is out.");
    }

    #[test]
    fn counts_words() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("  one two\r\nthree\t four "), 4);
        assert_eq!(word_count("Hà Nội"), 2);
    }

    #[test]
    fn counts_chinese_and_japanese_by_characters() {
        // 100 ideographs and their punctuation: about 46 words, not 1.
        let chinese = "我们今天去公园散步，天气很好。".repeat(8);
        let ideographs = chinese.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
        assert_eq!(ideographs, 13 * 8);
        assert_eq!(word_count(&chinese), 1 + ideographs * 23 / 50);
        // Punctuation split across chunk edges still counts as none.
        let long = "。".repeat(1000);
        assert_eq!(word_count(&long), 1);
        assert_eq!(word_count("ート強化です"), 1 + 6 * 23 / 50);
    }
}
