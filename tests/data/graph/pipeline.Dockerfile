# syntax=docker/dockerfile:1.7
ARG GO_VERSION=1.22
ARG BASE=debian:bookworm-slim

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS builder
WORKDIR /src
RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/server ./cmd/server

FROM builder AS tools
RUN --mount=type=bind,from=nginx:alpine,source=/etc/nginx,target=/ref go build -o /out/tool ./cmd/tool

# Documentation is not part of the runtime image: the default target skips it.
FROM ${BASE} AS docs
COPY --from=builder /src/docs /docs

FROM ${BASE} AS runtime
COPY --from=builder /out/server /usr/local/bin/server
COPY --from=tools /out/tool /usr/local/bin/tool
COPY --from=busybox:1.36 /bin/busybox /bin/busybox
ENTRYPOINT ["/usr/local/bin/server"]
