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
	help := fmt.Sprintf("%s\n# Write the %s above this line in Markdown; everything from the line\n# above on is ignored. Save and quit to continue; an empty %s aborts.\n", scissors, what, what)
	b, tmp, err := e.editFile([]byte(prefill+"\n\n"+help), what)
	if err != nil {
		return "", err
	}
	os.Remove(tmp)
	text := string(b)
	if i := strings.Index(text, scissors); i >= 0 {
		text = text[:i]
	}
	if strings.TrimSpace(text) == "" {
		return "", usagef("the %s is empty; nothing was written", what)
	}
	return text, nil
}

// editFile runs the editor on a temporary copy of data and returns what
// was saved, and the copy's path: the caller removes it, or keeps it for
// an edit that is refused, so that the work is not lost.
func (e *env) editFile(data []byte, name string) (edited []byte, tmp string, err error) {
	editor := e.getenv("VISUAL")
	if editor == "" {
		editor = e.getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	argv := strings.Fields(editor)
	f, err := os.CreateTemp("", "sitrep-"+name+"-*.md")
	if err != nil {
		return nil, "", err
	}
	tmp = f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		cmd := exec.CommandContext(e.ctx, argv[0], append(argv[1:], tmp)...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = e.stdin, e.stdout, e.stderr
		if err = cmd.Run(); err != nil {
			err = fmt.Errorf("editor %q: %w; nothing was written", editor, err)
		}
	}
	if err == nil {
		edited, err = os.ReadFile(tmp)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, "", err
	}
	return edited, tmp, nil
}
