package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/internal/action/runnersim"
)

// actionScript returns the run: script of the action.yml step with id.
func actionScript(t *testing.T, id string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Runs struct {
			Steps []struct {
				ID   string `yaml:"id"`
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	for _, s := range meta.Runs.Steps {
		if s.ID == id || s.Name == id {
			return s.Run
		}
	}
	t.Fatalf("action.yml has no step %q", id)
	return ""
}

// runScript runs a step script with bash as the runner does (bash -e
// {0}), with env, and returns the exit code, the log and the step outputs.
func runScript(t *testing.T, script string, env map[string]string) (int, string, map[string]string) {
	t.Helper()
	return runScriptIn(t, "", script, env)
}

// runScriptIn is runScript in the working directory wd ("" = the test's);
// env may override RUNNER_TEMP, RUNNER_OS and RUNNER_ARCH.
func runScriptIn(t *testing.T, wd, script string, env map[string]string) (int, string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "output")
	os.WriteFile(out, nil, 0o644)
	file := filepath.Join(dir, "step.sh")
	os.WriteFile(file, []byte(script), 0o644)
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", file)
	cmd.Dir = wd
	cmd.Env = append(os.Environ(), "GITHUB_OUTPUT="+out, "RUNNER_TEMP="+dir, "RUNNER_OS=Linux", "RUNNER_ARCH=X64")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	log, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	entries, err := runnersim.ParseFileCommands(string(data))
	if err != nil {
		t.Fatalf("step outputs: %v", err)
	}
	m := map[string]string{}
	for _, e := range entries {
		m[e.Name] = e.Value
	}
	t.Logf("exit %d\n%s", code, log)
	return code, string(log), m
}

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the step scripts are tested on Unix")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// releaseServer serves a fake release: for linux/amd64 and windows/amd64,
// an archive holding a dockguard (dockguard.exe) script, and a checksums
// file (sum overrides the archives' real sha256).
func releaseServer(t *testing.T, version, sum string) *httptest.Server {
	t.Helper()
	v := strings.TrimPrefix(version, "v")
	var sums strings.Builder
	mux := http.NewServeMux()
	for _, p := range []struct{ os, exe string }{{"linux", ""}, {"windows", ".exe"}} {
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		tw := tar.NewWriter(gz)
		body := []byte("#!/bin/sh\necho fake dockguard\n")
		tw.WriteHeader(&tar.Header{Name: "dockguard" + p.exe, Mode: 0o755, Size: int64(len(body))})
		tw.Write(body)
		tw.Close()
		gz.Close()
		archive := buf.Bytes()
		h := sha256.Sum256(archive)
		s := hex.EncodeToString(h[:])
		if sum != "" {
			s = sum
		}
		asset := "dockguard_" + v + "_" + p.os + "_amd64.tar.gz"
		sums.WriteString(s + "  " + asset + "\n")
		mux.HandleFunc("/"+version+"/"+asset, func(w http.ResponseWriter, _ *http.Request) { w.Write(archive) })
	}
	sums.WriteString(strings.Repeat("0", 64) + "  dockguard_" + v + "_darwin_arm64.tar.gz\n")
	mux.HandleFunc("/"+version+"/dockguard_"+v+"_checksums.txt", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(sums.String())) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// noReleaseServer fails the test when anything downloads from it.
func noReleaseServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected download of %s", r.URL.Path)
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// actionCheckout makes a stand-in for the action's checkout
// (github.action_path) whose VERSION file says version ("" = no file).
func actionCheckout(t *testing.T, version string) string {
	t.Helper()
	dir := t.TempDir()
	if version != "" {
		if err := os.WriteFile(filepath.Join(dir, "VERSION"), []byte(version+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestActionInstallRelease(t *testing.T) {
	needTools(t, "bash", "curl", "tar")
	script := actionScript(t, "install")
	srv := releaseServer(t, "v1.2.3", "")
	release := actionCheckout(t, "1.2.3")

	code, log, out := runScript(t, script, map[string]string{"ACTION_DIR": release, "ACTION_REF": "v1.2.3", "DOCKGUARD_RELEASE_BASE_URL": srv.URL})
	if code != 0 || out["mode"] != "release" || !strings.Contains(log, "verified") {
		t.Fatalf("release download: exit %d, outputs %q", code, out)
	}
	got, err := exec.Command(out["bin"]).Output()
	if err != nil || string(got) != "fake dockguard\n" {
		t.Errorf("installed binary: %v %q", err, got)
	}

	// A tampered archive (checksum mismatch) is refused, never run, never
	// replaced by a build.
	bad := releaseServer(t, "v1.2.3", strings.Repeat("ab", 32))
	code, log, out = runScript(t, script, map[string]string{"ACTION_DIR": release, "ACTION_REF": "v1.2.3", "DOCKGUARD_RELEASE_BASE_URL": bad.URL})
	if code == 0 || out["mode"] != "" || !strings.Contains(log, "::error title=dockguard::checksum mismatch") {
		t.Errorf("checksum mismatch: exit %d, outputs %q", code, out)
	}

	// An explicit version that cannot be downloaded fails.
	code, _, _ = runScript(t, script, map[string]string{"DOCKGUARD_VERSION": "v9.9.9", "DOCKGUARD_RELEASE_BASE_URL": srv.URL})
	if code == 0 {
		t.Errorf("missing explicit version: exit 0")
	}
	// A version input that is not a version is refused before any use.
	code, log, _ = runScript(t, script, map[string]string{"DOCKGUARD_VERSION": "v1\n::add-mask::x"})
	if code != 2 || strings.Contains(log, "add-mask") {
		t.Errorf("bad version input: exit %d\n%s", code, log)
	}
	// A release checkout whose assets are missing falls back to a build.
	code, _, out = runScript(t, script, map[string]string{"ACTION_DIR": actionCheckout(t, "7.0.0"), "ACTION_REF": "v7.0.0", "DOCKGUARD_RELEASE_BASE_URL": srv.URL})
	if code != 0 || out["mode"] != "build" {
		t.Errorf("missing assets of the action's release: exit %d, outputs %q", code, out)
	}
}

// TestActionInstallFromCheckout: the release comes from the action's own
// checkout (its VERSION file), not from the ref's name, so a major tag
// (uses: ...@v1) and the SHA of a release commit download the release,
// and any other commit builds from source without downloading anything.
func TestActionInstallFromCheckout(t *testing.T) {
	needTools(t, "bash", "curl", "tar")
	script := actionScript(t, "install")
	srv := releaseServer(t, "v1.2.3", "")
	none := noReleaseServer(t)
	const sha = "0123456789abcdef0123456789abcdef01234567"

	for _, tc := range []struct {
		name, ref, version, base, mode string
	}{
		{"major tag on the release commit", "v1", "1.2.3", srv.URL, "release"},
		{"SHA of the release commit", sha, "1.2.3", srv.URL, "release"},
		{"SHA of a commit between releases", sha, "dev", none.URL, "build"},
		{"branch", "main", "dev", none.URL, "build"},
		// A tag that the release process did not make (its commit says dev)
		// is no release, whatever its name.
		{"semver tag on a dev commit", "v1.2.3", "dev", none.URL, "build"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, log, out := runScript(t, script, map[string]string{
				"ACTION_DIR": actionCheckout(t, tc.version), "ACTION_REF": tc.ref, "DOCKGUARD_RELEASE_BASE_URL": tc.base,
			})
			if code != 0 || out["mode"] != tc.mode {
				t.Fatalf("exit %d, outputs %q, want mode %s", code, out, tc.mode)
			}
			if strings.Contains(log, "::warning") {
				t.Errorf("unexpected warning:\n%s", log)
			}
			if tc.mode == "release" {
				if got, err := exec.Command(out["bin"]).Output(); err != nil || string(got) != "fake dockguard\n" {
					t.Errorf("installed binary: %v %q", err, got)
				}
			}
		})
	}

	// A VERSION file that names no release (or none at all) builds, and says so.
	for _, v := range []string{"", "v1", "1.2.3 ::add-mask::x"} {
		code, log, out := runScript(t, script, map[string]string{"ACTION_DIR": actionCheckout(t, v), "DOCKGUARD_RELEASE_BASE_URL": none.URL})
		if code != 0 || out["mode"] != "build" || !strings.Contains(log, "::warning title=dockguard::the action's VERSION file names no release") {
			t.Errorf("VERSION %q: exit %d, outputs %q", v, code, out)
		}
	}
}

// TestActionInstallWindowsTemp runs the download with the temp path a
// Windows runner gives (D:\a\_temp): GNU tar, as in Git Bash, takes an
// archive path "D:..." for host:path unless extracted by a relative name.
func TestActionInstallWindowsTemp(t *testing.T) {
	needTools(t, "bash", "curl", "tar")
	srv := releaseServer(t, "v1.2.3", "")
	wd := t.TempDir()
	temp := `D:\a\_temp`
	if err := os.Mkdir(filepath.Join(wd, temp), 0o755); err != nil {
		t.Fatal(err)
	}
	code, log, out := runScriptIn(t, wd, actionScript(t, "install"), map[string]string{
		"ACTION_DIR": actionCheckout(t, "1.2.3"), "DOCKGUARD_RELEASE_BASE_URL": srv.URL,
		"ACTION_REF": "v1.2.3", "RUNNER_TEMP": temp, "RUNNER_OS": "Windows",
	})
	if code != 0 || out["mode"] != "release" {
		t.Fatalf("exit %d, outputs %q\n%s", code, out, log)
	}
	if want := temp + "/dockguard-bin/dockguard.exe"; out["bin"] != want {
		t.Errorf("bin = %q, want %q", out["bin"], want)
	}
	got, err := exec.Command(filepath.Join(wd, out["bin"])).Output()
	if err != nil || string(got) != "fake dockguard\n" {
		t.Errorf("installed binary: %v %q", err, got)
	}
}

func TestActionBuildFromSource(t *testing.T) {
	needTools(t, "bash", "go")
	slowTest(t, "builds dockguard with the release flags; minutes with a cold build cache")
	// A branch ref (not a release): build from the action's source.
	code, _, out := runScript(t, actionScript(t, "install"), map[string]string{"ACTION_REF": "main"})
	if code != 0 || out["mode"] != "build" || out["need-go"] != "false" {
		t.Fatalf("branch ref: exit %d, outputs %q", code, out)
	}
	code, _, _ = runScript(t, actionScript(t, "Build dockguard from the action's source"), map[string]string{
		"ACTION_DIR": moduleRoot, "ACTION_REF": "feature/x;$(touch pwned)", "DOCKGUARD_BIN": out["bin"],
	})
	if code != 0 {
		t.Fatalf("build: exit %d", code)
	}
	got, err := exec.Command(out["bin"], "version").CombinedOutput()
	if err != nil || !strings.Contains(string(got), "feature_x___touch_pwned_") {
		t.Errorf("built binary: %v %q", err, got)
	}
}

// TestActionScriptsShellcheck runs ShellCheck over every run: script of
// action.yml (actionlint checks the workflows' scripts, not an action's).
func TestActionScriptsShellcheck(t *testing.T) {
	needTools(t, "shellcheck")
	data, err := os.ReadFile(filepath.Join(moduleRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Runs struct {
			Steps []struct {
				Name  string `yaml:"name"`
				Shell string `yaml:"shell"`
				Run   string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	for _, s := range meta.Runs.Steps {
		if s.Run == "" {
			continue
		}
		if s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash", s.Name, s.Shell)
		}
		cmd := exec.Command("shellcheck", "-s", "bash", "-")
		cmd.Stdin = strings.NewReader(s.Run)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("step %q: shellcheck: %v\n%s", s.Name, err, out)
		}
	}
}
