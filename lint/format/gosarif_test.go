package format

import (
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// TestSARIFReadByGoSARIF reads our SARIF back with go-sarif, the SARIF
// library of the Go ecosystem, as a Go consumer of our logs would. We do
// not write with it: its writer emits -1 placeholders (rank, byteOffset,
// charOffset, index), and its Validate checks its own re-serialisation,
// which fails on any absent optional field (an empty "language", no
// newlineSequences), so schema validity is checked in validateSARIF.
func TestSARIFReadByGoSARIF(t *testing.T) {
	rep := fixture()
	log, err := sarif.FromBytes(render(t, "sarif", Options{}, rep))
	if err != nil {
		t.Fatalf("go-sarif cannot read our SARIF: %v", err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != len(rep.Findings) {
		t.Fatalf("go-sarif read %d runs, want 1 run with %d results", len(log.Runs), len(rep.Findings))
	}
	run := log.Runs[0]
	for i, res := range run.Results {
		f := rep.Findings[i]
		if res.RuleID == nil || *res.RuleID != f.RuleID || res.RuleIndex < 0 ||
			res.RuleIndex >= len(run.Tool.Driver.Rules) || *run.Tool.Driver.Rules[res.RuleIndex].ID != f.RuleID {
			t.Errorf("result %d: rule %v / index %v, want %s", i, res.RuleID, res.RuleIndex, f.RuleID)
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if loc == nil || loc.Region == nil || loc.Region.StartLine == nil || *loc.Region.StartLine < 1 {
			t.Errorf("result %d: no region: %+v", i, loc)
		}
	}
}
