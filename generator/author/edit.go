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
	Kind     status.UpdateKind
	At       time.Time
	Message  string // Markdown
	Language string // "ko": Korean status words when the file has no heading to copy
}

// OlderError refuses an update older than the newest one in the file:
// the timeline would change under readers' feet.
type OlderError struct {
	At, Newest time.Time
	Line       int // file line of the newest update
}

func (e *OlderError) Error() string {
	return fmt.Sprintf("the new update (%s) is not newer than the newest one (%s, line %d); updates are added at the current time",
		e.At.Format(TimeLayout), e.Newest.Format(TimeLayout), e.Line)
}

var bom = []byte("\uFEFF")

// outline is what AddUpdate and AmendUpdate need to know of a file.
type outline struct {
	src       []byte // without a BOM
	hadBOM    bool
	msg       string // the checked message
	bodyStart int
	eol       string
	starts    []int // line offsets
	hs        []content.Heading
	newest    int // index in hs of the newest update heading; -1: none
	newestAt  time.Time
	sep       string // heading style to copy
	ko        bool
}

func scan(src []byte, u Update, loc *time.Location) (*outline, error) {
	o := &outline{hadBOM: bytes.HasPrefix(src, bom), newest: -1, sep: " — ", ko: u.Language == "ko"}
	o.src = bytes.TrimPrefix(src, bom)
	var err error
	if o.msg, err = checkMessage(u.Message); err != nil {
		return nil, err
	}
	_, body, bodyLine, err := content.SplitFrontMatter(o.src)
	if err != nil {
		return nil, err
	}
	o.bodyStart = len(o.src) - len(body)
	o.eol = lineEnding(o.src)
	o.starts = lineStarts(o.src)
	o.hs = content.Headings(body, bodyLine)
	for i, h := range o.hs {
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
		if o.newest < 0 || !at.Before(o.newestAt) {
			o.newest, o.newestAt = i, at
			o.sep, o.ko = headingStyle(h.Text, word, when)
		}
	}
	return o, nil
}

// AddUpdate inserts u into the incident file src and returns the new
// bytes; src itself is not modified. The file is written newest first
// (SPEC §2.3's example, the README): an update goes right before the
// first "##" heading, a postmortem at the end. An update must be newer
// than the newest one in the file — equal times keep file order, which
// would put it below its predecessor — or AddUpdate returns an
// *OlderError.
//
// The heading copies the style of the newest existing heading: its
// separator ("—", "-", "@", …) and Korean status words when the file uses
// them (u.Language decides for a file without one). The file's line
// ending (LF or CRLF) is kept; nothing outside the inserted lines changes.
func AddUpdate(src []byte, u Update, loc *time.Location) ([]byte, error) {
	o, err := scan(src, u, loc)
	if err != nil {
		return nil, err
	}
	src, eol := o.src, o.eol
	if o.newest >= 0 && u.Kind != status.Postmortem && !u.At.After(o.newestAt) {
		return nil, &OlderError{At: u.At.In(loc), Newest: o.newestAt.In(loc), Line: o.hs[o.newest].Line}
	}
	at := len(src) // insertion offset
	if len(o.hs) > 0 && u.Kind != status.Postmortem {
		at = o.starts[o.hs[0].Line-1]
	}

	var b bytes.Buffer
	b.Grow(len(src) + len(o.msg) + 64)
	b.Write(src[:at])
	if at == len(src) && len(src) > 0 && src[len(src)-1] != '\n' {
		b.WriteString(eol)
	}
	if prev := lastLine(b.Bytes()); b.Len() > o.bodyStart && len(bytes.TrimSpace(prev)) > 0 {
		b.WriteString(eol) // a blank line between the previous text and the new heading
	}
	b.WriteString("## " + headingWord(u.Kind, o.ko) + o.sep + FormatTime(u.At, loc) + eol)
	b.WriteString(strings.ReplaceAll(o.msg, "\n", eol) + eol)
	if at < len(src) {
		b.WriteString(eol)
	}
	b.Write(src[at:])
	return withBOM(o.hadBOM, b.Bytes()), nil
}

// AmendUpdate replaces the text of the newest update in src with
// u.Message, and its status word with u.Kind's when they differ. The
// heading's time and every other line stay as they were.
func AmendUpdate(src []byte, u Update, loc *time.Location) ([]byte, error) {
	o, err := scan(src, u, loc)
	if err != nil {
		return nil, err
	}
	if o.newest < 0 {
		return nil, fmt.Errorf("the file has no update to amend")
	}
	src, eol := o.src, o.eol
	h := o.hs[o.newest]
	head := o.starts[h.Line-1]
	from := head + lineLen(src[head:])
	to := len(src)
	if o.newest+1 < len(o.hs) {
		to = o.starts[o.hs[o.newest+1].Line-1]
	}
	word, when, _ := content.ParseHeading(h.Text)
	heading := strings.TrimRight(string(src[head:from]), "\r\n")
	if k, _ := status.ParseUpdateKind(word); k != u.Kind {
		heading = "## " + headingWord(u.Kind, o.ko) + o.sep + when
	}
	var b bytes.Buffer
	b.Write(src[:head])
	b.WriteString(heading + eol)
	b.WriteString(strings.ReplaceAll(o.msg, "\n", eol) + eol)
	if to < len(src) {
		b.WriteString(eol)
	}
	b.Write(src[to:])
	return withBOM(o.hadBOM, b.Bytes()), nil
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
	return setKey(src, key, value, nil)
}

// SetComponents writes an incident's components key as a block mapping,
// one "id: status" line each (ComponentValue), in the order given, in
// place of the key's lines. Every other byte of the file is kept.
func SetComponents(src []byte, comps []status.Affected, loc *time.Location) ([]byte, error) {
	block := make([]string, len(comps))
	for i, c := range comps {
		block[i] = "  " + c.ID + ": " + ComponentValue(c, loc)
	}
	return setKey(src, "components", "", block)
}

// ComponentValue writes an affected component's status as the front
// matter reads it: "partial_outage" when it held for the whole incident,
// else its history, "[major_outage, operational from 2026-11-21 16:05]".
// A history that starts operational starts at its first change.
func ComponentValue(a status.Affected, loc *time.Location) string {
	if len(a.Changes) == 0 {
		return a.Status.String()
	}
	parts := make([]string, 0, len(a.Changes)+1)
	if a.Status != status.Operational {
		parts = append(parts, a.Status.String())
	}
	for _, c := range a.Changes {
		parts = append(parts, c.Status.String()+" from "+FormatTime(c.At, loc))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// setKey sets key to value, or to the indented block lines when given.
func setKey(src []byte, key, value string, block []string) ([]byte, error) {
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
	case block != nil:
		if found {
			b.Write(src[:from])
		} else {
			b.Write(src[:lastText])
		}
		b.WriteString(key + ":" + eol)
		for _, l := range block {
			b.WriteString(l + eol)
		}
		if found {
			b.Write(src[to:])
		} else {
			b.Write(src[lastText:])
		}
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
