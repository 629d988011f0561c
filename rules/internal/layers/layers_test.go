package layers

import (
	"sort"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

func TestImageStages(t *testing.T) {
	tests := []struct{ src, want string }{
		{"FROM a AS base\nRUN x\nFROM base AS build\nRUN y\nFROM scratch\nCOPY --from=build /bin/app /app\n", "stage 2"},
		{"FROM a AS base\nFROM base AS app\nCOPY --from=tools / /\nFROM a AS tools\n", "app base tools"},
		{"FROM a AS build\nFROM a AS dev\nCOPY --from=build /x /x\nFROM a AS prod\nCOPY --from=build /x /x\n", "dev prod"},
		{"FROM a\nRUN --mount=type=cache,target=/var/cache/apt x\n", "stage 0"},
	}
	for _, tt := range tests {
		f, err := dockerfile.Parse("Dockerfile", []byte(tt.src), dockerfile.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for s := range ImageStages(f) {
			got = append(got, s.DisplayName())
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%q: got %q, want %q", tt.src, g, tt.want)
		}
	}
}

func TestMounted(t *testing.T) {
	f, err := dockerfile.Parse("Dockerfile", []byte("FROM a\nARG D=/var/lib/apt\nRUN --mount=type=cache,target=$D --mount=type=bind,target=/var/cache/apk --mount=type=tmpfs,dst=/root/.cache x\n"), dockerfile.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	in := f.Instructions[2]
	for dir, want := range map[string]bool{"/var/lib/apt/lists": true, "/var/lib/apt": true, "/var/lib": false, "/var/cache/apk": false, "/root/.cache/pip": true} {
		if got := Mounted(in, dir); got != want {
			t.Errorf("Mounted(%s) = %v, want %v", dir, got, want)
		}
	}
}
