package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestNotifyPrintsChannelsByNameAndExitsNonZeroOnFailure(t *testing.T) {
	var hits atomic.Int32
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer ok.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotFound) }))
	defer bad.Close()
	files := map[string]string{}
	for k, v := range smallSite {
		files[k] = v
	}
	files["content/site.yaml"] += "notify:\n  - name: team-chat\n    kind: slack\n    url: ${CHAT_URL}\n  - name: gone\n    kind: discord\n    url: ${GONE_URL}\n"
	dir := writeSite(t, files)
	vars := map[string]string{"CHAT_URL": ok.URL + "/services/SECRET", "GONE_URL": bad.URL + "/api/webhooks/SECRET"}
	run := func(args ...string) (int, string, string) {
		e, out, errb := testEnv(strings.NewReader(""), func(k string) string { return vars[k] })
		return e.run(append(args, "--source", dir)), out.String(), errb.String()
	}

	code, out, _ := run("notify", "--now", "2026-11-22 08:00")
	if code != exitOK || !strings.Contains(out, "first run: the ledger starts at 2026-11-22 08:00:00") || !strings.Contains(out, "team-chat (slack): 0 sent") {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	code, out, _ = run("notify", "--now", "2026-11-22 11:00", "--dry-run")
	if code != exitOK || !strings.Contains(out, "team-chat (slack): would send 3") || !strings.Contains(out, "[Degraded performance] Slow API — Investigating") || hits.Load() != 0 {
		t.Fatalf("dry run: exit %d, %d sent\n%s", code, hits.Load(), out)
	}
	code, out, errs := run("notify", "--now", "2026-11-22 11:00")
	if code != exitFailure || !strings.Contains(out, "team-chat (slack): 3 sent, 0 retried, 0 failed") || !strings.Contains(out, "gone (discord): 0 sent, 0 retried, 3 failed") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "retried on the next run") || strings.Contains(out+errs, "SECRET") || strings.Contains(out+errs, "127.0.0.1") {
		t.Errorf("the failure is not reported, or a URL is shown:\n%s%s", out, errs)
	}
	delete(vars, "CHAT_URL")
	if code, _, errs = run("notify", "--now", "2026-11-22 11:05"); code == exitOK || !strings.Contains(errs, "CHAT_URL") {
		t.Errorf("a missing variable: exit %d\n%s", code, errs)
	}
}

func TestNotifyWithoutChannelsSaysSo(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "notify", "--source", dir, "--now", testNow)
	if r.code != exitOK || !strings.Contains(r.stdout, "no channels") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := readFileErr(dir, ".sitrep/notify-ledger.json"); err == nil {
		t.Error("a ledger was written for a site without channels")
	}
}

func TestTheInitWorkflowNotifiesAfterDeployAndCommitsTheLedger(t *testing.T) {
	for _, w := range workflows(t) {
		if w.file != "init: .github/workflows/status.yml" {
			continue
		}
		job := mapAt(w.doc, "jobs", "notify")
		if needs, _ := job["needs"].(string); needs != "deploy" {
			t.Errorf("the notify job needs %v, want deploy", job["needs"])
		}
		if c := mapAt(job, "concurrency"); c["group"] == nil || c["cancel-in-progress"] != false {
			t.Errorf("the notify job's concurrency is %v: two runs could race or one be cut off mid-delivery", c)
		}
		if mapAt(job, "permissions")["contents"] != "write" {
			t.Error("the notify job cannot push the ledger")
		}
		steps, _ := job["steps"].([]any)
		var runs []string
		commitAlways := false
		for _, s := range steps {
			m, _ := s.(map[string]any)
			run, _ := m["run"].(string)
			runs = append(runs, run)
			if strings.Contains(run, "git push") && strings.HasPrefix(m["if"].(string), "always()") {
				commitAlways = true
			}
		}
		all := strings.Join(runs, "\n")
		if !strings.Contains(all, "sitrep notify") || !strings.Contains(all, "git checkout origin/main -- .sitrep") {
			t.Error("the job does not run sitrep notify on the newest ledger")
		}
		if !commitAlways {
			t.Error("the ledger is not committed when a delivery failed")
		}
		return
	}
	t.Fatal("the init workflow is missing")
}

func readFileErr(dir, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
}
