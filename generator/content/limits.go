package content

import (
	"bytes"
	"fmt"
	"strings"
)

// Limits on the shape of a Markdown body. goldmark takes time that grows
// with the square of some inputs that no status update needs: quotes and
// lists nested thousands deep, and paragraphs with thousands of unclosed
// link or emphasis openers ("[a](", "*a_ "). Its memory grows with the
// number of lines and inline openers (about 500 bytes each). A cheap scan
// before parsing refuses such bodies with a line number, so that every
// body sitrep accepts parses in a bounded time and memory (see
// BenchmarkWorstAccepted and TestAcceptedBodiesParseInBoundedMemory).
const (
	// maxNesting is how deep quotes and lists may nest.
	maxNesting = 32
	// maxLines is how many lines a body may have.
	maxLines = 50_000
	// maxParagraphMarks is how many inline marks (see isMark) one run
	// of non-blank lines may hold.
	maxParagraphMarks = 2_000
	// maxMarks is how many inline marks a whole body may hold.
	maxMarks = 30_000
)

// shapeError is a body that breaks one of the limits above.
type shapeError struct {
	line int // 0-based line of the body
	msg  string
}

func (e *shapeError) Error() string { return e.msg }

// isMark reports whether c can open or close an inline element in
// goldmark: links, images, emphasis, strikethrough, code spans, autolinks
// and raw HTML. Each costs a node or a delimiter while parsing.
func isMark(c byte) bool { return strings.IndexByte(markChars, c) >= 0 }

// markChars are the bytes isMark reports.
const markChars = "[]*_~`<"

// fewMarks reports whether body holds at most n marks in all. A body that
// does breaks neither limit on marks (maxMarks is above
// maxParagraphMarks), and checkShape need not count them line by line,
// a byte at a time: that cost more than the rest of its scan, and
// bytes.Count counts many bytes at a time.
func fewMarks(body []byte, n int) bool {
	total := 0
	for i := range len(markChars) {
		if total += bytes.Count(body, []byte{markChars[i]}); total > n {
			return false
		}
	}
	return true
}

// checkShape scans a Markdown body line by line, without parsing it, and
// returns a *shapeError for the first limit it breaks. The nesting it
// counts is an upper bound of what goldmark builds: every ">" and list
// marker at the start of a line, plus the list items still open above it
// (judged by indentation), so it may refuse a body goldmark would nest
// less deeply, never the reverse.
func checkShape(body []byte) error {
	return scanShape(body, !fewMarks(body, maxParagraphMarks))
}

// scanShape is checkShape, counting marks only with count.
func scanShape(body []byte, count bool) error {
	var (
		lines, marks, paraMarks, paraStart int
		stack                              [8]item
		open                               = stack[:0] // list items still open
		afterBlank                         bool
	)
	for rest := body; len(rest) > 0; lines++ {
		var line []byte
		line, rest, _ = cutLine(rest)
		if lines >= maxLines {
			return &shapeError{lines, fmt.Sprintf("Markdown body has more than %d lines; split it into several files", maxLines)}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			paraMarks, afterBlank = 0, true
			continue
		}
		if paraMarks == 0 || startsParagraph(line) {
			paraMarks, paraStart = 0, lines
		}
		var d int
		d, open = nesting(line, open, afterBlank)
		afterBlank = false
		if d > maxNesting {
			return &shapeError{lines, fmt.Sprintf("quotes and lists nest %d deep here; sitrep allows at most %d", d, maxNesting)}
		}
		if !count {
			continue
		}
		for _, c := range line {
			if isMark(c) {
				marks++
				paraMarks++
			}
		}
		if paraMarks > maxParagraphMarks {
			return &shapeError{paraStart, fmt.Sprintf("this paragraph has more than %d of the characters [ ] * _ ~ ` <; put blank lines between its parts", maxParagraphMarks)}
		}
		if marks > maxMarks {
			return &shapeError{lines, fmt.Sprintf("Markdown body has more than %d of the characters [ ] * _ ~ ` <; split it into several files", maxMarks)}
		}
	}
	return nil
}

// item is a list item that is still open: the columns of its marker and
// of its content, and its kind ('-', '*', '+', or '.' or ')' after a
// number).
type item struct {
	marker, content int
	kind            byte
}

// nesting returns how deep line nests: the list items in open that stay
// open around it, then each ">" and list marker that starts it. It updates
// open with the list items the line closes and starts, and returns it.
//
// A line closes the items it is indented less than only where goldmark
// would: after a blank line, or at a list marker that starts a sibling of
// an open item or that can start a new list in the middle of a paragraph.
// Any other line may be a lazy continuation of the innermost paragraph,
// which keeps every item open.
func nesting(line []byte, open []item, afterBlank bool) (int, []item) {
	col, i := 0, 0
	indent := func() {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
	}
	indent()
	closeTo := func(keep func(item) bool) {
		for len(open) > 0 && !keep(open[len(open)-1]) {
			open = open[:len(open)-1]
		}
	}
	n, interrupts := marker(line[i:])
	// A list marker that cannot interrupt a paragraph, with no open item
	// for it to follow, may be lazy text: it neither closes nor opens
	// items, though the markers after it still count.
	lazy := n > 0 && !interrupts && !afterBlank
	switch {
	case afterBlank || n > 0 && interrupts:
		closeTo(func(it item) bool { return col >= it.content })
	case lazy && !isEmptyItem(line[i+n:]):
		for _, it := range open {
			if it.marker == col && it.kind == line[i+n-1] {
				closeTo(func(it item) bool { return col >= it.content })
				lazy = false
				break
			}
		}
	}
	depth := len(open)
	for n > 0 && depth <= maxNesting {
		depth++
		m := col
		i += n
		col += n
		if line[i-1] != '>' && !lazy {
			open = append(open, item{marker: m, content: col + 1, kind: line[i-1]})
		}
		indent()
		if i == len(line) {
			break
		}
		n, _ = marker(line[i:])
	}
	return depth, open
}

// marker returns the length of the block quote marker or list marker at
// the start of b ("> ", "- ", "* ", "+ ", "1. ", "2) "), or 0, and whether
// it may interrupt a paragraph (a quote, or a list item that is not empty
// and, if numbered, starts at 1).
func marker(b []byte) (n int, interrupts bool) {
	if len(b) == 0 {
		return 0, false
	}
	if b[0] == '>' {
		return 1, true
	}
	one := false
	switch {
	case b[0] == '-' || b[0] == '*' || b[0] == '+':
		n, one = 1, true
	case b[0] >= '0' && b[0] <= '9':
		for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
			n++
		}
		if n == len(b) || b[n] != '.' && b[n] != ')' {
			return 0, false
		}
		one = string(bytes.TrimLeft(b[:n], "0")) == "1"
		n++
	default:
		return 0, false
	}
	if n < len(b) && b[n] != ' ' && b[n] != '\t' {
		return 0, false
	}
	return n, one && !isEmptyItem(b[n:])
}

// isEmptyItem reports whether what follows a list marker leaves the item
// empty; an empty item cannot interrupt a paragraph.
func isEmptyItem(rest []byte) bool { return len(bytes.TrimSpace(rest)) == 0 }

// startsParagraph reports whether line starts a new paragraph of inline
// text wherever it stands: an ATX heading or a list item that can
// interrupt a paragraph, indented less than an indented code block.
func startsParagraph(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) == 0 {
		return false
	}
	if t[0] == '#' {
		return true
	}
	n, interrupts := marker(t)
	return n > 0 && interrupts && t[0] != '>'
}
