// Command dockguard lints Dockerfiles and Docker Compose files for
// container-security problems. See `dockguard help`.
package main

import (
	"os"

	"github.com/dockguard/dockguard/lint/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv))
}
