package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
	"github.com/dockguard/dockguard/rules/internal/pkgmgr"
)

// VerificationDisabled reports RUN commands that switch off TLS
// certificate or package signature checks.
var VerificationDisabled = &rule.Rule{
	Meta: rule.Meta{
		ID:       "DF012",
		Name:     "verification-disabled",
		Severity: rule.Error,
		Summary:  "keep TLS certificate and package signature checks on in RUN commands",
		Tags:     []string{"security", "supply-chain"},
		RuleSet:  rule.Default,
		Since:    "0.2",
		References: rule.Refs{
			rule.Checkov: {"CKV2_DOCKER_2", "CKV2_DOCKER_3", "CKV2_DOCKER_4", "CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_11", "CKV2_DOCKER_13", "CKV2_DOCKER_15"},
			rule.CIS:     {"4.11"}, rule.CWE: {"CWE-295"},
		},
		Doc: rule.Doc{
			Why: "With certificate checks off, anyone on the network path of the build (a proxy, a compromised " +
				"mirror, a hostile Wi-Fi or CI network) can serve their own file in place of the one the RUN " +
				"downloads; with package signature checks off, a tampered or foreign package installs silently. " +
				"Either way the image runs code nobody vetted. The rule reports the exact option: `curl -k`/" +
				"`--insecure`, `wget --no-check-certificate`, `pip --trusted-host` (and `pip config set " +
				"global.trusted-host`), `npm`/`yarn`/`pnpm config set strict-ssl false` or `--strict-ssl=false`, " +
				"`git -c http.sslVerify=false` and `git config http.sslVerify false`, `apt-get " +
				"--allow-unauthenticated`/`--force-yes`/`-o Acquire::https::Verify-Peer=false`/" +
				"`-o APT::Get::AllowUnauthenticated=true`, `[trusted=yes]` in an APT sources line, " +
				"`yum`/`dnf`/`tdnf`/`microdnf --nogpgcheck`, `gpgcheck=0` and `sslverify=0`/`false` in a repository " +
				"definition or `--setopt`, `zypper --no-gpg-checks`, `rpm --nosignature`/`--nodigest`, " +
				"and `apk --allow-untrusted` for packages fetched from a repository or URL " +
				"(a local `.apk` file built earlier in the build is not reported, nor is a `[trusted=yes]` repository on a local `file:` path, " +
				"nor `curl -k`/`wget --no-check-certificate` to `localhost`, `127.0.0.1` or `[::1]` only). " +
				"Environment variables that do the same (`NODE_TLS_REJECT_UNAUTHORIZED=0`, ...) are DF013. " +
				"The fix (hardening: the build then fails where the check fails) removes the option word, " +
				"or the letter `k` from a curl option group such as `-fsSLk`.",
			Bad:  "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && curl -fsSLk https://example.com/tool.tgz -o /tmp/tool.tgz\n",
			Good: "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl ca-certificates && curl -fsSL https://example.com/tool.tgz -o /tmp/tool.tgz\n",
			Fix: "Remove the option. If the server uses a private CA, add its certificate to the image's trust " +
				"store (`COPY corp-ca.crt /usr/local/share/ca-certificates/` and `update-ca-certificates`) or point " +
				"the tool at it (`curl --cacert`, `pip --cert`, `npm config set cafile`, `git -c http.sslCAInfo=`); " +
				"for an unsigned repository, import its signing key (`signed-by=` in the sources line, `rpm --import`).",
		},
	},
	Dockerfile: checkVerificationDisabled,
}

func isPip(c *dockerfile.Command) bool {
	if strings.HasPrefix(c.Base(), "pip") {
		return true
	}
	if interpreter(c) == "python" {
		for i, a := range c.Args {
			if a.Value == "-m" && i+1 < len(c.Args) && strings.HasPrefix(c.Args[i+1].Value, "pip") {
				return true
			}
		}
	}
	return c.Is("uv") && len(c.Args) > 0 && c.Args[0].Value == "pip"
}

// falseWord reports a value that turns a setting off.
func falseWord(v string) bool {
	switch strings.ToLower(strings.Trim(v, `"'`)) {
	case "false", "0", "no", "off":
		return true
	}
	return false
}

// configSet finds `<tool> config set KEY VALUE` (also `KEY=VALUE`,
// `npm set`), returning the key word when the value turns it off.
func configSet(c *dockerfile.Command, key string) (dockerfile.Word, bool) {
	ps := c.Positionals()
	for i := 0; i+1 < len(ps); i++ {
		if ps[i].Value != "set" {
			continue
		}
		k := ps[i+1]
		kv := strings.ToLower(k.Value)
		if strings.HasPrefix(kv, key+"=") && falseWord(kv[len(key)+1:]) {
			return k, true
		}
		if kv == key && i+2 < len(ps) && falseWord(ps[i+2].Value) {
			return k, true
		}
	}
	return dockerfile.Word{}, false
}

func checkVerificationDisabled(p *rule.Pass, f *dockerfile.File) {
	eachCommand(f, func(in *dockerfile.Instruction, c *dockerfile.Command) {
		report := func(w dockerfile.Word, msg string, remove ...dockerfile.Word) {
			d := rule.Diagnostic{Range: w.Range, Subject: stageName(in), Message: msg}
			d.Fix = dropWords(f.Source, remove)
			p.Report(d)
		}
		switch {
		case c.Is("curl"):
			if w, ok := curlInsecure(c); ok && !onlyLocalURLs(c) {
				report(w, "curl "+optName(w, "-k", "--insecure")+" turns off TLS certificate checks: remove it (use --cacert for a private CA)", w)
			}
		case c.Is("wget"):
			if w, ok := c.Option("--no-check-certificate"); ok && !onlyLocalURLs(c) {
				report(w, "wget --no-check-certificate turns off TLS certificate checks: remove it (use --ca-certificate for a private CA)", w)
			}
		case isPip(c):
			if w, ok := c.Option("--trusted-host"); ok {
				if plainHTTPIndex(c) {
					report(w, "pip --trusted-host with an http:// index fetches packages over plain HTTP: use the index's https:// URL and remove --trusted-host")
				} else {
					report(w, "pip --trusted-host turns off TLS checks for that host: remove it (use --cert for a private CA)", withValue(c, w)...)
				}
			}
			for _, a := range c.Positionals() {
				if strings.HasSuffix(strings.ToLower(a.Value), ".trusted-host") {
					report(a, "pip config "+a.Value+" turns off TLS checks for that host: remove it (use global.cert for a private CA)")
				}
			}
		case c.Is("npm", "yarn", "pnpm"):
			if w, ok := configSet(c, "strict-ssl"); ok {
				report(w, c.Base()+" strict-ssl false turns off TLS certificate checks: remove it (set cafile for a private CA)")
			}
			if w, ok := c.Option("--strict-ssl"); ok && strings.HasPrefix(w.Value, "--strict-ssl=") && falseWord(strings.TrimPrefix(w.Value, "--strict-ssl=")) {
				report(w, c.Base()+" --strict-ssl=false turns off TLS certificate checks: remove it")
			}
		case c.Is("git"):
			for i, a := range c.Args {
				kv := strings.ToLower(a.Value)
				if a.Value == "-c" && i+1 < len(c.Args) {
					n := strings.ToLower(c.Args[i+1].Value)
					if k, v, ok := strings.Cut(n, "="); ok && strings.HasSuffix(k, ".sslverify") && falseWord(v) {
						report(c.Args[i+1], "git -c http.sslVerify=false turns off TLS certificate checks: remove it (use http.sslCAInfo for a private CA)", a, c.Args[i+1])
					}
				}
				if strings.HasSuffix(kv, ".sslverify") && i > 0 && i+1 < len(c.Args) && falseWord(c.Args[i+1].Value) && gitConfig(c) {
					report(a, "git config http.sslVerify false turns off TLS certificate checks: remove it (use http.sslCAInfo for a private CA)")
				}
			}
		case c.Is("apt-get", "apt", "aptitude"):
			if w, ok := c.Option("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"); ok {
				report(w, c.Base()+" "+strings.SplitN(w.Value, "=", 2)[0]+" installs packages whose signatures were not checked: remove it and add the repository's key (signed-by=)", w)
			}
			for i, a := range c.Args {
				if a.Value != "-o" || i+1 >= len(c.Args) {
					continue
				}
				o := c.Args[i+1]
				k, v, _ := strings.Cut(strings.ToLower(o.Value), "=")
				switch {
				case (strings.HasSuffix(k, "::verify-peer") || strings.HasSuffix(k, "::verify-host")) && falseWord(v):
					report(o, c.Base()+" -o "+o.Value+" turns off TLS certificate checks: remove it", a, o)
				case (strings.HasSuffix(k, "::allowunauthenticated") || strings.HasSuffix(k, "::allowinsecurerepositories") || strings.HasSuffix(k, "::allowdowngradetoinsecurerepositories")) && !falseWord(v):
					report(o, c.Base()+" -o "+o.Value+" installs packages whose signatures were not checked: remove it", a, o)
				}
			}
		case c.Is("yum", "dnf", "tdnf", "microdnf", "yum-config-manager", "dnf-config-manager"):
			if w, ok := c.Option("--nogpgcheck", "--no-gpgchecks"); ok {
				report(w, c.Base()+" "+w.Value+" installs packages whose signatures were not checked: remove it and import the repository's key (rpm --import)", w)
			}
		case c.Is("zypper"):
			if w, ok := c.Option("--no-gpg-checks"); ok {
				report(w, "zypper --no-gpg-checks installs packages whose signatures were not checked: remove it and import the repository's key", w)
			}
		case c.Is("rpm"):
			if w, ok := c.Option("--nosignature", "--nodigest", "--nofiledigest", "--noverify"); ok && rpmInstalls(c) {
				report(w, "rpm "+w.Value+" installs a package without checking it: remove it and import the signing key (rpm --import)", w)
			}
		case c.Is("apk"):
			if w, ok := c.Option("--allow-untrusted"); ok && apkAdd(c) && !localApks(c) {
				report(w, "apk --allow-untrusted installs packages whose signatures were not checked: remove it and add the repository's key to /etc/apk/keys", w)
			}
		}
		// Repository definitions written by echo/printf/tee/sed: [trusted=yes], gpgcheck=0, sslverify=0.
		words := c.Args
		for _, r := range c.Redirects {
			if strings.HasPrefix(r.Op, "<<") {
				words = append(words[:len(words):len(words)], r.Target)
			}
		}
		if c.Is("git", "curl", "wget") {
			return
		}
		for _, a := range words {
			if strings.IndexByte(a.Value, '=') < 0 {
				continue // trusted=yes, gpgcheck=0 and sslverify=0 all have one
			}
			v := strings.ToLower(a.Value)
			switch {
			case trustedYes(v) && !strings.Contains(v, "file:/") && !strings.Contains(v, "copy:/"):
				report(a, "[trusted=yes] makes APT accept the repository without signatures: use signed-by= with the repository's key")
			case hasSetting(v, "gpgcheck", "0") || hasSetting(strings.ToLower(a.Raw), "gpgcheck", "0"):
				report(a, "gpgcheck=0 makes the package manager install unsigned packages from the repository: set gpgcheck=1 and import its key")
			case hasSetting(v, "sslverify", "0") || hasSetting(v, "sslverify", "false"):
				report(a, "sslverify="+settingValue(v, "sslverify")+" turns off TLS certificate checks for the repository: remove it (use sslcacert for a private CA)")
			}
		}
	})
}

// hasSetting finds `key=value` in a word (with optional spaces and a
// prefix such as `--setopt=*.`), as a whole key.
func hasSetting(v, key, want string) bool {
	return settingValue(v, key) == want
}

func settingValue(v, key string) string {
	for i := 0; i+len(key) < len(v); i++ {
		j := strings.Index(v[i:], key)
		if j < 0 {
			return ""
		}
		i += j
		if i > 0 && (v[i-1] >= 'a' && v[i-1] <= 'z' || v[i-1] == '_') && !(i > 1 && v[i-2] == '\\' && v[i-1] == 'n') {
			continue
		}
		rest := strings.TrimLeft(v[i+len(key):], " ")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " ")
		end := strings.IndexAny(rest, " \n\t,;\\'\"")
		if end < 0 {
			end = len(rest)
		}
		return rest[:end]
	}
	return ""
}

func gitConfig(c *dockerfile.Command) bool {
	for _, a := range c.Args {
		if !strings.HasPrefix(a.Value, "-") {
			return a.Value == "config"
		}
	}
	return false
}

func rpmInstalls(c *dockerfile.Command) bool {
	for _, a := range c.Args {
		v := a.Value
		if v == "--install" || v == "--upgrade" || v == "--freshen" || len(v) > 1 && v[0] == '-' && v[1] != '-' && strings.ContainsAny(v[1:], "iUF") {
			return true
		}
	}
	return false
}

// localApks reports an `apk add --allow-untrusted` whose packages are all
// local .apk files (built or copied in earlier), not fetched.
func localApks(c *dockerfile.Command) bool {
	pc, ok := pkgmgr.Parse(c)
	if !ok || pc.Manager != pkgmgr.Apk || !pc.Install() || len(pc.Packages) > 0 {
		return false // a repository package name is not local
	}
	for _, w := range pc.Args {
		if v := w.Value; !strings.HasPrefix(v, "-") && (strings.HasSuffix(v, ".apk") || strings.Contains(v, "/")) && !strings.Contains(v, "://") {
			return true
		}
	}
	return false
}

// optName returns which of a short or long option a word is.
func optName(w dockerfile.Word, short, long string) string {
	if strings.HasPrefix(w.Value, "--") {
		return long
	}
	return short
}

// trustedYes finds the trusted=yes option of an APT sources line
// (`deb [trusted=yes] ...`, `deb [ arch=amd64 trusted=yes ] ...`).
func trustedYes(v string) bool {
	i := strings.Index(v, "[")
	if i < 0 {
		return false
	}
	j := strings.Index(v[i:], "]")
	if j < 0 {
		return false
	}
	for _, o := range strings.Fields(v[i+1 : i+j]) {
		if o == "trusted=yes" {
			return strings.Contains(v, "deb")
		}
	}
	return false
}

// withValue returns an option word and, when its value is the next word
// (`--trusted-host host`), that word too.
func withValue(c *dockerfile.Command, w dockerfile.Word) []dockerfile.Word {
	if strings.Contains(w.Value, "=") {
		return []dockerfile.Word{w}
	}
	for i, a := range c.Args {
		if a.Range == w.Range && i+1 < len(c.Args) {
			return []dockerfile.Word{w, c.Args[i+1]}
		}
	}
	return []dockerfile.Word{w}
}

// dropWords is the fix that removes option words from a command (an
// option letter from a group such as -fsSLk); nil when one of them cannot
// be cut cleanly.
func dropWords(src *source.File, ws []dockerfile.Word) *rule.Fix {
	if len(ws) == 0 {
		return nil
	}
	var edits []rule.Edit
	names := []string{}
	for _, w := range ws {
		var e rule.Edit
		ok := false
		if len(w.Raw) > 2 && w.Raw[0] == '-' && w.Raw[1] != '-' && len(ws) == 1 {
			letter := byte(0)
			switch {
			case strings.Contains(w.Raw, "k") && w.Raw != "-k":
				letter = 'k'
			}
			if letter != 0 {
				e, ok = removeLetterEdit(src, w, letter)
				names = append(names, "-"+string(letter))
			}
		}
		if !ok {
			e, ok = removeWordEdit(src, w)
			names = append(names, w.Value)
		}
		if !ok {
			return nil
		}
		edits = append(edits, e)
	}
	return &rule.Fix{Description: "remove " + strings.Join(names, " "), Class: rule.FixHardening, Edits: edits}
}

func apkAdd(c *dockerfile.Command) bool {
	pc, ok := pkgmgr.Parse(c)
	return ok && pc.Manager == pkgmgr.Apk && pc.Install()
}

// onlyLocalURLs reports a download command whose URLs all name the
// container itself (localhost, 127.0.0.1, [::1]): a self-signed
// certificate of a service started in the build, with nobody in between.
func onlyLocalURLs(c *dockerfile.Command) bool {
	n := 0
	for _, a := range c.Args {
		v := strings.ToLower(a.Value)
		i := strings.Index(v, "://")
		if i < 0 {
			continue
		}
		n++
		host := v[i+3:]
		if j := strings.IndexAny(host, "/?#"); j >= 0 {
			host = host[:j]
		}
		if k := strings.LastIndexByte(host, '@'); k >= 0 {
			host = host[k+1:]
		}
		if !(host == "localhost" || strings.HasPrefix(host, "localhost:") || strings.HasPrefix(host, "127.") || strings.HasPrefix(host, "[::1]")) {
			return false
		}
	}
	return n > 0
}

// plainHTTPIndex reports a pip command whose package index is an http:// URL.
func plainHTTPIndex(c *dockerfile.Command) bool {
	for _, o := range []string{"-i", "--index-url", "--extra-index-url"} {
		if w, ok := optionValue(c, o); ok && strings.HasPrefix(strings.ToLower(w.Value), "http://") {
			return true
		}
	}
	return false
}

// curlInsecure finds curl's -k/--insecure: alone, or in a group of short
// options before any option that takes a value (`-fsSLk`, but not the
// file name of `-okubectl`).
func curlInsecure(c *dockerfile.Command) (dockerfile.Word, bool) {
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		v := a.Value
		switch {
		case v == "--":
			return dockerfile.Word{}, false
		case v == "--insecure":
			return a, true
		case strings.HasPrefix(v, "--"):
			if name, _, eq := strings.Cut(v, "="); !eq && curlValueOpts[name] {
				i++
			}
		case len(v) > 1 && v[0] == '-':
			for j := 1; j < len(v); j++ {
				if v[j] == 'k' {
					return a, true
				}
				if curlValueOpts["-"+string(v[j])] {
					if j == len(v)-1 {
						i++ // the value is the next word
					}
					break
				}
			}
		}
	}
	return dockerfile.Word{}, false
}
