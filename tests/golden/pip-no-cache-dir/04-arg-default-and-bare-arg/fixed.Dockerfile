FROM python:3.12-slim AS a
ARG PIP_NO_CACHE_DIR=1
RUN pip install flask

FROM python:3.12-slim
ARG PIP_NO_CACHE_DIR
RUN pip install --no-cache-dir requests
