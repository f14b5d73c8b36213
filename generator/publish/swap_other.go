//go:build !linux && !darwin

package publish

// exchange cannot swap two folders in one step on this system (Windows has
// no such call); the caller falls back to two renames.
func exchange(a, b string) error { return errNoExchange }
