package imagefacts

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dockguard/dockguard/lint/imageref"
)

func mustRef(t *testing.T, s string) imageref.Ref {
	t.Helper()
	r, err := imageref.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLookup(t *testing.T) {
	db := Default()
	for _, c := range []struct {
		ref           string
		nonRoot, root bool
		drops         string
		healthcheck   bool
		tier          Tier
		image         string
	}{
		{ref: "grafana/grafana:11.0.0", nonRoot: true, tier: TierPublisher, image: "grafana/grafana"},
		{ref: "prom/prometheus", nonRoot: true, tier: TierPublisher},
		{ref: "quay.io/prometheus/prometheus:v2.53.0", nonRoot: true, tier: TierPublisher},
		{ref: "elasticsearch:7.16.1", nonRoot: true, tier: TierOfficial},
		{ref: "docker.elastic.co/kibana/kibana:8.15.0", nonRoot: true, tier: TierPublisher},
		{ref: "nginxinc/nginx-unprivileged:1.27", nonRoot: true, tier: TierPublisher},
		{ref: "gcr.io/distroless/static-debian12:nonroot", nonRoot: true, tier: TierPublisher},
		{ref: "gcr.io/distroless/static-debian12", tier: TierPublisher},
		{ref: "bitnami/redis:7.2", nonRoot: true, tier: TierPublisher},
		{ref: "dpage/pgadmin4:latest", nonRoot: true, tier: TierPublisher},
		{ref: "mcr.microsoft.com/azure-sql-edge:1.0.4", nonRoot: true, tier: TierPublisher},
		{ref: "mcr.microsoft.com/mssql/server:2017-latest", tier: TierPublisher},
		{ref: "docker.redpanda.com/vectorized/redpanda:v22.2.2", nonRoot: true, tier: TierPublisher},
		{ref: "postgres:16", drops: "gosu", tier: TierOfficial},
		{ref: "docker.io/library/mysql:8.4", drops: "gosu", tier: TierOfficial},
		{ref: "redis:alpine", drops: "gosu", tier: TierOfficial},
		{ref: "gitea/gitea:1.22-rootless", nonRoot: true, tier: TierPublisher},
		{ref: "gitea/gitea:latest", drops: "s6", tier: TierPublisher},
		{ref: "linuxserver/plex", drops: "s6-overlay", tier: TierPublisher},
		{ref: "pihole/pihole:latest", root: true, healthcheck: true, tier: TierPublisher},
		{ref: "alpine:3.20", root: true, tier: TierOfficial},
		{ref: "nginx", root: true, tier: TierOfficial},
		{ref: "itzg/minecraft-server", tier: TierOther},
		{ref: "randomuser/postgres:16", tier: TierOther},
		{ref: "ghcr.io/someone/app:1", tier: TierOther},
		{ref: "alpine/curl", tier: TierOther},
	} {
		f := db.Lookup(mustRef(t, c.ref))
		if f.NonRoot() != c.nonRoot || f.Root() != c.root || f.DropsRoot != c.drops || f.Healthcheck != c.healthcheck || f.Tier != c.tier {
			t.Errorf("%s: got %+v (nonroot %v root %v)", c.ref, f, f.NonRoot(), f.Root())
		}
		if c.image != "" && f.Image != c.image {
			t.Errorf("%s: image %q, want %q", c.ref, f.Image, c.image)
		}
		if f.Image != "" && (f.Source == "" || f.Checked == "") {
			t.Errorf("%s: entry without source or date", c.ref)
		}
	}
}

func TestTableEntries(t *testing.T) {
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	for _, e := range images {
		if len(e.names) == 0 || e.source == "" || !date.MatchString(e.checked) || !e.userKnown {
			t.Errorf("bad entry %+v", e)
		}
	}
	for _, r := range append(append(append([]Release{}, releases...), debianReleases...), ubuntuReleases...) {
		if r.Image == "" || r.Line == "" || r.Product == "" || r.Source == "" || !date.MatchString(r.EOL) || !date.MatchString(r.Checked) {
			t.Errorf("bad release %+v", r)
		}
	}
	if _, err := imageref.NewPolicy(TrustedPatterns(), false); err != nil {
		t.Error(err)
	}
	for _, p := range PublisherPatterns {
		if strings.HasPrefix(p, "docker.io/library") {
			t.Errorf("%s belongs to the official tier", p)
		}
	}
}

func TestOverridesAndResolver(t *testing.T) {
	root, yes, u := "root", true, "1000"
	db := Default().WithOverrides([]Override{
		{Image: "grafana/grafana", User: &root, Where: ".dockguard.yaml:3"},
		{Image: "ghcr.io/myorg/*", User: &u, Healthcheck: &yes, Where: ".dockguard.yaml:5"},
	})
	if f := db.Lookup(mustRef(t, "grafana/grafana:11")); !f.Root() || f.Origin != Config || f.Source != ".dockguard.yaml:3" {
		t.Errorf("override: %+v", f)
	}
	if f := db.Lookup(mustRef(t, "ghcr.io/myorg/app:1")); !f.NonRoot() || !f.Healthcheck || f.Tier != TierOther {
		t.Errorf("namespace override: %+v", f)
	}
	if f := db.Lookup(mustRef(t, "prom/prometheus")); !f.NonRoot() || f.Origin != Builtin {
		t.Errorf("fallback: %+v", f)
	}
	db = Default().WithResolver(fakeResolver{})
	if f := db.Lookup(mustRef(t, "postgres:16")); f.Origin != Registry || f.DropsRoot == "" || !f.Healthcheck {
		t.Errorf("resolver: %+v", f)
	}
	if f := db.Lookup(mustRef(t, "prom/prometheus")); f.Origin != Builtin {
		t.Errorf("resolver miss: %+v", f)
	}
}

type fakeResolver struct{}

func (fakeResolver) Resolve(ref imageref.Ref) (Facts, bool) {
	if ref.FamiliarName() != "postgres" {
		return Facts{}, false
	}
	return Facts{User: "", UserKnown: true, Healthcheck: true, Source: "registry config", Checked: "2026-12-01"}, true
}

func TestEndOfLife(t *testing.T) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		ref   string
		ended []string // products, in order
		live  []string
	}{
		{ref: "ubuntu:16.04", ended: []string{"Ubuntu 16.04 LTS"}},
		{ref: "ubuntu:xenial-20210416", ended: []string{"Ubuntu 16.04 LTS"}},
		{ref: "ubuntu:24.04", live: []string{"Ubuntu 24.04 LTS"}},
		{ref: "debian:buster-slim", ended: []string{"Debian 10 (buster)"}},
		{ref: "debian:10.13", ended: []string{"Debian 10 (buster)"}},
		{ref: "debian:bookworm", live: []string{"Debian 12 (bookworm)"}},
		{ref: "node:14", ended: []string{"Node.js 14"}},
		{ref: "node:14-alpine", ended: []string{"Node.js 14"}},
		{ref: "node:fermium-alpine3.13", ended: []string{"Node.js 14", "Alpine Linux 3.13"}},
		{ref: "node:22-alpine3.20", ended: []string{"Alpine Linux 3.20"}, live: []string{"Node.js 22"}},
		{ref: "python:3.7", ended: []string{"Python 3.7"}},
		{ref: "python:3.7-slim", ended: []string{"Python 3.7"}},
		{ref: "python:3.7.4-slim-buster", ended: []string{"Python 3.7", "Debian 10 (buster)"}},
		{ref: "python:3.12-slim-bookworm", live: []string{"Python 3.12", "Debian 12 (bookworm)"}},
		{ref: "python:2", ended: []string{"Python 2.7"}},
		{ref: "python:3.1", ended: nil},
		{ref: "golang:1.15-alpine", ended: []string{"Go 1.15"}},
		{ref: "eclipse-temurin:11.0.20_8-jre", ended: nil},
		{ref: "openjdk:8u292-jdk", ended: []string{"the openjdk image's Java 8"}},
		{ref: "openjdk:11-jre-slim", ended: []string{"the openjdk image's Java 11"}},
		{ref: "php:7.4-fpm-alpine", ended: []string{"PHP 7.4"}},
		{ref: "ruby:2.7", ended: []string{"Ruby 2.7"}},
		{ref: "nginx:1.19.2-alpine", ended: []string{"nginx 1.19"}},
		{ref: "postgres:9.4", ended: []string{"PostgreSQL 9.4"}},
		{ref: "postgres:12-alpine", ended: []string{"PostgreSQL 12"}},
		{ref: "postgres:16", live: []string{"PostgreSQL 16"}},
		{ref: "mysql:5.7.33", ended: []string{"MySQL 5.7"}},
		{ref: "redis:5.0.7-alpine", ended: []string{"Redis 5.0"}},
		{ref: "redis:6", ended: nil},
		{ref: "centos:7", ended: []string{"CentOS Linux 7"}},
		{ref: "centos", ended: []string{"CentOS Linux 8"}},
		{ref: "alpine:3.12", ended: []string{"Alpine Linux 3.12"}},
		{ref: "alpine:3", ended: nil},
		{ref: "node:lts", ended: nil},
		{ref: "node", ended: nil},
		{ref: "myorg/node:14", ended: nil},
		{ref: "public.ecr.aws/docker/library/node:14", ended: []string{"Node.js 14"}},
		{ref: "node:14@sha256:0000000000000000000000000000000000000000000000000000000000000000", ended: []string{"Node.js 14"}},
	} {
		var ended, live []string
		for _, r := range EndOfLife(mustRef(t, c.ref)) {
			if r.Ended(day) {
				ended = append(ended, r.Product)
			} else {
				live = append(live, r.Product)
			}
		}
		if !reflect.DeepEqual(ended, c.ended) || (c.live != nil && !reflect.DeepEqual(live, c.live)) {
			t.Errorf("%s: ended %q live %q, want %q %q", c.ref, ended, live, c.ended, c.live)
		}
	}
	if r, ok := Supported("node", day); !ok || r.Line != "22" {
		t.Errorf("supported node: %+v", r)
	}
}

// TestDistroInfo checks the generated Debian and Ubuntu tables against the
// installed distro-info-data (apt-get install distro-info-data).
func TestDistroInfo(t *testing.T) {
	for _, c := range []struct {
		name string
		have []Release
	}{{"debian", debianReleases}, {"ubuntu", ubuntuReleases}} {
		data, err := os.ReadFile(filepath.Join(DistroInfoDir, c.name+".csv"))
		if os.IsNotExist(err) {
			t.Skipf("distro-info-data is not installed (%v)", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		want, err := ParseDistroInfo(c.name, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != len(c.have) {
			t.Errorf("%s: %d releases embedded, distro-info-data has %d: run go generate ./lint/imagefacts", c.name, len(c.have), len(want))
			continue
		}
		for i := range want {
			h := c.have[i]
			if h.Line != want[i].Line || h.EOL != want[i].EOL || !reflect.DeepEqual(h.Aliases, want[i].Aliases) || h.Product != want[i].Product {
				t.Errorf("%s: embedded %+v, distro-info-data says %+v: run go generate ./lint/imagefacts", c.name, h, want[i])
			}
		}
	}
}
