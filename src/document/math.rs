//! MathML read as linear text, the way it is typed in plain mail: `x² + y²
//! = r²`, `a_i`, `(a + b)/c`, `√(x + 1)`, a matrix as `[a, b; c, d]`.
//! Dropping it left sentences such as "The number of nonzero rows will be
//! denoted by ." (issue 20).
//!
//! The HTML tokenizer hands the elements over one by one; they are
//! gathered into a small tree (at most [`MAX_NODES`] nodes, nested at most
//! [`MAX_DEPTH`] deep: deeper elements are added to the deepest one kept),
//! then written out. The writer recurses over that tree, so its depth is
//! bounded by [`MAX_DEPTH`], never by the document.
//!
//! No crate converts MathML to linear text in Rust (there are converters
//! from LaTeX to MathML, the other way); this follows the usual linear
//! notation (UnicodeMath's, simplified).

/// Most elements and texts gathered for one `<math>`.
pub const MAX_NODES: usize = 4_096;
/// Deepest nesting kept.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug)]
enum Node {
    Element { name: String, attrs: Vec<(String, String)>, children: Vec<usize> },
    Text(String),
}

/// One `<math>` element being read.
#[derive(Debug)]
pub struct MathTree {
    nodes: Vec<Node>,
    /// The open elements, innermost last (indices into `nodes`).
    open: Vec<usize>,
    /// Open elements not kept (past the depth): their end tags are
    /// matched to nothing.
    dropped: usize,
}

impl MathTree {
    /// Starts with the `<math>` element and its attributes (`alttext`).
    #[must_use]
    pub fn new(attrs: Vec<(String, String)>) -> Self {
        Self {
            nodes: vec![Node::Element { name: "math".into(), attrs, children: Vec::new() }],
            open: vec![0],
            dropped: 0,
        }
    }

    fn add(&mut self, node: Node) -> Option<usize> {
        if self.nodes.len() >= MAX_NODES {
            return None;
        }
        let parent = *self.open.last()?;
        let index = self.nodes.len();
        self.nodes.push(node);
        if let Some(Node::Element { children, .. }) = self.nodes.get_mut(parent) {
            children.push(index);
        }
        Some(index)
    }

    /// An element starts (`void`: it has no content or end tag).
    pub fn start(&mut self, name: &str, attrs: Vec<(String, String)>, void: bool) {
        let name = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
        if self.open.len() >= MAX_DEPTH || self.nodes.len() >= MAX_NODES {
            self.dropped += usize::from(!void);
            return;
        }
        let index = self.add(Node::Element { name, attrs, children: Vec::new() });
        if let (Some(index), false) = (index, void) {
            self.open.push(index);
        }
    }

    /// An element ends.
    pub fn end(&mut self) {
        if self.dropped > 0 {
            self.dropped -= 1;
        } else if self.open.len() > 1 {
            self.open.pop();
        }
    }

    /// Text inside the current element.
    pub fn text(&mut self, text: &str) {
        if let Some(&open) = self.open.last()
            && let Some(Node::Element { children, .. }) = self.nodes.get(open)
            && let Some(&last) = children.last()
            && let Some(Node::Text(t)) = self.nodes.get_mut(last)
        {
            if t.len() < 1024 {
                t.push_str(text);
            }
            return;
        }
        let _ = self.add(Node::Text(text.to_owned()));
    }

    /// The whole formula as linear text; its `alttext` when the markup
    /// says nothing and the alternative is not a placeholder.
    #[must_use]
    pub fn linear(&self) -> String {
        let written = self.write(0, 0).split_whitespace().collect::<Vec<_>>().join(" ");
        if !written.is_empty() {
            return written;
        }
        let alt = self.attr(0, "alttext").unwrap_or_default();
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let placeholder =
            alt.is_empty() || matches!(alt.to_lowercase().as_str(), "math" | "equation" | "formula" | "image");
        if placeholder { String::new() } else { alt }
    }

    fn attr(&self, index: usize, key: &str) -> Option<&str> {
        match self.nodes.get(index)? {
            Node::Element { attrs, .. } => attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    fn children(&self, index: usize) -> &[usize] {
        match self.nodes.get(index) {
            Some(Node::Element { children, .. }) => children,
            _ => &[],
        }
    }

    /// The element children (texts between them are white space in
    /// presentation MathML's layout elements).
    fn args(&self, index: usize) -> Vec<usize> {
        self.children(index)
            .iter()
            .copied()
            .filter(|&c| matches!(self.nodes.get(c), Some(Node::Element { .. })))
            .collect()
    }

    fn write(&self, index: usize, depth: usize) -> String {
        let Some(node) = self.nodes.get(index) else { return String::new() };
        let name = match node {
            Node::Text(t) => return t.clone(),
            Node::Element { name, .. } => name.as_str(),
        };
        if depth > MAX_DEPTH {
            return String::new();
        }
        let arg = |i: usize| self.args(index).get(i).map(|&c| self.write(c, depth + 1)).unwrap_or_default();
        let all = || self.children(index).iter().map(|&c| self.write(c, depth + 1)).collect::<String>();
        match name {
            "annotation" | "annotation-xml" | "none" | "mprescripts" => String::new(),
            // The presentation, not its annotations.
            "semantics" => arg(0),
            "mo" => operator(all().trim()),
            "mi" | "mn" | "mtext" | "ms" => all().trim().to_owned(),
            "mspace" => " ".to_owned(),
            "msub" | "munder" => format!("{}{}", arg(0), script(&arg(1), false)),
            "msup" | "mover" => format!("{}{}", arg(0), script(&arg(1), true)),
            "msubsup" | "munderover" => format!("{}{}{}", arg(0), script(&arg(1), false), script(&arg(2), true)),
            "mfrac" => format!("{}/{}", group(&arg(0)), group(&arg(1))),
            "msqrt" => format!("√{}", group(all().trim())),
            "mroot" => format!("{}√{}", script(&arg(1), true), group(&arg(0))),
            "mfenced" => {
                let open = self.attr(index, "open").unwrap_or("(");
                let close = self.attr(index, "close").unwrap_or(")");
                let sep = self.attr(index, "separators").and_then(|s| s.trim().chars().next()).unwrap_or(',');
                let items: Vec<String> = self.args(index).iter().map(|&c| self.write(c, depth + 1)).collect();
                format!("{open}{}{close}", items.join(&format!("{sep} ")))
            }
            "mtable" => {
                let rows: Vec<String> = self.args(index).iter().map(|&r| self.write(r, depth + 1)).collect();
                format!("[{}]", rows.join("; "))
            }
            "mtr" | "mlabeledtr" => {
                let cells: Vec<String> =
                    self.args(index).iter().map(|&c| self.write(c, depth + 1).trim().to_owned()).collect();
                cells.join(", ")
            }
            _ => all(),
        }
    }
}

/// An operator with the spacing linear notation gives it: relations and
/// binary operators set apart, a comma followed by a space.
fn operator(op: &str) -> String {
    match op {
        "=" | "+" | "-" | "−" | "<" | ">" | "≤" | "≥" | "≠" | "≈" | "∈" | "∉" | "⊂" | "⊆" | "→" | "⇒" | "⇔" | "↦"
        | "×" | "±" | "∪" | "∩" | "≡" | "∼" | "∧" | "∨" | ":=" => format!(" {op} "),
        "," | ";" => format!("{op} "),
        // An invisible times or function application.
        "\u{2061}" | "\u{2062}" | "\u{2063}" | "\u{2064}" => String::new(),
        _ => op.to_owned(),
    }
}

/// `x` in parentheses when it is more than one term.
fn group(x: &str) -> String {
    let x = x.trim();
    let simple = x.chars().all(|c| c.is_alphanumeric() || c == '.' || "′'".contains(c))
        || (x.starts_with('(') && x.ends_with(')'))
        || (x.starts_with('[') && x.ends_with(']'));
    if simple { x.to_owned() } else { format!("({x})") }
}

/// A sub- or superscript: in Unicode's small letters when every character
/// has one (`x²`, `aᵢ`), else `_x` / `^x` (grouped).
fn script(x: &str, sup: bool) -> String {
    let x = x.trim();
    if x.is_empty() {
        return String::new();
    }
    let small: Option<String> = x.chars().map(|c| if sup { superscript(c) } else { subscript(c) }).collect();
    match small {
        Some(s) => s,
        None => format!("{}{}", if sup { '^' } else { '_' }, group(x)),
    }
}

pub(super) fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '+' => '⁺',
        '-' | '−' => '⁻',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        'n' => 'ⁿ',
        'i' => 'ⁱ',
        'T' => 'ᵀ',
        '*' | '∗' => '*',
        '′' => '′',
        _ => return None,
    })
}

fn subscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '₀',
        '1' => '₁',
        '2' => '₂',
        '3' => '₃',
        '4' => '₄',
        '5' => '₅',
        '6' => '₆',
        '7' => '₇',
        '8' => '₈',
        '9' => '₉',
        '+' => '₊',
        '-' | '−' => '₋',
        '=' => '₌',
        '(' => '₍',
        ')' => '₎',
        'a' => 'ₐ',
        'e' => 'ₑ',
        'i' => 'ᵢ',
        'j' => 'ⱼ',
        'k' => 'ₖ',
        'n' => 'ₙ',
        'm' => 'ₘ',
        'x' => 'ₓ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds a formula's tags as the tokenizer would: `<x>`, `</x>`, text.
    fn linear(markup: &str) -> String {
        let mut tree = MathTree::new(Vec::new());
        let mut rest = markup;
        while !rest.is_empty() {
            if let Some(tag) = rest.strip_prefix('<') {
                let end = tag.find('>').unwrap_or(tag.len());
                let inside = &tag[..end];
                if inside.starts_with('/') {
                    tree.end();
                } else {
                    let void = inside.ends_with('/');
                    let mut parts = inside.trim_end_matches('/').split_whitespace();
                    let name = parts.next().unwrap_or_default();
                    let attrs = parts
                        .filter_map(|p| p.split_once('='))
                        .map(|(k, v)| (k.to_owned(), v.trim_matches('"').to_owned()))
                        .collect();
                    tree.start(name, attrs, void);
                }
                rest = &tag[(end + 1).min(tag.len())..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                tree.text(&rest[..end]);
                rest = &rest[end..];
            }
        }
        tree.linear()
    }

    #[test]
    fn formulas_read_as_typed() {
        assert_eq!(linear("<mi>r</mi>"), "r");
        assert_eq!(
            linear(
                "<msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><msup><mi>y</mi><mn>2</mn></msup><mo>=</mo><msup><mi>r</mi><mn>2</mn></msup>"
            ),
            "x² + y² = r²"
        );
        assert_eq!(linear("<msub><mi>a</mi><mi>i</mi></msub>"), "aᵢ");
        assert_eq!(linear("<msub><mi>a</mi><mrow><mi>i</mi><mi>j</mi><mi>k</mi><mi>l</mi></mrow></msub>"), "a_ijkl");
        assert_eq!(linear("<mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mi>c</mi></mfrac>"), "(a + b)/c");
        assert_eq!(linear("<msqrt><mi>x</mi><mo>+</mo><mn>1</mn></msqrt>"), "√(x + 1)");
        assert_eq!(
            linear(
                "<mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable>"
            ),
            "[a, b; c, d]"
        );
        assert_eq!(
            linear("<semantics><mi>x</mi><annotation encoding=\"application/x-tex\">x</annotation></semantics>"),
            "x"
        );
        assert_eq!(linear("<mi>f</mi><mo>&#x2061;</mo>".replace("&#x2061;", "\u{2061}").as_str()), "f");
    }

    #[test]
    fn alttext_only_when_it_says_something() {
        let mut tree = MathTree::new(vec![("alttext".into(), "r sub k".into())]);
        assert_eq!(tree.linear(), "r sub k");
        tree = MathTree::new(vec![("alttext".into(), "equation".into())]);
        assert_eq!(tree.linear(), "");
    }

    #[test]
    fn depth_and_size_are_bounded() {
        let deep = "<mrow>".repeat(10_000) + "<mi>x</mi>" + &"</mrow>".repeat(10_000);
        assert_eq!(linear(&deep), "x");
        let wide = "<mi>y</mi>".repeat(10_000);
        assert!(linear(&wide).len() <= MAX_NODES);
    }
}
