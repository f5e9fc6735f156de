# syntax=docker/dockerfile:1
# Zicht in a container: `zicht serve` by default; the worker runs the same image with
# `docker/start.sh zicht worker` (see docker-compose.yml).

# --- build: the wheel and its dependencies ----------------------------------------------
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# --- runtime: no compilers, no build tools, not root -------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ZICHT_DATA_DIR=/data \
    ZICHT_FIELD_KEY_FILE=/keys/field_keys \
    ZICHT_STATIC_ROOT=/app/static \
    ZICHT_BIND=0.0.0.0:8000 \
    ZICHT_LOG_FORMAT=json

# WeasyPrint's runtime libraries (PDF exports) and fonts; pg_dump/pg_restore 15 for
# `zicht backup` and `zicht restore` (Debian bookworm's client matches PostgreSQL 15).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        libjpeg62-turbo libopenjp2-7 fonts-dejavu-core shared-mime-info \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels /wheels/zicht-*.whl \
    && rm -rf /wheels

RUN groupadd --system --gid 10001 zicht \
    && useradd --system --uid 10001 --gid zicht --home-dir /data --no-create-home zicht \
    && mkdir -p /data /keys /app/static \
    && chown zicht:zicht /data /keys \
    && chmod 0700 /keys
COPY --chmod=0755 docker/start.sh /usr/local/bin/zicht-start
COPY --chmod=0644 docker/healthcheck.py /usr/local/lib/zicht-healthcheck.py

# The static files, collected once into the image (WhiteNoise serves them), outside the
# data volume. The key and data directory used here are thrown away.
RUN ZICHT_DATA_DIR=/tmp/build SECRET_KEY=collectstatic-only \
    zicht collectstatic --noinput --verbosity 0 \
    && rm -rf /tmp/build

USER 10001:10001
WORKDIR /data
VOLUME ["/data", "/keys"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/usr/local/lib/zicht-healthcheck.py"]
ENTRYPOINT ["zicht-start"]
CMD ["zicht", "serve", "--no-collectstatic"]
