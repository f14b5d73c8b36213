package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// scissors ends the text sitrep reads back from the editor; what follows
// is help for the author (git's convention).
const scissors = "# ------------------------ >8 ------------------------"

// fromEditor lets the author write a message in $VISUAL or $EDITOR (vi by
// default), starting from prefill. An empty message aborts.
func (e *env) fromEditor(prefill, what string) (string, error) {
	editor := e.getenv("VISUAL")
	if editor == "" {
		editor = e.getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	argv := strings.Fields(editor)
	f, err := os.CreateTemp("", "sitrep-*.md")
	if err != nil {
		return "", err
	}
	name := f.Name()
	defer os.Remove(name)
	help := fmt.Sprintf("%s\n# Write the %s above this line in Markdown; everything from the line\n# above on is ignored. Save and quit to continue; an empty %s aborts.\n", scissors, what, what)
	_, err = f.WriteString(prefill + "\n\n" + help)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(e.ctx, argv[0], append(argv[1:], name)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = e.stdin, e.stdout, e.stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("editor %q: %w; nothing was written", editor, err)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	text := string(b)
	if i := strings.Index(text, scissors); i >= 0 {
		text = text[:i]
	}
	if strings.TrimSpace(text) == "" {
		return "", usagef("the %s is empty; nothing was written", what)
	}
	return text, nil
}
