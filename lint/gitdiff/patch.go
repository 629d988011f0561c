package gitdiff

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Span is a run of lines, 1-based, both ends inclusive.
type Span struct {
	From, To int
}

// FileChange is what a diff says about one file of the new side.
type FileChange struct {
	// Path is the file's path in the new tree, relative to the repository
	// root, with forward slashes.
	Path string
	// OldPath is the path in the old tree when the file was renamed or
	// copied, else "".
	OldPath string
	// Status is git's status letter: A added, M modified, R renamed,
	// C copied, T type changed; U for an untracked file of the work tree.
	Status byte
	// Added are the lines of the new file that the change added or edited.
	Added []Span
	// Hunks are the new-side line ranges of the diff's hunks, context lines
	// included.
	Hunks []Span
}

// Whole reports whether every line of the file is new (an added, copied
// in a new place, or untracked file).
func (fc *FileChange) Whole() bool {
	return fc.Status == 'A' || fc.Status == 'U'
}

// parsePatch reads the output of `git diff --src-prefix=a/ --dst-prefix=b/`
// (any --unified) and returns, per new-side path, the added lines and the
// hunk ranges. Deleted files and files without hunks (binary files, pure
// renames, mode changes) are not in the result: the name-status list
// supplies those.
//
// Hunk bodies are consumed by the line counts of their headers, so file
// content that looks like a diff header cannot confuse the parser.
func parsePatch(patch []byte) (map[string]*FileChange, error) {
	files := map[string]*FileChange{}
	var cur *FileChange // nil: no new-side file (deleted) or not yet known
	lines := bytes.Split(patch, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		switch {
		case bytes.HasPrefix(line, []byte("diff --git ")), bytes.HasPrefix(line, []byte("diff --cc ")), bytes.HasPrefix(line, []byte("diff --combined ")):
			cur = nil
		case bytes.HasPrefix(line, []byte("+++ ")):
			name, err := patchPath(string(line[4:]), "b/")
			if err != nil {
				return nil, fmt.Errorf("diff line %d: %w", i+1, err)
			}
			if name == "" { // /dev/null: the file was deleted
				cur = nil
				continue
			}
			cur = files[name]
			if cur == nil {
				cur = &FileChange{Path: name, Status: 'M'}
				files[name] = cur
			}
		case bytes.HasPrefix(line, []byte("@@ ")):
			oldN, newStart, newN, err := parseHunkHeader(string(line))
			if err != nil {
				return nil, fmt.Errorf("diff line %d: %w", i+1, err)
			}
			if newN > 0 && cur != nil {
				cur.Hunks = appendSpan(cur.Hunks, Span{newStart, newStart + newN - 1})
			}
			n := newStart
			for oldN > 0 || newN > 0 {
				i++
				if i >= len(lines) {
					return nil, fmt.Errorf("diff ends inside a hunk")
				}
				body := lines[i]
				if len(body) == 0 { // a context line whose single space was stripped
					body = []byte(" ")
				}
				switch body[0] {
				case ' ':
					oldN--
					newN--
					n++
				case '+':
					if cur != nil {
						cur.Added = appendSpan(cur.Added, Span{n, n})
					}
					newN--
					n++
				case '-':
					oldN--
				case '\\': // "\ No newline at end of file"
				default:
					return nil, fmt.Errorf("diff line %d: unexpected line in hunk", i+1)
				}
				if oldN < 0 || newN < 0 {
					return nil, fmt.Errorf("diff line %d: hunk longer than its header says", i+1)
				}
			}
			// A trailing "\ No newline at end of file" after the counts ran out.
			for i+1 < len(lines) && bytes.HasPrefix(lines[i+1], []byte("\\")) {
				i++
			}
		}
	}
	for _, fc := range files {
		fc.Added, fc.Hunks = normalize(fc.Added), normalize(fc.Hunks)
	}
	return files, nil
}

// normalize sorts spans and merges those that overlap or touch (git emits
// them in order already; this guards against odd input).
func normalize(spans []Span) []Span {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].From < spans[j].From })
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.From <= last.To+1 {
			if s.To > last.To {
				last.To = s.To
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// appendSpan adds s to spans (kept sorted as git emits them), merging it
// with the last span when they touch.
func appendSpan(spans []Span, s Span) []Span {
	if n := len(spans); n > 0 && s.From <= spans[n-1].To+1 && s.From >= spans[n-1].From {
		if s.To > spans[n-1].To {
			spans[n-1].To = s.To
		}
		return spans
	}
	return append(spans, s)
}

// parseHunkHeader reads "@@ -a[,b] +c[,d] @@ ..." and returns b, c and d.
func parseHunkHeader(h string) (oldN, newStart, newN int, err error) {
	rest, ok := strings.CutPrefix(h, "@@ -")
	if !ok {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", h)
	}
	oldPart, rest, ok := strings.Cut(rest, " +")
	if !ok {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", h)
	}
	newPart, _, ok := strings.Cut(rest, " @@")
	if !ok {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", h)
	}
	_, oldN, err1 := parseRange(oldPart)
	newStart, newN, err2 := parseRange(newPart)
	if err1 != nil || err2 != nil {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", h)
	}
	return oldN, newStart, newN, nil
}

func parseRange(s string) (start, n int, err error) {
	a, b, hasCount := strings.Cut(s, ",")
	start, err = strconv.Atoi(a)
	if err != nil || start < 0 {
		return 0, 0, fmt.Errorf("bad range %q", s)
	}
	n = 1
	if hasCount {
		n, err = strconv.Atoi(b)
		if err != nil || n < 0 {
			return 0, 0, fmt.Errorf("bad range %q", s)
		}
	}
	return start, n, nil
}

// patchPath decodes the file name of a "---"/"+++" line: "/dev/null" gives
// "", a C-quoted name ("...", used for control characters, quotes and
// backslashes, and for non-ASCII unless core.quotePath=false) is unquoted,
// and git's trailing tab after names containing a space is dropped. The
// prefix ("a/" or "b/") is removed.
func patchPath(s, prefix string) (string, error) {
	if s == "/dev/null" {
		return "", nil
	}
	if strings.HasPrefix(s, `"`) {
		end := closingQuote(s)
		if end < 0 {
			return "", fmt.Errorf("bad quoted file name %q", s)
		}
		u, err := unquoteC(s[:end+1])
		if err != nil {
			return "", fmt.Errorf("bad quoted file name %q: %w", s, err)
		}
		s = u
	} else {
		s = strings.TrimSuffix(s, "\t")
	}
	name, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return "", fmt.Errorf("file name %q lacks the %q prefix", s, prefix)
	}
	return name, nil
}

// closingQuote returns the index of the quote closing the C string that
// starts s, or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// unquoteC undoes git's quote_c_style: \a \b \t \n \v \f \r \" \\ and
// three-digit octal byte escapes.
func unquoteC(q string) (string, error) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return "", fmt.Errorf("not a quoted string")
	}
	q = q[1 : len(q)-1]
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(q) {
			return "", fmt.Errorf("trailing backslash")
		}
		switch c = q[i]; c {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'v':
			b.WriteByte('\v')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\':
			b.WriteByte(c)
		case '0', '1', '2', '3':
			if i+2 >= len(q) {
				return "", fmt.Errorf("short octal escape")
			}
			v, err := strconv.ParseUint(q[i:i+3], 8, 8)
			if err != nil {
				return "", fmt.Errorf("bad octal escape")
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			return "", fmt.Errorf("unknown escape \\%c", c)
		}
	}
	return b.String(), nil
}

// parseNameStatus reads `git diff -z --name-status` output: a status
// (with a score for R and C) then one path, or two for R and C, each
// NUL-terminated. Deleted files are skipped.
func parseNameStatus(out []byte) ([]*FileChange, error) {
	fields := strings.Split(string(out), "\x00")
	if n := len(fields); n > 0 && fields[n-1] == "" {
		fields = fields[:n-1]
	}
	var res []*FileChange
	for i := 0; i < len(fields); {
		st := fields[i]
		if st == "" {
			return nil, fmt.Errorf("empty status in name-status output")
		}
		i++
		paths := 1
		if st[0] == 'R' || st[0] == 'C' {
			paths = 2
		}
		if i+paths > len(fields) {
			return nil, fmt.Errorf("truncated name-status output")
		}
		fc := &FileChange{Status: st[0], Path: fields[i+paths-1]}
		if paths == 2 {
			fc.OldPath = fields[i]
		}
		i += paths
		if fc.Status == 'D' {
			continue
		}
		res = append(res, fc)
	}
	return res, nil
}

// merge combines the touched-file list with the parsed patch.
func merge(touched []*FileChange, hunks map[string]*FileChange, untracked []string) map[string]*FileChange {
	files := make(map[string]*FileChange, len(touched)+len(untracked))
	for _, fc := range touched {
		if h := hunks[fc.Path]; h != nil {
			fc.Added, fc.Hunks = h.Added, h.Hunks
		}
		files[fc.Path] = fc
	}
	// A file with hunks that the name-status list missed (should not happen)
	// still counts.
	for p, h := range hunks {
		if files[p] == nil {
			files[p] = h
		}
	}
	for _, p := range untracked {
		if files[p] == nil {
			files[p] = &FileChange{Path: p, Status: 'U'}
		}
	}
	return files
}

func sortedKeys(m map[string]*FileChange) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
