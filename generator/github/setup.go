package github

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
)

// SkeletonForms returns the issue forms of the site "sitrep init" is
// about to write, whose files (by slash-separated path) are given.
func SkeletonForms(files map[string][]byte) (map[string][]byte, error) {
	st, probs := content.Load(author.Overlay(fstest.MapFS{}, files))
	if st == nil || len(probs.Errors()) > 0 {
		return nil, fmt.Errorf("the new site does not load: %v", probs.Errors())
	}
	return Forms(st), nil
}

// SetupResult is what Setup did.
type SetupResult struct {
	Written []string // files written or replaced
	Kept    []string // files left as they were, with a reason in Notes
	Notes   []string
}

// workflowFiles are the files of sitrep's skeleton that Setup adds to an
// existing site when they are missing.
var workflowFiles = []string{
	".github/actions/install-sitrep/action.yml",
	".github/workflows/issue-ops.yml",
	".github/workflows/status.yml",
}

// Setup gives an existing site in root what publishing from issues needs:
// the issue forms for its content, written again when sitrep wrote them
// before (a form someone else wrote is kept), and the workflow files that
// "sitrep init" would write with opts, in the site's time zone, where
// they are missing. Existing workflows are never replaced; a status.yml
// that issue-ops.yml cannot call is reported in Notes. A site whose
// content has errors is refused with a *author.ContentError: its forms
// would list the wrong components.
func Setup(root *os.Root, opts author.InitOptions) (SetupResult, error) {
	var res SetupResult
	st, probs := content.Load(root.FS())
	if st == nil || len(probs.Errors()) > 0 {
		return res, &author.ContentError{Problems: probs}
	}
	opts.TimeZone = st.Config.TimeZone
	skeleton, err := author.Skeleton(opts)
	if err != nil {
		return res, err
	}
	forms := Forms(st)
	for _, name := range []string{IncidentForm, MaintenanceForm} {
		old, err := root.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := author.WriteNew(root, name, forms[name]); err != nil {
				return res, err
			}
			res.Written = append(res.Written, name)
		case err != nil:
			return res, err
		case bytes.Equal(old, forms[name]):
		case !Owned(old):
			res.Kept = append(res.Kept, name)
			res.Notes = append(res.Notes, fmt.Sprintf("%s was not written by sitrep and is kept; delete it and run sitrep github setup again to get sitrep's form", name))
		default:
			if err := author.Replace(root, name, old, forms[name]); err != nil {
				return res, err
			}
			res.Written = append(res.Written, name)
		}
	}
	for _, name := range workflowFiles {
		data, ok := skeleton[name]
		if !ok {
			return res, fmt.Errorf("the skeleton has no %s", name)
		}
		old, err := root.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := author.WriteNew(root, name, data); err != nil {
				return res, err
			}
			res.Written = append(res.Written, name)
		case err != nil:
			return res, err
		case !bytes.Equal(old, data):
			res.Kept = append(res.Kept, name)
			if name == ".github/workflows/status.yml" && !strings.Contains(string(old), "workflow_call") {
				res.Notes = append(res.Notes, name+" has no workflow_call trigger, so issue-ops.yml cannot deploy with it; compare it with the one \"sitrep init\" writes")
			}
		}
	}
	slices.Sort(res.Written)
	return res, nil
}
