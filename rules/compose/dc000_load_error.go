package compose

import "github.com/dockguard/dockguard/lint/rule"

// LoadError is reported by the engine for every compose.Problem: a project
// that cannot be loaded, an invalid file, or a reference that leaves the
// linted tree. It has no check of its own.
var LoadError = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DC000",
		Name:     "compose-invalid",
		Severity: rule.Error,
		Summary:  "fix the compose file so that docker compose can load it",
		Tags:     []string{"correctness", "security"},
		RuleSet:  rule.Default,
		Since:    "0.1",
		Changed:  "0.2",
		Role:     rule.ComposeProblems,
		Doc: rule.Doc{
			Why: "A compose project that docker compose rejects does not run. Reported: YAML syntax errors, " +
				"duplicate keys, unknown or mistyped keys (schema violations), missing required variables " +
				"(`${VAR?error}`), values compose cannot parse (a short volume spec with an empty part), " +
				"a long-syntax `published:` that is not a port number or range (`published: \"127.0.0.1:8080\"`: " +
				"compose loads it, the engine refuses to create the container), " +
				"`extends` and `include` files that cannot be read, dangling references (undefined networks, " +
				"`depends_on` on a missing service), version-1 files (services at the top level, which " +
				"docker compose no longer loads), and files too large, too deeply nested or with too many alias " +
				"expansions to be safe. Each error is reported at the line that causes it, and the rest of the " +
				"project is still linted: loaded again without validation, with unset required variables " +
				"empty, and without the entries (a service's key, a list item, an `extends` or `include`) " +
				"that still cannot be loaded; the message then ends with \"partial results\", as findings may be " +
				"missing for what was left out. A version-1 file is linted as if its services were under " +
				"`services:` (`net:` as `network_mode:`). Only YAML syntax errors and the size limits stop a file " +
				"from being linted at all. References that leave the linted tree " +
				"(`env_file`, `label_file`, `extends.file`, `include`, a Dockerfile, or a symlink pointing out) " +
				"are reported here too and are not read: a pull request must not be able to make the linter " +
				"read `/proc/self/environ` or files outside the repository.",
			Bad:  "services:\n  web:\n    image: nginx:1.27\n    privilegd: true\n",
			Good: "services:\n  web:\n    image: nginx:1.27\n    privileged: false\n",
		},
	},
}
