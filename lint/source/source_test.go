package source

import "testing"

func TestPositions(t *testing.T) {
	f := NewFile("x", []byte("\xEF\xBB\xBFFROM a\r\nRUN é x\nEXPOSE 22"))
	if got := f.NumLines(); got != 3 {
		t.Fatalf("NumLines = %d", got)
	}
	if got := f.Line(1); got != "FROM a" {
		t.Errorf("Line(1) = %q", got)
	}
	if got := f.Line(2); got != "RUN é x" {
		t.Errorf("Line(2) = %q", got)
	}
	r, ok := f.Find(2, 1, "x")
	if !ok || r.Start != (Pos{2, 7}) || r.End != (Pos{2, 8}) {
		t.Errorf("Find x = %v %v", r, ok)
	}
	r, ok = f.Find(1, 1, "a")
	if !ok || r.Start != (Pos{1, 6}) {
		t.Errorf("Find a after BOM = %v %v", r, ok)
	}
	if got := f.PosOf(f.Offset(Pos{3, 8})); got != (Pos{3, 8}) {
		t.Errorf("round trip = %v", got)
	}
	if got := f.LineSpan(3); got.Start != (Pos{3, 1}) || got.End != (Pos{3, 10}) {
		t.Errorf("LineSpan = %v", got)
	}
}
