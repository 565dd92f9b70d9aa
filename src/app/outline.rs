//! The outline: a document's sections in an overlay, jumping to one, and
//! moving from heading to heading, as part of [`App`].
//!
//! The sections are the document's own (made once, when it was parsed);
//! this only filters them, says which one the view is in, and moves there.

use super::{App, Focus, Overlay};

/// One row of the outline overlay: a section (its index in the outline),
/// its depth below the shallowest heading, and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineRow {
    pub section: usize,
    pub depth: usize,
    pub title: String,
}

impl App {
    /// The section the top of the view is in, by index in the outline.
    #[must_use]
    pub fn current_section(&self) -> Option<usize> {
        let reader = self.reader.as_ref()?;
        reader.doc.section_at(reader.top.block)
    }

    /// How far through the current section the view is, in percent.
    #[must_use]
    pub fn section_percent(&self) -> Option<usize> {
        let reader = self.reader.as_ref()?;
        let index = self.current_section()?;
        let start = reader.doc.blocks.get(reader.doc.outline.get(index)?.block)?.range.start;
        let end_block = reader.doc.section_end(index);
        let end = reader.doc.blocks.get(end_block).map_or(reader.doc.body_len(), |b| b.range.start);
        // The end of the book is the end of its last section, as the
        // book's own figure says 100% there.
        let last_section = reader.doc.blocks[end_block.min(reader.doc.blocks.len())..]
            .iter()
            .all(|b| b.kind == crate::document::BlockKind::Folded);
        if last_section && reader.top >= reader.last_top(self.body_height()) {
            return Some(100);
        }
        let at = reader.layout.offset_of(&reader.doc, reader.top);
        Some((at.saturating_sub(start) * 100 / end.saturating_sub(start).max(1)).min(100))
    }

    /// The rows the outline overlay shows for its filter (case-insensitive,
    /// anywhere in the title).
    #[must_use]
    pub fn outline_rows(&self) -> Vec<OutlineRow> {
        let Some(reader) = &self.reader else { return Vec::new() };
        let filter = match &self.overlay {
            Overlay::Outline { filter, .. } => filter.to_lowercase(),
            _ => String::new(),
        };
        let outline = &reader.doc.outline;
        let top = outline.iter().map(|s| s.level).min().unwrap_or(1);
        outline
            .iter()
            .enumerate()
            .filter(|(_, s)| filter.is_empty() || s.title.to_lowercase().contains(&filter))
            .map(|(i, s)| OutlineRow {
                section: i,
                depth: usize::from(s.level.saturating_sub(top)),
                title: s.title.clone(),
            })
            .collect()
    }

    /// `t`: opens the outline on the section the view is in.
    pub(super) fn open_outline(&mut self) {
        let Some(reader) = &self.reader else {
            self.status = Some("open a document to see its outline".to_owned());
            return;
        };
        if reader.doc.outline.is_empty() {
            self.status = Some("this document has no headings".to_owned());
            return;
        }
        self.overlay = Overlay::Outline { selected: 0, filter: String::new() };
        let current = self.current_section();
        let row = self.outline_rows().iter().position(|r| Some(r.section) == current).unwrap_or(0);
        self.overlay = Overlay::Outline { selected: row, filter: String::new() };
    }

    /// The outline's filter changed (as typed).
    pub(super) fn set_outline_filter(&mut self, filter: &str) {
        self.overlay = Overlay::Outline { selected: 0, filter: filter.to_owned() };
    }

    /// Shows section `index` at the top of the view: a jump (Ctrl-O
    /// returns).
    pub(super) fn go_to_section(&mut self, index: usize) {
        let Some(block) = self.reader.as_ref().and_then(|r| r.doc.outline.get(index)).map(|s| s.block) else {
            return;
        };
        self.remember_jump();
        self.focus = Focus::Reader;
        let height = self.body_height();
        if let Some(reader) = &mut self.reader {
            let pos = crate::layout::Pos { block, line: 0 };
            // Start on the heading itself, not the blank line above it.
            let pos = if reader
                .layout
                .lines(&reader.doc, block)
                .first()
                .is_some_and(|l| l.kind == crate::layout::LineKind::Gap)
            {
                crate::layout::Pos { block, line: 1 }
            } else {
                pos
            };
            reader.top = pos.min(reader.last_top(height));
        }
    }

    /// `}` / `{`: the next or previous heading at any level.
    pub(super) fn heading_step(&mut self, forward: bool) {
        let Some(reader) = &self.reader else { return };
        let outline = &reader.doc.outline;
        if outline.is_empty() {
            self.status = Some("this document has no headings".to_owned());
            return;
        }
        let block = reader.top.block;
        let next = if forward {
            outline.iter().position(|s| s.block > block)
        } else {
            // The heading of the section the view is in if it is scrolled
            // into it, else the one before.
            let at_heading = reader.top.line <= 1 && outline.iter().any(|s| s.block == block);
            let before = outline.partition_point(|s| s.block < block || (s.block == block && !at_heading));
            before.checked_sub(1).or(None)
        };
        match next {
            Some(index) => self.go_to_section(index),
            None => self.status = Some(if forward { "no heading below" } else { "no heading above" }.to_owned()),
        }
    }
}
