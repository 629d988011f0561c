package fix

import (
	"fmt"
	"strings"
)

// contextLines is the number of unchanged lines shown around a change.
const contextLines = 3

// Diff renders the change from old to new of one file as a unified diff
// (`diff -u`, `git apply` and `patch -p1` read it), with the edits that
// made it locating the changes: no diff algorithm is needed, since the
// edits say exactly which lines changed. edits are sorted byte edits of
// old; path is shown as a/path and b/path.
func Diff(path string, old []byte, edits []ByteEdit) string {
	if len(edits) == 0 {
		return ""
	}
	oldLines := splitLines(string(old))
	// lineOf[i] is the 0-based line holding byte i of old.
	starts := make([]int, len(oldLines)+1)
	for i, l := range oldLines {
		starts[i+1] = starts[i] + len(l)
	}
	lineOf := func(off int) int {
		lo, hi := 0, len(oldLines)
		for lo < hi {
			m := (lo + hi) / 2
			if starts[m+1] <= off {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo
	}
	// Group edits into blocks of whole old lines [from, to) that they touch.
	type block struct {
		from, to int
		edits    []ByteEdit
	}
	var blocks []block
	for _, e := range edits {
		from := lineOf(e.Start)
		to := lineOf(max(e.End-1, e.Start)) + 1
		if from >= len(oldLines) { // at the end of the file
			from, to = len(oldLines), len(oldLines)
			if n := len(oldLines); n > 0 && !strings.HasSuffix(oldLines[n-1], "\n") {
				from = n - 1 // the last line gets what is added
			}
		}
		if n := len(blocks); n > 0 && from <= blocks[n-1].to {
			blocks[n-1].to = max(blocks[n-1].to, to)
			blocks[n-1].edits = append(blocks[n-1].edits, e)
			continue
		}
		blocks = append(blocks, block{from, to, []ByteEdit{e}})
	}
	// Each block's new lines, with unchanged leading and trailing lines
	// moved back to context.
	var changes []change
	for _, b := range blocks {
		lo, hi := starts[b.from], starts[b.to]
		var sb strings.Builder
		at := lo
		for _, e := range b.edits {
			sb.WriteString(string(old[at:e.Start]))
			sb.WriteString(e.NewText)
			at = max(at, e.End)
		}
		sb.WriteString(string(old[at:hi]))
		add := splitLines(sb.String())
		from, to := b.from, b.to
		for from < to && len(add) > 0 && add[0] == oldLines[from] {
			add = add[1:]
			from++
		}
		for from < to && len(add) > 0 && add[len(add)-1] == oldLines[to-1] {
			add = add[:len(add)-1]
			to--
		}
		if from == to && len(add) == 0 {
			continue
		}
		changes = append(changes, change{from, to, add})
	}
	if len(changes) == 0 {
		return ""
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", path, path)
	for i := 0; i < len(changes); {
		// A hunk takes every change within 2*contextLines of the previous.
		j := i + 1
		for j < len(changes) && changes[j].from-changes[j-1].to <= 2*contextLines {
			j++
		}
		start := max(changes[i].from-contextLines, 0)
		end := min(changes[j-1].to+contextLines, len(oldLines))
		var body strings.Builder
		oldN, newN := 0, 0
		at := start
		for _, c := range changes[i:j] {
			for ; at < c.from; at++ {
				writeLine(&body, ' ', oldLines[at])
				oldN++
				newN++
			}
			for ; at < c.to; at++ {
				writeLine(&body, '-', oldLines[at])
				oldN++
			}
			for _, l := range c.add {
				writeLine(&body, '+', l)
				newN++
			}
		}
		for ; at < end; at++ {
			writeLine(&body, ' ', oldLines[at])
			oldN++
			newN++
		}
		newStart := start + 1 + delta(changes[:i])
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(start+1, oldN), hunkRange(newStart, newN))
		out.WriteString(body.String())
		i = j
	}
	return out.String()
}

// change replaces old lines [from, to) with new lines add.
type change struct {
	from, to int
	add      []string
}

// delta is how many lines the changes add (or remove) before a point.
func delta(cs []change) int {
	d := 0
	for _, c := range cs {
		d += len(c.add) - (c.to - c.from)
	}
	return d
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start-1)
	}
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.SplitAfter(s, "\n")[:strings.Count(s, "\n")+boolInt(!strings.HasSuffix(s, "\n"))]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func writeLine(b *strings.Builder, mark byte, line string) {
	b.WriteByte(mark)
	if strings.HasSuffix(line, "\n") {
		b.WriteString(line)
		return
	}
	b.WriteString(line)
	b.WriteString("\n\\ No newline at end of file\n")
}
