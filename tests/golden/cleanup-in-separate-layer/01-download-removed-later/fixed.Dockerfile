FROM alpine:3.20
RUN wget -O /tmp/tool.tgz https://example.com/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt && rm -rf /tmp/tool.tgz
