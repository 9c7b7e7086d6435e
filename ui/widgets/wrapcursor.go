package widgets

import (
	"math"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Fyne's word wrap (v2.7.1) swallows the space at which a row breaks: the
// row after it begins past the space (widget/richtext.go:998, lineBounds).
// When that space ends a line (the end of the text, or a new line
// follows), no row begins after it, so the place just after the space has
// no row and column: Entry.rowColFromTextPos (widget/entry.go:1142-1163)
// gives a row past the line's, which the refresh that ends the edit
// truncates (truncatePosition, entry.go:1343-1357, from
// updateCursorAndSelection in the renderer's Refresh) to a place that is
// not the one the edit left: before the space at the end of the text, or
// somewhere in the next line. The next key typed went there:
// "morte.Grazie. " for "morte. Grazie.", or the rest of a sentence
// inside "Cordiali saluti." below it.
//
// KeyEntry keeps the cursor where its edits leave it. After an edit, if
// Fyne's cursor is not at the text offset the edit left it at, the offset
// is remembered for as long as the text and Fyne's cursor stay as they
// are; CursorTextOffset reports it, and the next edit first puts Fyne's
// cursor back there, by the column: Fyne turns a row and a column into an
// offset as the row's start plus the column, with no bound
// (textPosFromRowCol, widget/selectable.go:257).

// wrapCursor is the cursor offset Fyne lost, if any.
type wrapCursor struct {
	lost   bool
	text   string // the entry's text when Fyne lost the cursor
	seen   int    // Fyne's offset for its cursor then
	offset int    // where the cursor is

	// During an edit:
	editing bool
	from    int  // the cursor's offset before it
	oldLen  int  // the text's length (runes) before it
	stays   bool // the cursor stays where it was (Delete)
}

// CursorTextOffset is the cursor's place in the text, in runes: Fyne's,
// unless Fyne lost it after a space the word wrap swallowed.
func (e *KeyEntry) CursorTextOffset() int {
	w := &e.wrap
	switch {
	case w.editing:
		if w.stays {
			return w.from
		}
		return w.from + utf8.RuneCountInString(e.Text) - w.oldLen
	case w.lost && w.text == e.Text && e.Entry.CursorTextOffset() == w.seen && e.SelectedText() == "":
		return w.offset
	}
	return e.Entry.CursorTextOffset()
}

// CursorToEnd puts the cursor at the end of the text (a draft taken up
// again is written on at its end).
func (e *KeyEntry) CursorToEnd() {
	e.CursorRow, e.CursorColumn = math.MaxInt32, math.MaxInt32
	e.Refresh()
	e.wrap.lost = false
	e.keepCursor(utf8.RuneCountInString(e.Text))
}

// edit runs one of Fyne's edits at the cursor (a rune, a new line, a
// paste, Backspace; Delete if stays), with Fyne's cursor first put where
// the cursor is, and remembers where the edit left the cursor if Fyne
// cannot show it there. An edit of a selection is Fyne's alone.
func (e *KeyEntry) edit(stays bool, do func()) {
	w := &e.wrap
	if w.editing || e.SelectedText() != "" {
		w.lost = false
		do()
		return
	}
	from := e.CursorTextOffset()
	if fyneAt := e.Entry.CursorTextOffset(); fyneAt != from {
		e.CursorColumn += from - fyneAt
	}
	w.lost = false
	w.editing, w.from, w.oldLen, w.stays = true, from, utf8.RuneCountInString(e.Text), stays
	do()
	at := e.CursorTextOffset()
	w.editing = false
	if at > 0 && e.Entry.CursorTextOffset() != at {
		// Fyne's cursor shows before the swallowed space, at the end of
		// its row, not in the next line.
		e.moveFyneCursor(at - 1)
		e.Refresh()
	}
	e.keepCursor(at)
}

// moveFyneCursor puts Fyne's cursor at offset, on its row or one above:
// offset must have a row and a column.
func (e *KeyEntry) moveFyneCursor(offset int) {
	row := e.CursorRow
	for ; row > 0; row-- {
		// A row past the last one starts at 0 for Fyne; a real row but the
		// first never does.
		if start := e.rowStart(row); start != 0 && start <= offset {
			break
		}
	}
	e.CursorRow, e.CursorColumn = row, offset-e.rowStart(row)
}

// rowStart is the offset where a row of the wrapped text begins.
func (e *KeyEntry) rowStart(row int) int {
	r, c := e.CursorRow, e.CursorColumn
	e.CursorRow, e.CursorColumn = row, 0
	start := e.Entry.CursorTextOffset()
	e.CursorRow, e.CursorColumn = r, c
	return start
}

// keepCursor remembers that the cursor is at offset if Fyne's is not.
func (e *KeyEntry) keepCursor(offset int) {
	if fyneAt := e.Entry.CursorTextOffset(); fyneAt != offset {
		e.wrap = wrapCursor{lost: true, text: e.Text, seen: fyneAt, offset: offset}
	}
}

// TypedRune types r at the cursor.
func (e *KeyEntry) TypedRune(r rune) {
	e.edit(false, func() { e.Entry.TypedRune(r) })
}

// typedEditShortcut gives Fyne a shortcut, through edit if it edits at
// the cursor (paste, Ctrl+Backspace, Ctrl+Delete).
func (e *KeyEntry) typedEditShortcut(s fyne.Shortcut) {
	switch s := s.(type) {
	case *fyne.ShortcutPaste:
		e.edit(false, func() { e.Entry.TypedShortcut(s) })
		return
	case *desktop.CustomShortcut:
		if s.KeyName == fyne.KeyBackspace || s.KeyName == fyne.KeyDelete {
			e.edit(s.KeyName == fyne.KeyDelete, func() { e.Entry.TypedShortcut(s) })
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// typedEditKey gives Fyne a key, through edit if it edits at the cursor.
func (e *KeyEntry) typedEditKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyBackspace, fyne.KeyDelete:
		e.edit(k.Name == fyne.KeyDelete, func() { e.Entry.TypedKey(k) })
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.MultiLine {
			e.edit(false, func() { e.Entry.TypedKey(k) })
			return
		}
		e.Entry.TypedKey(k)
	default:
		// A key that moves the cursor moves Fyne's: the remembered offset
		// no longer holds. The driver also sends a printable key's name
		// before its rune (KeyP, KeySpace): that changes nothing.
		e.Entry.TypedKey(k)
	}
}
