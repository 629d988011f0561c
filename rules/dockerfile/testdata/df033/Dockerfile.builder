FROM golang:1.23 AS build
# want DF033 col=6 sev=warning "^COPY puts \"id_rsa\" \(an SSH private key\) into build stage \"build\", whose layers and build cache keep it; use RUN --mount=type=secret \(or type=ssh\) instead$"
COPY id_rsa /root/.ssh/id_rsa
# want DF033 col=6 sev=warning "\".netrc\" \(a netrc file, which holds login passwords\)"
COPY .netrc /root/.netrc
RUN go build -o /app ./...
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
