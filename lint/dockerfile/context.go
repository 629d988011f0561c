package dockerfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dockguard/dockguard/lint/dockerignore"
	"github.com/dockguard/dockguard/lint/internal/fileread"
)

// BuildContext is what the linter knows of the build context of a
// Dockerfile read from disk. The context is taken to be the Dockerfile's
// directory, as for `docker build -f dir/Dockerfile dir` and for a compose
// service whose build.context holds its Dockerfile; a Dockerfile built with
// a context elsewhere (`docker build -f docker/Dockerfile .`, or a compose
// build.context above it) is still judged with its own directory.
type BuildContext struct {
	// Dir is the context directory.
	Dir string
	// Ignore is the ignore file in force: <Dockerfile>.dockerignore beside
	// the Dockerfile when it exists (BuildKit prefers it), else
	// <Dir>/.dockerignore; nil when there is none.
	Ignore *dockerignore.File
	// IgnoreErr is set when the ignore file exists but cannot be read or
	// parsed; Ignore is nil then, and rules stay silent.
	IgnoreErr error
	// HasGit records whether the context directory holds a .git entry
	// (a repository's history, which a broad COPY would put in the image).
	HasGit bool
}

// LoadContext finds the build context of the Dockerfile at path and reads
// its ignore file, of at most max bytes, with the bounded reader the
// linter reads every file with.
func LoadContext(path string, max int64) *BuildContext {
	c := &BuildContext{Dir: filepath.Dir(path)}
	_, err := os.Lstat(filepath.Join(c.Dir, ".git"))
	c.HasGit = err == nil
	for _, p := range []string{path + ".dockerignore", filepath.Join(c.Dir, ".dockerignore")} {
		data, err := fileread.Read(p, max)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			c.IgnoreErr = err
			return c
		}
		c.Ignore, c.IgnoreErr = dockerignore.Parse(p, data)
		return c
	}
	return c
}
