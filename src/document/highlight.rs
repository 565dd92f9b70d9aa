//! Fenced code coloured by the language its info string names
//! (```` ```rust ````), with syntect's bundled Sublime Text grammars (the
//! ones bat uses). The grammar's scopes are read into a few kinds of token
//! ([`Token`]) that the theme colours, so every theme (and `NO_COLOR`,
//! which colours nothing) decides how code looks, not a syntect theme.
//!
//! A document is untrusted: a line longer than [`MAX_LINE`] bytes, a
//! grammar error (fancy-regex gives up on runaway backtracking) or a jump
//! of more than [`MAX_STEP`] bytes past what is coloured leave the rest of
//! a block plain. So the work is linear in what is read, with a bounded
//! cost per line, and nothing is coloured that is not looked at.

use std::ops::Range;
use std::sync::OnceLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::Token;

/// Longest line highlighted, in bytes: grammars' regexes run on a whole
/// line, and a minified line of megabytes is not code anyone reads.
pub const MAX_LINE: usize = 4_096;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The scopes each token kind starts with, most specific first where two
/// overlap (`constant.character` is a string's escape, `constant` else a
/// number or `true`).
fn selectors() -> &'static [(Scope, Token)] {
    static SELECTORS: OnceLock<Vec<(Scope, Token)>> = OnceLock::new();
    SELECTORS.get_or_init(|| {
        [
            ("comment", Token::Comment),
            ("string", Token::String),
            ("constant.character", Token::String),
            ("constant", Token::Constant),
            ("keyword.operator", Token::Operator),
            ("keyword", Token::Keyword),
            ("storage.type", Token::Keyword),
            ("storage.modifier", Token::Keyword),
            ("entity.name.type", Token::Type),
            ("entity.name.class", Token::Type),
            ("entity.name.struct", Token::Type),
            ("entity.name.enum", Token::Type),
            ("entity.name.trait", Token::Type),
            ("support.type", Token::Type),
            ("support.class", Token::Type),
            ("entity.name.function", Token::Function),
            ("support.function", Token::Function),
            ("variable.function", Token::Function),
            ("entity.name.tag", Token::Keyword),
            ("entity.other.attribute-name", Token::Type),
        ]
        .into_iter()
        .filter_map(|(name, token)| Some((Scope::new(name).ok()?, token)))
        .collect()
    })
}

/// The grammar for an info string's first word (`rust`, `rs`, `py`,
/// `sh`...), if there is one for it.
fn syntax_for(info: &str) -> Option<&'static SyntaxReference> {
    let lang = info.split(|c: char| c == ',' || c == '{' || c.is_whitespace()).next()?.trim();
    if lang.is_empty() || lang.len() > 40 {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    (syntax.name != "Plain Text").then_some(syntax)
}

/// Whether code with this info string would be coloured.
#[must_use]
pub fn knows(info: &str) -> bool {
    syntax_for(info).is_some()
}

/// The kind of token a stack of scopes is: its innermost scope that says.
fn classify(stack: &ScopeStack) -> Option<Token> {
    stack
        .as_slice()
        .iter()
        .rev()
        .find_map(|scope| selectors().iter().find(|(sel, _)| sel.is_prefix_of(*scope)).map(|(_, t)| *t))
}

/// The colours of one code block, worked out as far as the reader has
/// looked: grammars are slow (syntect reads about 0.3 MB of Rust a
/// second), so a block is coloured line by line when its lines come into
/// view, carrying the grammar's state on, never all at parse time (that
/// made loading the 648 RFCs take 2.8 s instead of 0.2 s).
#[derive(Debug, Clone)]
pub struct BlockColours {
    tokens: Vec<(Range<usize>, Token)>,
    /// The grammar's state after the lines done; `None` once stopped (the
    /// end, a limit, an error).
    state: Option<Box<(ParseState, ScopeStack)>>,
    /// Where the next line to colour starts, and where the block ends
    /// (offsets in the document's text).
    next: usize,
    end: usize,
}

impl BlockColours {
    /// For the code at `range` of the text, in the language `info` names;
    /// `None` when folio knows no grammar for it.
    #[must_use]
    pub fn new(info: &str, range: Range<usize>) -> Option<Self> {
        let syntax = syntax_for(info)?;
        let state = Box::new((ParseState::new(syntax), ScopeStack::new()));
        Some(Self { tokens: Vec::new(), state: Some(state), next: range.start, end: range.end })
    }

    /// The tokens coloured so far, in order.
    #[must_use]
    pub fn tokens(&self) -> &[(Range<usize>, Token)] {
        &self.tokens
    }

    /// Colours the block's lines up to the one holding offset `to` of
    /// `text`. A jump far past what is done (over [`MAX_STEP`] bytes)
    /// leaves the rest plain rather than take seconds.
    pub fn advance(&mut self, text: &str, to: usize) {
        let to = to.min(self.end);
        if self.state.is_none() || self.next > to {
            return;
        }
        if to - self.next > MAX_STEP {
            self.state = None;
            return;
        }
        while self.next <= to && self.next < self.end {
            let line_end = text[self.next..self.end].find('\n').map_or(self.end, |i| self.next + i + 1);
            if !self.colour_line(text, self.next..line_end) {
                self.state = None;
                return;
            }
            self.next = line_end;
        }
        if self.next >= self.end {
            self.state = None;
        }
    }

    /// Colours one line (with its line break); false when colouring stops.
    fn colour_line(&mut self, text: &str, range: Range<usize>) -> bool {
        let Some(state) = self.state.as_mut() else { return false };
        let (parse, stack) = &mut **state;
        let line = &text[range.clone()];
        if line.len() > MAX_LINE {
            return false;
        }
        // Grammars built for lines that end with a line break.
        let owned;
        let line = if line.ends_with('\n') {
            line
        } else {
            owned = format!("{line}\n");
            &owned
        };
        let Ok(ops) = parse.parse_line(line, syntaxes()) else { return false };
        let shown = line.trim_end_matches(['\n', '\r']).len();
        let tokens = &mut self.tokens;
        let mut emit = |from: usize, to: usize, stack: &ScopeStack| {
            let (from, to) = (from.min(shown), to.min(shown));
            let Some(token) = classify(stack).filter(|_| from < to) else { return };
            let r = range.start + from..range.start + to;
            match tokens.last_mut() {
                Some((last, t)) if *t == token && last.end == r.start => last.end = r.end,
                _ => tokens.push((r, token)),
            }
        };
        let mut at = 0;
        for (pos, op) in ops {
            emit(at, pos, stack);
            at = at.max(pos);
            if stack.apply(&op).is_err() {
                return false;
            }
        }
        emit(at, shown, stack);
        true
    }
}

/// The colours of a document's code blocks, as far as they were shown.
#[derive(Debug, Clone, Default)]
pub struct DocColours {
    /// Which document these are for (its text's address): a new document
    /// starts over.
    doc: usize,
    blocks: std::collections::HashMap<usize, BlockColours>,
}

impl DocColours {
    /// Colours block `block` of `doc` up to offset `to`, if it is code in
    /// a language folio knows.
    pub fn show(&mut self, doc: &super::Document, block: usize, to: usize) {
        let id = doc.text.as_ptr() as usize ^ doc.text.len();
        if self.doc != id {
            self.doc = id;
            self.blocks.clear();
        }
        let Ok(i) = doc.code_langs.binary_search_by_key(&block, |(b, _)| *b) else { return };
        let Some(range) = doc.blocks.get(block).map(|b| b.range.clone()) else { return };
        let colours = match self.blocks.entry(block) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let Some(colours) = BlockColours::new(&doc.code_langs[i].1, range) else { return };
                e.insert(colours)
            }
        };
        colours.advance(&doc.text, to);
    }

    /// The tokens of block `block` coloured so far.
    #[must_use]
    pub fn tokens(&self, block: usize) -> &[(Range<usize>, Token)] {
        self.blocks.get(&block).map_or(&[], BlockColours::tokens)
    }
}

/// The most a block is coloured ahead in one step, in bytes.
pub const MAX_STEP: usize = 16 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(info: &str, code: &str) -> Vec<(String, Token)> {
        let Some(mut colours) = BlockColours::new(info, 0..code.len()) else { return Vec::new() };
        colours.advance(code, code.len());
        colours.tokens().iter().map(|(r, t)| (code[r.clone()].to_owned(), *t)).collect()
    }

    #[test]
    fn rust_keywords_strings_comments_and_numbers() {
        let got = tokens("rust", "fn main() {\n    let x = \"hi\"; // greet\n    42\n}");
        for want in [
            ("fn", Token::Keyword),
            ("main", Token::Function),
            ("let", Token::Keyword),
            ("\"hi\"", Token::String),
            ("// greet", Token::Comment),
            ("42", Token::Constant),
        ] {
            assert!(got.iter().any(|(text, t)| text.trim() == want.0 && *t == want.1), "{want:?} in {got:?}");
        }
    }

    #[test]
    fn info_strings_name_languages_by_name_or_extension() {
        assert!(knows("rust,ignore") && knows("py") && knows("sh") && knows("json") && knows("c"));
        assert!(!knows("") && !knows("text") && !knows("no-such-language"));
        assert!(tokens("text", "fn main() {}").is_empty());
    }

    #[test]
    fn colours_as_far_as_asked_and_stops_at_limits() {
        let code = "let a = 1;\nlet b = 2;\nlet c = 3;\n";
        let mut colours = BlockColours::new("rust", 0..code.len()).expect("rust");
        colours.advance(code, 3);
        assert!(colours.tokens().iter().all(|(r, _)| r.end <= 11), "the first line only: {:?}", colours.tokens());
        colours.advance(code, code.len());
        assert!(colours.tokens().iter().any(|(r, _)| r.start >= 22), "then the rest");

        let long = format!("let s = \"{}\";\n", "x".repeat(MAX_LINE));
        assert!(tokens("rust", &long).is_empty(), "a line over the limit is not coloured");
        let far = "let x = 1;\n".repeat(MAX_STEP / 8);
        let mut colours = BlockColours::new("rust", 0..far.len()).expect("rust");
        colours.advance(&far, far.len());
        assert!(colours.tokens().is_empty(), "a jump too far ahead is left plain");
    }
}

#[cfg(test)]
mod every_grammar {
    use super::*;

    /// syntect compiles a grammar's regexes when they are first used; with
    /// the pure-Rust engine a few of Sublime's regexes could fail to
    /// compile, and syntect panics then. Every bundled grammar is run
    /// over code of several shapes here, so none can panic in the reader.
    #[test]
    fn every_bundled_grammar_colours_without_panicking() {
        let sample =
            "fn main() { let x = \"s\\n\" + 'c' /* c */ // d\n# h\n<a href=\"x\">t</a> $x @y %z\n  1.5e3 0x1F `t`\n";
        let set = syntaxes();
        let mut failed = Vec::new();
        for syntax in set.syntaxes() {
            let result = std::panic::catch_unwind(|| {
                let mut state = ParseState::new(syntax);
                for line in sample.split_inclusive('\n') {
                    if state.parse_line(line, set).is_err() {
                        break;
                    }
                }
            });
            if result.is_err() {
                failed.push(syntax.name.clone());
            }
        }
        assert!(failed.is_empty(), "grammars that panic: {failed:?}");
    }
}
