package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

func TestDF006(t *testing.T) { linttest.Run(t, AdminPortExposed, "testdata/df006") }
