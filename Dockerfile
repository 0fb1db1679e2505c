# syntax=docker/dockerfile:1
# Build: docker build -t cities-api .
# Run:   docker run -p 8000:8000 -v cities-data:/var/lib/cities-api -e PUBLIC_URL=https://your.host cities-api

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin cities-api \
    && strip target/release/cities-api

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /var/lib/cities-api --create-home cities
COPY --from=build /src/target/release/cities-api /usr/local/bin/cities-api
# The dataset is built into the binary; the data folder is copied too, for `load-data`.
COPY --from=build /src/data /usr/share/cities-api/data
USER 10001:10001
WORKDIR /var/lib/cities-api
ENV LISTEN_ADDR=0.0.0.0:8000 \
    DATABASE_URL=sqlite:///var/lib/cities-api/cities-api.sqlite?mode=rwc \
    DATA_DIR=/usr/share/cities-api/data \
    LOG_FORMAT=json
VOLUME ["/var/lib/cities-api"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=6s --start-period=10s --retries=3 \
    CMD ["cities-api", "healthcheck"]
ENTRYPOINT ["cities-api"]
CMD ["serve"]
