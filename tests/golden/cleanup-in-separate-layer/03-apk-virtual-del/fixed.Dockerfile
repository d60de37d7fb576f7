FROM alpine:3.20
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
    && pip install --no-cache-dir cryptography \
    && apk del .build-deps
