package content

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

func TestNotifyChannelsAreReadWithTheirKeys(t *testing.T) {
	s, probs := Load(site(map[string]string{"content/site.yaml": siteYAML + `notify:
  - name: team-slack
    kind: slack
    url: ${SLACK_WEBHOOK_URL}
    components: [api]
  - name: partners
    kind: webhook
    url: ${PARTNER_HOOK_URL}
    secret: ${PARTNER_HOOK_SECRET}
  - name: customers
    kind: email
    smtp: ${SMTP_URL}
    from: "Acme Status <status@example.com>"
    to: [status-announce@lists.example.com]
`}))
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	chs := s.Config.Notify
	if len(chs) != 3 {
		t.Fatalf("%d channels, want 3", len(chs))
	}
	if c := chs[0]; c.Name != "team-slack" || c.Kind != status.Slack || c.URL != "${SLACK_WEBHOOK_URL}" || len(c.Components) != 1 || c.Components[0] != (status.Ref{ID: "api", Line: 8}) {
		t.Errorf("slack channel = %+v", c)
	}
	if c := chs[1]; c.Kind != status.Webhook || c.Secret != "${PARTNER_HOOK_SECRET}" {
		t.Errorf("webhook channel = %+v", c)
	}
	if c := chs[2]; c.Kind != status.Email || c.SMTP != "${SMTP_URL}" || c.From != "Acme Status <status@example.com>" || len(c.To) != 1 {
		t.Errorf("email channel = %+v", c)
	}
}

func TestNotifyMistakesAreReportedAtTheirLine(t *testing.T) {
	for _, tc := range []struct {
		name, block, want string
	}{
		{"an unknown kind", "  - name: a\n    kind: slak\n    url: ${U}\n", `site.yaml:6: unknown notify kind "slak" (did you mean "slack"?)`},
		{"an unknown key", "  - name: a\n    kind: slack\n    url: ${U}\n    chanel: x\n", `site.yaml:8: unknown key "chanel"`},
		{"a key of another kind", "  - name: a\n    kind: slack\n    url: ${U}\n    secret: ${S}\n", `site.yaml:8: secret does not apply to a slack channel`},
		{"a bad name", "  - name: Team Slack\n    kind: slack\n    url: ${U}\n", `site.yaml:5: notify channel name "Team Slack"`},
		{"a long name", "  - name: " + strings.Repeat("a", 41) + "\n    kind: slack\n    url: ${U}\n", `site.yaml:5: notify channel name`},
		{"a name given twice", "  - name: a\n    kind: slack\n    url: ${U}\n  - name: a\n    kind: teams\n    url: ${V}\n", `site.yaml:8: notify channel "a" is defined twice (first on line 5)`},
		{"a URL written out", "  - name: a\n    kind: discord\n    url: https://discord.com/api/webhooks/1/x\n", `site.yaml:7: url holds a secret and must not be written in the repository: write url: ${A_URL}`},
		{"a missing secret", "  - name: a\n    kind: webhook\n    url: ${U}\n", `site.yaml:6: a webhook channel needs secret`},
		{"a missing kind", "  - name: a\n    url: ${U}\n", `site.yaml:5: notify channel "a" has no kind`},
		{"a bad sender", "  - name: a\n    kind: email\n    smtp: ${S}\n    from: not an address\n    to: [x@example.com]\n", `site.yaml:8: from "not an address" is not an email address`},
		{"a CR LF in a recipient", "  - name: a\n    kind: email\n    smtp: ${S}\n    from: a@example.com\n    to: [\"x@example.com\\r\\nBcc: y@example.com\"]\n", `site.yaml:9: to contains the control character U+000D`},
		{"an unknown component", "  - name: a\n    kind: slack\n    url: ${U}\n    components: [api, apii]\n", `site.yaml:8: notify channel "a": unknown component "apii"`},
		{"a block that is no list", "  name: a\n", `site.yaml:5: notify must be a list of channels`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, probs := Load(site(map[string]string{"content/site.yaml": siteYAML + "notify:\n" + tc.block}))
			if s != nil {
				probs = append(probs, s.Validate(time.Time{})...)
			}
			got := probs.Error()
			if !strings.Contains(got, tc.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", got, tc.want)
			}
		})
	}
}
