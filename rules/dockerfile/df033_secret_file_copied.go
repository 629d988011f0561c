package dockerfile

import (
	"path"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// SecretFileCopied flags COPY and ADD of files that hold credentials:
// SSH and TLS private keys, .env files, .npmrc, .netrc, cloud and
// registry credentials, kubeconfigs.
var SecretFileCopied = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF033",
		Name:       "secret-file-copied",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "do not COPY or ADD key and credential files; mount them with RUN --mount=type=secret",
		Tags:       []string{"security", "secrets"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.Trivy: {"DS-0031"}, rule.CIS: {"4.10"}, rule.CWE: {"CWE-538"}},
		Doc: rule.Doc{
			Why: "A file copied into an image is in a layer for good: deleting it later hides it from the " +
				"file system but not from `docker save` or anyone who pulls the image. Keys and credential " +
				"files belong in `RUN --mount=type=secret` (or `type=ssh` for an SSH agent), which makes them " +
				"visible to one `RUN` only. The rule reports a `COPY` or `ADD` source (after `ARG`/`ENV` " +
				"expansion, and `COPY --from` sources too) whose name marks a credential: SSH private keys " +
				"(`id_rsa`, `id_ed25519`, ..., a `.ssh` directory), private keys (`*.key`, `*.p12`, `*.pfx`, " +
				"`*.pem` whose name says key: `privkey.pem`, `server-key.pem`), `.env` and `.env.<stage>`, " +
				"`.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`, `.aws/credentials`, " +
				"`.docker/config.json`, `kubeconfig` and `.kube/config`, `credentials.json` and " +
				"`service-account*.json`; and a single source copied to such a name (`COPY deploy_key " +
				"/root/.ssh/id_rsa`). Templates (`.env.example`, `*.sample`, `*.template`, `*.dist`) and " +
				"public keys (`*.pub`, names with `pub`, `gpg`, `release` or `signing`, or a destination " +
				"under `/etc/apt`, `/usr/share/keyrings` or `/etc/pki/rpm-gpg`) are not reported. A glob is " +
				"reported only when its own name says credential (`*.key`, `id_rsa*`): `*.pem` matches " +
				"certificates too, and `COPY . .` is DF034's concern. In the final image (the last stage " +
				"and the stages it is built on) the finding is an error; in a build stage that the final " +
				"image does not contain it is a warning, as the key still sits in that stage's layers " +
				"and the build cache.",
			Bad:  "FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN apk add --no-cache git openssh-client && git clone git@github.com:org/private.git /src\n",
			Good: "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN apk add --no-cache git openssh-client\nRUN --mount=type=ssh git clone git@github.com:org/private.git /src\n",
			Fix: "Pass the file to the one RUN that needs it: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` " +
				"with `docker build --secret id=npmrc,src=$HOME/.npmrc`, or `RUN --mount=type=ssh` with " +
				"`docker build --ssh default`. If the file is a placeholder with no secret, rename it " +
				"(`.env.example`) or suppress the finding with a reason.",
		},
	},
	Dockerfile: checkSecretFileCopied,
}

func checkSecretFileCopied(p *rule.Pass, f *dockerfile.File) {
	final := finalImageStages(f)
	var ign = f.Context
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Keyword != "COPY" && in.Keyword != "ADD" {
				continue
			}
			srcs, dest, ok := in.CopySources()
			if !ok {
				continue
			}
			destW, destOK := expandWord(in, dest.Value)
			if destOK && publicKeyDest(destW) {
				continue
			}
			fromContext := in.Flag("from") == nil
			for _, tok := range srcs {
				w, ok := expandWord(in, tok.Value)
				if !ok || classifySource(w) != srcLocal && classifySource(w) != srcHeredoc {
					continue
				}
				heredoc := classifySource(w) == srcHeredoc
				what := ""
				rng := tok.Range
				if !heredoc {
					if templateName(path.Base(strings.TrimRight(w, "/"))) {
						continue
					}
					if fromContext && ign != nil && ign.Ignore != nil && ign.Ignore.Excludes(cleanSource(w)) {
						continue // never in the context: CopyIgnoredFile's concern
					}
					what = secretName(w)
				}
				if what == "" && len(srcs) == 1 && destOK && !strings.HasSuffix(destW, "/") {
					if what = secretName(destW); what == "" && inSSHDir(destW) && keyLike(path.Base(w)) {
						what = "an SSH private key"
					}
					if what != "" {
						rng = dest.Range
					}
				}
				if what == "" {
					continue
				}
				name := path.Base(strings.TrimRight(w, "/"))
				if heredoc || rng == dest.Range {
					name = path.Base(destW)
				}
				d := rule.Diagnostic{Range: rng, Subject: st.DisplayName()}
				if final[st] {
					d.Message = in.Keyword + " puts " + quote(name) + " (" + what + ") into the image; pass it to the RUN that needs it with RUN --mount=type=secret (or type=ssh) instead"
				} else {
					d.Severity = rule.Warning
					d.Message = in.Keyword + " puts " + quote(name) + " (" + what + ") into build stage " + quote(st.DisplayName()) + ", whose layers and build cache keep it; use RUN --mount=type=secret (or type=ssh) instead"
				}
				p.Report(d)
			}
		}
	}
}

var sshKeyNames = map[string]bool{"id_rsa": true, "id_dsa": true, "id_ecdsa": true, "id_ed25519": true, "id_ecdsa_sk": true, "id_ed25519_sk": true}

// secretName says what credential a path names, or "".
func secretName(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	lp := strings.ToLower(strings.TrimRight(p, "/"))
	base := path.Base(lp)
	if templateName(base) || publicKeyName(base) {
		return ""
	}
	dir := path.Dir(lp)
	ext := path.Ext(base)
	switch {
	case sshKeyNames[base] || strings.HasPrefix(base, "id_rsa") || strings.HasPrefix(base, "id_ed25519"):
		return "an SSH private key"
	case base == ".ssh":
		return "an SSH directory with private keys"
	case base == ".env" || strings.HasPrefix(base, ".env."):
		return "an environment file, where application secrets are kept"
	case base == ".npmrc":
		return "npm configuration, where registry tokens are kept"
	case base == ".pypirc":
		return "PyPI configuration, where upload tokens are kept"
	case base == ".netrc" || base == "_netrc":
		return "a netrc file, which holds login passwords"
	case base == ".git-credentials":
		return "git credentials"
	case base == ".pgpass":
		return "PostgreSQL passwords"
	case base == ".dockercfg" || base == "config.json" && path.Base(dir) == ".docker":
		return "container registry credentials"
	case base == ".aws" || base == "credentials" && path.Base(dir) == ".aws":
		return "AWS credentials"
	case base == "kubeconfig" || base == ".kube" || base == "config" && path.Base(dir) == ".kube":
		return "a kubeconfig with cluster credentials"
	case base == "credentials.json" || strings.HasPrefix(base, "service-account") && ext == ".json" || strings.HasPrefix(base, "serviceaccount") && ext == ".json":
		return "cloud service account credentials"
	case ext == ".key" || ext == ".p12" || ext == ".pfx":
		return "a private key"
	case ext == ".pem" && (strings.Contains(base, "key") || strings.Contains(base, "priv")):
		return "a private key"
	}
	return ""
}

// templateName reports names of templates and examples, which hold no secret.
func templateName(base string) bool {
	b := strings.ToLower(base)
	for _, s := range []string{"example", "sample", "template", ".dist", ".tpl", ".tmpl", ".default", ".defaults", ".in"} {
		if strings.HasSuffix(b, s) || strings.Contains(b, "."+strings.TrimPrefix(s, ".")+".") {
			return true
		}
	}
	return false
}

// publicKeyName reports names of public keys and package-signing keys.
func publicKeyName(base string) bool {
	for _, s := range []string{".pub", "pub", "gpg", "asc", "release", "signing", "keyring", "trusted"} {
		if strings.Contains(base, s) {
			return true
		}
	}
	return false
}

// publicKeyDest reports destinations where package-signing keys go.
func publicKeyDest(d string) bool {
	for _, s := range []string{"/etc/apt/", "/usr/share/keyrings", "/etc/pki/rpm-gpg", "/etc/apk/keys"} {
		if strings.Contains(d, s) || strings.HasPrefix(d, strings.TrimSuffix(s, "/")) {
			return true
		}
	}
	return false
}

func inSSHDir(d string) bool {
	return strings.Contains(d, "/.ssh/") || strings.HasPrefix(d, ".ssh/")
}

// keyLike reports a file name that looks like a private key (not a public one).
func keyLike(base string) bool {
	b := strings.ToLower(base)
	return !publicKeyName(b) && (strings.HasPrefix(b, "id_") || strings.Contains(b, "key"))
}
