package content

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sitrep/sitrep/generator/status"
)

// envRef is a whole value that names an environment variable: ${NAME}.
var envRef = regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_]*\}$`)

// secretKeys hold credentials (a chat webhook URL is one: whoever has it
// can post), so they must come from the environment.
var secretKeys = []string{"url", "secret", "smtp"}

// decodeNotify reads site.yaml's notify: block, a list of channels. It
// checks what one file can tell: names, kinds, keys and the form of each
// value; whether the components exist is status.Validate's to say, and
// whether the variables are set is known only when notifications are sent.
func (d *fileDecoder) decodeNotify(v *yaml.Node) []status.Channel {
	if v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.errf(v.Line, "notify must be a list of channels, each starting with \"- name: …\"")
		return nil
	}
	var out []status.Channel
	seen := map[string]int{}
	for _, item := range v.Content {
		ch, ok := d.channel(item)
		if !ok {
			continue
		}
		if line, dup := seen[ch.Name]; dup {
			d.errf(item.Line, "notify channel %q is defined twice (first on line %d)", ch.Name, line+d.shift)
			continue
		}
		seen[ch.Name] = item.Line
		out = append(out, ch)
	}
	return out
}

// channel reads one channel; ok is false when it has errors.
func (d *fileDecoder) channel(m *yaml.Node) (status.Channel, bool) {
	ch := status.Channel{Pos: status.Pos{File: d.file, Line: m.Line + d.shift}}
	if m.Kind != yaml.MappingNode {
		d.errf(m.Line, "a notify channel must hold keys such as \"name: team-slack\" and \"kind: slack\"")
		return ch, false
	}
	before := len(d.probs)
	// The kind decides which keys are allowed: find it first.
	kindLine := m.Line
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "kind" {
			kv := m.Content[i+1]
			kindLine = kv.Line
			s := d.str("kind", kv)
			k, ok := status.ParseChannelKind(s)
			if !ok {
				d.errf(kv.Line, "unknown notify kind %q%s", s, wordHint(s, kindNames()))
			}
			ch.Kind = k
		}
	}
	all := []string{"name", "kind", "url", "secret", "smtp", "from", "to", "components"}
	keys, required := ch.Kind.Keys()
	given := map[string]bool{}
	d.fields(m, all, func(key string, v *yaml.Node) {
		given[key] = true
		if ch.Kind != "" && key != "name" && key != "kind" && !slices.Contains(keys, key) {
			d.errf(v.Line, "%s does not apply to a %s channel (it takes name, kind, %s)", key, ch.Kind, strings.Join(keys, ", "))
			return
		}
		switch key {
		case "name":
			ch.Name = d.str(key, v)
			if !status.ValidChannelName(ch.Name) {
				d.errf(v.Line, "notify channel name %q: use 1 to 40 lowercase letters, digits and -", ch.Name)
			}
		case "url", "secret", "smtp", "from":
			s := d.plainValue(key, v)
			switch key {
			case "url":
				ch.URL = s
			case "secret":
				ch.Secret = s
			case "smtp":
				ch.SMTP = s
			case "from":
				ch.From = s
				d.address(key, s, v.Line)
			}
			if slices.Contains(secretKeys, key) && s != "" && !envRef.MatchString(s) {
				d.errf(v.Line, "%s holds a secret and must not be written in the repository: write %s: ${%s} and set %s in the environment (CI secrets)",
					key, key, envName(ch.Name, key), envName(ch.Name, key))
			}
		case "to":
			d.list(key, v, func(s string, line int) {
				if d.control(key, s, line) {
					d.address(key, s, line)
					ch.To = append(ch.To, s)
				}
			})
		case "components":
			d.list(key, v, func(s string, line int) {
				ch.Components = append(ch.Components, status.Ref{ID: s, Line: line + d.shift})
			})
		}
	})
	if !given["name"] {
		d.errf(m.Line, "notify channel has no name (1 to 40 of a-z, 0-9 and -; logs show it instead of the URL)")
	}
	if !given["kind"] {
		d.errf(m.Line, "notify channel %q has no kind (one of %s)", ch.Name, strings.Join(kindNames(), ", "))
	} else if ch.Kind != "" {
		for _, k := range required {
			if !given[k] {
				d.errf(kindLine, "a %s channel needs %s", ch.Kind, k)
			}
		}
	}
	return ch, len(d.probs) == before
}

// plainValue reads a single-line value: a CR or LF in it could start a
// new header of an email or a request.
func (d *fileDecoder) plainValue(key string, v *yaml.Node) string {
	s := d.str(key, v)
	if !d.control(key, s, v.Line) {
		return ""
	}
	return s
}

// control reports whether s is free of control characters, and says so
// when it is not.
func (d *fileDecoder) control(key, s string, line int) bool {
	if i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
		d.errf(line, "%s contains the control character %U; write it on one line", key, rune(s[i]))
		return false
	}
	return true
}

// address checks an email address unless it is left to the environment.
func (d *fileDecoder) address(key, s string, line int) {
	if s == "" || strings.Contains(s, "${") {
		return
	}
	if _, err := mail.ParseAddress(s); err != nil {
		d.errf(line, "%s %q is not an email address such as \"Acme Status <status@example.com>\"", key, s)
	}
}

// envName suggests a variable name for a channel's secret.
func envName(channel, key string) string {
	n := strings.ToUpper(strings.ReplaceAll(channel, "-", "_"))
	if n == "" {
		n = "NOTIFY"
	}
	return n + "_" + strings.ToUpper(key)
}

// kindNames lists the channel kinds' names, for messages.
func kindNames() []string {
	var names []string
	for _, k := range status.ChannelKinds() {
		names = append(names, k.String())
	}
	return names
}
