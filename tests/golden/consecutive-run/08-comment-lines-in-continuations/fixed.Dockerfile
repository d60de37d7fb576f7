FROM alpine:3.20
RUN apk add --no-cache \
# the compiler
      gcc \
      musl-dev \
# and then
    && mkdir -p /src \
    # nested comment
    && touch /src/main.c
