package main

import (
	"fmt"
	"strings"
)

var (
	replacer     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propReplacer = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// reportedError is a content failure whose problems were already printed
// (as annotations); it only sets the exit code.
type reportedError struct{ n int }

func (e *reportedError) Error() string { return fmt.Sprintf("%d error%s", e.n, plural(e.n)) }
