package action

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// outputName is what we accept as an output (or environment) name: the
// runner's own names are identifiers with hyphens.
var outputName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// errUnsafeValue is returned for a value that contains its delimiter.
var errUnsafeValue = errors.New("value contains the delimiter")

// fileCommandWriter appends name/value pairs to a runner file-command file
// (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE) in heredoc form, with a fresh
// random delimiter per value, as actions/toolkit does. It refuses names
// that are not identifiers and values containing their delimiter, so no
// value, whatever its content (newlines, "name=value" lines, delimiter-like
// lines), can end early and add another entry.
//
// This replaces go-githubactions' SetOutput, whose delimiter is a constant
// that file content can contain.
type fileCommandWriter struct {
	path string
	// random fills b with random bytes (crypto/rand; replaceable in tests).
	random func(b []byte) (int, error)
}

func newFileCommandWriter(path string) *fileCommandWriter {
	return &fileCommandWriter{path: path, random: rand.Read}
}

// encode returns the entry for name=value.
func (w *fileCommandWriter) encode(name, value string) (string, error) {
	if !outputName.MatchString(name) {
		return "", fmt.Errorf("invalid output name %q", name)
	}
	var b [18]byte
	if _, err := w.random(b[:]); err != nil {
		return "", fmt.Errorf("no randomness for the output delimiter: %w", err)
	}
	delim := "ghadelimiter_" + hex.EncodeToString(b[:])
	if strings.Contains(value, delim) {
		return "", fmt.Errorf("output %s: %w", name, errUnsafeValue)
	}
	return name + "<<" + delim + "\n" + value + "\n" + delim + "\n", nil
}

// Set appends one entry. Entries are written whole, in one write each.
func (w *fileCommandWriter) Set(name, value string) error {
	entry, err := w.encode(name, value)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(w.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(entry); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
