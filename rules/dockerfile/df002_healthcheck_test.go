package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

func TestDF002(t *testing.T) { linttest.Run(t, MissingHealthcheck, "testdata/df002") }
