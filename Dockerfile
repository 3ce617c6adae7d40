# The VAWG Tracker image: gunicorn for the web, the same image for the worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders PDFs with Pango; fonts for the reports.
# `manage.py backup`/`restore` run pg_dump/pg_restore, which must be at least the major
# version of the server docker-compose.yml runs (postgres:16); Debian bookworm has 15, so
# they come from PostgreSQL's own apt repository (https://www.postgresql.org/download/linux/debian/).
ARG POSTGRESQL_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
       ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl --fail --silent --show-error --location \
       -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
       https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && . /etc/os-release \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
       > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-${POSTGRESQL_MAJOR} \
    && apt-get purge -y curl && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/* \
    && pg_dump --version | grep -q "PostgreSQL) ${POSTGRESQL_MAJOR}\."

RUN useradd --create-home --uid 1000 vawg
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected into the image; nothing secret is needed for that.
RUN DEBUG=1 VAR_DIR=/tmp/build-var STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R vawg:vawg /app/var

USER vawg
ENV STATIC_ROOT=/app/staticfiles \
    VAR_DIR=/app/var
EXPOSE 8000
CMD ["gunicorn", "vawg_tracker.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
