# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y curl
RUN --mount=type=bind,source=.,target=/var/lib/apt/lists/seed apt-get update && apt-get install -y git
