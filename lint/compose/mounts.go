package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockguard/dockguard/lint/source"
)

// HostBind is the host side of a service mount that binds a host path.
type HostBind struct {
	// Source is the host path as written (interpolated): for a bind mount,
	// before compose-go made relative and ~ paths absolute, so that rules
	// can tell /etc from ./etc ("" when it cannot be found in the file);
	// for a volume, its device.
	Source string
	// Path is the host path as mounted: absolute for a bind mount; the
	// device of a volume.
	Path string
	// ReadOnly is true when the mount or the volume's options (o: ro) make
	// it read-only.
	ReadOnly bool
	// Volume is the top-level volume that binds the path, "" for a bind
	// mount, and Definition is where the volume sets its device.
	Volume     string
	Definition source.Location
}

// HostBind returns the host path that the service volume v binds: the
// source of a bind mount, or the device of a top-level volume of the local
// driver whose options bind a host directory (driver_opts o: bind and
// device: <path>), which Docker mounts exactly like a bind mount. ok is
// false for any other mount.
func (p *Project) HostBind(service string, v types.ServiceVolumeConfig) (b HostBind, ok bool) {
	switch v.Type {
	case types.VolumeTypeBind:
		src, _ := p.VolumeSource(service, v)
		return HostBind{Source: src, Path: v.Source, ReadOnly: v.ReadOnly}, true
	case types.VolumeTypeVolume:
	default:
		return HostBind{}, false
	}
	if p.Model == nil || v.Source == "" {
		return HostBind{}, false
	}
	vol, found := p.Model.Volumes[v.Source]
	if !found || bool(vol.External) || (vol.Driver != "" && vol.Driver != "local") {
		return HostBind{}, false
	}
	device := vol.DriverOpts["device"]
	bind, ro := false, v.ReadOnly
	for _, o := range strings.Split(vol.DriverOpts["o"], ",") {
		switch strings.TrimSpace(o) {
		case "bind", "rbind":
			bind = true
		case "ro":
			ro = true
		}
	}
	if !bind || device == "" {
		return HostBind{}, false
	}
	def, found := p.loc.lookupPath("volumes." + v.Source + ".driver_opts.device")
	if !found {
		def, _ = p.loc.lookupPath("volumes." + v.Source)
	}
	return HostBind{Source: device, Path: device, ReadOnly: ro, Volume: v.Source, Definition: def}, true
}
