package finding

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Meta describes a rule: everything about it but its check. Formats,
// configuration and suppression read rules through it.
type Meta struct {
	ID       string   // stable public ID: DF001, DC003
	Name     string   // kebab-case short name
	Severity Severity // default severity
	// Severities lists the other severities a graded rule reports. A rule
	// may report only its Severity and these.
	Severities []Severity
	Summary    string   // one line: what to change
	Tags       []string // categories: "security", "root-user"...
	RuleSet    RuleSet  // the smallest rule set that turns the rule on
	Since      string   // release that added the rule, "X.Y"
	// Changed is the release that last changed what the rule reports
	// (its findings, its rule set); "" when unchanged since Since.
	Changed    string
	References Refs // equivalent rules of other tools, CIS and CWE
	Doc        Doc
	// Role is set on the engine's own rules: the engine reports through
	// them what it meets while reading files. Such rules have no check.
	Role Role
}

// Doc is the documentation of a rule, written once beside it. Everything
// else (explain, README table, SARIF help, docs/rules pages) is generated.
type Doc struct {
	Why  string // why it matters, in prose (markdown allowed)
	Bad  string // a file that must trigger the rule
	Good string // the same file fixed; must not trigger the rule
	Fix  string // optional: how to fix, when Good is not self-explanatory
}

// Kind says which files a rule reads.
type Kind string

const (
	KindDockerfile Kind = "dockerfile"
	KindCompose    Kind = "compose"
	KindMeta       Kind = "meta" // reported by the engine itself (parse errors, unused ignores)
	KindAny        Kind = "any"  // DG rules with checks: Dockerfiles and compose files
)

// Reads reports whether a rule of kind k reads files of kind file
// (KindDockerfile or KindCompose).
func (k Kind) Reads(file Kind) bool {
	return k == file || k == KindAny
}

// Kind follows from the ID: DF rules read Dockerfiles, DC rules compose
// projects, DG rules with checks both; the engine's own rules (a Role)
// are meta.
func (m *Meta) Kind() Kind {
	switch {
	case m.Role != NoRole:
		return KindMeta
	case strings.HasPrefix(m.ID, "DF"):
		return KindDockerfile
	case strings.HasPrefix(m.ID, "DC"):
		return KindCompose
	case strings.HasPrefix(m.ID, "DG"):
		return KindAny
	}
	return KindMeta
}

// Reports says whether the rule may report severity s.
func (m *Meta) Reports(s Severity) bool {
	return s == m.Severity || slices.Contains(m.Severities, s)
}

// DocURL is the address of the rule's generated doc page.
func (m *Meta) DocURL() string {
	return DocsBaseURL + m.ID + ".md"
}

// DocsBaseURL is where docs/rules/<ID>.md pages are published.
const DocsBaseURL = "https://github.com/dockguard/dockguard/blob/main/docs/rules/"

// Role names what the engine reports through one of its own rules.
type Role int

const (
	NoRole             Role = iota
	DockerfileProblems      // a Dockerfile that cannot be read or parsed
	ComposeProblems         // a compose project that cannot be read or loaded
	UnusedIgnores           // ignore comments that suppress nothing
	StaleBaseline           // baseline entries that match no finding any more
)

// RuleSet is a named set of rules. Each set holds the ones before it.
type RuleSet int

const (
	RuleSetUnset RuleSet = iota
	// RuleSetDefault holds the rules every project should pass.
	RuleSetDefault
	// RuleSetStrict adds hardening most real files do not follow yet
	// (digest pins, dropped capabilities, resource limits).
	RuleSetStrict
	// RuleSetAll adds style rules.
	RuleSetAll
)

var ruleSetNames = []string{RuleSetDefault: "default", RuleSetStrict: "strict", RuleSetAll: "all"}

func (s RuleSet) String() string {
	if s > RuleSetUnset && int(s) < len(ruleSetNames) {
		return ruleSetNames[s]
	}
	return "unset"
}

// ParseRuleSet reads "default", "strict" or "all".
func ParseRuleSet(s string) (RuleSet, error) {
	if i := slices.Index(ruleSetNames, strings.ToLower(strings.TrimSpace(s))); i > 0 {
		return RuleSet(i), nil
	}
	return RuleSetUnset, fmt.Errorf("unknown rule set %q (want default, strict or all)", s)
}

// Tool is another checker (or a standard) a rule can be matched to.
type Tool string

const (
	Hadolint    Tool = "hadolint"     // DL IDs
	BuildKit    Tool = "buildkit"     // BuildKit build check names
	Trivy       Tool = "trivy"        // DS IDs
	Checkov     Tool = "checkov"      // CKV_DOCKER / CKV2_DOCKER IDs
	KICS        Tool = "kics"         // query names
	ComposeLint Tool = "compose-lint" // CL IDs
	DCLint      Tool = "dclint"       // rule names
	Semgrep     Tool = "semgrep"      // rule IDs
	CIS         Tool = "cis"          // CIS Docker Benchmark sections
	CWE         Tool = "cwe"          // CWE-NNN
)

// Tools lists every tool in the order references are shown.
var Tools = []Tool{Hadolint, BuildKit, Trivy, Checkov, KICS, ComposeLint, DCLint, Semgrep, CIS, CWE}

// Title is the tool's display name.
func (t Tool) Title() string {
	switch t {
	case Hadolint:
		return "hadolint"
	case BuildKit:
		return "BuildKit checks"
	case Trivy:
		return "Trivy"
	case Checkov:
		return "Checkov"
	case KICS:
		return "KICS"
	case ComposeLint:
		return "compose-lint"
	case DCLint:
		return "dclint"
	case Semgrep:
		return "Semgrep"
	case CIS:
		return "CIS Docker Benchmark"
	case CWE:
		return "CWE"
	}
	return string(t)
}

// Refs are the equivalent rules of other tools, by tool.
type Refs map[Tool][]string

// Catalog is the metadata of a set of rules, indexed by ID and name.
type Catalog struct {
	metas []*Meta
	byKey map[string]*Meta // ID and name, lower-cased
}

var (
	idPattern      = regexp.MustCompile(`^(DF|DC|DG)[0-9]{3}$`)
	namePattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	versionPattern = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
)

// NewCatalog checks and indexes rule metadata; it fails on malformed or
// duplicate IDs and names and on missing severities, rule sets or releases.
func NewCatalog(metas ...*Meta) (*Catalog, error) {
	c := &Catalog{byKey: map[string]*Meta{}}
	roles := map[Role]string{}
	for _, m := range metas {
		if err := m.check(); err != nil {
			return nil, err
		}
		for _, k := range []string{strings.ToLower(m.ID), m.Name} {
			if _, dup := c.byKey[k]; dup {
				return nil, fmt.Errorf("rule %s: duplicate ID or name %q", m.ID, k)
			}
			c.byKey[k] = m
		}
		if m.Role != NoRole {
			if other, dup := roles[m.Role]; dup {
				return nil, fmt.Errorf("rule %s: %s already has role %d", m.ID, other, m.Role)
			}
			roles[m.Role] = m.ID
		}
		c.metas = append(c.metas, m)
	}
	slices.SortStableFunc(c.metas, func(a, b *Meta) int { return strings.Compare(a.ID, b.ID) })
	return c, nil
}

func (m *Meta) check() error {
	switch {
	case !idPattern.MatchString(m.ID):
		return fmt.Errorf("rule %q: ID must be DF, DC or DG and three digits", m.ID)
	case !namePattern.MatchString(m.Name):
		return fmt.Errorf("rule %s: name %q is not kebab-case", m.ID, m.Name)
	case m.Severity == SeverityDefault:
		return fmt.Errorf("rule %s: no severity", m.ID)
	case slices.Contains(m.Severities, m.Severity) || slices.Contains(m.Severities, SeverityDefault):
		return fmt.Errorf("rule %s: Severities lists the default severity or none", m.ID)
	case m.RuleSet == RuleSetUnset || m.RuleSet.String() == "unset":
		return fmt.Errorf("rule %s: no rule set", m.ID)
	case !versionPattern.MatchString(m.Since):
		return fmt.Errorf("rule %s: Since %q is not a release X.Y", m.ID, m.Since)
	case m.Changed != "" && (!versionPattern.MatchString(m.Changed) || CompareVersions(m.Changed, m.Since) < 0):
		return fmt.Errorf("rule %s: Changed %q is not a release X.Y at or after Since", m.ID, m.Changed)
	}
	for t := range m.References {
		if !slices.Contains(Tools, t) {
			return fmt.Errorf("rule %s: reference to unknown tool %q", m.ID, t)
		}
	}
	return nil
}

// All returns the metadata ordered by ID.
func (c *Catalog) All() []*Meta { return c.metas }

// Lookup finds a rule by ID or name, case-insensitively.
func (c *Catalog) Lookup(key string) *Meta {
	return c.byKey[strings.ToLower(strings.TrimSpace(key))]
}

// ByRole returns the engine's rule for role r, or nil.
func (c *Catalog) ByRole(r Role) *Meta {
	for _, m := range c.metas {
		if m.Role == r {
			return m
		}
	}
	return nil
}

// ParseVersion checks a release number "X.Y" (a leading "v" and a patch
// level are accepted and dropped).
func ParseVersion(s string) (string, error) {
	v := strings.TrimPrefix(strings.TrimSpace(s), "v")
	if parts := strings.Split(v, "."); len(parts) == 3 {
		v = parts[0] + "." + parts[1]
	}
	if !versionPattern.MatchString(v) {
		return "", fmt.Errorf("%q is not a release number X.Y", s)
	}
	return v, nil
}

// CompareVersions orders two "X.Y" releases like strings.Compare.
func CompareVersions(a, b string) int {
	am, an := splitVersion(a)
	bm, bn := splitVersion(b)
	return cmp.Or(cmp.Compare(am, bm), cmp.Compare(an, bn))
}

func splitVersion(v string) (int, int) {
	x, y, _ := strings.Cut(v, ".")
	mj, _ := strconv.Atoi(x)
	mn, _ := strconv.Atoi(y)
	return mj, mn
}
