//! The outline: a document's sections, which one the view is in, and
//! moving from heading to heading, as part of the [`Reader`].
//!
//! The sections are the document's own (made once, when it was parsed);
//! this only filters them, says which one the view is in, and where a
//! section's top is. The app opens the overlay and records the jump.

use super::Reader;
use crate::layout::{LineKind, Pos};

/// One row of the outline overlay: a section (its index in the outline),
/// its depth below the shallowest heading, and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineRow {
    pub section: usize,
    pub depth: usize,
    pub title: String,
}

impl Reader {
    /// The section the top of the view is in, by index in the outline.
    #[must_use]
    pub fn current_section(&self) -> Option<usize> {
        self.doc.section_at(self.top.block)
    }

    /// How far through the current section the view is, in percent, on a
    /// pane `height` rows tall.
    #[must_use]
    pub fn section_percent(&self, height: usize) -> Option<usize> {
        let index = self.current_section()?;
        let start = self.doc.blocks.get(self.doc.outline.get(index)?.block)?.range.start;
        let end_block = self.doc.section_end(index);
        let end = self.doc.blocks.get(end_block).map_or(self.doc.body_len(), |b| b.range.start);
        // The end of the book is the end of its last section, as the
        // book's own figure says 100% there.
        let last_section = self.doc.blocks[end_block.min(self.doc.blocks.len())..]
            .iter()
            .all(|b| b.kind == crate::document::BlockKind::Folded);
        if last_section && self.top >= self.last_top(height) {
            return Some(100);
        }
        // The rest of the section on screen: all of it is read (at the end
        // of an RFC, its last section ends above the links folio lists).
        let section_last = self.doc.blocks.get(end_block.wrapping_sub(1)).map_or(end, |b| b.range.end);
        let view_end = self.layout.visible(&self.doc, self.top, height).last().map(|(_, l)| l.range.end);
        if view_end.is_some_and(|v| v >= section_last) {
            return Some(100);
        }
        let at = self.layout.offset_of(&self.doc, self.top);
        Some((at.saturating_sub(start) * 100 / end.saturating_sub(start).max(1)).min(100))
    }

    /// The outline's rows for `filter` (case-insensitive, anywhere in the
    /// title).
    #[must_use]
    pub fn outline_rows(&self, filter: &str) -> Vec<OutlineRow> {
        let filter = filter.to_lowercase();
        let outline = &self.doc.outline;
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

    /// The row of the unfiltered outline to open it on: the section the
    /// view is in; or why there is no outline.
    pub(super) fn outline_start(&self) -> Result<usize, &'static str> {
        if self.doc.outline.is_empty() {
            return Err("this document has no headings");
        }
        let current = self.current_section();
        Ok(self.outline_rows("").iter().position(|r| Some(r.section) == current).unwrap_or(0))
    }

    /// Shows section `index` at the top of the view, on its heading (not
    /// the blank line above it); false if there is no such section.
    pub(super) fn show_section(&mut self, index: usize, height: usize) -> bool {
        let Some(block) = self.doc.outline.get(index).map(|s| s.block) else { return false };
        let gap_first = self.layout.lines(&self.doc, block).first().is_some_and(|l| l.kind == LineKind::Gap);
        let pos = Pos { block, line: usize::from(gap_first) };
        self.top = pos.min(self.last_top(height));
        true
    }

    /// `}` / `{`: the section of the next or previous heading at any
    /// level, or what to say when there is none.
    pub(super) fn heading_target(&self, forward: bool) -> Result<usize, &'static str> {
        let outline = &self.doc.outline;
        if outline.is_empty() {
            return Err("this document has no headings");
        }
        let block = self.top.block;
        let next = if forward {
            outline.iter().position(|s| s.block > block)
        } else {
            // The heading of the section the view is in if it is scrolled
            // into it, else the one before.
            let at_heading = self.top.line <= 1 && outline.iter().any(|s| s.block == block);
            let before = outline.partition_point(|s| s.block < block || (s.block == block && !at_heading));
            before.checked_sub(1)
        };
        next.ok_or(if forward { "no heading below" } else { "no heading above" })
    }
}
