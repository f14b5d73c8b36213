package paths

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"
)

// anchorsByCount is UpdateAnchors as it was first written: what the
// faster one must still return.
func anchorsByCount(times []time.Time) []string {
	out := make([]string, len(times))
	seen := map[string]int{}
	for i, t := range times {
		a := "u-" + t.UTC().Format("20060102T1504Z")
		if t.Second() != 0 {
			a = "u-" + t.UTC().Format("20060102T150405Z")
		}
		seen[a]++
		if n := seen[a]; n > 1 {
			a += "-" + strconv.Itoa(n)
		}
		out[i] = a
	}
	return out
}

func TestUpdateAnchors(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	at := func(h, m, s int) time.Time { return time.Date(2026, 11, 21, h, m, s, 0, seoul) }
	got := UpdateAnchors([]time.Time{at(14, 32, 0), at(14, 32, 0), at(14, 32, 7), at(14, 33, 0), at(14, 32, 0), at(14, 32, 7)})
	want := []string{"u-20261121T0532Z", "u-20261121T0532Z-2", "u-20261121T053207Z", "u-20261121T0533Z", "u-20261121T0532Z-3", "u-20261121T053207Z-2"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		times := make([]time.Time, r.IntN(12)+r.IntN(2)*r.IntN(200))
		for i := range times {
			times[i] = time.Date(2026, 11, 21, 14, r.IntN(3), r.IntN(3)*7, r.IntN(2)*5e8, seoul)
		}
		if got, want := UpdateAnchors(times), anchorsByCount(times); !slices.Equal(got, want) {
			t.Fatalf("%v: got %q, want %q", times, got, want)
		}
	}
}
