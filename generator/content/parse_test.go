package content

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	seoul, _ := time.LoadLocation("Asia/Seoul")
	tests := []struct {
		in   string
		want time.Time // zero: error
	}{
		{"2026-11-21 14:30", time.Date(2026, 11, 21, 14, 30, 0, 0, seoul)},
		{"2026-11-21 14:30:15", time.Date(2026, 11, 21, 14, 30, 15, 0, seoul)},
		{"2026-11-21 14:30+09:00", time.Date(2026, 11, 21, 14, 30, 0, 0, seoul)},
		{"2026-11-21 05:30Z", time.Date(2026, 11, 21, 14, 30, 0, 0, seoul)},
		{"2026-11-21T05:30:00Z", time.Date(2026, 11, 21, 14, 30, 0, 0, seoul)},
		{"2026-11-21T14:30:00.5+09:00", time.Date(2026, 11, 21, 14, 30, 0, 5e8, seoul)},
		{"2026-11-21 14:30:00 +09:00", time.Date(2026, 11, 21, 14, 30, 0, 0, seoul)},
		{"2026-11-21T14:30", time.Date(2026, 11, 21, 14, 30, 0, 0, seoul)},
		{"  2026-11-21 14:30  ", time.Date(2026, 11, 21, 14, 30, 0, 0, seoul)},
		{"2026-11-21", time.Time{}},
		{"2026-02-30 10:00", time.Time{}},
		{"21.11.2026 14:30", time.Time{}},
		{"2026-11-21 25:00", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, seoul)
		switch {
		case tt.want.IsZero() && err == nil:
			t.Errorf("ParseTime(%q) = %v, want an error", tt.in, got)
		case !tt.want.IsZero() && (err != nil || !got.Equal(tt.want)):
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		case err == nil && got.Location() != seoul:
			t.Errorf("ParseTime(%q) is in %v, want the site's zone", tt.in, got.Location())
		}
	}
}

func TestParseHeading(t *testing.T) {
	tests := []struct{ in, word, when string }{
		{"Resolved — 2026-11-21 16:45", "Resolved", "2026-11-21 16:45"},
		{"Investigating - 2026-11-21 14:32", "Investigating", "2026-11-21 14:32"},
		{"Identified · 2026-11-21 14:55", "Identified", "2026-11-21 14:55"},
		{"Monitoring | 2026-11-21 16:10", "Monitoring", "2026-11-21 16:10"},
		{"Update @ 2026-11-21 16:10:05+09:00", "Update", "2026-11-21 16:10:05+09:00"},
		{"Update 2026-11-21 16:10", "Update", "2026-11-21 16:10"},
		{"In progress — 2026-12-01 02:00", "In progress", "2026-12-01 02:00"},
		{"조사 중 — 2026-10-03 09:12", "조사 중", "2026-10-03 09:12"},
		{"Resolved — 2026-11-21T07:45:00Z", "Resolved", "2026-11-21T07:45:00Z"},
		{"Resolved — yesterday", "", ""},
		{"— 2026-11-21 16:45", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		word, when, err := ParseHeading(tt.in)
		if tt.word == "" {
			if err == nil {
				t.Errorf("ParseHeading(%q) = %q, %q; want an error", tt.in, word, when)
			}
			continue
		}
		if err != nil || word != tt.word || when != tt.when {
			t.Errorf("ParseHeading(%q) = %q, %q, %v; want %q, %q", tt.in, word, when, err, tt.word, tt.when)
		}
	}
}

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name, in, front, body string
		line                  int
		err                   bool
	}{
		{"plain", "---\na: 1\n---\nbody\n", "a: 1\n", "body\n", 4, false},
		{"CRLF and trailing spaces", "---\r\na: 1\r\n---  \r\nbody", "a: 1\r\n", "body", 4, false},
		{"empty front matter", "---\n---\n", "", "", 3, false},
		{"unclosed", "---\na: 1\n", "", "", 0, true},
		{"no front matter", "# Title\n", "", "", 0, true},
		{"empty file", "", "", "", 0, true},
		{"fence with more dashes is not a fence", "---\na: 1\n----\n", "", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, body, line, err := SplitFrontMatter([]byte(tt.in))
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if err == nil && (string(front) != tt.front || string(body) != tt.body || line != tt.line) {
				t.Errorf("got %q, %q, line %d; want %q, %q, line %d", front, body, line, tt.front, tt.body, tt.line)
			}
		})
	}
}
