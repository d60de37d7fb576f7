FROM alpine:3.20
RUN set -eux; \
    addgroup -S app; \
    apk add --no-cache --virtual .deps \
        gcc musl-dev; \
    apk add --no-cache tini
