package suppress

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// peerCatalog has rules that reference dclint rules (DC006 and DC060 the
// same one) and one that references none (DC003).
func peerCatalog(t testing.TB) *finding.Catalog {
	t.Helper()
	meta := func(id, name string, refs ...string) *finding.Meta {
		m := &finding.Meta{ID: id, Name: name, Severity: finding.Info, RuleSet: finding.RuleSetAll, Since: "0.2"}
		if len(refs) > 0 {
			m.References = finding.Refs{finding.DCLint: refs}
		}
		return m
	}
	unused := meta("DG001", "unused-ignore")
	unused.Role = finding.UnusedIgnores
	cat, err := finding.NewCatalog(meta("DC003", "privileged"), meta("DC006", "port-all-interfaces", "no-unbound-port-interfaces"),
		meta("DC050", "compose-version-obsolete", "no-version-field"), meta("DC054", "service-key-order", "service-keys-order"),
		meta("DC060", "unbound-too", "no-unbound-port-interfaces"), unused)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// runPeers filters fs with the directives of src and peerAnchor; it
// returns "line:ID" of the kept findings and the unused reports.
func runPeers(t *testing.T, src string, peerAnchor func(string, int) int, fs ...finding.Finding) (kept, unused []string) {
	t.Helper()
	f := source.NewFile("f", []byte(src))
	set := Parse(f, YAML, compose.Comments(f), peerCatalog(t))
	k, u := FilterWith(fs, map[string]*Set{"f": set}, Options{PeerAnchor: peerAnchor})
	for _, x := range k {
		kept = append(kept, fmt.Sprintf("%d:%s", x.Range.Start.Line, x.RuleID))
	}
	for _, x := range u {
		unused = append(unused, fmt.Sprintf("%d:%d: %s", x.Range.Start.Line, x.Range.Start.Col, x.Message))
	}
	return kept, unused
}

func TestDCLintDisableLine(t *testing.T) {
	const src = `services:
  web:
    image: nginx
    ports:
      - 8080:80 # dclint disable-line no-unbound-port-interfaces
      # dclint disable-line
      - 8081:80
      - 8082:80
    # dclint disable-line service-keys-order no-such-rule
    build: .
    privileged: true # dclint disable-line
    command: x #dclint   disable-line   service-keys-order
    user: x # dclint disable-lines service-keys-order
    # dclint disable-line service-keys-order

    restart: always
`
	kept, unused := runPeers(t, src, nil,
		newFinding("f", "DC006", 5, 9),  // this line, by name
		newFinding("f", "DC060", 5, 9),  // another rule referencing the same dclint rule
		newFinding("f", "DC006", 7, 9),  // the next line, every dclint rule
		newFinding("f", "DC006", 8, 9),  // not covered
		newFinding("f", "DC054", 10, 5), // stacked above, by name
		newFinding("f", "DC006", 10, 5), // not named
		newFinding("f", "DC003", 11, 5), // no dclint equivalent: a dclint comment never hides it
		newFinding("f", "DC054", 12, 5), // no space after #, several blanks
		newFinding("f", "DC054", 13, 5), // "disable-lines" is not dclint's
		newFinding("f", "DC054", 16, 5), // a blank line ends the association
	)
	eq(t, "kept", kept, []string{"8:DC006", "10:DC006", "11:DC003", "13:DC054", "16:DC054"})
	eq(t, "unused", unused, nil) // peers' comments are never reported
}

func TestDCLintDisableFile(t *testing.T) {
	for _, c := range []struct {
		name, head string
		kept       []string
	}{
		{"all", "# dclint disable\n", []string{"4:DC003"}},
		{"file", "---\n\n# dclint disable-file\n", []string{"4:DC003"}},
		{"named", "# dclint disable no-version-field\n", []string{"4:DC003", "4:DC006"}},
		{"trailing", "version: '3' # dclint disable no-version-field service-keys-order\n", []string{"4:DC003", "4:DC006"}},
		{"not first", "# a header\n# dclint disable\n", []string{"4:DC003", "4:DC006", "1:DC050"}},
		{"line on first", "# dclint disable-line no-version-field\n", []string{"4:DC003", "4:DC006", "1:DC050"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.head + "services:\n  a:\n    image: x\n"
			fs := []finding.Finding{newFinding("f", "DC003", 4, 5), newFinding("f", "DC006", 4, 5), newFinding("f", "DC050", 1, 1)}
			kept, unused := runPeers(t, src, nil, fs...)
			eq(t, "kept", kept, c.kept)
			eq(t, "unused", unused, nil)
		})
	}
}

// dclint reports DC006's equivalent on `ports:`; its comment there covers
// the items dockguard reports, through the engine's peer anchor.
func TestDCLintPeerAnchor(t *testing.T) {
	const src = `services:
  web:
    image: nginx
    ports: # dclint disable-line no-unbound-port-interfaces
      - 8080:80
    # dclint disable-line no-unbound-port-interfaces
    expose:
      - 80
  db:
    ports: # dockguard ignore=DC006
      - 5432:5432
`
	anchor := func(path string, line int) int {
		if path != "f" {
			t.Errorf("path %q", path)
		}
		return map[int]int{5: 4, 8: 7, 11: 10}[line]
	}
	kept, unused := runPeers(t, src, anchor,
		newFinding("f", "DC006", 5, 9),
		newFinding("f", "DC054", 5, 9),
		newFinding("f", "DC006", 8, 9),
		newFinding("f", "DC006", 11, 9), // dockguard's own directives do not use the peer anchor
	)
	eq(t, "kept", kept, []string{"5:DC054", "11:DC006"})
	eq(t, "unused", unused, []string{"10:12: ignore of DC006 suppresses nothing"})
}

func TestDCLintNotInDockerfiles(t *testing.T) {
	set, _ := parse(t, Dockerfile, "# dclint disable\nFROM a\n", peerCatalog(t))
	if len(set.Directives) != 0 {
		t.Errorf("directives %+v", set.Directives)
	}
}

// The compose front end's peer anchor: the line of the service key whose
// block holds a line.
func TestServiceKeyLine(t *testing.T) {
	dir := t.TempDir()
	const src = `x-base: &base
  environment:
    A: b
services:
  web:
    <<: *base
    image: nginx:1.27
    ports:
      - "8080:80"

      - target: 81
        published: 8081
    environment: [A=b]
    labels:
      a: b
  db: *base
`
	path := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{path}, Root: dir})
	if proj == nil {
		t.Fatal(problems)
	}
	p := proj.Sources[0].Path
	for line, want := range map[int]int{1: 0, 3: 0, 5: 0, 7: 0, 8: 0, 9: 8, 10: 8, 11: 8, 12: 8, 13: 0, 15: 14, 16: 0} {
		if got := proj.ServiceKeyLine(p, line); got != want {
			t.Errorf("ServiceKeyLine(%d) = %d, want %d", line, got, want)
		}
	}
	if got := proj.ServiceKeyLine("other.yaml", 9); got != 0 {
		t.Errorf("other file: %d", got)
	}
}
