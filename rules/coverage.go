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
// records: tool, ID, file kind, title, landscape concept numbers.
//
//go:embed peers.tsv
var peersTSV string

// PeerRule is one rule of another tool.
type PeerRule struct {
	Tool     finding.Tool
	ID       string
	Kind     string // dockerfile or compose
	Title    string
	Concepts []string // concept numbers in rules-landscape.md section 9
}

// Peers returns the peer rules in file order.
func Peers() ([]PeerRule, error) {
	var out []PeerRule
	for n, line := range strings.Split(peersTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("peers.tsv:%d: want 5 tab-separated fields, got %d", n+1, len(f))
		}
		p := PeerRule{Tool: finding.Tool(f[0]), ID: f[1], Kind: f[2], Title: f[3]}
		if f[4] != "" {
			p.Concepts = strings.Split(f[4], ",")
		}
		out = append(out, p)
	}
	return out, nil
}

// Coverage is how many of one tool's rules dockguard has an equivalent for.
type Coverage struct {
	Tool    finding.Tool `json:"tool"`
	Title   string       `json:"title"`
	Total   int          `json:"total"`
	Covered []string     `json:"covered"` // peer IDs some rule references, in peers.tsv order
	Missing []string     `json:"missing"` // the others
	// CoveredBy maps each covered peer ID to the dockguard rules that reference it.
	CoveredBy map[string][]string `json:"covered_by"`
}

// PeerCoverage measures, per tool of peers.tsv, which of its rules the
// rules in metas name in their References. A peer rule listed for both
// file kinds (KICS's cross-platform query) counts once.
func PeerCoverage(metas []*finding.Meta) ([]Coverage, error) {
	peers, err := Peers()
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
	index := map[finding.Tool]int{}
	seen := map[[2]string]bool{}
	for _, p := range peers {
		if seen[[2]string{string(p.Tool), p.ID}] {
			continue
		}
		seen[[2]string{string(p.Tool), p.ID}] = true
		i, ok := index[p.Tool]
		if !ok {
			i = len(out)
			index[p.Tool] = i
			out = append(out, Coverage{Tool: p.Tool, Title: p.Tool.Title(), Covered: []string{}, Missing: []string{}, CoveredBy: map[string][]string{}})
		}
		c := &out[i]
		c.Total++
		if by := referenced[p.Tool][p.ID]; len(by) > 0 {
			c.Covered = append(c.Covered, p.ID)
			c.CoveredBy[p.ID] = by
		} else {
			c.Missing = append(c.Missing, p.ID)
		}
	}
	slices.SortStableFunc(out, func(a, b Coverage) int {
		return slices.Index(finding.Tools, a.Tool) - slices.Index(finding.Tools, b.Tool)
	})
	return out, nil
}
