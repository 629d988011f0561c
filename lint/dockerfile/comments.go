package dockerfile

import (
	"strings"

	"github.com/dockguard/dockguard/lint/source"
)

// comments finds the full-line comments of the file from the model: lines
// that start with '#' and are neither parser directives nor heredoc body
// lines. A comment between the continuation lines of an instruction
// applies to that instruction; any other applies to the instruction below
// it, unless a blank line or the end of the file comes first.
func (f *File) comments() []source.Comment {
	src := f.Source
	var cs []source.Comment
	ins := f.Instructions
	directive := map[int]bool{}
	for _, d := range f.Directives {
		directive[d.Range.Start.Line] = true
	}
	i := 0 // first instruction that may cover the line
	for ln := 1; ln <= src.NumLines(); ln++ {
		if directive[ln] {
			continue
		}
		for i < len(ins) && ins[i].EndLine < ln {
			i++
		}
		target := 0
		if i < len(ins) && ins[i].StartLine <= ln {
			if ins[i].inHeredoc(ln) {
				continue
			}
			target = ins[i].StartLine
		}
		line := src.Line(ln)
		t := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(t, "#") {
			continue
		}
		cs = append(cs, source.Comment{
			Line: ln, Start: len(line) - len(t), Text: strings.TrimRight(t, " \t"), Target: target,
		})
	}
	source.Attach(src, cs, f.InstructionStart)
	return cs
}

// inHeredoc reports whether line is a heredoc body or terminator line of in.
func (in *Instruction) inHeredoc(line int) bool {
	for _, h := range in.Heredocs {
		if line >= h.First && line <= h.Last+1 {
			return true
		}
	}
	return false
}
