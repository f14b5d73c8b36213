//go:build unix

package html_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) this process has used so far,
// on every core: a benchmark's figure that the machine's load changes far
// less than its wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
