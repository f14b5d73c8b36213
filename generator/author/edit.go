package author

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

// Update is a new entry of an incident's timeline.
type Update struct {
	Kind    status.UpdateKind
	At      time.Time
	Message string // Markdown
}

// OlderError refuses an update older than the newest one in the file:
// the timeline would change under readers' feet.
type OlderError struct {
	At, Newest time.Time
	Line       int // file line of the newest update
}

func (e *OlderError) Error() string {
	return fmt.Sprintf("the new update (%s) is older than the newest one (%s, line %d); updates are added at the current time",
		e.At.Format(TimeLayout), e.Newest.Format(TimeLayout), e.Line)
}

var bom = []byte("\uFEFF")

// AddUpdate inserts u into the incident file src and returns the new
// bytes; src itself is not modified. The update goes to the top of the
// timeline, right before the first "##" heading, which is where a file
// written newest first wants it. Files written oldest first get it at the
// top too: the loader sorts updates by time, so the page is right either
// way. An update at the same minute as existing ones goes right after
// them, because equal times keep file order (SPEC §2.3).
//
// The heading copies the style of the newest existing heading: its
// separator ("—", "-", "@", …) and Korean status words when the file uses
// them. The file's line ending (LF or CRLF) is kept; nothing outside the
// inserted lines changes.
func AddUpdate(src []byte, u Update, loc *time.Location) ([]byte, error) {
	hadBOM := bytes.HasPrefix(src, bom)
	src = bytes.TrimPrefix(src, bom)
	msg, err := checkMessage(u.Message)
	if err != nil {
		return nil, err
	}
	_, body, bodyLine, err := content.SplitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	bodyStart := len(src) - len(body)
	eol := lineEnding(src)
	starts := lineStarts(src)

	hs := content.Headings(body, bodyLine)
	sep, ko := " — ", false
	var newest time.Time
	newestLine, lastEqual := 0, -1
	for i, h := range hs {
		word, when, err := content.ParseHeading(h.Text)
		if err != nil {
			continue
		}
		kind, ok := status.ParseUpdateKind(word)
		if !ok || kind == status.Postmortem {
			continue
		}
		at, err := content.ParseTime(when, loc)
		if err != nil {
			continue
		}
		if newestLine == 0 || !at.Before(newest) {
			newest, newestLine = at, h.Line
			sep, ko = headingStyle(h.Text, word, when)
		}
		if at.Equal(u.At) {
			lastEqual = i
		}
	}
	if newestLine > 0 && u.At.Before(newest) {
		return nil, &OlderError{At: u.At.In(loc), Newest: newest.In(loc), Line: newestLine}
	}

	at := len(src) // insertion offset
	switch {
	case lastEqual >= 0 && lastEqual+1 < len(hs):
		at = starts[hs[lastEqual+1].Line-1]
	case lastEqual < 0 && len(hs) > 0:
		at = starts[hs[0].Line-1]
	}

	var b bytes.Buffer
	b.Grow(len(src) + len(msg) + 64)
	b.Write(src[:at])
	if at == len(src) && len(src) > 0 && src[len(src)-1] != '\n' {
		b.WriteString(eol)
	}
	if prev := lastLine(b.Bytes()); b.Len() > bodyStart && len(bytes.TrimSpace(prev)) > 0 {
		b.WriteString(eol) // a blank line between the previous text and the new heading
	}
	b.WriteString("## " + headingWord(u.Kind, ko) + sep + FormatTime(u.At, loc) + eol)
	b.WriteString(strings.ReplaceAll(msg, "\n", eol) + eol)
	if at < len(src) {
		b.WriteString(eol)
	}
	b.Write(src[at:])
	return withBOM(hadBOM, b.Bytes()), nil
}

// headingStyle returns the separator between status word and time in an
// existing heading, and whether its word is Korean.
func headingStyle(text, word, when string) (sep string, ko bool) {
	sep = " "
	if i := strings.LastIndex(text, when); i >= 0 && strings.HasPrefix(text[:i], word) {
		if s := text[len(word):i]; strings.TrimSpace(s) != "" && !strings.ContainsAny(s, "\r\n") {
			sep = s
		}
	}
	for _, r := range word {
		if r > 0x7f {
			ko = true
		}
	}
	return sep, ko
}

// SetKey sets a top-level front matter key to value, which must already be
// YAML (use FormatTime for times). An existing "key:" line is rewritten in
// place, keeping the spacing after the colon and a trailing comment;
// a missing key is added as one line after the last line of the front
// matter that is not blank. An empty value removes the key's line. Every
// other byte of the file is kept.
func SetKey(src []byte, key, value string) ([]byte, error) {
	hadBOM := bytes.HasPrefix(src, bom)
	src = bytes.TrimPrefix(src, bom)
	front, _, _, err := content.SplitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	frontStart := bytes.IndexByte(src, '\n') + 1
	frontEnd := frontStart + len(front)
	eol := lineEnding(src)

	var from, to int // the key's lines, if found
	found := false
	lastText := frontStart // end of the last line that is not blank
	for off := frontStart; off < frontEnd; {
		end := off + lineLen(src[off:frontEnd])
		line := src[off:end]
		switch {
		case found && to == off && len(line) > 0 && (line[0] == ' ' || line[0] == '\t') && len(bytes.TrimSpace(line)) > 0:
			to = end // an indented continuation of the key's value
		case !found && keyLine(line, key):
			from, to, found = off, end, true
		}
		if len(bytes.TrimSpace(line)) > 0 {
			lastText = end
		}
		off = end
	}

	var b bytes.Buffer
	switch {
	case found && value == "":
		b.Write(src[:from])
		b.Write(src[to:])
	case found:
		line := string(src[from : from+lineLen(src[from:to])])
		colon := strings.IndexByte(line, ':')
		rest := strings.TrimRight(line[colon+1:], "\r\n")
		space := rest[:len(rest)-len(strings.TrimLeft(rest, " \t"))]
		if space == "" {
			space = " "
		}
		comment := ""
		if i := commentStart(rest); i >= 0 {
			comment = strings.TrimRight(rest[i:], " \t")
		}
		b.Write(src[:from])
		b.WriteString(line[:colon+1] + space + value + comment + eol)
		b.Write(src[to:])
	case value == "":
		return withBOM(hadBOM, bytes.Clone(src)), nil
	default:
		b.Write(src[:lastText])
		b.WriteString(key + ": " + value + eol)
		b.Write(src[lastText:])
	}
	return withBOM(hadBOM, b.Bytes()), nil
}

func withBOM(had bool, b []byte) []byte {
	if had {
		return append(bytes.Clone(bom), b...)
	}
	return b
}

// keyLine reports whether line starts the top-level key: "key:" at
// column 0, optionally with spaces before the colon.
func keyLine(line []byte, key string) bool {
	rest, ok := bytes.CutPrefix(line, []byte(key))
	if !ok {
		return false
	}
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return false
	}
	rest = rest[1:]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n'
}

// commentStart returns the index of the white space before a trailing
// "# comment" in the value part of a YAML line, or -1. Quoted values are
// skipped so that a "#" inside quotes is not taken for a comment.
func commentStart(rest string) int {
	i := len(rest) - len(strings.TrimLeft(rest, " \t"))
	if i < len(rest) && (rest[i] == '"' || rest[i] == '\'') {
		q := rest[i]
		for j := i + 1; j < len(rest); j++ {
			if rest[j] == '\\' && q == '"' {
				j++
				continue
			}
			if rest[j] == q {
				i = j + 1
				break
			}
		}
	}
	for j := max(i, 1); j < len(rest); j++ {
		if rest[j] == '#' && (rest[j-1] == ' ' || rest[j-1] == '\t') {
			k := j
			for k > 0 && (rest[k-1] == ' ' || rest[k-1] == '\t') {
				k--
			}
			return k
		}
	}
	if strings.HasPrefix(strings.TrimLeft(rest, " \t"), "#") {
		return 0
	}
	return -1
}

// lineEnding is "\r\n" when the file's first line ends so, else "\n".
func lineEnding(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// lineStarts returns the offset of each line: starts[n-1] is line n.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineLen is the length of b's first line including its "\n".
func lineLen(b []byte) int {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return i + 1
	}
	return len(b)
}

// lastLine returns the last complete line of b without its line ending
// (b ends with "\n"), or nil.
func lastLine(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	return b[bytes.LastIndexByte(b, '\n')+1:]
}
