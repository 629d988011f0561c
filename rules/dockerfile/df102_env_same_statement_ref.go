package dockerfile

import (
	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// EnvSameStatementRef flags an ENV value that refers to a key set earlier
// in the same ENV instruction.
var EnvSameStatementRef = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF102",
		Name:       "env-same-statement-ref",
		Severity:   rule.Warning,
		Summary:    "set a variable in one ENV and use it in the next ENV, not in the same one",
		Tags:       []string{"correctness"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Hadolint: {"DL3044"}},
		Doc: rule.Doc{
			Why: "All the values of one ENV instruction are expanded before any of its keys is set: in " +
				"`ENV DIR=/opt/app BIN=$DIR/bin`, `$DIR` is the value DIR had before the instruction (usually " +
				"empty), so BIN becomes `/bin`. The rule reports a `$KEY` or `${KEY}` reference to a key set " +
				"earlier in the same ENV. A key that refers to itself (`ENV PATH=/opt/bin:$PATH`) means its " +
				"previous value on purpose and is not reported, nor is a key set again to the value it already " +
				"had.",
			Bad:  "FROM alpine:3.20\nENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin\n",
			Good: "FROM alpine:3.20\nENV APP_HOME=/opt/app\nENV APP_BIN=$APP_HOME/bin\n",
			Fix:  "Move the keys that use the variable to a second ENV instruction after the one that sets it.",
		},
	},
	Dockerfile: checkEnvSameStatementRef,
}

func checkEnvSameStatementRef(p *rule.Pass, f *dockerfile.File) {
	esc := escByte(f)
	for _, in := range f.Instructions {
		if in.Keyword != "ENV" || len(in.Vars) < 2 {
			continue
		}
		for i, v := range in.Vars {
			if i == 0 || !v.HasValue {
				continue
			}
			earlier := map[string]string{} // key -> its value as written, the last one wins
			for _, e := range in.Vars[:i] {
				earlier[e.Key] = e.Value
			}
			for _, ref := range varRefs(v.Value, esc, false) {
				set, ok := earlier[ref.name]
				if !ok || sameValue(in, ref.name, set) {
					continue
				}
				tok := dockerfile.Token{Value: v.Value, Range: v.ValueRange}
				p.Report(rule.Diagnostic{Range: in.SubRange(tok, ref.s, ref.e), Subject: in.Stage.DisplayName(),
					Message: "ENV " + v.Key + " uses $" + ref.name + ", which this same ENV sets: it gets the value from before the instruction; set " + ref.name + " in an earlier ENV"})
			}
		}
	}
}

// sameValue reports whether the value set (as written in the ENV) is the
// value name already had before the instruction: then the reference reads
// the same value either way.
func sameValue(in *dockerfile.Instruction, name, set string) bool {
	before := in.Expand("${" + name + "}")
	now := in.Expand(set)
	return before.Resolved() && now.Resolved() && before.Value == now.Value
}
