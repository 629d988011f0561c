package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

func TestDF003(t *testing.T) { linttest.Run(t, UntrustedImage, "testdata/df003") }
