//! Plain output: documents printed to a pipe, wrapped or as JSON, read in
//! pieces when large.

use super::*;

/// Prints the documents (`width`), or the table of them, for a pipe. One
/// document at a time, and a large one a piece at a time
/// ([`crate::chunked`]): memory stays at a few megabytes whatever is
/// printed, and output starts at once.
pub(super) fn print(setup: &Setup, paths: &[PathBuf], width: Option<usize>, json: bool) -> Result<ExitCode> {
    for problem in &setup.problems {
        eprintln!("folio: {}", sanitize::line(&problem.display(&setup.paths.config_file)));
    }
    let (inputs, problems) = inputs(paths);
    for problem in &problems {
        eprintln!("folio: {}", sanitized(problem));
    }
    let only_stdin = matches!(inputs.as_slice(), [Input::Stdin]) && problems.is_empty();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = (|| -> io::Result<Printed> {
        if width.is_none() {
            output::write_list_header(&mut out)?;
        }
        print_inputs(&mut out, inputs, width, json)
    })();
    let printed = match result {
        // `folio big.txt | head` closes the pipe early: that is success.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(err) => return Err(err.into()),
        Ok(printed) => printed,
    };
    // Standard input that brought nothing prints nothing, as `cat` does.
    if printed.shown == 0 && printed.failed == 0 && only_stdin {
        return Ok(ExitCode::SUCCESS);
    }
    if printed.shown == 0 {
        eprintln!("folio: {}", sanitize::line(&nothing_to_open(paths)));
        return Ok(ExitCode::from(2));
    }
    // Something failed (a file missing, binary further on): as `cat` does,
    // the rest is printed and the status says so.
    if printed.failed > 0 || !problems.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints each input as a document (`width`) or a row of the table;
/// returns how many were printed.
pub(super) fn print_inputs(
    out: &mut impl Write,
    inputs: Vec<Input>,
    width: Option<usize>,
    json: bool,
) -> io::Result<Printed> {
    let several = inputs.len() > 1;
    let mut shown = 0usize;
    let mut failed = 0usize;
    for input in inputs {
        let label = input.label();
        let list_label = match &input {
            Input::File { path, root } => path.strip_prefix(root).unwrap_or(path).display().to_string(),
            _ => label.clone(),
        };
        let opened = match input.open(false) {
            Ok(opened) => opened,
            Err(err) => {
                eprintln!("folio: {}: {}", sanitize::line(&label), sanitize::line(&err.to_string()));
                failed += 1;
                continue;
            }
        };
        let mut notices = Vec::new();
        match (opened, width) {
            (Opened::Whole { doc, .. }, Some(_)) if json => {
                let mut object = output::JsonDocument::start(out, &label, &doc)?;
                object.text(out, &doc)?;
                object.finish(out)?;
                notices.extend(doc.notices.iter().cloned());
            }
            (Opened::Pieces(mut pieces), Some(_)) if json => {
                let mut object = None;
                while let Some(piece) = next_piece(&mut pieces, &label, &mut failed) {
                    let writer = match &mut object {
                        Some(writer) => writer,
                        None => object.insert(output::JsonDocument::start(out, &label, &piece.doc)?),
                    };
                    writer.text(out, &piece.doc)?;
                    notices.extend(
                        piece.doc.notices.iter().filter(|n| !notices.contains(*n)).cloned().collect::<Vec<_>>(),
                    );
                }
                match object {
                    Some(object) => object.finish(out)?,
                    None => continue, // an empty stream is not a document
                }
            }
            (Opened::Whole { doc, .. }, Some(width)) => {
                if several {
                    writeln!(out, "{}==> {} <==\n", if shown > 0 { "\n" } else { "" }, sanitize::line(&label))?;
                }
                output::write_document(out, &doc, width)?;
                notices.extend(doc.notices.iter().cloned());
            }
            (Opened::Whole { doc, .. }, None) => {
                output::write_list_row(out, &library::Meta::of(&doc), doc.word_count, &list_label)?;
                notices.extend(doc.notices.iter().cloned());
            }
            (Opened::Pieces(mut pieces), Some(width)) => {
                let mut first = true;
                while let Some(piece) = next_piece(&mut pieces, &label, &mut failed) {
                    if first && several {
                        writeln!(out, "{}==> {} <==\n", if shown > 0 { "\n" } else { "" }, sanitize::line(&label))?;
                    }
                    if first {
                        output::write_document(out, &piece.doc, width)?;
                    } else {
                        writeln!(out)?;
                        output::write_body(out, &piece.doc, width)?;
                    }
                    first = false;
                    notices.extend(
                        piece.doc.notices.iter().filter(|n| !notices.contains(*n)).cloned().collect::<Vec<_>>(),
                    );
                }
                if first {
                    continue; // an empty stream is not a document
                }
            }
            (Opened::Pieces(mut pieces), None) => {
                let Some(head) = next_piece(&mut pieces, &label, &mut failed) else { continue };
                let (rest, stopped) = pieces.count_rest_words()?;
                let words = head.doc.word_count + rest;
                if let Some(err) = stopped {
                    notices.push(err.to_string());
                    failed += 1;
                }
                output::write_list_row(out, &library::Meta::of(&head.doc), words, &list_label)?;
                notices.extend(head.doc.notices.iter().cloned());
            }
        }
        shown += 1;
        out.flush()?;
        for notice in notices {
            eprintln!("folio: {}: {}", sanitize::line(&label), sanitize::line(&notice));
        }
    }
    out.flush()?;
    Ok(Printed { shown, failed })
}

/// How many inputs were printed, and how many failed (in part or whole).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Printed {
    shown: usize,
    failed: usize,
}

/// The next piece of an input; a problem (binary content further on, a
/// read error) is reported, counted in `failed`, and ends the input.
pub(super) fn next_piece<R: io::Read>(
    pieces: &mut crate::chunked::Chunks<R>,
    label: &str,
    failed: &mut usize,
) -> Option<crate::chunked::Piece> {
    match pieces.next_piece() {
        Ok(piece) => piece,
        Err(err) => {
            eprintln!("folio: {}: {}", sanitize::line(label), sanitize::line(&err.to_string()));
            *failed += 1;
            None
        }
    }
}

/// What `paths` name, in order, for printing and searching: standard input
/// (`-`, or a pipe when nothing is named), then files as given and folders
/// walked; with nothing at all, the built-in articles.
pub(super) fn inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Problem>) {
    if paths.is_empty() {
        if stdin_given() {
            return (vec![Input::Stdin], Vec::new());
        }
        return (library::seeds().into_iter().map(Input::Loaded).collect(), Vec::new());
    }
    let mut inputs = Vec::new();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        inputs.push(Input::Stdin);
    }
    let web = fetch_urls(paths);
    inputs.extend(web.entries.into_iter().map(Input::Loaded));
    let (files, mut problems) = library::find_files(&file_args(paths));
    problems.extend(web.problems);
    inputs.extend(files.into_iter().map(|(path, root)| Input::File { path, root }));
    (inputs, problems)
}
