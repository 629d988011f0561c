package compose

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/rule"
)

// SensitiveDevice flags host devices that reach the host's memory or disks:
// in `devices`, and in `device_cgroup_rules` that allow whole classes.
var SensitiveDevice = &rule.Rule{
	Meta: rule.Meta{
		ID:         "DC026",
		Name:       "sensitive-host-device",
		Severity:   rule.Error,
		Severities: []rule.Severity{rule.Warning},
		Summary:    "do not pass host memory, disk or loop devices into a container; bind-mount the directory it needs",
		Tags:       []string{"security", "privileged"},
		RuleSet:    rule.Default,
		Since:      "0.2",
		References: rule.Refs{rule.ComposeLint: {"CL-0016"}, rule.CIS: {"5.18"}, rule.CWE: {"CWE-250"}},
		Doc: rule.Doc{
			Why: "A device node passed with `devices:` is opened inside the container with the host kernel's " +
				"driver behind it: what the device reaches, the host's memory or its disks, lies outside " +
				"everything that isolates the container. The rule reports the devices that reach the host itself:\n\n" +
				"- Errors: `/dev` as a whole (every host device); `/dev/mem`, `/dev/kmem` and `/dev/port` (physical " +
				"memory and I/O ports: the kernel asks for `SYS_RAWIO` as well, which DC004 reports, but they have no " +
				"use without it, and the grant is live the day someone adds it); raw disks and partitions " +
				"(`/dev/sd*`, `/dev/hd*`, `/dev/vd*`, `/dev/xvd*`, `/dev/nvme*`, `/dev/mmcblk*`, `/dev/md*`, " +
				"`/dev/dm-*`, `/dev/mapper/*`, `/dev/disk/*`, `/dev/block/*`, `/dev/rbd*`, `/dev/nbd*`, `/dev/zd*`, " +
				"`/dev/bcache*`, `/dev/zfs`): root in the container reads and writes the host's file systems " +
				"below every permission check — `/etc/shadow`, keys, other containers' data — even with " +
				"read-only permissions (`:r`), which still disclose every file.\n" +
				"- Warnings: loop devices (`/dev/loop*`, `/dev/loop-control`: images the host attached, and a way " +
				"to attach new ones) and `/dev/kmsg` (reads the kernel log, kernel addresses included, and writes " +
				"into it).\n\n" +
				"`device_cgroup_rules` are judged the same way: Docker gives containers `MKNOD` by default, so a " +
				"rule that allows a class of devices lets the container create and open any node of it. `a` (every " +
				"device), `b` with any major number (block devices are disks), `c *:*` (every character device, " +
				"`/dev/mem` and the SCSI generic nodes of the disks among them) and `c 1:1`, `c 1:2`, `c 1:4`, " +
				"`c 1:*` (memory devices) are errors; `b 7:*` (loop), `c 1:11` (`/dev/kmsg`) and `c 21:*` (SCSI " +
				"generic, which sends raw commands to disks) are warnings. Rules and mappings that grant only `m` " +
				"(no read, no write) are not reported.\n\n" +
				"Not reported, because they are how containers use hardware on purpose and do not reach host " +
				"memory or files: `/dev/kvm` (virtual machines; KVM is built for unprivileged users), " +
				"`/dev/net/tun`, `/dev/fuse` (mounting needs `SYS_ADMIN`, DC004), GPUs (`/dev/dri`, `/dev/nvidia*`), " +
				"sound, video, serial and USB devices (`c 188:*`, `c 189:*` for Zigbee and Z-Wave sticks), " +
				"optical drives (`/dev/sr*`, `/dev/sg*` named one by one), input devices, and CDI names " +
				"(`nvidia.com/gpu=all`).\n\n" +
				"A privileged service already sees every device (DC003); its `devices:` entries are still " +
				"reported, because they keep the access once `privileged` is removed.\n\n" +
				"Where compose-lint's CL-0016 differs: it leaves out `/dev/mem` and `/dev/port` because they " +
				"also need `SYS_RAWIO`; dockguard reports them, since a device no one can use is one to remove " +
				"and the capability is a one-line change away. It rates `/dev/kmsg` critical, like a raw disk; " +
				"here it is a warning, because it discloses the kernel log but does not hand over the host. " +
				"It does not read `device_cgroup_rules`, so `c *:* rwm` (recommended by some VM images for " +
				"macvtap) passes it.",
			Bad:  "services:\n  backup:\n    image: alpine:3.20\n    devices:\n      - /dev/sda:/dev/sda\n",
			Good: "services:\n  backup:\n    image: alpine:3.20\n    volumes:\n      - /srv/data:/data:ro\n",
			Fix: "Remove the device. A service that needs files from the disk gets the directory as a bind " +
				"mount (read-only when it can be); one that needs to manage disks (partitioning, SMART, RAID) is " +
				"host administration and belongs on the host, or in a dedicated, reviewed privileged service.",
		},
	},
	Compose: func(p *rule.Pass, proj *compose.Project) {
		for _, s := range proj.Services {
			for _, d := range s.Config.Devices {
				checkDevice(p, proj, s, d)
			}
			for _, r := range s.Config.DeviceCgroupRules {
				checkCgroupRule(p, proj, s, r)
			}
		}
	},
}

// deviceClass is what a host device or device class reaches, and what to
// do instead.
type deviceClass struct {
	sev  rule.Severity
	what string
	fix  string
}

const (
	fixDisk = "remove it and bind-mount the directory the service needs; a service that manages disks itself (SMART, partitioning) is host access to review as such"
	fixMem  = "remove it (GPIO libraries use /dev/gpiomem)"
	fixLoop = "remove it; attach images on the host and bind-mount what they contain"
	fixKmsg = "remove it unless the service monitors the kernel (cAdvisor reads OOM events there)"
)

var diskRE = regexp.MustCompile(`^/dev/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme[0-9]|mmcblk[0-9]|md[0-9]|md/|dm-[0-9]|mapper/|disk/|block/|rbd[0-9]|nbd[0-9]|zd[0-9]|bcache[0-9])`)

// hostDevice classifies a host device path.
func hostDevice(p string) (deviceClass, bool) {
	switch {
	case p == "/dev":
		return deviceClass{rule.Error, "every host device, the disks and /dev/mem among them", "pass only the devices the service needs"}, true
	case p == "/dev/mem":
		return deviceClass{rule.Error, "the host's physical memory", fixMem}, true
	case p == "/dev/kmem":
		return deviceClass{rule.Error, "the host kernel's memory", fixMem}, true
	case p == "/dev/port":
		return deviceClass{rule.Error, "the host's I/O ports", fixMem}, true
	case p == "/dev/zfs" || p == "/dev/mapper" || p == "/dev/disk" || p == "/dev/block" || diskRE.MatchString(p):
		return deviceClass{rule.Error, "a raw host disk: it reads and writes the host's files below every permission check", fixDisk}, true
	case p == "/dev/loop-control" || strings.HasPrefix(p, "/dev/loop"):
		return deviceClass{rule.Warning, "host loop devices: disk images the host attached, and a way to attach others", fixLoop}, true
	case p == "/dev/kmsg":
		return deviceClass{rule.Warning, "the host kernel's log, kernel addresses included", fixKmsg}, true
	}
	return deviceClass{}, false
}

// grants reports whether cgroup permissions allow reading or writing.
func grants(perms string) bool {
	return perms == "" || strings.ContainsAny(perms, "rw")
}

func checkDevice(p *rule.Pass, proj *compose.Project, s *compose.Service, d types.DeviceMapping) {
	src := d.Source
	if !strings.HasPrefix(src, "/") || !grants(d.Permissions) {
		return // a CDI name (vendor.com/class=name), or mknod only
	}
	host := path.Clean(src)
	c, ok := hostDevice(host)
	if !ok {
		return
	}
	where := proj.LocateListItem(s.Name, "devices", func(it compose.Item) bool {
		if it.Scalar {
			h, _, _ := strings.Cut(it.Value, ":")
			return path.Clean(h) == host
		}
		return path.Clean(it.Fields["source"]) == host
	})
	ro := ""
	if d.Permissions != "" && !strings.Contains(d.Permissions, "w") {
		ro = " (read-only still discloses it)"
	}
	p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: c.sev, Subject: s.Name,
		Message: fmt.Sprintf("service %q gets the host device %s, %s%s; %s", s.Name, host, c.what, ro, c.fix)})
}

// cgroupRule classifies a device cgroup rule such as `c 1:1 rwm`.
func cgroupRule(r string) (deviceClass, bool) {
	f := strings.Fields(strings.ToLower(r))
	if len(f) == 0 {
		return deviceClass{}, false
	}
	typ, major, minor, perms := f[0], "*", "*", "rwm"
	if len(f) > 1 {
		major, minor, _ = strings.Cut(f[1], ":")
	}
	if len(f) > 2 {
		perms = f[2]
	}
	if !grants(perms) {
		return deviceClass{}, false
	}
	const narrow = "allow only the major and minor numbers of the devices it needs"
	switch typ {
	case "a":
		return deviceClass{rule.Error, "every host device, the disks and /dev/mem among them", narrow}, true
	case "b":
		if major == "7" {
			return deviceClass{rule.Warning, "host loop devices: disk images the host attached", fixLoop}, true
		}
		return deviceClass{rule.Error, "host block devices: the container can create a node for a disk and read and write the host's files below every permission check", "remove it; bind-mount the directory the service needs"}, true
	case "c":
		switch {
		case major == "*":
			return deviceClass{rule.Error, "every host character device, /dev/mem and the disks' SCSI generic nodes among them", narrow}, true
		case major == "1" && (minor == "*" || minor == "1" || minor == "2" || minor == "4"):
			return deviceClass{rule.Error, "the host's memory devices (/dev/mem, /dev/kmem, /dev/port)", "allow only the minor numbers it needs (c 1:3 is /dev/null)"}, true
		case major == "1" && minor == "11":
			return deviceClass{rule.Warning, "the host kernel's log (/dev/kmsg)", fixKmsg}, true
		case major == "21":
			return deviceClass{rule.Warning, "SCSI generic devices, which send raw commands to the host's disks", "pass the one device the service needs (an optical drive's /dev/sgN) with devices:"}, true
		}
	}
	return deviceClass{}, false
}

func checkCgroupRule(p *rule.Pass, proj *compose.Project, s *compose.Service, r string) {
	c, ok := cgroupRule(r)
	if !ok {
		return
	}
	norm := strings.Join(strings.Fields(r), " ")
	where := proj.LocateString(s.Name, "device_cgroup_rules", func(v string) bool {
		return strings.Join(strings.Fields(v), " ") == norm
	})
	p.Report(rule.Diagnostic{Path: where.Path, Range: where.Range, Severity: c.sev, Subject: s.Name,
		Message: fmt.Sprintf("service %q allows the device cgroup rule %q, %s; %s", s.Name, norm, c.what, c.fix)})
}
