package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

func TestDF001(t *testing.T) { linttest.Run(t, RootUser, "testdata/df001") }
