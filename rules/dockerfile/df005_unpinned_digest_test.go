package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

func TestDF005(t *testing.T) { linttest.Run(t, UnpinnedDigest, "testdata/df005") }
