package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockguard/dockguard/lint/finding"
	"github.com/dockguard/dockguard/lint/pathglob"
)

var topKeys = []string{
	"trusted-registries", "trusted-registries-mode", "failure-threshold",
	"exclude", "ruleset", "ruleset-version", "build-args", "label-schema", "strict-labels", "rules", "images",
}

var imageKeys = []string{"user", "healthcheck"}

var ruleKeys = []string{"severity", "ignore-services", "ignore-paths"}

// Parse reads a configuration file's content; path is used in messages.
func Parse(path string, data []byte) (*Config, error) {
	p := &parser{path: path, cfg: &Config{Path: path}}
	docs, err := loadDocs(data)
	if err != nil {
		return nil, p.yamlError(err)
	}
	if len(docs) > 1 {
		return nil, &Error{Path: path, Line: docs[1].Line, Msg: "more than one YAML document"}
	}
	if len(docs) == 1 && len(docs[0].Content) > 0 {
		p.top(docs[0].Content[0])
	}
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	return p.cfg, nil
}

func loadDocs(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil { // the parser must never take us down
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	l, err := yaml.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	for {
		var n yaml.Node
		err := l.Load(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &n)
	}
}

// The greedy prefix picks the last "line N" (the problem, not its context).
var yamlLineRE = regexp.MustCompile(`^.*\bline (\d+)(?:, column \d+)?: (.*)$`)

// yamlError turns a YAML syntax error into "path:line: message".
func (p *parser) yamlError(err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Path: p.path, Line: line, Msg: "invalid YAML: " + m[2]}
	}
	return &Error{Path: p.path, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

type parser struct {
	path string
	cfg  *Config
	errs ErrorList
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{Path: p.path, Line: n.Line, Msg: fmt.Sprintf(format, args...)})
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names a node's type for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		case "!!str":
			return "a string"
		}
		return "a " + strings.TrimPrefix(n.ShortTag(), "!!")
	}
	return "an alias"
}

// mapping iterates over a mapping's keys, reporting non-string keys,
// merge keys and duplicates. n must be a mapping.
func (p *parser) mapping(where string, n *yaml.Node, each func(key string, k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k == nil || v == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: keys must be strings, got %s", where, describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			p.errorf(k, "%s: merge keys (<<) are not supported", where)
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.errorf(k, "duplicate key %q (first on line %d)", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		each(k.Value, k, v)
	}
}

func (p *parser) top(root *yaml.Node) {
	root = deref(root)
	if root == nil || isNull(root) {
		return
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "the configuration must be a mapping of keys, got %s", describe(root))
		return
	}
	c := p.cfg
	p.mapping("configuration", root, func(key string, k, v *yaml.Node) {
		switch key {
		case "trusted-registries":
			c.TrustedRegistries = p.stringList(key, v)
			for i, s := range c.TrustedRegistries {
				if strings.ContainsAny(s, " \t") {
					p.errorf(elemNode(v, i), "trusted-registries: %q contains a space", s)
				} else if err := pathglob.Check(s); err != nil {
					p.errorf(elemNode(v, i), "trusted-registries: %v", err)
				}
			}
		case "trusted-registries-mode":
			if s, ok := p.scalar(key, v); ok {
				m, err := ParseTrustMode(s)
				if err != nil {
					p.errorf(v, "%v", err)
				}
				c.TrustedRegistriesMode = m
			}
		case "failure-threshold":
			if s, ok := p.scalar(key, v); ok {
				t, err := ParseThreshold(s)
				if err != nil {
					p.errorf(v, "%v", err)
				}
				c.FailureThreshold = t
			}
		case "exclude":
			c.Exclude = p.globList(key, v)
		case "ruleset":
			if s, ok := p.scalar(key, v); ok {
				rs, err := finding.ParseRuleSet(s)
				if err != nil {
					p.errorf(v, "%v", err)
				}
				c.RuleSet = rs
			}
		case "ruleset-version":
			if s, ok := p.scalar(key, v); ok {
				ver, err := finding.ParseVersion(s)
				if err != nil {
					p.errorf(v, "ruleset-version: %v", err)
				}
				c.RuleSetVersion = ver
			}
		case "build-args":
			c.BuildArgs = p.buildArgs(v)
		case "label-schema":
			c.LabelSchema = p.labelSchema(v)
		case "strict-labels":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				p.errorf(v, "strict-labels: want true or false, got %s", describe(v))
				break
			}
			b := strings.EqualFold(v.Value, "true") || strings.EqualFold(v.Value, "yes") || strings.EqualFold(v.Value, "on")
			c.StrictLabels = &b
		case "rules":
			p.rules(v)
		case "images":
			c.Images = p.images(v)
		default:
			p.unknownKey("", key, k, topKeys)
		}
	})
}

func (p *parser) unknownKey(where, key string, k *yaml.Node, known []string) {
	msg := fmt.Sprintf("unknown key %q", key)
	if where != "" {
		msg = where + ": " + msg
	}
	if hint := didYouMean(key, known); hint != "" {
		msg += " (did you mean " + hint + "?)"
	} else {
		msg += " (known keys: " + strings.Join(known, ", ") + ")"
	}
	p.errorf(k, "%s", msg)
}

func elemNode(seq *yaml.Node, i int) *yaml.Node {
	if seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
		if n := deref(seq.Content[i]); n != nil {
			return n
		}
	}
	return seq
}

// scalar reads a plain value: a string, or a boolean (for on/off-like
// values, as written).
func (p *parser) scalar(where string, v *yaml.Node) (string, bool) {
	if v.Kind == yaml.ScalarNode {
		switch v.ShortTag() {
		case "!!str", "!!bool":
			return v.Value, true
		}
	}
	p.errorf(v, "%s: want a string, got %s", where, describe(v))
	return "", false
}

func (p *parser) stringList(where string, v *yaml.Node) []string {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "%s: want a list of strings, got %s", where, describe(v))
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, e := range v.Content {
		e = deref(e)
		if e == nil {
			continue
		}
		if e.Kind != yaml.ScalarNode || e.ShortTag() != "!!str" {
			p.errorf(e, "%s: want a string, got %s", where, describe(e))
			continue
		}
		if strings.TrimSpace(e.Value) == "" {
			p.errorf(e, "%s: empty string", where)
			continue
		}
		out = append(out, e.Value)
	}
	return out
}

func (p *parser) globList(where string, v *yaml.Node) []string {
	list := p.stringList(where, v)
	for i, s := range list {
		if err := pathglob.Check(s); err != nil {
			p.errorf(elemNode(v, i), "%s: %v", where, err)
		}
	}
	return list
}

func (p *parser) buildArgs(v *yaml.Node) map[string]string {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "build-args: want a mapping of NAME: value, got %s", describe(v))
		return nil
	}
	out := map[string]string{}
	p.mapping("build-args", v, func(key string, k, val *yaml.Node) {
		if key == "" || strings.ContainsAny(key, "= \t") {
			p.errorf(k, "build-args: bad argument name %q", key)
			return
		}
		if val.Kind != yaml.ScalarNode || isNull(val) {
			p.errorf(val, "build-args.%s: want a value (string or number), got %s", key, describe(val))
			return
		}
		out[key] = val.Value // numbers keep their text: 3.20 stays "3.20"
	})
	return out
}

func (p *parser) labelSchema(v *yaml.Node) map[string]string {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "label-schema: want a mapping of label: type, got %s", describe(v))
		return nil
	}
	out := map[string]string{}
	p.mapping("label-schema", v, func(key string, k, val *yaml.Node) {
		if strings.TrimSpace(key) == "" {
			p.errorf(k, "label-schema: empty label name")
			return
		}
		t := strings.ToLower(strings.TrimSpace(val.Value))
		if val.Kind != yaml.ScalarNode || !slices.Contains(LabelTypes, t) {
			p.errorf(val, "label-schema.%s: want one of %s, got %s", key, strings.Join(LabelTypes, ", "), describe(val))
			return
		}
		out[key] = t
	})
	return out
}

func (p *parser) rules(v *yaml.Node) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "rules: want a mapping of rule ID or name to a setting, got %s", describe(v))
		return
	}
	p.mapping("rules", v, func(key string, k, val *yaml.Node) {
		s := RuleSetting{Rule: key, Path: p.path, Line: k.Line}
		where := "rules." + key
		switch val.Kind {
		case yaml.ScalarNode:
			p.ruleValue(where, val, &s)
		case yaml.MappingNode:
			p.mapping(where, val, func(sub string, sk, sv *yaml.Node) {
				switch sub {
				case "severity":
					p.ruleValue(where+".severity", sv, &s)
				case "ignore-services":
					s.IgnoreServices = p.globList(where+".ignore-services", sv)
				case "ignore-paths":
					s.IgnorePaths = p.globList(where+".ignore-paths", sv)
				default:
					p.unknownKey(where, sub, sk, ruleKeys)
				}
			})
		default:
			p.errorf(val, "%s: want off, on, a severity or a mapping, got %s", where, describe(val))
			return
		}
		p.cfg.Rules = append(p.cfg.Rules, s)
	})
}

func (p *parser) ruleValue(where string, v *yaml.Node, s *RuleSetting) {
	str, ok := p.scalar(where, v)
	if !ok {
		return
	}
	st, sev, err := ParseRuleValue(str)
	if err != nil {
		p.errorf(v, "%s: %v", where, err)
		return
	}
	s.State, s.Severity = st, sev
}

// images reads `images:`, a mapping of image names (globs allowed) to the
// facts the team states about them.
func (p *parser) images(v *yaml.Node) []ImageSetting {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "images: want a mapping of image names to settings, got %s", describe(v))
		return nil
	}
	var out []ImageSetting
	p.mapping("images", v, func(name string, k, val *yaml.Node) {
		if strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t") {
			p.errorf(k, "images: %q is not an image name", name)
			return
		}
		s := ImageSetting{Image: name, Path: p.path, Line: k.Line}
		if isNull(val) {
			out = append(out, s)
			return
		}
		if val.Kind != yaml.MappingNode {
			p.errorf(val, "images: %s: want a mapping (user, healthcheck), got %s", name, describe(val))
			return
		}
		where := "images: " + name
		p.mapping(where, val, func(key string, kk, vv *yaml.Node) {
			switch key {
			case "user":
				if vv.Kind == yaml.ScalarNode && (vv.ShortTag() == "!!str" || vv.ShortTag() == "!!int") {
					u := vv.Value
					s.User = &u
				} else {
					p.errorf(vv, "%s: user: want a user name or UID, got %s", where, describe(vv))
				}
			case "healthcheck":
				if vv.Kind == yaml.ScalarNode && vv.ShortTag() == "!!bool" {
					b := strings.EqualFold(vv.Value, "true")
					s.Healthcheck = &b
				} else {
					p.errorf(vv, "%s: healthcheck: want true or false, got %s", where, describe(vv))
				}
			default:
				p.unknownKey(where, key, kk, imageKeys)
			}
		})
		out = append(out, s)
	})
	return out
}
