package rules

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/dockguard/dockguard/lint/finding"
)

// peersTSV lists every rule of the peer tools (and every CIS Docker
// Benchmark recommendation) that ../shared/reference/rules-landscape.md
// records: tool, ID, file kind, title, landscape concept numbers, and
// whether it can be checked from files at all ("no" for CIS
// recommendations about the running host or operator practice).
//
//go:embed peers.tsv
var peersTSV string

// uncoveredTSV gives, for peer rules dockguard has no rule for on
// purpose, the reason: tool, ID, why.
//
//go:embed uncovered.tsv
var uncoveredTSV string

// Uncovered returns the reasons of uncovered.tsv by tool and peer ID.
func Uncovered() (map[finding.Tool]map[string]string, error) {
	out := map[finding.Tool]map[string]string{}
	for n, line := range strings.Split(uncoveredTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[2] == "" {
			return nil, fmt.Errorf("uncovered.tsv:%d: want tool, ID and reason separated by tabs, got %q", n+1, line)
		}
		t := finding.Tool(f[0])
		if out[t] == nil {
			out[t] = map[string]string{}
		}
		out[t][f[1]] = f[2]
	}
	return out, nil
}

// PeerRule is one rule of another tool.
type PeerRule struct {
	Tool     finding.Tool
	ID       string
	Kind     string // dockerfile or compose
	Title    string
	Concepts []string // concept numbers in rules-landscape.md section 9
	Static   bool     // checkable from the files (not only on a running host)
}

// Peers returns the peer rules in file order.
func Peers() ([]PeerRule, error) {
	var out []PeerRule
	for n, line := range strings.Split(peersTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 || (f[5] != "yes" && f[5] != "no") {
			return nil, fmt.Errorf("peers.tsv:%d: want 6 tab-separated fields ending in yes or no, got %q", n+1, line)
		}
		p := PeerRule{Tool: finding.Tool(f[0]), ID: f[1], Kind: f[2], Title: f[3], Static: f[5] == "yes"}
		if f[4] != "" {
			p.Concepts = strings.Split(f[4], ",")
		}
		out = append(out, p)
	}
	return out, nil
}

// Coverage is how many of one tool's rules for one kind of file dockguard
// has an equivalent for. Rules that cannot be checked from files are left
// out of Total and listed in Runtime.
type Coverage struct {
	Tool    finding.Tool `json:"tool"`
	Title   string       `json:"title"`
	Kind    string       `json:"kind"` // dockerfile or compose
	Total   int          `json:"total"`
	Covered []string     `json:"covered"` // peer IDs some rule references, in peers.tsv order
	Missing []string     `json:"missing"` // the others
	Runtime []string     `json:"runtime"` // not checkable from files
	// Why gives, for Missing and Runtime IDs dockguard has no rule for on
	// purpose, the reason (uncovered.tsv).
	Why map[string]string `json:"why,omitempty"`
	// CoveredBy maps each covered peer ID to the dockguard rules that reference it.
	CoveredBy map[string][]string `json:"covered_by"`
}

// PeerCoverage measures, per tool of peers.tsv and kind of file, which of
// its rules the rules in metas name in their References. KICS's
// cross-platform query counts once for each kind.
func PeerCoverage(metas []*finding.Meta) ([]Coverage, error) {
	peers, err := Peers()
	if err != nil {
		return nil, err
	}
	why, err := Uncovered()
	if err != nil {
		return nil, err
	}
	referenced := map[finding.Tool]map[string][]string{}
	for _, m := range metas {
		for tool, ids := range m.References {
			if referenced[tool] == nil {
				referenced[tool] = map[string][]string{}
			}
			for _, id := range ids {
				referenced[tool][id] = append(referenced[tool][id], m.ID)
			}
		}
	}
	var out []Coverage
	index := map[[2]string]int{}
	for _, p := range peers {
		key := [2]string{string(p.Tool), p.Kind}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Coverage{Tool: p.Tool, Title: p.Tool.Title(), Kind: p.Kind,
				Covered: []string{}, Missing: []string{}, Runtime: []string{}, CoveredBy: map[string][]string{}})
		}
		c := &out[i]
		by := referenced[p.Tool][p.ID]
		if r, ok := why[p.Tool][p.ID]; ok && len(by) == 0 {
			if c.Why == nil {
				c.Why = map[string]string{}
			}
			c.Why[p.ID] = r
		}
		switch {
		case !p.Static && len(by) == 0:
			c.Runtime = append(c.Runtime, p.ID)
		case len(by) > 0:
			c.Total++
			c.Covered = append(c.Covered, p.ID)
			c.CoveredBy[p.ID] = by
		default:
			c.Total++
			c.Missing = append(c.Missing, p.ID)
		}
	}
	slices.SortStableFunc(out, func(a, b Coverage) int {
		if d := slices.Index(finding.Tools, a.Tool) - slices.Index(finding.Tools, b.Tool); d != 0 {
			return d
		}
		return strings.Compare(b.Kind, a.Kind) // dockerfile before compose
	})
	return out, nil
}
