# syntax=docker/dockerfile:1
# Axum web service: the cargo builder compiles the dependencies first against a
# stub main.rs, so that layer is reused until Cargo.toml or Cargo.lock change
# (the crates.io registry lives in a BuildKit cache mount); the distroless
# runtime gets only the release binary and runs as the nonroot user.
FROM rust:1.82-slim-bookworm AS builder
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    mkdir src \
    && echo 'fn main() {}' > src/main.rs \
    && cargo build --release --locked \
    && rm -rf src
COPY src ./src
# touch: the copied main.rs may be older than the stub build's artifacts
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    touch src/main.rs \
    && cargo build --release --locked

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=builder /src/target/release/axum-service /usr/local/bin/axum-service
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/axum-service"]
