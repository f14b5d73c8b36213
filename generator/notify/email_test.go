package notify

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"mime"
	"net"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// mailbox is a real SMTP server on 127.0.0.1 (emersion/go-smtp) that
// keeps what it is sent.
type mailbox struct {
	mu    sync.Mutex
	mails []delivered
	addr  string
}

type delivered struct {
	from     string
	to       []string
	data     []byte
	tls      bool
	user     string
	password string
}

type session struct {
	box *mailbox
	c   *smtp.Conn
	d   delivered
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "sitrep" || pass != "p@ss word" {
			return errors.New("bad credentials")
		}
		s.d.user, s.d.password = user, pass
		return nil
	}), nil
}
func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.d.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error   { s.d.to = append(s.d.to, to); return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.d.data = b
	_, s.d.tls = s.c.TLSConnectionState()
	s.box.mu.Lock()
	s.box.mails = append(s.box.mails, s.d)
	s.box.mu.Unlock()
	return nil
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// newMailbox starts an SMTP server that offers STARTTLS, or speaks TLS
// from the start when implicit, with a certificate for 127.0.0.1. It
// returns the pool that trusts that certificate.
func newMailbox(t *testing.T, implicit bool) (*mailbox, *x509.CertPool) {
	ts := httptest.NewUnstartedServer(nil)
	ts.StartTLS() // only for its certificate
	cert, pool := ts.TLS.Certificates[0], x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	ts.Close()
	box := &mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{box: box, c: c}, nil }))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	var l net.Listener
	var err error
	if implicit {
		l, err = tls.Listen("tcp", "127.0.0.1:0", srv.TLSConfig)
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	box.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return box, pool
}

const emailChannel = `notify:
  - name: customers
    kind: email
    smtp: ${SMTP_URL}
    from: "Acme Status <status@example.com>"
    to: [status-announce@lists.example.com, ops@example.com]
`

func TestEmailGoesOverSMTPWithTLSAsAProperMessage(t *testing.T) {
	for _, implicit := range []bool{false, true} {
		scheme := map[bool]string{false: "smtp", true: "smtps"}[implicit]
		t.Run(scheme, func(t *testing.T) {
			box, pool := newMailbox(t, implicit)
			env := map[string]string{"SMTP_URL": scheme + "://sitrep:p%40ss%20word@" + box.addr}
			dir := testSite(t, emailChannel, nil)
			if _, err := runAt(t, dir, at("09:00"), env); err != nil {
				t.Fatal(err)
			}
			write(t, dir, "content/incidents/api-errors.md", openIncident)
			rep, err := runAt(t, dir, at("10:05"), env, func(o *Options) { o.RootCAs = pool })
			if err != nil {
				t.Fatal(err)
			}
			if c := rep.Channels[0]; c.Sent != 1 {
				t.Fatalf("report %+v", c)
			}
			box.mu.Lock()
			defer box.mu.Unlock()
			if len(box.mails) != 1 {
				t.Fatalf("%d mails arrived", len(box.mails))
			}
			d := box.mails[0]
			if !d.tls || d.user != "sitrep" || d.from != "status@example.com" || strings.Join(d.to, ",") != "status-announce@lists.example.com,ops@example.com" {
				t.Errorf("envelope: tls %v, user %q, from %q, to %q", d.tls, d.user, d.from, d.to)
			}
			msg, err := mail.ReadMessage(bytes.NewReader(d.data))
			if err != nil {
				t.Fatal(err)
			}
			h := msg.Header
			subj, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
			if subj != "[Partial outage] Elevated error rates on the API — Investigating" {
				t.Errorf("Subject %q", subj)
			}
			if from, err := h.AddressList("From"); err != nil || from[0].Name != "Acme Status" {
				t.Errorf("From %q: %v", h.Get("From"), err)
			}
			if to, err := h.AddressList("To"); err != nil || len(to) != 2 {
				t.Errorf("To %q: %v", h.Get("To"), err)
			}
			if date, err := h.Date(); err != nil || !date.Equal(at("10:05")) {
				t.Errorf("Date %q: %v", h.Get("Date"), err)
			}
			key := Key("https://status.example.com/", "customers", "incident/api-errors/u-20261121T0100Z/investigating")
			if h.Get("Message-ID") != "<"+key+"@example.com>" {
				t.Errorf("Message-ID %q, want the delivery's key", h.Get("Message-ID"))
			}
			text := emailPart(t, msg, "text/plain")
			for _, want := range []string{"We are looking into 5xx responses.", "https://status.example.com/incidents/api-errors/#u-20261121T0100Z", "https://status.example.com/feed.rss", "API: Operational → Partial outage"} {
				if !strings.Contains(text, want) {
					t.Errorf("the text part lacks %q:\n%s", want, text)
				}
			}
			if html := emailPart(t, msg, "text/html"); !strings.Contains(html, `<a href="https://status.example.com/incidents/api-errors/#u-20261121T0100Z">`) {
				t.Errorf("the HTML part lacks the link:\n%s", html)
			}
		})
	}
}

func TestAnSMTPServerWithAnUntrustedCertificateIsRefused(t *testing.T) {
	box, _ := newMailbox(t, false)
	env := map[string]string{"SMTP_URL": "smtp://sitrep:p%40ss%20word@" + box.addr}
	dir := testSite(t, emailChannel, nil)
	if _, err := runAt(t, dir, at("09:00"), env); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/incidents/api-errors.md", openIncident)
	rep, err := runAt(t, dir, at("10:05"), env, func(o *Options) { o.RootCAs = x509.NewCertPool() })
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Channels[0]
	if c.Failed != 1 || !strings.Contains(strings.Join(c.Errors, " "), "certificate") || strings.Contains(strings.Join(c.Errors, " "), "p@ss") {
		t.Errorf("report %+v: want a certificate failure that does not show the password", c)
	}
	if len(box.mails) != 0 {
		t.Error("the mail was sent anyway")
	}
}
