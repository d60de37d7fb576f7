FROM alpine:3.20
RUN ( mkdir -p /build && cd /build && wget -O src.tgz https://example.com/src.tgz && touch /build/marker ) && rm -rf /build
