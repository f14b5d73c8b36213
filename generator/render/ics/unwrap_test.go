package ics

import "testing"

func TestUnwrap(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"lines wrapped inside a paragraph are joined", "We will move\nthe database.\n\nNothing else.", "We will move the database.\n\nNothing else."},
		{"list items keep their lines and join their continuations", "Steps:\n- first,\n  still first\n- second\n1. one\n2) two", "Steps:\n- first, still first\n- second\n1. one\n2) two"},
		{"code blocks stay as written", "Run:\n```\na\n  b\n```\nDone.", "Run:\n```\na\n  b\n```\nDone."},
		{"headings stand alone", "### Impact\nSome users\nwere affected.", "### Impact\nSome users were affected."},
		{"CRLF sources read like LF ones", "a\r\nb\r\n\r\nc", "a b\n\nc"},
		{"blank input stays blank", "\n \n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unwrap(tt.src); got != tt.want {
				t.Errorf("unwrap(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}
