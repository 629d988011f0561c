package dockerfile

import (
	"testing"

	"github.com/dockguard/dockguard/lint/linttest"
)

func TestDF007(t *testing.T) { linttest.Run(t, SecretInArgEnv, "testdata/df007") }
