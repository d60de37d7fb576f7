# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN --mount=type=cache,target=/var/cache/apk apk update && apk add curl
RUN apk --root /sysroot --initdb add --no-cache busybox
