FROM alpine:3.20
RUN mkdir /a || true \
    && { test -d /b || mkdir /b; } \
    && ! test -d /c && mkdir /c \
    && false | true
