package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Delivery limits (the settled details).
const (
	RequestTimeout = 10 * time.Second // one request or SMTP session
	Attempts       = 3                // per delivery in one run
	MaxRetryAfter  = 30 * time.Second // a longer Retry-After defers to the next run
	ChannelBudget  = 60 * time.Second // what one run spends on one channel at most
	firstBackoff   = time.Second
)

// attemptError is a failed attempt and whether it is worth retrying.
type attemptError struct {
	msg        string
	retry      bool          // 429, 5xx, a timeout or a broken connection
	retryAfter time.Duration // asked by the receiver; 0: not given
}

func (e *attemptError) Error() string { return e.msg }

// transport sends one formatted delivery, once.
type transport interface {
	attempt(ctx context.Context, body []byte, key string) error
}

// sender runs the attempts of a delivery: backoff between them, honouring
// Retry-After up to MaxRetryAfter.
type sender struct {
	sleep func(ctx context.Context, d time.Duration) error
}

// deliver tries up to Attempts times. It returns how many attempts were
// retries and the final error.
func (s *sender) deliver(ctx context.Context, t transport, body []byte, key string) (retries int, err error) {
	wait := firstBackoff
	for n := 1; ; n++ {
		err = t.attempt(ctx, body, key)
		var ae *attemptError
		if err == nil || !errors.As(err, &ae) || !ae.retry || n == Attempts {
			return n - 1, err
		}
		d := wait
		if ae.retryAfter > MaxRetryAfter {
			return n - 1, fmt.Errorf("%w (asked to retry after %v: left for the next run)", err, ae.retryAfter)
		}
		d = max(d, ae.retryAfter)
		if err := s.sleep(ctx, d); err != nil {
			return n - 1, fmt.Errorf("%w (no time left to retry in this run)", ae)
		}
		wait *= 2
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// poster posts JSON to a webhook URL.
type poster struct {
	client *http.Client
	url    string
	secret string // for the webhook kind: signs the body
	event  string // X-Sitrep-Event
	clock  func() time.Time
	scrub  []string // strings never to repeat in an error: the URL, its path, the secret
}

func (p *poster) attempt(ctx context.Context, body []byte, key string) error {
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return errors.New("bad URL") // the URL itself is a secret
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "sitrep-notify")
	req.Header.Set("Idempotency-Key", key)
	req.Header.Set("X-Sitrep-Delivery", key)
	if p.event != "" {
		req.Header.Set("X-Sitrep-Event", p.event)
	}
	if p.secret != "" {
		ts := strconv.FormatInt(p.clock().Unix(), 10)
		req.Header.Set("X-Sitrep-Timestamp", ts)
		req.Header.Set("X-Sitrep-Signature", Sign(p.secret, ts, body))
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return &attemptError{msg: p.clean(netError(err)), retry: true}
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	msg := resp.Status
	if s := strings.TrimSpace(oneLine(string(snippet))); s != "" {
		msg += ": " + s
	}
	ae := &attemptError{msg: p.clean(msg), retry: resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500}
	ae.retryAfter = retryAfter(resp.Header.Get("Retry-After"), p.clock())
	return ae
}

// clean removes the channel's secrets from a message.
func (p *poster) clean(s string) string {
	for _, x := range p.scrub {
		if x != "" && x != "/" {
			s = strings.ReplaceAll(s, x, "…")
		}
	}
	return s
}

// netError says what went wrong with a request without the URL that
// url.Error carries.
func netError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("no answer within %v", RequestTimeout)
	case errors.Is(err, context.Canceled):
		return "stopped"
	}
	return err.Error()
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Sign returns the X-Sitrep-Signature of a body sent at the Unix time
// ts (a decimal string): "sha256=" and the hex HMAC-SHA256, keyed with the
// secret, of ts, ".", and the raw body.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// mailer sends a composed message over SMTP.
type mailer struct {
	server *url.URL // smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465
	roots  *x509.CertPool
	from   string
	to     []string
}

func (m *mailer) attempt(ctx context.Context, msg []byte, _ string) error {
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	err := m.send(ctx, msg)
	if err == nil {
		return nil
	}
	// A 5xx reply is permanent: no retry in this run. 4xx replies,
	// timeouts and broken connections are worth another try.
	ae := &attemptError{msg: m.clean(err.Error()), retry: true}
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		ae.retry = false
	}
	if ctx.Err() != nil {
		ae.msg = fmt.Sprintf("no answer within %v", RequestTimeout)
	}
	return ae
}

func (m *mailer) clean(s string) string {
	if p, ok := m.server.User.Password(); ok && p != "" {
		s = strings.ReplaceAll(s, p, "…")
	}
	return s
}

func (m *mailer) send(ctx context.Context, msg []byte) error {
	host := m.server.Hostname()
	port := m.server.Port()
	implicit := m.server.Scheme == "smtps"
	if port == "" {
		port = "587"
		if implicit {
			port = "465"
		}
	}
	tlsConf := &tls.Config{ServerName: host, RootCAs: m.roots, MinVersion: tls.VersionTLS12}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // a hung server ends with the context
	defer stop()
	if implicit {
		conn = tls.Client(conn, tlsConf)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello("sitrep.invalid"); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !implicit {
		if err := c.StartTLS(tlsConf); err != nil {
			return err
		}
	}
	if u := m.server.User; u != nil {
		pass, _ := u.Password()
		// PlainAuth refuses to send the password over a connection that
		// is neither TLS nor to localhost.
		if err := c.Auth(smtp.PlainAuth("", u.Username(), pass, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(m.from); err != nil {
		return err
	}
	for _, to := range m.to {
		if err := c.Rcpt(to); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
