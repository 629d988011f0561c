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

func TestPins(t *testing.T) {
	tests := []struct{ run, want string }{
		{"apt-get install -y curl=7.88.1 git ./x.deb ${PKGS} vim=${V}", "curl=7.88.1:pinned git:unpinned ${PKGS}:unknown vim=${V}:pinned"},
		{"apk add --no-cache a~=1.2 'b>1' c d.apk", "a~=1.2:pinned b>1:pinned c:unpinned"},
		{"dnf install -y httpd-2.4.57 python3-pip epel-release @dev x.rpm /usr/bin/make java-11-openjdk", "httpd-2.4.57:pinned python3-pip:unpinned epel-release:unpinned java-11-openjdk:pinned"},
		{"dnf module install -y nodejs:18 php", "nodejs:18:pinned php:unpinned"},
		{"zypper -n in curl=8 'git>=2' vim", "curl=8:pinned git>=2:pinned vim:unpinned"},
		{"pip install flask==3 'django>=4' requests x.whl ./src git+https://h/x pkg@https://h/p.zip", "flask==3:pinned django>=4:pinned requests:unpinned"},
		{"npm install -g pm2@5 @angular/cli @vue/cli@5.0.8 sax@latest user/repo ./dir x.tgz", "pm2@5:pinned @angular/cli:unpinned @vue/cli@5.0.8:pinned sax@latest:unpinned"},
		{"gem install rake:13 bundler", "rake:13:pinned bundler:unpinned"},
		{"go install golang.org/x/tools/cmd/goimports@v0.20.0 example.com/x@latest ./cmd/... example.com/y", "golang.org/x/tools/cmd/goimports@v0.20.0:pinned example.com/x@latest:unpinned"},
	}
	names := map[PinState]string{Pinned: "pinned", Unpinned: "unpinned", Unknown: "unknown"}
	for _, tt := range tests {
		f, err := dockerfile.Parse("Dockerfile", []byte("FROM debian:12\nRUN "+tt.run+"\n"), dockerfile.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range Commands(f.Instructions[1].Script()) {
			for _, p := range c.InstallPackages() {
				if s := c.Pin(p); s != NotPackage {
					got = append(got, p.Value+":"+names[s])
				}
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.run, g, tt.want)
		}
	}
}
