package suppress

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/source"
)

// migrateCatalog has rules referencing the peers' rules the way the real
// catalogue does: DF012 and DF013 both reference DL3007 (one hadolint
// code, two dockguard rules); DF017 references nothing.
func migrateCatalog(t testing.TB) *finding.Catalog {
	t.Helper()
	meta := func(id, name string, refs finding.Refs) *finding.Meta {
		return &finding.Meta{ID: id, Name: name, Severity: finding.Warning, RuleSet: finding.RuleSetDefault, Since: "0.2", References: refs}
	}
	unused := meta("DG001", "unused-ignore", nil)
	unused.Role = finding.UnusedIgnores
	cat, err := finding.NewCatalog(
		meta("DF010", "apt-pin", finding.Refs{finding.Hadolint: {"DL3008"}, finding.KICS: {"Apt Get Install Pin Version Not Defined"}}),
		meta("DF011", "no-recommends", finding.Refs{finding.Hadolint: {"DL3015"}}),
		meta("DF012", "latest-tag", finding.Refs{finding.Hadolint: {"DL3006", "DL3007"}, finding.Trivy: {"DS-0001"},
			finding.Checkov: {"CKV_DOCKER_7"}, finding.KICS: {"Image Version Using 'latest'"}}),
		meta("DF013", "latest-tag-strict", finding.Refs{finding.Hadolint: {"DL3007"}}),
		meta("DF014", "stage-name-casing", finding.Refs{finding.BuildKit: {"StageNameCasing"}}),
		meta("DF015", "json-args-recommended", finding.Refs{finding.BuildKit: {"JSONArgsRecommended"}}),
		meta("DF016", "healthcheck", finding.Refs{finding.Checkov: {"CKV_DOCKER_2"}, finding.Trivy: {"DS-0026"},
			finding.KICS: {"Healthcheck Instruction Missing"}}),
		meta("DF017", "no-peer", nil),
		meta("DC020", "privileged", finding.Refs{finding.KICS: {"Privileged Containers Enabled"}}),
		meta("DC021", "healthcheck-compose", finding.Refs{finding.KICS: {"Healthcheck Not Set"}}),
		meta("DC022", "no-peer-compose", nil),
		unused)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// runDF parses src with the real Dockerfile front end and the engine's
// options (check directive, stage blocks), filters fs and returns
// "line:ID[:severity]" of the kept findings (severity when raised) and
// the unused reports.
func runDF(t *testing.T, src string, noInline []finding.Tool, fs ...finding.Finding) (kept, unused []string) {
	t.Helper()
	df, err := dockerfile.Parse("f", []byte(src), dockerfile.ParseOptions{})
	if err != nil {
		t.Fatalf("test Dockerfile does not parse: %v", err)
	}
	opts := ParseOptions{Catalog: migrateCatalog(t), NoInline: noInline}
	if d := df.Directive("check"); d != nil {
		opts.Check, opts.CheckRange = d.Value, d.Range
	}
	opts.Block = func(line int) int {
		for _, st := range df.Stages {
			if st.From.StartLine == line && len(st.Instructions) > 0 {
				return st.Instructions[len(st.Instructions)-1].EndLine
			}
		}
		return 0
	}
	set := ParseWith(df.Source, Dockerfile, df.Comments, opts)
	k, u := FilterWith(fs, map[string]*Set{"f": set}, Options{Anchor: func(_ string, line int) int { return df.InstructionStart(line) }})
	return describeKept(k, set), describeUnused(u)
}

func runYAML(t *testing.T, src string, fs ...finding.Finding) (kept, unused []string) {
	t.Helper()
	f := source.NewFile("f", []byte(src))
	set := ParseWith(f, YAML, compose.Comments(f), ParseOptions{Catalog: migrateCatalog(t)})
	k, u := FilterWith(fs, map[string]*Set{"f": set}, Options{})
	return describeKept(k, nil), describeUnused(u)
}

func describeKept(fs []finding.Finding, raised *Set) []string {
	var out []string
	for _, x := range fs {
		s := fmt.Sprintf("%d:%s", x.Range.Start.Line, x.RuleID)
		if x.Severity == finding.Error || raised != nil && raised.RaisesToError(x.RuleID) {
			s += ":error"
		}
		out = append(out, s)
	}
	return out
}

func describeUnused(us []Unused) []string {
	var out []string
	for _, x := range us {
		out = append(out, fmt.Sprintf("%d:%d: %s", x.Range.Start.Line, x.Range.Start.Col, x.Message))
	}
	return out
}

func TestHadolintIgnore(t *testing.T) {
	const src = `FROM debian:latest
# hadolint ignore=DL3007
FROM debian:latest AS two
# hadolint ignore=DL3008, DL3015 ,SC2086
RUN apt-get install -y curl \
    wget
# hadolint ignore=SC2086,DL3059,DL9999
RUN echo $x
# a comment between
#hadolint   ignore=dl3008
# another
RUN apt-get install curl
# hadolint ignore=DL3008

RUN apt-get install curl
# hadolint shell=powershell
RUN apt-get install curl
`
	kept, unused := runDF(t, src, nil,
		newFinding("f", "DF012", 1, 6),  // not covered
		newFinding("f", "DF012", 3, 6),  // DL3007 -> DF012 ...
		newFinding("f", "DF013", 3, 6),  // ... and DF013
		newFinding("f", "DF017", 3, 6),  // references nothing: never suppressed by a peer
		newFinding("f", "DF010", 6, 5),  // continuation line of the instruction below the comment
		newFinding("f", "DF011", 5, 13), // second code, blanks around the comma
		newFinding("f", "DF017", 8, 1),  // SC and unmapped DL codes: nothing
		newFinding("f", "DF010", 12, 1), // stacked comments, lower-case code, no space after #
		newFinding("f", "DF010", 15, 1), // a blank line ends the association
		newFinding("f", "DF010", 17, 1), // not an ignore
	)
	eq(t, "kept", kept, []string{"1:DF012", "3:DF017", "8:DF017", "15:DF010", "17:DF010"})
	eq(t, "unused", unused, nil) // peers' comments are never reported, mapped or not
}

func TestHadolintGlobalIgnore(t *testing.T) {
	const src = `FROM debian:latest
RUN apt-get install curl
# hadolint global ignore=DL3008,SC2086
RUN apt-get install wget
`
	kept, unused := runDF(t, src, nil,
		newFinding("f", "DF012", 1, 6), newFinding("f", "DF010", 2, 1), newFinding("f", "DF010", 4, 1))
	eq(t, "kept", kept, []string{"1:DF012"})
	eq(t, "unused", unused, nil)
}

// hadolint's disable-ignore-pragma turns its comments off, not the others'.
func TestNoInlineHadolint(t *testing.T) {
	const src = `# hadolint global ignore=DL3007
# trivy:ignore:DS-0001
FROM debian:latest
`
	kept, _ := runDF(t, src, []finding.Tool{finding.Hadolint}, newFinding("f", "DF012", 3, 6), newFinding("f", "DF013", 3, 6))
	eq(t, "kept", kept, []string{"3:DF013"})
}

func TestTrivyIgnore(t *testing.T) {
	const src = `# trivy:ignore:AVD-DS-0001
FROM debian:latest
# trivy:ignore:DS-0001
FROM debian:latest AS b
# trivy:ignore:DS001 #trivy:ignore:DS-0026
FROM debian:latest AS c
#trivy:ignore:*
FROM debian:latest AS d
# trivy:ignore:DS-0001:exp:2000-01-01
FROM debian:latest AS e
# trivy:ignore:DS-0001:exp:2999-01-01 -- reason
FROM debian:latest AS f
# trivy:ignore:DS-0001:exp:not-a-date
FROM debian:latest AS g
# trivy:ignore:DS-0099
FROM debian:latest AS h
`
	var fs []finding.Finding
	for _, line := range []int{2, 4, 6, 8, 10, 12, 14, 16} {
		fs = append(fs, newFinding("f", "DF012", line, 6))
	}
	fs = append(fs, newFinding("f", "DF016", 6, 1), newFinding("f", "DF016", 8, 1), newFinding("f", "DF013", 8, 1))
	kept, unused := runDF(t, src, nil, fs...)
	// expired (10) and bad date (14) ignore nothing, as in Trivy; * covers
	// every Trivy-referencing rule (not DF013).
	eq(t, "kept", kept, []string{"10:DF012", "14:DF012", "16:DF012", "8:DF013"})
	eq(t, "unused", unused, nil)
}

func TestCheckovSkip(t *testing.T) {
	const src = `FROM debian:latest
RUN true
# checkov:skip=CKV_DOCKER_2: the orchestrator probes it
# checkov:skip=CKV_DOCKER_99
RUN true
`
	kept, unused := runDF(t, src, nil, newFinding("f", "DF012", 1, 6), newFinding("f", "DF016", 1, 1), newFinding("f", "DF016", 2, 1))
	eq(t, "kept", kept, []string{"1:DF012"}) // file-wide, wherever the comment is
	eq(t, "unused", unused, nil)
}

func TestKICSDockerfile(t *testing.T) {
	const src = `# kics-scan disable=965a08d7-ef86-4f14-8792-4a3b2098937e,00000000-0000-0000-0000-000000000000
FROM debian:latest
RUN apt-get install curl
# kics-scan ignore-line
FROM debian:latest AS b
# kics-scan ignore-block
FROM debian:latest AS c
RUN apt-get install curl
HEALTHCHECK NONE
FROM debian:latest AS d
# kics-scan ignore-block
RUN true
# kics-scan ignore
FROM debian:latest AS e
`
	kept, unused := runDF(t, src, nil,
		newFinding("f", "DF012", 2, 6),  // disable names another query
		newFinding("f", "DF010", 3, 1),  // disable= by query ID, file-wide
		newFinding("f", "DF012", 5, 6),  // ignore-line: the instruction
		newFinding("f", "DF017", 5, 6),  // references no KICS query
		newFinding("f", "DF012", 7, 6),  // ignore-block above FROM: the stage
		newFinding("f", "DF016", 9, 1),  // ... to its end
		newFinding("f", "DF012", 10, 6), // next stage: not covered
		newFinding("f", "DF016", 12, 1), // ignore-block above another instruction: that one
		newFinding("f", "DF012", 14, 6), // "ignore" after the leading comments is no file command
	)
	eq(t, "kept", kept, []string{"2:DF012", "5:DF017", "10:DF012", "14:DF012"})
	eq(t, "unused", unused, nil)

	kept, _ = runDF(t, "# kics-scan ignore\nFROM debian:latest\n", nil, newFinding("f", "DF012", 2, 6), newFinding("f", "DF013", 2, 6))
	eq(t, "ignore", kept, []string{"2:DF013"})
	kept, _ = runDF(t, "# syntax=docker/dockerfile:1\n# kics-scan enable=f45ea400-6bbe-4501-9fc7-1c3d75c32067\nFROM debian:latest\n", nil,
		newFinding("f", "DF012", 3, 6), newFinding("f", "DF016", 3, 1), newFinding("f", "DF013", 3, 6))
	eq(t, "enable", kept, []string{"3:DF012", "3:DF013"})
}

func TestKICSCompose(t *testing.T) {
	const src = `# kics-scan disable=698ed579-b239-4f8f-a388-baa4bcb13ef8
services:
  a:
    image: x
    privileged: true # kics-scan ignore-line
  b:
    # kics-scan ignore-line
    privileged: true
    cap_add: [ALL]
  # kics-scan ignore-block
  c:
    image: x
    ports:
      - "80:80"
    privileged: true
  d:
    # kics-scan ignore-block
    ports:
    - "80:80"
    privileged: true
`
	kept, unused := runYAML(t, src,
		newFinding("f", "DC021", 3, 3),  // disabled by ID, file-wide
		newFinding("f", "DC020", 5, 17), // trailing: this line
		newFinding("f", "DC020", 8, 17), // own line: the next line
		newFinding("f", "DC022", 8, 17), // references no KICS query
		newFinding("f", "DC020", 9, 5),  // not covered
		newFinding("f", "DC020", 15, 17),
		newFinding("f", "DC020", 14, 9), // the block of c
		newFinding("f", "DC020", 19, 7), // a sequence at the key's indentation is in its block
		newFinding("f", "DC020", 20, 5), // the next key is not
	)
	eq(t, "kept", kept, []string{"8:DC022", "9:DC020", "20:DC020"})
	eq(t, "unused", unused, nil)
}

// hadolint, Trivy and Checkov do not read compose files.
func TestDockerfileToolsNotInYAML(t *testing.T) {
	kept, _ := runYAML(t, "# hadolint global ignore=DL3007\n# checkov:skip=CKV_DOCKER_7\nservices:\n  a:\n    image: x # trivy:ignore:*\n",
		newFinding("f", "DC020", 5, 5))
	eq(t, "kept", kept, []string{"5:DC020"})
}

func TestCheckDirective(t *testing.T) {
	for _, c := range []struct {
		name, check      string
		kept, unusedMsgs []string
	}{
		{"skip one", "skip=StageNameCasing", []string{"3:DF015", "3:DF017"}, nil},
		{"skip several", "skip=StageNameCasing, JSONArgsRecommended,Unknown", []string{"3:DF017"}, nil},
		{"skip all", "skip=all", []string{"3:DF017"}, nil},
		{"error", "error=true", []string{"2:DF014:error", "3:DF015:error", "3:DF017"}, nil},
		{"skip and error", "skip=JSONArgsRecommended;error=true", []string{"2:DF014:error", "3:DF017"}, nil},
		{"error false", "error=false", []string{"2:DF014", "3:DF015", "3:DF017"}, nil},
		{"experimental", "experimental=all", []string{"2:DF014", "3:DF015", "3:DF017"}, nil},
		{"bad option", "skip=StageNameCasing;eror=true", []string{"2:DF014", "3:DF015", "3:DF017"},
			[]string{`1:1: BuildKit check directive: invalid check option "eror"; BuildKit fails the build on it (write "# check=skip=<Check>[,<Check>];error=true")`}},
		{"bad bool", "error=yes", []string{"2:DF014", "3:DF015", "3:DF017"},
			[]string{`1:1: BuildKit check directive: check option "error=yes" is not a boolean; BuildKit fails the build on it (write "# check=skip=<Check>[,<Check>];error=true")`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "# check=" + c.check + "\nFROM debian:12 as Build\nCMD echo hi\n"
			kept, unused := runDF(t, src, nil, newFinding("f", "DF014", 2, 16), newFinding("f", "DF015", 3, 5), newFinding("f", "DF017", 3, 5))
			eq(t, "kept", kept, c.kept)
			eq(t, "unused", unused, c.unusedMsgs)
		})
	}
}

// A `# check=skip=` comment that is not a parser directive applies to the
// instruction below it, or to the whole stage above a FROM, as BuildKit
// merges it; error= does not carry over; an unreadable one is ignored.
func TestCheckComment(t *testing.T) {
	const src = `FROM debian:12 AS one
# check=skip=JSONArgsRecommended;error=true
CMD echo one
CMD echo two
# check=skip=StageNameCasing,JSONArgsRecommended
FROM debian:12 AS Two
CMD echo three
CMD echo four
# check=skip=all;bogus=1
FROM debian:12 AS Three
`
	kept, unused := runDF(t, src, nil,
		newFinding("f", "DF015", 3, 5),
		newFinding("f", "DF015", 4, 5),
		newFinding("f", "DF014", 6, 19),
		newFinding("f", "DF015", 7, 5),
		newFinding("f", "DF015", 8, 5),
		newFinding("f", "DF014", 10, 19), // the unreadable comment is ignored
	)
	eq(t, "kept", kept, []string{"4:DF015", "10:DF014"})
	eq(t, "unused", unused, nil)
}

// TestKICSQueryIDs checks kics-queries.tsv against the queries' metadata
// in ../shared/corpus-labeled/kics when that tree is there, and rewrites
// it with DOCKGUARD_UPDATE_GOLDEN=1.
func TestKICSQueryIDs(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus-labeled", "kics")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*", "metadata.json"))
	if len(files) == 0 {
		t.Skip("no KICS query metadata at " + root)
	}
	var rows []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id, name, platform := jsonField(data, "id"), jsonField(data, "queryName"), jsonField(data, "platform")
		if id == "" || name == "" {
			t.Fatalf("%s: no id or queryName", f)
		}
		rows = append(rows, id+"\t"+name+"\t"+platform)
	}
	sort.Slice(rows, func(i, j int) bool {
		return strings.Split(rows[i], "\t")[1] < strings.Split(rows[j], "\t")[1]
	})
	var head []string
	for _, line := range strings.Split(kicsQueriesTSV, "\n") {
		if strings.HasPrefix(line, "#") {
			head = append(head, line)
		}
	}
	want := strings.Join(append(head, rows...), "\n") + "\n"
	if os.Getenv("DOCKGUARD_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile("kics-queries.tsv", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != kicsQueriesTSV {
		t.Errorf("kics-queries.tsv is stale (run DOCKGUARD_UPDATE_GOLDEN=1 go test ./lint/suppress)")
	}
	if got := KICSQueryName("B03A748A-542D-44F4-BB86-9199AB4FD2D5"); got != "Healthcheck Instruction Missing" {
		t.Errorf("KICSQueryName = %q", got)
	}
}

// jsonField reads a top-level string field of a small JSON object.
func jsonField(data []byte, key string) string {
	s := string(data)
	i := strings.Index(s, `"`+key+`"`)
	if i < 0 {
		return ""
	}
	s = s[i+len(key)+2:]
	s = s[strings.Index(s, `"`)+1:]
	return s[:strings.Index(s, `"`)]
}
