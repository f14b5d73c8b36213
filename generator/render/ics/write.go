package ics

import (
	"strings"
	"time"
	"unicode/utf8"
)

// maxLine is the longest content line RFC 5545 §3.1 allows, in octets,
// not counting the CRLF.
const maxLine = 75

// writer builds an iCalendar stream: content lines folded at maxLine
// octets (never inside a UTF-8 sequence) and ended with CRLF.
type writer struct {
	sb strings.Builder
}

// line writes "NAME:value" with value already in its encoded form.
func (w *writer) line(name, value string) {
	fold(&w.sb, name+":"+value)
}

// text writes a TEXT property, escaped.
func (w *writer) text(name, value string) { w.line(name, escape(value)) }

// time writes a DATE-TIME property in UTC ("20261129T170000Z").
func (w *writer) time(name string, t time.Time) { w.line(name, t.UTC().Format("20060102T150405Z")) }

func (w *writer) String() string { return w.sb.String() }

// fold writes one content line, split into chunks of at most maxLine
// octets; each continuation starts with a space, which counts toward its
// line's length (RFC 5545 §3.1).
func fold(sb *strings.Builder, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		sb.WriteString(s[:cut])
		sb.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	sb.WriteString(s)
	sb.WriteString("\r\n")
}

// escape encodes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and
// comma are escaped, any line break becomes \n, and control characters
// that TEXT cannot carry are dropped, as is invalid UTF-8.
func escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r == '\n' || r == '\r':
			sb.WriteString(`\n`)
		case r == '\t':
			sb.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			// not allowed in TEXT
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
