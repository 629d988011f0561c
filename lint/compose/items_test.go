package compose

import "testing"

func TestLocateItemAndField(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": "services:\n  a:\n    image: alpine:3.20\n    devices:\n      - /dev/ttyUSB0\n      - source: ${DISK}\n        target: /dev/disk0\n" +
			"    volumes:\n      - /srv/a:/a:rshared\n      - type: bind\n        source: /srv/b\n        target: /b\n        bind:\n          propagation: rshared\n",
		".env": "DISK=/dev/sdb\n",
	})
	p := mustLoad(t, dir, "compose.yaml")
	loc := p.LocateListItem("a", "devices", func(it Item) bool { return !it.Scalar && it.Fields["source"] == "/dev/sdb" })
	if got := where(loc); got != "compose.yaml:6:9-6:24" {
		t.Errorf("long-syntax device at %s", got)
	}
	loc = p.LocateListItem("a", "devices", func(it Item) bool { return it.Scalar && it.Value == "/dev/ttyUSB0" })
	if got := where(loc); got != "compose.yaml:5:9-5:21" {
		t.Errorf("short-syntax device at %s", got)
	}
	vols := p.Service("a").Config.Volumes
	if got := where(p.LocateVolumeField("a", vols[1], "bind.propagation")); got != "compose.yaml:14:11-14:31" {
		t.Errorf("long-syntax propagation at %s", got)
	}
	if got := where(p.LocateVolumeField("a", vols[0], "bind.propagation")); got != "compose.yaml:9:9-9:26" {
		t.Errorf("short-syntax mount at %s", got)
	}
	if got := where(p.LocateListItemField("a", "volumes", func(it Item) bool { return it.Fields["bind.propagation"] == "rshared" }, "target")); got != "compose.yaml:12:9-12:19" {
		t.Errorf("field of the matched item at %s", got)
	}
}
