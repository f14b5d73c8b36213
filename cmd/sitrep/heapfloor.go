package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// buildHeapFloor is the heap a build lets grow before the collector
// runs, while what is live stays under half of it. With Go's default
// GOGC of 100 the collector runs whenever the heap has doubled since the
// last collection, from 4 MB on: 28–30 times in a 10,000-incident build
// whose live heap stays under 60 MB, marking what is live each time.
// With the floor it runs 9–11 times: 4% fewer instructions in all
// (valgrind), max RSS 152–171 MiB instead of 152–157. Once the live heap
// is over half the floor the collector runs as GOGC=100 has it, and
// buildMemoryLimit still bounds the heap of large sites.
const buildHeapFloor = 96 << 20

// defaultGCPercent is GOGC when the environment does not set it.
const defaultGCPercent = 100

// heapFloor keeps the collector's goal at floor bytes of heap while the
// live heap is below half of it, by setting GOGC after every collection
// from the live heap it found (runtime/metrics /gc/heap/live:bytes).
// Go has no minimum heap of its own (GOGC is a ratio to what is live,
// GOMEMLIMIT a ceiling). The GOGC tuners found as libraries (bytedance/gopkg's gctuner) read
// HeapInuse through ReadMemStats, which stops the world and, right
// after a collection, still counts the garbage not yet swept: tried
// with a threshold of 128 MB, it went back to GOGC=100 after the first
// collection (13–17 collections per build instead of 6).
type heapFloor struct {
	floor uint64
	mu    sync.Mutex
	on    bool
	tuned int // collections seen
	live  []metrics.Sample
}

// startHeapFloor keeps a heap floor of floor bytes until the returned
// stop is called, which sets GOGC to its default again.
func startHeapFloor(floor uint64) (stop func()) {
	h := newHeapFloor(floor)
	h.start()
	return h.stop
}

func newHeapFloor(floor uint64) *heapFloor {
	return &heapFloor{floor: floor, live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
}

func (h *heapFloor) start() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.on = true
	// Until a collection says what is live, the runtime's minimum heap
	// (4 MB at GOGC=100, in proportion to GOGC) stands for the floor.
	debug.SetGCPercent(max(defaultGCPercent, int(h.floor*defaultGCPercent/(4<<20))))
	h.arm()
}

func (h *heapFloor) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.on {
		h.on = false
		debug.SetGCPercent(defaultGCPercent)
	}
}

// gcPercent is the GOGC that lets a live heap of live bytes grow to the
// floor before the next collection; never below the default, which it
// is once live is half the floor or more.
func (h *heapFloor) gcPercent(live uint64) int {
	if live == 0 || live >= h.floor/2 {
		return defaultGCPercent
	}
	return max(defaultGCPercent, int(h.floor*100/live)-100)
}

// arm has tune called after the next collection: a cleanup runs once
// the object it is attached to is unreachable, which a new object that
// nothing refers to is at the next collection.
func (h *heapFloor) arm() {
	sentinel := new([2]*byte) // it holds pointers, so no other object shares its memory
	runtime.AddCleanup(sentinel, (*heapFloor).tune, h)
}

func (h *heapFloor) tune() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.on {
		return
	}
	h.tuned++
	metrics.Read(h.live)
	debug.SetGCPercent(h.gcPercent(h.live[0].Value.Uint64()))
	h.arm()
}
