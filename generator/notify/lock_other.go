//go:build !unix

package notify

// lock is a no-op where flock is missing; the workflow's concurrency
// group keeps runs apart there.
func lock(string) (func(), error) { return func() {}, nil }
