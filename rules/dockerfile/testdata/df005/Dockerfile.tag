# want DF005 col=6 "\"alpine:3.20\" is pinned by tag only"
FROM alpine:3.20 AS base
FROM base
