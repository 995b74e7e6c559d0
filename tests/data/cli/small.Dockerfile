# syntax=docker/dockerfile:1
ARG BASE=alpine:3.20
FROM ${BASE} AS build
# a comment between continuation lines is dropped from the logical line
RUN apk add --no-cache \
# curl is for the health check
    curl git
COPY --from=builder --chmod=755 --link src/ /app/
RUN <<EOF
echo "built"
EOF
ONBUILD RUN echo "triggered"
FROBNICATE now
CMD ["/app/run", "--port", "8080"]
