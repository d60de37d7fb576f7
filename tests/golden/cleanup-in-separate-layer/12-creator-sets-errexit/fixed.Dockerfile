FROM alpine:3.20
RUN set -e; wget -O /tmp/a.tgz https://example.com/a.tgz; tar -xzf /tmp/a.tgz -C /opt
RUN rm -f /tmp/a.tgz
