FROM alpine:3.20
COPY --chmod=755 run.sh /usr/local/bin/
