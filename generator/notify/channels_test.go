package notify

import (
	"testing"

	"github.com/sitrep/sitrep/generator/status"
)

func TestAControlCharacterFromTheEnvironmentIsRefusedAsInSiteYAML(t *testing.T) {
	for _, tc := range []struct {
		name string
		ch   status.Channel
		env  map[string]string
		want string
	}{
		{
			// Two bad values: the message names the same one on every run.
			"two keys", status.Channel{Name: "partners", Kind: status.Webhook, URL: "${U}", Secret: "${S}"},
			map[string]string{"U": "https://hooks.example.com/x\n", "S": "a\rb"},
			`notify channel "partners": secret contains a control character`,
		},
		{
			"DEL in an address", status.Channel{Name: "list", Kind: status.Email, SMTP: "smtp://mail.example.com:587", From: "status@example.com", To: []string{"${TO}"}},
			map[string]string{"TO": "ops@example.com\x7f"},
			`notify channel "list": to contains a control character`,
		},
	} {
		for range 20 {
			x := &expander{getenv: func(k string) string { return tc.env[k] }, missing: map[string][]string{}}
			_, err := resolve(tc.ch, x)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("%s: err = %v, want %s", tc.name, err, tc.want)
			}
		}
	}
}
