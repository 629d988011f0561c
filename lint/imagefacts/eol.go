package imagefacts

import (
	"strings"
	"sync"
	"time"

	"github.com/dockguard/dockguard/lint/imageref"
)

//go:generate go run gen_distro.go

// Release is one release line of an image and the date its support ends.
type Release struct {
	Image   string   // the Official Image: "node", "ubuntu"
	Line    string   // the release line as tags write it: "14", "16.04", "3.7"
	Aliases []string // other tag words for the line: "fermium", "xenial"
	Product string   // how the message names it: "Node.js 14", "Ubuntu 16.04 LTS"
	// EOL is the last day of support (YYYY-MM-DD): security fixes end
	// after it, and so do rebuilt images.
	EOL string
	// Source is where EOL comes from; Checked is the date it was checked.
	Source, Checked string
}

// Ended reports whether the release line is past its end of life on day
// (compared as dates, in UTC).
func (r Release) Ended(day time.Time) bool {
	return r.EOL != "" && day.UTC().Format(time.DateOnly) > r.EOL
}

// releasesOf indexes the tables by image.
func releasesOf(image string) []Release {
	switch image {
	case "debian":
		return debianReleases
	case "ubuntu":
		return ubuntuReleases
	}
	return releasesByImage()[image]
}

// releasesByImage indexes the hand-kept table by image, once.
var releasesByImage = sync.OnceValue(func() map[string][]Release {
	out := map[string][]Release{}
	for _, r := range releases {
		out[r.Image] = append(out[r.Image], r)
	}
	return out
})

// officialName is the Official Image ref names ("node" for node:14,
// docker.io/library/node and public.ecr.aws/docker/library/node), or "".
func officialName(ref imageref.Ref) string {
	switch {
	case ref.IsOfficial():
		return strings.TrimPrefix(ref.Repository, "library/")
	case ref.Registry == "public.ecr.aws" && strings.HasPrefix(ref.Repository, "docker/library/"):
		return strings.TrimPrefix(ref.Repository, "docker/library/")
	}
	return ""
}

// EndOfLife returns the release lines ref's tag names, in the order to
// judge them: the image's own line ("python:3.7-slim-buster": Python 3.7),
// then the operating system its tag names (Debian 10 "buster"). Only
// Official Images are judged, and only tags that name a line: `latest`,
// `lts`, `3` (when more than one line starts with 3) name none.
func EndOfLife(ref imageref.Ref) []Release {
	name := officialName(ref)
	tag := ref.Tag
	if tag == "" && ref.Digest == "" {
		tag = "latest" // only a frozen image's latest names a line (centos)
	}
	if name == "" || tag == "" {
		return nil
	}
	parts := strings.Split(strings.ToLower(tag), "-")
	var out []Release
	if r, ok := lineOf(releasesOf(name), parts[0]); ok {
		out = append(out, r)
	}
	if name == "debian" || name == "ubuntu" || name == "alpine" {
		return out
	}
	for _, p := range parts[1:] {
		if r, ok := lineOf(debianReleases, p); ok && p == r.Aliases[0] {
			out = append(out, r) // a codename: "buster", not "10"
		} else if r, ok := lineOf(ubuntuReleases, p); ok && len(r.Aliases) > 0 && p == r.Aliases[0] {
			out = append(out, r)
		} else if v, ok := strings.CutPrefix(p, "alpine"); ok && v != "" {
			if r, ok := lineOf(releasesOf("alpine"), v); ok {
				out = append(out, r)
			}
		}
	}
	return out
}

// lineOf finds the release whose line or alias v names: "3.7", "3.7.4"
// and "3.7.4" all name line 3.7; "8u292" and "11.0.20_8" name Java 8 and
// 11; a shorter version ("3") names a line only as an alias.
func lineOf(rs []Release, v string) (Release, bool) {
	if v == "" {
		return Release{}, false
	}
	best, found := Release{}, false
	for _, r := range rs {
		for _, a := range r.Aliases {
			if v == a {
				return r, true
			}
		}
		if v == r.Line || strings.HasPrefix(v, r.Line+".") || strings.HasPrefix(v, r.Line+"_") ||
			(strings.HasPrefix(v, r.Line+"u") && r.Image == "openjdk") {
			if !found || len(r.Line) > len(best.Line) {
				best, found = r, true
			}
		}
	}
	return best, found
}

// Supported returns the oldest line of image still supported on day, for
// messages ("move to node:22 or later"); false when the table has none.
func Supported(image string, day time.Time) (Release, bool) {
	d := day.UTC().Format(time.DateOnly)
	var best Release
	found := false
	for _, r := range releasesOf(image) {
		if r.EOL == "" || r.EOL < d {
			continue
		}
		if !found || r.EOL < best.EOL {
			best, found = r, true
		}
	}
	return best, found
}

const (
	eolChecked = "2026-12-01"

	srcNode     = "https://github.com/nodejs/Release#end-of-life-releases"
	srcPython   = "https://devguide.python.org/versions/"
	srcGo       = "https://go.dev/doc/devel/release (each release is supported until two newer major releases)"
	srcAlpine   = "https://alpinelinux.org/releases/"
	srcTemurin  = "https://adoptium.net/support/"
	srcOpenJDK  = "https://hub.docker.com/_/openjdk (deprecated: only early-access builds are updated after July 2022)"
	srcPHP      = "https://www.php.net/supported-versions.php, https://www.php.net/eol.php"
	srcRuby     = "https://www.ruby-lang.org/en/downloads/branches/"
	srcNginx    = "https://nginx.org/en/download.html (only the newest stable and mainline lines get fixes; dates of the next stable release)"
	srcPostgres = "https://www.postgresql.org/support/versioning/"
	srcMySQL    = "https://www.oracle.com/us/support/library/lifetime-support-technology-069183.pdf, https://endoflife.date/mysql"
	srcRedis    = "https://redis.io/docs/latest/operate/oss_and_stack/install/install-stack/ release policy (latest and two previous minor lines), https://endoflife.date/redis"
	srcCentOS   = "https://www.centos.org/centos-linux-eol/"
)

func rel(image, line, product, eol, src string, aliases ...string) Release {
	return Release{Image: image, Line: line, Aliases: aliases, Product: product, EOL: eol, Source: src, Checked: eolChecked}
}

// releases are the hand-kept tables (Debian's and Ubuntu's are generated
// from distro-info-data: eol_distro.go).
var releases = []Release{
	rel("node", "4", "Node.js 4", "2018-04-30", srcNode, "argon"),
	rel("node", "5", "Node.js 5", "2016-06-30", srcNode),
	rel("node", "6", "Node.js 6", "2019-04-30", srcNode, "boron"),
	rel("node", "7", "Node.js 7", "2017-06-30", srcNode),
	rel("node", "8", "Node.js 8", "2019-12-31", srcNode, "carbon"),
	rel("node", "9", "Node.js 9", "2018-06-30", srcNode),
	rel("node", "10", "Node.js 10", "2021-04-30", srcNode, "dubnium"),
	rel("node", "11", "Node.js 11", "2019-06-01", srcNode),
	rel("node", "12", "Node.js 12", "2022-04-30", srcNode, "erbium"),
	rel("node", "13", "Node.js 13", "2020-06-01", srcNode),
	rel("node", "14", "Node.js 14", "2023-04-30", srcNode, "fermium"),
	rel("node", "15", "Node.js 15", "2021-06-01", srcNode),
	rel("node", "16", "Node.js 16", "2023-09-11", srcNode, "gallium"),
	rel("node", "17", "Node.js 17", "2022-06-01", srcNode),
	rel("node", "18", "Node.js 18", "2025-04-30", srcNode, "hydrogen"),
	rel("node", "19", "Node.js 19", "2023-06-01", srcNode),
	rel("node", "20", "Node.js 20", "2026-04-30", srcNode, "iron"),
	rel("node", "21", "Node.js 21", "2024-06-01", srcNode),
	rel("node", "22", "Node.js 22", "2027-04-30", srcNode, "jod"),
	rel("node", "23", "Node.js 23", "2025-06-01", srcNode),
	rel("node", "24", "Node.js 24", "2028-04-30", srcNode, "krypton"),

	rel("python", "2.7", "Python 2.7", "2020-01-01", srcPython, "2"),
	rel("python", "3.3", "Python 3.3", "2017-09-29", srcPython),
	rel("python", "3.4", "Python 3.4", "2019-03-18", srcPython),
	rel("python", "3.5", "Python 3.5", "2020-09-30", srcPython), // devguide's end-of-life table
	rel("python", "3.6", "Python 3.6", "2021-12-23", srcPython),
	rel("python", "3.7", "Python 3.7", "2023-06-27", srcPython),
	rel("python", "3.8", "Python 3.8", "2024-10-07", srcPython),
	rel("python", "3.9", "Python 3.9", "2025-10-31", srcPython),
	rel("python", "3.10", "Python 3.10", "2026-10-31", srcPython),
	rel("python", "3.11", "Python 3.11", "2027-10-31", srcPython),
	rel("python", "3.12", "Python 3.12", "2028-10-31", srcPython),
	rel("python", "3.13", "Python 3.13", "2029-10-31", srcPython),

	rel("golang", "1.9", "Go 1.9", "2018-08-24", srcGo),
	rel("golang", "1.10", "Go 1.10", "2019-02-25", srcGo),
	rel("golang", "1.11", "Go 1.11", "2019-09-03", srcGo),
	rel("golang", "1.12", "Go 1.12", "2020-02-25", srcGo),
	rel("golang", "1.13", "Go 1.13", "2020-08-11", srcGo),
	rel("golang", "1.14", "Go 1.14", "2021-02-16", srcGo),
	rel("golang", "1.15", "Go 1.15", "2021-08-16", srcGo),
	rel("golang", "1.16", "Go 1.16", "2022-03-15", srcGo),
	rel("golang", "1.17", "Go 1.17", "2022-08-02", srcGo),
	rel("golang", "1.18", "Go 1.18", "2023-02-01", srcGo),
	rel("golang", "1.19", "Go 1.19", "2023-08-08", srcGo),
	rel("golang", "1.20", "Go 1.20", "2024-02-06", srcGo),
	rel("golang", "1.21", "Go 1.21", "2024-08-13", srcGo),
	rel("golang", "1.22", "Go 1.22", "2025-02-11", srcGo),
	rel("golang", "1.23", "Go 1.23", "2025-08-12", srcGo),

	rel("alpine", "3.4", "Alpine Linux 3.4", "2018-05-01", srcAlpine),
	rel("alpine", "3.5", "Alpine Linux 3.5", "2018-11-01", srcAlpine),
	rel("alpine", "3.6", "Alpine Linux 3.6", "2019-05-01", srcAlpine),
	rel("alpine", "3.7", "Alpine Linux 3.7", "2019-11-01", srcAlpine),
	rel("alpine", "3.8", "Alpine Linux 3.8", "2020-05-01", srcAlpine),
	rel("alpine", "3.9", "Alpine Linux 3.9", "2020-11-01", srcAlpine),
	rel("alpine", "3.10", "Alpine Linux 3.10", "2021-05-01", srcAlpine),
	rel("alpine", "3.11", "Alpine Linux 3.11", "2021-11-01", srcAlpine),
	rel("alpine", "3.12", "Alpine Linux 3.12", "2022-05-01", srcAlpine),
	rel("alpine", "3.13", "Alpine Linux 3.13", "2022-11-01", srcAlpine),
	rel("alpine", "3.14", "Alpine Linux 3.14", "2023-05-01", srcAlpine),
	rel("alpine", "3.15", "Alpine Linux 3.15", "2023-11-01", srcAlpine),
	rel("alpine", "3.16", "Alpine Linux 3.16", "2024-05-23", srcAlpine),
	rel("alpine", "3.17", "Alpine Linux 3.17", "2024-11-22", srcAlpine),
	rel("alpine", "3.18", "Alpine Linux 3.18", "2025-05-09", srcAlpine),
	rel("alpine", "3.19", "Alpine Linux 3.19", "2025-11-01", srcAlpine),
	rel("alpine", "3.20", "Alpine Linux 3.20", "2026-04-01", srcAlpine),
	rel("alpine", "3.21", "Alpine Linux 3.21", "2026-11-01", srcAlpine),
	rel("alpine", "3.22", "Alpine Linux 3.22", "2027-05-01", srcAlpine),

	rel("eclipse-temurin", "16", "Eclipse Temurin 16", "2021-09-30", srcTemurin),
	rel("eclipse-temurin", "18", "Eclipse Temurin 18", "2022-09-30", srcTemurin),
	rel("eclipse-temurin", "19", "Eclipse Temurin 19", "2023-03-31", srcTemurin),
	rel("eclipse-temurin", "20", "Eclipse Temurin 20", "2023-09-30", srcTemurin),
	rel("eclipse-temurin", "22", "Eclipse Temurin 22", "2024-09-30", srcTemurin),
	rel("eclipse-temurin", "23", "Eclipse Temurin 23", "2025-03-31", srcTemurin),
	rel("eclipse-temurin", "24", "Eclipse Temurin 24", "2025-09-30", srcTemurin),

	rel("openjdk", "6", "the openjdk image's Java 6", "2022-07-31", srcOpenJDK),
	rel("openjdk", "7", "the openjdk image's Java 7", "2022-07-31", srcOpenJDK),
	rel("openjdk", "8", "the openjdk image's Java 8", "2022-07-31", srcOpenJDK),
	rel("openjdk", "9", "the openjdk image's Java 9", "2022-07-31", srcOpenJDK),
	rel("openjdk", "10", "the openjdk image's Java 10", "2022-07-31", srcOpenJDK),
	rel("openjdk", "11", "the openjdk image's Java 11", "2022-07-31", srcOpenJDK),
	rel("openjdk", "12", "the openjdk image's Java 12", "2022-07-31", srcOpenJDK),
	rel("openjdk", "13", "the openjdk image's Java 13", "2022-07-31", srcOpenJDK),
	rel("openjdk", "14", "the openjdk image's Java 14", "2022-07-31", srcOpenJDK),
	rel("openjdk", "15", "the openjdk image's Java 15", "2022-07-31", srcOpenJDK),
	rel("openjdk", "16", "the openjdk image's Java 16", "2022-07-31", srcOpenJDK),
	rel("openjdk", "17", "the openjdk image's Java 17", "2022-07-31", srcOpenJDK),
	rel("openjdk", "18", "the openjdk image's Java 18", "2022-07-31", srcOpenJDK),

	rel("php", "5.6", "PHP 5.6", "2018-12-31", srcPHP, "5"),
	rel("php", "7.0", "PHP 7.0", "2019-01-10", srcPHP),
	rel("php", "7.1", "PHP 7.1", "2019-12-01", srcPHP),
	rel("php", "7.2", "PHP 7.2", "2020-11-30", srcPHP),
	rel("php", "7.3", "PHP 7.3", "2021-12-06", srcPHP),
	rel("php", "7.4", "PHP 7.4", "2022-11-28", srcPHP, "7"),
	rel("php", "8.0", "PHP 8.0", "2023-11-26", srcPHP),
	rel("php", "8.1", "PHP 8.1", "2025-12-31", srcPHP),
	rel("php", "8.2", "PHP 8.2", "2026-12-31", srcPHP),
	rel("php", "8.3", "PHP 8.3", "2027-12-31", srcPHP),

	rel("ruby", "2.3", "Ruby 2.3", "2019-03-31", srcRuby),
	rel("ruby", "2.4", "Ruby 2.4", "2020-03-31", srcRuby),
	rel("ruby", "2.5", "Ruby 2.5", "2021-03-31", srcRuby),
	rel("ruby", "2.6", "Ruby 2.6", "2022-04-12", srcRuby),
	rel("ruby", "2.7", "Ruby 2.7", "2023-03-31", srcRuby, "2"),
	rel("ruby", "3.0", "Ruby 3.0", "2024-04-23", srcRuby),
	rel("ruby", "3.1", "Ruby 3.1", "2025-03-26", srcRuby),
	rel("ruby", "3.2", "Ruby 3.2", "2026-03-31", srcRuby),

	rel("nginx", "1.14", "nginx 1.14", "2019-04-23", srcNginx),
	rel("nginx", "1.15", "nginx 1.15", "2019-04-23", srcNginx),
	rel("nginx", "1.16", "nginx 1.16", "2020-04-21", srcNginx),
	rel("nginx", "1.17", "nginx 1.17", "2020-04-21", srcNginx),
	rel("nginx", "1.18", "nginx 1.18", "2021-04-20", srcNginx), // nginx 1.20.0 (2021-05-25 is 1.21.0)
	rel("nginx", "1.19", "nginx 1.19", "2021-04-20", srcNginx),
	rel("nginx", "1.20", "nginx 1.20", "2022-05-24", srcNginx),
	rel("nginx", "1.21", "nginx 1.21", "2022-05-24", srcNginx),
	rel("nginx", "1.22", "nginx 1.22", "2023-04-11", srcNginx),
	rel("nginx", "1.23", "nginx 1.23", "2023-04-11", srcNginx),
	rel("nginx", "1.24", "nginx 1.24", "2024-04-23", srcNginx),
	rel("nginx", "1.25", "nginx 1.25", "2024-04-23", srcNginx),
	rel("nginx", "1.26", "nginx 1.26", "2025-04-23", srcNginx),
	rel("nginx", "1.27", "nginx 1.27", "2025-04-23", srcNginx),

	rel("postgres", "9.3", "PostgreSQL 9.3", "2018-11-08", srcPostgres),
	rel("postgres", "9.4", "PostgreSQL 9.4", "2020-02-13", srcPostgres),
	rel("postgres", "9.5", "PostgreSQL 9.5", "2021-02-11", srcPostgres),
	rel("postgres", "9.6", "PostgreSQL 9.6", "2021-11-11", srcPostgres, "9"),
	rel("postgres", "10", "PostgreSQL 10", "2022-11-10", srcPostgres),
	rel("postgres", "11", "PostgreSQL 11", "2023-11-09", srcPostgres),
	rel("postgres", "12", "PostgreSQL 12", "2024-11-21", srcPostgres),
	rel("postgres", "13", "PostgreSQL 13", "2025-11-13", srcPostgres),
	rel("postgres", "14", "PostgreSQL 14", "2026-11-12", srcPostgres),
	rel("postgres", "15", "PostgreSQL 15", "2027-11-11", srcPostgres),
	rel("postgres", "16", "PostgreSQL 16", "2028-11-09", srcPostgres),
	rel("postgres", "17", "PostgreSQL 17", "2029-11-08", srcPostgres),

	rel("mysql", "5.5", "MySQL 5.5", "2018-12-31", srcMySQL),
	rel("mysql", "5.6", "MySQL 5.6", "2021-02-28", srcMySQL),
	rel("mysql", "5.7", "MySQL 5.7", "2023-10-31", srcMySQL, "5"),
	rel("mysql", "8.0", "MySQL 8.0", "2026-04-30", srcMySQL),

	rel("redis", "3.2", "Redis 3.2", "2020-04-30", srcRedis, "3"),
	rel("redis", "4.0", "Redis 4.0", "2021-02-22", srcRedis, "4"),
	rel("redis", "5.0", "Redis 5.0", "2022-04-27", srcRedis, "5"),
	rel("redis", "6.0", "Redis 6.0", "2023-08-15", srcRedis),

	rel("centos", "6", "CentOS Linux 6", "2020-11-30", srcCentOS, "centos6"),
	rel("centos", "7", "CentOS Linux 7", "2024-06-30", srcCentOS, "centos7"),
	rel("centos", "8", "CentOS Linux 8", "2021-12-31", srcCentOS, "centos8", "latest"),
}
