//go:build race

package content

// raceEnabled reports a test binary built with -race, whose instrumented
// code allocates more than the program does.
const raceEnabled = true
