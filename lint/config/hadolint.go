package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/pathglob"
)

// hadolint's configuration
//
// A tree with no .dockguard.yaml but a hadolint configuration is linted
// with that configuration, translated (a migration aid: write a
// .dockguard.yaml to take over). The file is looked for at the root of the
// tree, under the names hadolint reads from its working directory and the
// config directory there: .hadolint.yaml, .hadolint.yml,
// .config/hadolint.yaml, .config/hadolint.yml (hadolint's per-user
// locations, $XDG_CONFIG_HOME and $HOME, are not read: a lint must not
// depend on who runs it). `--config` also accepts such a file, told by its
// name.
//
//	hadolint key            dockguard
//	ignored: [DL3008]       rules: {<rule>: off} for each rule that references DL3008, when
//	                        every hadolint rule it references is ignored; otherwise it stays on
//	                        (it also checks what is not ignored) and a note says so
//	override:               rules: {<rule>: {severity: ...}} for the rules that reference the
//	  error/warning/info    codes (style -> info); the rule set is not changed: an override
//	  style: [DL...]        does not turn on a rule of the strict or all set
//	failure-threshold       failure-threshold (style -> info; ignore, none -> none)
//	no-fail: true           failure-threshold: none
//	trustedRegistries       trusted-registries, trusted-registries-mode: replace (hadolint's
//	                        list is the whole allow-list)
//	disable-ignore-pragma   `# hadolint ignore=` comments are not honoured
//	label-schema            label-schema (the same types: text, url, email, rfc3339,
//	                        semver, hash, spdx)
//	strict-labels           strict-labels
//	format, no-color,       no counterpart: a note says so
//	verbose, ...
//
// Codes no dockguard rule references (ShellCheck's SC codes, DL codes
// without a counterpart) are listed in one note per key.

// HadolintFileNames are the hadolint configuration files FindHadolint
// looks for at a tree's root, in hadolint's order of preference.
var HadolintFileNames = []string{".hadolint.yaml", ".hadolint.yml", ".config/hadolint.yaml", ".config/hadolint.yml"}

// FindHadolint returns the hadolint configuration at the root of a tree, if any.
func FindHadolint(root string) (string, bool) {
	for _, name := range HadolintFileNames {
		p := filepath.Join(root, filepath.FromSlash(name))
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// IsHadolintFile reports whether a configuration file is hadolint's, by
// its name.
func IsHadolintFile(path string) bool {
	switch filepath.Base(path) {
	case ".hadolint.yaml", ".hadolint.yml", "hadolint.yaml", "hadolint.yml":
		return true
	}
	return false
}

// LoadHadolint reads a hadolint configuration file and translates it
// with the rules of cat (their hadolint References).
func LoadHadolint(path string, cat *finding.Catalog) (*Config, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("reading config: %s: not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return ParseHadolint(path, data, cat)
}

// ParseHadolint translates a hadolint configuration (see the table
// above). Errors are for what hadolint would reject too (invalid YAML,
// a value of the wrong type); what has no counterpart becomes a note.
func ParseHadolint(path string, data []byte, cat *finding.Catalog) (*Config, error) {
	p := &parser{path: path, cfg: &Config{Path: path}}
	docs, err := loadDocs(data)
	if err != nil {
		return nil, p.yamlError(err)
	}
	if len(docs) > 1 {
		return nil, &Error{Path: path, Line: docs[1].Line, Msg: "more than one YAML document"}
	}
	h := &hadolint{parser: p, cat: cat, byCode: map[string][]*finding.Meta{}}
	if cat != nil {
		for _, m := range cat.All() {
			for _, code := range m.References[finding.Hadolint] {
				h.byCode[code] = append(h.byCode[code], m)
			}
		}
	}
	if len(docs) == 1 && len(docs[0].Content) > 0 {
		h.top(docs[0].Content[0])
	}
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	return p.cfg, nil
}

type hadolint struct {
	*parser
	cat    *finding.Catalog
	byCode map[string][]*finding.Meta
}

func (h *hadolint) note(n *yaml.Node, format string, args ...any) {
	h.cfg.Notes = append(h.cfg.Notes, &Error{Path: h.path, Line: n.Line, Msg: fmt.Sprintf(format, args...)})
}

// hadolintKeys are hadolint's configuration keys that have no dockguard
// counterpart, with what to say about them.
var hadolintKeys = map[string]string{
	"format":   "is not read from the configuration: use --format",
	"no-color": "has no counterpart: dockguard's text output is plain",
	"verbose":  "has no counterpart",
}

func (h *hadolint) top(root *yaml.Node) {
	root = deref(root)
	if root == nil || isNull(root) {
		return
	}
	if root.Kind != yaml.MappingNode {
		h.errorf(root, "the configuration must be a mapping of keys, got %s", describe(root))
		return
	}
	c := h.cfg
	var ignored, noFail, threshold *yaml.Node
	type override struct {
		sev  finding.Severity
		node *yaml.Node
	}
	var overrides []override
	h.mapping("configuration", root, func(key string, k, v *yaml.Node) {
		switch key {
		case "ignored":
			ignored = v
		case "label-schema": // same keys and types as dockguard's
			c.LabelSchema = h.labelSchema(v)
		case "strict-labels":
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
				b := strings.EqualFold(v.Value, "true")
				c.StrictLabels = &b
			} else {
				h.errorf(v, "strict-labels: want true or false, got %s", describe(v))
			}
		case "override":
			if isNull(v) {
				return
			}
			if v.Kind != yaml.MappingNode {
				h.errorf(v, "override: want a mapping of levels to lists of rules, got %s", describe(v))
				return
			}
			h.mapping("override", v, func(level string, lk, lv *yaml.Node) {
				switch level {
				case "error":
					overrides = append(overrides, override{finding.Error, lv})
				case "warning":
					overrides = append(overrides, override{finding.Warning, lv})
				case "info", "style":
					if level == "style" {
						h.note(lk, "override.style: dockguard has no style level; these rules are set to info")
					}
					overrides = append(overrides, override{finding.Info, lv})
				default:
					h.note(lk, "override.%s: not a hadolint level (error, warning, info, style); skipped", level)
				}
			})
		case "failure-threshold":
			threshold = v
		case "no-fail":
			noFail = v
		case "trustedRegistries":
			var list []string
			if v.Kind == yaml.ScalarNode && !isNull(v) {
				list = []string{v.Value}
			} else {
				list = h.stringList(key, v)
			}
			for _, s := range list {
				if strings.ContainsAny(s, " \t") || pathglob.Check(s) != nil {
					h.note(v, "trustedRegistries: %q is not a registry pattern dockguard can read; skipped", s)
					continue
				}
				c.TrustedRegistries = append(c.TrustedRegistries, s)
			}
			if len(c.TrustedRegistries) > 0 {
				c.TrustedRegistriesMode = TrustReplace
			}
		case "disable-ignore-pragma":
			if b, ok := h.boolean(key, v); ok && b {
				c.NoInlineIgnores = append(c.NoInlineIgnores, finding.Hadolint)
			}
		default:
			if msg, ok := hadolintKeys[key]; ok {
				h.note(k, "hadolint setting %q %s", key, msg)
			} else {
				h.note(k, "unknown hadolint setting %q; skipped", key)
			}
		}
	})
	for _, o := range overrides {
		codes := h.codes("override", o.node)
		var unmapped []string
		for _, code := range codes {
			ms := h.byCode[code]
			if len(ms) == 0 {
				unmapped = append(unmapped, code)
			}
			for _, m := range ms {
				c.Rules = append(c.Rules, RuleSetting{Rule: m.ID, Severity: o.sev, Path: h.path})
			}
		}
		h.unmapped(o.node, "override", unmapped)
	}
	if ignored != nil {
		h.ignored(ignored)
	}
	if threshold != nil {
		if s, ok := h.scalar("failure-threshold", threshold); ok {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "style":
				c.FailureThreshold = ThresholdInfo
				h.note(threshold, "failure-threshold: dockguard has no style level; info findings fail the run too")
			case "ignore", "none":
				c.FailureThreshold = ThresholdNone
			default:
				t, err := ParseThreshold(s)
				if err != nil {
					h.errorf(threshold, "failure-threshold: %v", err)
				}
				c.FailureThreshold = t
			}
		}
	}
	if noFail != nil {
		if b, ok := h.boolean("no-fail", noFail); ok && b {
			c.FailureThreshold = ThresholdNone
		}
	}
}

// ignored turns off the rules all of whose hadolint references are
// ignored, and says which stay on.
func (h *hadolint) ignored(v *yaml.Node) {
	codes := h.codes("ignored", v)
	set := map[string]bool{}
	for _, code := range codes {
		set[code] = true
	}
	var unmapped []string
	done := map[string]bool{}
	var partial []string
	for _, code := range codes {
		ms := h.byCode[code]
		if len(ms) == 0 {
			unmapped = append(unmapped, code)
		}
		for _, m := range ms {
			if done[m.ID] {
				continue
			}
			done[m.ID] = true
			if m.Role != finding.NoRole {
				partial = append(partial, fmt.Sprintf("%s (%s) reports what dockguard cannot read", m.ID, m.Name))
				continue
			}
			var rest []string
			for _, other := range m.References[finding.Hadolint] {
				if !set[other] {
					rest = append(rest, other)
				}
			}
			if len(rest) > 0 {
				partial = append(partial, fmt.Sprintf("%s (%s) also checks %s", m.ID, m.Name, strings.Join(rest, ", ")))
				continue
			}
			h.cfg.Rules = append(h.cfg.Rules, RuleSetting{Rule: m.ID, State: RuleOff, Path: h.path})
		}
	}
	if len(partial) > 0 {
		sort.Strings(partial)
		h.note(v, "ignored: kept on: %s; turn them off in .dockguard.yaml if that is meant", strings.Join(partial, "; "))
	}
	h.unmapped(v, "ignored", unmapped)
}

// unmapped notes the codes no dockguard rule references.
func (h *hadolint) unmapped(n *yaml.Node, key string, codes []string) {
	if len(codes) == 0 {
		return
	}
	h.note(n, "%s: no dockguard rule corresponds to %s; skipped", key, strings.Join(codes, ", "))
}

// codes reads a list of rule codes (upper-cased, duplicates dropped).
func (h *hadolint) codes(where string, v *yaml.Node) []string {
	var out []string
	for _, s := range h.stringList(where, v) {
		s = strings.ToUpper(strings.TrimSpace(s))
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (h *hadolint) boolean(where string, v *yaml.Node) (bool, bool) {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
		var b bool
		if err := v.Decode(&b); err == nil {
			return b, true
		}
	}
	h.errorf(v, "%s: want true or false, got %s", where, describe(v))
	return false, false
}
