package content

import (
	"bytes"
	"errors"
)

// errUnclosed reports front matter whose closing "---" line is missing.
var errUnclosed = errors.New(`front matter is not closed (add a line "---" after it)`)

// errNoFrontMatter reports a file that does not start with "---".
var errNoFrontMatter = errors.New(`file must start with front matter: a line "---", YAML keys, and a line "---"`)

// SplitFrontMatter splits a file into its YAML front matter and its body.
// The file must start with a line "---"; the front matter ends at the next
// line that is exactly "---" (trailing spaces and "\r" allowed). bodyLine is
// the 1-based line on which the body starts, so that errors in the body and
// in the front matter (which starts on line 2) can name the file's line.
func SplitFrontMatter(src []byte) (front, body []byte, bodyLine int, err error) {
	line, rest, ok := cutLine(src)
	if !ok && len(line) == 0 || !isFence(line) {
		return nil, nil, 0, errNoFrontMatter
	}
	start := len(src) - len(rest)
	n := 1
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		n++
		if isFence(line) {
			return src[start : len(src)-len(rest)], next, n + 1, nil
		}
		rest = next
	}
	return nil, nil, 0, errUnclosed
}

// cutLine returns the first line of b without its newline, and the rest.
func cutLine(b []byte) (line, rest []byte, hadNewline bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}

func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r")) == "---"
}
