package general

import "github.com/dockguard/dockguard/lint/rule"

// StaleBaseline is reported by the engine for entries of the baseline file
// (.dockguard-baseline.json) that match no finding any more. It has no
// check of its own.
var StaleBaseline = &rule.Rule{
	Meta: rule.Meta{
		ID: "DG003", Name: "stale-baseline-entry", Severity: rule.Info,
		Summary: "delete baseline entries whose finding is gone, so the baseline only shrinks",
		Tags:    []string{"hygiene"},
		RuleSet: rule.Default,
		Since:   "0.2",
		Role:    rule.StaleBaseline,
		Doc: rule.Doc{
			Why: "`dockguard baseline` records the findings a project accepts for now in " +
				"`.dockguard-baseline.json`; `dockguard lint` then reports only findings that are not in it. " +
				"An entry whose finding has been fixed (or whose line changed) matches nothing: left in the " +
				"file, it would hide the same problem if it came back on that line. Entries are matched by " +
				"the finding's fingerprint (rule, file, the text of the line, not its number), so edits " +
				"elsewhere in the file keep them matched. Only entries of files the run linted (or that no " +
				"longer exist) are checked.",
			// The examples are baseline files beside a compose.yaml that has no finding.
			Bad:  "{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule_id\":\"DC003\",\"path\":\"compose.yaml\",\"fingerprint\":\"d3b4e2285c0af8b69a8db85fb5abe15c\"}\n  ]\n}\n",
			Good: "{\n  \"version\": 1,\n  \"findings\": []\n}\n",
			Fix: "Delete the entry, or regenerate the file with `dockguard baseline` (which also accepts every " +
				"finding reported now). `--no-baseline` shows every finding, baselined or not.",
		},
	},
}
