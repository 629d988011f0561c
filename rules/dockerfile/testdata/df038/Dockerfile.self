FROM golang:1.23 AS Build
RUN go build -o /app .
# want DF038 col=13 "^COPY --from=build names stage \"build\", the stage it is in, which BuildKit rejects as a circular dependency; name the stage that builds the files$"
COPY --from=build /app /usr/local/bin/app
FROM alpine:3.20
# want DF038 line=+1 col=12 "COPY --from=1 names stage \"stage 1\""
COPY \
    --from=1 /etc/os-release /x
# want DF038 col=28 "RUN --mount from=1 names stage \"stage 1\""
RUN --mount=type=bind,from=1,target=/m ls /m
