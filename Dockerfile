# syntax=docker/dockerfile:1
# One image for every acemedia MCP server; PROVIDER picks the one that runs (any folder under packages/).
#
#   docker build --build-arg PROVIDER=veo -t acemedia-veo-mcp .
#   docker run --rm -p 8000:8000 -e ACEDATACLOUD_API_TOKEN=... acemedia-veo-mcp
#   docker run --rm -p 8000:8000 -e PROVIDER=kling -e ACEDATACLOUD_API_TOKEN=... acemedia-veo-mcp   # another server
#
# It serves streamable HTTP at :8000/mcp and GET /health, bound to 0.0.0.0. Host and Origin headers must
# name loopback unless ACEMEDIA_ALLOWED_HOSTS lists the public name; put the container behind a reverse
# proxy that terminates TLS (see docs/RELEASING.md, "Docker").

ARG PYTHON_VERSION=3.12
ARG UV_VERSION=0.13

FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

# -- build: resolve from uv.lock into /opt/venv ---------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS build
COPY --from=uv /uv /uvx /usr/local/bin/
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python \
    UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src

# every server in packages/ is found by its folder: a new provider needs no line here
# third-party dependencies first: this layer survives changes to the code
COPY pyproject.toml uv.lock ./
COPY --parents libs/*/pyproject.toml packages/*/pyproject.toml ./
# the servers and what they need, with the hosted extra (Redis, OAuth); the test helpers (libs/acemedia-testing, pytest) stay out of the image
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace $(for d in packages/*/; do printf -- '--package acemedia-%s ' "$(basename "$d")"; done) \
        --package acemedia-core --extra hosted

# then the core and the servers, installed as regular (non-editable) packages
COPY libs libs
COPY packages packages
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable $(for d in packages/*/; do printf -- '--package acemedia-%s ' "$(basename "$d")"; done) \
        --package acemedia-core --extra hosted

# -- runtime: the venv and nothing else ------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim AS runtime
ARG PROVIDER=sora
LABEL org.opencontainers.image.title="acemedia MCP servers" \
      org.opencontainers.image.description="MCP servers for AI video and music generation through the AceDataCloud API" \
      org.opencontainers.image.source="https://github.com/acemedia-mcp/acemedia" \
      org.opencontainers.image.licenses="MIT"

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv

ENV PROVIDER=${PROVIDER} \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ACEMEDIA_LEDGER=/home/app/.cache/acemedia/tasks.sqlite3

USER 10001:10001
WORKDIR /home/app
EXPOSE 8000

# python, not curl (the slim image has none): healthy once /health answers 200
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]

# exec: the server is PID 1 and gets SIGTERM directly; extra `docker run` arguments are appended
ENTRYPOINT ["/bin/sh", "-c", "exec \"${PROVIDER}-mcp\" --transport http --host 0.0.0.0 --port 8000 \"$@\"", "--"]
