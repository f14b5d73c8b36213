package notify

import (
	"strings"
	"unicode/utf8"
)

// units is the length of s in UTF-16 code units: what JavaScript counts,
// and never less than the code points other receivers count, so a text
// within a limit in units is within it either way.
func units(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// fit escapes s with esc and cuts it to at most max units, ending a cut
// text with tail (escaped too). It cuts between runes, never inside an
// escape sequence.
func fit(s string, max int, esc func(string) string, tail string) string {
	if e := esc(s); units(e) <= max {
		return e
	}
	t := esc(tail)
	room := max - units(t)
	var b strings.Builder
	n := 0
	for _, r := range s {
		e := esc(string(r))
		if n+units(e) > room {
			break
		}
		b.WriteString(e)
		n += units(e)
	}
	return strings.TrimRight(b.String(), " \n") + t
}

// same is the escaper of receivers that need none.
func same(s string) string { return s }

// valid drops invalid UTF-8, which JSON receivers refuse.
func valid(s string) string { return strings.ToValidUTF8(s, string(utf8.RuneError)) }
