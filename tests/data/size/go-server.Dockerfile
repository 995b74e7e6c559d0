# Syntax version required for advanced features
# syntax=docker/dockerfile:1.4
FROM golang:1.22-alpine AS builder
WORKDIR /src
# Dependencies first for layer caching
COPY go.mod go.sum ./
RUN go mod download
# Source after dependencies
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build \
-ldflags="-w -s" \
-o /bin/inference-server \
./cmd/server
# Runtime stage: minimal surface area
FROM scratch
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=builder /bin/inference-server /bin/inference-server
ENTRYPOINT ["/bin/inference-server"]
