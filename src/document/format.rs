//! The one table of the file formats folio reads, in the spirit of
//! ripgrep's `default_types.rs`: each row says which file names are the
//! format, how it is recognised from its first bytes (standard input has
//! no name), how it may be read, and which parser reads it. The folder
//! walk, the parser dispatch, `--format`, the messages that list what
//! folio reads, the preview and tail rules and the stream rules are all
//! derived from [`FORMATS`]; adding a format is one row here and one
//! parser file.

use super::{Document, ParseError, epub, html, markdown, plain};

/// How a format's parser takes its input.
#[derive(Clone, Copy)]
pub enum Parser {
    /// Decoded text (the decoder has already chosen the encoding).
    Text(fn(&str, &str) -> Document),
    /// Plain text, which is moved rather than copied: it is the document's
    /// own text, and a file of 100 MB is not copied for it.
    Owned(fn(&str, String) -> Document),
    /// A container read from its bytes (a zip archive).
    Bytes(fn(&str, &[u8]) -> Result<Document, ParseError>),
}

/// One format folio reads.
pub struct FileFormat {
    /// The name `--format` takes and messages use.
    pub name: &'static str,
    /// Other names `--format` accepts.
    pub aliases: &'static [&'static str],
    /// File name extensions, without the dot, first the usual one.
    pub extensions: &'static [&'static str],
    /// A container of binary bytes (a zip): never judged binary by its
    /// first block, never previewed (its index is at its end) nor read in
    /// pieces, read whole.
    pub container: bool,
    /// Can be parsed from pieces cut at blank lines, each on its own: a
    /// large file is printed piece by piece as it is read. A web page
    /// cannot be (a tag or a table spans blank lines): it is read whole.
    pub pieces: bool,
    /// Can be parsed from its last megabyte alone, so `G` may show the end
    /// of a large file before the rest is in. A web page cannot (its end
    /// is closing tags), nor can a book.
    pub tail: bool,
    /// Code fences matter when cutting it in pieces (a piece never ends
    /// inside one).
    pub fences: bool,
    /// Whether its first bytes (`head`, and the same as text with any
    /// byte-order mark and leading space taken off) show this format;
    /// tried in the table's order.
    pub sniff: fn(head: &[u8], text: &str) -> bool,
    pub parser: Parser,
    /// A parser that also maps the document's text back to its places in
    /// the source, for tools that report line numbers (`folio search`),
    /// where the text is rendered from markup that changes them.
    pub mapped: Option<fn(&str, &str) -> Document>,
}

impl FileFormat {
    /// The name a document of this format read from standard input goes
    /// by (`stdin.md`): its extension says the format, as a file's does.
    #[must_use]
    pub fn stdin_name(&self) -> String {
        format!("stdin.{}", self.extensions[0])
    }

    /// Whether `name` (a file name or a `--format` value) is this format.
    fn is_called(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case(self.name) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

/// Every format folio reads. Sniffing tries them in this order; the last
/// row, plain text, takes what no other row recognises.
pub static FORMATS: [FileFormat; 4] = [
    FileFormat {
        name: "epub",
        aliases: &[],
        extensions: &["epub"],
        container: true,
        pieces: false,
        tail: false,
        fences: false,
        sniff: sniff_epub,
        parser: Parser::Bytes(epub::parse_epub),
        mapped: None,
    },
    FileFormat {
        name: "html",
        aliases: &["htm", "xhtml"],
        extensions: &["html", "htm", "xhtml"],
        container: false,
        pieces: false,
        tail: false,
        fences: false,
        sniff: sniff_html,
        parser: Parser::Text(html::parse_html),
        mapped: None,
    },
    FileFormat {
        name: "md",
        aliases: &["markdown"],
        extensions: &["md", "markdown"],
        container: false,
        pieces: true,
        tail: true,
        fences: true,
        sniff: sniff_markdown,
        parser: Parser::Text(markdown::parse_markdown),
        mapped: Some(|name, source| markdown::parse_markdown_mapped(name, source, true)),
    },
    FileFormat {
        name: "txt",
        aliases: &["text"],
        extensions: &["txt", "text"],
        container: false,
        pieces: true,
        tail: true,
        fences: false,
        sniff: |_, _| true,
        parser: Parser::Owned(parse_plain),
        mapped: None,
    },
];

/// Plain text, reflowed as the configuration says.
fn parse_plain(name: &str, text: String) -> Document {
    plain::parse_plain(name, text, super::reflow())
}

/// The plain-text row: what a file with no known extension is read as.
#[must_use]
pub fn plain_text() -> &'static FileFormat {
    &FORMATS[FORMATS.len() - 1]
}

/// The format of a file called `name`, by its extension; plain text when
/// the extension is none of folio's (a README, a LICENSE).
#[must_use]
pub fn of_name(name: &str) -> &'static FileFormat {
    known_extension(name).unwrap_or_else(plain_text)
}

/// The format whose extension `name` ends in, if any.
#[must_use]
pub fn known_extension(name: &str) -> Option<&'static FileFormat> {
    // As `Path::extension` takes it: `.txt` alone is a hidden file's name.
    let extension = std::path::Path::new(name).extension()?.to_str()?;
    FORMATS.iter().find(|f| f.extensions.iter().any(|e| e.eq_ignore_ascii_case(extension)))
}

/// The format `--format` names (`txt`, `md`, `html`, `epub` and aliases).
///
/// # Errors
/// The name is none of them; the message lists those that are.
pub fn named(name: &str) -> Result<&'static FileFormat, String> {
    let name = name.trim();
    FORMATS.iter().find(|f| f.is_called(name)).ok_or_else(|| {
        let names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
        format!("unknown format {:?} ({})", name.to_ascii_lowercase(), names.join(", "))
    })
}

/// The format the first bytes of an input show (standard input, which has
/// no name): the first row whose sniff says yes.
#[must_use]
pub fn sniff(head: &[u8]) -> &'static FileFormat {
    let head = &head[..head.len().min(64 << 10)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    FORMATS.iter().find(|f| (f.sniff)(head, text)).unwrap_or_else(plain_text)
}

/// Every extension folio reads, as `.txt .text .md ...`, for messages and
/// `--help`.
#[must_use]
pub fn extension_list() -> String {
    FORMATS.iter().flat_map(|f| f.extensions).map(|e| format!(".{e}")).collect::<Vec<_>>().join(" ")
}

/// A zip whose first entry says `application/epub+zip` is a book.
fn sniff_epub(head: &[u8], _: &str) -> bool {
    head.starts_with(b"PK\x03\x04")
        && memchr::memmem::find(&head[..head.len().min(200)], b"application/epub+zip").is_some()
}

/// `<!doctype html`, `<html` (after an XML declaration or a comment, too).
fn sniff_html(_: &[u8], text: &str) -> bool {
    let lower: String = text.chars().take(4096).collect::<String>().to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || ((lower.starts_with("<?xml") || lower.starts_with("<!--") || lower.starts_with("<!doctype"))
            && (lower.contains("<html") || lower.contains("<body")))
}

/// YAML front matter, an ATX heading (`# Title`), a code fence pair or two
/// inline links.
fn sniff_markdown(_: &[u8], text: &str) -> bool {
    let lines: Vec<&str> = text.lines().take(200).collect();
    let heading = lines.iter().any(|l| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    let fences = lines.iter().filter(|l| l.trim_start().starts_with("```")).count();
    let links = text.matches("](").count();
    let front_matter = text.starts_with("---\n") && lines.iter().skip(1).any(|l| *l == "---");
    front_matter || heading || fences >= 2 || links >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_find_their_row() {
        assert_eq!(of_name("Notes.MD").name, "md");
        assert_eq!(of_name("page.xhtml").name, "html");
        assert_eq!(of_name("book.epub").name, "epub");
        assert_eq!(of_name("README").name, "txt");
        assert_eq!(of_name("archive.tar.gz").name, "txt");
        assert!(known_extension("archive.tar.gz").is_none());
        assert!(known_extension(".md").is_none(), "a hidden file's name is not an extension");
        assert_eq!(named("Markdown").map(|f| f.name), Ok("md"));
        let err = named("pdf").err().unwrap_or_default();
        assert!(err.contains("\"pdf\"") && err.contains("txt, md") || err.contains("epub"), "{err}");
    }

    #[test]
    fn sniffing_reads_the_first_bytes() {
        assert_eq!(sniff(b"<!DOCTYPE html><p>x").name, "html");
        assert_eq!(sniff(b"<?xml version='1.0'?>\n<html><body>").name, "html");
        assert_eq!(sniff(b"# Title\n\ntext").name, "md");
        assert_eq!(sniff(b"just some words\n").name, "txt");
        assert_eq!(sniff(b"PK\x03\x04....mimetypeapplication/epub+zip").name, "epub");
        assert_eq!(sniff(b"").name, "txt");
    }

    #[test]
    fn every_extension_is_listed_once() {
        let list = extension_list();
        for format in &FORMATS {
            for e in format.extensions {
                assert_eq!(list.matches(&format!(".{e} ")).count() + usize::from(list.ends_with(&format!(".{e}"))), 1);
            }
        }
    }
}
