package imagefacts

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
)

// DistroInfoDir is where Debian's distro-info-data package installs its tables.
const DistroInfoDir = "/usr/share/distro-info"

// ParseDistroInfo reads distro-info-data's debian.csv or ubuntu.csv
// (distro is "debian" or "ubuntu") into release lines. Source and Checked
// are left for the caller, except Source naming the column used.
//
// The end of life is the date the Official Image stops receiving fixes:
// for Debian, the end of LTS (eol-lts) when the release has one, else eol:
// the debian image is rebuilt while Debian LTS publishes updates; for
// Ubuntu, eol: the end of standard support (ESM needs an Ubuntu Pro
// subscription the image does not have). Releases without an end-of-life
// date or a version (sid, experimental, releases not out yet) are skipped.
func ParseDistroInfo(distro string, data []byte) ([]Release, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s.csv: %w", distro, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s.csv: no releases", distro)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"version", "codename", "series", "eol"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("%s.csv: no %s column", distro, h)
		}
	}
	get := func(row []string, h string) string {
		if i, ok := col[h]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var out []Release
	for _, row := range rows[1:] {
		version, series := get(row, "version"), get(row, "series")
		r := Release{Image: distro, Aliases: []string{series}, EOL: get(row, "eol"), Source: distro + ".csv: eol"}
		switch distro {
		case "debian":
			r.Line = version
			r.Product = fmt.Sprintf("Debian %s (%s)", version, series)
			if lts := get(row, "eol-lts"); lts != "" {
				r.EOL, r.Source = lts, distro+".csv: eol-lts"
			}
		case "ubuntu":
			r.Line = strings.TrimSuffix(version, " LTS")
			r.Product = "Ubuntu " + version
		default:
			return nil, fmt.Errorf("unknown distribution %q", distro)
		}
		if r.Line == "" || r.EOL == "" {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}
