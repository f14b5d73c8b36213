package notify

import (
	"bytes"
	"encoding/json"
	"html/template"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// hostileSite is a site built in code, past the loader's checks, whose
// title and body try every trick a receiver could fall for.
func hostileSite(title, body, lang string) *status.Site {
	base, _ := url.Parse("https://status.example.com/")
	text := status.Text{Source: body, HTML: template.HTML("<p>" + template.HTMLEscapeString(body) + "</p>")}
	return &status.Site{
		Config:     status.Config{Title: "Test <Status> & Co", BaseURL: base, Language: lang, TimeZone: "Asia/Seoul", Location: kst, UptimeDays: 30},
		Components: []*status.Component{{ID: "api", Name: "API <!here>"}},
		Incidents: []*status.Incident{{
			Slug: "x", Title: title, Severity: status.P0, Impact: status.ImpactCritical,
			Components: []status.Affected{{ID: "api", Status: status.MajorOutage}},
			NextUpdate: at("11:00"),
			Updates:    []status.IncidentUpdate{{Kind: status.Investigating, At: at("10:00"), Body: text}},
		}},
	}
}

// formatted renders every event of a site for every kind.
func formatted(t *testing.T, site *status.Site) map[string][][]byte {
	t.Helper()
	strs, err := generator.Strings(generator.Theme(fstest.MapFS{}, "default"), site.Config.Language)
	if err != nil {
		t.Fatal(err)
	}
	m := view.New(site, at("10:30"))
	urls := paths.New(site.Config.BaseURL)
	from, _ := mail.ParseAddress("Acme Status <status@example.com>")
	to, _ := mail.ParseAddress("announce@lists.example.com")
	kinds := map[string]formatter{"slack": slack{}, "discord": discord{}, "teams": teams{}, "webhook": newWebhook(m, urls, func(string) time.Time { return time.Time{} }), "email": &email{from: from, to: []*mail.Address{to}}}
	out := map[string][][]byte{}
	for _, ev := range Events(m, func(string) time.Time { return time.Time{} }, time.Time{}) {
		var msg *Message
		if ev.Kind != ComponentChanged {
			msg = message(&ev, m, urls, strs)
		}
		for name, f := range kinds {
			if !f.wants(ev.Kind) {
				continue
			}
			b, err := f.format(&ev, msg, Key("b", name, ev.ID), at("10:30"))
			if err != nil {
				t.Fatal(err)
			}
			out[name] = append(out[name], b)
		}
	}
	return out
}

const hostileBody = "<!channel> <!here> <@U123> @everyone @here <at>Boss</at> </script><script>alert(1)</script> <https://evil.example|click> & [x](javascript:alert(1))"

func TestHostileTitlesAndBodiesReachEveryKindInert(t *testing.T) {
	title := "Outage <!channel> @everyone\r\nBcc: victim@example.com\r\n\r\n</script>"
	out := formatted(t, hostileSite(title, hostileBody, "en"))
	for _, b := range out["slack"] {
		for _, e := range checkSlack(b) {
			t.Error(e)
		}
		var m struct{ Text string }
		if json.Unmarshal(b, &m) != nil || !strings.Contains(m.Text, "&lt;!channel&gt;") {
			t.Errorf("slack: the mention is not shown escaped: %s", b)
		}
	}
	for _, b := range out["discord"] {
		for _, e := range checkDiscord(b) {
			t.Error(e)
		}
	}
	for _, b := range out["teams"] {
		for _, e := range checkTeams(b) {
			t.Error(e)
		}
	}
	for _, b := range append(out["webhook"], out["slack"]...) {
		if s := string(b); strings.Contains(s, "</script") || strings.Contains(s, "<script") || strings.Contains(s, "\r") {
			t.Errorf("JSON carries </script> or a CR unescaped: %s", s)
		}
	}
	if len(out["email"]) == 0 {
		t.Fatal("no email")
	}
	for _, b := range out["email"] {
		msg, err := mail.ReadMessage(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("the email does not parse: %v\n%s", err, b)
		}
		if msg.Header.Get("Bcc") != "" || len(msg.Header["To"]) != 1 {
			t.Errorf("a header was injected: %v", msg.Header)
		}
		subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || subj != "[Major outage] Outage <!channel> @everyone Bcc: victim@example.com </script> — Investigating" {
			t.Errorf("subject %q (%v)", subj, err)
		}
		html := emailPart(t, msg, "text/html")
		if strings.Contains(html, "</script") || strings.Contains(html, "<script") || strings.Contains(html, "javascript:") && strings.Contains(html, `href="javascript:`) {
			t.Errorf("the HTML part carries a script: %s", html)
		}
	}
}

// emailPart returns the decoded part of a multipart/alternative message
// with the media type typ.
func emailPart(t *testing.T, msg *mail.Message, typ string) string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		t.Fatal(err)
	}
	msg.Body = bytes.NewReader(body) // for the next part asked for
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := r.NextPart() // decodes quoted-printable
		if err == io.EOF {
			t.Fatalf("no %s part", typ)
		}
		if err != nil {
			t.Fatal(err)
		}
		if pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); pt == typ {
			b, err := io.ReadAll(p)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
}

func TestLongTextIsCutWithinEachReceiversLimits(t *testing.T) {
	// Korean and emoji: three bytes, and two UTF-16 units, a character.
	long := strings.Repeat("오류가 계속되고 있습니다 🚨 & <확인> ", 800)
	out := formatted(t, hostileSite(strings.Repeat("긴 제목 ", 100), long, "ko"))
	for kind, check := range map[string]func([]byte) []string{"slack": checkSlack, "discord": checkDiscord, "teams": checkTeams} {
		for _, b := range out[kind] {
			for _, e := range check(b) {
				t.Error(e)
			}
			if !strings.Contains(string(b), "상태 페이지") {
				t.Errorf("%s: a cut message does not point to the status page", kind)
			}
		}
	}
	for _, b := range out["email"] {
		msg, err := mail.ReadMessage(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\r\n") {
			if len(line) > 998 {
				t.Fatalf("a line of %d bytes; RFC 5322 allows 998", len(line))
			}
		}
		if text := emailPart(t, msg, "text/plain"); !strings.Contains(text, long[:300]) || !strings.Contains(text, "상태 페이지에서 보기") {
			t.Error("the email's text lacks the body or the Korean link words")
		}
	}
}

func TestFitCutsBetweenEscapes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"a&b", 10, "a&amp;b"},
		{"ab&c", 5, "ab…"}, // "&amp;" does not fit: it is not cut in half
		{"abcdef", 4, "abc…"},
		{"🚨🚨🚨", 5, "🚨🚨…"},
	} {
		if got := fit(tc.in, tc.max, slackEscape, "…"); got != tc.want || units(got) > tc.max {
			t.Errorf("fit(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestTheReceiversRefuseWhatTheirServicesWould(t *testing.T) {
	for name, tc := range map[string]struct {
		check func([]byte) []string
		body  string
	}{
		"slack mention":        {checkSlack, `{"text":"hi <!channel>","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x"}}]}`},
		"slack long header":    {checkSlack, `{"text":"hi","blocks":[{"type":"header","text":{"type":"plain_text","text":"` + strings.Repeat("x", 151) + `"}}]}`},
		"discord mentions on":  {checkDiscord, `{"embeds":[{"title":"t","url":"https://status.example.com/","color":1,"timestamp":"2026-11-21T01:00:00Z"}]}`},
		"discord long title":   {checkDiscord, `{"embeds":[{"title":"` + strings.Repeat("x", 257) + `","url":"https://status.example.com/","color":1,"timestamp":"2026-11-21T01:00:00Z"}],"allowed_mentions":{"parse":[]}}`},
		"teams connector card": {checkTeams, `{"@type":"MessageCard","summary":"x"}`},
	} {
		if errs := tc.check([]byte(tc.body)); len(errs) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}
