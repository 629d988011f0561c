package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

func TestDF004(t *testing.T) { linttest.Run(t, MutableBaseTag, "testdata/df004") }
