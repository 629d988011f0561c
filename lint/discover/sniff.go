package discover

import (
	"bytes"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"
)

// sniffHead is how much of a file of unknown name is read to tell its kind.
const sniffHead = 256 << 10

// composeTopKeys are the top-level keys of the compose specification
// (compose-go's schema; `x-` extensions are allowed too).
var composeTopKeys = map[string]bool{
	"version": true, "name": true, "include": true, "services": true, "models": true,
	"networks": true, "volumes": true, "secrets": true, "configs": true, "jobs": true,
}

// directive is a BuildKit parser directive (`# syntax=...`, `# escape=`,
// `# check=`), which can only open a Dockerfile.
var directive = regexp.MustCompile(`(?i)^#\s*(syntax|escape|check)\s*=\s*\S`)

// SniffContent tells the kind of a file from its content alone, or 0 with
// the reason when the content is not unambiguous:
//   - Compose: a YAML (or JSON) mapping with a top-level `services` key
//     whose other top-level keys are all compose's (so Helm values or a
//     Kubernetes manifest with a `services` key are not); content that is
//     not valid YAML but has a `services:` line at column 0 is compose
//     too, so that its syntax error is reported;
//   - Dockerfile: the first line is a parser directive, or the first
//     instruction (after blank lines and comments) is FROM or ARG.
func SniffContent(b []byte) (Kind, string) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if looksLikeCompose(b) {
		return Compose, ""
	}
	if looksLikeDockerfile(b) {
		return Dockerfile, ""
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return 0, "empty"
	}
	return 0, "neither a compose file (no top-level services: key) nor a Dockerfile (first instruction not FROM or ARG)"
}

func looksLikeCompose(b []byte) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return hasServicesLine(b)
	}
	top := &doc
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = deref(top.Content[0])
	}
	if top == nil || top.Kind != yaml.MappingNode {
		return false
	}
	services := false
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := deref(top.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			return false
		}
		switch {
		case k.Value == "services":
			v := deref(top.Content[i+1])
			services = v != nil && (v.Kind == yaml.MappingNode || v.Tag == "!!null")
		case composeTopKeys[k.Value], strings.HasPrefix(k.Value, "x-"):
		default:
			return false
		}
	}
	return services
}

// hasServicesLine: a line opening with a top-level `services:` key (for
// content that is not valid YAML).
func hasServicesLine(b []byte) bool {
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		for _, key := range [][]byte{[]byte("services:"), []byte(`"services":`), []byte(`'services':`)} {
			if bytes.HasPrefix(line, key) {
				rest := bytes.TrimRight(line[len(key):], " \t\r")
				if len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '#' {
					return true
				}
			}
		}
	}
	return false
}

func looksLikeDockerfile(b []byte) bool {
	first := true
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		s := strings.TrimSpace(string(line))
		if first && directive.MatchString(s) {
			return true
		}
		first = false
		if s == "" || s[0] == '#' {
			continue
		}
		word, rest, _ := strings.Cut(strings.ReplaceAll(s, "\t", " "), " ")
		word = strings.ToUpper(word)
		return (word == "FROM" || word == "ARG") && strings.TrimSpace(rest) != ""
	}
	return false
}

// neverLinted says why a name is never a Dockerfile or a compose file
// unless the kind is forced: BuildKit's per-Dockerfile ignore files,
// documentation, editor and patch leftovers; "" for other names.
func neverLinted(name string) string {
	n := strings.ToLower(name)
	for _, s := range notDockerfile {
		if strings.HasSuffix(n, s) {
			what := "a backup, patch or editor file"
			switch s {
			case ".dockerignore":
				what = "an ignore file"
			case ".md":
				what = "documentation"
			}
			return "its name ends in " + s + " (" + what + ")"
		}
	}
	return ""
}
