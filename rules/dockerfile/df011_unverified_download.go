package dockerfile

import (
	"encoding/json"
	"path"
	"sort"
	"strings"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
)

// UnverifiedDownload reports downloaded files that are extracted,
// installed or run with no checksum or signature check.
var UnverifiedDownload = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DF011",
		Name:       "unverified-download",
		Severity:   rule.Warning,
		Summary:    "verify a downloaded file's checksum or signature before you extract, install or run it",
		Tags:       []string{"security", "supply-chain"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.CIS: {"4.12"}, rule.CWE: {"CWE-494", "CWE-353"}},
		Doc: rule.Doc{
			Why: "A file fetched with `curl`, `wget` or `fetch` is whatever the server returned at build time: " +
				"a compromised release page, mirror, CDN or network path changes what the image runs, and " +
				"nothing in the build notices. CIS Docker Benchmark 4.12 asks to verify downloads; the Docker " +
				"official images check every one against a pinned SHA-256 or a release signature. The rule " +
				"follows each downloaded file (`-o`/`-O`/`--output`, wget's default name, `> file`) through the " +
				"stage and reports it when it is extracted (`tar x`, `unzip`, `gunzip`, a pipe into `tar`), " +
				"installed (`dpkg -i`, `rpm -i`, `apt-get install ./x.deb`, `pip install x.whl`, moved or " +
				"downloaded into a `bin` directory, `chmod +x`) or run (`sh file`, `./file`, `java -jar`, or as the program of `CMD`/`ENTRYPOINT`) with no " +
				"verification of it in the same or a later RUN of the stage: `sha256sum`/`sha512sum`/`shasum`/" +
				"`md5sum` (with `-c`, fed by `echo \"$SHA  file\"`, or compared in a test), `openssl dgst`, `gpg --verify`, " +
				"`gpgv`, `cosign verify-blob`, `minisign -V`, `signify -V`. A check that names no file " +
				"(`sha256sum -c SHASUMS --ignore-missing`) counts for every download. Package-manager downloads " +
				"are not this rule, nor are scripts piped into a shell (DF010).",
			Bad: "FROM debian:12-slim\nARG TOOL_VERSION=1.4.2\n" +
				"RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-${TOOL_VERSION}-linux-amd64.tgz \\\n" +
				"    && tar -xzf /tmp/tool.tgz -C /usr/local/bin tool\n",
			Good: "FROM debian:12-slim\nARG TOOL_VERSION=1.4.2\n" +
				"ARG TOOL_SHA256=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" +
				"RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-${TOOL_VERSION}-linux-amd64.tgz \\\n" +
				"    && echo \"${TOOL_SHA256}  /tmp/tool.tgz\" | sha256sum -c - \\\n" +
				"    && tar -xzf /tmp/tool.tgz -C /usr/local/bin tool\n",
			Fix: "Pin the file's SHA-256 in an `ARG` and check it (`echo \"$SHA256  file\" | sha256sum -c -`) or " +
				"verify the publisher's signature (`gpg --batch --verify file.asc file` with a pinned key " +
				"fingerprint, `cosign verify-blob`); `ADD --checksum=sha256:... <url>` does both the download and " +
				"the check. When the download is verified in a way the rule does not recognise, disable the rule " +
				"on that instruction.",
		},
	},
	Dockerfile: checkUnverifiedDownload,
}

type stageCmd struct {
	in *dockerfile.Instruction
	c  *dockerfile.Command
}

// download is a fetched file: the command, its URL word and where it is saved.
type download struct {
	at       int // index in the stage's commands
	fetch    *dockerfile.Command
	in       *dockerfile.Instruction
	url      dockerfile.Word
	out      dockerfile.Word // the output word (may be the URL for a default name)
	key      string          // the file's base name
	fullPath string
}

// curlValueOpts are curl's options that take a value (the next word).
var curlValueOpts = map[string]bool{
	"-o": true, "--output": true, "-H": true, "--header": true, "-d": true, "--data": true, "--data-raw": true,
	"--data-binary": true, "--data-urlencode": true, "-u": true, "--user": true, "-X": true, "--request": true,
	"-A": true, "--user-agent": true, "-e": true, "--referer": true, "-m": true, "--max-time": true,
	"--retry": true, "--retry-delay": true, "--retry-max-time": true, "--connect-timeout": true, "-w": true,
	"--write-out": true, "-x": true, "--proxy": true, "-T": true, "--upload-file": true, "-F": true, "--form": true,
	"-b": true, "--cookie": true, "-c": true, "--cookie-jar": true, "-r": true, "--range": true, "-y": true,
	"-Y": true, "-z": true, "-C": true, "-K": true, "--config": true, "-E": true, "--cert": true, "--cacert": true,
	"--capath": true, "--key": true, "--resolve": true, "--interface": true, "--limit-rate": true, "--url": false,
	"--output-dir": true, "--create-dirs": false, "--proto": true, "--proto-redir": true, "--max-redirs": true,
	"--ciphers": true, "--tlsv1.2": false, "-Q": true, "--quote": true, "--netrc-file": true, "--pinnedpubkey": true,
}

// wgetValueOpts are wget's short options that take a value.
var wgetValueOpts = map[string]bool{
	"-O": true, "-P": true, "-o": true, "-a": true, "-e": true, "-t": true, "-T": true, "-w": true, "-U": true,
	"-i": true, "-B": true, "-l": true, "-A": true, "-R": true, "-D": true, "-I": true, "-X": true, "-Q": true,
	"--header": true, "--user": true, "--password": true, "--tries": true, "--timeout": true, "--user-agent": true,
	"--directory-prefix": true, "--output-document": true, "--output-file": true, "--append-output": true,
	"--ca-certificate": true, "--post-data": true,
}

// fetchArgs splits a download command's arguments: the URL words, the
// output file word ("" Value for stdout), and whether the name comes
// from the URL (curl -O, wget's default).
func fetchArgs(c *dockerfile.Command) (urls []dockerfile.Word, out dockerfile.Word, hasOut, remoteName bool, dir string) {
	values := curlValueOpts
	if !c.Is("curl") {
		values = wgetValueOpts
	}
	isCurl := c.Is("curl")
	remoteName = !isCurl // wget and fetch save under the URL's name
	args := c.Args
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		next := func() (dockerfile.Word, bool) {
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return dockerfile.Word{}, false
		}
		switch {
		case v == "--":
			continue
		case strings.HasPrefix(v, "--"):
			name, val, eq := strings.Cut(v, "=")
			switch name {
			case "--output", "--output-document":
				w := args[i]
				if eq {
					w.Value = val
				} else if x, ok := next(); ok {
					w = x
				}
				out, hasOut, remoteName = w, true, false
				continue
			case "--remote-name", "--remote-name-all":
				remoteName = true
				continue
			case "--directory-prefix", "--output-dir":
				if eq {
					dir = val
				} else if x, ok := next(); ok {
					dir = x.Value
				}
				continue
			case "--url":
				if x, ok := next(); ok {
					urls = append(urls, x)
				}
				continue
			}
			if values[name] && !eq {
				next()
			}
		case strings.HasPrefix(v, "-") && len(v) > 1:
			// A group of short options: the last may take a value, glued or next.
			for j := 1; j < len(v); j++ {
				o := "-" + string(v[j])
				if o == "-O" && isCurl {
					remoteName = true
					continue
				}
				if !values[o] {
					continue
				}
				var w dockerfile.Word
				if j+1 < len(v) {
					w = args[i]
					w.Value = v[j+1:]
				} else if x, ok := next(); ok {
					w = x
				}
				switch {
				case o == "-o" && isCurl, o == "-O" && !isCurl:
					out, hasOut, remoteName = w, true, false
				case o == "-P" && !isCurl:
					dir = w.Value
				}
				break
			}
		default:
			urls = append(urls, args[i])
		}
	}
	for _, r := range c.Redirects {
		if r.Op == ">" || r.Op == ">|" {
			out, hasOut, remoteName = r.Target, true, false
		}
	}
	return
}

// urlBase is the file name a URL is saved under by default.
func urlBase(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return path.Base(u)
}

var binDirs = []string{"/usr/local/bin/", "/usr/bin/", "/bin/", "/usr/local/sbin/", "/usr/sbin/", "/sbin/"}

func inBin(p string) bool {
	for _, d := range binDirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return strings.Contains(p, "/bin/") && !strings.HasPrefix(p, "/tmp")
}

// refers reports whether a word names the downloaded file.
// wordBases indexes the commands by the last path element of their
// words (as download.refers compares them): base -> command indexes, in
// order.
func wordBases(cmds []stageCmd) map[string][]int {
	out := map[string][]int{}
	for i, sc := range cmds {
		add := func(v string) {
			b := path.Base(strings.Trim(v, `"'`))
			if l := out[b]; len(l) == 0 || l[len(l)-1] != i { // once per command
				out[b] = append(l, i)
			}
		}
		add(sc.c.Name.Value)
		add(sc.c.Name.Raw)
		for _, w := range sc.c.Args {
			add(w.Value)
			add(w.Raw)
		}
	}
	return out
}

func (d *download) refers(w dockerfile.Word) bool {
	if d.key == "" {
		return false
	}
	for _, v := range []string{w.Value, w.Raw} {
		v = strings.Trim(v, `"'`)
		if v == d.fullPath || path.Base(v) == d.key {
			return true
		}
	}
	return false
}

// verifiers are the commands that check a file; the value says which
// arguments must be present ("" = any use).
func isVerifier(c *dockerfile.Command) bool {
	switch {
	case c.Is("sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "md5sum", "shasum", "b2sum", "b3sum", "gpgv", "gpgv2", "minisign", "signify", "rhash"):
		return true
	case c.Is("gpg", "gpg2"):
		return c.HasOption("--verify", "--decrypt", "-d") || c.HasOption("--verify-files")
	case c.Is("cosign", "sigstore", "slsa-verifier", "sq"):
		for _, a := range c.Args {
			if strings.HasPrefix(a.Value, "verify") {
				return true
			}
		}
	case c.Is("openssl"):
		return len(c.Args) > 0 && (c.Args[0].Value == "dgst" || strings.HasPrefix(c.Args[0].Value, "sha") || c.Args[0].Value == "md5")
	case c.Is("rpm"):
		return c.HasOption("-K", "--checksig")
	case c.Is("cmp"), c.Is("diff"):
		return false
	}
	return false
}

// mentionsIn reports whether c or the commands feeding it through a pipe
// mention s.
func mentionsIn(c *dockerfile.Command, s string) bool {
	for x := c; x != nil; x = x.PipeFrom {
		if mentions(x, s) {
			return true
		}
	}
	return false
}

// use says how a command uses the download ("" for not at all).
func (d *download) use(c *dockerfile.Command) string {
	ps := c.Positionals()
	refersAny := func(ws []dockerfile.Word) bool {
		for _, w := range ws {
			if d.refers(w) {
				return true
			}
		}
		return false
	}
	if d.refers(c.Name) {
		return "runs it"
	}
	switch {
	case c.Is("tar", "bsdtar"):
		if tarExtracts(c) && refersAny(c.Args) {
			return "extracts it"
		}
	case c.Is("unzip", "7z", "7za", "gunzip", "unxz", "bunzip2", "unzstd", "jar"):
		if refersAny(c.Args) {
			return "extracts it"
		}
	case c.Is("xz", "gzip", "bzip2", "zstd"):
		if c.HasOption("-d", "--decompress") && refersAny(c.Args) {
			return "extracts it"
		}
	case c.Is("dpkg"):
		if c.HasOption("-i", "--install") && refersAny(c.Args) {
			return "installs it"
		}
	case c.Is("rpm"):
		if rpmInstalls(c) && refersAny(c.Args) {
			return "installs it"
		}
	case c.Is("apt-get", "apt", "yum", "dnf", "microdnf", "zypper", "apk", "pip", "pip3", "gem", "npm"):
		if refersAny(ps) {
			return "installs it"
		}
	case c.Is("java"):
		if c.HasOption("-jar") && refersAny(c.Args) {
			return "runs it"
		}
	case c.Is("source", "."):
		if len(ps) > 0 && d.refers(ps[0]) {
			return "runs it"
		}
	case c.Is("chmod"):
		if m := modeWords(c); len(m) == 1 && executable(m[0].Value) && refersAny(ps[1:]) {
			return "makes it executable"
		}
	case c.Is("mv", "cp", "install", "ln"):
		if len(ps) >= 2 && refersAny(ps[:len(ps)-1]) && inBin(ps[len(ps)-1].Value) {
			return "installs it into " + ps[len(ps)-1].Value
		}
	}
	if interpreter(c) != "" && len(ps) > 0 && d.refers(ps[0]) {
		return "runs it"
	}
	return ""
}

func executable(mode string) bool {
	if n, ok := octal(mode); ok {
		return n&0o111 != 0
	}
	return strings.Contains(mode, "+x") || strings.Contains(mode, "=rwx") || strings.Contains(mode, "+rx") || strings.Contains(mode, "+rwx")
}

func tarExtracts(c *dockerfile.Command) bool {
	for i, a := range c.Args {
		v := a.Value
		if v == "--extract" || v == "--get" {
			return true
		}
		if strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.ContainsRune(v, 'x') {
			return true
		}
		if i == 0 && !strings.HasPrefix(v, "-") && strings.ContainsRune(v, 'x') && isLettersOnly(v) {
			return true // tar xzf file
		}
	}
	return false
}

func isLettersOnly(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			if r < 'A' || r > 'Z' {
				return false
			}
		}
	}
	return s != ""
}

func checkUnverifiedDownload(p *rule.Pass, f *dockerfile.File) {
	for _, st := range f.Stages {
		var cmds []stageCmd
		for _, in := range st.Instructions {
			if sc := in.Script(); sc != nil {
				for _, c := range sc.Commands {
					cmds = append(cmds, stageCmd{in, c})
				}
			}
		}
		var downloads []*download
		for i, sc := range cmds {
			c := sc.c
			if !isFetcher(c) || c.Is("aria2c") {
				continue
			}
			urls, out, hasOut, remote, dir := fetchArgs(c)
			if len(urls) == 0 {
				continue
			}
			d := &download{at: i, fetch: c, in: sc.in, url: urls[0]}
			switch {
			case hasOut && out.Value != "-" && out.Value != "/dev/stdout" && out.Value != "/dev/null":
				d.out, d.fullPath = out, out.Value
			case remote && !hasOut && (c.PipeTo == nil || !c.Is("curl")):
				if c.Is("wget") && c.PipeTo != nil && !hasOut {
					continue
				}
				d.out, d.fullPath = d.url, urlBase(d.url.Value)
				if dir != "" {
					d.fullPath = strings.TrimSuffix(dir, "/") + "/" + d.fullPath
				}
			default:
				// To stdout: a pipe into an extractor is checked here;
				// into an interpreter, DF010.
				if x := pipedExtractor(c); x != nil {
					p.Report(rule.Diagnostic{Range: d.url.Range, Subject: st.DisplayName(),
						Message: x.Base() + " extracts a download streamed from " + c.Base() + " with no checksum or signature check: save it to a file and verify it (sha256sum -c, gpg --verify) first",
						Related: []rule.Related{{Range: x.Range, Message: "extracted here"}}})
				}
				continue
			}
			d.key = path.Base(d.fullPath)
			if d.key == "" || d.key == "." || d.key == "/" || strings.HasPrefix(d.key, "$") {
				continue
			}
			downloads = append(downloads, d)
		}
		if len(downloads) == 0 {
			continue
		}
		byBase := wordBases(cmds)
		var starts []*dockerfile.Instruction // the stage's CMD and ENTRYPOINT
		for _, in := range st.Instructions {
			if (in.Keyword == "CMD" || in.Keyword == "ENTRYPOINT") && len(in.Args) > 0 {
				starts = append(starts, in)
			}
		}
		// A later download of the same name replaces the file: the uses of
		// a download end there.
		until := make(map[*download]int, len(downloads))
		last := map[string]*download{}
		for _, d := range downloads {
			until[d] = len(cmds)
			if prev := last[d.key]; prev != nil {
				until[prev] = d.at
			}
			last[d.key] = d
		}
		// A verifier names the downloads it checks; one that names none
		// of the used downloads checks all (a checksum list).
		for _, d := range downloads {
			var useAt *stageCmd
			how := ""
			if inBin(d.fullPath) {
				how = "installs it into " + path.Dir(d.fullPath)
				useAt = &cmds[d.at]
			}
			// Only commands that name the file can use it (d.refers): look
			// at those, not at every later command of the stage.
			named := byBase[d.key]
			for _, i := range named[sort.SearchInts(named, d.at+1):] {
				if useAt != nil || i >= until[d] {
					break
				}
				if u := d.use(cmds[i].c); u != "" {
					how, useAt = u, &cmds[i]
					break
				}
			}
			if useAt == nil {
				// Run as the container's program: CMD/ENTRYPOINT ["./tool"], ["java", "-jar", "app.jar"].
				if at := d.startedBy(starts); at != nil && !verified(d, downloads, cmds) {
					p.Report(rule.Diagnostic{Range: d.url.Range, Subject: st.DisplayName(),
						Related: []rule.Related{{Range: at.Range, Message: at.Keyword + " runs it"}},
						Message: d.fetch.Base() + " downloads " + quote(displayKey(d)) + " and " + at.Keyword + " runs it with no checksum or signature check: verify it (sha256sum -c, gpg --verify) first"})
				}
				continue
			}
			if verified(d, downloads, cmds) {
				continue
			}
			file := displayKey(d)
			rel := []rule.Related{}
			if useAt.c != d.fetch {
				rel = append(rel, rule.Related{Range: useAt.c.Range, Message: useAt.c.Base() + " " + how})
			}
			p.Report(rule.Diagnostic{Range: d.url.Range, Subject: st.DisplayName(), Related: rel,
				Message: d.fetch.Base() + " downloads " + quote(file) + " and " + useAt.c.Base() + " " + how + " with no checksum or signature check: verify it (sha256sum -c, gpg --verify) first"})
		}
	}
}

func literalish(s string) bool { return !strings.ContainsAny(s, "$`") }

// verified reports whether a verifier after the download checks it.
func verified(d *download, all []*download, cmds []stageCmd) bool {
	for i := d.at + 1; i < len(cmds); i++ {
		v := cmds[i].c
		if !isVerifier(v) {
			continue
		}
		if mentionsIn(v, d.key) {
			return true
		}
		specific := false
		for _, o := range all {
			if o != d && mentionsIn(v, o.key) && !checksumFile(o.key) {
				specific = true
			}
		}
		if !specific && checksList(v) {
			return true
		}
	}
	// The same fetch piped into a checksum (curl ... | tee f | sha256sum).
	for x := d.fetch.PipeTo; x != nil; x = x.PipeTo {
		if isVerifier(x) {
			return true
		}
	}
	return false
}

// checksumFile reports names of checksum lists and signatures.
func checksumFile(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{".asc", ".sig", ".sign", ".gpg", ".sha256", ".sha512", ".sha1", ".md5", "sums", "sums.txt", ".sha256sum", ".sha512sum", "checksums", ".minisig", ".pem", ".crt", ".bundle", ".intoto.jsonl"} {
		if strings.HasSuffix(n, s) || strings.Contains(n, "checksum") || strings.Contains(n, "shasum") {
			return true
		}
	}
	return false
}

// pipedExtractor returns the tar/unzip reading a download from a pipe
// (seeing through decompressors), or nil.
func pipedExtractor(c *dockerfile.Command) *dockerfile.Command {
	for x := c.PipeTo; x != nil; x = x.PipeTo {
		switch {
		case x.Is("tar", "bsdtar") && tarExtracts(x):
			return x
		case x.Is("gunzip", "zcat", "xz", "unxz", "bzip2", "zstd", "gzip"):
			continue
		case x.Is("busybox") && len(x.Args) > 0 && x.Args[0].Value == "tar":
			return x
		default:
			return nil
		}
	}
	return nil
}

func displayKey(d *download) string {
	if literalish(d.key) {
		return d.key
	}
	return urlBase(strings.Trim(d.out.Raw, `"'`))
}

// startedBy returns the CMD or ENTRYPOINT of the stage whose program is
// the download (`["./tool"]`, `["/opt/tool", "serve"]`, `["java", "-jar",
// "app.jar"]`), or nil.
func (d *download) startedBy(starts []*dockerfile.Instruction) *dockerfile.Instruction {
	for _, in := range starts {
		var argv []string
		v := strings.TrimSpace(in.Args[0].Value)
		if strings.HasPrefix(v, "[") {
			if json.Unmarshal([]byte(v), &argv) != nil {
				continue
			}
		} else {
			argv = strings.Fields(v)
		}
		prog := func(a string) bool {
			return a == d.fullPath || path.Base(a) == d.key && (strings.Contains(a, "/") || a == d.key)
		}
		if len(argv) > 0 && prog(argv[0]) {
			return in
		}
		for i := 0; i+2 < len(argv); i++ {
			if path.Base(argv[i]) == "java" && argv[i+1] == "-jar" && prog(argv[i+2]) {
				return in
			}
		}
	}
	return nil
}

// checksList reports a verifier that checks files it does not name: a
// checksum list (`sha256sum -c SHA256SUMS`, `echo "$SHA  $file" |
// sha256sum -c -`) or a signature check (gpg, gpgv, cosign, minisign). A
// bare `sha256sum file` that names no download only prints a sum.
func checksList(v *dockerfile.Command) bool {
	if v.Is("sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "md5sum", "shasum", "b2sum", "b3sum", "rhash") {
		return v.HasOption("-c", "--check")
	}
	return !v.Is("openssl")
}
