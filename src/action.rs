//! Everything the user can ask folio to do, as one enum.
//!
//! Keys map to actions through [`crate::keymap`]. Actions, and everything
//! else that happens (mouse, resize, time, workers' results), reach the app
//! as a [`crate::app::Msg`] through [`crate::app::App::update`], the one
//! place where state changes. Mouse and resize are actions too, because
//! every pane and overlay answers them in its own way.

/// One thing to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Down one line in the reader, or the next document in the list.
    Down,
    Up,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    /// Go to the percentage typed before it (`50%`, `50p`).
    GoPercent,
    /// Back to where the last jump (search, `n` off screen, `g`, `G`, `%`,
    /// a bookmark or a library hit) started.
    JumpBack,
    /// Forward again along the jumps walked back with [`Action::JumpBack`].
    JumpForward,
    /// Scroll code and tables wider than the column sideways.
    ScrollLeft,
    ScrollRight,
    /// Cycle how the open plain-text document's line breaks are treated:
    /// auto, never (as in the file), always (every paragraph reflowed).
    ToggleReflow,
    /// Widen / narrow the reading column.
    Wider,
    Narrower,
    /// Read the configuration file again.
    ReloadConfig,
    /// Open the `:` command prompt.
    Command,
    /// Cycle the list's sort order.
    SortCycle,
    /// Search every document in the library.
    LibrarySearch,
    /// Show problems and notices met so far.
    ShowLog,
    /// Number the links on screen and follow the one typed.
    FollowLink,
    /// Copy the selection, the current match or the passage at the top to
    /// the clipboard.
    Copy,
    /// Copy the selection as a Markdown quote with a link back.
    CopyQuote,
    /// Start selecting a passage at the top of the view (`v`).
    Select,
    /// Selection: the next word's start, the previous word's start, the
    /// word's end.
    WordNext,
    WordPrev,
    WordEnd,
    /// Selection: the end of the sentence / its start.
    SentenceEnd,
    SentenceStart,
    /// Selection: the end of the paragraph / its start.
    ParagraphEnd,
    ParagraphStart,
    /// Selection: the other end moves from now on.
    SwapEnds,
    /// Run the configured look-up command on the selection or match.
    Lookup,
    /// Keep the web page being read as an article (`folio save`).
    SaveArticle,
    /// Archive the selected document (hidden from the list), or bring an
    /// archived one back.
    Archive,
    /// Show or hide archived documents in the list.
    ToggleArchived,
    /// Open the outline of the document (its sections).
    Outline,
    /// Go to the next / previous heading at any level.
    NextHeading,
    PrevHeading,
    /// Hide or show the list beside the reader.
    ToggleList,
    /// Switch focus between the list and the reader.
    FocusNext,
    FocusList,
    FocusReader,
    /// Open the selected document.
    Open,
    Help,
    /// Open the search prompt.
    Search,
    /// Go to the next / previous match of the last search.
    SearchNext,
    SearchPrev,
    /// Bookmark the passage at the top of the view (or the current match).
    BookmarkAdd,
    /// Open the bookmarks pane.
    Bookmarks,
    /// Jump to the next / previous bookmark of the open document.
    BookmarkNext,
    BookmarkPrev,
    /// In the bookmarks pane: edit the note, delete, undo the deletion.
    EditNote,
    Delete,
    Undo,
    /// Close an overlay or cancel what is under way.
    Cancel,
    /// Prompt editing: accept what was typed.
    Accept,
    /// Type a character into the prompt.
    Insert(char),
    DeleteBack,
    DeleteWord,
    ClearLine,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    /// Recall an older / newer query.
    HistoryPrev,
    HistoryNext,
    /// Switch the search prompt between literal text and a regex.
    ToggleRegex,
    Quit,
    /// Stop folio and give the terminal back to the shell (`fg` resumes).
    Suspend,
    /// Mouse wheel at a cell: positive is down.
    Wheel {
        column: u16,
        row: u16,
        lines: i16,
    },
    /// Mouse click at a cell.
    Click {
        column: u16,
        row: u16,
    },
}
