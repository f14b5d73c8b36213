package main

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/github"
)

func runInit(e *env, args []string) error {
	fs := e.flags("init")
	var opts author.InitOptions
	fs.StringVar(&opts.Title, "title", "", "the site's `TITLE` (default \"Example Status\", in Korean \"서비스 상태\")")
	fs.StringVar(&opts.TimeZone, "time-zone", "", "the site's time zone, an IANA `NAME` such as Europe/Berlin (default UTC, in Korean Asia/Seoul)")
	fs.StringVar(&opts.Language, "language", "en", "the site's `LANGUAGE`, en or ko: site.yaml, components, templates and status words in it")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("sitrep init takes one directory, not %d", len(pos))
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	opts.Version, opts.Commit = releasePin()
	skeleton, err := author.Skeleton(opts)
	if err != nil {
		return usagef("%v", err)
	}
	forms, err := github.SkeletonForms(skeleton)
	if err != nil {
		return err
	}
	maps.Copy(skeleton, forms)
	files, err := author.Init(dir, skeleton)
	var exists *author.ExistsError
	if errors.As(err, &exists) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(e.stdout, "created %s\n", filepath.Join(dir, filepath.FromSlash(f)))
	}
	src := ""
	if dir != "." {
		src = " --source " + dir
	}
	fmt.Fprintf(e.stdout, "\nNext: edit content/site.yaml and content/components/, then run \"sitrep serve%s\".\n"+
		"Push to GitHub and set Settings › Pages › Source to \"GitHub Actions\" to publish it.\n", src)
	return nil
}
