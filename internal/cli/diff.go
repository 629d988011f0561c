package cli

import (
	"fmt"
	"strings"
)

// unifiedDiff is a unified diff (3 lines of context) between two versions
// of a file whose edits keep every line in place (pin changes bytes within
// lines, never adds or removes one).
func unifiedDiff(name string, a, b []byte) string {
	al, bl := splitLines(string(a)), splitLines(string(b))
	if len(al) != len(bl) {
		return fmt.Sprintf("--- a/%s\n+++ b/%s\n(line count changed; no diff)\n", name, name)
	}
	var changed []int
	for i := range al {
		if al[i] != bl[i] {
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- a/%s\n+++ b/%s\n", name, name)
	const ctx = 3
	for i := 0; i < len(changed); {
		start := max(changed[i]-ctx, 0)
		j := i
		for j+1 < len(changed) && changed[j+1]-changed[j] <= 2*ctx {
			j++
		}
		end := min(changed[j]+ctx+1, len(al))
		n := end - start
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", start+1, n, start+1, n)
		k := i
		for l := start; l < end; l++ {
			if k <= j && changed[k] == l {
				sb.WriteString("-" + lineOut(al[l]))
				sb.WriteString("+" + lineOut(bl[l]))
				k++
				continue
			}
			sb.WriteString(" " + lineOut(al[l]))
		}
		i = j + 1
	}
	return sb.String()
}

// splitLines splits after each "\n", keeping it.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func lineOut(l string) string {
	if strings.HasSuffix(l, "\n") {
		return l
	}
	return l + "\n\\ No newline at end of file\n"
}
