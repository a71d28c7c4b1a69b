# Convoca in a container: `docker build -t convoca .` then, to try it on SQLite,
# `docker run -p 8080:8080 -v convoca-data:/var/lib/convoca convoca`.
# compose.yaml runs it with PostgreSQL and a mail catcher.

# Build stage: the toolchain this project builds with (Cargo.toml's rust-version or newer).
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin convoca

# Runtime: Debian slim with CA certificates (SMTP over TLS) and curl (the health check).
FROM debian:bookworm-slim
# Debian's stable packages take security fixes under the same version names, so the
# versions are not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/convoca --create-home convoca
COPY --from=build /src/target/release/convoca /usr/local/bin/convoca
USER 10001
WORKDIR /var/lib/convoca
# Listen on every interface inside the container; the SQLite file, its key and the outbox
# live in the volume.
ENV CONVOCA_BIND=0.0.0.0:8080 \
    DATABASE_URL=sqlite:///var/lib/convoca/convoca.db?mode=rwc \
    CONVOCA_OUTBOX_DIR=/var/lib/convoca/outbox
VOLUME ["/var/lib/convoca"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/health"]
ENTRYPOINT ["convoca"]
CMD ["serve"]
