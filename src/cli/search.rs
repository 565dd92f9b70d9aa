//! `folio search`: hits as FILE:LINE: TEXT, grep's shapes (-l, -c, context).

use super::*;

/// `folio search`: hits as `FILE:LINE: TEXT`, one line each, or as JSON
/// lines. Documents are read, searched and printed one at a time, so memory
/// holds one document, not the library.
/// What `folio search` prints, as grep's options choose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Matching lines, with this many lines of context around them.
    Lines { before: usize, after: usize },
    /// ripgrep's JSON `match` messages.
    Json,
    /// `-l`: the names of documents with a match.
    Files,
    /// `-c`: how many lines match, per document with a match.
    Count,
}

pub(super) fn search_command(setup: &Setup, query: &Query, paths: &[PathBuf], shape: Shape) -> Result<ExitCode> {
    // Compiled once for every document.
    let matcher = match crate::search::Matcher::new(query, setup.config.rules) {
        Ok(matcher) => matcher,
        Err(err) => {
            eprintln!("folio: {}", sanitize::line(&err.to_string()));
            return Ok(ExitCode::from(2));
        }
    };
    let targets = setup.library(paths);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut hits = 0usize;
    let mut failed = 0usize;
    let result = (|| -> io::Result<()> {
        let (mut inputs, problems) = inputs(&targets);
        for problem in &problems {
            eprintln!("folio: {}", sanitized(problem));
        }
        failed += problems.len();
        let mut queue: std::collections::VecDeque<Input> = inputs.drain(..).collect();
        while let Some(input) = queue.pop_front() {
            // Search output names the standard input as grep does.
            let label = match &input {
                Input::Loaded(entry) => entry.origin.label(),
                Input::Stdin => "(standard input)".to_owned(),
                Input::File { path, .. } => path.display().to_string(),
            };
            // Lines with a match in this document (all its pieces).
            let mut found = 0;
            match input.open(true) {
                Ok(Opened::Whole { doc, source }) => {
                    let at = Place { lines_before: 0, offset: 0 };
                    found += search_one(&mut out, &label, &doc, source.as_deref(), &matcher, shape, at)?;
                }
                Ok(Opened::Pieces(mut pieces)) => {
                    // A large file a piece at a time: memory stays small,
                    // line numbers count on from piece to piece (context
                    // stops at a piece's edge).
                    while let Some(piece) = next_piece(&mut pieces, &label, &mut failed) {
                        if shape == Shape::Files && found > 0 {
                            break;
                        }
                        let at = Place { lines_before: piece.lines_before, offset: piece.offset };
                        found +=
                            search_one(&mut out, &label, &piece.doc, piece.source.as_deref(), &matcher, shape, at)?;
                    }
                }
                Err(err) => {
                    eprintln!("folio: {}: {}", sanitize::line(&label), sanitize::line(&err.to_string()));
                    failed += 1;
                }
            }
            // As ripgrep, documents without a match are not listed.
            match shape {
                Shape::Files if found > 0 => writeln!(out, "{}", sanitize::line(&label))?,
                Shape::Count if found > 0 => writeln!(out, "{}:{found}", sanitize::line(&label))?,
                _ => {}
            }
            hits += found;
            out.flush()?;
        }
        Ok(())
    })();
    match result {
        // `folio search x | head` closes the pipe early: that is success.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(err) => return Err(err.into()),
        Ok(()) => {}
    }
    // As grep: 2 when something could not be read, else 0 for a hit and 1
    // for none.
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else if hits > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints the lines of one document that hold a match (as `shape` says);
/// returns how many. A match in rendered text (Markdown) is reported at
/// the line of the file it came from, and that line of the file is what is
/// printed, so `vim +LINE FILE` and quickfix lists land on it.
pub(super) fn search_one(
    out: &mut impl Write,
    label: &str,
    doc: &crate::document::Document,
    source: Option<&str>,
    matcher: &crate::search::Matcher,
    shape: Shape,
    at: Place,
) -> io::Result<usize> {
    let matches = matcher.find_in(&doc.text, &|| false).unwrap_or_default();
    let file = source.unwrap_or(&doc.text);
    let mut hits: Vec<HitLine> = Vec::new();
    let mut counter = LineCounter::default();
    for m in matches {
        // Mapped offsets are approximate inside a span whose rendered form
        // differs from its source (an entity, an escape): keep them on
        // character boundaries of the file.
        let start = file.floor_char_boundary(doc.source_offset(m.start).min(file.len()));
        let end = if m.end > m.start { doc.source_offset(m.end - 1) + 1 } else { start };
        let end = file.ceil_char_boundary(end.min(file.len()));
        let number = counter.line_of(file, start);
        let line_start = file[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = file[start..].find('\n').map_or(file.len(), |i| start + i);
        let line_end = if file[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
        let sub = start..end.clamp(start, line_end.max(start));
        match hits.last_mut() {
            Some((n, _, subs)) if *n == number => subs.push(sub),
            _ => hits.push((number, line_start..line_end, vec![sub])),
        }
    }
    let name = sanitize::line(label);
    match shape {
        Shape::Files | Shape::Count => {}
        Shape::Json => {
            for (number, line, subs) in &hits {
                let subs: Vec<String> = subs
                    .iter()
                    .map(|m| {
                        format!(
                            r#"{{"match":{{"text":{}}},"start":{},"end":{}}}"#,
                            sanitize::json_string(&file[m.clone()]),
                            m.start - line.start,
                            m.end - line.start
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    r#"{{"type":"match","data":{{"path":{{"text":{}}},"lines":{{"text":{}}},"line_number":{},"absolute_offset":{},"submatches":[{}]}}}}"#,
                    sanitize::json_string(label),
                    sanitize::json_string(&format!("{}\n", &file[line.clone()])),
                    at.lines_before + number,
                    at.offset + line.start,
                    subs.join(",")
                )?;
            }
        }
        Shape::Lines { before: 0, after: 0 } => {
            for (number, line, _) in &hits {
                writeln!(out, "{name}:{}: {}", at.lines_before + number, sanitize::line(file[line.clone()].trim()))?;
            }
        }
        Shape::Lines { before, after } => {
            // As grep -C: context lines marked `-`, matching lines `:`,
            // `--` between groups that do not touch. One pass over the
            // file's lines from the first one shown.
            let mut groups: Vec<(usize, usize)> = Vec::new();
            for (number, _, _) in &hits {
                let (from, to) = (number.saturating_sub(before).max(1), number + after);
                match groups.last_mut() {
                    Some((_, end)) if from <= *end + 1 => *end = to,
                    _ => groups.push((from, to)),
                }
            }
            let mut matching = hits.iter().map(|(n, _, _)| *n).peekable();
            let mut groups = groups.into_iter().peekable();
            let mut first_group = true;
            for (index, line) in file.split('\n').enumerate() {
                let number = index + 1;
                let Some(&(from, to)) = groups.peek() else { break };
                if number < from {
                    continue;
                }
                if number == from && !std::mem::take(&mut first_group) {
                    writeln!(out, "--")?;
                }
                let hit = matching.next_if_eq(&number).is_some();
                let mark = if hit { ':' } else { '-' };
                let text = sanitize::line(line.strip_suffix('\r').unwrap_or(line).trim());
                let gap = if text.is_empty() { "" } else { " " };
                writeln!(out, "{name}{mark}{}{mark}{gap}{text}", at.lines_before + number)?;
                if number == to {
                    groups.next();
                }
            }
        }
    }
    Ok(hits.len())
}

/// Where a piece of a file starts: lines and bytes before it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    lines_before: usize,
    offset: usize,
}

/// Line numbers of byte offsets, counted on from the last one asked for.
#[derive(Default)]
pub(super) struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_of(&mut self, text: &str, offset: usize) -> usize {
        if offset < self.offset {
            *self = Self::default();
        }
        self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
        self.offset = offset;
        self.line + 1
    }
}
