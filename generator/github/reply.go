package github

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/sitrep/sitrep/generator/author"
)

// maxEcho bounds how much of a title or comment a reply repeats.
const maxEcho = 200

// code returns s as an inline code span for a reply. Text from an issue
// or comment goes into replies only this way: inside a code span GitHub
// renders no links, images, HTML or @mentions. Control characters and
// line breaks become spaces, and the fence is longer than any run of
// backticks in s.
func code(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > maxEcho {
		s = string(r[:maxEcho]) + "…"
	}
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

// notPublished starts every refusal.
func (s *session) notPublished() string {
	return s.tr("**Not published.**", "**게시하지 않았습니다.**")
}

// refusal is the reply to a command sitrep did not carry out, with the
// command's usage when usage is set. The problems of a file that would
// not check are listed one a line.
func (s *session) refusal(err error, usage bool) string {
	var b strings.Builder
	b.WriteString(s.notPublished() + " ")
	msg := err.Error()
	var ae *author.ContentError
	if errors.As(err, &ae) {
		msg = "the change does not check:\n" + ae.Problems.Error()
	}
	head, rest, multi := strings.Cut(msg, "\n")
	b.WriteString(code(head) + "\n")
	if multi {
		for _, l := range strings.Split(rest, "\n") {
			b.WriteString("\n- " + code(l))
		}
		b.WriteString("\n")
	}
	var ce *commandError
	if usage && errors.As(err, &ce) {
		b.WriteString(s.usageLine(ce.name))
	}
	return b.String()
}

// usageLine shows one command's usage, or all of them.
func (s *session) usageLine(name string) string {
	if u := usageOf(name); u != "" {
		return "\n" + s.tr("Usage", "사용법") + ": `" + u + "`\n"
	}
	var b strings.Builder
	b.WriteString(s.tr("\nCommands (a comment that starts with one):\n\n", "\n명령(댓글을 다음 중 하나로 시작합니다):\n\n"))
	for _, u := range usages {
		fmt.Fprintf(&b, "- `%s`\n", u.text)
	}
	return b.String()
}
