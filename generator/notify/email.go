package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// subjectMax keeps the Subject header, encoded and folded, well within
// RFC 5322's 998-character lines.
const subjectMax = 200

// email formats a message for a mailing list address: RFC 5322 headers
// and a multipart/alternative body, plain text and HTML. Every header
// value is built here from parsed addresses and encoded words, so no
// title can add a header.
type email struct {
	from *mail.Address
	to   []*mail.Address
}

func (*email) wants(k Kind) bool { return k != ComponentChanged }

// domain is the part of the sender's address after "@", for Message-IDs.
func (e *email) domain() string {
	_, d, _ := strings.Cut(e.from.Address, "@")
	return d
}

// messageID is the Message-ID of a delivery: the same key gives the
// same id, so a message sent again after a crash is recognisably the
// same message.
func (e *email) messageID(key string) string { return "<" + key + "@" + e.domain() + ">" }

// format writes the whole message. date is when it is sent.
func (e *email) format(_ *Event, m *Message, key string, date time.Time) ([]byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.SetBoundary("sitrep-" + key); err != nil {
		return nil, err
	}
	to := make([]string, len(e.to))
	for i, a := range e.to {
		to[i] = a.String()
	}
	var head bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&head, "%s: %s\r\n", k, v) }
	hdr("From", e.from.String())
	hdr("To", strings.Join(to, ", "))
	hdr("Subject", encodeHeader(fit(m.Subject, subjectMax, same, "…")))
	hdr("Date", date.Format(time.RFC1123Z))
	hdr("Message-ID", e.messageID(key))
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	hdr("Auto-Submitted", "auto-generated")
	hdr("X-Auto-Response-Suppress", "All")
	hdr("X-Sitrep-Delivery", key)
	head.WriteString("\r\n")

	html, err := emailHTML(m)
	if err != nil {
		return nil, err
	}
	for _, part := range []struct{ typ, body string }{{"text/plain", emailText(m)}, {"text/html", html}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(strings.ReplaceAll(part.body, "\n", "\r\n"))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return append(head.Bytes(), buf.Bytes()...), nil
}

// encodeHeader encodes a header value as RFC 2047 words when it is not
// plain ASCII, folding between the words so no line grows long.
func encodeHeader(s string) string {
	return strings.ReplaceAll(mime.BEncoding.Encode("utf-8", s), "?= =?", "?=\r\n =?")
}

func emailText(m *Message) string {
	var b strings.Builder
	b.WriteString(m.Subject + "\n" + m.When + "\n\n")
	if m.Body != "" {
		b.WriteString(m.Body + "\n\n")
	}
	if len(m.Lines) > 0 {
		b.WriteString(m.Heading + ":\n")
		for _, l := range m.Lines {
			b.WriteString("- " + l.Name + ": " + l.Status() + "\n")
		}
		b.WriteString("\n")
	}
	for _, extra := range []string{m.Window, m.Next} {
		if extra != "" {
			b.WriteString(extra + "\n\n")
		}
	}
	b.WriteString(m.Open + ": " + m.URL + "\n")
	b.WriteString(m.FeedsAt + ": " + m.Feeds[0] + " , " + m.Feeds[1] + "\n\n")
	b.WriteString("-- \n" + strings.ReplaceAll(m.Words.Why, "{site}", m.Site) + "\n")
	return b.String()
}

// emailPage is the HTML part; html/template escapes every value, and the
// body is goldmark's safe rendering, the same HTML the incident page shows.
var emailPage = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family:sans-serif;line-height:1.5;color:#1f2328;max-width:40em">
<p style="color:#57606a;margin:0">{{.Label}} · {{.Site}}</p>
<h1 style="font-size:1.3em;margin:.2em 0">{{.Title}}</h1>
<p style="margin:0"><strong>{{.Status}}</strong> · {{.When}}</p>
{{if .HTML}}<div>{{.HTML}}</div>{{end}}
{{- if .Lines}}
<h2 style="font-size:1em">{{.Heading}}</h2>
<ul>{{range .Lines}}<li>{{.Name}}: {{.Status}}</li>{{end}}</ul>
{{- end}}
{{if .Window}}<p>{{.Window}}</p>{{end}}
{{if .Next}}<p>{{.Next}}</p>{{end}}
<p><a href="{{.URL}}">{{.Open}}</a></p>
<p style="color:#57606a;font-size:.9em">{{.FeedsAt}}: <a href="{{index .Feeds 0}}">RSS</a> · <a href="{{index .Feeds 1}}">Atom</a><br>{{.Why}}</p>
</body></html>
`))

func emailHTML(m *Message) (string, error) {
	var b strings.Builder
	err := emailPage.Execute(&b, struct {
		*Message
		Why string
	}{m, strings.ReplaceAll(m.Words.Why, "{site}", m.Site)})
	return b.String(), err
}
