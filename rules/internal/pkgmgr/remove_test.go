package pkgmgr

import (
	"sort"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

func TestTransient(t *testing.T) {
	tests := []struct{ run, want string }{
		{"apk add --virtual .build-deps gcc make && make && apk del --no-network .build-deps", "gcc make"},
		{"apk add -t .b gcc && apk add --virtual .run libssl3 && apk del .b", "gcc"},
		{"apk add git curl && apk del curl", "curl"},
		{"apk add gcc && apk del .build-deps", ""},
		{"d='wget ca-certificates'; apt-get install -y $d && apt-get purge -y --auto-remove $d", "ca-certificates wget"},
		{"s=$(apt-mark showmanual); apt-get install -y gcc libssl3; apt-mark auto '.*'; apt-mark manual $s libssl3; apt-get purge -y --auto-remove", "gcc"},
		{"apt-get install -y dpkg-dev && apt-mark showmanual | xargs apt-mark auto && apt-get autoremove -y", "dpkg-dev"},
		{"apt-get install -y make && apt-get purge -y --auto-remove", ""},
		{"apt-get install -y curl; s=$(apt-mark showmanual); apt-mark auto '.*'; apt-mark manual $s; apt-get purge -y --auto-remove", ""},
		{"apt-get purge -y --auto-remove; apt-mark auto '.*'; apt-get install -y curl", ""},
		{"dnf install -y gcc git && dnf remove -y gcc", "gcc"},
		{"apk add gcc && apt-get purge gcc", ""},
	}
	for _, tt := range tests {
		f, err := dockerfile.Parse("Dockerfile", []byte("FROM debian:12\nRUN "+tt.run+"\n"), dockerfile.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cmds := Commands(f.Instructions[1].Script())
		gone := Transient(cmds)
		var got []string
		for i, c := range cmds {
			for _, p := range c.InstallPackages() {
				if n := c.PackageName(p); gone(i, n) {
					got = append(got, n)
				}
			}
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.run, g, tt.want)
		}
	}
}
