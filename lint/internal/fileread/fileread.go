// Package fileread reads the files dockguard lints: regular files only, and
// no more than a byte limit, so that a FIFO, a device or a huge file can
// neither block a run nor exhaust memory.
package fileread

import (
	"fmt"
	"io"
	"os"
)

// Read reads the regular file at path, of at most max bytes. A file that is
// not regular, or larger than max, is an error (the message names
// --max-file-size). When the file grows past max while being read, the
// bytes read so far are returned with the error.
func Read(path string, max int64) ([]byte, error) {
	// Stat first: opening a FIFO (or a device) would block or never end.
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Again on the open file: the path may have been replaced since.
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if st.Size() > max {
		return nil, fmt.Errorf("file is %d bytes, over the %d-byte limit (--max-file-size)", st.Size(), max)
	}
	// The size may change after Stat: read one byte more than allowed to tell.
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		err = fmt.Errorf("file is over the %d-byte limit (--max-file-size)", max)
	}
	return data, err
}
