//go:build unix

package fileread

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		want    string // content, when no error is expected
		wantErr string // exact message; "" = no error
		missing bool   // the error is fs.ErrNotExist in an *os.PathError
	}{
		{name: "regular", path: write("small", "FROM alpine"), want: "FROM alpine"},
		{name: "at limit", path: write("exact", "0123456789abcdef"), want: "0123456789abcdef"},
		{name: "over limit", path: write("big", "0123456789abcdefg"),
			wantErr: "file is 17 bytes, over the 16-byte limit (--max-file-size)"},
		{name: "directory", path: dir, wantErr: "not a regular file"},
		{name: "fifo", path: fifo, wantErr: "not a regular file"},
		{name: "missing", path: filepath.Join(dir, "nope"), missing: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type result struct {
				data []byte
				err  error
			}
			done := make(chan result, 1)
			go func() {
				data, err := Read(tt.path, 16)
				done <- result{data, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Read blocked")
			}
			switch {
			case tt.missing:
				var pe *os.PathError
				if !errors.Is(r.err, fs.ErrNotExist) || !errors.As(r.err, &pe) {
					t.Fatalf("err = %v, want a not-exist *os.PathError", r.err)
				}
			case tt.wantErr != "":
				if r.err == nil || r.err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", r.err, tt.wantErr)
				}
			case r.err != nil:
				t.Fatalf("err = %v", r.err)
			case string(r.data) != tt.want:
				t.Fatalf("data = %q, want %q", r.data, tt.want)
			}
			if r.err != nil && r.data != nil {
				t.Fatalf("data = %q with error %v, want nil", r.data, r.err)
			}
		})
	}
}
