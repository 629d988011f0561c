// Package compose holds the Docker Compose rules (DC...). Each rule is a
// read-only *rule.Rule value in its own file, with its metadata, its check
// and its documentation. Rules read the merged project (overrides, extends,
// include and interpolation applied) and report at the file, line and
// column that supplied the offending value, with the service as subject.
package compose

import (
	"fmt"
	"strings"

	"github.com/dockguard/dockguard/lint/compose"
	"github.com/dockguard/dockguard/lint/imageref"
	"github.com/dockguard/dockguard/lint/rule"
)

// Rules returns the compose rules in ID order.
func Rules() []*rule.Rule {
	return []*rule.Rule{
		LoadError,
		RootUser,
		MissingHealthcheck,
		Privileged,
		DangerousCapability,
		HostNetwork,
		PortAllInterfaces,
		EngineSocket,
		HostNamespace,
		ConfinementDisabled,
		UntrustedImage,
		MutableImageTag,
		SensitiveMount,
		ImageDefaultUser,
		SensitivePortPublished,
		NoSegmentation,
		LoggingDisabled,
		CapDropMissing,
		NoNewPrivileges,
		HealthcheckNotEvident,
		BackendNotInternal,
		SecretInEnvironment,
		SecretInBuildArgs,
		SecretInCommand,
		TrackedEnvFileSecrets,
		TLSVerificationDisabled,
		SensitiveDevice,
		SharedPropagation,
		BuildPrivileges,
		HostSysctl,
		CgroupParent,
		HostGateway,
		DefaultBridge,
		HealthyDependencyNoHealthcheck,
		RestartNoHealthcheck,
		HostPortConflict,
		PortNotExposed,
		ContainerNameScaled,
		WritableRootFS,
		NoMemoryLimit,
		NoCPULimit,
		NoPidsLimit,
		ServiceImageDigest,
		PrivilegedHostPort,
		TmpfsExec,
		RestartUnbounded,
		VersionObsolete,
		ProjectNameMissing,
		TopLevelKeyOrder,
		ServiceOrder,
		ServiceKeyOrder,
		DependsOnOrder,
		PortOrder,
		PortUnquoted,
		VolumeQuoted,
		BuildAndImage,
		DuplicateContainerName,
		InvalidContainerName,
	}
}

// registryImage is the parsed image a service pulls from a registry; ok
// is false for services that build their image or whose image does not
// parse (DC000 reports what compose cannot load).
func registryImage(s *compose.Service) (ref imageref.Ref, ok bool) {
	if s.Config.Build != nil || s.Config.Image == "" {
		return imageref.Ref{}, false
	}
	ref, err := imageref.Parse(s.Config.Image)
	return ref, err == nil
}

// written quotes the value at path as written in the compose file (before
// interpolation, so that no value from the environment is echoed).
func written(proj *compose.Project, svc, path, fallback string) string {
	if s, ok := proj.Written(svc, path); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q", fallback)
}

// normOpt normalises a security_opt entry: lower case, `=` as `:`.
func normOpt(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if k, v, ok := strings.Cut(s, "="); ok && !strings.Contains(k, ":") {
		s = k + ":" + v
	}
	return s
}

// normCap normalises a capability name: upper case, no CAP_ prefix.
func normCap(s string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "CAP_")
}

// boundBy is the related location of a host path bound through a named
// volume (driver_opts o: bind): the volume's device.
func boundBy(b compose.HostBind) []rule.Related {
	if b.Volume == "" {
		return nil
	}
	return []rule.Related{{Path: b.Definition.Path, Range: b.Definition.Range,
		Message: fmt.Sprintf("volume %q binds the host path %s", b.Volume, b.Source)}}
}

// via names the volume that binds a host path, for messages.
func via(b compose.HostBind) string {
	if b.Volume == "" {
		return ""
	}
	return fmt.Sprintf(" through volume %q", b.Volume)
}
