package render

import (
	"testing"
	"time"
)

func TestStringsFillPlaceholders(t *testing.T) {
	s := Strings{"greet": "{who} has {n} updates; {missing} stays"}
	if got, want := s.F("greet", "who", "API", "n", 3), "API has 3 updates; {missing} stays"; got != want {
		t.Errorf("F = %q, want %q", got, want)
	}
}

func TestZonedNamesZonesWithoutAnAbbreviation(t *testing.T) {
	at := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	for zone, want := range map[string]string{"Asia/Seoul": "11:00 KST", "Asia/Ho_Chi_Minh": "09:00 UTC+07"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := Zoned(loc, at, "15:04 MST"); got != want {
			t.Errorf("%s: %q, want %q", zone, got, want)
		}
	}
}

func TestAOneTakesTheSingularOnlyWhereTheLanguageHasOne(t *testing.T) {
	en := Strings{"h_one": "{n} hour", "h_other": "{n} hours"}
	ko := Strings{"h_other": "{n}시간"}
	for _, c := range []struct {
		s    Strings
		n    int
		want string
	}{{en, 1, "1 hour"}, {en, 2, "2 hours"}, {ko, 1, "1시간"}, {ko, 3, "3시간"}} {
		if got := c.s.N("h", c.n); got != c.want {
			t.Errorf("N(h, %d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestPlainDropsMarkupAndKeepsWordsApart(t *testing.T) {
	in := "<p>Some <strong>webhooks</strong> are late:</p>\n<ul>\n<li>retries</li><li>new <a href=\"x\">events</a></li>\n</ul>"
	if got, want := Plain(in), "Some webhooks are late: retries new events"; got != want {
		t.Errorf("Plain = %q, want %q", got, want)
	}
}
