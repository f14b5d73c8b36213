package main

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestTheHeapFloorSetsGOGCSoThatTheHeapGrowsToItWhileLittleIsLive(t *testing.T) {
	h := newHeapFloor(96 << 20)
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},         // nothing known yet
		{16 << 20, 500},  // 16 MB may grow by 80 MB
		{32 << 20, 200},  // 32 MB by 64 MB
		{40 << 20, 140},  // 40 MB by 56 MB
		{48 << 20, 100},  // half the floor: GOGC's default from here on
		{500 << 20, 100}, // never below the default
	} {
		if got := h.gcPercent(c.live); got != c.want {
			t.Errorf("live %d MB: GOGC %d, want %d", c.live>>20, got, c.want)
		}
	}
}

// gogc reads GOGC as the runtime has it.
func gogc() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func TestTheHeapFloorTunesAfterEveryCollectionUntilStopped(t *testing.T) {
	h := newHeapFloor(96 << 20)
	h.start()
	defer h.stop()
	if got := gogc(); got != 96*100/4 {
		t.Errorf("GOGC before the first collection %d, want %d (a minimum heap of 96 MB)", got, 96*100/4)
	}
	tuned := func() int {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.tuned
	}
	for n := 1; n <= 3; n++ {
		runtime.GC()
		// The cleanup that tunes runs on its own goroutine after the
		// collection.
		for wait := time.Now(); tuned() < n && time.Since(wait) < 10*time.Second; {
			time.Sleep(time.Millisecond)
		}
		if got := tuned(); got < n {
			t.Fatalf("after %d collections the floor tuned GOGC %d times", n, got)
		}
	}
	h.mu.Lock()
	want := uint64(h.gcPercent(h.live[0].Value.Uint64()))
	h.mu.Unlock()
	if got := gogc(); got != want || got <= 100 {
		t.Errorf("GOGC %d after tuning, want %d (more than 100: this test's heap is small)", got, want)
	}
	h.stop()
	runtime.GC()
	if got := gogc(); got != 100 {
		t.Errorf("GOGC %d once stopped, want 100", got)
	}
}
