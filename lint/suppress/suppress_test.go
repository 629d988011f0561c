package suppress

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

func testRegistry(t testing.TB) *finding.Catalog {
	t.Helper()
	meta := func(id, name string, sev finding.Severity) *finding.Meta {
		return &finding.Meta{ID: id, Name: name, Severity: sev, RuleSet: finding.RuleSetDefault, Since: "0.1"}
	}
	unused := meta("DG001", "unused-ignore", finding.Info)
	unused.Role = finding.UnusedIgnores
	privileged := meta("DC003", "privileged", finding.Error)
	privileged.References = finding.Refs{finding.DCLint: {"no-version-field"}} // for FuzzParse to reach dclint comments
	cat, err := finding.NewCatalog(meta("DF001", "root-user", finding.Warning), meta("DF002", "curl-pipe-sh", finding.Warning),
		meta("DF004", "mutable-base-tag", finding.Warning), privileged,
		meta("DC004", "host-network", finding.Error), unused)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// newFinding makes a finding of rule id at line:col in path.
func newFinding(path, id string, line, col int) finding.Finding {
	return finding.Finding{RuleID: id, Severity: finding.Warning, Path: path,
		Range: source.Range{Start: source.Pos{Line: line, Col: col}, End: source.Pos{Line: line, Col: col + 1}}}
}

// parse reads the directives of src (named "f") with the comments the
// real front end finds: the Dockerfile model or the compose YAML scanner.
// For a Dockerfile it also returns the model's instruction anchor.
func parse(t testing.TB, syn Syntax, src string, cat *finding.Catalog) (*Set, func(string, int) int) {
	t.Helper()
	if syn == YAML {
		f := source.NewFile("f", []byte(src))
		return Parse(f, YAML, compose.Comments(f), cat), nil
	}
	df, err := dockerfile.Parse("f", []byte(src), dockerfile.ParseOptions{})
	if err != nil {
		t.Fatalf("test Dockerfile does not parse: %v", err)
	}
	return Parse(df.Source, Dockerfile, df.Comments, cat), func(_ string, line int) int { return df.InstructionStart(line) }
}

// run parses src, filters the findings and returns "line:ID" of the kept
// ones and "line:col: message" of the unused reports.
func run(t *testing.T, syn Syntax, src string, fs ...finding.Finding) (kept, unused []string) {
	t.Helper()
	set, anchor := parse(t, syn, src, testRegistry(t))
	k, u := FilterWith(fs, map[string]*Set{"f": set}, Options{Anchor: anchor})
	for _, x := range k {
		kept = append(kept, fmt.Sprintf("%d:%s", x.Range.Start.Line, x.RuleID))
	}
	for _, x := range u {
		if x.Path != "f" {
			t.Errorf("bad unused report %+v", x)
		}
		unused = append(unused, fmt.Sprintf("%d:%d: %s", x.Range.Start.Line, x.Range.Start.Col, x.Message))
	}
	return kept, unused
}

func eq(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestDockerfile(t *testing.T) {
	const src = `# syntax=docker/dockerfile:1
# dockguard ignore=DF004 -- pinned by digest in CI
FROM alpine
# dockguard ignore=DF001
# a plain comment between
# dockguard ignore=curl-pipe-sh -- vendor script
RUN curl https://x | sh && \
    echo done
USER root # dockguard ignore=DF001 -- not a comment in an instruction
`
	kept, unused := run(t, Dockerfile, src,
		newFinding("f", "DF004", 3, 6),
		newFinding("f", "DF001", 7, 1), // suppressed by a stacked directive
		newFinding("f", "DF002", 8, 5), // continuation line: anchors on line 7
		newFinding("f", "DF001", 9, 1), // the trailing "# dockguard" is not a comment
	)
	eq(t, "kept", kept, []string{"9:DF001"})
	eq(t, "unused", unused, nil)
}

func TestDockerfileUnused(t *testing.T) {
	const src = `FROM alpine:3.20
# dockguard ignore=DF004,DF001 -- both unused

RUN true
# dockguard ignore=DF001, DF002,DF999 -- DF002 unused, DF999 unknown
RUN curl x | sh
# dockguard global ignore=DF004
# dockguard ignore DF001
# dockguard global
# dockguard ignore=
# dockguard ignore=DF001 because reasons
RUN true
# dockguard is great; this is just a comment
# dockguard ignore=DF001
`
	kept, unused := run(t, Dockerfile, src,
		newFinding("f", "DF001", 6, 1),
		newFinding("f", "DF001", 12, 1),
	)
	eq(t, "kept", kept, nil)
	eq(t, "unused", unused, []string{
		`2:1: ignore of DF004, DF001 suppresses nothing: a blank line separates it from the line below`,
		`5:27: ignore of DF002 suppresses nothing`,
		`5:33: ignore names unknown rule "DF999"`,
		`7:1: ignore of DF004 suppresses nothing`,
		`8:1: malformed dockguard comment: expected "=" after "ignore"; write "# dockguard [global] ignore=ID[,ID...] [-- reason]"`,
		`9:1: malformed dockguard comment: expected "ignore="; write "# dockguard [global] ignore=ID[,ID...] [-- reason]"`,
		`10:1: malformed dockguard comment: no rule to ignore; write "# dockguard [global] ignore=ID[,ID...] [-- reason]"`,
		`11:1: text after the rule list must follow "--": "because reasons"`,
		`14:1: ignore of DF001 suppresses nothing: nothing follows it`,
	})
}

func TestDockerfileGlobal(t *testing.T) {
	const src = "FROM alpine\nRUN true\n# dockguard GLOBAL Ignore=mutable-base-tag -- at the end\n"
	kept, unused := run(t, Dockerfile, src, newFinding("f", "DF004", 1, 6), newFinding("f", "DF004", 0, 0), newFinding("f", "DF001", 2, 1))
	eq(t, "kept", kept, []string{"2:DF001"})
	eq(t, "unused", unused, nil)
}

func TestDockerfileContinuationAndHeredoc(t *testing.T) {
	const src = `FROM alpine:3.20
RUN apt-get update && \
    # dockguard ignore=DF002 -- inside the instruction: applies to it
    curl x | sh
RUN <<EOF
# dockguard ignore=DF001 -- shell text in a heredoc, not a directive
id
EOF
COPY <<-"A" /a <<B /b
	# dockguard ignore=DF001
	A
# dockguard ignore=DF001
B
# dockguard ignore=DF001 -- after the heredocs: a real directive
USER root
`
	df, err := dockerfile.Parse("f", []byte(src), dockerfile.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := parse(t, Dockerfile, src, testRegistry(t))
	var lines []int
	for _, d := range s.Directives {
		lines = append(lines, d.Line)
	}
	if !reflect.DeepEqual(lines, []int{3, 14}) {
		t.Errorf("directives on lines %v, want [3 14]", lines)
	}
	for line, want := range map[int]int{1: 1, 2: 2, 3: 2, 4: 2, 6: 5, 8: 5, 10: 9, 13: 9, 14: 14, 15: 15} {
		if got := df.InstructionStart(line); got != want {
			t.Errorf("InstructionStart(%d) = %d, want %d", line, got, want)
		}
	}
	kept, unused := run(t, Dockerfile, src, newFinding("f", "DF002", 4, 5), newFinding("f", "DF001", 15, 1))
	eq(t, "kept", kept, nil)
	eq(t, "unused", unused, nil)
}

func TestDockerfileEscapeDirective(t *testing.T) {
	const src = "# escape=`\nFROM mcr.microsoft.com/windows `\n  # dockguard ignore=DF004\n  AS base\nRUN dir \\\n# dockguard ignore=DF001\nUSER x\n"
	kept, unused := run(t, Dockerfile, src, newFinding("f", "DF004", 2, 6), newFinding("f", "DF001", 7, 1))
	// Line 5 ends with a backslash, which is not the escape character: the
	// comment on line 6 stands above USER.
	eq(t, "kept", kept, nil)
	eq(t, "unused", unused, nil)
}

func TestDockerfileAnchorFunc(t *testing.T) {
	set, _ := parse(t, Dockerfile, "FROM a\n# dockguard ignore=DF002\nRUN a \\\n  b\n", testRegistry(t))
	calls := 0
	anchor := func(path string, line int) int { calls++; return 3 }
	kept, unused := FilterWith([]finding.Finding{newFinding("f", "DF002", 4, 3)}, map[string]*Set{"f": set}, Options{Anchor: anchor})
	if len(kept) != 0 || len(unused) != 0 || calls != 1 {
		t.Errorf("kept %v unused %v calls %d", kept, unused, calls)
	}
}

func TestYAML(t *testing.T) {
	const src = `services:
  dind:
    image: docker:27-dind
    privileged: true # dockguard ignore=DC003 -- needs it
    # dockguard ignore=host-network -- above the line
    network_mode: host
  web:
    command: "echo # dockguard ignore=DC003"
    privileged: true
  job:
    entrypoint: 'it''s # dockguard ignore=DC003'
    privileged: true
  script:
    command: |
      # dockguard ignore=DC003
      privileged
    privileged: true
  plain:
    command: a#dockguard ignore=DC003
    privileged: true
`
	kept, unused := run(t, YAML, src,
		newFinding("f", "DC003", 4, 17),
		newFinding("f", "DC004", 6, 19),
		newFinding("f", "DC003", 9, 17),
		newFinding("f", "DC003", 12, 17),
		newFinding("f", "DC003", 17, 17),
		newFinding("f", "DC003", 20, 17),
	)
	eq(t, "kept", kept, []string{"9:DC003", "12:DC003", "17:DC003", "20:DC003"})
	eq(t, "unused", unused, nil)
}

func TestYAMLStacked(t *testing.T) {
	const src = `services:
  a:
    # dockguard ignore=DC003
    # a note
    # dockguard ignore=DC004 -- both apply to the next line
    privileged: true

    # dockguard ignore=DC003 -- a blank line below

    privileged: true
# dockguard global ignore=DG001
`
	kept, unused := run(t, YAML, src, newFinding("f", "DC003", 6, 5), newFinding("f", "DC004", 6, 5), newFinding("f", "DC003", 10, 5))
	eq(t, "kept", kept, []string{"10:DC003"})
	eq(t, "unused", unused, nil) // silenced by global ignore=DG001
}

func TestYAMLUnused(t *testing.T) {
	const src = "services:\n  a:\n    image: x # dockguard ignore=DC003\n    # dockguard ignore=DC004\n    cap_add: [ALL] # dockguard ignore=DC003\n"
	kept, unused := run(t, YAML, src, newFinding("f", "DC004", 5, 5))
	eq(t, "kept", kept, nil)
	eq(t, "unused", unused, []string{"3:14: ignore of DC003 suppresses nothing", "5:20: ignore of DC003 suppresses nothing"})
}

func TestYAMLInvalid(t *testing.T) {
	// Not valid YAML: only full-line comments count.
	const src = "services: [\n  # dockguard ignore=DC003\n  x: \"a # dockguard ignore=DC004\"\n"
	kept, unused := run(t, YAML, src, newFinding("f", "DC003", 3, 3), newFinding("f", "DC004", 3, 3))
	eq(t, "kept", kept, []string{"3:DC004"})
	eq(t, "unused", unused, nil)
}

func TestRan(t *testing.T) {
	set, _ := parse(t, Dockerfile, "# dockguard ignore=DF001,DF004\nFROM a\n", testRegistry(t))
	sets := map[string]*Set{"f": set}
	_, unused := FilterWith(nil, sets, Options{Ran: func(path, id string) bool { return id != "DF004" }})
	if len(unused) != 1 || unused[0].Message != "ignore of DF001 suppresses nothing" {
		t.Errorf("unused = %+v", unused)
	}
}

func TestDirectiveFields(t *testing.T) {
	const src = "FROM a\n\t#  dockguard  global   ignore = DF001 ,mutable-base-tag,  nope  --  the reason  \n"
	set, _ := parse(t, Dockerfile, src, testRegistry(t))
	ds := set.Directives
	if len(ds) != 1 {
		t.Fatalf("got %d directives", len(ds))
	}
	d := ds[0]
	if !d.Global || d.Reason != "the reason" || d.Line != 2 || d.Path != "f" || d.Malformed != "" {
		t.Errorf("%+v", d)
	}
	if !reflect.DeepEqual(d.Rules(), []string{"DF001", "DF004"}) || len(d.Entries) != 3 || d.Entries[2].Written != "nope" || d.Entries[2].ID != "" {
		t.Errorf("rules %v entries %+v", d.Rules(), d.Entries)
	}
	if d.Range.Start != (source.Pos{Line: 2, Col: 2}) || d.Range.End.Col != 80 {
		t.Errorf("range %v-%v", d.Range.Start, d.Range.End)
	}
	if e := d.Entries[1]; e.Written != "mutable-base-tag" || e.Range.Start.Col != 41 || e.Range.End.Col != 57 {
		t.Errorf("entry %+v", e)
	}
	// Without a registry, IDs are taken as written (upper-cased).
	if set, _ := parse(t, Dockerfile, src, nil); !reflect.DeepEqual(set.Directives[0].Rules(), []string{"DF001"}) {
		t.Errorf("nil registry: %v", ds[0].Rules())
	}
}

func TestUnicodeColumns(t *testing.T) {
	const src = "services:\n  é:\n    image: \"ü\" # dockguard ignore=DC003\n"
	_, unused := run(t, YAML, src)
	eq(t, "unused", unused, []string{"3:16: ignore of DC003 suppresses nothing"})
}

func TestNoDirectives(t *testing.T) {
	fs := []finding.Finding{newFinding("f", "DF001", 1, 1), newFinding("g", "DF001", 1, 1)}
	kept, unused := FilterWith(fs, nil, Options{})
	if len(kept) != 2 || len(unused) != 0 {
		t.Error("no sets must keep everything")
	}
	if s, _ := parse(t, YAML, "", nil); len(s.Directives) != 0 {
		t.Error("empty file")
	}
}

func TestCRLF(t *testing.T) {
	src := strings.ReplaceAll("FROM a\r\n# dockguard ignore=DF001 -- crlf\r\nUSER root\r\n", "\n", "\n")
	kept, unused := run(t, Dockerfile, src, newFinding("f", "DF001", 3, 1))
	eq(t, "kept", kept, nil)
	eq(t, "unused", unused, nil)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"# dockguard ignore=DF001\nFROM a\n",
		"RUN <<EOF\n#x\nEOF\n# dockguard global ignore=\n",
		"a: \"#\" # dockguard ignore=DC003 -- x\nb: |\n  # x\n",
		"a: 'it''s\n  # more'\n",
		"# escape=`\nRUN a `\n\n# dockguard ignore=DF001\n b\n",
		"\xef\xbb\xbf# dockguard ignore=é,\x00,,\n",
		"a: [\n# dockguard ignore=DC003\n",
		"- !!str &a \"x\n",
		"---\n# dclint disable no-version-field\nservices: # dclint disable-line\n  #dclint disable-line a b\n",
		"# check=skip=all;error=true\n# hadolint global ignore=DL3002, SC1\n# trivy:ignore:DS-0002:exp:2999-01-01 trivy:ignore:*\nFROM a\n# check=skip=x\n# checkov:skip=CKV_DOCKER_3:r\nRUN b\n",
		"# kics-scan disable=fd54f200-402c-4333-a5a4-36ef6709af2f,\n# kics-scan enable=\n# kics-scan ignore-block\nFROM a\n# kics-scan ignore-line\nRUN b\n",
		"# kics-scan ignore\nservices:\n  # kics-scan ignore-block\n  a:\n  - b # kics-scan ignore-line\n",
	} {
		f.Add(s)
	}
	reg := testRegistry(f)
	f.Fuzz(func(t *testing.T, src string) {
		file := source.NewFile("f", []byte(src))
		sets := []*Set{Parse(file, YAML, compose.Comments(file), reg)}
		var anchor func(string, int) int
		if df, err := dockerfile.Parse("f", []byte(src), dockerfile.ParseOptions{}); err == nil {
			opts := ParseOptions{Catalog: reg, Block: func(l int) int { return l + 2 }}
			if d := df.Directive("check"); d != nil {
				opts.Check, opts.CheckRange = d.Value, d.Range
			}
			sets = append(sets, ParseWith(df.Source, Dockerfile, df.Comments, opts))
			anchor = func(_ string, line int) int { return df.InstructionStart(line) }
		}
		for _, s := range sets {
			var fs []finding.Finding
			for ln := 0; ln <= file.NumLines()+1; ln++ {
				fs = append(fs, newFinding("f", "DF001", ln, 1), newFinding("f", "DC003", ln, 1))
			}
			FilterWith(fs, map[string]*Set{"f": s}, Options{Anchor: anchor, PeerAnchor: func(_ string, l int) int { return l - 1 }})
		}
	})
}

func BenchmarkParseDockerfile(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 500; i++ {
		sb.WriteString("# dockguard ignore=DF001 -- r\nRUN apt-get update && \\\n    apt-get install -y curl # not a comment\n\n")
	}
	df, err := dockerfile.Parse("f", []byte("FROM a\n"+sb.String()), dockerfile.ParseOptions{})
	if err != nil {
		b.Fatal(err)
	}
	reg := testRegistry(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Parse(df.Source, Dockerfile, df.Comments, reg)
	}
}

func BenchmarkParseYAML(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("services:\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&sb, "  s%d:\n    image: \"x # y\"\n    privileged: true # dockguard ignore=DC003\n", i)
	}
	f := source.NewFile("f", []byte(sb.String()))
	reg := testRegistry(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Parse(f, YAML, compose.Comments(f), reg)
	}
}
