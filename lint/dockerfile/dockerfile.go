// Package dockerfile turns a Dockerfile into a typed model, using BuildKit's
// own parser, with exact line and column ranges computed from the source.
//
// SKELETON: the API below is fixed; the bodies are filled in by the
// Dockerfile front-end work.
package dockerfile

import (
	"github.com/dockguard/dockguard/lint/source"
)

// ParseOptions tune parsing.
type ParseOptions struct {
	// BuildArgs override ARG defaults (global ARGs before the first FROM and
	// stage ARGs), as `docker build --build-arg` does.
	BuildArgs map[string]string
}

// ParseError is a file that cannot be parsed. Range is where known (line at least).
type ParseError struct {
	Range source.Range
	Msg   string
}

func (e *ParseError) Error() string { return e.Msg }

// File is the model of one Dockerfile.
type File struct {
	Source *source.File
	Stages []*Stage
}

// Stage is one FROM ... block.
type Stage struct {
	Index int
	Name  string
}

// Parse builds the model. A file that cannot be parsed returns a *ParseError.
func Parse(path string, content []byte, opts ParseOptions) (*File, error) {
	return &File{Source: source.NewFile(path, content)}, nil
}

// InstructionStart returns the first line of the instruction that covers
// line, or line itself when no instruction covers it. Inline suppressions
// anchor on it.
func (f *File) InstructionStart(line int) int { return line }
