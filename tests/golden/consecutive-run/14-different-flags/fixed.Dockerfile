# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN --mount=type=cache,target=/var/cache/apk apk add curl \
    && apk add git
RUN --network=none touch /offline
RUN touch /plain
RUN --mount=type=secret,id=tok cat /run/secrets/tok > /dev/null
