package dockerfile

import "github.com/dockguard/dockguard/lint/source"

// SubRange returns the range of the bytes [i, j) of tok's Value, where tok
// is a token of the instruction (a flag, an argument, a key or value of
// ARG and ENV), mapped back to the file across continuation lines and the
// comment lines inside them. It returns tok.Range when the token cannot be
// located in the instruction or [i, j) is not inside it.
func (in *Instruction) SubRange(tok Token, i, j int) source.Range {
	if in == nil || in.file == nil || i < 0 || j < i || j > len(tok.Value) || !tok.Range.IsValid() {
		return tok.Range
	}
	src := in.file.Source
	lg := readLogical(src, in.StartLine, in.EndLine, in.file.Escape)
	k := lg.index(src.Offset(tok.Range.Start))
	if k < 0 || k+len(tok.Value) > len(lg.text) || string(lg.text[k:k+len(tok.Value)]) != tok.Value {
		return tok.Range
	}
	return lg.rangeOf(src, span{k + i, k + j})
}

// TokenAt returns the token of the instruction that covers r (a range
// inside the instruction's joined lines, such as a Flag's), with its text
// as BuildKit reads it: continuation lines joined. ok is false when r is
// not inside them.
func (in *Instruction) TokenAt(r source.Range) (tok Token, ok bool) {
	if in == nil || in.file == nil || !r.IsValid() {
		return Token{}, false
	}
	src := in.file.Source
	lg := readLogical(src, in.StartLine, in.EndLine, in.file.Escape)
	s := lg.index(src.Offset(r.Start))
	endOff := src.Offset(r.End)
	if s < 0 || endOff <= src.Offset(r.Start) {
		return Token{}, false
	}
	e := lg.index(endOff - 1)
	if e < s {
		return Token{}, false
	}
	return Token{Value: string(lg.text[s : e+1]), Range: r}, true
}

// index maps a file offset to a byte index of the logical text, or -1.
func (lg *logical) index(off int) int {
	for n, sg := range lg.segs {
		end := len(lg.text)
		if n+1 < len(lg.segs) {
			end = lg.segs[n+1].at
		}
		if off >= sg.off && off-sg.off < end-sg.at {
			return sg.at + off - sg.off
		}
	}
	return -1
}
