package format

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dockguard/dockguard/lint/finding"
)

// SARIF writes a SARIF 2.1.0 log with one run, shaped for GitHub code
// scanning (github/codeql-action/upload-sarif):
//
//   - tool.driver.rules lists every rule of Report.Rules (plus any rule a
//     finding names that is missing there), each with shortDescription
//     (Summary), fullDescription (Doc.Why), help.text and help.markdown
//     generated from Doc (why, bad/good examples, fix, how to suppress),
//     helpUri, defaultConfiguration.level and properties: tags (at most
//     10) and, for rules tagged "security" (tag first), security-severity,
//     a numeric string taken from the rule's default severity: error "8.0"
//     (high), warning "5.0" (medium), info "2.0" (low). Code scanning
//     shows the other rules (correctness, hygiene, style) as quality
//     alerts with the level alone.
//   - results carry ruleId, ruleIndex, level (error, warning, note), the
//     message, one location whose URI is relative to Report.Root with
//     uriBaseId %SRCROOT% (percent-encoded; a file outside Root gets an
//     absolute file:// URI), a region with all four of
//     startLine/startColumn/endLine/endColumn (clamped to >= 1; an unknown
//     end is an empty region at the start), and partialFingerprints
//     {"dockguardFingerprint/v1": Finding.Fingerprint}.
//   - run.columnKind is unicodeCodePoints (our columns count runes);
//     automationDetails.id is "<category>/"; invocations[0] has
//     executionSuccessful and the working directory.
//
// primaryLocationLineHash is not written: GitHub computes it from the file
// content (codeql-action src/fingerprints.ts), which a formatter does not
// have; upload-sarif fills it in when it is missing, while a value that
// differs from its own only produces a warning and risks duplicate alerts.
//
// The structs below are ours rather than go-sarif's, whose output carries
// -1 placeholders (rank, byteOffset, charOffset, index) that GitHub
// documents as out of range; tests validate against the official schema.
type SARIF struct {
	Category string // automationDetails category; "" = tool name
}

// SARIF levels by severity, and GitHub security-severity scores.
const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	// FingerprintKey is the partialFingerprints key holding Finding.Fingerprint.
	FingerprintKey = "dockguardFingerprint/v1"
	srcRoot        = "%SRCROOT%"
	maxDescription = 1024 // GitHub: shortDescription/fullDescription text
	maxRuleName    = 255
	maxTags        = 10 // GitHub keeps 10 tags per rule
)

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

// SecuritySeverity is the GitHub security-severity score written for a
// rule of default severity s: error 8.0 (high), warning 5.0 (medium),
// info 2.0 (low).
func SecuritySeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "8.0"
	case finding.Warning:
		return "5.0"
	}
	return "2.0"
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	AutomationDetails  sarifAutomation             `json:"automationDetails"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            any                         `json:"results"` // []sarifResult, streamed by writeJSONStream
	Properties         *sarifRunProps              `json:"properties,omitempty"`
}

// sarifRunProps are dockguard's properties of a run.
type sarifRunProps struct {
	// Baselined counts the findings the baseline file holds. They are not
	// results: GitHub code scanning ignores SARIF suppressions (it would
	// open an alert for each) and keeps at most 5,000 results a run.
	Baselined int `json:"dockguard/baselined"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifHelp      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool              `json:"executionSuccessful"`
	WorkingDirectory    *sarifArtifactLoc `json:"workingDirectory,omitempty"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifArtifactLoc struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifRelated    `json:"relatedLocations,omitempty"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

// sarifRelated is a related location; the result's message links to it
// with SARIF's embedded-link syntax "[text](id)", which is how GitHub code
// scanning shows it.
type sarifRelated struct {
	ID               int           `json:"id"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifFix struct {
	Description     *sarifText            `json:"description,omitempty"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	Properties      *sarifFixProps        `json:"properties,omitempty"`
}

// sarifFixProps carries the fix's class: "safe" (dockguard lint --fix
// applies it) or "hardening" (--fix=hardening).
type sarifFixProps struct {
	Class string `json:"class"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

type sarifResultProps struct {
	Subject string `json:"subject,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// Format implements Formatter.
func (s *SARIF) Format(w io.Writer, r *Report) error {
	rules := r.ruleIndex()
	category := s.Category
	if category == "" {
		category = r.toolName()
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:            r.toolName(),
			Version:         r.Tool.Version,
			SemanticVersion: semver(r.Tool.Version),
			InformationURI:  r.Tool.InformationURI,
			Rules:           make([]sarifRule, 0, len(r.Rules)),
		}},
		Invocations:       []sarifInvocation{{ExecutionSuccessful: true}},
		AutomationDetails: sarifAutomation{ID: strings.TrimSuffix(category, "/") + "/"},
		ColumnKind:        "unicodeCodePoints",
		Results:           streamedArray,
	}
	if r.WorkDir != "" {
		run.Invocations[0].WorkingDirectory = &sarifArtifactLoc{URI: dirURI(r.WorkDir)}
	}
	root := sarifArtifactLoc{Description: &sarifText{Text: "The repository root; result URIs are relative to it."}}
	if r.Root != "" {
		root.URI = dirURI(r.Root)
	}
	run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: root}

	index := make(map[string]int, len(r.Rules))
	for _, ru := range r.Rules {
		if ru == nil {
			continue
		}
		if _, dup := index[ru.ID]; dup {
			continue
		}
		index[ru.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(ru))
	}

	// Rules missing from Report.Rules are described from their findings;
	// the rule list is written before the results, so add them first.
	for i := range r.Findings {
		f := &r.Findings[i]
		if _, ok := index[f.RuleID]; !ok {
			index[f.RuleID] = len(run.Tool.Driver.Rules)
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(&finding.Meta{
				ID: f.RuleID, Name: f.RuleName, Severity: severity(f, rules),
			}))
		}
	}
	paths := newRootPaths(r)
	if len(r.Baselined) > 0 {
		run.Properties = &sarifRunProps{Baselined: len(r.Baselined)}
	}
	log := sarifLog{Schema: sarifSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}}
	return writeJSONStream(w, log, len(r.Findings), func(i int) any {
		return sarifResultOf(paths, index, rules, &r.Findings[i])
	})
}

// sarifResultOf is the SARIF result of one finding.
func sarifResultOf(paths *rootPaths, index map[string]int, rules map[string]*finding.Meta, f *finding.Finding) sarifResult {
	res := sarifResult{
		RuleID:    f.RuleID,
		RuleIndex: index[f.RuleID],
		Level:     sarifLevel(severity(f, rules)),
		Message:   sarifText{Text: f.Message},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact(paths, f.Path),
			Region:           sarifRegionOf(spanOf(f.Range)),
		}}},
	}
	if res.Message.Text == "" {
		res.Message.Text = cmp.Or(f.RuleName, f.RuleID)
	}
	if f.Fingerprint != "" {
		res.PartialFingerprints = map[string]string{FingerprintKey: f.Fingerprint}
	}
	if f.Subject != "" {
		res.Properties = &sarifResultProps{Subject: f.Subject}
	}
	if len(f.Related) > 0 {
		res.RelatedLocations, res.Message.Text = sarifRelatedOf(paths, f, res.Message.Text)
	}
	if f.Fix != nil && len(f.Fix.Edits) > 0 {
		res.Fixes = []sarifFix{sarifFixOf(paths, f)}
	}
	return res
}

// sarifRelatedOf returns the finding's related locations, numbered from 1,
// and the message with a link to each: "msg (see [text](1), [text](2))".
// The link text is escaped: a "[" or "]" in it would end the link.
func sarifRelatedOf(paths *rootPaths, f *finding.Finding, msg string) ([]sarifRelated, string) {
	out := make([]sarifRelated, len(f.Related))
	links := make([]string, len(f.Related))
	for i, rel := range f.Related {
		text := cmp.Or(oneLine(rel.Message), "related location")
		out[i] = sarifRelated{
			ID: i + 1,
			PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact(paths, rel.Path),
				Region:           sarifRegionOf(spanOf(rel.Range)),
			},
			Message: &sarifText{Text: text},
		}
		esc := strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(text)
		links[i] = fmt.Sprintf("[%s](%d)", esc, i+1)
	}
	return out, msg + " (see " + strings.Join(links, ", ") + ")"
}

// sarifFixOf turns a fix into SARIF's form: one artifactChange per file,
// in the order the files first appear.
func sarifFixOf(paths *rootPaths, f *finding.Finding) sarifFix {
	class := f.Fix.Class.String()
	fix := sarifFix{Properties: &sarifFixProps{Class: class}}
	fix.Description = &sarifText{Text: cmp.Or(f.Fix.Description, "fix") + " (" + class + " fix)"}
	byPath := map[string]int{}
	for _, e := range f.Fix.Edits {
		path := cmp.Or(e.Path, f.Path)
		i, ok := byPath[path]
		if !ok {
			i = len(fix.ArtifactChanges)
			byPath[path] = i
			fix.ArtifactChanges = append(fix.ArtifactChanges, sarifArtifactChange{ArtifactLocation: sarifArtifact(paths, path)})
		}
		rep := sarifReplacement{DeletedRegion: sarifRegionOf(spanOf(e.Range))}
		if e.NewText != "" {
			rep.InsertedContent = &sarifText{Text: e.NewText}
		}
		fix.ArtifactChanges[i].Replacements = append(fix.ArtifactChanges[i].Replacements, rep)
	}
	return fix
}

func sarifArtifact(paths *rootPaths, path string) sarifArtifactLoc {
	pi := paths.get(path)
	switch {
	case pi.inRoot:
		return sarifArtifactLoc{URI: uriPath(pi.rel), URIBaseID: srcRoot}
	case pi.abs != "":
		return sarifArtifactLoc{URI: fileURI(pi.abs)}
	}
	// A relative path and no working directory to resolve it: assume it is
	// relative to the root.
	return sarifArtifactLoc{URI: uriPath(filepath.ToSlash(path)), URIBaseID: srcRoot}
}

func sarifRegionOf(s span) sarifRegion {
	return sarifRegion{StartLine: s.Line, StartColumn: s.Col, EndLine: s.EndLine, EndColumn: s.EndCol}
}

func dirURI(abs string) string {
	u := fileURI(abs)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func sarifRuleOf(ru *finding.Meta) sarifRule {
	sev := ru.Severity
	if sev == finding.SeverityDefault {
		sev = finding.Warning
	}
	short := truncate(oneLine(cmp.Or(ru.Summary, ru.Name, ru.ID)), maxDescription)
	full := truncate(oneLine(cmp.Or(ru.Doc.Why, ru.Summary, ru.Name, ru.ID)), maxDescription)
	text, md := ruleHelp(ru)
	return sarifRule{
		ID:                   ru.ID,
		Name:                 truncate(ru.Name, maxRuleName),
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifHelp{Text: text, Markdown: md},
		HelpURI:              ru.DocURL(),
		DefaultConfiguration: sarifConfig{Level: sarifLevel(sev)},
		Properties:           ruleProps(ru, sev),
	}
}

// ruleProps are the rule's tags and, for a security rule, its GitHub
// security-severity.
func ruleProps(ru *finding.Meta, sev finding.Severity) sarifRuleProps {
	p := sarifRuleProps{Tags: ruleTags(ru)}
	if slices.Contains(ru.Tags, "security") {
		p.SecuritySeverity = SecuritySeverity(sev)
	}
	return p
}

// ruleTags is "security" for a security rule, the rule's kind, then its
// own tags, without duplicates (case-insensitive) and at most maxTags.
func ruleTags(ru *finding.Meta) []string {
	tags := make([]string, 0, 2+len(ru.Tags))
	seen := map[string]bool{}
	add := func(t string) {
		t = strings.TrimSpace(t)
		if k := strings.ToLower(t); t != "" && !seen[k] && len(tags) < maxTags {
			seen[k] = true
			tags = append(tags, t)
		}
	}
	if slices.Contains(ru.Tags, "security") {
		add("security")
	}
	switch k := ru.Kind(); k {
	case finding.KindMeta:
	case finding.KindAny:
		add(string(finding.KindDockerfile))
		add(string(finding.KindCompose))
	default:
		add(string(k))
	}
	for _, t := range ru.SecurityTags() {
		add(t)
	}
	return tags
}

// ruleHelp renders the rule's documentation as plain text and Markdown.
// The Markdown is rule.Markdown (the same page as `explain` and docs/rules)
// plus the doc link; the text carries the same content without markup.
func ruleHelp(ru *finding.Meta) (text, md string) {
	var t strings.Builder
	para := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			t.WriteString(s + "\n\n")
		}
	}
	example := func(title, body string) {
		if strings.TrimSpace(body) == "" {
			return
		}
		t.WriteString(title + "\n\n")
		for _, l := range strings.SplitAfter(strings.TrimRight(body, "\n")+"\n", "\n") {
			if l != "" {
				t.WriteString("    " + l)
			}
		}
		t.WriteString("\n")
	}
	para(ru.ID + " " + ru.Name + ": " + cmp.Or(ru.Summary, ru.Name, ru.ID))
	para(ru.Doc.Why)
	example("Bad:", ru.Doc.Bad)
	example("Good:", ru.Doc.Good)
	if ru.Doc.Fix != "" {
		para("How to fix: " + ru.Doc.Fix)
	}
	para("How to suppress: " + ru.SuppressionHelp())
	t.WriteString("Documentation: " + ru.DocURL() + "\n")
	md = strings.TrimRight(ru.Markdown(), "\n") + "\n\n[" + ru.ID + " documentation](" + ru.DocURL() + ")\n"
	return t.String(), md
}

// oneLine collapses whitespace runs (newlines included) to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate cuts s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return s[:i] + "…"
}

// semver returns v without a leading "v" when it is MAJOR.MINOR.PATCH with
// an optional -prerelease or +build suffix, else "".
func semver(v string) string {
	v = strings.TrimPrefix(v, "v")
	core := v
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		core = v[:i]
		if i == len(v)-1 {
			return ""
		}
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return ""
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return ""
		}
	}
	return v
}
