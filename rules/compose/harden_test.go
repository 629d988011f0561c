package compose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// loadCase loads a fixture case: a compose file alone, or a project folder
// (its compose.yaml and compose.override.yaml).
func loadCase(t *testing.T, path string) (*compose.Project, string) {
	t.Helper()
	files := []string{path}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		files = []string{filepath.Join(path, "compose.yaml")}
		if _, err := os.Stat(filepath.Join(path, "compose.override.yaml")); err == nil {
			files = append(files, filepath.Join(path, "compose.override.yaml"))
		}
	}
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: files, Root: filepath.Dir(files[0])})
	if proj == nil {
		t.Fatalf("%s: %v", path, problems)
	}
	return proj, files[0]
}

// DC045 never reports a ports item that DC006 or DC014 reports: over the
// fixtures of all three rules, no item carries DC045 and one of the others.
func TestPrivilegedPortLeavesDC006AndDC014Items(t *testing.T) {
	type at struct {
		path string
		line int
		col  int
	}
	checked := 0
	for _, dir := range []string{"dc045", "dc006", "dc014"} {
		entries, err := os.ReadDir(filepath.Join("testdata", dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			path := filepath.Join("testdata", dir, e.Name())
			if !e.IsDir() && !strings.HasSuffix(e.Name(), ".yaml") {
				continue
			}
			proj, file := loadCase(t, path)
			others := map[at]string{}
			for _, r := range []*rule.Rule{PortAllInterfaces, SensitivePortPublished} {
				for _, f := range runRule(r, proj, file) {
					others[at{f.Path, f.Range.Start.Line, f.Range.Start.Col}] = f.RuleID
				}
			}
			for _, f := range runRule(PrivilegedHostPort, proj, file) {
				checked++
				if id, ok := others[at{f.Path, f.Range.Start.Line, f.Range.Start.Col}]; ok {
					t.Errorf("%s:%d:%d: DC045 and %s on one ports item: %s", f.Path, f.Range.Start.Line, f.Range.Start.Col, id, f.Message)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("DC045 reported nothing over its fixtures")
	}
}

// A limit or read_only taken from a variable that is not set is chosen
// where the project is deployed: compose refuses to load without it (DC000),
// and neither the key nor the service is reported.
func TestHardeningFromUnsetVariable(t *testing.T) {
	dir := writeFiles(t, map[string]string{"compose.yaml": `services:
  app:
    image: alpine:3.20
    read_only: ${RO}
    mem_limit: ${MEM}
    cpus: ${CPUS}
    pids_limit: ${PIDS}
`})
	file := filepath.Join(dir, "compose.yaml")
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{file}, Root: dir})
	if proj == nil {
		t.Fatalf("no project: %v", problems)
	}
	if len(problems) == 0 {
		t.Errorf("no load problem for unset variables")
	}
	for _, r := range []*rule.Rule{WritableRootFS, NoMemoryLimit, NoCPULimit, NoPidsLimit} {
		if got := runRule(r, proj, file); len(got) != 0 {
			t.Errorf("%s: %v", r.ID, got)
		}
	}
}

// DC046 reports once per service, at its first tmpfs mount that allows
// exec, suid or dev; the others and the definitions of tmpfs-backed volumes
// are related locations.
func TestTmpfsRelated(t *testing.T) {
	for _, c := range []struct {
		file    string
		related map[string][]string // service: "line:col message"
	}{
		{"volume.yaml", map[string][]string{
			"app": {
				`21:7 volume "scratch" is a tmpfs mounted with the options of driver_opts o: only`,
				`7:9 volume "half" is a tmpfs whose driver_opts o: lacks nodev`,
				`27:7 volume "half" is a tmpfs mounted with the options of driver_opts o: only`,
			},
			"other": {`21:7 volume "scratch" is a tmpfs mounted with the options of driver_opts o: only`},
		}},
		{"tmpfs.yaml", map[string][]string{
			"app":   {`7:9 tmpfs "/run" is mounted with suid,dev`, `9:9 tmpfs "/jit" is mounted with exec`},
			"one":   nil,
			"flags": nil,
		}},
	} {
		proj, file := loadCase(t, filepath.Join("testdata", "dc046", c.file))
		got := runRule(TmpfsExec, proj, file)
		if len(got) != len(c.related) {
			t.Fatalf("%s: findings %v, want %d", c.file, got, len(c.related))
		}
		for _, f := range got {
			var rel []string
			for _, r := range f.Related {
				if r.Path != file {
					t.Errorf("%s: related in %s", c.file, r.Path)
				}
				rel = append(rel, r.Range.Start.String()+" "+r.Message)
			}
			if want := c.related[f.Subject]; strings.Join(rel, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: %s: related:\n%s\nwant:\n%s", c.file, f.Subject, strings.Join(rel, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// DC045 reports once per service, at its first ports item with a
// privileged host port; the other items are related locations.
func TestPrivilegedPortRelated(t *testing.T) {
	proj, file := loadCase(t, filepath.Join("testdata", "dc045", "ports.yaml"))
	var rel []string
	for _, f := range runRule(PrivilegedHostPort, proj, file) {
		if f.Subject != "admin" {
			continue
		}
		for _, r := range f.Related {
			rel = append(rel, r.Range.Start.String()+" "+r.Message)
		}
	}
	want := []string{
		"7:9 also publishes privileged host port 99",
		"8:9 also publishes privileged host ports 1000-1023",
		"9:9 also publishes privileged host port 23",
		"10:9 also publishes privileged host port 111",
	}
	if strings.Join(rel, "\n") != strings.Join(want, "\n") {
		t.Errorf("related:\n%s\nwant:\n%s", strings.Join(rel, "\n"), strings.Join(want, "\n"))
	}
}
