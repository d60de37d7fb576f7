FROM alpine:3.20
COPY --chmod=755 entrypoint.sh /usr/local/bin/entrypoint.sh
