# syntax=docker/dockerfile:1
# dockguard's own image: a static binary on distroless, run as a non-root user.
# Base images are pinned by tag (what it is) and digest (exactly which image).

FROM golang:1.26-alpine@sha256:f1ddd9fe14fffc091dd98cb4bfa999f32c5fc77d2f2305ea9f0e2595c5437c14 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/dockguard/dockguard/internal/cli.Version=${VERSION}" \
        -o /out/dockguard ./cmd/dockguard

# dockguard ignore=DF008 -- a one-shot CLI, not a service: there is nothing to health-check
FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639
COPY --from=build /out/dockguard /usr/local/bin/dockguard
COPY LICENSE /usr/share/doc/dockguard/LICENSE
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/dockguard"]
CMD ["lint", "."]
