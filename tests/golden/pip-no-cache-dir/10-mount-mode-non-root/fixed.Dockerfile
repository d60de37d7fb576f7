# syntax=docker/dockerfile:1.7
FROM python:3.12-slim
USER 1000:1000
RUN pip install --no-cache-dir --user flask
