package imagefacts

import (
	"strings"
	"sync"

	"github.com/dockguard/dockguard/lint/imageref"
)

// TrustChecked is the date the publisher lists below were last reviewed.
const TrustChecked = "2026-12-01"

// OfficialPatterns are the Docker Official Images and their mirrors
// (https://github.com/docker-library/official-images/tree/master/library).
var OfficialPatterns = []string{
	"docker.io/library/*",
	"public.ecr.aws/docker/library/*",
}

// PublisherPatterns are well-known publisher namespaces and vendor
// registries: the second trust tier. Sources: Docker Hub's Verified
// Publisher and Sponsored Open Source badges
// (https://docs.docker.com/docker-hub/repos/manage/trusted-content/) as far
// as they can be listed offline, and the registries projects document as
// their own. A personal namespace is never listed: anyone can create one.
var PublisherPatterns = []string{
	// The vendor registries of dockguard 0.1's default list.
	"gcr.io/distroless/*",
	"mcr.microsoft.com",
	"cgr.dev/chainguard/*",
	"registry.k8s.io",
	// Docker Hub namespaces of vendors and sponsored open-source projects.
	"docker.io/docker/*",        // Docker, Inc.
	"docker.io/dockersamples/*", // Docker, Inc.'s sample applications
	"docker.io/grafana/*",       // Grafana Labs
	"docker.io/prom/*",          // Prometheus
	"docker.io/bitnami/*",       // Bitnami (Broadcom)
	"docker.io/linuxserver/*",   // LinuxServer.io
	"docker.io/gitea/*",         // Gitea
	"docker.io/portainer/*",     // Portainer
	"docker.io/fluent/*",        // Fluentd / Fluent Bit (CNCF)
	"docker.io/redislabs/*",     // Redis Ltd.
	"docker.io/redis/*",         // Redis Ltd.
	"docker.io/hashicorp/*",     // HashiCorp
	"docker.io/elastic/*",       // Elastic
	"docker.io/jenkins/*",       // Jenkins
	"docker.io/nginxinc/*",      // NGINX (F5)
	"docker.io/nginx/*",         // NGINX (F5)
	"docker.io/traefik/*",       // Traefik Labs
	"docker.io/amazon/*",        // Amazon Web Services
	"docker.io/mongodb/*",       // MongoDB Inc.
	"docker.io/confluentinc/*",  // Confluent
	"docker.io/datadog/*",       // Datadog
	"docker.io/envoyproxy/*",    // Envoy (CNCF)
	"docker.io/istio/*",         // Istio
	"docker.io/calico/*",        // Tigera
	"docker.io/rancher/*",       // SUSE Rancher
	"docker.io/minio/*",         // MinIO
	"docker.io/localstack/*",    // LocalStack
	"docker.io/jaegertracing/*", // Jaeger (CNCF)
	"docker.io/otel/*",          // OpenTelemetry (CNCF)
	"docker.io/openzipkin/*",    // Zipkin
	"docker.io/apache/*",        // Apache Software Foundation
	"docker.io/cimg/*",          // CircleCI
	"docker.io/circleci/*",      // CircleCI
	"docker.io/gitlab/*",        // GitLab
	"docker.io/sonarsource/*",   // SonarSource
	"docker.io/vectorized/*",    // Redpanda (former name)
	"docker.io/redpandadata/*",  // Redpanda
	"docker.io/pihole/*",        // Pi-hole (Sponsored OSS)
	"docker.io/vaultwarden/*",   // Vaultwarden (Sponsored OSS)
	"docker.io/jellyfin/*",      // Jellyfin (Sponsored OSS)
	"docker.io/containrrr/*",    // Watchtower (Sponsored OSS)
	"docker.io/mailserver/*",    // docker-mailserver (Sponsored OSS)
	"docker.io/dpage/pgadmin4",  // pgAdmin's documented image
	"docker.io/kong/*",          // Kong
	"docker.io/couchbase/*",     // Couchbase
	"docker.io/neo4j/*",         // Neo4j
	"docker.io/clickhouse/*",    // ClickHouse
	"docker.io/timescale/*",     // Timescale
	"docker.io/cockroachdb/*",   // Cockroach Labs
	"docker.io/influxdb/*",      // InfluxData
	"docker.io/newrelic/*",      // New Relic
	"docker.io/getsentry/*",     // Sentry
	"docker.io/nextcloud/*",     // Nextcloud
	"docker.io/homeassistant/*", // Home Assistant
	"docker.io/keycloak/*",      // Keycloak
	"docker.io/tensorflow/*",    // TensorFlow
	"docker.io/pytorch/*",       // PyTorch
	"docker.io/nvidia/*",        // NVIDIA
	"docker.io/ubuntu/*",        // Canonical (ubuntu/nginx, ubuntu/squid, ...)
	"docker.io/owasp/*",         // OWASP
	"docker.io/zaproxy/*",       // ZAP
	"docker.io/aquasec/*",       // Aqua Security (Trivy)
	"docker.io/anchore/*",       // Anchore
	"docker.io/hadolint/*",      // hadolint
	"docker.io/moby/*",          // Moby project (BuildKit)
	"docker.io/golangci/*",      // golangci-lint
	"docker.io/eclipse/*",       // Eclipse Foundation
	"docker.io/adoptopenjdk/*",  // AdoptOpenJDK (now eclipse-temurin)
	// Vendor and project registries.
	"docker.elastic.co",
	"docker.redpanda.com",
	"quay.io/prometheus/*",
	"quay.io/keycloak/*",
	"quay.io/coreos/*",
	"quay.io/jetstack/*",
	"quay.io/cilium/*",
	"quay.io/argoproj/*",
	"quay.io/minio/*",
	"quay.io/ceph/*",
	"quay.io/podman/*",
	"quay.io/buildah/*",
	"quay.io/skopeo/*",
	"quay.io/strimzi/*",
	"quay.io/fedora/*",
	"quay.io/centos/*",
	"ghcr.io/linuxserver/*",
	"ghcr.io/home-assistant/*",
	"ghcr.io/github/*",
	"ghcr.io/actions/*",
	"ghcr.io/open-telemetry/*",
	"ghcr.io/grafana/*",
	"ghcr.io/fluxcd/*",
	"ghcr.io/goreleaser/*",
	"ghcr.io/aquasecurity/*",
	"ghcr.io/hadolint/*",
	"ghcr.io/containerd/*",
	"ghcr.io/oras-project/*",
	"ghcr.io/sigstore/*",
	"ghcr.io/immich-app/*",
	"ghcr.io/gethomepage/*",
	"lscr.io/linuxserver/*",
	"public.ecr.aws/bitnami/*",
	"public.ecr.aws/lambda/*",
	"public.ecr.aws/amazonlinux/*",
	"public.ecr.aws/aws-cli/*",
	"public.ecr.aws/aws-observability/*",
	"public.ecr.aws/eks-distro/*",
	"public.ecr.aws/karpenter/*",
	"public.ecr.aws/nginx/*",
	"registry.gitlab.com/gitlab-org/*",
	"registry.access.redhat.com",
	"registry.redhat.io",
	"registry.suse.com",
	"container-registry.oracle.com",
	"nvcr.io/nvidia/*",
	"gcr.io/google-containers/*",
	"gcr.io/cadvisor/*",
	"gcr.io/kaniko-project/*",
	"us-docker.pkg.dev/google-samples/*",
	"docker.n8n.io",
	"cr.l5d.io",
	"cr.step.sm",
	"cr.fluentbit.io",
}

var (
	tierOnce                 sync.Once
	officialPol, publishrPol *imageref.Policy
)

func tierPolicies() (*imageref.Policy, *imageref.Policy) {
	tierOnce.Do(func() {
		var err error
		if officialPol, err = imageref.NewPolicy(OfficialPatterns, false); err != nil {
			panic(err) // constants, checked by TestTierPatterns
		}
		if publishrPol, err = imageref.NewPolicy(PublisherPatterns, false); err != nil {
			panic(err)
		}
	})
	return officialPol, publishrPol
}

// TierOf is ref's trust tier.
func TierOf(ref imageref.Ref) Tier {
	off, pub := tierPolicies()
	switch {
	case off.Trusted(ref):
		return TierOfficial
	case pub.Trusted(ref):
		return TierPublisher
	}
	return TierOther
}

// TrustedPatterns is the default trust policy's list: the first two tiers.
func TrustedPatterns() []string {
	return append(append([]string{}, OfficialPatterns...), PublisherPatterns...)
}

// DefaultTrust is the default trust policy: the Official Images and the
// well-known publishers (TrustedPatterns).
func DefaultTrust() *imageref.Policy {
	p, err := imageref.NewPolicy(TrustedPatterns(), false)
	if err != nil {
		panic(err) // constants, checked by TestTierPatterns
	}
	return p
}

// TrustHint is the trusted-registries pattern that would trust r's
// namespace (`docker.io/someone/*`), or its registry host for a private
// registry; DF003 and DC010 name it in their messages.
func TrustHint(r imageref.Ref) string {
	repo := r.Repository
	if i := strings.LastIndexByte(repo, '/'); i >= 0 {
		return r.Registry + "/" + repo[:i] + "/*"
	}
	if r.Registry != "docker.io" {
		return r.Registry // a private registry host: trust the host
	}
	return r.Registry + "/" + repo
}
