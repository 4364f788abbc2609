# The bot, with only its runtime dependencies, as a non-root user.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    BRIEFINGS_DIR=/app/briefings \
    DATABASE_URL=sqlite:////data/briefbot.db \
    BRIEFBOT_HTTP_LISTEN=0.0.0.0:8080
COPY --from=build /install /usr/local
RUN useradd --create-home --uid 10001 briefbot && mkdir -p /data /app \
    && chown briefbot:briefbot /data
WORKDIR /app
COPY briefings ./briefings
USER briefbot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)" || exit 1
CMD ["briefbot", "run"]
