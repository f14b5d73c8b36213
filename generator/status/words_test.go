package status

import (
	"strings"
	"testing"
)

// ParseUpdateKind and ParseMaintenanceStatus read a word as the map of
// lower-case words does, whatever its case, spacing or script.
func TestStatusWordsAreReadCaseInsensitively(t *testing.T) {
	for _, tc := range []struct {
		word string
		kind UpdateKind
		ok   bool
	}{
		{"Resolved", Resolved, true}, {"RESOLVED", Resolved, true}, {"  investigating ", Investigating, true},
		{"PostMortem", Postmortem, true}, {"원인파악", Identified, true}, {"원인 파악", Identified, true},
		{"Resolve", 0, false}, {"", 0, false}, {"\u212Aey", 0, false},
		{strings.Repeat("Update", 8), 0, false},
	} {
		if k, ok := ParseUpdateKind(tc.word); ok != tc.ok || ok && k != tc.kind {
			t.Errorf("ParseUpdateKind(%q) = %v, %v; want %v, %v", tc.word, k, ok, tc.kind, tc.ok)
		}
	}
	for _, tc := range []struct {
		word string
		st   MaintenanceStatus
		ok   bool
	}{
		{"In Progress", InProgress, true}, {"IN_PROGRESS", InProgress, true}, {"Canceled", Cancelled, true},
		{"진행중", InProgress, true}, {"Complete", 0, false},
	} {
		if s, ok := ParseMaintenanceStatus(tc.word); ok != tc.ok || ok && s != tc.st {
			t.Errorf("ParseMaintenanceStatus(%q) = %v, %v; want %v, %v", tc.word, s, ok, tc.st, tc.ok)
		}
	}
}
