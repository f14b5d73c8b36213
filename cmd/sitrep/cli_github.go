package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/github"
)

func runGitHub(e *env, args []string) error {
	if len(args) > 0 && args[0] == "setup" {
		return runGitHubSetup(e, args[1:])
	}
	fs := e.flags("github")
	var sf siteFlags
	sf.register(fs)
	reply := fs.String("reply", "", "write the answer for the issue (Markdown) to `FILE`; empty when there is none")
	allow := fs.String("allow", strings.Join(github.DefaultAllowed, ","), "author associations that may publish, comma-separated `LIST`")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("sitrep github takes no arguments (the event comes from GITHUB_EVENT_NAME and GITHUB_EVENT_PATH), or: sitrep github setup")
	}
	allowed, err := github.ParseAllowed(*allow)
	if err != nil {
		return usagef("--allow: %v", err)
	}
	name, file := e.getenv("GITHUB_EVENT_NAME"), e.getenv("GITHUB_EVENT_PATH")
	if name == "" || file == "" {
		return usagef("GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: sitrep github runs in GitHub Actions, on issues and issue_comment events")
	}
	payload, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading the event: %w", err)
	}
	s, now, err := sf.openAt(e)
	if err != nil {
		return err
	}
	defer s.root.Close()
	res, err := github.Apply(s.dir, name, payload, github.Options{Allowed: allowed, Now: now})
	if err != nil {
		return err
	}
	if *reply != "" {
		if err := os.WriteFile(*reply, []byte(res.Reply), 0o644); err != nil {
			return err
		}
	}
	for _, f := range res.Written {
		fmt.Fprintln(e.stdout, filepath.Join(s.dir, filepath.FromSlash(f)))
	}
	if len(res.Written) == 0 {
		fmt.Fprintf(e.stdout, "sitrep github: %s event: nothing to write\n", name)
	}
	return nil
}

func runGitHubSetup(e *env, args []string) error {
	fs := e.flags("github setup")
	var sf siteFlags
	sf.registerSource(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := sf.open()
	if err != nil {
		return err
	}
	defer s.root.Close()
	release, build := releasePin()
	res, err := github.Setup(s.root, author.InitOptions{Version: release, Commit: build})
	if err != nil {
		return err
	}
	for _, f := range res.Written {
		fmt.Fprintf(e.stdout, "wrote %s\n", filepath.Join(s.dir, filepath.FromSlash(f)))
	}
	for _, n := range res.Notes {
		fmt.Fprintf(e.stderr, "sitrep: note: %s\n", n)
	}
	if len(res.Written) == 0 {
		fmt.Fprintln(e.stdout, "the issue forms and workflows are up to date")
	}
	return nil
}
