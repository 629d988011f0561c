package compose

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imagefacts"
	"github.com/dockguard/dockguard/lint/imageresolve"
	"github.com/dockguard/dockguard/lint/linttest"
	"github.com/dockguard/dockguard/lint/rule"
)

// TestImageDefaultUserResolved: with the registry's image configurations,
// DC013 drops images that run as a non-root user and says so for those
// that run as root; images it could not read keep the offline message.
func TestImageDefaultUserResolved(t *testing.T) {
	dir := t.TempDir()
	linttest.WriteTree(t, dir, map[string]string{"compose.yaml": `services:
  grafana:
    image: grafana/grafana:11.2.0
  redis:
    image: "redis:7.4"
  other:
    image: example.com/app:1
  set:
    image: redis:7.4
    user: "999"
`})
	proj, problems := compose.Load(context.Background(), compose.LoadOptions{Files: []string{filepath.Join(dir, "compose.yaml")}, Root: dir})
	if proj == nil {
		t.Fatal(problems)
	}
	images := imageresolve.Results{}
	for ref, u := range map[string]string{"grafana/grafana:11.2.0": "472", "redis:7.4": ""} {
		k, _ := imageresolve.Key(ref)
		images[k] = &imageresolve.Image{Ref: k, Config: &imageresolve.Config{User: u}}
	}
	var got []string
	ImageDefaultUser.Compose(rule.NewPass(ImageDefaultUser, filepath.Join(dir, "compose.yaml"), &rule.Settings{Images: imagefacts.Default().WithResolver(images)}, func(x rule.Finding) {
		got = append(got, x.Range.Start.String()+" "+x.Message)
	}), proj)
	sort.Strings(got)
	want := []string{
		`4:3 service "redis" sets no user:; image "redis:7.4" starts as root and its entrypoint drops to user redis (gosu) before it starts the server; set user: to that user's UID to skip the root start, if the image supports it (as its registry says)`,
		`6:3 service "other" sets no user:, and the default user of image "example.com/app:1" is unknown to dockguard (it may be root); check the image and set user: to a non-root UID if it runs as root`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
