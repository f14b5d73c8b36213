// Package author writes and edits content files for the commands of the
// on-call engineer — sitrep new, update, resolve, postmortem, edit, list and
// init — and for every other way content is written (the GitHub-issue
// path): both call the same functions, so a request gives the same file
// whichever way it came.
//
//	s, err := author.Open(root, clock)  // author.FindRoot finds root upwards
//	w, err := s.Update("checkout", author.UpdateRequest{Status: "identified",
//		Components: map[string]string{"api": "partial_outage"},
//		NextUpdate: "30m", Message: "…"})
//
// Requests take strings as people type them and are validated whole
// before anything is written; an error is a *RequestError (the request
// cannot be carried out) or a *ContentError (the file would have errors).
// A change is checked by loading the whole site as it would be, in memory,
// and written only if the file has no errors.
//
// Edits are textual: a new update is inserted as lines, a front matter key
// is changed on its own lines, and every other byte of the author's file —
// comments, key order, spacing, CRLF line ends — stays as it was. The
// package never decodes YAML itself; package content reads what it writes.
package author

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

// Version is the sitrep release that "sitrep init" pins in the status
// repository's workflow (go install …/cmd/sitrep@Version).
const Version = "v0.1.0"

// Module is the import path of the sitrep command, for go install.
const Module = "github.com/sitrep/sitrep/cmd/sitrep"

// TimeLayout is how timestamps are written into content files: minutes in
// the site's time zone, the form authors type themselves.
const TimeLayout = "2006-01-02 15:04"

// FormatTime writes t as content files hold it: "2026-11-22 15:30" in loc,
// with ":SS" only when t has seconds.
func FormatTime(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Second() != 0 {
		return t.Format(time.DateTime)
	}
	return t.Format(TimeLayout)
}

// maxTitleSlug leaves room in a 64-character slug for the date prefix
// ("2026-11-22-", 11) and a "-NN" suffix against collisions.
const maxTitleSlug = 48

// Slugify returns the file-name form of a title: lowercase ASCII letters
// and digits, runs of anything else turned into one "-", at most max
// characters, cut at a hyphen where possible. It returns "" when the title
// has no ASCII letters or digits (a Korean title, for example).
func Slugify(title string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		if r == '\'' || r == '’' {
			continue // "what's" → "whats", not "what-s"
		}
		dash = true
	}
	s := b.String()
	if len(s) > max {
		s = s[:max]
		if i := strings.LastIndexByte(s, '-'); i > max/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	return s
}

// DatedSlug returns the slug of a new incident or maintenance file:
// "<date>-<title slug>", the date being at's day. A title written mostly
// in another script (a Korean title, say, even with "API" in it) gets
// "<date>-<component>" — the first affected component's id, short and
// typeable — or "<date>-<kind>-HHMM" without one: a slug of its few ASCII
// letters would say little and collide often.
func DatedSlug(title, kind, component string, at time.Time) string {
	s := Slugify(title, maxTitleSlug)
	ascii, other := 0, 0
	for _, r := range title {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			ascii++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			other++
		}
	}
	if s == "" || other > ascii {
		s = component
		if s == "" {
			s = kind + "-" + at.Format("1504")
		}
	}
	return at.Format(time.DateOnly) + "-" + s
}

// Unique returns base, or base-2, base-3, … — the first that taken does
// not report — keeping the result a valid slug of at most 64 characters.
func Unique(base string, taken func(slug string) bool) string {
	if !taken(base) {
		return base
	}
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		b := base
		if len(b)+len(suffix) > 64 {
			b = strings.TrimRight(b[:64-len(suffix)], "-")
		}
		if s := b + suffix; !taken(s) {
			return s
		}
	}
}

// yamlString returns s as a YAML scalar that reads back as exactly s: as
// written when that is unambiguous, double-quoted otherwise.
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainSafe reports whether s can be a plain YAML scalar that every reader
// takes as the same string. It errs on the side of quoting.
func plainSafe(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return false
	}
	return true
}

// checkMessage normalises a message body: "\n" line ends, no leading blank
// lines, no trailing white space. A message may not contain a level-2
// heading, which would start an update of its own.
func checkMessage(msg string) (string, error) {
	msg = strings.ReplaceAll(msg, "\r\n", "\n")
	lines := strings.Split(msg, "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	msg = strings.TrimRight(strings.Join(lines, "\n"), " \t\n")
	if msg == "" {
		return "", fmt.Errorf("the message is empty")
	}
	if hs := content.Headings([]byte(msg), 1); len(hs) > 0 {
		return "", fmt.Errorf("line %d of the message is a level-2 heading (%q), which would start an update of its own; use ### for headings inside a message", hs[0].Line, "## "+hs[0].Text)
	}
	return msg, nil
}

// ComponentList joins component names for a sentence in the site's
// language: "API", "API and Webhooks", "API, Webhooks and Search"; in
// Korean "API, Webhooks 및 Search".
func ComponentList(names []string, lang string) string {
	and := " and "
	if lang == "ko" {
		and = " 및 "
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + and + names[len(names)-1]
}

// words are the status words new headings use, by kind; korean are the
// aliases of SPEC §2.3, used when the file already writes Korean headings.
var (
	words  = [...]string{"Investigating", "Identified", "Monitoring", "Update", "Resolved", "Postmortem"}
	korean = [...]string{"조사 중", "원인 파악", "모니터링", "업데이트", "해결", "사후 분석"}
)

// headingWord returns the word for kind k, in Korean when ko is set.
func headingWord(k status.UpdateKind, ko bool) string {
	if k < 0 || int(k) >= len(words) {
		return k.String()
	}
	if ko {
		return korean[k]
	}
	return words[k]
}
