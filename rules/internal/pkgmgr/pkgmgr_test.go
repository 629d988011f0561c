package pkgmgr

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dockguard/dockguard/lint/dockerfile"
)

func TestCommands(t *testing.T) {
	tests := []struct{ run, want string }{
		{"apt-get -qq update && apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confnew curl=7.* ca-certificates",
			"apt-get update [] | apt-get install [curl=7.* ca-certificates]"},
		{"apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2", "apk add [gcc musl-dev=1.2.4-r2]"},
		{"yum -y install --enablerepo epel httpd && yum clean all", "yum install [httpd] | yum clean [all]"},
		{"python3 -m pip install --no-cache-dir -r requirements.txt flask==3.0.0 .", "pip install [flask==3.0.0]"},
		{"pip3 install -e /src 'django>=4'", "pip install [django>=4]"},
		{"npm install -g --prefix /opt pm2@5.3.0", "npm install [pm2@5.3.0]"},
		{"yarn global add typescript", "yarn add [typescript]"},
		{"gem install bundler -v 2.5.3", "gem install [bundler]"},
		{"go install -ldflags=-s golang.org/x/tools/cmd/goimports@v0.20.0", "go install [golang.org/x/tools/cmd/goimports@v0.20.0]"},
		{"sudo DEBIAN_FRONTEND=noninteractive apt-get install -y vim", "apt-get install [vim]"},
		{"dpkg -i x.deb && echo apt-get install", ""},
	}
	for _, tt := range tests {
		f, err := dockerfile.Parse("Dockerfile", []byte("FROM debian:12\nRUN "+tt.run+"\n"), dockerfile.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range Commands(f.Instructions[1].Script()) {
			var pk []string
			for _, p := range c.Packages {
				pk = append(pk, p.Value)
			}
			got = append(got, fmt.Sprintf("%s %s [%s]", c.Manager, c.Sub.Value, strings.Join(pk, " ")))
		}
		if g := strings.Join(got, " | "); g != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.run, g, tt.want)
		}
	}
}
