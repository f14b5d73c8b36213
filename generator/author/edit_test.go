package author

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

var seoul = mustZone("Asia/Seoul")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func at(s string) time.Time {
	t, err := time.ParseInLocation(TimeLayout, s, seoul)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddUpdate(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		update  Update
		want    string
		wantErr string
	}{
		{
			name:   "a newest-first file gets the update above its first heading and nothing else changes",
			src:    "---\ntitle:   Slow API   # keep me\nseverity: P2\n---\n\n## Investigating — 2026-11-22 09:00\nLooking.\n",
			update: Update{Kind: status.Identified, At: at("2026-11-22 10:00"), Message: "Found it."},
			want:   "---\ntitle:   Slow API   # keep me\nseverity: P2\n---\n\n## Identified — 2026-11-22 10:00\nFound it.\n\n## Investigating — 2026-11-22 09:00\nLooking.\n",
		},
		{
			name:   "an oldest-first file gets it at the top as well, since updates are sorted by time",
			src:    "---\ntitle: T\n---\n## Investigating - 2026-11-22 09:00\nA.\n\n## Identified - 2026-11-22 09:30\nB.\n",
			update: Update{Kind: status.Monitoring, At: at("2026-11-22 10:00"), Message: "C."},
			want:   "---\ntitle: T\n---\n## Monitoring - 2026-11-22 10:00\nC.\n\n## Investigating - 2026-11-22 09:00\nA.\n\n## Identified - 2026-11-22 09:30\nB.\n",
		},
		{
			name:   "a CRLF file stays CRLF, the message's line ends included",
			src:    "---\r\ntitle: T\r\n---\r\n\r\n## Investigating — 2026-11-22 09:00\r\nA.\r\n",
			update: Update{Kind: status.Update, At: at("2026-11-22 09:10"), Message: "line one\nline two\n"},
			want:   "---\r\ntitle: T\r\n---\r\n\r\n## Update — 2026-11-22 09:10\r\nline one\r\nline two\r\n\r\n## Investigating — 2026-11-22 09:00\r\nA.\r\n",
		},
		{
			name:   "the heading copies the newest heading's separator and Korean status words",
			src:    "---\ntitle: T\n---\n\n## 원인 파악 @ 2026-11-22 09:30\n나.\n\n## Investigating @ 2026-11-22 09:00\nA.\n",
			update: Update{Kind: status.Resolved, At: at("2026-11-22 10:00"), Message: "해결되었습니다."},
			want:   "---\ntitle: T\n---\n\n## 해결 @ 2026-11-22 10:00\n해결되었습니다.\n\n## 원인 파악 @ 2026-11-22 09:30\n나.\n\n## Investigating @ 2026-11-22 09:00\nA.\n",
		},
		{
			name:    "an update at the same time as the newest is refused: equal times keep file order, which would make it older",
			src:     "---\ntitle: T\n---\n\n## Identified — 2026-11-22 10:00\nB.\n\n## Investigating — 2026-11-22 09:00\nA.\n",
			update:  Update{Kind: status.Update, At: at("2026-11-22 10:00"), Message: "C."},
			wantErr: "not newer than the newest one (2026-11-22 10:00, line 5)",
		},
		{
			name:   "a second later is written with its seconds, above the newest",
			src:    "---\ntitle: T\n---\n\n## Identified — 2026-11-22 10:00\nB.\n",
			update: Update{Kind: status.Update, At: at("2026-11-22 10:00").Add(time.Second), Message: "C."},
			want:   "---\ntitle: T\n---\n\n## Update — 2026-11-22 10:00:01\nC.\n\n## Identified — 2026-11-22 10:00\nB.\n",
		},
		{
			name:   "a postmortem goes to the end of the file, after the timeline",
			src:    "---\ntitle: T\n---\n\n## Resolved — 2026-11-22 10:00\nB.\n\n## Investigating — 2026-11-22 09:00\nA.\n",
			update: Update{Kind: status.Postmortem, At: at("2026-11-23 10:00"), Message: "### Summary\nS."},
			want:   "---\ntitle: T\n---\n\n## Resolved — 2026-11-22 10:00\nB.\n\n## Investigating — 2026-11-22 09:00\nA.\n\n## Postmortem — 2026-11-23 10:00\n### Summary\nS.\n",
		},
		{
			name:   "a file with no heading to copy gets Korean words in a Korean site",
			src:    "---\ntitle: T\n---\n",
			update: Update{Kind: status.Identified, At: at("2026-11-22 10:00"), Message: "원인을 찾았습니다.", Language: "ko"},
			want:   "---\ntitle: T\n---\n## 원인 파악 — 2026-11-22 10:00\n원인을 찾았습니다.\n",
		},
		{
			name:   "a heading inside a fenced code block is not an update",
			src:    "---\ntitle: T\n---\n\n## Investigating — 2026-11-22 09:00\n```\n## Resolved — 2026-11-22 23:00\n```\n",
			update: Update{Kind: status.Update, At: at("2026-11-22 09:30"), Message: "B."},
			want:   "---\ntitle: T\n---\n\n## Update — 2026-11-22 09:30\nB.\n\n## Investigating — 2026-11-22 09:00\n```\n## Resolved — 2026-11-22 23:00\n```\n",
		},
		{
			name:   "a file without updates gets the first one at its end, after a blank line",
			src:    "---\ntitle: T\n---\nno newline at the end",
			update: Update{Kind: status.Investigating, At: at("2026-11-22 09:00"), Message: "A."},
			want:   "---\ntitle: T\n---\nno newline at the end\n\n## Investigating — 2026-11-22 09:00\nA.\n",
		},
		{
			name:   "a byte order mark stays in front",
			src:    "\uFEFF---\ntitle: T\n---\n\n## Investigating — 2026-11-22 09:00\nA.\n",
			update: Update{Kind: status.Update, At: at("2026-11-22 09:05"), Message: "B."},
			want:   "\uFEFF---\ntitle: T\n---\n\n## Update — 2026-11-22 09:05\nB.\n\n## Investigating — 2026-11-22 09:00\nA.\n",
		},
		{
			name:    "an update older than the newest one is refused",
			src:     "---\ntitle: T\n---\n\n## Identified — 2026-11-22 10:00\nB.\n\n## Investigating — 2026-11-22 09:00\nA.\n",
			update:  Update{Kind: status.Update, At: at("2026-11-22 09:59"), Message: "C."},
			wantErr: "not newer than the newest one (2026-11-22 10:00, line 5)",
		},
		{
			name:    "a message with a level-2 heading is refused: it would start an update of its own",
			src:     "---\ntitle: T\n---\n\n## Investigating — 2026-11-22 09:00\nA.\n",
			update:  Update{Kind: status.Update, At: at("2026-11-22 10:00"), Message: "Text\n## Details\nmore"},
			wantErr: "line 2 of the message is a level-2 heading",
		},
		{
			name:    "an empty message is refused",
			src:     "---\ntitle: T\n---\n",
			update:  Update{Kind: status.Update, At: at("2026-11-22 10:00"), Message: " \n\t\n"},
			wantErr: "the message is empty",
		},
		{
			name:    "a file without front matter is refused",
			src:     "## Investigating — 2026-11-22 09:00\n",
			update:  Update{Kind: status.Update, At: at("2026-11-22 10:00"), Message: "x"},
			wantErr: "front matter",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			got, err := AddUpdate(src, tt.update, seoul)
			if string(src) != tt.src {
				t.Fatal("AddUpdate modified its input")
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestAddUpdateReportsOlderAsOlderError(t *testing.T) {
	src := []byte("---\ntitle: T\n---\n\n## Investigating — 2026-11-22 09:00\nA.\n")
	_, err := AddUpdate(src, Update{Kind: status.Update, At: at("2026-11-22 08:00"), Message: "x"}, seoul)
	var older *OlderError
	if !errors.As(err, &older) || older.Line != 5 || !older.Newest.Equal(at("2026-11-22 09:00")) {
		t.Fatalf("err = %#v, want an *OlderError for line 5", err)
	}
}

func TestSetKey(t *testing.T) {
	tests := []struct {
		name, src, key, value, want string
	}{
		{
			name:  "an existing key is rewritten in place, keeping its spacing and comment",
			src:   "---\ntitle: T  # the title\nnext_update:   2026-11-22 12:00   # promised on the bridge\nseverity: P1\n---\nbody\n",
			key:   "next_update",
			value: "2026-11-22 13:00",
			want:  "---\ntitle: T  # the title\nnext_update:   2026-11-22 13:00   # promised on the bridge\nseverity: P1\n---\nbody\n",
		},
		{
			name:  "a quoted value with a hash inside is replaced whole",
			src:   "---\nnext_update: \"2026-11-22 12:00 #x\" # c\n---\n",
			key:   "next_update",
			value: "2026-11-22 13:00",
			want:  "---\nnext_update: 2026-11-22 13:00 # c\n---\n",
		},
		{
			name:  "a missing key is added after the last line that is not blank",
			src:   "---\ntitle: T\ncomponents:\n  api: partial_outage\n\n---\n",
			key:   "next_update",
			value: "2026-11-22 13:00",
			want:  "---\ntitle: T\ncomponents:\n  api: partial_outage\nnext_update: 2026-11-22 13:00\n\n---\n",
		},
		{
			name:  "an empty value removes the line",
			src:   "---\ntitle: T\nnext_update: 2026-11-22 12:00 # c\nseverity: P1\n---\n",
			key:   "next_update",
			value: "",
			want:  "---\ntitle: T\nseverity: P1\n---\n",
		},
		{
			name:  "a value on its own indented line goes with its key",
			src:   "---\nnext_update:\n  2026-11-22 12:00\nseverity: P1\n---\n",
			key:   "next_update",
			value: "",
			want:  "---\nseverity: P1\n---\n",
		},
		{
			name:  "removing a key that is not there changes nothing",
			src:   "---\ntitle: T\n---\n",
			key:   "next_update",
			value: "",
			want:  "---\ntitle: T\n---\n",
		},
		{
			name:  "a key with a longer name that starts the same is left alone",
			src:   "---\nnext_update_note: x\n---\n",
			key:   "next_update",
			value: "2026-11-22 13:00",
			want:  "---\nnext_update_note: x\nnext_update: 2026-11-22 13:00\n---\n",
		},
		{
			name:  "CRLF files get CRLF lines",
			src:   "---\r\ntitle: T\r\nnext_update: 2026-11-22 12:00\r\n---\r\n",
			key:   "next_update",
			value: "2026-11-22 14:00",
			want:  "---\r\ntitle: T\r\nnext_update: 2026-11-22 14:00\r\n---\r\n",
		},
		{
			name:  "CRLF files get CRLF lines when a key is added",
			src:   "---\r\ntitle: T\r\n---\r\n",
			key:   "next_update",
			value: "2026-11-22 14:00",
			want:  "---\r\ntitle: T\r\nnext_update: 2026-11-22 14:00\r\n---\r\n",
		},
		{
			name:  "a key in the body is not front matter",
			src:   "---\ntitle: T\n---\nnext_update: not this one\n",
			key:   "next_update",
			value: "2026-11-22 14:00",
			want:  "---\ntitle: T\nnext_update: 2026-11-22 14:00\n---\nnext_update: not this one\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SetKey([]byte(tt.src), tt.key, tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

// oneEdit reports whether out is src with one contiguous run of bytes
// replaced (or inserted), and returns the run's extent in src.
func oneEdit(src, out []byte) (from, to int) {
	p := 0
	for p < len(src) && p < len(out) && src[p] == out[p] {
		p++
	}
	s := 0
	for s < len(src)-p && s < len(out)-p && src[len(src)-1-s] == out[len(out)-1-s] {
		s++
	}
	return p, len(src) - s
}

func FuzzAddUpdate(f *testing.F) {
	f.Add("---\ntitle: T\n---\n\n## Investigating — 2026-11-22 09:00\nA.\n", "B.\nC.", 30)
	f.Add("---\r\ntitle: T\r\n---\r\n## Identified @ 2026-11-22 09:00\r\n```\r\n## x\r\n```\r\n", "x", 0)
	f.Add("---\n---\n", "m", 5)
	f.Fuzz(func(t *testing.T, src, msg string, minutes int) {
		u := Update{Kind: status.Update, At: at("2026-11-22 09:00").Add(time.Duration(minutes%1000) * time.Minute), Message: msg}
		out, err := AddUpdate([]byte(src), u, seoul)
		if err != nil {
			return
		}
		from, to := oneEdit([]byte(src), out)
		if from != to && !(bytes.HasPrefix([]byte(src), bom) && from == 0) {
			t.Fatalf("AddUpdate changed bytes %d..%d of the file instead of only inserting:\n%q\n%q", from, to, src, out)
		}
		if !bytes.Contains(out, []byte(FormatTime(u.At, seoul))) {
			t.Fatalf("the new update's time is missing:\n%q", out)
		}
	})
}

func FuzzSetKey(f *testing.F) {
	f.Add("---\ntitle: T\nnext_update: 2026-11-22 12:00 # c\n---\n", "2026-11-22 13:00")
	f.Add("---\r\ntitle: T\r\n---\r\n", "")
	f.Add("---\nnext_update:\n  2026-11-22 12:00\n---\nnext_update: x\n", "2026-11-22 13:00")
	f.Fuzz(func(t *testing.T, src, value string) {
		if strings.ContainsAny(value, "\r\n") {
			return
		}
		out, err := SetKey([]byte(src), "next_update", value)
		if err != nil {
			return
		}
		// Every line that is not the key's is kept, in order.
		if a, b := withoutKey(src), withoutKey(string(out)); a != b {
			t.Fatalf("SetKey changed lines other than next_update's:\n%q\n%q", src, out)
		}
	})
}

// withoutKey drops "next_update" lines and their indented continuations.
func withoutKey(s string) string {
	var b strings.Builder
	inKey := false
	for _, line := range strings.SplitAfter(s, "\n") {
		switch {
		case keyLine([]byte(line), "next_update"):
			inKey = true
			continue
		case inKey && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) && strings.TrimSpace(line) != "":
			continue
		}
		inKey = false
		b.WriteString(line)
	}
	return b.String()
}
