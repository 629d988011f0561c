// Command dockguard lints Dockerfiles and Docker Compose files for
// container-security problems. See `dockguard help`.
package main

import (
	"os"
	"runtime/debug"

	"github.com/dockguard/dockguard/internal/cli"
)

// softMemoryLimit is when the garbage collector runs. A lint run keeps a
// small live heap (the findings) and makes much short-lived garbage
// (compose loading), so collecting by heap growth (GOGC) costs about 15% of
// the CPU of a corpus run and still lets peak memory reach twice the live
// heap; collecting only near a fixed limit does neither. The limit is soft:
// a larger live heap (a huge file) is allowed, at some CPU cost. GOGC and
// GOMEMLIMIT override this.
const softMemoryLimit = 80 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" && os.Getenv("GOGC") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
		debug.SetGCPercent(-1)
	}
	os.Exit(cli.Main(os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv))
}
