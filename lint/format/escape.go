package format

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pathInfo is a finding path seen from the repository root.
type pathInfo struct {
	rel    string // forward-slash path relative to Report.Root, when inRoot
	abs    string // absolute OS path, "" when unknown (relative path and no WorkDir)
	inRoot bool
}

// rootPaths resolves finding paths against Report.Root and caches the
// result (findings come sorted by path, so most look-ups hit).
type rootPaths struct {
	root, wd string
	cache    map[string]pathInfo
}

func newRootPaths(r *Report) *rootPaths {
	return &rootPaths{root: r.Root, wd: r.WorkDir, cache: map[string]pathInfo{}}
}

func (p *rootPaths) get(path string) pathInfo {
	if pi, ok := p.cache[path]; ok {
		return pi
	}
	var pi pathInfo
	switch {
	case filepath.IsAbs(path):
		pi.abs = filepath.Clean(path)
	case p.wd != "":
		pi.abs = filepath.Join(p.wd, path)
	}
	switch {
	case p.root != "" && pi.abs != "":
		if rel, err := filepath.Rel(p.root, pi.abs); err == nil && !escapesDir(rel) {
			pi.rel, pi.inRoot = filepath.ToSlash(rel), true
		}
	case !filepath.IsAbs(path):
		// No root (or no working directory) given: take the path as
		// relative to the root.
		if rel := filepath.Clean(path); !escapesDir(rel) {
			pi.rel, pi.inRoot = filepath.ToSlash(rel), true
		}
	}
	p.cache[path] = pi
	return pi
}

// display is the root-relative path, else the absolute one, else path as given.
func (p *rootPaths) display(path string) string {
	pi := p.get(path)
	switch {
	case pi.inRoot:
		return pi.rel
	case pi.abs != "":
		return filepath.ToSlash(pi.abs)
	}
	return filepath.ToSlash(path)
}

func escapesDir(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel)
}

// escapeControls makes text safe to show: control characters (C0, DEL, C1),
// other non-printable runes (format characters such as bidi overrides and
// zero-width spaces, unassigned code points) and invalid UTF-8 bytes become
// Go-style escapes (\x1b, \n, \u202e, \xff) as strconv.Quote writes them;
// printable Unicode is kept, and so is the backslash. With keepWS, LF, CR
// and tab pass through for the caller to encode.
func escapeControls(s string, keepWS bool) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return string(appendEscaped(make([]byte, 0, len(s)+8), s, keepWS))
		}
	}
	return s
}

const hexDigits = "0123456789abcdef"

// appendEscaped appends s to dst, escaped as escapeControls describes.
func appendEscaped(dst []byte, s string, keepWS bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
		case keepWS && (r == '\n' || r == '\r' || r == '\t'):
			dst = append(dst, c)
		case r >= 0x80 && unicode.IsPrint(r):
			dst = append(dst, s[i-size:i]...)
		default:
			dst = appendRuneEscape(dst, r)
		}
	}
	return dst
}

func appendRuneEscape(dst []byte, r rune) []byte {
	switch r {
	case '\a':
		return append(dst, `\a`...)
	case '\b':
		return append(dst, `\b`...)
	case '\f':
		return append(dst, `\f`...)
	case '\n':
		return append(dst, `\n`...)
	case '\r':
		return append(dst, `\r`...)
	case '\t':
		return append(dst, `\t`...)
	case '\v':
		return append(dst, `\v`...)
	}
	switch {
	case r < 0x80:
		return append(dst, '\\', 'x', hexDigits[r>>4], hexDigits[r&0xf])
	case r < 0x10000:
		dst = append(dst, '\\', 'u')
		for sh := 12; sh >= 0; sh -= 4 {
			dst = append(dst, hexDigits[(r>>sh)&0xf])
		}
	default:
		dst = append(dst, '\\', 'U')
		for sh := 28; sh >= 0; sh -= 4 {
			dst = append(dst, hexDigits[(r>>sh)&0xf])
		}
	}
	return dst
}

// uriPath percent-encodes a forward-slash path for a URI: unreserved
// characters, sub-delimiters, '@' and '/' are kept, everything else
// (spaces, '%', '#', '?', ':', non-ASCII as UTF-8 bytes) is encoded.
// Encoding ':' keeps a relative reference such as "a:b/Dockerfile" from
// reading as a URI with scheme "a".
func uriPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if uriKeep(c) {
			if b.Len() > 0 {
				b.WriteByte(c)
			}
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(p) + 16)
			b.WriteString(p[:i])
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&0xf])
	}
	if b.Len() == 0 {
		return p
	}
	return b.String()
}

func uriKeep(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0
}

// fileURI turns an absolute OS path into a file:// URI.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	prefix := "file://"
	if !strings.HasPrefix(p, "/") {
		prefix = "file:///" // Windows: C:/x -> file:///C:/x
	}
	if len(p) >= 2 && p[1] == ':' && prefix == "file:///" {
		return prefix + p[:2] + uriPath(p[2:])
	}
	return prefix + uriPath(p)
}

// xmlText prepares untrusted text for an XML document: characters that
// XML 1.0 forbids (NUL and the other C0 controls but tab, LF and CR), and
// any other control or non-printable rune, become visible escapes such as
// \x00 and \x1b. encoding/xml then escapes markup (<, &, ", ]]> ...).
func xmlText(s string) string { return escapeControls(s, true) }
