FROM alpine:3.20
RUN echo a \
# slimfile ignore=consecutive-run,apk-no-cache
    && apk add --no-cache curl \
    && echo b
