# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
ENV XDG_CACHE_HOME=/cache
RUN --mount=type=cache,target=/cache/pip python -m pip install requests
